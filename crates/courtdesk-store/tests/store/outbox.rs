//! The outbox, the audit log and the sync state, on real database files.

use courtdesk_core::TerminalId;
use courtdesk_protocol::api::Change;
use courtdesk_protocol::chain::{ChainHead, verify_continuation};
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::{Store, StoreError};
use proptest::prelude::*;
use serde_json::json;

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("terminal.sqlite3")).expect("open")
}

fn count(store: &Store, table: &str) -> i64 {
    courtdesk_store::open_unlocked(store.path())
        .expect("open for inspection")
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .expect("count")
}

#[test]
fn a_change_and_its_record_are_committed_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    let record = store
        .write_recorded(1_000, |recorder| {
            recorder.connection().execute(
                "INSERT INTO preference (key, value) VALUES ('ticket', 'A001')",
                [],
            )?;
            recorder.record(
                RecordId::from_bits(1),
                "queue.ticket_issued",
                json!({"ticket": "A001"}),
            )
        })
        .expect("recorded");

    assert_eq!(
        record.hlc,
        Hlc {
            wall_ms: 1_000,
            counter: 0
        }
    );
    assert_eq!(
        count(&store, "preference"),
        1,
        "the capability's own change"
    );
    assert_eq!(store.outbox_len().expect("backlog"), 1);
    let batch = store.outbox_batch(10).expect("batch");
    assert_eq!(batch.records, vec![record]);
    assert_eq!(store.audit_head().expect("head"), batch.audit[0].head());
}

#[test]
fn a_failing_change_leaves_no_record_audit_entry_or_clock_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    let before = store.sync_state().expect("state");
    let result: Result<(), StoreError> = store.write_recorded(5_000, |recorder| {
        recorder.record(RecordId::from_bits(1), "queue.ticket_issued", json!({}))?;
        recorder.connection().execute(
            "INSERT INTO preference (key, value) VALUES ('ticket', 'A001')",
            [],
        )?;
        Err(StoreError::Corrupt {
            what: "test failure after recording",
        })
    });

    assert!(result.is_err());
    for table in ["outbox", "audit_log", "preference"] {
        assert_eq!(count(&store, table), 0, "{table} must be rolled back");
    }
    assert_eq!(
        store.sync_state().expect("state"),
        before,
        "the clock did not move"
    );
}

#[test]
fn a_duplicate_record_id_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    store
        .record(RecordId::from_bits(7), "k", json!({}), 1)
        .expect("first");
    let error = store.record(RecordId::from_bits(7), "k", json!({}), 2);
    assert!(
        error.is_err(),
        "an id is the server's idempotency key: never reused"
    );
    assert_eq!(count(&store, "audit_log"), 1);
}

#[test]
fn delivered_records_leave_the_outbox_but_keep_their_audit_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    for i in 1..=5u128 {
        store
            .record(RecordId::from_bits(i), "k", json!({ "i": i as u64 }), 100)
            .expect("record");
    }
    let batch = store.outbox_batch(3).expect("batch");
    let ids: Vec<_> = batch.records.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, (1..=3).map(RecordId::from_bits).collect::<Vec<_>>());
    assert_eq!(store.mark_delivered(&ids).expect("delivered"), 3);
    assert_eq!(
        store.mark_delivered(&ids).expect("again"),
        0,
        "a repeat is harmless"
    );

    assert_eq!(store.outbox_len().expect("backlog"), 2);
    let rest = store.outbox_batch(10).expect("rest");
    assert_eq!(
        verify_continuation(batch.audit[2].head(), &rest.audit),
        Ok(store.audit_head().expect("head")),
        "the rest continues exactly where the delivered batch ended"
    );
    let all = store.audit_entries(0, 100).expect("audit");
    assert_eq!(all.len(), 5);
    assert!(verify_continuation(ChainHead::EMPTY, &all).is_ok());
}

#[test]
fn the_clock_resumes_after_a_restart_and_never_goes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = open(&dir)
        .record(RecordId::from_bits(1), "k", json!({}), 10_000)
        .expect("record");
    // The wall clock was set back by an hour while the terminal was off.
    let second = open(&dir)
        .record(RecordId::from_bits(2), "k", json!({}), 10_000 - 3_600_000)
        .expect("record");
    assert!(
        second.hlc > first.hlc,
        "{:?} after {:?}",
        second.hlc,
        first.hlc
    );
}

