//! Records reach the server exactly once: across batches and drains, after a
//! lost reply, and after the server was down when they were recorded.

use std::time::Duration;

use courtdesk_central::ChainReport;
use courtdesk_protocol::api::{PushOutcome, PushRequest};
use courtdesk_sync::{Backoff, Schedule, SyncError, enrolled_central};

use crate::backend::{Backend, on_both_backends};
use crate::court::{Court, Terminal, assert_exactly_once};

on_both_backends!(
    every_record_arrives_once_and_the_chain_verifies_across_drains,
    a_batch_sent_again_after_a_lost_reply_creates_no_duplicate,
    records_queued_while_the_server_is_down_arrive_when_it_is_back,
    a_revoked_terminal_is_refused_permanently_and_keeps_its_records
);

async fn every_record_arrives_once_and_the_chain_verifies_across_drains(backend: Backend) {
    let court = Court::start_on(backend).await;
    let mut terminal = Terminal::enrolled_with(&court).await;
    let drain = terminal.drain();
    let mut ids = Vec::new();
    for count in [450, 7, 0, 31] {
        ids.extend(terminal.record(count));
        let report = drain.pass().await.expect("drain");
        assert_eq!(
            report.sent, count as u64,
            "each drain sends what was queued since"
        );
    }

    assert_exactly_once(&court, &ids);
    assert_eq!(terminal.store.outbox_len().expect("backlog"), 0);
    let identity = terminal.store.identity().expect("read").expect("identity");
    assert_eq!(
        court.verify_chain(&identity.terminal_id),
        ChainReport::Intact {
            head: terminal.store.audit_head().expect("head")
        },
        "the server holds the terminal's whole chain, unbroken"
    );
    let pulled = terminal.store.inbox(0, 10_000).expect("inbox");
    assert_eq!(
        pulled.len(),
        ids.len(),
        "its own records come back once each on pull"
    );
    let status = drain.status().borrow().clone();
    assert!(status.online && !status.draining, "{status:?}");
    assert_eq!((status.backlog, status.sent_this_drain), (0, 31));
    assert_eq!(status.last_error_code, None);
}

async fn a_batch_sent_again_after_a_lost_reply_creates_no_duplicate(backend: Backend) {
    let court = Court::start_on(backend).await;
    let mut terminal = Terminal::enrolled_with(&court).await;
    let central = enrolled_central(&terminal.store).expect("enrolled");
    let first = terminal.record(5);
    terminal.drain().pass().await.expect("drain");

    // The server stored this batch but its reply never reached the terminal:
    // the records are still in the outbox when the next drain runs.
    let second = terminal.record(4);
    let batch = terminal.store.outbox_batch(100).expect("batch");
    let request = PushRequest {
        records: batch.records,
        audit: batch.audit,
    };
    central.push(&request).await.expect("stored, reply lost");
    assert_eq!(terminal.store.outbox_len().expect("backlog"), 4);
    let report = terminal.drain().pass().await.expect("drain again");
    assert_eq!(report.sent, 4, "the retried records are answered for");
    assert_eq!(terminal.store.outbox_len().expect("backlog"), 0);

    // And a replay of an already delivered batch is only acknowledged.
    let answer = central.push(&request).await.expect("replay");
    assert!(
        answer
            .outcomes
            .iter()
            .all(|o| matches!(o, PushOutcome::Duplicate { .. })),
        "{:?}",
        answer.outcomes
    );
    assert_exactly_once(&court, &[first, second].concat());
}

async fn records_queued_while_the_server_is_down_arrive_when_it_is_back(backend: Backend) {
    let mut court = Court::start_on(backend).await;
    let mut terminal = Terminal::enrolled_with(&court).await;
    court.stop().await;

    let schedule = Schedule {
        backoff: Backoff {
            first: Duration::from_millis(20),
            ceiling: Duration::from_millis(200),
        },
        idle: Duration::from_secs(30),
        listen: false,
    };
    let ids = terminal.record(25);
    let handle = terminal.drain().spawn(schedule);
    let mut status = handle.status();
    let offline = tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.last_error_code.as_deref() == Some("network") && !s.draining),
    )
    .await
    .expect("the drain notices the server is down")
    .expect("status")
    .clone();
    assert!(!offline.online);
    assert_eq!(offline.backlog, 25, "nothing is lost while offline");

    court.restart().await;
    handle.sync_now();
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.online && s.backlog == 0 && !s.draining),
    )
    .await
    .expect("the drain retries on its own and delivers")
    .expect("status");
    handle.stop().await;
    assert_exactly_once(&court, &ids);
    let state = terminal.store.sync_state().expect("state");
    assert!(
        state.last_success_ms.is_some() && state.last_error_code.is_none(),
        "{state:?}"
    );
}

async fn a_revoked_terminal_is_refused_permanently_and_keeps_its_records(backend: Backend) {
    let court = Court::start_on(backend).await;
    let mut terminal = Terminal::enrolled_with(&court).await;
    let identity = terminal.store.identity().expect("read").expect("identity");
    court.admin(|registry| registry.revoke(&identity.terminal_id).expect("revoke"));
    terminal.record(3);

    let error = terminal.drain().pass().await.expect_err("refused");
    assert!(matches!(error, SyncError::Refused { .. }), "{error:?}");
    assert_eq!(error.code(), "forbidden");
    assert!(!error.is_retryable(), "retrying cannot undo a revocation");
    assert_eq!(terminal.store.outbox_len().expect("backlog"), 3);
    assert_eq!(
        terminal
            .store
            .sync_state()
            .expect("state")
            .last_error_code
            .as_deref(),
        Some("forbidden")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listening_drain_receives_another_terminals_record_without_waiting_for_its_idle_pass() {
    let court = Court::start().await;
    let display = Terminal::enrolled_with(&court).await;
    let mut desk = Terminal::enrolled_with(&court).await;
    let schedule = Schedule {
        // An idle pass would come far too late to explain an arrival.
        idle: Duration::from_secs(600),
        listen: true,
        ..Schedule::default()
    };
    let handle = display.drain().spawn(schedule);
    // Let the display's first pass finish and its held-open pull begin.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ids = desk.record(1);
    desk.drain().pass().await.expect("the desk delivers");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let inbox = display.store.inbox(0, 100).expect("inbox");
        if inbox.iter().any(|c| c.record.id == ids[0]) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the display never received the desk's record"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    handle.stop().await;
}
