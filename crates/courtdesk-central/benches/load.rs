//! Load on the central server: 200 enrolled terminals push and pull at once
//! over loopback HTTPS for a fixed time; prints throughput and latency for
//! SQLite and, when `COURTDESK_TEST_POSTGRES_URL` is set, for PostgreSQL.
//!
//! `cargo bench -p courtdesk-central --bench load`
//!
//! Each terminal loops: push a batch of 10 records with the audit entries
//! that continue its own chain, then pull its site's changes after its
//! cursor. Every HTTP request is one op; ops started during the 2 s warm-up
//! are not counted. Target (SQLite): at least 5,000 ops/s with p99 at most
//! 50 ms.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use courtdesk_central::{ChainReport, Database, RateLimit, Registry, Settings, launch_on_loopback};
use courtdesk_core::{Mode, TerminalId};
use courtdesk_protocol::api::{EnrollRequest, PullResponse, PushRequest, paths};
use courtdesk_protocol::auth::{
    HEADER_NONCE, HEADER_SIGNATURE, HEADER_TERMINAL, HEADER_TIMESTAMP, SignedParts,
    encode_public_key,
};
use courtdesk_protocol::chain::{AuditEntry, ChainHead};
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::{Record, RecordId};
use ed25519_dalek::SigningKey;
use rand::Rng;
use rand::rngs::OsRng;
use reqwest::Method;
use serde_json::json;

/// Many request threads allocate at once; glibc's allocator spent about a
/// sixth of the server's time under load in its arenas' bookkeeping.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TERMINALS: usize = 200;
/// Terminals per site: a pull returns the site's changes, so this sets how
/// much each pull carries (about ten batches of the site's other terminals).
const PER_SITE: usize = 10;
const BATCH: usize = 10;
const WARM_UP: Duration = Duration::from_secs(2);
const MEASURE: Duration = Duration::from_secs(10);
/// Raised far above the default so the per-terminal limiter does not shape
/// the result; the bench measures the server's work, not the throttle.
const RATE: RateLimit = RateLimit {
    per_second: 10_000.0,
    burst: 10_000,
};
const URL_VARIABLE: &str = "COURTDESK_TEST_POSTGRES_URL";

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "load: {TERMINALS} terminals ({PER_SITE} per site), push {BATCH} records + pull per loop, \
         {}s warm-up then {}s measured; rate limit raised to {}/s burst {}; \
         load generator and server share this machine's {cores} cores",
        WARM_UP.as_secs(),
        MEASURE.as_secs(),
        RATE.per_second,
        RATE.burst,
    );
    let sqlite = run("SQLite", None);
    sqlite.print();
    println!(
        "  target SQLite: >= 5000 ops/s and p99 <= 50 ms: {}",
        if sqlite.ops_per_second() >= 5000.0 && sqlite.percentile(0.99) <= Duration::from_millis(50)
        {
            "met"
        } else {
            "MISSED"
        }
    );
    match std::env::var(URL_VARIABLE) {
        Ok(server) => {
            let name = format!("courtdesk_bench_{:016x}", OsRng.r#gen::<u64>());
            connect(&server)
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create the bench database");
            let result = run(
                "PostgreSQL",
                Some(Database::parse(&in_database(&server, &name))),
            );
            // FORCE ends connections the stopped server's pool may still hold.
            if let Err(error) = connect(&server)
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            {
                println!("could not drop the bench database {name}: {error}");
            }
            result.print();
        }
        Err(_) => println!("PostgreSQL skipped: {URL_VARIABLE} is not set"),
    }
}

struct Outcome {
    backend: &'static str,
    /// Latencies of the ops started after the warm-up, sorted.
    latencies: Vec<Duration>,
    window: Duration,
    errors: usize,
    chains: String,
}

impl Outcome {
    fn ops_per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.window.as_secs_f64()
    }

    fn percentile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[index]
    }

    fn print(&self) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{}: {:.0} ops/s ({} ops in {:.2} s), p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, \
             {} failed requests; {}",
            self.backend,
            self.ops_per_second(),
            self.latencies.len(),
            self.window.as_secs_f64(),
            ms(self.percentile(0.5)),
            ms(self.percentile(0.99)),
            ms(self.latencies.last().copied().unwrap_or_default()),
            self.errors,
            self.chains,
        );
    }
}

