//! How fast a terminal uploads a 100 MB document to the central server over
//! loopback HTTPS with `Central::upload_blob`, against the `curl` tool
//! sending the same signed 4 MiB chunks to the same endpoint over HTTP/1.1.
//! Target: ours at least 0.70 of curl's throughput.
//!
//! `cargo bench -p courtdesk-sync --bench upload [-- RUNS]`
//!
//! Runs alternate which tool goes first. Each upload is of a blob the server
//! does not hold yet (the file's first bytes carry a fresh tag, its SHA-256
//! computed untimed); curl's time includes signing each chunk in Rust and
//! starting one process per chunk, as a shell loop would.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use courtdesk_central::{Running, Settings, launch_on_loopback};
use courtdesk_core::{Mode, TerminalId};
use courtdesk_protocol::Digest;
use courtdesk_protocol::auth::{
    HEADER_NONCE, HEADER_SIGNATURE, HEADER_TERMINAL, HEADER_TIMESTAMP, SignedParts,
};
use courtdesk_store::Store;
use courtdesk_sync::{BLOB_CHUNK, Central, enroll, enrolled_central, now_ms};
use ed25519_dalek::SigningKey;
use rand::RngCore;

const TOTAL: usize = 100_000_000;

/// What curl needs to sign and send as the enrolled terminal.
struct Curl {
    base: String,
    cacert: String,
    terminal: TerminalId,
    key: SigningKey,
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let server_dir = tempfile::tempdir().expect("tempdir");
    let (running, _stop) = runtime.block_on(async {
        launch_on_loopback(Settings::new(server_dir.path()))
            .await
            .expect("the server starts")
    });
    let work = tempfile::tempdir().expect("tempdir");
    let (central, curl) = enrolled(&runtime, &running, work.path());

    let document = work.path().join("document.bin");
    let mut bytes = vec![0u8; TOTAL];
    rand::thread_rng().fill_bytes(&mut bytes);
    std::fs::write(&document, &bytes).expect("the document");

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut tag = 0u64;
    for run in 0..runs {
        for turn in 0..2 {
            tag += 1;
            bytes[..8].copy_from_slice(&tag.to_be_bytes());
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(&document)
                .expect("open");
            file.write_all(&tag.to_be_bytes()).expect("tag");
            drop(file);
            let sha = Digest::of(&bytes);
            let start = Instant::now();
            let (who, times) = if (run + turn) % 2 == 0 {
                let status = runtime
                    .block_on(central.upload_blob(&document, sha, |_, _| {}))
                    .expect("uploaded");
                assert!(status.complete);
                ("ours", &mut ours)
            } else {
                curl.upload(&document, &sha);
                ("curl", &mut theirs)
            };
            let took = start.elapsed();
            println!(
                "run {run} {who}: {:.3} s, {:.1} MB/s",
                took.as_secs_f64(),
                mbps(took)
            );
            times.push(took);
            // Keeps the server's folder from growing by 100 MB a turn.
            let _ = std::fs::remove_file(server_dir.path().join("blobs").join(sha.to_hex()));
        }
    }
    let (ours, theirs) = (median(&mut ours), median(&mut theirs));
    println!(
        "upload of {TOTAL} bytes over loopback HTTPS, median of {runs}: ours {:.1} MB/s, \
         curl {:.1} MB/s, ratio ours/curl {:.2}; target >= 0.70",
        mbps(ours),
        mbps(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64(),
    );
}

fn enrolled(runtime: &tokio::runtime::Runtime, running: &Running, dir: &Path) -> (Central, Curl) {
    let url = format!("https://{}", running.local_addr());
    let store = Store::open(&dir.join("terminal.sqlite3")).expect("store");
    let code = running
        .registry()
        .create_enrollment_code("bench-court", "bench-site", Mode::Staff)
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
    let cacert = dir.join("server.pem");
    std::fs::write(&cacert, running.cert_pem()).expect("the certificate");
    let secret = store.terminal_secret().expect("read").expect("a key");
    let curl = Curl {
        base: url,
        cacert: cacert.display().to_string(),
        terminal: store
            .identity()
            .expect("read")
            .expect("identity")
            .terminal_id,
        key: SigningKey::from_bytes(secret.expose()),
    };
    (enrolled_central(&store).expect("client"), curl)
}

impl Curl {
    /// The same chunk loop as `upload_blob`, one curl process per request.
    fn upload(&self, document: &Path, sha: &Digest) {
        let mut file = std::fs::File::open(document).expect("open");
        let total = file.metadata().expect("size").len();
        let mut offset = 0;
        while offset < total {
            let mut chunk = Vec::with_capacity(BLOB_CHUNK as usize);
            file.seek(SeekFrom::Start(offset)).expect("seek");
            (&mut file)
                .take(BLOB_CHUNK)
                .read_to_end(&mut chunk)
                .expect("read");
            let path = format!("/v1/blobs/{}/chunks/{offset}", sha.to_hex());
            self.send("PUT", &path, &chunk);
            offset += chunk.len() as u64;
        }
        self.send("POST", &format!("/v1/blobs/{}/complete", sha.to_hex()), &[]);
    }

    fn send(&self, method: &str, path: &str, body: &[u8]) {
        let mut nonce = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut nonce);
        let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        let timestamp_ms = u64::try_from(now_ms()).expect("after 1970");
        let signature = SignedParts {
            method,
            path_and_query: path,
            terminal: &self.terminal,
            timestamp_ms,
            nonce: &nonce,
            body,
        }
        .sign(&self.key);
        let mut child = Command::new("curl")
            .args([
                "-sS",
                "--fail",
                "--http1.1",
                "-o",
                "/dev/null",
                "-X",
                method,
            ])
            .args(["--cacert", &self.cacert])
            .args(["-H", "Content-Type: application/octet-stream"])
            .args(["-H", &format!("{HEADER_TERMINAL}: {}", self.terminal)])
            .args(["-H", &format!("{HEADER_TIMESTAMP}: {timestamp_ms}")])
            .args(["-H", &format!("{HEADER_NONCE}: {nonce}")])
            .args(["-H", &format!("{HEADER_SIGNATURE}: {signature}")])
            .args(["--data-binary", "@-", &format!("{}{path}", self.base)])
            .stdin(Stdio::piped())
            .spawn()
            .expect("curl runs (apt-get install curl)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(body)
            .expect("piped");
        let status = child.wait().expect("curl ends");
        assert!(status.success(), "curl {method} {path} failed: {status}");
    }
}

fn mbps(took: Duration) -> f64 {
    TOTAL as f64 / 1e6 / took.as_secs_f64()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
