//! The served stamp, read back with poppler's `pdftotext` and checked with
//! `qpdf --check`, on files with cross-reference tables, streams and object
//! streams, rotated pages, and damaged cross-references.

use std::path::Path;
use std::process::Command;

use courtdesk_core::Locale;
use courtdesk_devices::pdf::{Slip, TextStyle};
use courtdesk_evidence::{ServedAt, stamp_served};
use proptest::prelude::*;

use crate::fixtures::{NOW_MS, simple_pdf};

const SERVED: ServedAt = ServedAt {
    utc_ms: NOW_MS,
    utc_offset_minutes: 480,
};
const EN: &str = "Served electronically on 2026-11-28 at 10:31 (UTC+8)";
const ZH: &str = "于 2026年11月28日 10:31 电子送达";

/// The text of each page, as poppler extracts it.
fn pages_text(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian package poppler-utils)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Fails unless qpdf finds the file structurally sound.
fn qpdf_check(pdf: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf runs (Debian package qpdf)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !report.contains("WARNING"),
        "qpdf --check: {report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `pdf` rewritten by qpdf with `args`.
fn qpdf(pdf: &[u8], args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, pdf).unwrap();
    let status = Command::new("qpdf")
        .args(args)
        .arg(&input)
        .arg(&output)
        .status()
        .expect("qpdf runs");
    assert!(status.success(), "qpdf {args:?}");
    std::fs::read(Path::new(&output)).unwrap()
}

fn assert_stamped(stamped: &[u8], original: &[u8], originals: &[&str], stamp: &str) {
    assert!(
        stamped.starts_with(original),
        "the original bytes are a prefix of the served copy"
    );
    qpdf_check(stamped);
    let pages = pages_text(stamped);
    assert_eq!(pages.len(), originals.len(), "{pages:?}");
    for (page, original_text) in pages.iter().zip(originals) {
        assert!(
            page.contains(original_text),
            "the page's own text is still there: {page:?}"
        );
        assert!(page.contains(stamp), "the stamp is on every page: {page:?}");
    }
}

#[test]
fn every_page_of_a_multi_page_document_is_stamped_in_english() {
    let texts = ["SUMMONS page one", "SUMMONS page two", "SUMMONS page three"];
    let original = simple_pdf(&texts);
    let stamped = stamp_served(&original, SERVED, Locale::En).expect("stamps");
    assert_stamped(&stamped, &original, &texts, EN);
}

#[test]
fn a_file_with_object_and_cross_reference_streams_is_stamped_in_chinese() {
    let texts = ["JUDGMENT one", "JUDGMENT two"];
    let original = qpdf(&simple_pdf(&texts), &["--object-streams=generate"]);
    assert!(
        original
            .windows(10)
            .any(|w| w == b"/Type /XRe" || w == b"/Type/XRef"),
        "qpdf wrote a cross-reference stream"
    );
    let stamped = stamp_served(&original, SERVED, Locale::ZhCn).expect("stamps");
    assert_stamped(&stamped, &original, &texts, ZH);
}

#[test]
fn a_chinese_document_keeps_its_text_and_can_be_stamped_twice() {
    let mut slip = Slip::new(210.0).with_min_height_mm(297.0);
    slip.text("民事判决书 第一页", TextStyle::new(14.0));
    let original = slip.render().unwrap();
    let once = stamp_served(&original, SERVED, Locale::ZhCn).expect("stamps");
    let twice = stamp_served(&once, SERVED, Locale::En).expect("stamps the stamped copy");
    assert!(twice.starts_with(&once));
    qpdf_check(&twice);
    let pages = pages_text(&twice);
    assert_eq!(pages.len(), 1);
    for expected in ["民事判决书", ZH, EN] {
        assert!(pages[0].contains(expected), "{expected} in {:?}", pages[0]);
    }
}

#[test]
fn rotated_pages_and_damaged_cross_references_are_stamped() {
    let texts = ["ROTATED NOTICE"];
    let rotated = qpdf(&simple_pdf(&texts), &["--rotate=+90"]);
    let stamped = stamp_served(&rotated, SERVED, Locale::En).expect("stamps");
    assert_stamped(&stamped, &rotated, &texts, EN);

    // Every offset in the table is off by three bytes, as after a careless
    // edit: the file is read by scanning for its objects.
    let original = simple_pdf(&["DAMAGED NOTICE"]);
    let mut damaged = b"%PDF-1.4\n%\xe2\n".to_vec();
    damaged.extend_from_slice(&original["%PDF-1.4\n".len()..]);
    let stamped = stamp_served(&damaged, SERVED, Locale::En).expect("stamps a repaired file");
    assert_stamped(&stamped, &damaged, &["DAMAGED NOTICE"], EN);
}

#[test]
fn what_is_not_a_readable_pdf_is_refused_with_a_code() {
    let code = |bytes: &[u8]| {
        stamp_served(bytes, SERVED, Locale::En)
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(code(b"GIF89a not a pdf"), Err("not_a_pdf"));
    assert_eq!(code(b"%PDF-1.7\nnothing else"), Err("pdf_malformed"));
    let encrypted = qpdf(
        &simple_pdf(&["SECRET"]),
        &["--encrypt", "user", "owner", "256", "--"],
    );
    assert_eq!(code(&encrypted), Err("pdf_encrypted"));
    let bad_offset = ServedAt {
        utc_offset_minutes: 15 * 60,
        ..SERVED
    };
    assert_eq!(
        stamp_served(&simple_pdf(&["X"]), bad_offset, Locale::En)
            .map(|_| ())
            .map_err(|e| e.code()),
        Err("invalid_utc_offset")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A damaged file is stamped or refused, never a panic.
    #[test]
    fn a_damaged_file_never_panics(position in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut pdf = simple_pdf(&["FUZZ one", "FUZZ two"]);
        let at = position.index(pdf.len());
        pdf[at] = byte;
        let _ = stamp_served(&pdf, SERVED, Locale::En);
    }
}
