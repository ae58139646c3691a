//! Signed requests: who is refused, with which code, and that a refused
//! push stores nothing.

use courtdesk_central::RateLimit;
use courtdesk_core::TerminalId;
use courtdesk_protocol::api::paths;
use courtdesk_protocol::auth::FRESHNESS_MS;
use ed25519_dalek::SigningKey;
use rand::rngs::OsRng;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backend::{Backend, on_both_backends};
use crate::client::{Terminal, code_of, now_ms, record, start, start_with};

fn push_body(terminal: &mut Terminal) -> Vec<u8> {
    let batch = terminal.batch(vec![record(0, json!("refused"))]);
    serde_json::to_vec(&batch).expect("serializable")
}

async fn missing_or_wrong_credentials_are_unauthenticated(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let body = push_body(&mut terminal);

    let (status, error) = server.raw(Method::POST, paths::PUSH, body.clone()).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::UNAUTHORIZED, "unauthenticated"),
        "no credentials"
    );

    let stranger = SigningKey::generate(&mut OsRng);
    let signed = terminal.sign("POST", paths::PUSH, &body, now_ms(), &stranger);
    let (status, error) = terminal
        .send_signed(Method::POST, paths::PUSH, body.clone(), &signed)
        .await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::UNAUTHORIZED, "unauthenticated"),
        "wrong key"
    );

    let mut signed = terminal.sign("POST", paths::PUSH, &body, now_ms(), &terminal.key);
    signed.terminal = TerminalId::from_bits(42).to_string();
    let (status, error) = terminal
        .send_signed(Method::POST, paths::PUSH, body.clone(), &signed)
        .await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::UNAUTHORIZED, "unauthenticated"),
        "unknown terminal"
    );

    let signed = terminal.sign("POST", paths::PUSH, b"{}", now_ms(), &terminal.key);
    let (status, _) = terminal
        .send_signed(Method::POST, paths::PUSH, body, &signed)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a signature over another body"
    );

    assert!(terminal.pulled_ids().await.is_empty(), "nothing was stored");
}

async fn a_replayed_nonce_and_a_stale_timestamp_are_refused(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let body = push_body(&mut terminal);

    let stale = now_ms() - FRESHNESS_MS - 60_000;
    let signed = terminal.sign("POST", paths::PUSH, &body, stale, &terminal.key);
    let (status, error) = terminal
        .send_signed(Method::POST, paths::PUSH, body.clone(), &signed)
        .await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::UNAUTHORIZED, "replayed"),
        "stale"
    );
    assert!(terminal.pulled_ids().await.is_empty(), "nothing was stored");

    let signed = terminal.sign("POST", paths::PUSH, &body, now_ms(), &terminal.key);
    let (status, _) = terminal
        .send_signed(Method::POST, paths::PUSH, body.clone(), &signed)
        .await;
    assert_eq!(status, StatusCode::OK, "the first use is accepted");
    let (status, error) = terminal
        .send_signed(Method::POST, paths::PUSH, body, &signed)
        .await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::UNAUTHORIZED, "replayed"),
        "replayed"
    );
    assert_eq!(terminal.pulled_ids().await.len(), 1);
}

async fn a_revoked_terminal_is_forbidden(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let witness = server.enroll("court-1", "site-a").await;
    server.registry().revoke(&terminal.id).expect("revoked");
    let batch = terminal.batch(vec![record(0, json!("late"))]);
    let (status, error) = terminal.push(&batch).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    assert!(witness.pulled_ids().await.is_empty(), "nothing was stored");
    let listed = server.registry().terminals().expect("list");
    let revoked = listed.iter().find(|t| t.id == terminal.id).expect("listed");
    assert!(revoked.revoked_ms.is_some());
}

async fn a_terminal_over_its_rate_is_refused(backend: Backend) {
    let server = start_with(backend, |s| {
        s.rate_limit = RateLimit {
            per_second: 0.5,
            burst: 3,
        }
    })
    .await;
    let terminal = server.enroll("court-1", "site-a").await;
    let other = server.enroll("court-1", "site-a").await;
    for _ in 0..3 {
        let (status, _) = terminal.send(Method::GET, paths::WHOAMI, vec![]).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, error) = terminal.send(Method::GET, paths::WHOAMI, vec![]).await;
    assert_eq!(
        (status, code_of(&error)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    let (status, _) = other.send(Method::GET, paths::WHOAMI, vec![]).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another terminal has its own budget"
    );
}

on_both_backends!(
    missing_or_wrong_credentials_are_unauthenticated,
    a_replayed_nonce_and_a_stale_timestamp_are_refused,
    a_revoked_terminal_is_forbidden,
    a_terminal_over_its_rate_is_refused,
);
