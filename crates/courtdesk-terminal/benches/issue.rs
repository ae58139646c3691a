//! Durable ticket issue at the kiosk — the ticket's event, its audit entry
//! and its outbox row in one transaction (WAL, `synchronous=FULL`) — against
//! a raw single-row durable rusqlite insert on the same disk, alternating
//! in one run.
//!
//! `cargo bench -p courtdesk-terminal --bench issue`
//!
//! Target: the ticket rate at least 80 % of the raw rate, p99 at most 10 ms.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::time::{Duration, Instant};

use courtdesk_queue::{KioskNumbers, NumberBlock, SiteClock};
use courtdesk_store::Store;
use courtdesk_terminal::commands::queue_kiosk::TakeTicket;
use courtdesk_terminal::queue::Priority;
use courtdesk_terminal::{ConfigLocation, ConfigSource, Terminal, TerminalConfig};

const ROUNDS: usize = 5;
const PER_ROUND: usize = 400;

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config_path = dir.path().join("courtdesk.toml");
    std::fs::write(&config_path, "mode = \"kiosk\"\n").expect("config");
    let config = TerminalConfig::load(&ConfigLocation {
        path: config_path,
        source: ConfigSource::CommandLine,
    })
    .expect("config");
    let terminal = Terminal::start(config).expect("the terminal starts");
    lease_plenty(&dir.path().join("terminal.sqlite3"), &terminal);

    let raw = rusqlite::Connection::open(dir.path().join("raw.sqlite3")).expect("raw");
    raw.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL);",
    )
    .expect("raw schema");

    let (mut tickets, mut inserts) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        for _ in 0..PER_ROUND {
            let began = Instant::now();
            match terminal.take_ticket("filing", Priority::Normal) {
                Ok(TakeTicket::Issued { .. }) => {}
                other => panic!("a ticket: {other:?}"),
            }
            tickets.push(began.elapsed());
        }
        let round: Duration = tickets[tickets.len() - PER_ROUND..].iter().sum();
        println!(
            "round of {PER_ROUND} tickets: {:.0}/s",
            PER_ROUND as f64 / round.as_secs_f64()
        );
        for i in 0..PER_ROUND {
            let began = Instant::now();
            let tx = raw.unchecked_transaction().expect("begin");
            tx.execute(
                "INSERT INTO t (body) VALUES (?1)",
                [format!("{{\"ticket\":\"A{i:03}\"}}")],
            )
            .expect("insert");
            tx.commit().expect("commit");
            inserts.push(began.elapsed());
        }
    }
    let ticket = Summary::of(&mut tickets);
    let insert = Summary::of(&mut inserts);
    println!(
        "issue: {} tickets and {} raw inserts, alternating in {ROUNDS} rounds of {PER_ROUND}",
        tickets.len(),
        inserts.len()
    );
    ticket.print("durable ticket issue");
    insert.print("raw durable insert");
    let ratio = ticket.rate / insert.rate;
    println!(
        "ratio {ratio:.2} (target >= 0.80): {}; ticket p99 {:.2} ms (target <= 10 ms): {}",
        if ratio >= 0.8 { "met" } else { "MISSED" },
        ticket.p99.as_secs_f64() * 1000.0,
        if ticket.p99 <= Duration::from_millis(10) {
            "met"
        } else {
            "MISSED"
        }
    );
}

/// Gives the kiosk far more numbers than the bench takes.
fn lease_plenty(database: &std::path::Path, terminal: &Terminal) {
    let day = SiteClock::CHINA.day(u64::try_from(courtdesk_sync::now_ms()).unwrap_or(0));
    let mut numbers = KioskNumbers::new(terminal.id().clone(), 10);
    numbers
        .accept(NumberBlock {
            service: "filing".parse().expect("id"),
            day,
            kiosk: terminal.id().clone(),
            start: 1,
            end: 100_000,
        })
        .expect("a block");
    let store = Store::open(database).expect("a second handle");
    store
        .put_queue_value(
            "kiosk_numbers",
            &serde_json::to_string(&numbers).expect("JSON"),
        )
        .expect("stored");
}

struct Summary {
    rate: f64,
    p50: Duration,
    p99: Duration,
}

impl Summary {
    fn of(samples: &mut [Duration]) -> Summary {
        samples.sort_unstable();
        let total: Duration = samples.iter().sum();
        let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
        Summary {
            rate: samples.len() as f64 / total.as_secs_f64(),
            p50: at(0.5),
            p99: at(0.99),
        }
    }

    fn print(&self, name: &str) {
        println!(
            "{name}: {:.0}/s, p50 {:.2} ms, p99 {:.2} ms",
            self.rate,
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0
        );
    }
}
