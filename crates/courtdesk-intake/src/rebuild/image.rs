//! Images decoded to their pixels and encoded again: a JPEG stays a JPEG,
//! a PNG a PNG, a TIFF a TIFF with all its pages. Only the pixels survive,
//! so EXIF, XMP, ICC and comment segments, text chunks, private tags and
//! anything after the end of the image (an appended archive) are gone, and
//! the EXIF orientation is applied to the pixels instead of being carried.

use std::io::Cursor;

use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::codecs::png::{CompressionType, FilterType, PngDecoder, PngEncoder};
use image::{DynamicImage, ImageDecoder};
use tiff::decoder::{Decoder as TiffDecoder, DecodingResult};
use tiff::encoder::{TiffEncoder, colortype};

use crate::error::IntakeError;
use crate::kind::FileKind;
use crate::limits::IntakeLimits;

/// JPEG quality of a rebuilt photo or scan: high enough that text stays
/// sharp and a second generation loses nothing a reader sees.
const JPEG_QUALITY: u8 = 90;

fn not_rebuildable(kind: FileKind, reason: &'static str) -> IntakeError {
    IntakeError::NotRebuildable { kind, reason }
}

/// The decoder's own limits, on top of the pixel count checked before any
/// decoding: no image may make it allocate more than its largest pixel
/// layout (16-bit RGBA) needs.
fn decoder_limits(limits: &IntakeLimits) -> image::Limits {
    let mut decoder = image::Limits::default();
    decoder.max_alloc = Some(limits.max_image_pixels.saturating_mul(8));
    decoder
}

fn within_pixels(width: u32, height: u32, limits: &IntakeLimits) -> bool {
    u64::from(width) * u64::from(height) <= limits.max_image_pixels
}

/// Decodes `decoder` into pixels with its orientation applied.
fn decode(
    kind: FileKind,
    mut decoder: impl ImageDecoder,
    limits: &IntakeLimits,
) -> Result<DynamicImage, IntakeError> {
    decoder
        .set_limits(decoder_limits(limits))
        .map_err(|_| not_rebuildable(kind, "over the decoder's limits"))?;
    let (width, height) = decoder.dimensions();
    if !within_pixels(width, height, limits) {
        return Err(IntakeError::TooManyPixels {
            width: width.into(),
            height: height.into(),
            limit: limits.max_image_pixels,
        });
    }
    // A damaged EXIF block only loses the rotation, never the picture.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|_| not_rebuildable(kind, "the pixels cannot be decoded"))?;
    image.apply_orientation(orientation);
    Ok(image)
}

pub(crate) fn jpeg(data: &[u8], limits: &IntakeLimits) -> Result<Vec<u8>, IntakeError> {
    const KIND: FileKind = FileKind::Jpeg;
    let decoder = JpegDecoder::new(Cursor::new(data))
        .map_err(|_| not_rebuildable(KIND, "the header cannot be decoded"))?;
    let image = decode(KIND, decoder, limits)?;
    // Baseline JPEG holds grey or colour; anything with alpha or more than
    // 8 bits came from a converted colour space and is written as colour.
    let image = match image {
        DynamicImage::ImageLuma8(_) => image,
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&image)
        .map_err(|_| not_rebuildable(KIND, "the pixels cannot be encoded"))?;
    Ok(out)
}

pub(crate) fn png(data: &[u8], limits: &IntakeLimits) -> Result<Vec<u8>, IntakeError> {
    const KIND: FileKind = FileKind::Png;
    let decoder = PngDecoder::new(Cursor::new(data))
        .map_err(|_| not_rebuildable(KIND, "the header cannot be decoded"))?;
    let image = decode(KIND, decoder, limits)?;
    let mut out = Vec::new();
    image
        .write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Default,
            FilterType::Adaptive,
        ))
        .map_err(|_| not_rebuildable(KIND, "the pixels cannot be encoded"))?;
    Ok(out)
}

