//! Electronic delivery at the kiosk against the real server: a delivery
//! published for a party, the party identified by a one-time code, its
//! documents fetched into the kiosk's store, and acknowledgment as signed
//! evidence the court countersigns, at once or after the kiosk reconnects.

use base64::Engine;
use courtdesk_central::Publisher;
use courtdesk_core::Mode;
use courtdesk_faultproxy::{FaultProxy, Partition};
use courtdesk_protocol::delivery::{DocumentKind, PublishDocument, PublishRequest, ServiceMethod};
use courtdesk_terminal::delivery::DeliveryEvent;
use courtdesk_terminal::{ErrorCode, Terminal};

use crate::court::{Court, eventually};

const RESIDENT_ID: &str = "11010519491231002X";
const PHONE: &str = "13812345678";
const OTHER_ID: &str = "110101199003070011";
const OTHER_PHONE: &str = "13900001111";

/// A one-page PDF told apart by `text`: the kiosk shows a published
/// document only once it passes the intake checks, so it must be a real one.
fn pdf(text: &str) -> Vec<u8> {
    crate::intake::pdf(1, &format!("/Note ({text})"))
}

/// Publishes `documents` for the party as the case system does; returns
/// the delivery id.
fn publish(court: &Court, request_id: &str, documents: &[(&str, Vec<u8>)]) -> String {
    let request = PublishRequest {
        request_id: request_id.into(),
        case_number: "(2026)京0105民初123号".into(),
        resident_id: RESIDENT_ID.into(),
        phone: PHONE.into(),
        court_id: Some("court-1".into()),
        site_id: Some("hall-a".into()),
        title: "民事判决书".into(),
        kind: DocumentKind::Judgment,
        method: ServiceMethod::Electronic,
        consent_to_electronic: true,
        deadline: "2099-12-31T17:00:00+08:00".into(),
        documents: documents
            .iter()
            .map(|(name, bytes)| PublishDocument {
                name: (*name).into(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            })
            .collect(),
    };
    court
        .running
        .deliveries()
        .publish(
            &Publisher::ApiClient {
                id: "case-system".into(),
                court_id: None,
            },
            &request,
        )
        .expect("published")
        .delivery_id
}

pub(crate) fn identify(court: &Court, kiosk: &Terminal, resident_id: &str, phone: &str) {
    kiosk
        .identity_request_code(resident_id)
        .expect("a code is sent");
    let texts = court.texts();
    let code = texts
        .iter()
        .rev()
        .find(|t| t["to"] == phone)
        .and_then(|t| t["code"].as_str())
        .expect("a code")
        .to_owned();
    kiosk.identity_verify_code(&code).expect("verified");
}

#[test]
fn a_party_reads_and_acknowledges_online_and_offline_and_the_court_countersigns() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    court.party(OTHER_ID, OTHER_PHONE, "李四");
    let judgment = pdf("judgment");
    let notice = pdf("notice");
    let first = publish(&court, "req-1", &[("judgment.pdf", judgment.clone())]);
    let second = publish(&court, "req-2", &[("notice.pdf", notice.clone())]);

    let proxy = court
        .runtime
        .block_on(FaultProxy::start(court.running.local_addr()))
        .expect("the proxy starts");
    let (dir, kiosk) = court.terminal_via(Mode::Kiosk, proxy.addr());

    assert_eq!(
        kiosk
            .deliveries_for_visitor()
            .expect_err("nobody identified")
            .code,
        ErrorCode::IllegalAction
    );

    identify(&court, &kiosk, RESIDENT_ID, PHONE);
    let listed = kiosk.deliveries_for_visitor().expect("listed");
    assert!(!listed.offline);
    let mut ids: Vec<&str> = listed
        .deliveries
        .iter()
        .map(|d| d.delivery_id.as_str())
        .collect();
    ids.sort_unstable();
    let mut expected = vec![first.as_str(), second.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    let shown = listed
        .deliveries
        .iter()
        .find(|d| d.delivery_id == first)
        .expect("the first");
    assert_eq!(shown.documents.len(), 1);
    assert!(shown.documents[0].held, "fetched into the store");
    let sha = shown.documents[0].sha256.clone();
    assert_eq!(
        kiosk.delivery_document(&first, &sha).expect("the bytes"),
        judgment
    );
    assert_eq!(
        kiosk
            .delivery_document(&first, &"0".repeat(64))
            .expect_err("not a document of the delivery")
            .code,
        ErrorCode::NoSuchDelivery
    );

    // Online: opened, then acknowledged, each countersigned at once.
    let opened = kiosk
        .delivery_event(&first, DeliveryEvent::Opened)
        .expect("recorded");
    assert!(opened.countersigned, "{opened:?}");
    assert_eq!(opened.seq, 1);
    let acknowledged = kiosk
        .delivery_event(&first, DeliveryEvent::Acknowledged)
        .expect("recorded");
    assert!(acknowledged.countersigned, "{acknowledged:?}");
    assert_eq!(acknowledged.seq, 2);
    assert_eq!(acknowledged.delivery_state.as_deref(), Some("acknowledged"));
    assert!(
        acknowledged
            .qr_payload
            .as_deref()
            .is_some_and(|q| q.starts_with("CDE1."))
    );

    // Offline: the kept deliveries and documents still serve, and the
    // records are signed and kept until the server is back.
    let faults = proxy.handle();
    faults.partition(Partition::Refuse);
    let offline = kiosk.deliveries_for_visitor().expect("from the store");
    assert!(offline.offline);
    assert!(offline.deliveries.iter().any(|d| d.delivery_id == second));
    let notice_sha = offline
        .deliveries
        .iter()
        .find(|d| d.delivery_id == second)
        .expect("the second")
        .documents[0]
        .sha256
        .clone();
    assert_eq!(
        kiosk
            .delivery_document(&second, &notice_sha)
            .expect("from the store"),
        notice
    );
    let opened = kiosk
        .delivery_event(&second, DeliveryEvent::Opened)
        .expect("kept offline");
    assert!(!opened.countersigned);
    let acknowledged = kiosk
        .delivery_event(&second, DeliveryEvent::Acknowledged)
        .expect("kept offline");
    assert!(!acknowledged.countersigned);
    assert_eq!(acknowledged.seq, 2);
    assert_eq!(kiosk.delivery_submit_pending().expect("still offline"), 2);

    // Back online, the kiosk sends them by itself.
    faults.heal();
    let store = courtdesk_store::Store::open(&dir.path().join("terminal.sqlite3"))
        .expect("a second handle");
    eventually("the pending records to be countersigned", || {
        store
            .pending_evidence()
            .expect("read")
            .is_empty()
            .then_some(())
    });
    assert_eq!(kiosk.delivery_submit_pending().expect("sent"), 0);
    assert_eq!(
        kiosk.delivery_submit_pending().expect("nothing left"),
        0,
        "idempotent"
    );
    let after = kiosk.deliveries_for_visitor().expect("listed");
    assert!(!after.offline);
    assert!(after.deliveries.is_empty(), "both acknowledged: {after:?}");

    // Another party at the same kiosk sees nothing of these.
    kiosk.visit_finish().expect("cleared");
    identify(&court, &kiosk, OTHER_ID, OTHER_PHONE);
    let theirs = kiosk.deliveries_for_visitor().expect("listed");
    assert!(theirs.deliveries.is_empty());
    assert_eq!(
        kiosk
            .delivery_document(&first, &sha)
            .expect_err("not theirs")
            .code,
        ErrorCode::NoSuchDelivery
    );
}

#[test]
fn the_site_list_shows_a_delivery_and_a_record_sent_again_gets_the_same_countersignature() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let delivery = publish(&court, "req-site", &[("summons.pdf", pdf("summons"))]);
    let (dir, kiosk) = court.terminal(Mode::Kiosk);

    // The kiosk's own client, as its sync link signs.
    let store = courtdesk_store::Store::open(&dir.path().join("terminal.sqlite3"))
        .expect("a second handle");
    let central = courtdesk_sync::enrolled_central(&store).expect("enrolled");
    let site = court
        .runtime
        .block_on(central.site_deliveries())
        .expect("the site's deliveries");
    assert_eq!(site.deliveries.len(), 1);
    assert_eq!(site.deliveries[0].delivery_id, delivery);
    assert!(
        !site.deliveries[0].party.contains("1101"),
        "a keyed hash, not the number"
    );

    identify(&court, &kiosk, RESIDENT_ID, PHONE);
    kiosk.deliveries_for_visitor().expect("listed");
    let view = kiosk
        .delivery_event(
            &delivery,
            DeliveryEvent::Refused {
                reason: "not_the_addressee".into(),
                text: "不是本人的文书".into(),
            },
        )
        .expect("recorded");
    assert!(view.countersigned, "{view:?}");
    assert_eq!(view.event, "refused");
    assert_eq!(view.delivery_state.as_deref(), Some("refused"));

    // A retry after a lost answer: the court answers with what it gave.
    let kept = store
        .evidence(&view.evidence_sha256)
        .expect("read")
        .expect("kept");
    let first: courtdesk_protocol::delivery::EvidenceReceipt =
        serde_json::from_str(kept.receipt.as_deref().expect("a receipt")).expect("json");
    let again = court
        .runtime
        .block_on(
            central.submit_evidence(&courtdesk_protocol::delivery::EvidenceSubmission {
                record: kept.evidence.record.clone(),
                terminal_signature: kept.evidence.terminal_signature.clone(),
            }),
        )
        .expect("answered");
    assert!(again.duplicate);
    assert_eq!(again.countersigned, first.countersigned);
    assert!(
        !kept.evidence.record.contains(RESIDENT_ID),
        "never the full number"
    );

    // A record the court refuses for good (the delivery is closed) is kept
    // with the court's reason and no longer sent.
    let late = kiosk
        .delivery_event(&delivery, DeliveryEvent::Acknowledged)
        .expect("recorded at the kiosk");
    assert!(!late.countersigned, "{late:?}");
    assert_eq!(
        store
            .evidence_refusal(&late.evidence_sha256)
            .expect("read")
            .as_deref(),
        Some("delivery_closed")
    );
    assert!(store.pending_evidence().expect("read").is_empty());
    assert_eq!(kiosk.delivery_submit_pending().expect("nothing to send"), 0);

    // A document no delivery of the party names is refused.
    court.register_card_readers();
    let proof = courtdesk_protocol::delivery::PartyProof::IdCard {
        resident_id: RESIDENT_ID.to_owned(),
        card_digest: "0".repeat(64),
    };
    let refused = court
        .runtime
        .block_on(
            central.delivery_document(&courtdesk_protocol::Digest::of(b"nothing"), Some(&proof)),
        )
        .expect_err("unknown");
    assert!(matches!(
        refused,
        courtdesk_sync::DeliveryError::Refused { status: 404, .. }
    ));
}

