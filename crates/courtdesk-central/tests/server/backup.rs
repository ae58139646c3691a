//! Backup while serving and restore into a fresh data folder, through the
//! built binary; and the refusals, which change nothing.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use courtdesk_central::{BackupError, Database, Settings};
use courtdesk_protocol::Digest;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backend::{Backend, Home, TestDatabase, blocking};
use crate::client::{Server, Terminal, record, start, start_in};

/// Runs the server binary on the data folder `data` and its default
/// SQLite database.
fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_courtdesk-central"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("COURTDESK_CENTRAL_DATABASE_URL")
        .env_remove("COURTDESK_CENTRAL_CONFIG")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The same terminal, talking to another server.
fn at(terminal: &Terminal, server: &Server) -> Terminal {
    Terminal {
        id: terminal.id.clone(),
        key: terminal.key.clone(),
        http: server.http.clone(),
        base: server.base.clone(),
        head: terminal.head,
        session: terminal.session.clone(),
    }
}

/// Every record the server holds, in its order, as exported.
async fn exported(server: &Server) -> Vec<String> {
    let mut out = Vec::new();
    server.registry().export(&mut out).expect("export");
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_serving_restores_the_same_records_and_intact_chains() {
    let server = start(Backend::Sqlite).await;
    let mut desk = server.enroll("court-1", "site-a").await;
    for batch in 0..3 {
        let records = (0..5).map(|i| record(i, json!({"batch": batch, "n": i})));
        let batch = desk.batch(records.collect());
        assert_eq!(desk.push(&batch).await.0, StatusCode::OK);
    }
    let document: Vec<u8> = (0..70_000u32).map(|i| (i % 239) as u8).collect();
    let sha = Digest::of(&document).to_hex();
    let put = format!("/v1/blobs/{sha}/chunks/0");
    assert_eq!(
        desk.send(Method::PUT, &put, document.clone()).await.0,
        StatusCode::OK
    );
    let complete = format!("/v1/blobs/{sha}/complete");
    assert_eq!(
        desk.send(Method::POST, &complete, vec![]).await.0,
        StatusCode::OK
    );

    // Another terminal keeps pushing while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let pushed = Arc::new(AtomicU64::new(0));
    let busy = {
        let mut kiosk = server.enroll("court-1", "site-a").await;
        let (stop, pushed) = (Arc::clone(&stop), Arc::clone(&pushed));
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let n = pushed.load(Ordering::Relaxed);
                let batch = kiosk.batch(vec![record(n, json!({"busy": n}))]);
                assert_eq!(kiosk.push(&batch).await.0, StatusCode::OK);
                pushed.fetch_add(1, Ordering::Relaxed);
            }
            kiosk
        })
    };
    while pushed.load(Ordering::Relaxed) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let archive = tempfile::tempdir().expect("a folder");
    let out = archive.path().join("central.backup.tar");
    let data = server.home.dir.path().to_owned();
    let output = blocking(|| cli(&data, &["backup", "--out", out.to_str().expect("UTF-8")]));
    assert!(output.status.success(), "backup: {}", text(&output));
    stop.store(true, Ordering::Relaxed);
    let kiosk = busy.await.expect("the pushes went on");
    let served = exported(&server).await;

    let fresh = tempfile::tempdir().expect("a folder");
    let output = blocking(|| {
        cli(
            fresh.path(),
            &["restore", "--from", out.to_str().expect("UTF-8")],
        )
    });
    assert!(output.status.success(), "restore: {}", text(&output));
    for key in [
        "central-identity.key",
        "central-court.key",
        "central-cert.pem",
        "central-key.pem",
    ] {
        assert!(fresh.path().join(key).is_file(), "{key} was not restored");
    }
    let fingerprint = server.running.fingerprint().to_owned();
    let old = server.stop().await;

    let database = TestDatabase::Sqlite(fresh.path().join("central.sqlite3"));
    let restored = start_in(
        Home {
            dir: fresh,
            database,
        },
        |_| {},
    )
    .await;
    assert_eq!(
        restored.running.fingerprint(),
        fingerprint,
        "terminals pin the certificate: the restored server has the same one"
    );
    let mut desk = at(&desk, &restored);
    let kept = exported(&restored).await;
    assert!(
        kept.len() >= 15 + 3 && served.starts_with(&kept),
        "the restored records are the served ones up to the snapshot, in order \
         ({} restored, {} served)",
        kept.len(),
        served.len()
    );
    let (status, body) = desk
        .send(Method::GET, &format!("/v1/blobs/{sha}"), vec![])
        .await;
    assert_eq!(
        (status, body["complete"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{body}"
    );

    let data = restored.home.dir.path().to_owned();
    for terminal in [&desk.id, &kiosk.id] {
        let id = terminal.to_string();
        let output = blocking(|| cli(&data, &["verify-chain", &id]));
        assert!(
            output.status.success(),
            "verify-chain {id}: {}",
            text(&output)
        );
        assert!(text(&output).starts_with("OK: "), "{}", text(&output));
    }
    // The desk's chain goes on where the restored server's copy ends.
    let batch = desk.batch(vec![record(99, json!("after the restore"))]);
    assert_eq!(desk.push(&batch).await.0, StatusCode::OK);
    drop(old);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_backups_and_restores_change_nothing() {
    let server = start(Backend::Sqlite).await;
    let data = server.home.dir.path().to_owned();
    let folder = tempfile::tempdir().expect("a folder");
    let good = folder.path().join("good.tar");
    let output = blocking(|| cli(&data, &["backup", "--out", good.to_str().expect("UTF-8")]));
    assert!(output.status.success(), "{}", text(&output));

    // A backup never replaces a file, nor writes where it cannot.
    let before = std::fs::read(&good).expect("the backup");
    let output = blocking(|| cli(&data, &["backup", "--out", good.to_str().expect("UTF-8")]));
    assert!(!output.status.success());
    assert!(
        text(&output).contains("already exists"),
        "{}",
        text(&output)
    );
    assert_eq!(std::fs::read(&good).expect("the backup"), before);
    let nowhere = folder.path().join("missing/folder/backup.tar");
    let output = blocking(|| {
        cli(
            &data,
            &["backup", "--out", nowhere.to_str().expect("UTF-8")],
        )
    });
    assert!(!output.status.success());
    assert!(
        text(&output).contains("cannot write the backup"),
        "{}",
        text(&output)
    );
    assert!(!folder.path().join("missing").exists());
    assert_eq!(
        std::fs::read_dir(folder.path()).expect("list").count(),
        1,
        "no temporary file is left behind"
    );

    // A restore goes into an empty or new folder only.
    let occupied = tempfile::tempdir().expect("a folder");
    std::fs::write(occupied.path().join("notes.txt"), "kept").expect("write");
    let output = blocking(|| {
        cli(
            occupied.path(),
            &["restore", "--from", good.to_str().expect("UTF-8")],
        )
    });
    assert!(!output.status.success());
    assert!(text(&output).contains("is not empty"), "{}", text(&output));
    let left: Vec<_> = std::fs::read_dir(occupied.path()).expect("list").collect();
    assert_eq!(left.len(), 1, "the folder is as it was");

    // A damaged backup is refused before anything reaches the folder.
    let mut damaged = before.clone();
    let middle = damaged.len() / 3;
    damaged[middle] ^= 0x01;
    let bad = folder.path().join("damaged.tar");
    std::fs::write(&bad, &damaged).expect("write");
    let target = folder.path().join("restored");
    let refused = blocking(|| courtdesk_central::restore(&bad, &target));
    assert!(
        matches!(refused, Err(BackupError::NotABackup { .. })),
        "{refused:?}"
    );
    assert!(!target.exists(), "a refused restore creates no folder");
    std::fs::write(&bad, b"not a tar file at all").expect("write");
    assert!(blocking(|| courtdesk_central::restore(&bad, &target)).is_err());
    assert!(!target.exists());
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".courtdesk"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders are removed: {leftovers:?}"
    );

    // No database to back up, or one on PostgreSQL: a clear refusal.
    let empty = tempfile::tempdir().expect("a folder");
    let out = folder.path().join("none.tar");
    let refused = courtdesk_central::backup(&Settings::new(empty.path()), &out);
    assert!(
        matches!(refused, Err(BackupError::NoDatabase(_))),
        "{refused:?}"
    );
    assert!(
        !empty.path().join("central.sqlite3").exists(),
        "no database is created"
    );
    let mut settings = Settings::new(empty.path());
    settings.database = Some(Database::parse("postgres://court@db.invalid/central"));
    let refused = courtdesk_central::backup(&settings, &out).expect_err("refused");
    assert!(refused.to_string().contains("pg_dump"), "{refused}");
    assert!(!out.exists());
}
