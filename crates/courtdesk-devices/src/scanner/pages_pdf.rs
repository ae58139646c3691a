//! Scanned pages bound into one PDF, each image embedded as the scanner
//! wrote it: a JPEG as a DCTDecode stream, a PNG's compressed rows as a
//! FlateDecode stream with PNG predictors. Nothing is decoded or
//! re-encoded, so binding is fast and loses nothing.

use std::io::Write as _;

use super::page::{ImageHeader, header, png_image_data};
use super::{PageFormat, ScannedPage};

/// Why the pages could not be bound.
#[derive(Debug, thiserror::Error)]
pub enum PagesPdfError {
    #[error("there are no pages")]
    NoPages,
    /// A page image that cannot be embedded as it is (a PNG with a
    /// palette, transparency or interlacing, which scanners do not write).
    #[error("page {page} cannot be embedded: {reason}")]
    Unsupported { page: usize, reason: &'static str },
}

impl PagesPdfError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            PagesPdfError::NoPages => "no_pages",
            PagesPdfError::Unsupported { .. } => "page_unsupported",
        }
    }
}

/// One PDF page per scanned page, each as large as the paper scanned (its
/// pixels at its resolution).
pub fn pages_to_pdf(pages: &[ScannedPage]) -> Result<Vec<u8>, PagesPdfError> {
    if pages.is_empty() {
        return Err(PagesPdfError::NoPages);
    }
    let total: usize = pages.iter().map(|p| p.data.len()).sum();
    let mut pdf = Writer {
        out: Vec::with_capacity(total + 1024 * pages.len() + 1024),
        offsets: Vec::new(),
    };
    // 1.5 for 16-bit samples.
    pdf.out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 4 + 3 * i))
        .collect();
    pdf.object(1, b"<< /Type /Catalog /Pages 2 0 R >>");
    pdf.object(
        2,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    pdf.object(3, b"<< /Producer (CourtDesk) >>");
    for (index, page) in pages.iter().enumerate() {
        let number = 4 + 3 * index;
        let unsupported = |reason| PagesPdfError::Unsupported {
            page: index + 1,
            reason,
        };
        let image = header(page.format, &page.data).ok_or(unsupported("not a JPEG or PNG"))?;
        let dpi = if page.dpi == 0 {
            72.0
        } else {
            f64::from(page.dpi)
        };
        let width = f64::from(image.width) * 72.0 / dpi;
        let height = f64::from(image.height) * 72.0 / dpi;
        pdf.object(
            number,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2} {height:.2}] \
                 /Resources << /XObject << /Scan {} 0 R >> >> /Contents {} 0 R >>",
                number + 2,
                number + 1
            )
            .as_bytes(),
        );
        let draw = format!("q {width:.2} 0 0 {height:.2} 0 0 cm /Scan Do Q");
        pdf.stream(number + 1, "", draw.as_bytes());
        let (dict, data) = image_stream(page, &image).map_err(unsupported)?;
        pdf.stream(number + 2, &dict, &data);
    }
    Ok(pdf.finish())
}

fn image_stream(
    page: &ScannedPage,
    image: &ImageHeader,
) -> Result<(String, Vec<u8>), &'static str> {
    let color_space = match image.components {
        1 => "/DeviceGray",
        3 => "/DeviceRGB",
        4 if page.format == PageFormat::Jpeg => "/DeviceCMYK",
        _ => return Err("a colour layout other than grey or RGB"),
    };
    let common = format!(
        "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace {color_space} \
         /BitsPerComponent {}",
        image.width, image.height, image.bits
    );
    match page.format {
        PageFormat::Jpeg => Ok((format!("{common} /Filter /DCTDecode"), page.data.clone())),
        PageFormat::Png => {
            if image.interlaced {
                return Err("an interlaced PNG");
            }
            let rows = png_image_data(&page.data).ok_or("a PNG without image data")?;
            Ok((
                format!(
                    "{common} /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors {} \
                     /BitsPerComponent {} /Columns {} >>",
                    image.components, image.bits, image.width
                ),
                rows,
            ))
        }
    }
}

struct Writer {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    /// Objects are numbered 1, 2, 3... in the order written.
    fn begin(&mut self, number: usize) {
        debug_assert_eq!(number, self.offsets.len() + 1);
        self.offsets.push(self.out.len());
        let _ = writeln!(self.out, "{number} 0 obj");
    }

    fn object(&mut self, number: usize, body: &[u8]) {
        self.begin(number);
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    fn stream(&mut self, number: usize, dict: &str, data: &[u8]) {
        self.begin(number);
        let _ = write!(self.out, "<< {dict} /Length {} >>\nstream\n", data.len());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn finish(mut self) -> Vec<u8> {
        let size = self.offsets.len() + 1;
        let xref_at = self.out.len();
        let _ = write!(self.out, "xref\n0 {size}\n0000000000 65535 f \n");
        for offset in &self.offsets {
            let _ = writeln!(self.out, "{offset:010} 00000 n ");
        }
        let _ = write!(
            self.out,
            "trailer\n<< /Size {size} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
        );
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2 × 1 grey PNG.
    fn png() -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend_from_slice(&crc.sum().to_be_bytes());
        };
        chunk(&mut out, b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = encoder.write_all(&[0, 10, 200]);
        chunk(&mut out, b"IDAT", &encoder.finish().expect("in memory"));
        chunk(&mut out, b"IEND", b"");
        out
    }

    #[test]
    fn pages_become_a_pdf_with_one_page_each_sized_by_their_resolution() {
        let page = ScannedPage::new(PageFormat::Png, png(), 72).expect("a PNG");
        assert_eq!((page.width, page.height), (2, 1));
        let pdf = pages_to_pdf(&[page.clone(), page]).expect("bound");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 2"));
        assert!(text.contains("/MediaBox [0 0 2.00 1.00]"));
        assert!(text.contains("/Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns 2"));
        assert!(text.trim_end().ends_with("%%EOF"));
    }

    #[test]
    fn no_pages_and_unembeddable_pages_are_errors() {
        assert_eq!(pages_to_pdf(&[]).expect_err("none").code(), "no_pages");
        let mut palette = png();
        palette[25] = 3;
        let page = ScannedPage {
            format: PageFormat::Png,
            data: palette,
            width: 2,
            height: 1,
            dpi: 72,
        };
        assert_eq!(
            pages_to_pdf(&[page]).expect_err("palette").code(),
            "page_unsupported"
        );
    }
}
