//! Evidence of service: records signed by the kiosk are checked against its
//! enrolled key and the delivery, countersigned with the court's key and
//! kept once; the delivery's state follows them; deadlines expire open
//! deliveries into paper service; the exported bundle verifies and names a
//! changed byte.

use courtdesk_central::COVER_SHEET_NAME;
use courtdesk_core::Mode;
use courtdesk_evidence::{
    CountersignedRecord, EventKind, PublicKey, SignedRecord, verify_bundle, verify_qr,
};
use courtdesk_protocol::delivery::{ServiceMethod, paths};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Server, Terminal, code_of};
use crate::delivery_fixtures::{
    DEADLINE_MS, delivery_server, document, listed, now, pdf, published, record, request, submit,
    submit_raw,
};
use crate::identity::{COURT, HALL, put_on_file};

on_both_backends!(
    evidence_is_verified_countersigned_and_kept_once,
    tampered_or_misplaced_evidence_is_refused_with_its_reason,
    deadlines_expire_open_deliveries_and_paper_service_follows,
    an_exported_bundle_verifies_and_a_changed_byte_is_named,
);

async fn court_key(terminal: &Terminal) -> ed25519_dalek::VerifyingKey {
    let (status, body) = terminal
        .send(Method::GET, paths::COURT_KEY, Vec::new())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    PublicKey::from_base64(body["public_key"].as_str().expect("a key"))
        .expect("a base64 key")
        .0
}

/// The countersigned record of a receipt, read as the evidence crate's type.
fn countersigned(receipt: &Value) -> CountersignedRecord {
    serde_json::from_value(receipt["countersigned"].clone()).expect("a countersigned record")
}

/// A site with a party on file, a desk, a kiosk and one published delivery
/// the kiosk holds.
async fn served(
    backend: Backend,
) -> (
    Server,
    courtdesk_central::IdentityClock,
    Terminal,
    Terminal,
    Value,
) {
    let (server, clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let desk = server.desk(COURT, HALL).await;
    let mut two = request(1, HALL);
    two.documents.push(document("notice.pdf", &pdf("notice")));
    let id = published(&desk, &two).await;
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let held = listed(&kiosk, &id).await;
    (server, clock, desk, kiosk, held)
}

async fn state_at_desk(desk: &Terminal, id: &str) -> String {
    let (status, body) = desk.send(Method::GET, paths::DESK, Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["deliveries"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|d| d["delivery_id"] == id)
        .and_then(|d| d["state"].as_str())
        .expect("the delivery")
        .to_owned()
}

async fn evidence_is_verified_countersigned_and_kept_once(backend: Backend) {
    let (server, _clock, desk, kiosk, held) = served(backend).await;
    let id = held["delivery_id"].as_str().expect("id").to_owned();
    let court = court_key(&kiosk).await;
    assert_eq!(
        court,
        blocking(|| server.running.deliveries().court_public_key())
    );

    let shown = record(&kiosk, &held, EventKind::MadeAvailable, None, now());
    let (status, receipt) = submit(&kiosk, &shown).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(receipt["duplicate"], false);
    assert_eq!(receipt["delivery_state"], "available");
    let first = countersigned(&receipt);
    assert_eq!(
        first.signed(),
        &shown,
        "the kiosk's record comes back as sent"
    );
    first
        .verify(&court)
        .expect("countersigned with the court's key");
    let qr = receipt["qr_payload"].as_str().expect("a QR text");
    let vouched = verify_qr(qr, &court).expect("the QR code verifies offline");
    assert_eq!(vouched.evidence_sha256, shown.evidence_digest());

    let (status, again) = submit(&kiosk, &shown).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["duplicate"], true, "a retry is the same record");
    assert_eq!(
        countersigned(&again),
        first,
        "with the same countersignature, time and number"
    );

    let opened = record(&kiosk, &held, EventKind::Opened, Some(shown.link()), now());
    let (status, receipt) = submit(&kiosk, &opened).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(receipt["delivery_state"], "opened");
    assert_eq!(state_at_desk(&desk, &id).await, "opened");
    let second = countersigned(&receipt);
    assert!(
        second.countersignature().server_seq > first.countersignature().server_seq,
        "countersignatures are numbered in order"
    );

    let acknowledged = record(
        &kiosk,
        &held,
        EventKind::Acknowledged,
        Some(opened.link()),
        now(),
    );
    let (status, receipt) = submit(&kiosk, &acknowledged).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(receipt["delivery_state"], "acknowledged");

    let refused = record(
        &kiosk,
        &held,
        EventKind::Refused,
        Some(acknowledged.link()),
        now(),
    );
    let (status, body) = submit(&kiosk, &refused).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "delivery_closed"),
        "acknowledged is final"
    );
    let printed = record(
        &kiosk,
        &held,
        EventKind::Printed,
        Some(acknowledged.link()),
        now(),
    );
    let (status, receipt) = submit(&kiosk, &printed).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a print after acknowledgment is evidence: {receipt}"
    );
    assert_eq!(receipt["delivery_state"], "acknowledged");
    assert_eq!(state_at_desk(&desk, &id).await, "acknowledged");

    let (status, list) = crate::delivery_fixtures::site_list(&kiosk).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        crate::delivery_fixtures::ids(&list).is_empty(),
        "an acknowledged delivery leaves the kiosk's list: {list}"
    );
    let kept = blocking(|| server.running.deliveries().evidence(&id).expect("evidence"));
    assert_eq!(
        kept.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 2, 3, 4],
        "every record once, the retry and the refusal not at all"
    );
}

