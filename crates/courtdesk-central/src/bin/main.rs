//! `courtdesk-central`: parses arguments and calls the library.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use courtdesk_central::{ChainReport, Database, Registry, Settings, TerminalStanding, launch};
use courtdesk_core::TerminalId;

/// Many request threads allocate at once; glibc's allocator spent about a
/// sixth of the server's time under load in its arenas' bookkeeping.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "courtdesk-central",
    about = "The CourtDesk central court server"
)]
struct Args {
    /// Holds the database and the generated certificate.
    #[arg(long, global = true, default_value = "central-data")]
    data_dir: PathBuf,
    /// The database: a postgres:// or postgresql:// URL, or a SQLite file
    /// path; `central.sqlite3` in the data folder when unset.
    #[arg(
        long,
        global = true,
        env = "COURTDESK_CENTRAL_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API over HTTPS until Ctrl-C.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8443")]
        listen: SocketAddr,
        /// A PEM certificate; without it a self-signed one is made and kept.
        #[arg(long, requires = "key")]
        cert: Option<PathBuf>,
        #[arg(long, requires = "cert")]
        key: Option<PathBuf>,
    },
    /// Create a one-time enrollment code, printed once.
    EnrollCode {
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
    },
    /// List the enrolled terminals and their standing.
    Terminals,
    /// Refuse every later request of a terminal.
    Revoke { terminal: TerminalId },
    /// Re-verify a terminal's stored audit chain from the start.
    VerifyChain { terminal: TerminalId },
    /// Write every record as JSON lines.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the API's OpenAPI document.
    Openapi,
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let mut settings = Settings::new(&args.data_dir);
    settings.database = args.database_url.as_deref().map(Database::parse);
    if let Command::Openapi = args.command {
        // Needs no database: the document comes from the code.
        say(courtdesk_central::openapi_json()?.trim_end());
        return Ok(());
    }
    if let Command::Serve { listen, cert, key } = args.command {
        if let (Some(cert), Some(key)) = (cert, key) {
            settings.tls = Some(courtdesk_central::TlsFiles { cert, key });
        }
        return serve(settings, listen);
    }
    let registry = Registry::open(&settings)
        .with_context(|| format!("opening the database {}", shown(&settings.database())))?;
    match args.command {
        Command::Serve { .. } | Command::Openapi => Ok(()),
        Command::EnrollCode { court, site } => {
            let code = registry
                .create_enrollment_code(&court, &site)
                .context("creating an enrollment code")?;
            say(&format!(
                "enrollment code for court {court}, site {site} (shown once, valid 7 days):\n{}",
                code.reveal()
            ));
            Ok(())
        }
        Command::Terminals => {
            let terminals = registry.terminals().context("listing terminals")?;
            for terminal in &terminals {
                say(&describe(terminal));
            }
            Ok(())
        }
        Command::Revoke { terminal } => {
            registry
                .revoke(&terminal)
                .with_context(|| format!("revoking {terminal}"))?;
            say(&format!("revoked {terminal}"));
            Ok(())
        }
        Command::VerifyChain { terminal } => {
            match registry
                .verify_chain(&terminal)
                .with_context(|| format!("verifying the chain of {terminal}"))?
            {
                ChainReport::Intact { head } => {
                    say(&format!("OK: {} entries, head {}", head.seq, head.hash));
                    Ok(())
                }
                ChainReport::Broken { seq, reason } => {
                    anyhow::bail!("chain of {terminal} is broken at entry {seq}: {reason}")
                }
            }
        }
        Command::Export { out } => {
            let file = std::fs::File::create(&out)
                .with_context(|| format!("creating {}", out.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            let count = registry
                .export(&mut writer)
                .with_context(|| format!("exporting to {}", out.display()))?;
            say(&format!("exported {count} records to {}", out.display()));
            Ok(())
        }
    }
}

/// The database as it may be shown: a PostgreSQL URL without its password.
fn shown(database: &Database) -> String {
    match database {
        Database::Sqlite(path) => path.display().to_string(),
        Database::Postgres(url) => url.redacted(),
    }
}

fn describe(t: &TerminalStanding) -> String {
    let mut state = String::from("active");
    if t.revoked_ms.is_some() {
        state = "REVOKED".into();
    }
    if let Some(reason) = &t.chain_broken {
        state.push_str(&format!(", CHAIN BROKEN ({reason})"));
    }
    format!(
        "{} {} court={} site={} entries={} {state}",
        t.id,
        t.mode.as_str(),
        t.court_id,
        t.site_id,
        t.chain_head.seq
    )
}

/// Prints the command's answer. A reader that went away (`| head`) ends the
/// output quietly instead of with a panic.
fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn serve(settings: Settings, listen: SocketAddr) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("listening on {listen}"))?;
        let shutdown = async {
            let _interrupted = tokio::signal::ctrl_c().await;
        };
        let running = launch(settings, listener, shutdown)
            .await
            .context("starting the server")?;
        say(&format!(
            "listening on https://{}\ncertificate SHA-256 fingerprint: {}",
            running.local_addr(),
            running.fingerprint()
        ));
        running.finished().await.context("serving")
    })
}
