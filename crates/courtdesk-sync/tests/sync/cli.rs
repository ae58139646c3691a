//! The headless terminal on a real data folder, without a server.

use std::process::{Command, Output};

use courtdesk_protocol::chain::{ChainHead, verify_continuation};
use courtdesk_store::Store;

fn cli(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_courtdesk-terminal-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .expect("run the CLI")
}

fn stdout_json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn recorded_records_wait_in_the_same_outbox_the_app_uses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let recorded = cli(
        dir.path(),
        &[
            "record",
            "--kind",
            "terminal.status",
            "--body",
            r#"{"n":1}"#,
            "--count",
            "3",
        ],
    );
    assert_eq!(stdout_json(&recorded)["recorded"], 3);
    let outbox = cli(dir.path(), &["outbox"]);
    assert_eq!(stdout_json(&outbox)["backlog"], 3);

    let store = Store::open(&dir.path().join("terminal.sqlite3")).expect("open the app's database");
    let batch = store.outbox_batch(10).expect("batch");
    assert_eq!(batch.records.len(), 3);
    assert!(batch.records.iter().all(|r| r.kind == "terminal.status"));
    assert!(verify_continuation(ChainHead::EMPTY, &batch.audit).is_ok());
}

#[test]
fn a_body_that_is_not_json_is_refused_and_nothing_is_queued() {
    let dir = tempfile::tempdir().expect("tempdir");
    let refused = cli(
        dir.path(),
        &["record", "--kind", "k", "--body", "{not json"],
    );
    assert!(!refused.status.success());
    assert_eq!(stdout_json(&cli(dir.path(), &["outbox"]))["backlog"], 0);
}

#[test]
fn syncing_before_enrollment_fails_with_a_non_zero_exit_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = cli(dir.path(), &["sync-now"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("not enrolled"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_enrolls_records_and_drains_against_the_real_server() {
    let court = crate::court::Court::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_owned();
    let (url, fingerprint, code) = (
        court.url(),
        court.fingerprint().to_owned(),
        court.enrollment_code(courtdesk_core::Mode::Staff),
    );
    // The CLI is a separate blocking process; the server keeps serving on
    // the runtime's other thread meanwhile.
    let outputs = tokio::task::spawn_blocking(move || {
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
        let recorded = cli(
            &data,
            &[
                "record",
                "--kind",
                "terminal.status",
                "--body",
                "{}",
                "--count",
                "12",
            ],
        );
        let synced = cli(&data, &["sync-now"]);
        let status = cli(&data, &["status"]);
        [enrolled, recorded, synced, status]
    })
    .await
    .expect("the CLI ran");
    let [enrolled, recorded, synced, status] = outputs.map(|o| stdout_json(&o));

    assert_eq!(enrolled["court_id"], crate::court::COURT);
    assert_eq!(recorded["recorded"], 12);
    assert_eq!(synced["sent"], 12);
    assert_eq!(status["online"], true, "{status}");
    assert_eq!(status["backlog"], 0, "{status}");
    assert_eq!(court.stored().len(), 12);
}
