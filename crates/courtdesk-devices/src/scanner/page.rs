//! A scanned page: the image file the scanner wrote, and its size.

use serde::{Deserialize, Serialize};

/// How a page image is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageFormat {
    Jpeg,
    Png,
}

impl PageFormat {
    /// The name in scanimage's `--format` option.
    pub fn sane_name(self) -> &'static str {
        match self {
            PageFormat::Jpeg => "jpeg",
            PageFormat::Png => "png",
        }
    }
}

/// One scanned page. `data` is a complete JPEG or PNG file.
#[derive(Clone, PartialEq, Eq)]
pub struct ScannedPage {
    pub format: PageFormat,
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The resolution it was scanned at, which sets its size on a PDF page.
    pub dpi: u32,
}

impl std::fmt::Debug for ScannedPage {
    /// The image is a litigant's document: its bytes stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScannedPage")
            .field("format", &self.format)
            .field("bytes", &self.data.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .field("dpi", &self.dpi)
            .finish()
    }
}

/// What a PDF needs to know to embed an image without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ImageHeader {
    pub(super) width: u32,
    pub(super) height: u32,
    /// Colour components: 1 grey, 3 RGB (4 CMYK for a JPEG).
    pub(super) components: u8,
    pub(super) bits: u8,
    /// PNG only: whether rows are interlaced.
    pub(super) interlaced: bool,
}

impl ScannedPage {
    /// A page from an image file, its size read from the file's header;
    /// `None` when `data` is not a JPEG or PNG of the given format.
    pub fn new(format: PageFormat, data: Vec<u8>, dpi: u32) -> Option<ScannedPage> {
        let header = header(format, &data)?;
        Some(ScannedPage {
            format,
            data,
            width: header.width,
            height: header.height,
            dpi,
        })
    }
}

pub(super) fn header(format: PageFormat, data: &[u8]) -> Option<ImageHeader> {
    match format {
        PageFormat::Jpeg => jpeg_header(data),
        PageFormat::Png => png_header(data),
    }
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The first SOFn frame header of a JPEG.
fn jpeg_header(data: &[u8]) -> Option<ImageHeader> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut pos = 2;
    loop {
        if *data.get(pos)? != 0xFF {
            return None;
        }
        while *data.get(pos)? == 0xFF {
            pos += 1;
        }
        let marker = *data.get(pos)?;
        pos += 1;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return None;
        }
        let length = usize::from(be16(data, pos)?);
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            return Some(ImageHeader {
                bits: *data.get(pos + 2)?,
                height: u32::from(be16(data, pos + 3)?),
                width: u32::from(be16(data, pos + 5)?),
                components: *data.get(pos + 7)?,
                interlaced: false,
            });
        }
        pos += length;
    }
}

fn png_header(data: &[u8]) -> Option<ImageHeader> {
    if !data.starts_with(b"\x89PNG\r\n\x1a\n") || data.get(12..16)? != b"IHDR" {
        return None;
    }
    let components = match *data.get(25)? {
        0 => 1,
        2 => 3,
        // Palette and alpha images are not what scanners write.
        _ => 0,
    };
    Some(ImageHeader {
        width: be32(data, 16)?,
        height: be32(data, 20)?,
        bits: *data.get(24)?,
        components,
        interlaced: *data.get(28)? != 0,
    })
}

/// The concatenated data of a PNG's IDAT chunks: a zlib stream of
/// filtered rows, which PDF's FlateDecode with PNG predictors reads as is.
pub(super) fn png_image_data(data: &[u8]) -> Option<Vec<u8>> {
    let mut pos = 8;
    let mut out = Vec::with_capacity(data.len());
    loop {
        let length = be32(data, pos)? as usize;
        let kind = data.get(pos + 4..pos + 8)?;
        let body = data.get(pos + 8..(pos + 8).checked_add(length)?)?;
        match kind {
            b"IDAT" => out.extend_from_slice(body),
            b"IEND" => return (!out.is_empty()).then_some(out),
            _ => {}
        }
        pos += 12 + length;
    }
}
