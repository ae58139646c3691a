//! Good files of each kind, accepted with their page and pixel counts and
//! stored under their SHA-256.

use std::process::Command;

use courtdesk_intake::{ContentHash, FileKind, IntakeLimits, PixelSize, intake_file};

use crate::support::{
    JPEG_16, PdfBuilder, entries, object_stream, pdf, pdf_builder, png, take, tiff, tool_or_skip,
};

#[test]
fn a_pdf_is_stored_under_its_hash_with_its_page_count() {
    let bytes = pdf(3);
    let (dir, result) = take(&bytes, "起诉状.pdf");
    let file = result.expect("a plain PDF");
    assert_eq!(file.kind, FileKind::Pdf);
    assert_eq!(file.pages, 3);
    assert_eq!(file.pixels, None);
    assert_eq!(file.display_name, "起诉状.pdf");
    assert_eq!(
        entries(dir.path()),
        [file.sha256.hex()],
        "no temporary file left"
    );
    // What is stored is the rebuilt file, and the hash and size are its own.
    let stored = std::fs::read(&file.path).expect("stored");
    assert_eq!(file.size, stored.len() as u64);
    assert_eq!(file.sha256, ContentHash::of(&stored));
    assert_ne!(stored, bytes, "the litigant's bytes are not what is kept");
    assert!(stored.starts_with(b"%PDF-1.7"));
}

#[test]
fn the_hash_is_the_one_sha256sum_prints() {
    let test = "the_hash_is_the_one_sha256sum_prints";
    if !tool_or_skip("sha256sum", "--version", test) {
        return;
    }
    let (_dir, result) = take(&pdf(2), "x.pdf");
    let file = result.expect("accepted");
    let output = Command::new("sha256sum")
        .arg(&file.path)
        .output()
        .expect("runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.starts_with(&file.sha256.hex()), "{printed}");
}

#[test]
fn pages_inside_object_streams_are_counted() {
    let mut builder = PdfBuilder::new();
    let mut objects = vec![
        (
            1,
            "<< /Type /Catalog /Pages 2 0 R /OpenAction [10 0 R /Fit] >>".to_owned(),
        ),
        (
            2,
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 7 >>".to_owned(),
        ),
        (
            3,
            "<< /Type /Pages /Parent 2 0 R /Kids [10 0 R 11 0 R 12 0 R] /Count 3 >>".to_owned(),
        ),
        (
            4,
            "<< /Type /Pages /Parent 2 0 R /Kids [13 0 R 14 0 R 15 0 R 16 0 R] /Count 4 >>"
                .to_owned(),
        ),
    ];
    for page in 10..17 {
        objects.push((page, "<< /Type /Page /MediaBox [0 0 595 842] /AA << /O << /S /GoTo /D [10 0 R /Fit] >> >> >>".to_owned()));
    }
    let borrowed: Vec<(u32, &str)> = objects.iter().map(|(n, o)| (*n, o.as_str())).collect();
    let (dict, data) = object_stream(&borrowed);
    builder.stream(30, &dict, &data);
    let (_dir, result) = take(&builder.finish(1, ""), "x.pdf");
    let file = result.expect("destinations and GoTo actions are allowed");
    assert_eq!(file.pages, 7);
}

#[test]
fn real_writers_output_is_accepted_with_its_page_count() {
    let test = "real_writers_output_is_accepted_with_its_page_count";
    if !tool_or_skip("qpdf", "--version", test) {
        return;
    }
    let dir = tempfile::tempdir().expect("scratch");
    let plain = dir.path().join("plain.pdf");
    std::fs::write(&plain, pdf(12)).expect("written");
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&plain)
        .output()
        .expect("runs");
    assert!(check.status.success(), "the test's own PDFs are sound");
    // Object streams with a cross-reference stream (PDF 1.5), a
    // linearized file, and qpdf's normalised form.
    for (name, args) in [
        ("objstm.pdf", &["--object-streams=generate"][..]),
        ("linear.pdf", &["--linearize"]),
        ("qdf.pdf", &["--qdf"]),
    ] {
        let out = dir.path().join(name);
        let output = Command::new("qpdf")
            .args(args)
            .arg(&plain)
            .arg(&out)
            .output()
            .expect("runs");
        assert!(output.status.success(), "qpdf {args:?}");
        let bytes = std::fs::read(&out).expect("written");
        let (_store, result) = take(&bytes, name);
        let file = result.unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(file.pages, 12, "{name}");
    }
}