#[test]
fn a_server_stamp_orders_every_later_record_after_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    let server = Hlc {
        wall_ms: 9_000_000,
        counter: 3,
    };
    store.observe_hlc(server, 1_000).expect("observe");
    let record = store
        .record(RecordId::from_bits(1), "k", json!({}), 1_001)
        .expect("record");
    assert!(record.hlc > server);
}

#[test]
fn pulled_changes_and_their_cursor_are_stored_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    let other_dir = tempfile::tempdir().expect("tempdir");
    let other = open(&other_dir);
    let record = other
        .record(RecordId::from_bits(4), "k", json!({"n": 1}), 5)
        .expect("record");
    let change = Change {
        seq: 12,
        origin: TerminalId::from_bits(3),
        origin_mode: None,
        record,
    };

    store
        .store_pulled(std::slice::from_ref(&change), 12, 50)
        .expect("store");
    store
        .store_pulled(std::slice::from_ref(&change), 12, 60)
        .expect("again");
    store.store_pulled(&[], 7, 70).expect("an older cursor");

    assert_eq!(store.inbox(0, 10).expect("inbox"), vec![change]);
    assert_eq!(
        store.sync_state().expect("state").pull_cursor,
        12,
        "never moves back"
    );
}

#[test]
fn a_record_altered_after_it_was_chained_is_reported_as_corruption() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    store
        .record(RecordId::from_bits(1), "k", json!({"amount": 1}), 5)
        .expect("record");
    courtdesk_store::open_unlocked(store.path())
        .expect("open")
        .execute("UPDATE outbox SET body = '{\"amount\":2}'", [])
        .expect("tamper");
    let error = store
        .outbox_batch(10)
        .expect_err("must not send altered records");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
}

#[test]
fn sync_outcomes_are_remembered_by_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir);
    store.note_sync_failure("network").expect("failure");
    assert_eq!(
        store
            .sync_state()
            .expect("state")
            .last_error_code
            .as_deref(),
        Some("network")
    );
    store.note_sync_success(77).expect("success");
    let state = store.sync_state().expect("state");
    assert_eq!(
        (state.last_success_ms, state.last_error_code),
        (Some(77), None)
    );
}

/// One step of a terminal's life: record some records at a time, or deliver
/// the oldest few.
#[derive(Debug, Clone)]
enum Step {
    Record { count: usize, now_ms: i64 },
    Deliver { count: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1usize..4, 0i64..5_000).prop_map(|(count, now_ms)| Step::Record { count, now_ms }),
        (1usize..5).prop_map(|count| Step::Deliver { count }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever is recorded and delivered in whatever order, the stored audit
    /// log is one unbroken chain, and the outbox always continues the part
    /// already delivered, so the server can verify every push.
    #[test]
    fn the_audit_chain_built_through_the_store_always_verifies(
        steps in proptest::collection::vec(step(), 1..12)
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = open(&dir);
        let mut next_id = 1u128;
        let mut delivered_head = ChainHead::EMPTY;
        for step in steps {
            match step {
                Step::Record { count, now_ms } => {
                    store.write_recorded(now_ms, |recorder| {
                        for _ in 0..count {
                            recorder.record(RecordId::from_bits(next_id), "k", json!({"n": next_id as u64}))?;
                            next_id += 1;
                        }
                        Ok(())
                    }).expect("record");
                }
                Step::Deliver { count } => {
                    let batch = store.outbox_batch(count).expect("batch");
                    delivered_head = verify_continuation(delivered_head, &batch.audit)
                        .expect("a batch continues what was delivered");
                    let ids: Vec<_> = batch.records.iter().map(|r| r.id.clone()).collect();
                    store.mark_delivered(&ids).expect("delivered");
                }
            }
            let all = store.audit_entries(0, 1_000).expect("audit");
            prop_assert_eq!(verify_continuation(ChainHead::EMPTY, &all), Ok(store.audit_head().expect("head")));
            prop_assert_eq!(all.len() as u128, next_id - 1);
            let pending = store.outbox_batch(1_000).expect("pending");
            prop_assert!(verify_continuation(delivered_head, &pending.audit).is_ok());
        }
    }
}
