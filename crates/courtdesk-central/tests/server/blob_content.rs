//! Reading a kept blob back, and who may see a blob at all: only terminals
//! of a site that uploaded it see it, only its desks read it (with a clerk
//! signed in), and an unfinished upload is its own terminal's.

use courtdesk_core::Mode;
use courtdesk_protocol::Digest;
use courtdesk_protocol::auth::{
    HEADER_NONCE, HEADER_SESSION, HEADER_SIGNATURE, HEADER_TERMINAL, HEADER_TIMESTAMP,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend::{Backend, on_both_backends};
use crate::client::{Terminal, code_of, now_ms, record, start};

/// Uploads `content` whole and completes it.
async fn upload(terminal: &Terminal, content: &[u8]) -> String {
    let sha = Digest::of(content).to_hex();
    let (status, body) = put_chunk(terminal, &sha, 0, content).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = complete(terminal, &sha).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    sha
}

async fn put_chunk(
    terminal: &Terminal,
    sha: &str,
    offset: u64,
    bytes: &[u8],
) -> (StatusCode, Value) {
    terminal
        .send(
            Method::PUT,
            &format!("/v1/blobs/{sha}/chunks/{offset}"),
            bytes.to_vec(),
        )
        .await
}

async fn complete(terminal: &Terminal, sha: &str) -> (StatusCode, Value) {
    terminal
        .send(Method::POST, &format!("/v1/blobs/{sha}/complete"), vec![])
        .await
}

async fn status_of(terminal: &Terminal, sha: &str) -> Value {
    let (status, body) = terminal
        .send(Method::GET, &format!("/v1/blobs/{sha}"), vec![])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// A signed GET of the blob's content: the status, and the bytes when 200
/// (the error body's code otherwise).
async fn read_content(terminal: &Terminal, sha: &str) -> (StatusCode, Result<Vec<u8>, String>) {
    let path = format!("/v1/blobs/{sha}/content");
    let signed = terminal.sign("GET", &path, &[], now_ms(), &terminal.key);
    let request = terminal
        .http
        .get(format!("{}{}", terminal.base, path))
        .header(HEADER_TERMINAL, &signed.terminal)
        .header(HEADER_TIMESTAMP, signed.timestamp_ms.to_string())
        .header(HEADER_NONCE, &signed.nonce)
        .header(HEADER_SIGNATURE, &signed.signature);
    let request = match &terminal.session {
        Some(token) => request.header(HEADER_SESSION, token),
        None => request,
    };
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let bytes = response.bytes().await.expect("a body").to_vec();
    if status == StatusCode::OK {
        (status, Ok(bytes))
    } else {
        let body: serde_json::Value = serde_json::from_slice(&bytes).expect("a JSON error body");
        (status, Err(code_of(&body).to_owned()))
    }
}

async fn a_desk_of_the_site_reads_a_blob_its_site_uploaded(backend: Backend) {
    let server = start(backend).await;
    let kiosk = server.enroll_as("court-1", "site-a", Mode::Kiosk).await;
    let desk = server.desk("court-1", "site-a").await;
    let other_desk = server.desk("court-1", "site-b").await;
    let content: Vec<u8> = (0..70_000u32).map(|i| (i % 199) as u8).collect();
    let sha = upload(&kiosk, &content).await;

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
    let mut signed_out = server.desk("court-1", "site-a").await;
    signed_out.session = None;
    assert_eq!(
        read_content(&signed_out, &sha).await,
        (StatusCode::UNAUTHORIZED, Err("sign_in_required".into())),
        "a desk reads for a clerk signed in with the server"
    );
    let missing = Digest::of(b"never uploaded").to_hex();
    assert_eq!(
        read_content(&desk, &missing).await,
        (StatusCode::NOT_FOUND, Err("not_found".into())),
        "never uploaded"
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

/// The hole this closes: a desk of another site pushed a record of its own
/// naming a blob's hash, and could then read the blob.
async fn naming_another_sites_blob_in_a_record_reads_nothing(backend: Backend) {
    let server = start(backend).await;
    let kiosk = server.enroll_as("court-1", "site-a", Mode::Kiosk).await;
    let mut intruder = server.desk("court-1", "site-b").await;
    let content = b"a litigant's scanned complaint".to_vec();
    let sha = upload(&kiosk, &content).await;

    let batch = intruder.batch(vec![record(1, json!({"items": [{"sha256": sha}]}))]);
    let (status, body) = intruder.push(&batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        read_content(&intruder, &sha).await,
        (StatusCode::NOT_FOUND, Err("not_found".into())),
        "a record naming the hash gives no right to the bytes"
    );
    let seen = status_of(&intruder, &sha).await;
    assert_eq!(
        (seen["complete"].clone(), seen["next_offset"].clone()),
        (json!(false), json!(0)),
        "another site's blob looks like one nobody has: {seen}"
    );
}

/// A second site that really holds the same bytes becomes a holder by
/// uploading them whole, and is then told the blob is complete.
async fn a_second_site_uploading_the_same_bytes_becomes_a_holder(backend: Backend) {
    let server = start(backend).await;
    let first = server.enroll_as("court-1", "site-a", Mode::Kiosk).await;
    let second = server.enroll_as("court-1", "site-b", Mode::Kiosk).await;
    let desk_b = server.desk("court-1", "site-b").await;
    let content = b"the same agreement, filed at two halls".to_vec();
    let sha = upload(&first, &content).await;
    assert_eq!(status_of(&second, &sha).await["complete"], json!(false));
    assert_eq!(upload(&second, &content).await, sha);
    assert_eq!(status_of(&second, &sha).await["complete"], json!(true));
    let (status, bytes) = read_content(&desk_b, &sha).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes.expect("bytes"), content);
}

/// The hole this closes: any terminal could append to, or complete,
/// another terminal's unfinished upload of the same hash.
async fn another_terminal_cannot_append_to_an_unfinished_upload(backend: Backend) {
    let server = start(backend).await;
    let owner = server.enroll_as("court-1", "site-a", Mode::Kiosk).await;
    let other = server.enroll_as("court-1", "site-a", Mode::Kiosk).await;
    let content: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    let sha = Digest::of(&content).to_hex();
    let (status, body) = put_chunk(&owner, &sha, 0, &content[..4_000]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, body) = put_chunk(&other, &sha, 4_000, b"garbage that would spoil it").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "conflict"),
        "the other terminal's own upload starts at 0: {body}"
    );
    let (status, body) = complete(&other, &sha).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "not_found"),
        "the other terminal began no upload: {body}"
    );
    assert_eq!(status_of(&owner, &sha).await["next_offset"], json!(4_000));
    let (status, body) = put_chunk(&owner, &sha, 4_000, &content[4_000..]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = complete(&owner, &sha).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the owner's upload completes: {body}"
    );
}

on_both_backends!(
    a_desk_of_the_site_reads_a_blob_its_site_uploaded,
    naming_another_sites_blob_in_a_record_reads_nothing,
    a_second_site_uploading_the_same_bytes_becomes_a_holder,
    another_terminal_cannot_append_to_an_unfinished_upload,
);
