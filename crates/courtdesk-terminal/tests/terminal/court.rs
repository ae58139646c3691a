//! The real central server on loopback, and terminals enrolled with it the
//! way court IT enrolls them: the court the end-to-end tests run against.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use courtdesk_central::{NewParty, NewStaffAccount, Running, Settings, launch_on_loopback};
use courtdesk_core::Mode;
use courtdesk_identity::staff::{PasswordCost, Role};
use courtdesk_store::Store;
use courtdesk_terminal::Terminal;
use tokio::runtime::Runtime;

use crate::start_terminal;

/// Every staff account the tests create has this password.
pub(crate) const PASSWORD: &str = "Window-3-morning";

/// The server and the runtime it runs on.
pub(crate) struct Court {
    pub(crate) runtime: Runtime,
    pub(crate) running: Running,
    _stop: tokio::sync::oneshot::Sender<()>,
    dir: tempfile::TempDir,
    accounts: AtomicU32,
}

impl Court {
    pub(crate) fn start() -> Court {
        let dir = tempfile::tempdir().expect("tempdir");
        let runtime = Runtime::new().expect("runtime");
        let mut settings = Settings::new(dir.path());
        // A cheap hash: these tests are about the desk, not argon2's cost.
        settings.identity.password_cost = PasswordCost::new(256, 1, 1).expect("a valid cost");
        settings.enroll_rate_limit = settings.rate_limit;
        let (running, stop) = runtime.block_on(async {
            launch_on_loopback(settings)
                .await
                .expect("the server starts")
        });
        Court {
            runtime,
            running,
            _stop: stop,
            dir,
            accounts: AtomicU32::new(0),
        }
    }

    /// Enrolls the terminal whose data folder is `dir`, reaching the server
    /// at `addr` (the server itself, or a proxy in front of it).
    pub(crate) fn enroll(&self, dir: &Path, mode: Mode, addr: SocketAddr) {
        let code = self
            .running
            .registry()
            .create_enrollment_code("court-1", "hall-a", mode)
            .expect("a code");
        let store = Store::open(&dir.join("terminal.sqlite3")).expect("store");
        self.runtime
            .block_on(courtdesk_sync::enroll(
                &store,
                &format!("https://{addr}"),
                self.running.fingerprint(),
                code.reveal(),
                mode,
                courtdesk_sync::now_ms(),
            ))
            .expect("enrolled");
    }

    pub(crate) fn terminal(&self, mode: Mode) -> (tempfile::TempDir, Terminal) {
        self.terminal_via(mode, self.running.local_addr())
    }

    pub(crate) fn terminal_via(
        &self,
        mode: Mode,
        addr: SocketAddr,
    ) -> (tempfile::TempDir, Terminal) {
        let dir = tempfile::tempdir().expect("tempdir");
        self.enroll(dir.path(), mode, addr);
        let terminal = start_terminal(dir.path(), mode);
        (dir, terminal)
    }

    /// A staff account of `role`; returns its username.
    pub(crate) fn staff(&self, role: Role) -> String {
        let n = self.accounts.fetch_add(1, Ordering::Relaxed);
        let username = format!("clerk{n}");
        self.running
            .staff_accounts()
            .add(&NewStaffAccount {
                username: username.clone(),
                display_name: format!("窗口人员{n}"),
                role,
                password: PASSWORD.into(),
            })
            .expect("an account");
        username
    }

    /// A desk reaching the server at `addr`, with a clerk signed in.
    pub(crate) fn desk_via(&self, addr: SocketAddr) -> (tempfile::TempDir, Terminal) {
        let (dir, desk) = self.terminal_via(Mode::Staff, addr);
        let username = self.staff(Role::Clerk);
        desk.staff_sign_in(&username, PASSWORD).expect("signed in");
        (dir, desk)
    }

    pub(crate) fn desk(&self) -> (tempfile::TempDir, Terminal) {
        self.desk_via(self.running.local_addr())
    }

    /// Registers a card reader at every kiosk enrolled so far, as an
    /// administrator does with `courtdesk-central card-reader <id> on`.
    pub(crate) fn register_card_readers(&self) {
        let registry = self.running.registry();
        for terminal in registry.terminals().expect("listed") {
            if terminal.mode == Mode::Kiosk {
                registry
                    .set_card_reader(&terminal.id, true)
                    .expect("registered");
            }
        }
    }

    /// Puts a party on file at the hall's site.
    pub(crate) fn party(&self, resident_id: &str, phone: &str, name: &str) {
        self.running
            .parties()
            .add(&NewParty {
                resident_id: resident_id.into(),
                phone: phone.into(),
                display_name: name.into(),
                court_id: "court-1".into(),
                site_ids: vec!["hall-a".into()],
            })
            .expect("on file");
    }

    /// The one-time codes the development SMS gateway wrote, oldest first.
    pub(crate) fn texts(&self) -> Vec<serde_json::Value> {
        let path = self.dir.path().join(courtdesk_central::SMS_OUTBOX_FILE);
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    }

    pub(crate) fn data_dir(&self) -> &Path {
        self.dir.path()
    }
}

/// Polls `probe` until it yields a value, or fails after 20 s naming `what`.
pub(crate) fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The CUPS PDF printer of `scripts/cups.sh`, or `None` when this run has
/// none (CI must have one).
pub(crate) fn printer_or_skip() -> Option<(String, std::path::PathBuf)> {
    match (
        std::env::var("COURTDESK_TEST_PRINTER"),
        std::env::var("COURTDESK_TEST_PRINT_OUT"),
    ) {
        (Ok(queue), Ok(out)) => Some((queue, out.into())),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the printing tests: eval \"$(scripts/cups.sh start)\""
            );
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"skipping the printing tests: COURTDESK_TEST_PRINTER is not set\n",
            );
            None
        }
    }
}

/// The PDF files in the printer's output folder now.
pub(crate) fn printed_files(out: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(out)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect()
        })
        .unwrap_or_default()
}

/// The text of the first PDF printed since `before` whose text holds
/// `needle`, waiting for the printer to write it.
pub(crate) fn printed_text(out: &Path, before: &[std::path::PathBuf], needle: &str) -> String {
    eventually(&format!("a printout holding {needle:?}"), || {
        printed_files(out)
            .into_iter()
            .filter(|p| !before.contains(p))
            .find_map(|p| {
                let output = std::process::Command::new("pdftotext")
                    .arg(&p)
                    .arg("-")
                    .output()
                    .ok()?;
                let text = String::from_utf8_lossy(&output.stdout).into_owned();
                text.contains(needle).then_some(text)
            })
    })
}
