//! Documents uploaded to the real server's blob store in resumable chunks:
//! whole, resumed after a cut without resending what the server holds, and
//! refused for good when the bytes do not match the SHA-256 given.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use courtdesk_core::Mode;
use courtdesk_faultproxy::FaultProxy;
use courtdesk_protocol::Digest;
use courtdesk_sync::{BLOB_CHUNK, Central, SyncError, enroll, enrolled_central, now_ms};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

use crate::court::{Court, Terminal};

const MIB: u64 = 1024 * 1024;

/// Writes `len` seeded random bytes to a file in `dir`; returns its path and
/// SHA-256.
fn document(dir: &Path, len: u64, seed: u64) -> (PathBuf, Digest) {
    let mut bytes = vec![0u8; len as usize];
    StdRng::seed_from_u64(seed).fill_bytes(&mut bytes);
    let path = dir.join(format!("scan-{seed}.bin"));
    std::fs::write(&path, &bytes).expect("write the document");
    (path, Digest::of(&bytes))
}

/// Uploads and keeps every progress call.
async fn upload(
    central: &Central,
    path: &Path,
    sha: Digest,
) -> (
    Result<courtdesk_sync::BlobStatus, SyncError>,
    Vec<(u64, u64)>,
) {
    let calls = Mutex::new(Vec::new());
    let result = central
        .upload_blob(path, sha, |sent, total| {
            calls.lock().expect("progress").push((sent, total));
        })
        .await;
    (result, calls.into_inner().expect("progress"))
}