/// Every page of a TIFF, decoded and written again with Deflate. Scanners
/// write multi-page TIFFs, so the pages are kept rather than flattened to
/// one PNG. Grey (1, 8 or 16 bits), grey with alpha, RGB and RGBA (8 or
/// 16 bits) are taken, 16 bits written as 8; palette, CMYK, YCbCr and
/// floating-point pages are refused as not rebuildable.
pub(crate) fn tiff(data: &[u8], limits: &IntakeLimits) -> Result<Vec<u8>, IntakeError> {
    const KIND: FileKind = FileKind::Tiff;
    let decode_failed = |_| not_rebuildable(KIND, "a page cannot be decoded");
    let encode_failed = |_| not_rebuildable(KIND, "a page cannot be encoded");
    let mut tiff_limits = tiff::decoder::Limits::default();
    tiff_limits.decoding_buffer_size =
        usize::try_from(limits.max_image_pixels.saturating_mul(8)).unwrap_or(usize::MAX);
    let mut decoder = TiffDecoder::new(Cursor::new(data))
        .map_err(decode_failed)?
        .with_limits(tiff_limits);
    let mut out = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut out)
        .map_err(encode_failed)?
        .with_compression(tiff::encoder::Compression::Deflate(
            tiff::encoder::compression::DeflateLevel::Balanced,
        ));
    let mut pages = 0u32;
    loop {
        pages += 1;
        if pages > limits.max_pages {
            return Err(IntakeError::TooManyPages {
                pages: pages.into(),
                limit: limits.max_pages,
            });
        }
        let (width, height) = decoder.dimensions().map_err(decode_failed)?;
        if !within_pixels(width, height, limits) {
            return Err(IntakeError::TooManyPixels {
                width: width.into(),
                height: height.into(),
                limit: limits.max_image_pixels,
            });
        }
        let color = decoder.colortype().map_err(decode_failed)?;
        let pixels = decoder.read_image().map_err(decode_failed)?;
        let page = Page::from_decoded(color, pixels, width, height)
            .ok_or_else(|| not_rebuildable(KIND, "a page's colour layout is not taken"))?;
        match page {
            Page::Gray(bytes) => encoder.write_image::<colortype::Gray8>(width, height, &bytes),
            Page::GrayAlpha(bytes) => {
                // TIFF encoders have no grey-with-alpha type; spread it to RGBA.
                let rgba: Vec<u8> = bytes
                    .chunks_exact(2)
                    .flat_map(|p| [p[0], p[0], p[0], p[1]])
                    .collect();
                encoder.write_image::<colortype::RGBA8>(width, height, &rgba)
            }
            Page::Rgb(bytes) => encoder.write_image::<colortype::RGB8>(width, height, &bytes),
            Page::Rgba(bytes) => encoder.write_image::<colortype::RGBA8>(width, height, &bytes),
        }
        .map_err(encode_failed)?;
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(decode_failed)?;
    }
    Ok(out.into_inner())
}

/// One TIFF page's pixels at 8 bits a sample.
enum Page {
    Gray(Vec<u8>),
    GrayAlpha(Vec<u8>),
    Rgb(Vec<u8>),
    Rgba(Vec<u8>),
}

impl Page {
    fn from_decoded(
        color: tiff::ColorType,
        pixels: DecodingResult,
        width: u32,
        height: u32,
    ) -> Option<Page> {
        use tiff::ColorType as C;
        let eight = |pixels: DecodingResult| -> Option<Vec<u8>> {
            match pixels {
                DecodingResult::U8(bytes) => Some(bytes),
                DecodingResult::U16(words) => Some(words.iter().map(|w| (w >> 8) as u8).collect()),
                _ => None,
            }
        };
        Some(match color {
            C::Gray(1) => {
                let DecodingResult::U8(packed) = pixels else {
                    return None;
                };
                Page::Gray(unpack_bilevel(&packed, width, height)?)
            }
            C::Gray(8 | 16) => Page::Gray(eight(pixels)?),
            C::GrayA(8 | 16) => Page::GrayAlpha(eight(pixels)?),
            C::RGB(8 | 16) => Page::Rgb(eight(pixels)?),
            C::RGBA(8 | 16) => Page::Rgba(eight(pixels)?),
            _ => return None,
        })
    }
}

/// A 1-bit page (rows padded to whole bytes, 1 white once the decoder has
/// applied the photometric interpretation) as 8-bit grey.
fn unpack_bilevel(packed: &[u8], width: u32, height: u32) -> Option<Vec<u8>> {
    let width = usize::try_from(width).ok()?;
    let height = usize::try_from(height).ok()?;
    let row_bytes = width.div_ceil(8);
    if packed.len() < row_bytes.checked_mul(height)? {
        return None;
    }
    let mut grey = Vec::with_capacity(width * height);
    for row in packed.chunks_exact(row_bytes).take(height) {
        grey.extend((0..width).map(|x| {
            if row[x / 8] & (0x80 >> (x % 8)) != 0 {
                255
            } else {
                0
            }
        }));
    }
    Some(grey)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bilevel_row_unpacks_to_black_and_white() {
        // Two rows of 10 pixels: 1011000000 and 0000000001.
        let packed = [0b1011_0000, 0, 0, 0b0100_0000];
        let grey = unpack_bilevel(&packed, 10, 2).expect("two whole rows");
        assert_eq!(&grey[..4], &[255, 0, 255, 255]);
        assert_eq!(grey[19], 255);
        assert_eq!(grey.iter().filter(|&&g| g == 255).count(), 4);
        assert!(unpack_bilevel(&packed[..3], 10, 2).is_none(), "a cut row");
    }
}
