//! The terminal behind the window, started from its configuration file as the
//! app starts it: on its own, and enrolled with a real central server over
//! HTTPS, where its sync link must deliver what it records.

use std::path::Path;
use std::time::{Duration, Instant};

use courtdesk_central::{Settings, launch_on_loopback};
use courtdesk_core::Mode;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::Store;
use courtdesk_terminal::commands::sync_status::SyncView;
use courtdesk_terminal::{ConfigLocation, ConfigSource, Terminal, TerminalConfig};
use serde_json::json;
use tokio::runtime::Runtime;

mod court;
mod delivery;
mod delivery_print;
mod identity;
mod intake;
mod intake_at_rest;
mod intake_cases;
mod intake_drafts;
mod intake_locker;
mod queue;
mod site_config;

pub(crate) fn start_terminal(dir: &Path, mode: Mode) -> Terminal {
    start_terminal_with(dir, mode, "")
}

/// Starts a terminal whose configuration adds `extra` (TOML) to its mode.
pub(crate) fn start_terminal_with(dir: &Path, mode: Mode, extra: &str) -> Terminal {
    let path = dir.join("courtdesk.toml");
    std::fs::write(&path, format!("mode = \"{mode}\"\n{extra}")).expect("write config");
    let config = TerminalConfig::load(&ConfigLocation {
        path,
        source: ConfigSource::CommandLine,
    })
    .expect("valid config");
    Terminal::start(config).expect("the terminal starts")
}

fn wait_for(terminal: &Terminal, what: &str, done: impl Fn(&SyncView) -> bool) -> SyncView {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let view = terminal.sync_status().expect("status");
        if done(&view) {
            return view;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {view:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_terminal_that_was_never_enrolled_reports_so_and_keeps_working() {
    let dir = tempfile::tempdir().expect("tempdir");
    let terminal = start_terminal(dir.path(), Mode::Staff);
    let view = terminal.sync_status().expect("status");
    assert_eq!(
        view,
        SyncView {
            enrolled: false,
            online: false,
            draining: false,
            backlog: 0,
            last_success_ms: None,
            last_error_code: None,
            blobs_pending: 0,
            upload: None,
        }
    );
    assert_eq!(terminal.sync_now().expect("a no-op"), view);
}

#[test]
fn an_enrolled_terminal_delivers_what_it_records_through_its_own_link() {
    let server_dir = tempfile::tempdir().expect("tempdir");
    let terminal_dir = tempfile::tempdir().expect("tempdir");
    let court = Runtime::new().expect("runtime");
    let (running, _stop) = court.block_on(async {
        launch_on_loopback(Settings::new(server_dir.path()))
            .await
            .expect("the server starts")
    });
    let code = running
        .registry()
        .create_enrollment_code("court-1", "hall-a", Mode::Staff)
        .expect("a code");

    // Court IT enrolls the terminal with the headless tool while the app is
    // stopped; here the same library call does it.
    let database = terminal_dir.path().join("terminal.sqlite3");
    {
        let store = Store::open(&database).expect("store");
        court
            .block_on(courtdesk_sync::enroll(
                &store,
                &format!("https://{}", running.local_addr()),
                running.fingerprint(),
                code.reveal(),
                Mode::Staff,
                courtdesk_sync::now_ms(),
            ))
            .expect("enrolled");
    }

    let terminal = start_terminal(terminal_dir.path(), Mode::Staff);
    wait_for(&terminal, "the first exchange", |v| v.enrolled && v.online);

    // A capability records through the same database the terminal uses.
    let store = Store::open(&database).expect("a second handle");
    for i in 0..5u128 {
        store
            .record(
                RecordId::from_bits(0xabc0 + i),
                "terminal.status",
                json!({ "n": i as u64 }),
                courtdesk_sync::now_ms(),
            )
            .expect("recorded");
    }
    assert_eq!(terminal.sync_status().expect("status").backlog, 5);
    terminal.sync_now().expect("woken");
    let view = wait_for(&terminal, "the backlog to drain", |v| {
        v.backlog == 0 && v.online
    });
    assert!(view.last_success_ms.is_some());

    let mut exported = Vec::new();
    running.registry().export(&mut exported).expect("export");
    let lines = String::from_utf8(exported).expect("utf-8");
    for i in 0..5u128 {
        let id = RecordId::from_bits(0xabc0 + i).to_string();
        assert_eq!(lines.matches(&id).count(), 1, "{id} arrived exactly once");
    }
    drop(terminal);
    drop(court);
}
