//! Files made to order, and the store around them.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use courtdesk_intake::{AcceptedFile, IntakeError, IntakeLimits, intake_file};

/// A PDF written object by object, with a correct cross-reference table.
pub(crate) struct PdfBuilder {
    out: Vec<u8>,
    offsets: Vec<(u32, usize)>,
}

impl PdfBuilder {
    pub(crate) fn new() -> PdfBuilder {
        PdfBuilder {
            out: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
            offsets: Vec::new(),
        }
    }

    pub(crate) fn object(&mut self, number: u32, body: &str) -> &mut PdfBuilder {
        self.offsets.push((number, self.out.len()));
        write!(self.out, "{number} 0 obj\n{body}\nendobj\n").expect("in memory");
        self
    }

    /// A stream object; `dict` holds the entries besides `/Length`.
    pub(crate) fn stream(&mut self, number: u32, dict: &str, data: &[u8]) -> &mut PdfBuilder {
        self.offsets.push((number, self.out.len()));
        write!(
            self.out,
            "{number} 0 obj\n<< {dict} /Length {} >>\nstream\n",
            data.len()
        )
        .expect("in memory");
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
        self
    }

    /// Raw bytes where the next object would go.
    pub(crate) fn raw(&mut self, bytes: &[u8]) -> &mut PdfBuilder {
        self.out.extend_from_slice(bytes);
        self
    }

    /// The offset the next write lands at.
    pub(crate) fn position(&self) -> usize {
        self.out.len()
    }

    /// Lists `number` at `offset` in the xref without writing anything.
    pub(crate) fn xref_entry(&mut self, number: u32, offset: usize) -> &mut PdfBuilder {
        self.offsets.push((number, offset));
        self
    }

    pub(crate) fn finish(&mut self, root: u32, trailer_extra: &str) -> Vec<u8> {
        let size = self.offsets.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1;
        let xref_at = self.out.len();
        let mut table = vec![None; size as usize];
        for (number, offset) in &self.offsets {
            table[*number as usize] = Some(*offset);
        }
        write!(self.out, "xref\n0 {size}\n").expect("in memory");
        for entry in table {
            match entry {
                Some(offset) => writeln!(self.out, "{offset:010} 00000 n "),
                None => writeln!(self.out, "0000000000 65535 f "),
            }
            .expect("in memory");
        }
        write!(
            self.out,
            "trailer\n<< /Size {size} /Root {root} 0 R {trailer_extra} >>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .expect("in memory");
        std::mem::take(&mut self.out)
    }
}

/// Catalog 1, page tree 2, pages from 10 on, then one content stream per
/// page; `catalog_extra` goes into the catalog. Tests add objects from 800.
pub(crate) fn pdf_builder(pages: u32, catalog_extra: &str) -> PdfBuilder {
    let mut pdf = PdfBuilder::new();
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 10 + i)).collect();
    pdf.object(
        1,
        &format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>"),
    );
    pdf.object(
        2,
        &format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    );
    for i in 0..pages {
        pdf.object(
            10 + i,
            &format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >>",
                10 + pages + i
            ),
        );
        pdf.stream(
            10 + pages + i,
            "",
            format!("BT /F1 12 Tf 72 720 Td (Page {i}) Tj ET").as_bytes(),
        );
    }
    pdf
}

/// A plain PDF of `pages` pages.
pub(crate) fn pdf(pages: u32) -> Vec<u8> {
    pdf_builder(pages, "").finish(1, "")
}

pub(crate) fn zlib(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("in memory");
    encoder.finish().expect("in memory")
}

/// An object stream holding `objects`, as `(dict entries, data)`.
pub(crate) fn object_stream(objects: &[(u32, &str)]) -> (String, Vec<u8>) {
    let mut index = String::new();
    let mut body = String::new();
    for (number, object) in objects {
        index.push_str(&format!("{number} {} ", body.len()));
        body.push_str(object);
        body.push('\n');
    }
    let first = index.len();
    let dict = format!(
        "/Type /ObjStm /N {} /First {first} /Filter /FlateDecode",
        objects.len()
    );
    (dict, zlib(format!("{index}{body}").as_bytes()))
}

