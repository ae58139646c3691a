//! A headless terminal for tools and tests: enrolls, records through the same
//! outbox as the app, and drains it, on the app's own `terminal.sqlite3`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use courtdesk_core::Mode;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::Store;
use courtdesk_sync::{Drain, SyncStatus, enroll, enrolled_central, now_ms};
use rand::Rng;

#[derive(Debug, Parser)]
#[command(
    name = "courtdesk-terminal-cli",
    about = "A CourtDesk terminal without a window"
)]
struct Args {
    /// The terminal's data folder, holding `terminal.sqlite3`.
    #[arg(long, global = true, default_value = ".")]
    data_dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Enroll with a central server using a one-time code.
    Enroll {
        /// The server's base URL, e.g. https://court.example:8443
        #[arg(long)]
        server: String,
        /// SHA-256 of the server certificate (DER), 64 lowercase hex digits.
        #[arg(long)]
        fingerprint: String,
        /// The one-time enrollment code from the court administrator.
        #[arg(long)]
        code: String,
        #[arg(long, default_value = "staff")]
        mode: Mode,
    },
    /// Show the sync status as JSON.
    Status,
    /// Run one drain pass; fails when the server could not be synced with.
    SyncNow,
    /// Queue records of one kind through the outbox.
    Record {
        #[arg(long)]
        kind: String,
        /// The record body, as JSON.
        #[arg(long)]
        body: String,
        #[arg(long, default_value_t = 1)]
        count: u32,
    },
    /// Show how many records wait to be sent.
    Outbox,
    /// Record one record per transaction, printing each id on its own line
    /// once its transaction has committed, with a drain pass every
    /// `--sync-every` records: a terminal at work, for crash tests.
    Workload {
        #[arg(long, default_value = "terminal.status")]
        kind: String,
        #[arg(long, default_value_t = 1000)]
        records: u32,
        /// Records between drain passes; 0 never drains.
        #[arg(long, default_value_t = 10)]
        sync_every: u32,
    },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("courtdesk-terminal-cli: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let path = args.data_dir.join("terminal.sqlite3");
    let store =
        Arc::new(Store::open(&path).with_context(|| format!("opening {}", path.display()))?);
    match args.command {
        Command::Enroll {
            server,
            fingerprint,
            code,
            mode,
        } => {
            let enrollment = enroll(&store, &server, &fingerprint, &code, mode, now_ms())
                .await
                .context("enrolling with the central server")?;
            output(&serde_json::json!({
                "court_id": enrollment.court_id,
                "site_id": enrollment.site_id,
            }));
        }
        Command::Status => {
            let status = SyncStatus::read(&store).context("reading the sync status")?;
            output(&serde_json::to_value(status)?);
        }
        Command::SyncNow => {
            let central = enrolled_central(&store).context("reading the enrollment")?;
            let drain = Drain::new(store, central);
            let report = drain
                .pass()
                .await
                .context("syncing with the central server")?;
            output(&serde_json::json!({ "sent": report.sent, "pulled": report.pulled }));
        }
        Command::Record { kind, body, count } => {
            let body: serde_json::Value =
                serde_json::from_str(&body).context("reading --body as JSON")?;
            store
                .write_recorded(now_ms(), |recorder| {
                    for _ in 0..count {
                        let id = RecordId::from_bits(rand::thread_rng().r#gen());
                        recorder.record(id, &kind, body.clone())?;
                    }
                    Ok(())
                })
                .context("recording")?;
            output(&serde_json::json!({ "recorded": count }));
        }
        Command::Workload {
            kind,
            records,
            sync_every,
        } => workload(store, &kind, records, sync_every).await?,
        Command::Outbox => {
            let backlog = store.outbox_len().context("counting the outbox")?;
            output(&serde_json::json!({ "backlog": backlog }));
        }
    }
    Ok(())
}

/// Records and drains in turn. A failed pass is only reported: the records
/// stay queued, and going on recording is what a terminal does offline.
async fn workload(
    store: Arc<Store>,
    kind: &str,
    records: u32,
    sync_every: u32,
) -> anyhow::Result<()> {
    let drain = if sync_every > 0 {
        let central = enrolled_central(&store).context("reading the enrollment")?;
        Some(Drain::new(Arc::clone(&store), central))
    } else {
        None
    };
    for n in 1..=records {
        let id = RecordId::from_bits(rand::thread_rng().r#gen());
        store
            .record(id.clone(), kind, serde_json::json!({ "n": n }), now_ms())
            .context("recording")?;
        // Printed only after the commit returned: a caller that saw the id
        // may count on the record being durable.
        committed(&id).context("printing a committed record id")?;
        if let Some(drain) = drain.as_ref().filter(|_| n % sync_every == 0)
            && let Err(error) = drain.pass().await
        {
            eprintln!(
                "courtdesk-terminal-cli: drain pass failed: {}",
                error.code()
            );
        }
    }
    Ok(())
}

fn committed(id: &RecordId) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{id}")?;
    stdout.flush()
}

/// Prints the command's answer. A reader that went away (`| head`) ends the
/// output quietly instead of with a panic.
fn output(value: &serde_json::Value) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{value}");
}
