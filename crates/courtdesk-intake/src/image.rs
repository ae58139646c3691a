//! Images checked by their headers and structure, without decoding a pixel:
//! dimensions from PNG's IHDR, JPEG's SOFn or TIFF's IFDs, and a walk of the
//! file's segments, chunks or strips that finds a cut-short file.

use crate::error::IntakeError;
use crate::kind::FileKind;
use crate::limits::IntakeLimits;

/// What an accepted image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImageFacts {
    /// Of the first page, for a multi-page TIFF.
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) pages: u32,
}

fn truncated(kind: FileKind) -> IntakeError {
    IntakeError::ImageTruncated { kind }
}

fn malformed(kind: FileKind, reason: &'static str) -> IntakeError {
    IntakeError::ImageMalformed { kind, reason }
}

fn check_pixels(width: u32, height: u32, limits: &IntakeLimits) -> Result<(), IntakeError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_image_pixels {
        return Err(IntakeError::TooManyPixels {
            width: width.into(),
            height: height.into(),
            limit: limits.max_image_pixels,
        });
    }
    Ok(())
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// A JPEG: segments walked from SOI to the first scan, the frame's size from
/// its SOFn, and an EOI somewhere after the scan begins. Data after EOI is
/// allowed, as phone cameras append their own records there.
pub(crate) fn inspect_jpeg(data: &[u8], limits: &IntakeLimits) -> Result<ImageFacts, IntakeError> {
    const KIND: FileKind = FileKind::Jpeg;
    let mut pos = 2;
    let mut frame: Option<(u32, u32)> = None;
    let scan_start = loop {
        match data.get(pos) {
            None => return Err(truncated(KIND)),
            Some(0xFF) => {}
            Some(_) => return Err(malformed(KIND, "bytes between segments")),
        }
        while data.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = data.get(pos) else {
            return Err(truncated(KIND));
        };
        pos += 1;
        match marker {
            0x01 | 0xD0..=0xD7 => continue,
            0xD8 => return Err(malformed(KIND, "a second start of image")),
            0xD9 => return Err(malformed(KIND, "no image data before the end of image")),
            _ => {}
        }
        let Some(length) = be16(data, pos).map(usize::from) else {
            return Err(truncated(KIND));
        };
        if length < 2 {
            return Err(malformed(KIND, "a segment shorter than its length field"));
        }
        if pos + length > data.len() {
            return Err(truncated(KIND));
        }
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame && frame.is_none() {
            if length < 8 {
                return Err(malformed(KIND, "a frame header too short"));
            }
            let height = be16(data, pos + 3).map_or(0, u32::from);
            let width = be16(data, pos + 5).map_or(0, u32::from);
            if width == 0 || height == 0 {
                return Err(malformed(KIND, "a frame of zero width or height"));
            }
            check_pixels(width, height, limits)?;
            frame = Some((width, height));
        }
        pos += length;
        if marker == 0xDA {
            break pos;
        }
    };
    let Some((width, height)) = frame else {
        return Err(malformed(KIND, "a scan with no frame header"));
    };
    // Inside entropy-coded data a 0xFF is always followed by 0x00 or a
    // restart marker, so FF D9 there can only be the real end of image.
    if memchr::memmem::rfind(&data[scan_start..], &[0xFF, 0xD9]).is_none() {
        return Err(truncated(KIND));
    }
    Ok(ImageFacts {
        width,
        height,
        pages: 1,
    })
}

/// A PNG: IHDR first (its CRC checked, its size checked before anything
/// else is read), then chunks walked by their lengths to IEND, with at
/// least one IDAT on the way. Bytes after IEND are ignored, as decoders do.
pub(crate) fn inspect_png(data: &[u8], limits: &IntakeLimits) -> Result<ImageFacts, IntakeError> {
    const KIND: FileKind = FileKind::Png;
    let ihdr = data.get(8..33).ok_or(truncated(KIND))?;
    if be32(ihdr, 0) != Some(13) || &ihdr[4..8] != b"IHDR" {
        return Err(malformed(KIND, "the first chunk is not IHDR"));
    }
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr[4..21]);
    if be32(ihdr, 21) != Some(crc.sum()) {
        return Err(malformed(KIND, "the IHDR checksum does not match"));
    }
    let width = be32(ihdr, 8).unwrap_or(0);
    let height = be32(ihdr, 12).unwrap_or(0);
    if width == 0 || height == 0 || width > i32::MAX as u32 || height > i32::MAX as u32 {
        return Err(malformed(KIND, "a width or height out of range"));
    }
    let (depth, colour) = (ihdr[16], ihdr[17]);
    let depth_ok = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => false,
    };
    if !depth_ok || ihdr[18] != 0 || ihdr[19] != 0 || ihdr[20] > 1 {
        return Err(malformed(KIND, "an invalid IHDR field"));
    }
    check_pixels(width, height, limits)?;

    let mut pos = 33;
    let mut image_data = false;
    loop {
        let length = be32(data, pos).ok_or(truncated(KIND))?;
        if length > i32::MAX as u32 {
            return Err(malformed(KIND, "a chunk length out of range"));
        }
        let kind = data.get(pos + 4..pos + 8).ok_or(truncated(KIND))?;
        let end = pos + 12 + length as usize;
        if end > data.len() {
            return Err(truncated(KIND));
        }
        match kind {
            b"IDAT" => image_data = true,
            b"IEND" => break,
            b"IHDR" => return Err(malformed(KIND, "a second IHDR")),
            _ => {}
        }
        pos = end;
    }
    if !image_data {
        return Err(malformed(KIND, "no image data"));
    }
    Ok(ImageFacts {
        width,
        height,
        pages: 1,
    })
}

