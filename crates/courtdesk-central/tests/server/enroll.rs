//! Enrollment with one-time codes.

use courtdesk_core::TerminalId;
use ed25519_dalek::SigningKey;
use rand::rngs::OsRng;
use reqwest::StatusCode;

use crate::backend::{Backend, on_both_backends};
use crate::client::{code_of, start};

async fn a_code_binds_one_terminal_to_its_court_and_site(backend: Backend) {
    let server = start(backend).await;
    let code = server.code("court-1", "site-a");
    let id = TerminalId::from_bits(1);
    let key = SigningKey::generate(&mut OsRng);
    let (status, body) = server.try_enroll(&code, &id, &key).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["court_id"].as_str(), body["site_id"].as_str()),
        (Some("court-1"), Some("site-a"))
    );

    let (status, body) = server
        .try_enroll(&code, &TerminalId::from_bits(2), &key)
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden"),
        "a spent code"
    );
    let (status, _) = server
        .try_enroll("AAAA-BBBB", &TerminalId::from_bits(3), &key)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an unknown code");

    let listed = server.registry().terminals().expect("list");
    assert_eq!(listed.len(), 1, "only the first terminal was enrolled");
    assert_eq!(listed[0].id, id);
}

async fn an_enrolled_terminal_id_cannot_enroll_again(backend: Backend) {
    let server = start(backend).await;
    let key = SigningKey::generate(&mut OsRng);
    let id = TerminalId::from_bits(7);
    let (status, _) = server
        .try_enroll(&server.code("court-1", "site-a"), &id, &key)
        .await;
    assert_eq!(status, StatusCode::OK);
    let intruder = SigningKey::generate(&mut OsRng);
    let code = server.code("court-1", "site-b");
    let (status, body) = server.try_enroll(&code, &id, &intruder).await;
    assert_eq!((status, code_of(&body)), (StatusCode::CONFLICT, "conflict"));
    let standing = server.registry().terminal(&id).expect("enrolled");
    assert_eq!(standing.site_id, "site-a", "the first binding stands");
    let (status, _) = server
        .try_enroll(&code, &TerminalId::from_bits(8), &intruder)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the refused attempt did not spend the code"
    );
}

on_both_backends!(
    a_code_binds_one_terminal_to_its_court_and_site,
    an_enrolled_terminal_id_cannot_enroll_again,
);
