//! Reading a kept blob back: only a staff desk of a court and site one of
//! whose records names it.

use courtdesk_core::Mode;
use courtdesk_protocol::Digest;
use courtdesk_protocol::auth::{HEADER_NONCE, HEADER_SIGNATURE, HEADER_TERMINAL, HEADER_TIMESTAMP};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backend::{Backend, on_both_backends};
use crate::client::{Terminal, code_of, now_ms, record, start};

/// Uploads `content` whole and completes it.
async fn upload(terminal: &Terminal, content: &[u8]) -> String {
    let sha = Digest::of(content).to_hex();
    let (status, body) = terminal
        .send(
            Method::PUT,
            &format!("/v1/blobs/{sha}/chunks/0"),
            content.to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = terminal
        .send(Method::POST, &format!("/v1/blobs/{sha}/complete"), vec![])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    sha
}

/// A signed GET of the blob's content: the status, and the bytes when 200
/// (the error body's code otherwise).
async fn read_content(terminal: &Terminal, sha: &str) -> (StatusCode, Result<Vec<u8>, String>) {
    let path = format!("/v1/blobs/{sha}/content");
    let signed = terminal.sign("GET", &path, &[], now_ms(), &terminal.key);
    let response = terminal
        .http
        .get(format!("{}{}", terminal.base, path))
        .header(HEADER_TERMINAL, &signed.terminal)
        .header(HEADER_TIMESTAMP, signed.timestamp_ms.to_string())
        .header(HEADER_NONCE, &signed.nonce)
        .header(HEADER_SIGNATURE, &signed.signature)
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    let bytes = response.bytes().await.expect("a body").to_vec();
    if status == StatusCode::OK {
        (status, Ok(bytes))
    } else {
        let body: serde_json::Value = serde_json::from_slice(&bytes).expect("a JSON error body");
        (status, Err(code_of(&body).to_owned()))
    }
}

async fn a_desk_of_the_site_reads_a_blob_its_site_named(backend: Backend) {
    let server = start(backend).await;
    let mut kiosk = server.enroll_as("court-1", "site-a", Mode::Kiosk).await;
    let desk = server.enroll_as("court-1", "site-a", Mode::Staff).await;
    let other_desk = server.enroll_as("court-1", "site-b", Mode::Staff).await;
    let content: Vec<u8> = (0..70_000u32).map(|i| (i % 199) as u8).collect();
    let sha = upload(&kiosk, &content).await;

    assert_eq!(
        read_content(&desk, &sha).await,
        (StatusCode::NOT_FOUND, Err("not_found".into())),
        "uploaded, but no record of the site names it yet"
    );
    let batch = kiosk.batch(vec![record(1, json!({"items": [{"sha256": sha}]}))]);
    let (status, body) = kiosk.push(&batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, bytes) = read_content(&desk, &sha).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes.expect("the bytes"), content);
    assert_eq!(
        read_content(&other_desk, &sha).await,
        (StatusCode::NOT_FOUND, Err("not_found".into())),
        "a desk of another site is told nothing"
    );
    assert_eq!(
        read_content(&kiosk, &sha).await,
        (StatusCode::FORBIDDEN, Err("forbidden".into())),
        "only desks read submitted documents"
    );
    let missing = Digest::of(b"never uploaded").to_hex();
    let batch = kiosk.batch(vec![record(2, json!({"sha256": missing}))]);
    assert_eq!(kiosk.push(&batch).await.0, StatusCode::OK);
    assert_eq!(
        read_content(&desk, &missing).await,
        (StatusCode::NOT_FOUND, Err("not_found".into())),
        "named but never uploaded"
    );
    assert_eq!(
        read_content(&desk, "not-a-digest").await,
        (StatusCode::BAD_REQUEST, Err("bad_request".into()))
    );
    let (status, _) = server
        .raw(Method::GET, &format!("/v1/blobs/{sha}/content"), vec![])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the read is signed");
}

on_both_backends!(a_desk_of_the_site_reads_a_blob_its_site_named);
