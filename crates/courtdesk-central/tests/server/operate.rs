//! Operating the server: the liveness and readiness probes, and the metrics
//! on their own plain listener.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backend::{Backend, on_both_backends};
use crate::client::{Server, record, start, start_with};

async fn probes_answer_without_a_signature_and_readiness_follows_the_store(backend: Backend) {
    let server = start(backend).await;
    let (status, body) = server.raw(Method::GET, "/healthz", Vec::new()).await;
    assert_eq!(
        (status, &body),
        (StatusCode::OK, &json!({"status": "alive"}))
    );
    let (status, body) = server.raw(Method::GET, "/readyz", Vec::new()).await;
    assert_eq!(
        (status, &body),
        (StatusCode::OK, &json!({"status": "ready"}))
    );

    // A store that cannot answer its trivial query (its terminals table gone
    // behind the server's back) makes the server unready, not dead.
    let database = &server.home.database;
    database.execute("ALTER TABLE terminals RENAME TO terminals_away", &[]);
    let (status, body) = server.raw(Method::GET, "/readyz", Vec::new()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["code"], "internal", "{body}");
    assert!(
        !body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("terminals"),
        "the store's detail stays in the log: {body}"
    );
    let (status, _) = server.raw(Method::GET, "/healthz", Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "liveness does not touch the store");

    database.execute("ALTER TABLE terminals_away RENAME TO terminals", &[]);
    let (status, body) = server.raw(Method::GET, "/readyz", Vec::new()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "ready again once the store answers: {body}"
    );
}

async fn scrape(server: &Server) -> String {
    let address = server.running.metrics_addr().expect("a metrics listener");
    let response = reqwest::get(format!("http://{address}/metrics"))
        .await
        .expect("the metrics listener answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("text")
}

async fn metrics_count_requests_pushes_held_pulls_and_store_errors(backend: Backend) {
    let server = start_with(backend, |settings| {
        settings.metrics_listen = Some("127.0.0.1:0".parse().expect("an address"));
    })
    .await;
    let mut terminal = server.enroll("court-1", "site-a").await;

    // A pull waiting for a change is counted while it waits.
    let waiting = {
        let puller = server.enroll("court-1", "site-a").await;
        tokio::spawn(async move {
            let path = "/v1/sync/pull?after=0&wait_ms=20000";
            puller.send(Method::GET, path, Vec::new()).await
        })
    };
    let mut held = false;
    for _ in 0..100 {
        if scrape(&server)
            .await
            .contains("courtdesk_central_pulls_held 1\n")
        {
            held = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        held,
        "the waiting pull was never counted:\n{}",
        scrape(&server).await
    );

    let batch = terminal.batch((0..3).map(|i| record(i, json!({ "n": i }))).collect());
    assert_eq!(terminal.push(&batch).await.0, StatusCode::OK);
    let (status, _) = waiting.await.expect("the pull ends");
    assert_eq!(status, StatusCode::OK);
    let stale = terminal.batch(vec![record(9, json!(9))]);
    let mut forged = stale.clone();
    forged.audit[0].hash = courtdesk_protocol::Digest::of(b"forged");
    assert_ne!(terminal.push(&forged).await.0, StatusCode::OK);
    let _ = server
        .raw(Method::GET, "/no/such/path/abc123", Vec::new())
        .await;

    let text = scrape(&server).await;
    for line in [
        "courtdesk_central_http_requests_total{route=\"/v1/sync/push\",method=\"POST\",status=\"200\"} 1\n",
        "courtdesk_central_http_requests_total{route=\"/v1/sync/pull\",method=\"GET\",status=\"200\"} 1\n",
        "courtdesk_central_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n",
        "courtdesk_central_pushes_total{outcome=\"accepted\"} 1\n",
        "courtdesk_central_pushes_total{outcome=\"refused\"} 1\n",
        "courtdesk_central_pushed_records_total 3\n",
        "courtdesk_central_pulls_held 0\n",
        "courtdesk_central_store_errors_total 0\n",
        "# TYPE courtdesk_central_http_request_duration_seconds histogram\n",
    ] {
        assert!(text.contains(line), "{line:?} is missing from:\n{text}");
    }
    assert!(
        text.contains("courtdesk_central_http_request_duration_seconds_count{route=\"/v1/sync/push\",method=\"POST\"} 2\n"),
        "both pushes' latencies are measured:\n{text}"
    );
    for private in [
        terminal.id.to_string(),
        "court-1".into(),
        "site-a".into(),
        "abc123".into(),
    ] {
        assert!(
            !text.contains(&private),
            "{private} leaked into the metrics"
        );
    }

    // Store failures are counted; the terminals' port never serves metrics.
    server
        .home
        .database
        .execute("ALTER TABLE terminals RENAME TO terminals_away", &[]);
    let (status, _) = server.raw(Method::GET, "/readyz", Vec::new()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        scrape(&server)
            .await
            .contains("courtdesk_central_store_errors_total 1\n")
    );
    let response = server
        .http
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "terminals in the hall must not read the metrics"
    );
    let address = server.running.metrics_addr().expect("a metrics listener");
    let ready = reqwest::get(format!("http://{address}/readyz"))
        .await
        .expect("answers");
    assert_eq!(
        ready.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "the operator port probes too"
    );
}

on_both_backends!(
    probes_answer_without_a_signature_and_readiness_follows_the_store,
    metrics_count_requests_pushes_held_pulls_and_store_errors,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_metrics_listener_unless_asked() {
    let server = start(Backend::Sqlite).await;
    assert_eq!(server.running.metrics_addr(), None);
}
