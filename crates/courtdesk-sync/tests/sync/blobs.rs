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
        &court.enrollment_code(),
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