/// A TIFF in either byte order: every IFD in the main chain (one per page)
/// must lie in the file, name a width and height within the pixel limit,
/// and have all of its strips or tiles in the file.
pub(crate) fn inspect_tiff(data: &[u8], limits: &IntakeLimits) -> Result<ImageFacts, IntakeError> {
    const KIND: FileKind = FileKind::Tiff;
    let tiff = Tiff {
        data,
        little: data.starts_with(b"II"),
    };
    let mut ifd = tiff.u32(4).ok_or(truncated(KIND))? as usize;
    let mut first: Option<(u32, u32)> = None;
    let mut pages: u32 = 0;
    let mut seen = std::collections::HashSet::new();
    while ifd != 0 {
        if !seen.insert(ifd) {
            return Err(malformed(KIND, "a loop in the page chain"));
        }
        if pages >= limits.max_pages {
            return Err(IntakeError::TooManyPages {
                pages: u64::from(pages) + 1,
                limit: limits.max_pages,
            });
        }
        if ifd < 8 {
            return Err(malformed(KIND, "a directory inside the header"));
        }
        let page = tiff.page(ifd)?;
        check_pixels(page.width, page.height, limits)?;
        first.get_or_insert((page.width, page.height));
        pages += 1;
        ifd = page.next;
    }
    let (width, height) = first.ok_or(malformed(KIND, "no image directory"))?;
    Ok(ImageFacts {
        width,
        height,
        pages,
    })
}

struct Tiff<'a> {
    data: &'a [u8],
    little: bool,
}

struct TiffPage {
    width: u32,
    height: u32,
    next: usize,
}

/// More strips than this in one page is not a scan.
const MAX_STRIPS: u32 = 1 << 20;

impl Tiff<'_> {
    fn u16(&self, at: usize) -> Option<u16> {
        let b = self.data.get(at..at + 2)?;
        Some(if self.little {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    }

    fn u32(&self, at: usize) -> Option<u32> {
        let b = self.data.get(at..at + 4)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn page(&self, ifd: usize) -> Result<TiffPage, IntakeError> {
        const KIND: FileKind = FileKind::Tiff;
        let count = usize::from(self.u16(ifd).ok_or(truncated(KIND))?);
        let entries = ifd + 2;
        let next_at = entries + 12 * count;
        let next = self.u32(next_at).ok_or(truncated(KIND))? as usize;
        let (mut width, mut height) = (0, 0);
        let (mut offsets, mut counts) = (None, None);
        for i in 0..count {
            let at = entries + 12 * i;
            let tag = self.u16(at).unwrap_or(0);
            match tag {
                256 => width = self.values(at)?.first().copied().unwrap_or(0),
                257 => height = self.values(at)?.first().copied().unwrap_or(0),
                273 | 324 => offsets = Some(self.values(at)?),
                279 | 325 => counts = Some(self.values(at)?),
                _ => {}
            }
        }
        if width == 0 || height == 0 {
            return Err(malformed(KIND, "a page without a width or height"));
        }
        let (Some(offsets), Some(counts)) = (offsets, counts) else {
            return Err(malformed(KIND, "a page without strips or tiles"));
        };
        if offsets.is_empty() || offsets.len() != counts.len() {
            return Err(malformed(KIND, "strip offsets and sizes do not pair up"));
        }
        for (offset, size) in offsets.iter().zip(&counts) {
            if u64::from(*offset) + u64::from(*size) > self.data.len() as u64 {
                return Err(truncated(KIND));
            }
        }
        Ok(TiffPage {
            width,
            height,
            next,
        })
    }

    /// The SHORT or LONG values of the entry at `at`, inline or pointed to.
    fn values(&self, at: usize) -> Result<Vec<u32>, IntakeError> {
        const KIND: FileKind = FileKind::Tiff;
        let kind = self.u16(at + 2).unwrap_or(0);
        let count = self.u32(at + 4).unwrap_or(0);
        let size = match kind {
            3 => 2,
            4 => 4,
            _ => return Err(malformed(KIND, "a size or offset that is not an integer")),
        };
        if count == 0 || count > MAX_STRIPS {
            return Err(malformed(KIND, "an implausible number of values"));
        }
        let count = count as usize;
        let start = if count * size <= 4 {
            at + 8
        } else {
            self.u32(at + 8).ok_or(truncated(KIND))? as usize
        };
        if start + count * size > self.data.len() {
            return Err(truncated(KIND));
        }
        Ok((0..count)
            .map(|i| {
                let p = start + i * size;
                if size == 2 {
                    self.u16(p).map_or(0, u32::from)
                } else {
                    self.u32(p).unwrap_or(0)
                }
            })
            .collect())
    }
}
