//! What the delivery tests share: documents, publications, the case
//! system's token, the kiosk's signed evidence records.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_central::{DeliveryFilter, Settings};
use courtdesk_evidence::{
    ChainLink, DocumentRef, EventKind, EvidenceRecord, Identity, IdentityMethod, PublicKey,
    RECORD_FORMAT, Refusal, SignedRecord,
};
use courtdesk_protocol::Digest;
use courtdesk_protocol::delivery::{
    DocumentKind, PublishDocument, PublishRequest, ServiceMethod, paths,
};
use courtdesk_protocol::hlc::Hlc;
use rand::Rng;
use rand::rngs::OsRng;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::backend::{Backend, blocking};
use crate::client::{Server, Terminal, now_ms, read};
use crate::identity::{COURT, identity_server, phone, resident_id};

/// A deadline far ahead; tests that need it passed move the server's
/// identity clock beyond it.
pub(crate) const DEADLINE: &str = "2099-12-31T17:00:00+08:00";
pub(crate) const DEADLINE_MS: u64 = 4_102_390_800_000;

/// A small, whole one-page PDF (blank, A4) whose bytes differ with `text`.
pub(crate) fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% {text}\n\
         1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
         2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
         3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n\
         trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

/// A delivery server with small document limits, so the size refusals
/// are cheap to reach.
pub(crate) async fn delivery_server(
    backend: Backend,
) -> (Server, courtdesk_central::IdentityClock) {
    identity_server(backend, |settings: &mut Settings| {
        settings.delivery_limits.max_document_bytes = 4096;
        settings.delivery_limits.max_delivery_bytes = 8192;
        settings.delivery_limits.max_documents = 3;
    })
    .await
}

