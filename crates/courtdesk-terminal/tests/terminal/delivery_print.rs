//! Delivery through the desk and the printer against the real server and
//! the real CUPS PDF printer: a clerk publishes from the desk's form, a
//! party acknowledges at the kiosk and prints the served copies and the
//! receipt whose QR code the court's public key verifies, and the desk
//! prints the paper package of a delivery served on paper.

use base64::Engine;
use courtdesk_core::Mode;
use courtdesk_devices::pdf::{Slip, TextStyle};
use courtdesk_identity::staff::Role;
use courtdesk_terminal::commands::delivery_desk::{FormDocument, PublishForm};
use courtdesk_terminal::delivery::DeliveryEvent;
use courtdesk_terminal::{ErrorCode, Terminal};

use crate::court::{Court, PASSWORD, printed_files, printed_text, printer_or_skip};
use crate::delivery::identify;
use crate::start_terminal_with;

const RESIDENT_ID: &str = "11010519491231002X";
const PHONE: &str = "13812345678";

/// A real one-page PDF holding `text`.
fn document(text: &str) -> Vec<u8> {
    let mut slip = Slip::new(210.0).with_title("document");
    slip.text(text, TextStyle::new(14.0));
    slip.render().expect("renders")
}

fn form(request_id: &str, method: &str, documents: &[(&str, Vec<u8>)]) -> PublishForm {
    PublishForm {
        request_id: request_id.into(),
        case_number: "(2026)京0105民初77号".into(),
        resident_id: RESIDENT_ID.into(),
        phone: PHONE.into(),
        title: "开庭传票".into(),
        kind: "summons".into(),
        method: method.into(),
        consent_to_electronic: true,
        deadline_date: "2099-12-31".into(),
        documents: documents
            .iter()
            .map(|(name, bytes)| FormDocument {
                name: (*name).into(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            })
            .collect(),
    }
}

/// A terminal of `mode` printing to `queue` (none when empty), enrolled at
/// the court's hall.
fn terminal(court: &Court, mode: Mode, queue: Option<&str>) -> (tempfile::TempDir, Terminal) {
    let dir = tempfile::tempdir().expect("tempdir");
    court.enroll(dir.path(), mode, court.running.local_addr());
    let extra = queue.map_or(String::new(), |q| format!("[queue]\nprinter = \"{q}\"\n"));
    let terminal = start_terminal_with(dir.path(), mode, &extra);
    (dir, terminal)
}

#[test]
fn the_desk_publishes_from_its_form_and_refuses_what_cannot_be_served() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let (_dir, desk) = terminal(&court, Mode::Staff, None);

    let error = desk.desk_deliveries().expect_err("nobody signed in");
    assert_eq!(error.code, ErrorCode::SignInRequired);
    desk.staff_sign_in(&court.staff(Role::Clerk), PASSWORD)
        .expect("signed in");

    let bytes = document("summons");
    let published = desk
        .desk_publish_delivery(form(
            "desk-1",
            "electronic",
            &[("summons.pdf", bytes.clone())],
        ))
        .expect("published");
    assert_eq!(published.state, "published");
    assert_eq!(published.method, "electronic");
    assert!(!published.paper_due);
    assert!(!published.masked_resident_id.contains("19491231"));
    assert_eq!(published.documents[0].size, bytes.len() as u64);
    // The same form sent again publishes nothing new.
    let again = desk
        .desk_publish_delivery(form(
            "desk-1",
            "electronic",
            &[("summons.pdf", bytes.clone())],
        ))
        .expect("answered");
    assert_eq!(again.delivery_id, published.delivery_id);
    assert_eq!(desk.desk_deliveries().expect("listed").deliveries.len(), 1);

    // Each bad form is refused with its reason, and nothing is published.
    let bad = |mutate: &dyn Fn(&mut PublishForm), code: ErrorCode, detail: &str| {
        let mut bad = form("desk-bad", "electronic", &[("summons.pdf", bytes.clone())]);
        mutate(&mut bad);
        let error = desk.desk_publish_delivery(bad).expect_err(detail);
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (code, Some(detail)),
            "{error}"
        );
    };
    bad(&|f| f.kind = "verdict".into(), ErrorCode::BadInput, "kind");
    bad(&|f| f.method = "fax".into(), ErrorCode::BadInput, "method");
    bad(
        &|f| f.deadline_date = "2099-02-30".into(),
        ErrorCode::BadInput,
        "deadline_date",
    );
    bad(
        &|f| f.deadline_date = "2001-01-01".into(),
        ErrorCode::DeliveryRefused,
        "deadline_in_past",
    );
    bad(&|f| f.documents.clear(), ErrorCode::BadInput, "documents");
    bad(
        &|f| f.documents[0].content_base64 = "not base64!".into(),
        ErrorCode::BadInput,
        "documents",
    );
    bad(
        &|f| {
            f.documents[0].content_base64 =
                base64::engine::general_purpose::STANDARD.encode(b"MZ\x90\x00 not a pdf")
        },
        ErrorCode::DeliveryRefused,
        "not_a_pdf",
    );
    bad(
        &|f| f.phone = "13900009999".into(),
        ErrorCode::DeliveryRefused,
        "phone_mismatch",
    );
    bad(
        &|f| f.consent_to_electronic = false,
        ErrorCode::DeliveryRefused,
        "consent_required",
    );
    bad(
        &|f| f.documents[0].name = "../summons.pdf".into(),
        ErrorCode::DeliveryRefused,
        "invalid_document_name",
    );
    assert_eq!(desk.desk_deliveries().expect("listed").deliveries.len(), 1);

    // Not due for paper yet, and this desk has no printer anyway.
    let error = desk
        .desk_print_paper(&published.delivery_id)
        .expect_err("no printer");
    assert_eq!(error.detail.as_deref(), Some("no_printer"));
    let error = desk.desk_print_paper("../etc").expect_err("not an id");
    assert_eq!(error.code, ErrorCode::BadInput);

    desk.staff_sign_out().expect("signed out");
    let error = desk
        .desk_publish_delivery(form("desk-2", "electronic", &[("summons.pdf", bytes)]))
        .expect_err("signed out");
    assert_eq!(error.code, ErrorCode::SignInRequired);
}

