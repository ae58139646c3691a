//! The administrator's side: chain verification against a tampered
//! database, export, and the certificate kept across restarts.

use courtdesk_central::ChainReport;
use serde_json::json;

use crate::backend::{Backend, on_both_backends};
use crate::client::{record, start, start_in};

async fn verify_chain_detects_tampering_in_the_database(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let batch = terminal.batch((0..4).map(|i| record(i, json!({ "n": i }))).collect());
    assert_eq!(terminal.push(&batch).await.0, reqwest::StatusCode::OK);
    let registry = server.registry();
    assert!(
        matches!(registry.verify_chain(&terminal.id).expect("verify"), ChainReport::Intact { head } if head.seq == 4)
    );

    let file = &server.home.database;
    let third = batch.records[2].id.to_string();
    // Tamper with a record.
    file.execute(
        "UPDATE records SET body = '{\"n\":999}' WHERE record_id = $1",
        &[&third],
    );
    match registry.verify_chain(&terminal.id).expect("verify") {
        ChainReport::Broken { seq, reason } => {
            assert_eq!(seq, 3, "the altered record's entry is named");
            assert!(reason.contains(&third), "{reason}");
        }
        intact => panic!("tampering went unnoticed: {intact:?}"),
    }

    // Restore the record, tamper with an entry.
    file.execute(
        "UPDATE records SET body = '{\"n\":2}' WHERE record_id = $1",
        &[&third],
    );
    file.execute(
        "UPDATE audit_entries SET hash = $1 WHERE seq = 2",
        &[&courtdesk_protocol::Digest::of(b"forged").to_hex()],
    );
    assert!(matches!(
        registry.verify_chain(&terminal.id).expect("verify"),
        ChainReport::Broken { seq: 2, .. }
    ));

    // Drop the last entry, restore the tampered one.
    file.execute("DELETE FROM audit_entries WHERE seq = 4", &[]);
    file.execute(
        "UPDATE audit_entries SET hash = $1 WHERE seq = 2",
        &[&batch.audit[1].hash.to_hex()],
    );
    assert!(
        matches!(
            registry.verify_chain(&terminal.id).expect("verify"),
            ChainReport::Broken { seq: 4, .. }
        ),
        "a truncated chain no longer reaches the stored head"
    );
}

async fn export_writes_one_json_line_per_record(backend: Backend) {
    let server = start(backend).await;
    let mut terminal = server.enroll("court-1", "site-a").await;
    let batch = terminal.batch((0..3).map(|i| record(i, json!(i))).collect());
    assert_eq!(terminal.push(&batch).await.0, reqwest::StatusCode::OK);
    let mut out = Vec::new();
    let count = server.registry().export(&mut out).expect("export");
    assert_eq!(count, 3);
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0]["record"]["id"],
        json!(batch.records[0].id.as_str())
    );
}

async fn the_generated_certificate_is_reused_across_restarts(backend: Backend) {
    let server = start(backend).await;
    let first = server.running.fingerprint().to_owned();
    assert_eq!(first.len(), 64);
    assert!(
        first
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let home = server.stop().await;
    let again = start_in(home, |_| {}).await;
    assert_eq!(
        again.running.fingerprint(),
        first,
        "terminals pinned this fingerprint"
    );
    let other = start(backend).await;
    assert_ne!(
        other.running.fingerprint(),
        first,
        "each new data folder has its own"
    );
    // The restarted server still answers over TLS with the same certificate.
    let terminal = again.enroll("court-1", "site-a").await;
    assert!(terminal.pulled_ids().await.is_empty());
}

on_both_backends!(
    verify_chain_detects_tampering_in_the_database,
    export_writes_one_json_line_per_record,
    the_generated_certificate_is_reused_across_restarts,
);
