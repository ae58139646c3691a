//! Pushes from many terminals at once: sequence numbers are handed out
//! once each and become visible in order, so a pull that follows its cursor
//! while they arrive misses nothing, and every chain still verifies.

use std::collections::BTreeSet;

use courtdesk_central::ChainReport;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend::{Backend, on_both_backends};
use crate::client::{record, start};

const TERMINALS: usize = 6;
const BATCHES: usize = 5;
const PER_BATCH: usize = 8;

async fn concurrent_pushes_never_let_a_following_pull_skip_a_record(backend: Backend) {
    let server = start(backend).await;
    let total = TERMINALS * BATCHES * PER_BATCH;
    let mut pushers = Vec::new();
    let mut ids = Vec::new();
    for _ in 0..TERMINALS {
        let mut terminal = server.enroll("court-1", "site-a").await;
        ids.push(terminal.id.clone());
        pushers.push(tokio::spawn(async move {
            for b in 0..BATCHES {
                let records = (0..PER_BATCH)
                    .map(|i| record(i as u64, json!({ "batch": b, "i": i })))
                    .collect();
                let batch = terminal.batch(records);
                let (status, body) = terminal.push(&batch).await;
                assert_eq!(status, StatusCode::OK, "{body}");
            }
        }));
    }
    let reader = server.enroll("court-1", "site-a").await;
    let follower = tokio::spawn(async move {
        let (mut cursor, mut seen) = (0, BTreeSet::new());
        while seen.len() < total {
            let (status, body) = reader.pull(cursor, 7).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            for change in body["changes"].as_array().expect("changes") {
                let seq = change["seq"].as_u64().expect("seq");
                assert!(seq > cursor, "a pull returns only what follows its cursor");
                assert!(seen.insert(seq), "seq {seq} was handed out twice");
                cursor = seq;
            }
        }
        seen
    });
    for pusher in pushers {
        pusher.await.expect("the pusher finished");
    }
    let seen = tokio::time::timeout(std::time::Duration::from_secs(60), follower)
        .await
        .expect("the follower caught up: no record was skipped behind its cursor")
        .expect("the follower finished");
    let expected: BTreeSet<u64> = (1..=total as u64).collect();
    assert_eq!(seen, expected, "every record has its own seq, without gaps");
    for id in &ids {
        let report = server.registry().verify_chain(id).expect("verify");
        assert!(
            matches!(report, ChainReport::Intact { head } if head.seq == (BATCHES * PER_BATCH) as u64),
            "{report:?}"
        );
    }
}

on_both_backends!(concurrent_pushes_never_let_a_following_pull_skip_a_record);
