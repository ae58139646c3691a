//! Fixtures: a real central server on either backend that can be stopped
//! and started again at the same address, and a terminal enrolled with it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use courtdesk_central::{ChainReport, Registry, Running, Settings, launch};
use courtdesk_core::Mode;
use courtdesk_core::TerminalId;
use courtdesk_protocol::api::Change;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::Store;
use courtdesk_sync::{Drain, enroll, enrolled_central, now_ms};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::backend::{Backend, Home, blocking};

pub(crate) const COURT: &str = "court-7";
pub(crate) const SITE: &str = "hall-a";

/// The central server, on a fixed address once first started.
pub(crate) struct Court {
    home: Home,
    addr: SocketAddr,
    fingerprint: String,
    running: Option<(Running, oneshot::Sender<()>)>,
}

impl Court {
    /// A server on the default, embedded SQLite store.
    pub(crate) async fn start() -> Court {
        Court::start_on(Backend::Sqlite).await
    }

    pub(crate) async fn start_on(backend: Backend) -> Court {
        let home = Home::new(backend);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let mut court = Court {
            home,
            addr,
            fingerprint: String::new(),
            running: None,
        };
        court.serve(listener).await;
        court
    }

    async fn serve(&mut self, listener: TcpListener) {
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = stopped.await;
        };
        let running = launch(self.settings(), listener, shutdown)
            .await
            .expect("the server starts");
        self.fingerprint = running.fingerprint().to_owned();
        self.running = Some((running, stop));
    }

    fn settings(&self) -> Settings {
        let mut settings = Settings::new(self.home.dir.path());
        settings.database = Some(self.home.database.choice());
        // Some tests enroll more terminals from loopback than a hall would.
        settings.enroll_rate_limit = settings.rate_limit;
        settings
    }

    /// Stops the server and waits until its connections are closed.
    pub(crate) async fn stop(&mut self) {
        if let Some((running, stop)) = self.running.take() {
            let _ = stop.send(());
            running.finished().await.expect("a clean shutdown");
        }
    }

    /// Starts the server again at the same address, with the same database
    /// and certificate.
    pub(crate) async fn restart(&mut self) {
        let listener = TcpListener::bind(self.addr).await.expect("rebind");
        self.serve(listener).await;
    }

    pub(crate) fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub(crate) fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Runs administrator work on the server's store, as the admin CLI
    /// would, off the async threads (the PostgreSQL client blocks).
    pub(crate) fn admin<T>(&self, work: impl FnOnce(&Registry) -> T) -> T {
        blocking(|| work(&Registry::open(&self.settings()).expect("open the server's store")))
    }

    pub(crate) fn enrollment_code(&self, mode: Mode) -> String {
        self.admin(|registry| {
            registry
                .create_enrollment_code(COURT, SITE, mode)
                .expect("a code")
                .reveal()
                .to_owned()
        })
    }

    pub(crate) fn verify_chain(&self, terminal: &TerminalId) -> ChainReport {
        self.admin(|registry| registry.verify_chain(terminal).expect("verify"))
    }

    /// How many times the server holds each record id.
    pub(crate) fn stored(&self) -> HashMap<RecordId, usize> {
        let mut out = Vec::new();
        self.admin(|registry| registry.export(&mut out).expect("export"));
        let mut counts = HashMap::new();
        for line in String::from_utf8(out).expect("utf-8").lines() {
            let change: Change = serde_json::from_str(line).expect("a change");
            *counts.entry(change.record.id).or_insert(0) += 1;
        }
        counts
    }
}

/// A terminal with its own database in a temporary folder.
pub(crate) struct Terminal {
    /// Keeps the terminal's folder for as long as the terminal is used.
    _dir: tempfile::TempDir,
    pub(crate) store: Arc<Store>,
    next_id: u128,
}

impl Terminal {
    pub(crate) fn new() -> Terminal {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(Store::open(&dir.path().join("terminal.sqlite3")).expect("open"));
        Terminal {
            _dir: dir,
            store,
            next_id: rand::random::<u64>() as u128 * 1_000_000,
        }
    }

    pub(crate) async fn enrolled_with(court: &Court) -> Terminal {
        let terminal = Terminal::new();
        let code = court.enrollment_code(Mode::Staff);
        enroll(
            &terminal.store,
            &court.url(),
            court.fingerprint(),
            &code,
            Mode::Staff,
            now_ms(),
        )
        .await
        .expect("enrollment succeeds");
        terminal
    }

    /// Queues `count` records and returns their ids.
    pub(crate) fn record(&mut self, count: usize) -> Vec<RecordId> {
        (0..count)
            .map(|_| {
                self.next_id += 1;
                let id = RecordId::from_bits(self.next_id);
                self.store
                    .record(
                        id.clone(),
                        "terminal.status",
                        json!({"n": self.next_id as u64}),
                        now_ms(),
                    )
                    .expect("record");
                id
            })
            .collect()
    }

    pub(crate) fn drain(&self) -> Drain {
        Drain::new(
            Arc::clone(&self.store),
            enrolled_central(&self.store).expect("enrolled"),
        )
    }
}

/// Asserts that the server holds every id exactly once.
pub(crate) fn assert_exactly_once(court: &Court, ids: &[RecordId]) {
    let stored = court.stored();
    for id in ids {
        assert_eq!(
            stored.get(id),
            Some(&1),
            "record {id} must be stored exactly once"
        );
    }
    assert_eq!(
        stored.values().sum::<usize>(),
        ids.len(),
        "nothing else was stored"
    );
}