async fn tampered_or_misplaced_evidence_is_refused_with_its_reason(backend: Backend) {
    let (server, _clock, desk, kiosk, held) = served(backend).await;
    let good = record(&kiosk, &held, EventKind::MadeAvailable, None, now());
    let wire = serde_json::to_value(&good).expect("JSON");

    let mut changed = wire.clone();
    let text = changed["record"]
        .as_str()
        .expect("record")
        .replace("made_available", "acknowledged");
    changed["record"] = json!(text);
    let (status, body) = submit_raw(&kiosk, &changed).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "terminal_signature_invalid"),
        "a changed record: {body}"
    );

    let mut resigned = wire.clone();
    let mut signature = base64_decode(resigned["terminal_signature"].as_str().expect("sig"));
    signature[7] ^= 0x01;
    resigned["terminal_signature"] = json!(base64_encode(&signature));
    let (status, body) = submit_raw(&kiosk, &resigned).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "terminal_signature_invalid"),
        "a changed signature: {body}"
    );

    let mut short = wire.clone();
    short["terminal_signature"] = json!("AAAA");
    let (status, body) = submit_raw(&kiosk, &short).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "evidence_malformed")
    );
    let mut spaced = wire.clone();
    spaced["record"] = json!(format!(" {}", wire["record"].as_str().expect("record")));
    let (status, body) = submit_raw(&kiosk, &spaced).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "evidence_malformed"),
        "not canonical: {body}"
    );

    // Another kiosk of the site sends a record it did not sign, or signs
    // one naming the first kiosk.
    let other = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let (status, body) = submit(&other, &good).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "terminal_key_not_enrolled")
    );
    let stranger = Terminal {
        id: kiosk.id.clone(),
        key: other.key.clone(),
        http: other.http.clone(),
        base: other.base.clone(),
        head: other.head,
        session: None,
    };
    let impostor = record(&stranger, &held, EventKind::MadeAvailable, None, now());
    let (status, body) = submit(&other, &impostor).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "terminal_key_not_enrolled")
    );

    let mut wrong_hash = held.clone();
    wrong_hash["documents"][0]["sha256"] = json!(courtdesk_protocol::Digest::of(b"x").to_hex());
    let forged = record(&kiosk, &wrong_hash, EventKind::Opened, None, now());
    let (status, body) = submit(&kiosk, &forged).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "document_hash_mismatch")
    );
    let mut unknown_doc = held.clone();
    unknown_doc["documents"][0]["name"] = json!("other.pdf");
    let forged = record(&kiosk, &unknown_doc, EventKind::Opened, None, now());
    let (status, body) = submit(&kiosk, &forged).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "unknown_document")
    );

    let mut someone_else = held.clone();
    someone_else["masked_resident_id"] = json!("110***********0024");
    let forged = record(&kiosk, &someone_else, EventKind::Opened, None, now());
    let (status, body) = submit(&kiosk, &forged).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "wrong_party"),
        "a record naming another party than the delivery's"
    );

    let mut no_such = held.clone();
    no_such["delivery_id"] = json!("D-000000000000000000000000");
    let (status, body) = submit(
        &kiosk,
        &record(&kiosk, &no_such, EventKind::Opened, None, now()),
    )
    .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "unknown_delivery")
    );

    assert_eq!(submit(&kiosk, &good).await.0, StatusCode::OK);
    let skipped = record(
        &kiosk,
        &held,
        EventKind::Opened,
        Some(courtdesk_evidence::ChainLink {
            seq: 4,
            sha256: good.digest(),
        }),
        now(),
    );
    let (status, body) = submit(&kiosk, &skipped).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "chain_broken")
    );
    let fork = record(&kiosk, &held, EventKind::Opened, None, now());
    let (status, body) = submit(&kiosk, &fork).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "chain_broken"),
        "a second first record forks the chain"
    );

    let far = server.enroll_as(COURT, "hall-b", Mode::Kiosk).await;
    let theirs = record(&far, &held, EventKind::Opened, Some(good.link()), now());
    let (status, body) = submit(&far, &theirs).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "unknown_delivery"),
        "a kiosk of another site cannot record evidence of this delivery"
    );
    let display = server.enroll_as(COURT, HALL, Mode::Display).await;
    let (status, body) = submit(&display, &good).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );

    let id = held["delivery_id"].as_str().expect("id");
    let kept = blocking(|| server.running.deliveries().evidence(id).expect("evidence"));
    assert_eq!(kept.len(), 1, "only the one good record is kept");
    assert_eq!(state_at_desk(&desk, id).await, "available");
}