/// A publication for party `n` at `site`, electronic with consent, one
/// document.
pub(crate) fn request(n: u16, site: &str) -> PublishRequest {
    PublishRequest {
        request_id: format!("req-{:016x}", OsRng.r#gen::<u64>()),
        case_number: format!("(2026)京0105民初{n}号"),
        resident_id: resident_id(n),
        phone: phone(n),
        court_id: Some(COURT.to_owned()),
        site_id: Some(site.to_owned()),
        title: "开庭传票".to_owned(),
        kind: DocumentKind::Summons,
        method: ServiceMethod::Electronic,
        consent_to_electronic: true,
        deadline: DEADLINE.to_owned(),
        documents: vec![document("summons.pdf", &pdf(&format!("summons {n}")))],
    }
}

pub(crate) fn document(name: &str, bytes: &[u8]) -> PublishDocument {
    PublishDocument {
        name: name.to_owned(),
        content_base64: STANDARD.encode(bytes),
    }
}

/// Publishes through a terminal's signed request.
pub(crate) async fn publish(desk: &Terminal, request: &PublishRequest) -> (StatusCode, Value) {
    let body = serde_json::to_vec(request).expect("JSON");
    desk.send(Method::POST, paths::PUBLISH, body).await
}

/// Publishes with the case system's bearer token.
pub(crate) async fn publish_with_token(
    server: &Server,
    token: &str,
    request: &PublishRequest,
) -> (StatusCode, Value) {
    post_with_token(server, token, paths::PUBLISH, request).await
}

/// Posts `body` as JSON with the case system's bearer token.
pub(crate) async fn post_with_token(
    server: &Server,
    token: &str,
    path: &str,
    body: &impl serde::Serialize,
) -> (StatusCode, Value) {
    let response = server
        .http
        .post(format!("{}{}", server.base, path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("the server answers");
    read(response).await
}

/// A new API client's token.
pub(crate) fn api_token(server: &Server, name: &str) -> String {
    blocking(|| {
        let (_, token) = server
            .running
            .api_clients()
            .add(name, COURT)
            .expect("an API client");
        token.reveal().to_owned()
    })
}

/// The published delivery's id, asserting the publication succeeded.
pub(crate) async fn published(desk: &Terminal, request: &PublishRequest) -> String {
    let (status, body) = publish(desk, request).await;
    assert_eq!(status, StatusCode::OK, "publication: {body}");
    body["delivery_id"].as_str().expect("an id").to_owned()
}

/// How many deliveries the store holds, and how many document files.
pub(crate) fn stored(server: &Server) -> (usize, usize) {
    let deliveries = blocking(|| {
        server
            .running
            .deliveries()
            .list(&DeliveryFilter::default())
            .expect("a list")
            .len()
    });
    let blobs = std::fs::read_dir(server.home.dir.path().join("blobs"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .count()
        })
        .unwrap_or(0);
    (deliveries, blobs)
}

pub(crate) async fn site_list(kiosk: &Terminal) -> (StatusCode, Value) {
    kiosk.send(Method::GET, paths::SITE, Vec::new()).await
}

pub(crate) async fn waiting(kiosk: &Terminal, proof: &Value) -> (StatusCode, Value) {
    let body = serde_json::to_vec(proof).expect("JSON");
    kiosk.send(Method::POST, paths::WAITING, body).await
}

/// The deliveries of a kiosk's or desk's list answer.
pub(crate) fn ids(body: &Value) -> Vec<String> {
    body["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .map(|d| d["delivery_id"].as_str().expect("id").to_owned())
        .collect()
}

/// A record of `event` on the delivery `listed` (as a kiosk lists it),
/// signed by `kiosk`'s key, following `prev`. The party is named by
/// `listed["masked_resident_id"]` when the test put it there, else as
/// party 1 of the identity tests.
pub(crate) fn record(
    kiosk: &Terminal,
    listed: &Value,
    event: EventKind,
    prev: Option<ChainLink>,
    terminal_time_ms: u64,
) -> SignedRecord {
    record_as(
        kiosk,
        listed,
        event,
        prev,
        terminal_time_ms,
        IdentityMethod::ResidentIdOtp,
    )
}

/// [`record`] with the identity method the terminal claims.
pub(crate) fn record_as(
    kiosk: &Terminal,
    listed: &Value,
    event: EventKind,
    prev: Option<ChainLink>,
    terminal_time_ms: u64,
    method: IdentityMethod,
) -> SignedRecord {
    let documents = listed["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| DocumentRef {
            name: d["name"].as_str().expect("name").to_owned(),
            sha256: d["sha256"]
                .as_str()
                .expect("sha256")
                .parse::<Digest>()
                .expect("a digest"),
        })
        .collect();
    let mut record = EvidenceRecord {
        format: RECORD_FORMAT.to_owned(),
        seq: 1,
        event,
        delivery_id: listed["delivery_id"].as_str().expect("id").to_owned(),
        documents,
        identity: Identity {
            method,
            reference: listed["masked_resident_id"]
                .as_str()
                .unwrap_or("110***********0016")
                .to_owned(),
        },
        terminal_id: kiosk.id.clone(),
        terminal_public_key: PublicKey(kiosk.key.verifying_key()),
        terminal_time_ms,
        hlc: Hlc {
            wall_ms: terminal_time_ms,
            counter: 0,
        },
        refusal: (event == EventKind::Refused).then(|| Refusal {
            code: "not_the_addressee".to_owned(),
            reason: "不是本人".to_owned(),
        }),
        prev_sha256: None,
    };
    record.follow(prev);
    record.sign(&kiosk.key).expect("a valid record")
}

pub(crate) async fn submit(kiosk: &Terminal, signed: &SignedRecord) -> (StatusCode, Value) {
    let body = serde_json::to_vec(signed).expect("JSON");
    kiosk.send(Method::POST, paths::EVIDENCE, body).await
}

pub(crate) async fn submit_raw(kiosk: &Terminal, body: &Value) -> (StatusCode, Value) {
    let body = serde_json::to_vec(body).expect("JSON");
    kiosk.send(Method::POST, paths::EVIDENCE, body).await
}

/// The one delivery a kiosk's site list holds, by id.
pub(crate) async fn listed(kiosk: &Terminal, id: &str) -> Value {
    let (status, body) = site_list(kiosk).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .find(|d| d["delivery_id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} is listed: {body}"))
}

pub(crate) fn now() -> u64 {
    now_ms()
}

/// A resident ID number masked as the server masks it.
pub(crate) fn masked(number: &str) -> String {
    format!("{}***********{}", &number[..3], &number[14..])
}
