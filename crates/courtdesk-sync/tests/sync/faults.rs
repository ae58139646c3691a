//! Sync through a faulty network: a terminal enrolled through
//! `courtdesk-faultproxy`, in front of the real central server. Whatever the
//! network does, once it heals the backlog drains and the server holds every
//! record exactly once, with the terminal's audit chain unbroken.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use courtdesk_central::ChainReport;
use courtdesk_core::Mode;
use courtdesk_faultproxy::{FaultProxy, Partition};
use courtdesk_protocol::record::RecordId;
use courtdesk_sync::{Backoff, DrainHandle, Schedule, enroll, now_ms};

use crate::backend::{Backend, on_both_backends};
use crate::court::{Court, Terminal, assert_exactly_once};

on_both_backends!(
    latency_and_a_bandwidth_limit_only_slow_delivery_down,
    connection_resets_during_drains_lose_and_duplicate_nothing,
    an_upload_cut_midway_stores_nothing_and_is_sent_again_whole,
    a_reply_lost_after_the_server_committed_is_answered_as_a_duplicate,
    records_queued_during_a_partition_arrive_once_after_healing,
);

/// No wait in this module is longer, so a regression fails instead of hanging.
const DEADLINE: Duration = Duration::from_secs(20);

/// Retries within tens of milliseconds, so the faults are crossed quickly.
const BRISK: Schedule = Schedule {
    backoff: Backoff {
        first: Duration::from_millis(20),
        ceiling: Duration::from_millis(200),
    },
    idle: Duration::from_millis(100),
    listen: false,
};

/// The server, the proxy in front of it, and a terminal that knows the
/// server only by the proxy's address.
struct Line {
    court: Court,
    proxy: FaultProxy,
    terminal: Terminal,
}

impl Line {
    async fn up(backend: Backend) -> Line {
        let court = Court::start_on(backend).await;
        let upstream: SocketAddr = court
            .url()
            .trim_start_matches("https://")
            .parse()
            .expect("the court listens on an IP address");
        let proxy = FaultProxy::start(upstream).await.expect("the proxy starts");
        let terminal = Terminal::new();
        // The certificate travels through the proxy untouched, so the pin
        // taken from the server matches at the proxy's address.
        enroll(
            &terminal.store,
            &format!("https://{}", proxy.addr()),
            court.fingerprint(),
            &court.enrollment_code(Mode::Staff),
            Mode::Staff,
            now_ms(),
        )
        .await
        .expect("enrollment through the proxy");
        Line {
            court,
            proxy,
            terminal,
        }
    }

    /// Asks for passes until the outbox is empty and a pass has succeeded
    /// since, within the deadline.
    async fn settle(&self, handle: &DrainHandle) {
        let started = Instant::now();
        let status = handle.status();
        loop {
            handle.sync_now();
            tokio::time::sleep(Duration::from_millis(100)).await;
            let now = status.borrow().clone();
            let backlog = self.terminal.store.outbox_len().expect("backlog");
            if backlog == 0 && now.online && !now.draining && now.backlog == 0 {
                return;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "the backlog did not drain after healing: {backlog} left, {now:?}"
            );
        }
    }

    /// Every id on the server exactly once, nothing else, and the chain
    /// the server holds ends at the terminal's head.
    fn assert_delivered(&self, ids: &[RecordId]) {
        assert_eq!(self.terminal.store.outbox_len().expect("backlog"), 0);
        assert_exactly_once(&self.court, ids);
        let identity = self
            .terminal
            .store
            .identity()
            .expect("read")
            .expect("identity");
        assert_eq!(
            self.court.verify_chain(&identity.terminal_id),
            ChainReport::Intact {
                head: self.terminal.store.audit_head().expect("head")
            },
            "the server holds the terminal's whole chain, unbroken"
        );
    }
}