async fn deadlines_expire_open_deliveries_and_paper_service_follows(backend: Backend) {
    let (server, clock, mut desk, kiosk, held) = served(backend).await;
    let id = held["delivery_id"].as_str().expect("id").to_owned();
    blocking(|| {
        let party = server
            .running
            .parties()
            .find(&crate::identity::resident_id(1))
            .expect("found")
            .expect("on file");
        server
            .running
            .parties()
            .set_address(&party.id, "北京市朝阳区建国路1号 100020")
            .expect("an address");
    });
    let paper_path = paths::paper(&id);
    let (status, body) = desk.send(Method::GET, &paper_path, Vec::new()).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "not_due_for_paper"),
        "electronic service is still open"
    );

    let shown = record(&kiosk, &held, EventKind::MadeAvailable, None, now());
    assert_eq!(submit(&kiosk, &shown).await.0, StatusCode::OK);
    let late = record(
        &kiosk,
        &held,
        EventKind::Acknowledged,
        Some(shown.link()),
        DEADLINE_MS,
    );
    let (status, body) = submit(&kiosk, &late).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "delivery_expired"),
        "acknowledged at the deadline is too late"
    );

    clock.advance(DEADLINE_MS - now());
    // Years on, the clerk's session is long over: the clerk signs in again.
    let clerk = format!("clerk.{}", &desk.id.as_str()[..12]);
    desk.session = Some(crate::client::sign_in_session(&desk, &clerk).await);
    assert_eq!(state_at_desk(&desk, &id).await, "expired");
    let (status, list) = crate::delivery_fixtures::site_list(&kiosk).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        crate::delivery_fixtures::ids(&list).is_empty(),
        "expired: off the kiosk"
    );

    let (status, package) = desk.send(Method::GET, &paper_path, Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "{package}");
    assert_eq!(package["state"], "expired");
    let files = package["files"].as_array().expect("files");
    let names: Vec<&str> = files
        .iter()
        .map(|f| f["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, vec![COVER_SHEET_NAME, "summons.pdf", "notice.pdf"]);
    let cover = base64_decode(files[0]["content_base64"].as_str().expect("cover"));
    assert!(cover.starts_with(b"%PDF-"), "the cover sheet is a PDF");
    let text = pdf_text(&cover);
    for expected in [
        "当事人1",
        "北京市朝阳区建国路1号 100020",
        "(2026)京0105民初1号",
        &id,
    ] {
        assert!(
            text.contains(expected),
            "the cover sheet says {expected}: {text}"
        );
    }
    assert_eq!(
        files[0]["sha256"],
        courtdesk_protocol::Digest::of(&cover).to_hex()
    );
    for (file, text) in files[1..].iter().zip(["summons 1", "notice"]) {
        assert_eq!(
            base64_decode(file["content_base64"].as_str().expect("content")),
            pdf(text),
            "the documents as published"
        );
    }
    let other_desk = server.desk(COURT, "hall-b").await;
    let (status, body) = other_desk.send(Method::GET, &paper_path, Vec::new()).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "unknown_delivery")
    );

    // Paper service from the start: packaged at once, never evidence.
    let mut on_paper = request(1, HALL);
    on_paper.method = ServiceMethod::Paper;
    on_paper.deadline = "2199-01-01T00:00:00Z".into();
    let paper_id = published(&desk, &on_paper).await;
    let (status, package) = desk
        .send(Method::GET, &paths::paper(&paper_id), Vec::new())
        .await;
    assert_eq!(status, StatusCode::OK, "{package}");
    assert_eq!(package["state"], "paper");
    let mut as_listed = held.clone();
    as_listed["delivery_id"] = json!(paper_id);
    as_listed["documents"] = json!([{"name": "summons.pdf", "sha256": courtdesk_protocol::Digest::of(&pdf("summons 1")).to_hex()}]);
    let (status, body) = submit(
        &kiosk,
        &record(&kiosk, &as_listed, EventKind::Opened, None, now()),
    )
    .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "not_electronic")
    );
}

