//! The intake receipt's PDF as the tools of a print chain read it.

use courtdesk_devices::{IntakeReceipt, ReceiptItem, ReceiptLocker, render_receipt_pdf};

use crate::support::{pdf_qr_codes, pdf_text, run, tool_or_skip};

fn receipt() -> IntakeReceipt {
    IntakeReceipt {
        site_name: "深圳市福田区人民法院诉讼服务中心".to_owned(),
        submission_number: "SJ-2026-000123".to_owned(),
        case_number: Some("(2026)粤0304民初1234号".to_owned()),
        submitted_at_local: "2026-11-28 10:42".to_owned(),
        items: vec![
            ReceiptItem {
                material_zh: "起诉状".to_owned(),
                material_en: "Statement of claim".to_owned(),
                pages: 3,
                short_hash: "9f86d081".to_owned(),
            },
            ReceiptItem {
                material_zh: "证据材料".to_owned(),
                material_en: "Evidence".to_owned(),
                pages: 12,
                short_hash: "60303ae2".to_owned(),
            },
            ReceiptItem {
                material_zh: "身份证明".to_owned(),
                material_en: "Proof of identity".to_owned(),
                pages: 1,
                short_hash: "fd61a03a".to_owned(),
            },
        ],
        locker: Some(ReceiptLocker {
            compartment: "7".to_owned(),
            pickup_code: None,
            instructions_zh: "纸质材料已存入储物柜，工作人员审核后取出。".to_owned(),
            instructions_en: "Your papers are in the locker; staff will collect them after review."
                .to_owned(),
        }),
        status_check: "https://court.example/status/SJ-2026-000123".to_owned(),
        bilingual: true,
    }
}

fn text_of(receipt: &IntakeReceipt, dir: &std::path::Path) -> String {
    let path = dir.join("receipt.pdf");
    std::fs::write(&path, render_receipt_pdf(receipt).expect("renders")).expect("written");
    run("qpdf", &["--check", path.to_str().expect("UTF-8")]);
    pdf_text(&path)
}

#[test]
fn a_receipt_lists_every_item_with_pages_and_short_hash() {
    let test = "a_receipt_lists_every_item_with_pages_and_short_hash";
    if !tool_or_skip("pdftotext", "-v", test) || !tool_or_skip("qpdf", "--version", test) {
        return;
    }
    let dir = tempfile::tempdir().expect("scratch");
    let text = text_of(&receipt(), dir.path());
    for expected in [
        "深圳市福田区人民法院诉讼服务中心",
        "收件回执",
        "Intake receipt",
        "SJ-2026-000123",
        "(2026)粤0304民初1234号",
        "2026-11-28 10:42",
        "#9f86d081",
        "#60303ae2",
        "#fd61a03a",
        "Statement of claim",
        "共 3 件，16 页 / 3 items, 16 pages",
        "7 号柜 / No. 7",
        "纸质材料已存入储物柜",
        "请妥善保管本回执",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let line = |needle: &str| {
        text.lines()
            .find(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("a line with {needle:?} in\n{text}"))
            .to_owned()
    };
    assert!(
        line("1. 起诉状").trim_end().ends_with("3 页 p."),
        "{}",
        line("1. 起诉状")
    );
    assert!(line("2. 证据材料").trim_end().ends_with("12 页 p."));
    // Chinese first: each Chinese label comes before its English one.
    let at = |needle: &str| text.find(needle).unwrap_or(usize::MAX);
    assert!(at("收件回执") < at("Intake receipt"));
    assert!(at("起诉状") < at("Statement of claim"));
}

#[test]
fn with_the_pickup_code_the_slip_is_the_courts_pickup_slip() {
    let test = "with_the_pickup_code_the_slip_is_the_courts_pickup_slip";
    if !tool_or_skip("pdftotext", "-v", test) || !tool_or_skip("qpdf", "--version", test) {
        return;
    }
    let mut pickup = receipt();
    if let Some(locker) = pickup.locker.as_mut() {
        locker.pickup_code = Some("482913".to_owned());
    }
    let dir = tempfile::tempdir().expect("scratch");
    let text = text_of(&pickup, dir.path());
    for expected in [
        "材料取件单",
        "Pickup slip",
        "取件码",
        "482913",
        "7 号柜 / No. 7",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    assert!(!text.contains("收件回执"), "{text}");
    let litigant = text_of(&receipt(), dir.path());
    assert!(!litigant.contains("取件码"), "{litigant}");
}

#[test]
fn a_chinese_only_receipt_without_locker_or_case_says_new_filing() {
    let test = "a_chinese_only_receipt_without_locker_or_case_says_new_filing";
    if !tool_or_skip("pdftotext", "-v", test) || !tool_or_skip("qpdf", "--version", test) {
        return;
    }
    let mut plain = receipt();
    plain.bilingual = false;
    plain.case_number = None;
    plain.locker = None;
    let dir = tempfile::tempdir().expect("scratch");
    let text = text_of(&plain, dir.path());
    assert!(text.contains("新立案"), "{text}");
    assert!(text.contains("共 3 件，16 页"), "{text}");
    for absent in [
        "Intake receipt",
        "Statement of claim",
        "New filing",
        "储物柜",
        "482913",
    ] {
        assert!(!text.contains(absent), "{absent:?} in\n{text}");
    }
}

#[test]
fn the_qr_code_carries_the_status_check() {
    let test = "the_qr_code_carries_the_status_check";
    if !tool_or_skip("pdftoppm", "-v", test) {
        return;
    }
    let dir = tempfile::tempdir().expect("scratch");
    let path = dir.path().join("receipt.pdf");
    std::fs::write(&path, render_receipt_pdf(&receipt()).expect("renders")).expect("written");
    assert_eq!(pdf_qr_codes(&path, dir.path()), [receipt().status_check]);
}

#[test]
fn the_pickup_code_stays_out_of_debug_output() {
    let shown = format!("{:?}", receipt());
    assert!(!shown.contains("482913"), "{shown}");
    assert!(shown.contains("SJ-2026-000123"));
}