fn assert_monotonic_to_the_end(calls: &[(u64, u64)], total: u64) {
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0), "{calls:?}");
    assert!(calls.iter().all(|&(_, t)| t == total), "{calls:?}");
    assert_eq!(calls.last(), Some(&(total, total)), "{calls:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_20_mib_document_uploads_in_chunks_and_the_server_holds_it_complete() {
    let court = Court::start().await;
    let terminal = Terminal::enrolled_with(&court).await;
    let central = enrolled_central(&terminal.store).expect("enrolled");
    let dir = tempfile::tempdir().expect("tempdir");
    let total = 20 * MIB;
    let (path, sha) = document(dir.path(), total, 7);

    let (status, calls) = upload(&central, &path, sha).await;
    let status = status.expect("uploaded");
    assert!(status.complete && status.next_offset == total, "{status:?}");
    assert_eq!(status.sha256, sha);
    assert_monotonic_to_the_end(&calls, total);
    assert_eq!(calls.first(), Some(&(0, total)));
    assert!(
        calls.len() as u64 > total / BLOB_CHUNK,
        "one call per chunk: {calls:?}"
    );
    assert_eq!(central.blob_status(&sha).await.expect("status"), status);

    // A blob the server holds is not sent again.
    let (again, calls) = upload(&central, &path, sha).await;
    assert_eq!(again.expect("already held"), status);
    assert_eq!(calls, vec![(total, total)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_cut_midway_resumes_from_the_servers_offset_after_healing() {
    let court = Court::start().await;
    let upstream: SocketAddr = court
        .url()
        .trim_start_matches("https://")
        .parse()
        .expect("an IP address");
    let proxy = FaultProxy::start(upstream).await.expect("the proxy starts");
    let terminal = Terminal::new();
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
    let central = enrolled_central(&terminal.store).expect("enrolled");
    let dir = tempfile::tempdir().expect("tempdir");
    let total = 20 * MIB;
    let (path, sha) = document(dir.path(), total, 11);
    let faults = proxy.handle();
    // Inside the third chunk of the first connection.
    faults.cut_uploads_after(10 * MIB);

    let (cut, _) = upload(&central, &path, sha).await;
    let error = cut.expect_err("the upload was cut");
    assert!(error.is_retryable(), "{error:?}");
    faults.heal();
    let held = central.blob_status(&sha).await.expect("status");
    assert!(!held.complete, "{held:?}");
    assert_eq!(
        held.next_offset,
        2 * BLOB_CHUNK,
        "the chunks before the cut"
    );

    let (status, calls) = upload(&central, &path, sha).await;
    assert!(status.expect("resumed").complete);
    assert_eq!(calls.first(), Some(&(held.next_offset, total)), "{calls:?}");
    assert_monotonic_to_the_end(&calls, total);
    let sent = faults.counters().upstream_bytes;
    assert!(
        (sent as f64) < 1.3 * total as f64,
        "acknowledged chunks were sent again: {sent} bytes for {total}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_that_do_not_match_the_sha256_are_refused_for_good() {
    let court = Court::start().await;
    let terminal = Terminal::enrolled_with(&court).await;
    let central = enrolled_central(&terminal.store).expect("enrolled");
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = document(dir.path(), 5 * MIB, 13);
    let wrong = Digest::of(b"another document");

    let (result, _) = upload(&central, &path, wrong).await;
    let error = result.expect_err("the server refuses the bytes");
    assert!(matches!(error, SyncError::BlobMismatch), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(error.code(), "blob_mismatch");
    let left = central.blob_status(&wrong).await.expect("status");
    assert_eq!((left.next_offset, left.complete), (0, false), "discarded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_document_uploads_as_one_empty_chunk() {
    let court = Court::start().await;
    let terminal = Terminal::enrolled_with(&court).await;
    let central = enrolled_central(&terminal.store).expect("enrolled");
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, sha) = document(dir.path(), 0, 17);

    let (status, calls) = upload(&central, &path, sha).await;
    let status = status.expect("uploaded");
    assert!(status.complete && status.next_offset == 0, "{status:?}");
    assert_monotonic_to_the_end(&calls, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drain_uploads_queued_documents_sets_damaged_ones_aside_and_reports_progress() {
    let court = Court::start().await;
    let terminal = Terminal::enrolled_with(&court).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (good, good_sha) = document(dir.path(), 5 * MIB, 11);
    let (damaged, damaged_sha) = document(dir.path(), MIB, 12);
    // The file changed after it was hashed: the server will refuse it.
    std::fs::write(&damaged, b"not the bytes that were hashed").expect("overwrite");
    let (later, later_sha) = document(dir.path(), MIB, 13);
    terminal
        .store
        .write_recorded(1_000, |recorder| {
            recorder.queue_blob(damaged_sha, &damaged, MIB)?;
            recorder.queue_blob(good_sha, &good, 5 * MIB)?;
            recorder.queue_blob(later_sha, &later, MIB)
        })
        .expect("queued");

    let drain = terminal.drain();
    let mut status = drain.status();
    let seen = std::sync::Arc::new(Mutex::new(Vec::new()));
    let watcher = {
        let seen = std::sync::Arc::clone(&seen);
        tokio::spawn(async move {
            while status.changed().await.is_ok() {
                if let Some(upload) = status.borrow_and_update().upload {
                    seen.lock().expect("seen").push(upload);
                }
            }
        })
    };
    let report = drain.pass().await.expect("the pass succeeds");
    assert_eq!(report.uploaded, 2, "the good documents were verified");
    assert!(terminal.store.blob_verified(&good_sha).expect("read"));
    assert!(terminal.store.blob_verified(&later_sha).expect("read"));
    assert!(
        !terminal.store.blob_verified(&damaged_sha).expect("read"),
        "the damaged file is never marked verified"
    );
    assert!(
        terminal.store.pending_blobs().expect("pending").is_empty(),
        "the damaged file is set aside, not retried forever"
    );
    let central = enrolled_central(&terminal.store).expect("enrolled");
    assert!(
        central
            .blob_status(&good_sha)
            .await
            .expect("status")
            .complete
    );
    assert!(
        !central
            .blob_status(&damaged_sha)
            .await
            .expect("status")
            .complete
    );

    let final_status = drain.status().borrow().clone();
    assert_eq!((final_status.blobs_pending, final_status.upload), (0, None));
    drop(drain);
    watcher.await.expect("the watcher ends with the drain");
    let seen = seen.lock().expect("seen").clone();
    // A watch channel shows its latest value, so short-lived states may be
    // skipped; the state held while a 4 MiB chunk is in flight is not.
    assert!(
        seen.iter()
            .any(|p| p.total_bytes == 5 * MIB && p.sent_bytes < 5 * MIB && p.files_left == 2),
        "the big document's progress was published while it uploaded: {seen:?}"
    );
}
