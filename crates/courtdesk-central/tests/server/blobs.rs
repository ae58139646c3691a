//! Resumable, content-addressed blob upload.

use courtdesk_protocol::Digest;
use reqwest::{Method, StatusCode};

use crate::backend::{Backend, on_both_backends};
use crate::client::{code_of, start};

async fn a_blob_uploads_in_chunks_resumes_and_is_kept_when_its_hash_matches(backend: Backend) {
    let server = start(backend).await;
    let terminal = server.enroll("court-1", "site-a").await;
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let sha = Digest::of(&content).to_hex();
    let status_path = format!("/v1/blobs/{sha}");
    let chunk = |offset: usize| format!("/v1/blobs/{sha}/chunks/{offset}");

    let (status, body) = terminal.send(Method::GET, &status_path, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["next_offset"].as_u64(), body["complete"].as_bool()),
        (Some(0), Some(false))
    );

    let (status, _) = terminal
        .send(Method::PUT, &chunk(0), content[..100_000].to_vec())
        .await;
    assert_eq!(status, StatusCode::OK);
    // The connection "drops"; the terminal asks where to resume.
    let (_, body) = terminal.send(Method::GET, &status_path, vec![]).await;
    assert_eq!(body["next_offset"], 100_000);
    // A retried chunk changes nothing; a chunk past the end is refused.
    let (status, body) = terminal
        .send(Method::PUT, &chunk(0), content[..100_000].to_vec())
        .await;
    assert_eq!(
        (status, body["next_offset"].as_u64()),
        (StatusCode::OK, Some(100_000))
    );
    let (status, body) = terminal
        .send(Method::PUT, &chunk(200_000), content[200_000..].to_vec())
        .await;
    assert_eq!((status, code_of(&body)), (StatusCode::CONFLICT, "conflict"));
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("100000"),
        "{body}"
    );

    let (status, _) = terminal
        .send(Method::PUT, &chunk(100_000), content[100_000..].to_vec())
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = terminal
        .send(Method::POST, &format!("/v1/blobs/{sha}/complete"), vec![])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["complete"], true);
    let stored =
        std::fs::read(server.home.dir.path().join("blobs").join(&sha)).expect("the blob file");
    assert_eq!(stored, content);
}

async fn a_blob_whose_bytes_do_not_match_its_name_is_discarded(backend: Backend) {
    let server = start(backend).await;
    let terminal = server.enroll("court-1", "site-a").await;
    let sha = Digest::of(b"the real document").to_hex();
    let (status, _) = terminal
        .send(
            Method::PUT,
            &format!("/v1/blobs/{sha}/chunks/0"),
            b"a forgery".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = terminal
        .send(Method::POST, &format!("/v1/blobs/{sha}/complete"), vec![])
        .await;
    assert_eq!((status, code_of(&body)), (StatusCode::CONFLICT, "conflict"));
    let (_, body) = terminal
        .send(Method::GET, &format!("/v1/blobs/{sha}"), vec![])
        .await;
    assert_eq!(
        (body["next_offset"].as_u64(), body["complete"].as_bool()),
        (Some(0), Some(false))
    );
    assert!(
        !server.home.dir.path().join("blobs").join(&sha).exists(),
        "nothing was kept"
    );

    let (status, _) = server
        .raw(Method::GET, &format!("/v1/blobs/{sha}"), vec![])
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "blobs need a signed request too"
    );
    let (status, body) = terminal
        .send(Method::GET, "/v1/blobs/not-a-digest", vec![])
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
}

on_both_backends!(
    a_blob_uploads_in_chunks_resumes_and_is_kept_when_its_hash_matches,
    a_blob_whose_bytes_do_not_match_its_name_is_discarded,
);
