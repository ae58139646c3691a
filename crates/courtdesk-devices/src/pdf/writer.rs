//! A PDF file as numbered objects and a cross-reference table.
//!
//! Slips need a handful of objects (catalog, one page, its content, and for
//! each face five font objects), so they are written directly rather than
//! through a general PDF library; the output is deterministic for the same
//! input, which keeps reprints and tests byte-for-byte comparable.

use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use super::PdfError;

/// The number of an indirect object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ObjId(usize);

impl std::fmt::Display for ObjId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 0 R", self.0)
    }
}

#[derive(Debug)]
pub(super) struct PdfWriter {
    out: Vec<u8>,
    /// Byte offset of each object, by number - 1; `None` until written.
    offsets: Vec<Option<usize>>,
}

impl PdfWriter {
    pub(super) fn new() -> PdfWriter {
        // The binary comment line tells transfer tools the file is binary.
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        out.reserve(64 * 1024);
        PdfWriter {
            out,
            offsets: Vec::new(),
        }
    }

    /// A number for an object that is written later, so that objects can
    /// refer to each other in any order.
    pub(super) fn reserve(&mut self) -> ObjId {
        self.offsets.push(None);
        ObjId(self.offsets.len())
    }

    pub(super) fn object(&mut self, id: ObjId, body: &str) {
        self.begin(id);
        self.out.extend_from_slice(body.as_bytes());
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// A Flate-compressed stream; `dict` holds extra entries besides the
    /// filter and length.
    pub(super) fn stream(&mut self, id: ObjId, dict: &str, data: &[u8]) -> Result<(), PdfError> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder
            .write_all(data)
            .and_then(|()| encoder.finish())
            .map_err(|source| PdfError::Compress { source })
            .map(|compressed| {
                self.begin(id);
                let header = format!(
                    "<< {dict} /Filter /FlateDecode /Length {} >>\nstream\n",
                    compressed.len()
                );
                self.out.extend_from_slice(header.as_bytes());
                self.out.extend_from_slice(&compressed);
                self.out.extend_from_slice(b"\nendstream\nendobj\n");
            })
    }

    fn begin(&mut self, id: ObjId) {
        self.offsets[id.0 - 1] = Some(self.out.len());
        self.out
            .extend_from_slice(format!("{} 0 obj\n", id.0).as_bytes());
    }

    /// The finished file, with `root` as its catalog and `info` as its
    /// document information dictionary.
    pub(super) fn finish(mut self, root: ObjId, info: ObjId) -> Result<Vec<u8>, PdfError> {
        let xref_at = self.out.len();
        let size = self.offsets.len() + 1;
        let mut xref = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for (index, offset) in self.offsets.iter().enumerate() {
            let offset = offset.ok_or(PdfError::Unwritten(index + 1))?;
            xref.push_str(&format!("{offset:010} 00000 n \n"));
        }
        xref.push_str(&format!(
            "trailer\n<< /Size {size} /Root {root} /Info {info} >>\nstartxref\n{xref_at}\n%%EOF\n"
        ));
        self.out.extend_from_slice(xref.as_bytes());
        Ok(self.out)
    }
}

/// A PDF text string in UTF-16BE with a byte-order mark, which is how PDF
/// strings carry text outside PDFDocEncoding (the document title may be
/// Chinese).
pub(super) fn text_string(text: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in text.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

/// A number for a content stream: two decimals are a hundredth of a point,
/// far below what a 203 dpi thermal head can place.
pub(super) fn num(value: f32) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(0.004), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(226.771_65), "226.77");
    }

    #[test]
    fn text_strings_are_utf16_with_a_byte_order_mark() {
        assert_eq!(text_string("A号"), "<FEFF004153F7>");
    }

    #[test]
    fn an_object_reserved_but_never_written_is_an_error_not_a_broken_file() {
        let mut writer = PdfWriter::new();
        let root = writer.reserve();
        let info = writer.reserve();
        writer.object(info, "<< >>");
        assert!(matches!(
            writer.finish(root, info),
            Err(PdfError::Unwritten(1))
        ));
    }
}