#[test]
fn a_published_document_that_fails_the_intake_checks_is_kept_but_not_shown() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    // A document with a script run on opening, as a compromised or careless
    // publisher might send: the kiosk must not open it.
    let hostile = crate::intake::pdf(
        1,
        "/OpenAction << /S /JavaScript /JS (app.launchURL('http://evil.example/')) >>",
    );
    let clean = pdf("notice");
    let delivery = publish(
        &court,
        "req-unsafe",
        &[
            ("judgment.pdf", hostile.clone()),
            ("notice.pdf", clean.clone()),
        ],
    );
    let (_dir, kiosk) = court.terminal(Mode::Kiosk);
    identify(&court, &kiosk, RESIDENT_ID, PHONE);
    let listed = kiosk.deliveries_for_visitor().expect("listed");
    let shown = listed
        .deliveries
        .iter()
        .find(|d| d.delivery_id == delivery)
        .expect("listed");
    let sha_of = |bytes: &[u8]| courtdesk_protocol::Digest::of(bytes).to_hex();
    let hostile_doc = shown
        .documents
        .iter()
        .find(|d| d.sha256 == sha_of(&hostile))
        .expect("the hostile document is listed under the court's own hash");
    assert!(
        hostile_doc.held,
        "kept as fetched: it is the court's evidence"
    );
    let error = kiosk
        .delivery_document(&delivery, &hostile_doc.sha256)
        .expect_err("not shown");
    assert_eq!(
        (error.code, error.detail.as_deref()),
        (ErrorCode::DocumentUnsafe, Some("pdf_active_content"))
    );
    // The other document of the same delivery is shown, unchanged.
    assert_eq!(
        kiosk
            .delivery_document(&delivery, &sha_of(&clean))
            .expect("shown"),
        clean
    );
}
