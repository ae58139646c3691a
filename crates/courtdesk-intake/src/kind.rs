//! What a file is, told from its first bytes and never from its name.

use serde::{Deserialize, Serialize};

/// The kinds of file a submission may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    Tiff,
}

impl FileKind {
    pub fn mime_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Tiff => "image/tiff",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Tiff => "tif",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpeg",
            FileKind::Png => "png",
            FileKind::Tiff => "tiff",
        }
    }
}

/// What a refused file was recognised as, so the kiosk can say more than
/// "not accepted": a Word document can be printed to PDF, an iPhone photo
/// can be saved as JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detected {
    /// A zip archive (not an office document inside one).
    Zip,
    /// RAR, 7-Zip, gzip, bzip2, xz, zstd or tar.
    Archive,
    /// Word, Excel, PowerPoint or OpenDocument, old or new format.
    OfficeDocument,
    /// A Linux or other Unix executable (ELF).
    ElfExecutable,
    /// A Windows executable or DLL (`MZ`).
    WindowsExecutable,
    /// A macOS executable (Mach-O, or a universal binary; the same magic
    /// marks Java class files).
    MachOExecutable,
    /// A script run by the interpreter named on its `#!` line.
    Script,
    Html,
    Svg,
    /// XML other than SVG.
    Xml,
    Rtf,
    /// A phone photo in HEIC/HEIF or AVIF.
    Heic,
    Gif,
    Bmp,
    Webp,
    /// A TIFF in the 64-bit BigTIFF layout, which scanners do not write.
    BigTiff,
    /// Printable text without a recognised structure.
    Text,
    Unknown,
}

impl Detected {
    /// A stable snake_case name for the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Detected::Zip => "zip",
            Detected::Archive => "archive",
            Detected::OfficeDocument => "office_document",
            Detected::ElfExecutable => "elf_executable",
            Detected::WindowsExecutable => "windows_executable",
            Detected::MachOExecutable => "macho_executable",
            Detected::Script => "script",
            Detected::Html => "html",
            Detected::Svg => "svg",
            Detected::Xml => "xml",
            Detected::Rtf => "rtf",
            Detected::Heic => "heic",
            Detected::Gif => "gif",
            Detected::Bmp => "bmp",
            Detected::Webp => "webp",
            Detected::BigTiff => "bigtiff",
            Detected::Text => "text",
            Detected::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for Detected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many leading bytes [`sniff`] needs to decide; fewer is fine for a
/// short file.
pub const SNIFF_LEN: usize = 4096;

/// The kind of a file from its first bytes: accepted, or what it was
/// recognised as instead. Only an exact signature at offset 0 counts, so a
/// PDF with something stuck in front of it is not a PDF here (viewers that
/// look further are the reason such polyglots exist).
pub fn sniff(head: &[u8]) -> Result<FileKind, Detected> {
    if head.starts_with(b"%PDF-") {
        return Ok(FileKind::Pdf);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(FileKind::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(FileKind::Png);
    }
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        return Ok(FileKind::Tiff);
    }
    Err(refused(head))
}

fn refused(head: &[u8]) -> Detected {
    const SIGNATURES: &[(&[u8], Detected)] = &[
        (b"\x7fELF", Detected::ElfExecutable),
        (b"MZ", Detected::WindowsExecutable),
        (&[0xFE, 0xED, 0xFA, 0xCE], Detected::MachOExecutable),
        (&[0xFE, 0xED, 0xFA, 0xCF], Detected::MachOExecutable),
        (&[0xCE, 0xFA, 0xED, 0xFE], Detected::MachOExecutable),
        (&[0xCF, 0xFA, 0xED, 0xFE], Detected::MachOExecutable),
        (&[0xCA, 0xFE, 0xBA, 0xBE], Detected::MachOExecutable),
        (b"#!", Detected::Script),
        (
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            Detected::OfficeDocument,
        ),
        (b"Rar!\x1a\x07", Detected::Archive),
        (b"7z\xBC\xAF\x27\x1C", Detected::Archive),
        (&[0x1F, 0x8B], Detected::Archive),
        (b"BZh", Detected::Archive),
        (b"\xFD7zXZ\0", Detected::Archive),
        (&[0x28, 0xB5, 0x2F, 0xFD], Detected::Archive),
        (b"{\\rtf", Detected::Rtf),
        (b"GIF87a", Detected::Gif),
        (b"GIF89a", Detected::Gif),
        (b"BM", Detected::Bmp),
        (b"II+\0", Detected::BigTiff),
        (b"MM\0+", Detected::BigTiff),
    ];
    if head.starts_with(b"PK\x03\x04") {
        return zip_kind(head);
    }
    if head.starts_with(b"PK\x05\x06") || head.starts_with(b"PK\x07\x08") {
        return Detected::Zip;
    }
    if let Some((_, detected)) = SIGNATURES.iter().find(|(sig, _)| head.starts_with(sig)) {
        return *detected;
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Detected::Webp;
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        let brand = &head[8..12];
        if [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif",
        ]
        .iter()
        .any(|b| brand == *b)
        {
            return Detected::Heic;
        }
    }
    if head.len() > 262 && &head[257..262] == b"ustar" {
        return Detected::Archive;
    }
    markup_or_text(head)
}

/// An office document is a zip whose first entry names its format.
fn zip_kind(head: &[u8]) -> Detected {
    // Local file header: name length at 26, extra length at 28, name at 30.
    let Some(len) = head
        .get(26..28)
        .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    else {
        return Detected::Zip;
    };
    let Some(name) = head.get(30..30 + len) else {
        return Detected::Zip;
    };
    let office = name == b"[Content_Types].xml"
        || name == b"mimetype"
        || name.starts_with(b"word/")
        || name.starts_with(b"xl/")
        || name.starts_with(b"ppt/")
        || name.starts_with(b"docProps/");
    if office {
        Detected::OfficeDocument
    } else {
        Detected::Zip
    }
}

fn markup_or_text(head: &[u8]) -> Detected {
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let lower: Vec<u8> = body[start..]
        .iter()
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    if lower.starts_with(b"<") {
        if find(&lower, b"<svg").is_some() {
            return Detected::Svg;
        }
        const HTML: &[&[u8]] = &[
            b"<!doctype html",
            b"<html",
            b"<head",
            b"<body",
            b"<script",
            b"<iframe",
            b"<meta",
            b"<title",
            b"<!--",
        ];
        if HTML.iter().any(|tag| lower.starts_with(tag)) || find(&lower, b"<html").is_some() {
            return Detected::Html;
        }
        if lower.starts_with(b"<?xml") {
            return Detected::Xml;
        }
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => Some(text),
        // The head may end inside a multi-byte character.
        Err(error) if error.error_len().is_none() => {
            std::str::from_utf8(&body[..error.valid_up_to()]).ok()
        }
        Err(_) => None,
    };
    match text {
        Some(text)
            if !text.is_empty()
                && text
                    .chars()
                    .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\x0C')) =>
        {
            Detected::Text
        }
        _ => Detected::Unknown,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_kinds_are_told_by_their_signature() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Ok(FileKind::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(FileKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Ok(FileKind::Png));
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), Ok(FileKind::Tiff));
        assert_eq!(sniff(b"MM\0*\0\0\0\x08"), Ok(FileKind::Tiff));
    }

