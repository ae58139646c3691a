//! Bodies the server will not read and routes it does not have, each
//! answered with the protocol's JSON error.

use courtdesk_protocol::api::{MAX_PUSH_RECORDS, paths};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backend::{Backend, on_both_backends};
use crate::client::{code_of, record, start, start_with};

async fn an_oversized_body_is_refused_with_413(backend: Backend) {
    let server = start_with(backend, |s| s.body_limit = 64 * 1024).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let big = "x".repeat(100 * 1024);
    let batch = terminal.batch(vec![record(0, json!({ "blob": big }))]);
    let (status, error) = terminal.push(&batch).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    assert!(terminal.pulled_ids().await.is_empty(), "nothing was stored");
}

async fn too_many_records_are_refused_whole(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let batch = terminal.batch(
        (0..=MAX_PUSH_RECORDS as u64)
            .map(|i| record(i, json!(i)))
            .collect(),
    );
    let (status, error) = terminal.push(&batch).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    assert!(terminal.pulled_ids().await.is_empty(), "nothing was stored");
}

async fn malformed_json_is_a_bad_request_with_a_json_body(backend: Backend) {
    let server = start(backend).await;
    let terminal = server.enroll("court-1", "site-a").await;
    let (status, error) = terminal
        .send(Method::POST, paths::PUSH, b"{not json".to_vec())
        .await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let (status, error) = terminal
        .send(
            Method::POST,
            paths::PUSH,
            br#"{"records":[],"audit":[],"extra":1}"#.to_vec(),
        )
        .await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "unknown fields"
    );
    let (status, error) = server.raw(Method::POST, paths::ENROLL, b"[".to_vec()).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "enroll"
    );
    let (status, error) = terminal
        .send(Method::GET, "/v1/sync/pull?after=minus-one", vec![])
        .await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "query"
    );
    assert!(terminal.pulled_ids().await.is_empty(), "nothing was stored");
}

async fn an_unknown_route_is_a_json_404(backend: Backend) {
    let server = start(backend).await;
    let (status, error) = server.raw(Method::GET, "/v1/nowhere", vec![]).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, error) = server.raw(Method::DELETE, paths::ENROLL, vec![]).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::NOT_FOUND, "not_found"),
        "wrong method"
    );
}

on_both_backends!(
    an_oversized_body_is_refused_with_413,
    too_many_records_are_refused_whole,
    malformed_json_is_a_bad_request_with_a_json_body,
    an_unknown_route_is_a_json_404,
);