fn run(backend: &'static str, database: Option<Database>) -> Outcome {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut settings = Settings::new(dir.path());
    settings.database = database;
    settings.rate_limit = RATE;
    // Two hundred terminals enroll from one address at the start.
    settings.enroll_rate_limit = RATE;
    let (running, stop) = runtime
        .block_on(launch_on_loopback(settings))
        .expect("the server starts");
    // The registry blocks on the store, so the codes are made here, outside
    // the runtime's async context.
    let registry: Registry = running.registry().clone();
    let codes: Vec<String> = (0..TERMINALS)
        .map(|i| {
            registry
                .create_enrollment_code(
                    "bench-court",
                    &format!("site-{}", i / PER_SITE),
                    Mode::Staff,
                )
                .expect("a code")
                .reveal()
                .to_owned()
        })
        .collect();
    let certificate =
        reqwest::Certificate::from_pem(running.cert_pem().as_bytes()).expect("the cert is PEM");
    // One client for all terminals: its pool keeps HTTP/1.1 connections
    // alive, and it trusts the server's certificate only.
    let http = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(certificate)
        .http1_only()
        .pool_max_idle_per_host(TERMINALS)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTPS client");
    let base = Arc::new(format!("https://{}", running.local_addr()));

    let (results, window, ids) = runtime.block_on(async {
        let mut terminals = Vec::with_capacity(TERMINALS);
        for code in codes {
            terminals.push(Terminal::enroll(&http, &base, code).await);
        }
        let ids: Vec<TerminalId> = terminals.iter().map(|t| t.id.clone()).collect();
        let start = Instant::now();
        let measured_from = start + WARM_UP;
        let end = measured_from + MEASURE;
        let tasks: Vec<_> = terminals
            .into_iter()
            .map(|terminal| tokio::spawn(terminal.work(measured_from, end)))
            .collect();
        let mut results = Vec::with_capacity(TERMINALS);
        for task in tasks {
            results.push(task.await.expect("a terminal task"));
        }
        // Ops in flight at the end finish after it, so the window runs to
        // the last one's completion.
        (results, measured_from.elapsed(), ids)
    });
    let mut latencies = Vec::new();
    let mut errors = 0;
    for (mut own, failed) in results {
        latencies.append(&mut own);
        errors += failed;
    }
    latencies.sort_unstable();
    let intact = ids
        .iter()
        .filter(|id| matches!(registry.verify_chain(id), Ok(ChainReport::Intact { .. })))
        .count();
    let _ = stop.send(());
    runtime
        .block_on(running.finished())
        .expect("a clean shutdown");
    Outcome {
        backend,
        latencies,
        window,
        errors,
        chains: format!("{intact}/{TERMINALS} chains intact"),
    }
}

struct Terminal {
    id: TerminalId,
    key: SigningKey,
    http: reqwest::Client,
    base: Arc<String>,
    head: ChainHead,
    cursor: u64,
    counter: u32,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as u64
}

impl Terminal {
    async fn enroll(http: &reqwest::Client, base: &Arc<String>, code: String) -> Terminal {
        let id = TerminalId::from_bits(OsRng.r#gen());
        let key = SigningKey::generate(&mut OsRng);
        let request = EnrollRequest {
            code,
            terminal_id: id.clone(),
            mode: Mode::Staff,
            public_key: encode_public_key(&key.verifying_key()),
        };
        let response = http
            .post(format!("{base}{}", paths::ENROLL))
            .json(&request)
            .send()
            .await
            .expect("the server answers");
        assert!(response.status().is_success(), "enrollment: {response:?}");
        Terminal {
            id,
            key,
            http: http.clone(),
            base: Arc::clone(base),
            head: ChainHead::EMPTY,
            cursor: 0,
            counter: 0,
        }
    }

    /// Loops push and pull until `end`; returns the latencies of the ops
    /// started at or after `measured_from`, and how many requests failed.
    /// A failed push leaves the chain head unknown, so the terminal stops.
    async fn work(mut self, measured_from: Instant, end: Instant) -> (Vec<Duration>, usize) {
        let mut latencies = Vec::new();
        let mut errors = 0;
        while Instant::now() < end {
            let batch = self.batch();
            let body = serde_json::to_vec(&batch).expect("serializable");
            let began = Instant::now();
            let pushed = self.send(Method::POST, paths::PUSH, body).await;
            if began >= measured_from {
                latencies.push(began.elapsed());
            }
            if pushed.is_none() {
                errors += 1;
                break;
            }
            let path = format!("{}?after={}&limit=1000", paths::PULL, self.cursor);
            let began = Instant::now();
            let pulled = self.send(Method::GET, &path, Vec::new()).await;
            if began >= measured_from {
                latencies.push(began.elapsed());
            }
            match pulled.and_then(|bytes| serde_json::from_slice::<PullResponse>(&bytes).ok()) {
                Some(page) => self.cursor = page.cursor,
                None => errors += 1,
            }
        }
        (latencies, errors)
    }

    /// The next 10 records, chained after the local head.
    fn batch(&mut self) -> PushRequest {
        let records: Vec<Record> = (0..BATCH)
            .map(|_| {
                self.counter += 1;
                Record {
                    id: RecordId::from_bits(OsRng.r#gen()),
                    kind: courtdesk_protocol::rights::TERMINAL_STATUS.into(),
                    hlc: Hlc {
                        wall_ms: now_ms(),
                        counter: self.counter,
                    },
                    body: json!({ "ticket": "A017", "desk": 3, "n": self.counter }),
                }
            })
            .collect();
        let audit = records
            .iter()
            .map(|record| {
                let entry = AuditEntry::append(self.head, record);
                self.head = entry.head();
                entry
            })
            .collect();
        PushRequest { records, audit }
    }

    /// A signed request; the body of a 200 answer, or `None`.
    async fn send(&self, method: Method, path: &str, body: Vec<u8>) -> Option<Vec<u8>> {
        let timestamp_ms = now_ms();
        let nonce = format!("{:032x}", OsRng.r#gen::<u128>());
        let signature = SignedParts {
            method: method.as_str(),
            path_and_query: path,
            terminal: &self.id,
            timestamp_ms,
            nonce: &nonce,
            body: &body,
        }
        .sign(&self.key);
        let response = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .header(HEADER_TERMINAL, self.id.to_string())
            .header(HEADER_TIMESTAMP, timestamp_ms.to_string())
            .header(HEADER_NONCE, nonce)
            .header(HEADER_SIGNATURE, signature)
            .body(body)
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        response.bytes().await.ok().map(|b| b.to_vec())
    }
}

/// The server's URL with another database name.
fn in_database(server: &str, name: &str) -> String {
    let mut url = url::Url::parse(server).expect("a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect to PostgreSQL")
}
