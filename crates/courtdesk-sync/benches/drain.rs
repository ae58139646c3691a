//! How long a terminal takes to drain 10,000 queued records to the central
//! server over loopback HTTPS: every push, and the pull that brings the
//! site's changes back. Target: at most 3 s.
//!
//! `cargo bench -p courtdesk-sync --bench drain [-- RUNS]`
//!
//! Each run uses a fresh terminal enrolled at a site of its own, so every run
//! pushes and pulls exactly the same amount. Queuing the records is set-up
//! and is not timed.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use courtdesk_central::{Registry, Settings, launch_on_loopback};
use courtdesk_core::Mode;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::Store;
use courtdesk_sync::{Drain, enroll, enrolled_central, now_ms};
use serde_json::json;

const RECORDS: u64 = 10_000;

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(5);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let server_dir = tempfile::tempdir().expect("tempdir");
    let (running, _stop) = runtime.block_on(async {
        launch_on_loopback(Settings::new(server_dir.path()))
            .await
            .expect("the server starts")
    });
    let url = format!("https://{}", running.local_addr());
    let registry: &Registry = running.registry();

    let mut times = Vec::new();
    for run in 0..runs {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(Store::open(&dir.path().join("terminal.sqlite3")).expect("store"));
        let code = registry
            .create_enrollment_code("bench-court", &format!("site-{run}"), Mode::Staff)
            .expect("a code");
        runtime
            .block_on(enroll(
                &store,
                &url,
                running.fingerprint(),
                code.reveal(),
                Mode::Staff,
                now_ms(),
            ))
            .expect("enrolled");
        store
            .write_recorded(now_ms(), |recorder| {
                for i in 0..RECORDS {
                    let id = RecordId::from_bits((u128::from(run as u64) << 64) | u128::from(i));
                    recorder.record(id, "terminal.status", json!({ "n": i, "text": "A017" }))?;
                }
                Ok(())
            })
            .expect("queued");

        let drain = Drain::new(
            Arc::clone(&store),
            enrolled_central(&store).expect("client"),
        );
        let start = Instant::now();
        let report = runtime.block_on(drain.pass()).expect("the drain succeeds");
        let took = start.elapsed();
        assert_eq!(report.sent, RECORDS, "every record was sent");
        assert_eq!(store.outbox_len().expect("backlog"), 0);
        report_run(run, took, report.pulled);
        times.push(took);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "drain of {RECORDS} records over loopback HTTPS: median {:.2} s over {runs} runs \
         (min {:.2} s, max {:.2} s), {:.0} records/s; target <= 3 s",
        median.as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        RECORDS as f64 / median.as_secs_f64(),
    );
}

fn report_run(run: usize, took: Duration, pulled: u64) {
    println!(
        "run {run}: {:.3} s (sent {RECORDS}, pulled {pulled})",
        took.as_secs_f64()
    );
}