async fn latency_and_a_bandwidth_limit_only_slow_delivery_down(backend: Backend) {
    let mut line = Line::up(backend).await;
    let faults = line.proxy.handle();
    faults.set_latency(Duration::from_millis(20));
    faults.set_bandwidth(256 * 1024);
    let ids = line.terminal.record(300);
    let drain = line.terminal.drain();
    let report = tokio::time::timeout(DEADLINE, drain.pass())
        .await
        .expect("a slow link still delivers within the deadline")
        .expect("a slow link is not a failure");
    assert_eq!(report.sent, 300, "two batches, every record answered for");
    assert!(
        faults.counters().upstream_bytes > 100_000,
        "{:?}",
        faults.counters()
    );
    line.assert_delivered(&ids);
}

async fn connection_resets_during_drains_lose_and_duplicate_nothing(backend: Backend) {
    let mut line = Line::up(backend).await;
    let faults = line.proxy.handle();
    let handle = line.terminal.drain().spawn(BRISK);
    let mut ids = Vec::new();
    for round in 0..12u64 {
        ids.extend(line.terminal.record(40));
        handle.sync_now();
        // Resets land at different points of the drain: before, during and
        // after the push.
        tokio::time::sleep(Duration::from_millis(5 + round * 7)).await;
        faults.reset_all();
    }
    line.settle(&handle).await;
    handle.stop().await;
    let counters = faults.counters();
    assert!(counters.broken > 0, "some drains were cut: {counters:?}");
    assert!(counters.accepted > 1, "the drain reconnected: {counters:?}");
    line.assert_delivered(&ids);
}

async fn an_upload_cut_midway_stores_nothing_and_is_sent_again_whole(backend: Backend) {
    let mut line = Line::up(backend).await;
    let faults = line.proxy.handle();
    // Past the TLS handshake and the request head, inside the JSON body of
    // a 100-record push (about 50 kB).
    faults.cut_uploads_after(8_000);
    let ids = line.terminal.record(100);
    let drain = line.terminal.drain();
    let error = tokio::time::timeout(DEADLINE, drain.pass())
        .await
        .expect("a cut fails fast")
        .expect_err("the push was cut");
    assert!(error.is_retryable(), "{error:?}");
    assert!(
        line.court.stored().is_empty(),
        "half a request must store nothing"
    );
    assert_eq!(line.terminal.store.outbox_len().expect("backlog"), 100);

    faults.heal();
    let report = drain.pass().await.expect("delivered after healing");
    assert_eq!(report.sent, 100);
    line.assert_delivered(&ids);
}

async fn a_reply_lost_after_the_server_committed_is_answered_as_a_duplicate(backend: Backend) {
    let mut line = Line::up(backend).await;
    let faults = line.proxy.handle();
    faults.lose_replies_after(8_000);
    let ids = line.terminal.record(100);
    let drain = line.terminal.drain();
    for attempt in 0..2 {
        tokio::time::timeout(DEADLINE, drain.pass())
            .await
            .expect("a lost reply fails within the deadline")
            .expect_err("the reply never arrived");
        assert!(faults.counters().swallowed_bytes > 0, "attempt {attempt}");
        assert_exactly_once(&line.court, &ids);
        assert_eq!(
            line.terminal.store.outbox_len().expect("backlog"),
            100,
            "unanswered records stay queued (attempt {attempt})"
        );
    }

    faults.heal();
    let report = drain.pass().await.expect("answered after healing");
    assert_eq!(report.sent, 100, "the server answers for records it holds");
    line.assert_delivered(&ids);
}

async fn records_queued_during_a_partition_arrive_once_after_healing(backend: Backend) {
    let mut line = Line::up(backend).await;
    let faults = line.proxy.handle();
    let handle = line.terminal.drain().spawn(BRISK);
    let mut ids = line.terminal.record(30);
    line.settle(&handle).await;

    for partition in [Partition::Refuse, Partition::BlackHole] {
        faults.partition(partition);
        for _ in 0..6 {
            ids.extend(line.terminal.record(25));
            handle.sync_now();
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let status = handle.status().borrow().clone();
        assert!(
            !status.online || status.draining,
            "{partition:?}: {status:?}"
        );
        assert!(
            line.terminal.store.outbox_len().expect("backlog") > 0,
            "{partition:?}: nothing can leave while partitioned"
        );
        faults.heal();
        line.settle(&handle).await;
    }
    handle.stop().await;
    assert!(faults.counters().partitioned > 0, "{:?}", faults.counters());
    line.assert_delivered(&ids);
}
