//! The court's countersignature: what it refuses, records signed offline
//! and countersigned later, and the receipt's QR code.

use courtdesk_evidence::{
    CountersignError, DeliveryContext, DocumentRef, EventKind, QrError, SignedRecord, verify_qr,
};
use courtdesk_protocol::Digest;
use ed25519_dalek::SigningKey;

use crate::fixtures::{DELIVERY, Delivery, NOW_MS};

fn refusal(
    delivery: &Delivery,
    signed: &SignedRecord,
    change: impl FnOnce(
        &mut Vec<DocumentRef>,
        &mut ed25519_dalek::VerifyingKey,
        &mut &str,
        &mut Option<courtdesk_evidence::ChainLink>,
    ),
) -> CountersignError {
    let mut documents = delivery.published();
    let mut enrolled = delivery.terminal_key.verifying_key();
    let mut delivery_id = DELIVERY;
    let mut head = None;
    change(&mut documents, &mut enrolled, &mut delivery_id, &mut head);
    let context = DeliveryContext {
        delivery_id,
        documents: &documents,
        enrolled_terminal_key: &enrolled,
        head,
    };
    delivery
        .court
        .countersign(signed, &context, NOW_MS, 1)
        .expect_err("the court refuses")
}

#[test]
fn the_court_refuses_what_does_not_match_what_it_published_and_enrolled() {
    let mut delivery = Delivery::new();
    let signed = delivery.sign_visit(&[EventKind::MadeAvailable]).remove(0);

    let error = refusal(&delivery, &signed, |_, key, _, _| {
        *key = SigningKey::from_bytes(&[0x22; 32]).verifying_key();
    });
    assert_eq!(
        error.code(),
        "terminal_key_not_enrolled",
        "a key the court never enrolled"
    );

    let error = refusal(&delivery, &signed, |documents, _, _, _| {
        documents[1].sha256 = Digest::of(b"the judgment as actually published");
    });
    assert_eq!(
        error,
        CountersignError::DocumentHashMismatch("judgment.pdf".into())
    );

    let error = refusal(&delivery, &signed, |documents, _, _, _| {
        documents.remove(0);
    });
    assert_eq!(error.code(), "unknown_document");

    let error = refusal(&delivery, &signed, |_, _, id, _| *id = "D-OTHER");
    assert_eq!(error.code(), "wrong_delivery");

    let error = refusal(&delivery, &signed, |_, _, _, head| {
        *head = Some(courtdesk_evidence::ChainLink {
            seq: 1,
            sha256: Digest::of(b"a record the court already has"),
        });
    });
    assert_eq!(
        error,
        CountersignError::ChainBroken {
            expected_seq: 2,
            found_seq: 1
        },
        "a first record where the court already holds one is a fork"
    );

    let error = refusal(&delivery, &signed, |_, _, _, head| {
        *head = Some(signed.link())
    });
    assert_eq!(error.code(), "already_countersigned");
}

#[test]
fn a_record_that_skips_one_is_refused_as_a_broken_chain() {
    let mut delivery = Delivery::new();
    let signed = delivery.sign_visit(&[
        EventKind::MadeAvailable,
        EventKind::Opened,
        EventKind::Acknowledged,
    ]);
    let published = delivery.published();
    let enrolled = delivery.terminal_key.verifying_key();
    let context = DeliveryContext {
        delivery_id: DELIVERY,
        documents: &published,
        enrolled_terminal_key: &enrolled,
        head: Some(signed[0].link()),
    };
    let error = delivery
        .court
        .countersign(&signed[2], &context, NOW_MS, 1)
        .expect_err("gap");
    assert_eq!(error.code(), "chain_broken");
    assert!(
        delivery
            .court
            .countersign(&signed[1], &context, NOW_MS, 1)
            .is_ok()
    );
}

#[test]
fn a_tampered_signed_record_is_refused_before_the_court_sees_it() {
    let mut delivery = Delivery::new();
    let signed = delivery.sign_visit(&[EventKind::Acknowledged]).remove(0);
    let json = serde_json::to_string(&signed).unwrap();
    let forged = json.replace("acknowledged", "refused_____");
    let error = serde_json::from_str::<SignedRecord>(&forged).expect_err("refused");
    assert!(
        error.to_string().contains("terminal signature") || error.to_string().contains("record"),
        "{error}"
    );
    let mut signature = signed.signature().to_bytes();
    signature[0] ^= 0x80;
    let error = SignedRecord::from_parts(
        signed.bytes().to_vec(),
        ed25519_dalek::Signature::from_bytes(&signature),
    )
    .expect_err("refused");
    assert_eq!(error.code(), "terminal_signature_invalid");
}

#[test]
fn records_signed_offline_are_countersigned_hours_later_and_keep_their_time() {
    let mut delivery = Delivery::new();
    // The kiosk was cut off: it signed the whole visit at NOW_MS...
    let signed = delivery.sign_visit(&[
        EventKind::MadeAvailable,
        EventKind::Opened,
        EventKind::Refused,
    ]);
    // ...and the records reached the court six hours later.
    let later = NOW_MS + 6 * 3_600_000;
    let countersigned = delivery.countersign_all(&signed, later);
    for (record, countersigned) in signed.iter().zip(&countersigned) {
        assert_eq!(
            countersigned.signed(),
            record,
            "the terminal's record is kept as signed"
        );
        assert!(countersigned.signed().record().terminal_time_ms < NOW_MS + 10_000);
        assert!(countersigned.countersignature().received_at_ms >= later);
        countersigned
            .verify(&delivery.court.public_key())
            .expect("the court's signature holds");
    }
    assert_eq!(
        countersigned[2]
            .signed()
            .record()
            .refusal
            .as_ref()
            .map(|r| r.code.as_str()),
        Some("not_the_addressee")
    );
    // Stored and read back, a countersigned record is the same.
    let json = serde_json::to_string(&countersigned[1]).unwrap();
    assert_eq!(
        serde_json::from_str::<courtdesk_evidence::CountersignedRecord>(&json).unwrap(),
        countersigned[1]
    );
}

#[test]
fn the_qr_payload_is_small_and_verifies_with_the_court_key_alone() {
    let mut delivery = Delivery::new();
    let signed = delivery.sign_visit(&[EventKind::Acknowledged]);
    let countersigned = delivery.countersign_all(&signed, NOW_MS + 5_000).remove(0);
    let payload = countersigned.qr_payload();
    assert!(payload.starts_with("CDE1."), "{payload}");
    assert!(
        payload.len() <= 200,
        "{} characters fit a QR code on an 80 mm slip",
        payload.len()
    );
    let court = delivery.court.public_key();
    let evidence = verify_qr(&payload, &court).expect("verifies");
    assert_eq!(evidence.evidence_sha256, signed[0].evidence_digest());
    assert_eq!(evidence.received_at_ms, NOW_MS + 5_000);
    assert_eq!(evidence.server_seq, 9_000);

    let other_court = SigningKey::from_bytes(&[0x99; 32]).verifying_key();
    assert_eq!(
        verify_qr(&payload, &other_court),
        Err(QrError::BadSignature)
    );
    assert_eq!(verify_qr("CDE2.AAAA", &court), Err(QrError::UnknownVersion));
    assert_eq!(verify_qr("CDE1.AAAA", &court), Err(QrError::Malformed));
    // Every single character changed in the payload body makes it fail.
    let body_start = "CDE1.".len();
    for at in body_start..payload.len() {
        let mut forged = payload.clone().into_bytes();
        forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        assert!(
            verify_qr(&forged, &court).is_err(),
            "a change at {at} is caught"
        );
    }
}