#[test]
fn a_ticket_from_the_devices_crate_is_a_one_page_pdf() {
    let slip = courtdesk_devices::TicketSlip {
        site_name: "深圳市福田区人民法院诉讼服务中心".to_owned(),
        service_name_zh: "材料收转".to_owned(),
        service_name_en: "Submitting materials".to_owned(),
        number: "C005".to_owned(),
        issued_at_local: "2026-11-28 09:05".to_owned(),
        people_ahead: 2,
        estimated_wait_minutes: None,
        ticket_id: "ticket-1".to_owned(),
        priority_note_zh: None,
        priority_note_en: None,
    };
    let bytes = courtdesk_devices::render_ticket_pdf(&slip).expect("renders");
    let (_dir, result) = take(&bytes, "ticket.pdf");
    assert_eq!(result.expect("accepted").pages, 1);
}

#[test]
fn images_of_each_kind_are_accepted_with_their_size() {
    let cases: [(Vec<u8>, FileKind, u32, u32, u32); 5] = [
        (JPEG_16.to_vec(), FileKind::Jpeg, 16, 16, 1),
        (png(300, 200), FileKind::Png, 300, 200, 1),
        (tiff(40, 30, 1, true), FileKind::Tiff, 40, 30, 1),
        (tiff(40, 30, 3, false), FileKind::Tiff, 40, 30, 3),
        (
            {
                let mut jpeg = JPEG_16.to_vec();
                jpeg.extend_from_slice(b"camera trailer after EOI");
                jpeg
            },
            FileKind::Jpeg,
            16,
            16,
            1,
        ),
    ];
    for (bytes, kind, width, height, pages) in cases {
        let (dir, result) = take(&bytes, "photo");
        let file = result.unwrap_or_else(|error| panic!("{kind:?}: {error}"));
        assert_eq!(file.kind, kind);
        assert_eq!(file.pixels, Some(PixelSize { width, height }));
        assert_eq!(file.pages, pages);
        assert_eq!(file.display_name, "photo");
        assert_eq!(entries(dir.path()), [file.sha256.hex()]);
    }
}

#[test]
fn the_type_comes_from_the_content_not_the_name() {
    let (_dir, result) = take(&png(10, 10), "合同.pdf");
    let file = result.expect("a PNG named .pdf is still a PNG");
    assert_eq!(file.kind, FileKind::Png);
    assert_eq!(file.display_name, "合同.pdf", "the name is shown as given");
}

#[test]
fn a_file_exactly_at_the_limit_is_accepted() {
    let bytes = pdf(1);
    let limits = IntakeLimits {
        max_file_bytes: bytes.len() as u64,
        ..IntakeLimits::default()
    };
    let dir = tempfile::tempdir().expect("a store");
    intake_file(&bytes[..], "x.pdf", &limits, dir.path()).expect("exactly at the limit");
    let smaller = IntakeLimits {
        max_file_bytes: bytes.len() as u64 - 1,
        ..limits
    };
    let error = intake_file(&bytes[..], "x.pdf", &smaller, dir.path()).expect_err("one over");
    assert_eq!(error.code(), "too_large");
}

#[test]
fn storing_the_same_content_twice_keeps_one_file() {
    let dir = tempfile::tempdir().expect("a store");
    let bytes = pdf_builder(2, "").finish(1, "");
    let a = intake_file(&bytes[..], "a.pdf", &IntakeLimits::default(), dir.path()).expect("a");
    let b = intake_file(&bytes[..], "b.pdf", &IntakeLimits::default(), dir.path()).expect("b");
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(entries(dir.path()), [a.sha256.hex()]);
}

#[test]
fn temporaries_left_by_a_crash_are_swept() {
    let dir = tempfile::tempdir().expect("a store");
    std::fs::write(dir.path().join(".intake-abc123"), b"half a file").expect("written");
    let kept =
        intake_file(&pdf(1)[..], "x.pdf", &IntakeLimits::default(), dir.path()).expect("stored");
    assert_eq!(
        courtdesk_intake::sweep_temporaries(dir.path()).expect("swept"),
        1
    );
    assert_eq!(entries(dir.path()), [kept.sha256.hex()]);
}
