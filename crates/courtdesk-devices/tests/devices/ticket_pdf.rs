//! A ticket's PDF as the tools of a print chain read it, before printing.

use courtdesk_devices::pdf::{PdfError, Slip, TextStyle};
use courtdesk_devices::render_ticket_pdf;

use crate::support::{pdf_qr_codes, pdf_text, run, ticket, tool_or_skip};

#[test]
fn a_ticket_is_a_sound_pdf_whose_text_can_be_extracted() {
    let test = "a_ticket_is_a_sound_pdf_whose_text_can_be_extracted";
    if !tool_or_skip("pdftotext", "-v", test) || !tool_or_skip("qpdf", "--version", test) {
        return;
    }
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("ticket.pdf");
    let pdf = render_ticket_pdf(&ticket()).expect("the ticket renders");
    assert!(
        pdf.len() < 60_000,
        "the font is subset per ticket, not embedded whole ({} bytes)",
        pdf.len()
    );
    std::fs::write(&path, &pdf).expect("write the ticket");

    run("qpdf", &["--check", path.to_str().expect("UTF-8")]);
    let text = pdf_text(&path);
    for expected in [
        "A017",
        "民事立案",
        "Civil case filing",
        "深圳市福田区人民法院诉讼服务中心",
        "2026-11-28 09:05",
        "约 25 分钟",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let ahead = text
        .lines()
        .find(|line| line.contains("People ahead"))
        .expect("a people-ahead line");
    assert!(
        ahead.contains("前面等候") && ahead.trim_end().ends_with("12"),
        "{ahead}"
    );

    let info =
        String::from_utf8(run("pdfinfo", &[path.to_str().expect("UTF-8")]).stdout).expect("UTF-8");
    let size = info
        .lines()
        .find(|line| line.starts_with("Page size:"))
        .expect("a page size");
    // 80 mm is 226.77 pt: the page is as wide as the thermal roll.
    assert!(size.contains("226.77 x"), "{size}");
}

#[test]
fn the_qr_code_carries_the_ticket_id() {
    let test = "the_qr_code_carries_the_ticket_id";
    if !tool_or_skip("pdftoppm", "-v", test) {
        return;
    }
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("ticket.pdf");
    std::fs::write(&path, render_ticket_pdf(&ticket()).expect("renders")).expect("write");
    assert_eq!(
        pdf_qr_codes(&path, dir.path()),
        [ticket().ticket_id],
        "one QR code, holding the id a desk scans"
    );
}

#[test]
fn place_names_beyond_the_common_hanzi_print_and_rare_ones_are_refused() {
    // 圳, 邯, 郸, 亳, 濮 and 衢 are GB2312 level 2: the font must have them.
    let mut slip = Slip::thermal_80mm();
    slip.text("深圳 邯郸 亳州 濮阳 衢州", TextStyle::new(10.0));
    slip.render().expect("GB2312 level-2 hanzi are covered");

    let mut rare = ticket();
    // 㐀 (U+3400) opens CJK Extension A, outside GB2312.
    rare.site_name = "㐀县人民法院".to_owned();
    match render_ticket_pdf(&rare) {
        Err(PdfError::MissingGlyph(c)) => assert_eq!(c, '㐀'),
        other => panic!("expected MissingGlyph, got {other:?}"),
    }
}

#[test]
fn a_receipt_of_many_lines_grows_past_one_ticket_length() {
    let test = "a_receipt_of_many_lines_grows_past_one_ticket_length";
    if !tool_or_skip("pdftotext", "-v", test) {
        return;
    }
    let mut slip = Slip::thermal_80mm().with_title("Intake receipt");
    slip.text("收件回执 Intake receipt", TextStyle::new(13.0).centered())
        .rule();
    for n in 1..=30 {
        slip.row(
            format!("材料 {n} Document {n}"),
            format!("{n} 页"),
            TextStyle::new(9.0),
        );
    }
    slip.qr("R-2026-000123", 22.0);
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("receipt.pdf");
    std::fs::write(&path, slip.render().expect("renders")).expect("write");
    let text = pdf_text(&path);
    assert!(text.contains("材料 30 Document 30"), "{text}");
    let info =
        String::from_utf8(run("pdfinfo", &[path.to_str().expect("UTF-8")]).stdout).expect("UTF-8");
    let height: f32 = info
        .lines()
        .find_map(|line| line.strip_prefix("Page size:"))
        .and_then(|size| size.split_whitespace().nth(2))
        .and_then(|height| height.parse().ok())
        .expect("a page height");
    assert!(height > 400.0, "30 rows need a long slip, got {height} pt");
}
