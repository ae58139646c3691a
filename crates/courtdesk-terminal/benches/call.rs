//! How long a clerk's call takes to reach the hall display: a desk and a
//! display, each a terminal enrolled with the real server on loopback,
//! syncing as in the hall (held-open pulls); the time from the desk's
//! `desk_act(call_next)` returning to the display's `hall_board` showing
//! the call, polled every 5 ms.
//!
//! `cargo bench -p courtdesk-terminal --bench call`
//!
//! Target: within 1 s on the same network.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::path::Path;
use std::time::{Duration, Instant};

use courtdesk_central::{Settings, launch_on_loopback};
use courtdesk_core::Mode;
use courtdesk_store::Store;
use courtdesk_terminal::commands::queue_desk::DeskAction;
use courtdesk_terminal::commands::queue_kiosk::TakeTicket;
use courtdesk_terminal::queue::Priority;
use courtdesk_terminal::{ConfigLocation, ConfigSource, ErrorCode, Terminal, TerminalConfig};

const CALLS: usize = 40;

fn main() {
    let server_dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (running, _stop) = runtime.block_on(async {
        launch_on_loopback(Settings::new(server_dir.path()))
            .await
            .expect("the server starts")
    });
    let start = |mode: Mode| {
        let dir = tempfile::tempdir().expect("tempdir");
        let code = running
            .registry()
            .create_enrollment_code("court-1", "hall-a", mode)
            .expect("a code");
        let store = Store::open(&dir.path().join("terminal.sqlite3")).expect("store");
        runtime
            .block_on(courtdesk_sync::enroll(
                &store,
                &format!("https://{}", running.local_addr()),
                running.fingerprint(),
                code.reveal(),
                mode,
                courtdesk_sync::now_ms(),
            ))
            .expect("enrolled");
        drop(store);
        let terminal = terminal(dir.path(), mode);
        (dir, terminal)
    };
    let (_k, kiosk) = start(Mode::Kiosk);
    let (_s, desk) = start(Mode::Staff);
    let (_d, display) = start(Mode::Display);

    for _ in 0..CALLS {
        until(|| match kiosk.take_ticket("filing", Priority::Normal) {
            Ok(TakeTicket::Issued { .. }) => Some(()),
            Err(e) if e.code == ErrorCode::OutOfNumbers => None,
            other => panic!("a ticket: {other:?}"),
        });
        // A hall's pace, well inside the server's per-terminal rate limit.
        std::thread::sleep(Duration::from_millis(50));
    }
    until(|| {
        let board = desk.desk_board().expect("board");
        let filing = board.services.iter().find(|s| s.service.id == "filing")?;
        (filing.waiting.len() == CALLS).then_some(())
    });
    display.hall_board().expect("the first board");

    let mut latencies = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let board = desk.desk_act(DeskAction::CallNext).expect("a call");
        let number = board.current.expect("called").number;
        let called = Instant::now();
        until(|| {
            let shown = display.hall_board().expect("board");
            shown
                .windows
                .iter()
                .any(|c| c.number == number)
                .then_some(())
        });
        latencies.push(called.elapsed());
        desk.desk_act(DeskAction::NoShow).expect("next");
    }
    latencies.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "call to display over loopback HTTPS: {CALLS} calls, median {:.0} ms, p95 {:.0} ms, max {:.0} ms; target <= 1000 ms: {}",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0)),
        if at(0.95) <= Duration::from_secs(1) {
            "met"
        } else {
            "MISSED"
        }
    );
}

fn terminal(dir: &Path, mode: Mode) -> Terminal {
    let path = dir.join("courtdesk.toml");
    std::fs::write(&path, format!("mode = \"{mode}\"\n")).expect("config");
    let config = TerminalConfig::load(&ConfigLocation {
        path,
        source: ConfigSource::CommandLine,
    })
    .expect("config");
    Terminal::start(config).expect("the terminal starts")
}

fn until<T>(mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting");
        std::thread::sleep(Duration::from_millis(5));
    }
}
