//! Ticket-number leases for kiosks, and pulls that wait for a change.

use std::time::{Duration, Instant};

use courtdesk_core::Mode;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend::{Backend, on_both_backends};
use crate::client::{Terminal, code_of, record, start};

on_both_backends!(
    kiosks_of_a_site_lease_blocks_that_never_overlap,
    a_repeated_request_id_returns_the_same_block,
    only_kiosks_lease_and_bad_requests_store_nothing,
    a_waiting_pull_answers_as_soon_as_another_terminal_pushes,
    a_waiting_pull_with_nothing_new_answers_empty_at_its_deadline,
);

fn request_id(n: u8) -> String {
    format!("{n:032x}")
}

async fn lease(terminal: &Terminal, id: &str, service: &str, day: &str) -> (StatusCode, Value) {
    let body = json!({ "request_id": id, "service": service, "day": day });
    terminal
        .send(
            Method::POST,
            "/v1/queue/leases",
            serde_json::to_vec(&body).expect("JSON"),
        )
        .await
}

fn block(body: &Value) -> (u64, u64) {
    (
        body["start"].as_u64().expect("start"),
        body["end"].as_u64().expect("end"),
    )
}

async fn kiosks_of_a_site_lease_blocks_that_never_overlap(backend: Backend) {
    let server = start(backend).await;
    let first = server.enroll_as("court-1", "hall-a", Mode::Kiosk).await;
    let second = server.enroll_as("court-1", "hall-a", Mode::Kiosk).await;
    let elsewhere = server.enroll_as("court-1", "hall-b", Mode::Kiosk).await;

    let (status, a) = lease(&first, &request_id(1), "filing", "2026-11-28").await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(block(&a), (1, 51), "numbers start at 1, 50 to a block");
    let (_, b) = lease(&second, &request_id(1), "filing", "2026-11-28").await;
    assert_eq!(block(&b), (51, 101), "the next kiosk gets the next block");
    let (_, c) = lease(&first, &request_id(2), "filing", "2026-11-28").await;
    assert_eq!(block(&c), (101, 151));
    let (_, other_service) = lease(&first, &request_id(3), "enquiry", "2026-11-28").await;
    assert_eq!(block(&other_service), (1, 51), "each service numbers apart");
    let (_, next_day) = lease(&first, &request_id(4), "filing", "2026-11-29").await;
    assert_eq!(block(&next_day), (1, 51), "numbering restarts each day");
    let (_, other_site) = lease(&elsewhere, &request_id(1), "filing", "2026-11-28").await;
    assert_eq!(block(&other_site), (1, 51), "each site numbers apart");
}

async fn a_repeated_request_id_returns_the_same_block(backend: Backend) {
    let server = start(backend).await;
    let kiosk = server.enroll_as("court-1", "hall-a", Mode::Kiosk).await;
    let (_, first) = lease(&kiosk, &request_id(9), "filing", "2026-11-28").await;
    // The reply was lost; the kiosk asks again with the same id.
    let (status, again) = lease(&kiosk, &request_id(9), "filing", "2026-11-28").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(first, again, "no second block for one request");
    let (_, next) = lease(&kiosk, &request_id(10), "filing", "2026-11-28").await;
    assert_eq!(block(&next), (51, 101), "no numbers were wasted");
}

async fn only_kiosks_lease_and_bad_requests_store_nothing(backend: Backend) {
    let server = start(backend).await;
    let desk = server.enroll("court-1", "hall-a").await;
    let (status, body) = lease(&desk, &request_id(1), "filing", "2026-11-28").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );

    let kiosk = server.enroll_as("court-1", "hall-a", Mode::Kiosk).await;
    for (id, service, day) in [
        ("not-hex", "filing", "2026-11-28"),
        (request_id(2).as_str(), "Filing Desk", "2026-11-28"),
        (request_id(3).as_str(), "filing", "2026-02-30"),
    ] {
        let (status, body) = lease(&kiosk, id, service, day).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::BAD_REQUEST, "bad_request"),
            "{id} {service} {day}: {body}"
        );
    }
    let (status, body) = kiosk
        .send(Method::POST, "/v1/queue/leases", b"{not json".to_vec())
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let (_, first) = lease(&kiosk, &request_id(4), "filing", "2026-11-28").await;
    assert_eq!(
        block(&first),
        (1, 51),
        "the refused requests leased nothing"
    );
}

async fn a_waiting_pull_answers_as_soon_as_another_terminal_pushes(backend: Backend) {
    let server = start(backend).await;
    let display = server.enroll_as("court-1", "hall-a", Mode::Display).await;
    let mut desk = server.enroll("court-1", "hall-a").await;
    // A call as a desk records it: a queue event of its own.
    let mut call = record(
        1,
        json!({"origin": desk.id.as_str(), "ticket": "A017", "change": {"kind": "called", "window": 3}}),
    );
    call.kind = courtdesk_protocol::rights::QUEUE_EVENT.into();
    let batch = desk.batch(vec![call]);
    let began = Instant::now();
    let path = "/v1/sync/pull?after=0&wait_ms=20000";
    let (waited, pushed) = tokio::join!(display.send(Method::GET, path, Vec::new()), async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        desk.push(&batch).await
    });
    assert_eq!(pushed.0, StatusCode::OK);
    let (status, body) = waited;
    assert_eq!(status, StatusCode::OK, "{body}");
    let changes = body["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "the pushed change arrives: {body}");
    assert!(
        began.elapsed() < Duration::from_secs(15),
        "woken by the push, not by the 20 s deadline"
    );
}

async fn a_waiting_pull_with_nothing_new_answers_empty_at_its_deadline(backend: Backend) {
    let server = start(backend).await;
    let display = server.enroll_as("court-1", "hall-a", Mode::Display).await;
    let mut elsewhere = server.enroll("court-1", "hall-b").await;
    let batch = elsewhere.batch(vec![record(2, json!({}))]);
    let path = "/v1/sync/pull?after=0&wait_ms=600";
    let began = Instant::now();
    let (waited, _) = tokio::join!(display.send(Method::GET, path, Vec::new()), async {
        // Another site's change wakes the wait, which finds nothing of its
        // own site and waits on.
        tokio::time::sleep(Duration::from_millis(100)).await;
        elsewhere.push(&batch).await
    });
    let (status, body) = waited;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["changes"], json!([]));
    assert_eq!(body["cursor"], json!(0));
    assert!(began.elapsed() >= Duration::from_millis(550), "it waited");
}
