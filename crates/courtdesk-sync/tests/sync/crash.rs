//! `kill -9` of the headless terminal in the middle of its work, over and
//! over: between records, inside a transaction, in the middle of a push
//! whose reply never gets read. Afterwards one drain must leave the server
//! holding every record the terminal committed, exactly once, and nothing
//! else; the terminal's database must be intact.
//!
//! `COURTDESK_KILL_ITERATIONS` sets the number of kills (50 by default) and
//! `COURTDESK_KILL_SEED` replays the waits of an earlier run.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use courtdesk_central::ChainReport;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::Store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::court::Court;

const CLI: &str = env!("CARGO_BIN_EXE_courtdesk-terminal-cli");

fn cli(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(CLI)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .expect("run the CLI")
}

fn from_env(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|value| {
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {value:?}"))
    })
}

/// Runs the workload once and kills it after a wait drawn from `rng`;
/// returns the ids it printed, i.e. the records whose commit it saw.
fn work_and_kill(data_dir: &Path, rng: &mut StdRng) -> Vec<RecordId> {
    let sync_every = rng.gen_range(3..=15u32).to_string();
    let wait = Duration::from_millis(rng.gen_range(20..=200));
    let mut child = Command::new(CLI)
        .arg("--data-dir")
        .arg(data_dir)
        .args([
            "workload",
            "--records",
            "1000000",
            "--sync-every",
            &sync_every,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the workload");
    std::thread::sleep(wait);
    // On Unix this is SIGKILL: no destructor, no flush, no rollback runs.
    child.kill().expect("kill -9 the workload");
    let output = child.wait_with_output().expect("collect the workload");
    assert!(!output.status.success(), "the workload was still running");
    let text = String::from_utf8(output.stdout).expect("ids are ASCII");
    // Only complete lines count: a line cut by the kill was never a promise.
    let complete = text.rsplit_once('\n').map_or("", |(lines, _)| lines);
    complete
        .lines()
        .map(|line| line.parse().expect("a printed line is a record id"))
        .collect()
}

/// A drain after all the kills; the last few kills may have used up the
/// terminal's request budget at the server, so it is retried a while.
fn final_drain(data_dir: &Path) {
    let started = Instant::now();
    loop {
        let output = cli(data_dir, &["sync-now"]);
        if output.status.success() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the final drain keeps failing: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_terminal_mid_work_loses_and_duplicates_nothing() {
    let iterations = from_env("COURTDESK_KILL_ITERATIONS").unwrap_or(50);
    let seed = from_env("COURTDESK_KILL_SEED").unwrap_or_else(rand::random);
    // Printed first, so a failure's captured output says how to replay it.
    eprintln!("kill test: {iterations} kills, replay with COURTDESK_KILL_SEED={seed}");
    let court = Court::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_owned();
    let (url, fingerprint, code) = (
        court.url(),
        court.fingerprint().to_owned(),
        court.enrollment_code(courtdesk_core::Mode::Staff),
    );
    // The processes are driven from a blocking thread; the server keeps
    // serving on the runtime meanwhile.
    let acknowledged = tokio::task::spawn_blocking(move || {
        let enrolled = cli(
            &data,
            &[
                "enroll",
                "--server",
                &url,
                "--fingerprint",
                &fingerprint,
                "--code",
                &code,
            ],
        );
        assert!(enrolled.status.success(), "enrollment: {enrolled:?}");
        let mut rng = StdRng::seed_from_u64(seed);
        let mut acknowledged = Vec::new();
        for _ in 0..iterations {
            acknowledged.extend(work_and_kill(&data, &mut rng));
        }
        final_drain(&data);
        acknowledged
    })
    .await
    .unwrap_or_else(|panic| std::panic::resume_unwind(panic.into_panic()));

    let path = dir.path().join("terminal.sqlite3");
    let integrity: String = courtdesk_store::open_unlocked(&path)
        .expect("open the terminal database")
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check");
    assert_eq!(integrity, "ok", "seed {seed}");

    let store = Store::open(&path).expect("the terminal database still opens");
    assert_eq!(store.outbox_len().expect("backlog"), 0, "seed {seed}");
    let recorded: HashSet<RecordId> = store
        .audit_entries(0, usize::MAX >> 1)
        .expect("audit log")
        .into_iter()
        .map(|entry| entry.record_id)
        .collect();
    assert!(!acknowledged.is_empty(), "the workload never got to record");
    let stored: HashMap<RecordId, usize> = court.stored();
    for id in &acknowledged {
        assert_eq!(
            stored.get(id),
            Some(&1),
            "seed {seed}: acknowledged record {id} must be on the server exactly once"
        );
    }
    let duplicated = stored.values().filter(|&&n| n != 1).count();
    assert_eq!(duplicated, 0, "seed {seed}: records stored more than once");
    let on_server: HashSet<RecordId> = stored.into_keys().collect();
    assert_eq!(
        on_server.len(),
        recorded.len(),
        "seed {seed}: the server holds exactly what the terminal recorded"
    );
    assert!(
        on_server == recorded,
        "seed {seed}: the same ids on both sides"
    );

    let identity = store.identity().expect("read").expect("identity");
    assert_eq!(
        court.verify_chain(&identity.terminal_id),
        ChainReport::Intact {
            head: store.audit_head().expect("head")
        },
        "seed {seed}: the server's copy of the audit chain is unbroken"
    );
    eprintln!(
        "kill test: {} acknowledged, {} recorded, all delivered once",
        acknowledged.len(),
        recorded.len()
    );
}