async fn an_exported_bundle_verifies_and_a_changed_byte_is_named(backend: Backend) {
    let (server, _clock, _desk, kiosk, held) = served(backend).await;
    let id = held["delivery_id"].as_str().expect("id").to_owned();
    let export = |id: &str| blocking(|| server.running.deliveries().export_bundle(id));
    assert!(export(&id).is_err(), "no bundle before any evidence");

    let mut prev = None;
    let mut signed: Vec<SignedRecord> = Vec::new();
    for event in [
        EventKind::MadeAvailable,
        EventKind::Opened,
        EventKind::Acknowledged,
    ] {
        let next = record(&kiosk, &held, event, prev, now());
        let (status, receipt) = submit(&kiosk, &next).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        prev = Some(next.link());
        signed.push(next);
    }
    let bundle = export(&id).expect("a bundle");
    let court = court_key(&kiosk).await;
    let verified = verify_bundle(&bundle, &court).expect("the bundle verifies");
    // Acknowledged: each document has its copy with the served stamp.
    let mut stamped = verified.served_copies.clone();
    stamped.sort();
    let mut names: Vec<String> = verified.documents.iter().map(|d| d.name.clone()).collect();
    names.sort();
    assert_eq!(stamped, names);
    assert_eq!(verified.delivery_id, id);
    assert_eq!(verified.records.len(), 3);
    assert_eq!(verified.documents.len(), 2);
    assert_eq!(verified.records[2].event, EventKind::Acknowledged);
    assert_eq!(
        verified.records[0].evidence_sha256,
        signed[0].evidence_digest()
    );

    let other_court = ed25519_dalek::SigningKey::from_bytes(&[9; 32]).verifying_key();
    let findings = verify_bundle(&bundle, &other_court).expect_err("another court's key fails");
    assert!(
        findings.iter().any(|f| f.code() == "court_key_mismatch"),
        "{findings:?}"
    );

    let changed = change_entry_byte(&bundle, "documents/summons.pdf");
    let findings = verify_bundle(&changed, &court).expect_err("a changed byte fails");
    assert!(
        findings
            .iter()
            .any(|f| f.code() == "entry_unreadable" && f.subject() == Some("documents/summons.pdf")),
        "the finding names the changed document: {findings:?}"
    );
}

/// Flips one byte in the middle of an entry's stored (compressed) data.
pub(crate) fn change_entry_byte(zip: &[u8], name: &str) -> Vec<u8> {
    let mut at = 0;
    while let Some(offset) = zip[at..].windows(4).position(|w| w == b"PK\x03\x04") {
        let header = at + offset;
        let u16_at = |i: usize| usize::from(u16::from_le_bytes([zip[i], zip[i + 1]]));
        let size = u32::from_le_bytes([
            zip[header + 18],
            zip[header + 19],
            zip[header + 20],
            zip[header + 21],
        ]) as usize;
        let name_len = u16_at(header + 26);
        let extra_len = u16_at(header + 28);
        let entry = &zip[header + 30..header + 30 + name_len];
        let data = header + 30 + name_len + extra_len;
        if entry == name.as_bytes() {
            let mut changed = zip.to_vec();
            changed[data + size / 2] ^= 0x20;
            return changed;
        }
        at = data + size;
    }
    panic!("{name} is not in the archive")
}

/// The text of a PDF as poppler's `pdftotext` extracts it.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cover.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(output.status.success(), "pdftotext reads the cover sheet");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
