//! Push and pull: ordering, idempotent retries, conflicts, the audit chain
//! and the court/site boundary.

use courtdesk_protocol::Digest;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend::{Backend, on_both_backends};
use crate::client::{code_of, record, start};

async fn pushed_records_come_back_in_order_with_their_seqs(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let records: Vec<_> = (0..3).map(|i| record(i, json!({ "n": i }))).collect();
    let batch = terminal.batch(records.clone());
    let (status, body) = terminal.push(&batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcomes = body["outcomes"].as_array().expect("outcomes");
    assert!(outcomes.iter().all(|o| o["outcome"] == "applied"), "{body}");
    assert_eq!(body["chain_head"]["seq"], 3);

    let (status, pulled) = terminal.pull(0, 100).await;
    assert_eq!(status, StatusCode::OK);
    let changes = pulled["changes"].as_array().expect("changes");
    let ids: Vec<_> = changes.iter().map(|c| c["record"]["id"].clone()).collect();
    let sent: Vec<_> = records.iter().map(|r| json!(r.id.as_str())).collect();
    assert_eq!(ids, sent, "pull returns the records in the order pushed");
    let seqs: Vec<_> = changes
        .iter()
        .map(|c| c["seq"].as_u64().expect("seq"))
        .collect();
    let applied: Vec<_> = outcomes
        .iter()
        .map(|o| o["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(seqs, applied);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(changes[0]["origin"], json!(terminal.id.as_str()));
    assert_eq!(pulled["cursor"], json!(seqs[2]));
    assert_eq!(pulled["more"], false);

    let (_, whoami) = terminal
        .send(reqwest::Method::GET, "/v1/terminal", vec![])
        .await;
    assert_eq!(whoami["court_id"], "court-1");
    assert_eq!(whoami["chain_head"]["seq"], 3);
}

async fn a_pull_pages_with_its_cursor(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let batch = terminal.batch((0..5).map(|i| record(i, json!(i))).collect());
    assert_eq!(terminal.push(&batch).await.0, StatusCode::OK);
    let (_, first) = terminal.pull(0, 2).await;
    assert_eq!(first["changes"].as_array().expect("changes").len(), 2);
    assert_eq!(first["more"], true);
    let cursor = first["cursor"].as_u64().expect("cursor");
    let (_, rest) = terminal.pull(cursor, 10).await;
    assert_eq!(rest["changes"].as_array().expect("changes").len(), 3);
    assert_eq!(rest["more"], false);
}

async fn the_same_batch_twice_is_applied_once(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let batch = terminal.batch((0..3).map(|i| record(i, json!(i))).collect());
    let (_, first) = terminal.push(&batch).await;
    let (status, second) = terminal.push(&batch).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a retry after a lost reply is accepted: {second}"
    );
    for (a, b) in first["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .zip(second["outcomes"].as_array().expect("outcomes"))
    {
        assert_eq!(b["outcome"], "duplicate");
        assert_eq!(a["seq"], b["seq"], "the duplicate names the original seq");
    }
    assert_eq!(second["chain_head"], first["chain_head"]);
    assert_eq!(
        terminal.pulled_ids().await.len(),
        3,
        "each record is stored once"
    );

    // A retry may also carry the old entries followed by new ones.
    let mut both = batch.clone();
    let more = terminal.batch(vec![record(9, json!("new"))]);
    both.records.extend(more.records);
    both.audit.extend(more.audit);
    let (status, body) = terminal.push(&both).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["outcomes"][3]["outcome"], "applied");
    assert_eq!(terminal.pulled_ids().await.len(), 4);
}

async fn the_same_id_with_other_content_is_a_conflict_and_nothing_is_stored(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let original = record(0, json!({"amount": 1}));
    let batch = terminal.batch(vec![original.clone()]);
    assert_eq!(terminal.push(&batch).await.0, StatusCode::OK);

    let mut forged = original.clone();
    forged.body = json!({"amount": 1000});
    let innocent = record(1, json!("innocent"));
    let head = terminal.head;
    let batch = terminal.batch(vec![innocent.clone(), forged]);
    let (status, body) = terminal.push(&batch).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(code_of(&body), "conflict");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains(original.id.as_str()),
        "{body}"
    );
    assert_eq!(
        terminal.pulled_ids().await,
        vec![original.id.to_string()],
        "nothing of the batch is stored"
    );
    let standing = server.registry().terminal(&terminal.id).expect("enrolled");
    assert_eq!(standing.chain_head, head, "the chain did not move");
    assert!(
        standing.chain_broken_ms.is_none(),
        "a conflict is not a broken chain"
    );
}

/// Damages a chained batch in one way.
type Breakage = fn(&mut courtdesk_protocol::api::PushRequest);

/// Each way of breaking the chain is refused whole and flags the terminal.
async fn a_broken_chain_is_refused_and_flags_the_terminal(backend: Backend) {
    let breakages: [(&str, Breakage); 3] = [
        ("gap", |b| b.audit[1].seq += 1),
        ("altered hash", |b| b.audit[1].hash = Digest::of(b"forged")),
        ("wrong prev", |b| b.audit[0].prev = Digest::of(b"elsewhere")),
    ];
    for (name, breakage) in breakages {
        let server = start(backend).await;
        let mut terminal = server.enroll("court-1", "site-a").await;
        let good = terminal.batch(vec![record(0, json!("kept"))]);
        assert_eq!(terminal.push(&good).await.0, StatusCode::OK);
        let mut batch = terminal.batch((1..4).map(|i| record(i, json!(i))).collect());
        breakage(&mut batch);
        let (status, body) = terminal.push(&batch).await;
        assert_eq!(status, StatusCode::CONFLICT, "{name}: {body}");
        assert_eq!(code_of(&body), "chain_broken", "{name}");
        assert_eq!(
            terminal.pulled_ids().await.len(),
            1,
            "{name}: nothing of the batch is stored"
        );
        let standing = server.registry().terminal(&terminal.id).expect("enrolled");
        assert!(
            standing.chain_broken_ms.is_some(),
            "{name}: the terminal is flagged"
        );
        assert_eq!(standing.chain_head.seq, 1, "{name}: the head did not move");
        let listed = server.registry().terminals().expect("list");
        assert!(
            listed[0].chain_broken.is_some(),
            "{name}: the list shows it"
        );
    }
}

async fn a_retried_entry_that_differs_from_the_stored_one_breaks_the_chain(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let batch = terminal.batch(vec![record(0, json!(0))]);
    assert_eq!(terminal.push(&batch).await.0, StatusCode::OK);
    // A rewritten history: another record at the same position.
    let mut rewritten = crate::client::Terminal {
        head: courtdesk_protocol::chain::ChainHead::EMPTY,
        session: None,
        ..terminal
    };
    let other = rewritten.batch(vec![record(0, json!("rewritten"))]);
    let (status, body) = rewritten.push(&other).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "chain_broken"),
        "{body}"
    );
    assert_eq!(
        rewritten.pulled_ids().await,
        vec![batch.records[0].id.to_string()]
    );
}