#[test]
fn served_copies_and_a_receipt_print_and_the_paper_package_prints_at_the_desk() {
    let Some((queue, out)) = printer_or_skip() else {
        return;
    };
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let (_desk_dir, desk) = terminal(&court, Mode::Staff, Some(&queue));
    desk.staff_sign_in(&court.staff(Role::Clerk), PASSWORD)
        .expect("signed in");
    let electronic = desk
        .desk_publish_delivery(form(
            "desk-e",
            "electronic",
            &[("summons.pdf", document("SUMMONS-BODY"))],
        ))
        .expect("published");

    // A kiosk without a printer says so.
    let (_bare_dir, bare) = terminal(&court, Mode::Kiosk, None);
    let error = bare
        .delivery_print(&electronic.delivery_id)
        .expect_err("no printer");
    assert_eq!(
        (error.code, error.detail.as_deref()),
        (ErrorCode::PrintFailed, Some("no_printer"))
    );

    let (_kiosk_dir, kiosk) = terminal(&court, Mode::Kiosk, Some(&queue));
    let error = kiosk
        .delivery_print(&electronic.delivery_id)
        .expect_err("nobody identified");
    assert_eq!(error.detail.as_deref(), Some("not_identified"));
    identify(&court, &kiosk, RESIDENT_ID, PHONE);
    let listed = kiosk.deliveries_for_visitor().expect("listed");
    assert_eq!(listed.deliveries[0].state, "available", "made available");
    assert!(!listed.deliveries[0].pending, "countersigned at once");
    kiosk
        .delivery_event(&electronic.delivery_id, DeliveryEvent::Opened)
        .expect("opened");
    let acknowledged = kiosk
        .delivery_event(&electronic.delivery_id, DeliveryEvent::Acknowledged)
        .expect("acknowledged");
    assert!(acknowledged.countersigned);
    let before = printed_files(&out);
    let printed = kiosk
        .delivery_print(&electronic.delivery_id)
        .expect("printed");
    assert_eq!(printed.documents, 1);
    assert!(printed.stamped && printed.receipt_qr, "{printed:?}");
    assert_eq!(printed.evidence.event, "printed");

    let copy = printed_text(&out, &before, "SUMMONS-BODY");
    assert!(copy.contains("电子送达"), "{copy}");
    assert!(copy.contains("Served electronically on"), "{copy}");
    let receipt = printed_text(&out, &before, "电子送达回执");
    assert!(receipt.contains("(2026)京0105民初77号"), "{receipt}");
    assert!(receipt.contains("Acknowledged"), "{receipt}");
    assert!(
        receipt.contains(&acknowledged.evidence_sha256[..32]),
        "{receipt}"
    );
    assert!(!receipt.contains("张三") && !receipt.contains(RESIDENT_ID));
    // The receipt's QR code is the acknowledgment's, which the court's key
    // verifies on its own.
    let payload = acknowledged.qr_payload.expect("countersigned");
    let qr =
        courtdesk_evidence::verify_qr(&payload, &court.running.deliveries().court_public_key())
            .expect("verifies");
    assert_eq!(qr.evidence_sha256.to_hex(), acknowledged.evidence_sha256);

    // A delivery served on paper prints its package at the desk: the cover
    // sheet, then the document.
    let paper = desk
        .desk_publish_delivery(form(
            "desk-p",
            "paper",
            &[("notice.pdf", document("PAPER-NOTICE-BODY"))],
        ))
        .expect("published");
    assert!(paper.paper_due);
    let error = desk
        .desk_print_paper(&electronic.delivery_id)
        .expect_err("acknowledged");
    assert_eq!(
        (error.code, error.detail.as_deref()),
        (ErrorCode::DeliveryRefused, Some("not_due_for_paper"))
    );
    let before = printed_files(&out);
    let package = desk.desk_print_paper(&paper.delivery_id).expect("printed");
    assert_eq!(package.files, 2);
    printed_text(&out, &before, "PAPER-NOTICE-BODY");
    let cover = printed_text(&out, &before, "(2026)京0105民初77号");
    assert!(
        cover.contains("张三"),
        "the address block names the party: {cover}"
    );
}