    #[test]
    fn refused_kinds_say_what_they_are() {
        let cases: &[(&[u8], Detected)] = &[
            (b"\x7fELF\x02\x01\x01", Detected::ElfExecutable),
            (b"MZ\x90\0", Detected::WindowsExecutable),
            (
                &[0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1],
                Detected::MachOExecutable,
            ),
            (b"#!/bin/sh\nrm -rf /\n", Detected::Script),
            (b"PK\x05\x06\0\0", Detected::Zip),
            (b"Rar!\x1a\x07\0", Detected::Archive),
            (b"\x1f\x8b\x08\0", Detected::Archive),
            (b"  <!DOCTYPE html><html>", Detected::Html),
            (
                b"<?xml version=\"1.0\"?>\n<svg xmlns=\"...\">",
                Detected::Svg,
            ),
            (b"<?xml version=\"1.0\"?><note/>", Detected::Xml),
            (b"GIF89a\x01\0", Detected::Gif),
            (b"\0\0\0\x18ftypheic\0\0\0\0", Detected::Heic),
            (b"RIFF\0\0\0\0WEBPVP8 ", Detected::Webp),
            (b"II+\0\x08\0", Detected::BigTiff),
            ("起诉状\n原告：".as_bytes(), Detected::Text),
            (&[0, 1, 2, 3, 200, 201], Detected::Unknown),
            (b"  %PDF-1.7 after spaces", Detected::Text),
        ];
        for (head, expected) in cases {
            assert_eq!(
                sniff(head),
                Err(*expected),
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn a_docx_is_an_office_document_and_a_plain_zip_is_a_zip() {
        let entry = |name: &[u8]| {
            let mut head = b"PK\x03\x04".to_vec();
            head.extend_from_slice(&[0; 22]);
            head.extend_from_slice(&(name.len() as u16).to_le_bytes());
            head.extend_from_slice(&[0, 0]);
            head.extend_from_slice(name);
            head
        };
        assert_eq!(
            sniff(&entry(b"[Content_Types].xml")),
            Err(Detected::OfficeDocument)
        );
        assert_eq!(sniff(&entry(b"photos/1.jpg")), Err(Detected::Zip));
        assert_eq!(
            sniff(b"PK\x03\x04"),
            Err(Detected::Zip),
            "a cut header is still a zip"
        );
    }
}