pub(crate) fn crc(kind: &[u8], data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    crc.sum()
}

fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc(kind, data).to_be_bytes());
}

/// The signature and IHDR of an 8-bit greyscale PNG.
pub(crate) fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    out
}

/// A complete greyscale PNG of a diagonal gradient.
pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = png_header(width, height);
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0);
        raw.extend((0..width).map(|x| (x + y) as u8));
    }
    chunk(&mut out, b"IDAT", &zlib(&raw));
    chunk(&mut out, b"IEND", b"");
    out
}

/// An uncompressed greyscale TIFF of `pages` pages, little- or big-endian.
pub(crate) fn tiff(width: u16, height: u16, pages: u16, little: bool) -> Vec<u8> {
    let u16b = |v: u16| {
        if little {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        }
    };
    let u32b = |v: u32| {
        if little {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        }
    };
    let mut out = if little {
        b"II*\0".to_vec()
    } else {
        b"MM\0*".to_vec()
    };
    out.extend_from_slice(&u32b(8));
    let strip = u32::from(width) * u32::from(height);
    for page in 0..pages {
        let ifd = out.len() as u32;
        let entries: [(u16, u16, u32); 8] = [
            (256, 3, u32::from(width)),
            (257, 3, u32::from(height)),
            (258, 3, 8),
            (259, 3, 1),
            (262, 3, 1),
            // Strip offset: after this IFD (2 + 8 * 12 + 4 bytes).
            (273, 4, ifd + 2 + 8 * 12 + 4),
            (278, 3, u32::from(height)),
            (279, 4, strip),
        ];
        out.extend_from_slice(&u16b(entries.len() as u16));
        for (tag, kind, value) in entries {
            out.extend_from_slice(&u16b(tag));
            out.extend_from_slice(&u16b(kind));
            out.extend_from_slice(&u32b(1));
            if kind == 3 {
                out.extend_from_slice(&u16b(value as u16));
                out.extend_from_slice(&[0, 0]);
            } else {
                out.extend_from_slice(&u32b(value));
            }
        }
        let next = if page + 1 < pages {
            ifd + 2 + 8 * 12 + 4 + strip
        } else {
            0
        };
        out.extend_from_slice(&u32b(next));
        out.extend((0..strip).map(|i| (i % 251) as u8));
    }
    out
}

/// A 16 × 16 baseline JPEG (made by ImageMagick), 1 component.
pub(crate) const JPEG_16: &[u8] = include_bytes!("jpeg16.jpg");

/// The store folder's entries, by name.
pub(crate) fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the store exists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Runs intake on `bytes` into a fresh store.
pub(crate) fn take(
    bytes: &[u8],
    name: &str,
) -> (tempfile::TempDir, Result<AcceptedFile, IntakeError>) {
    take_with(bytes, name, &IntakeLimits::default())
}

pub(crate) fn take_with(
    bytes: &[u8],
    name: &str,
    limits: &IntakeLimits,
) -> (tempfile::TempDir, Result<AcceptedFile, IntakeError>) {
    let dir = tempfile::tempdir().expect("a store");
    let result = intake_file(bytes, name, limits, dir.path());
    (dir, result)
}

/// Asserts that `bytes` is refused with `code` and the store stays empty.
pub(crate) fn refused(bytes: &[u8], name: &str, code: &str) -> IntakeError {
    let (dir, result) = take(bytes, name);
    let error = match result {
        Ok(file) => panic!("{name} was accepted as {file:?}; expected {code}"),
        Err(error) => error,
    };
    assert_eq!(error.code(), code, "{name}: {error}");
    assert!(error.is_refusal());
    assert_eq!(
        entries(dir.path()),
        Vec::<String>::new(),
        "{name} left files behind"
    );
    error
}

/// Whether `program` runs here; skips the test, or fails it under CI,
/// when it does not.
pub(crate) fn tool_or_skip(program: &str, version_arg: &str, test: &str) -> bool {
    let runs = Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|output| output.status.success() || !output.stderr.is_empty());
    if runs {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{program} must be installed for CI ({test})"
    );
    // Straight to stderr: the harness hides the output of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "skipping {test}: {program} is not installed"
    );
    false
}