async fn a_terminal_of_another_site_does_not_see_the_records(backend: Backend) {
    let server = start(backend).await;
    let mut writer = server.enroll("court-1", "site-a").await;
    let same_site = server.enroll("court-1", "site-a").await;
    let other_site = server.enroll("court-1", "site-b").await;
    let other_court = server.enroll("court-2", "site-a").await;
    let batch = writer.batch(vec![record(0, json!("private"))]);
    assert_eq!(writer.push(&batch).await.0, StatusCode::OK);
    assert_eq!(
        same_site.pulled_ids().await.len(),
        1,
        "the same site sees it"
    );
    assert!(other_site.pulled_ids().await.is_empty());
    assert!(other_court.pulled_ids().await.is_empty());
}

async fn entries_that_do_not_match_their_records_are_a_bad_request(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let mut batch = terminal.batch(vec![record(0, json!(0)), record(1, json!(1))]);
    batch.records.swap(0, 1);
    let (status, body) = terminal.push(&batch).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let mut short = batch.clone();
    short.audit.pop();
    let (status, _) = terminal.push(&short).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(terminal.pulled_ids().await.is_empty());
}

on_both_backends!(
    pushed_records_come_back_in_order_with_their_seqs,
    a_pull_pages_with_its_cursor,
    the_same_batch_twice_is_applied_once,
    the_same_id_with_other_content_is_a_conflict_and_nothing_is_stored,
    a_broken_chain_is_refused_and_flags_the_terminal,
    a_retried_entry_that_differs_from_the_stored_one_breaks_the_chain,
    a_terminal_of_another_site_does_not_see_the_records,
    entries_that_do_not_match_their_records_are_a_bad_request,
);
