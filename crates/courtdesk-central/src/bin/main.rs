//! `courtdesk-central`: parses arguments and calls the library.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use courtdesk_central::{
    ChainReport, ConfigFile, Database, NewParty, NewStaffAccount, Parties, PartyOnFile, Registry,
    Settings, SmsChoice, StaffAccount, StaffAccounts, TerminalStanding, court_time, launch,
};
use courtdesk_core::{Mode, TerminalId};
use courtdesk_identity::staff::Role;

#[path = "cli/delivery.rs"]
mod delivery;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/site.rs"]
mod site;

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
    /// A TOML file setting any of the options below and of `serve` (named
    /// like the long options, `_` for `-`); the command line wins over it.
    #[arg(long, global = true, env = "COURTDESK_CENTRAL_CONFIG")]
    config: Option<PathBuf>,
    /// Holds the database and the generated certificate; `central-data`
    /// when neither this nor the configuration file sets it.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// The database: a postgres:// or postgresql:// URL, or a SQLite file
    /// path; `central.sqlite3` in the data folder when unset.
    #[arg(
        long,
        global = true,
        env = "COURTDESK_CENTRAL_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// The identity key that protects ID numbers and phone numbers in the
    /// database; `central-identity.key` in the data folder when unset
    /// (generated on first use). Back it up with the database.
    #[arg(long, global = true, env = "COURTDESK_CENTRAL_IDENTITY_KEY")]
    identity_key: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API over HTTPS until Ctrl-C.
    Serve {
        /// The terminals' HTTPS address; 127.0.0.1:8443 when unset.
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// A PEM certificate; without it a self-signed one is made and kept.
        #[arg(long, requires = "key")]
        cert: Option<PathBuf>,
        #[arg(long, requires = "cert")]
        key: Option<PathBuf>,
        /// Where one-time codes go: this build sends none, it appends each
        /// message to this file (development only; `sms-outbox.jsonl` in the
        /// data folder when unset). A real gateway is linked in by a build
        /// that passes it in the settings.
        #[arg(long)]
        sms_file: Option<PathBuf>,
        /// The court's name, the signature of every text message.
        #[arg(long)]
        court_name: Option<String>,
        /// Serve Prometheus metrics and the probes over plain HTTP here
        /// (no authentication: loopback or a management network only).
        #[arg(long)]
        metrics_listen: Option<SocketAddr>,
    },
    /// Create a one-time enrollment code, printed once.
    EnrollCode {
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
        /// The only kind of terminal the code enrolls: kiosk, staff or display.
        #[arg(long)]
        mode: Mode,
    },
    /// List the enrolled terminals and their standing.
    Terminals,
    /// Refuse every later request of a terminal.
    Revoke { terminal: TerminalId },
    /// Register (on) or unregister (off) a resident ID card reader at a
    /// kiosk; only kiosks with one registered may present card reads.
    CardReader {
        terminal: TerminalId,
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// List the card reads kiosks presented, for an audit of which kiosk
    /// identified whom (numbers shown only as their lookup hash).
    CardReads {
        /// Only this terminal's reads.
        #[arg(long)]
        terminal: Option<TerminalId>,
    },
    /// List the records desks made for a clerk the server could not vouch
    /// for (an unknown account, or one disabled before the record was made).
    Flagged,
    /// List what a terminal recorded, in order: each record's kind, time,
    /// the clerk it names and any flag on it ("which clerk did this").
    Audit { terminal: TerminalId },
    /// Re-verify a terminal's stored audit chain from the start.
    VerifyChain { terminal: TerminalId },
    /// Write every record as JSON lines.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Back up the SQLite database (consistent while the server runs), the
    /// keys, the generated certificate and the blobs into one tar file.
    Backup {
        /// The file to write; never replaced if it exists.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into the data folder (--data-dir), which must be
    /// new or empty.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Print the API's OpenAPI document.
    Openapi,
    /// The parties on file, who can get one-time codes at kiosks.
    #[command(subcommand)]
    Party(PartyCommand),
    /// Staff accounts for desks. Passwords are read from standard input.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Documents served on parties: publish, list, show, export evidence.
    #[command(subcommand)]
    Delivery(delivery::DeliveryCommand),
    /// The parties' cases, which kiosks offer when materials are handed in.
    #[command(subcommand)]
    Case(delivery::CaseCommand),
    /// Verify evidence bundles and receipt QR codes with the court's key.
    #[command(subcommand)]
    Evidence(delivery::EvidenceCommand),
    /// Print the court's public key (base64), which verifies evidence.
    CourtKey,
    /// Credentials of the court's case system, which publishes deliveries.
    #[command(subcommand)]
    ApiClient(delivery::ApiClientCommand),
    /// The figures of a court or site over a period (docs/statistics.md),
    /// as JSON, CSV or XLSX.
    Report(report::ReportArgs),
    /// A site's configuration, kept by the server in signed versions.
    #[command(subcommand)]
    Site(site::SiteCommand),
}

#[derive(Debug, Subcommand)]
enum PartyCommand {
    /// Put a party on file.
    Add {
        #[arg(long)]
        resident_id: String,
        /// The mobile number codes are sent to.
        #[arg(long)]
        phone: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        court: String,
        /// A site whose kiosks may send the party codes; repeat for more.
        #[arg(long = "site", required = true)]
        sites: Vec<String>,
        /// The postal address for paper service (sealed like the phone).
        #[arg(long)]
        address: Option<String>,
    },
    /// List the parties on file, masked.
    List,
    /// Take a party off file, by its id or its resident ID number.
    Remove {
        #[arg(
            long,
            conflicts_with = "resident_id",
            required_unless_present = "resident_id"
        )]
        id: Option<String>,
        #[arg(long)]
        resident_id: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum StaffCommand {
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List the accounts.
    List,
    /// Refuse the account's sign-ins.
    Disable { username: String },
    /// Let a disabled account sign in again.
    Enable { username: String },
    /// Set a new password, read from standard input; lifts a lockout.
    SetPassword { username: String },
}

fn parse_role(text: &str) -> Result<Role, String> {
    match text {
        "clerk" => Ok(Role::Clerk),
        "supervisor" => Ok(Role::Supervisor),
        "administrator" => Ok(Role::Administrator),
        _ => Err("one of clerk, supervisor, administrator".to_owned()),
    }
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
    let file = match &args.config {
        Some(path) => ConfigFile::load(path)?,
        None => ConfigFile::default(),
    };
    let data_dir = args
        .data_dir
        .or(file.data_dir)
        .unwrap_or_else(|| PathBuf::from("central-data"));
    let mut settings = Settings::new(data_dir);
    settings.database = args
        .database_url
        .or(file.database_url)
        .as_deref()
        .map(Database::parse);
    settings.identity.key_file = args.identity_key.or(file.identity_key);
    if let Command::Openapi = args.command {
        // Needs no database: the document comes from the code.
        say(courtdesk_central::openapi_json()?.trim_end());
        return Ok(());
    }
    if let Command::Serve {
        listen,
        cert,
        key,
        sms_file,
        court_name,
        metrics_listen,
    } = args.command
    {
        // The pair comes whole from one place: a certificate on the command
        // line never meets a key from the file.
        let tls = match (cert, key) {
            (Some(cert), Some(key)) => Some((cert, key)),
            _ => file.cert.zip(file.key),
        };
        if let Some((cert, key)) = tls {
            settings.tls = Some(courtdesk_central::TlsFiles { cert, key });
        }
        settings.identity.sms = sms_file.or(file.sms_file).map(SmsChoice::File);
        settings.identity.court_name = court_name
            .or(file.court_name)
            .unwrap_or_else(|| courtdesk_central::DEFAULT_COURT_NAME.to_owned());
        settings.metrics_listen = metrics_listen.or(file.metrics_listen);
        let listen = listen
            .or(file.listen)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8443)));
        return serve(settings, listen);
    }
    match args.command {
        Command::Backup { out } => return backup(&settings, &out),
        Command::Restore { from } => return restore(&settings, &from),
        Command::Party(command) => return party(&settings, command),
        Command::Staff(command) => return staff(&settings, command),
        Command::Delivery(command) => return delivery::delivery(&settings, command),
        Command::Evidence(command) => return delivery::evidence(&settings, command),
        Command::Case(command) => return delivery::case(&settings, command),
        Command::CourtKey => return delivery::print_court_key(&settings),
        Command::ApiClient(command) => return delivery::api_client(&settings, command),
        Command::Report(args) => return report::report(&settings, args),
        Command::Site(command) => return site::site(&settings, command),
        _ => {}
    }
    let registry = Registry::open(&settings)
        .with_context(|| format!("opening the database {}", shown(&settings.database())))?;
    match args.command {
        Command::Serve { .. }
        | Command::Openapi
        | Command::Party(_)
        | Command::Staff(_)
        | Command::Delivery(_)
        | Command::Evidence(_)
        | Command::Case(_)
        | Command::CourtKey
        | Command::ApiClient(_)
        | Command::Report(_)
        | Command::Site(_)
        | Command::Backup { .. }
        | Command::Restore { .. } => Ok(()),
        Command::EnrollCode { court, site, mode } => {
            let code = registry
                .create_enrollment_code(&court, &site, mode)
                .context("creating an enrollment code")?;
            say(&format!(
                "enrollment code for a {mode} of court {court}, site {site} (shown once, valid 7 days):\n{}",
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
        Command::Flagged => {
            for flag in registry.flagged().context("listing flagged records")? {
                say(&format!(
                    "{} terminal={} clerk={} {} made={} flagged={}",
                    flag.record_id,
                    flag.terminal_id,
                    flag.clerk,
                    flag.reason,
                    court_time(flag.made_ms),
                    court_time(flag.flagged_ms)
                ));
            }
            Ok(())
        }
        Command::CardReader { terminal, state } => {
            registry
                .set_card_reader(&terminal, state == "on")
                .with_context(|| format!("registering a card reader at {terminal}"))?;
            say(&format!("card reader of {terminal}: {state}"));
            Ok(())
        }
        Command::CardReads { terminal } => {
            for read in registry
                .card_reads(terminal.as_ref())
                .context("listing card reads")?
            {
                let read_by = &read.read;
                say(&format!(
                    "{} terminal={} number={} party={} digest={}{}",
                    court_time(read_by.read_ms),
                    read_by.terminal_id,
                    &read_by.resident_id_lookup[..read_by.resident_id_lookup.len().min(16)],
                    read_by.party_id.as_deref().unwrap_or("NOT ON FILE"),
                    read_by.card_digest,
                    if read.digest_changed {
                        " DIGEST DIFFERS FROM THE NUMBER'S PREVIOUS READ"
                    } else {
                        ""
                    }
                ));
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
        Command::Audit { terminal } => {
            for line in registry
                .audit(&terminal)
                .with_context(|| format!("reading the audit trail of {terminal}"))?
            {
                say(&format!(
                    "{} {} {} made={} clerk={}{}",
                    line.seq,
                    line.record_id,
                    line.kind.as_deref().unwrap_or("(record missing)"),
                    line.made_ms.map_or_else(|| "-".to_owned(), court_time),
                    line.clerk.as_deref().unwrap_or("-"),
                    line.flag
                        .map_or_else(String::new, |reason| format!(" FLAGGED ({reason})"))
                ));
            }
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

fn backup(settings: &Settings, out: &std::path::Path) -> anyhow::Result<()> {
    let summary = courtdesk_central::backup(settings, out)
        .with_context(|| format!("backing up to {}", out.display()))?;
    say(&format!(
        "backed up {} and {} blobs ({} bytes) to {}",
        summary.files.join(", "),
        summary.blobs,
        summary.bytes,
        out.display()
    ));
    Ok(())
}

fn restore(settings: &Settings, from: &std::path::Path) -> anyhow::Result<()> {
    let data = &settings.data_dir;
    let summary = courtdesk_central::restore(from, data)
        .with_context(|| format!("restoring {} into {}", from.display(), data.display()))?;
    say(&format!(
        "restored {} and {} blobs into {}",
        summary.files.join(", "),
        summary.blobs,
        data.display()
    ));
    Ok(())
}

fn party(settings: &Settings, command: PartyCommand) -> anyhow::Result<()> {
    let parties = Parties::open(settings)
        .with_context(|| format!("opening the parties in {}", shown(&settings.database())))?;
    match command {
        PartyCommand::Add {
            resident_id,
            phone,
            name,
            court,
            sites,
            address,
        } => {
            let party = parties
                .add_with_address(
                    &NewParty {
                        resident_id,
                        phone,
                        display_name: name,
                        court_id: court,
                        site_ids: sites,
                    },
                    address.as_deref(),
                )
                .context("putting the party on file")?;
            say(&format!("on file: {}", describe_party(&party)));
        }
        PartyCommand::List => {
            for party in parties.list().context("listing the parties")? {
                say(&describe_party(&party));
            }
        }
        PartyCommand::Remove { id, resident_id } => {
            let removed = match (id, resident_id) {
                (Some(id), _) => {
                    parties.remove(&id).context("taking the party off file")?;
                    id
                }
                (None, Some(number)) => {
                    parties
                        .remove_by_resident_id(&number)
                        .context("taking the party off file")?
                        .id
                }
                (None, None) => anyhow::bail!("name the party by --id or --resident-id"),
            };
            say(&format!("removed {removed}"));
        }
    }
    Ok(())
}

/// A party as the administrator sees it: masked number and phone.
fn describe_party(party: &PartyOnFile) -> String {
    let sites: Vec<String> = party
        .sites
        .iter()
        .map(|s| format!("{}/{}", s.court_id, s.site_id))
        .collect();
    format!(
        "{} {} {} {} sites={}",
        party.id,
        party.resident_id_masked,
        party.phone_masked,
        party.display_name,
        sites.join(",")
    )
}

fn staff(settings: &Settings, command: StaffCommand) -> anyhow::Result<()> {
    let accounts = StaffAccounts::open(settings).with_context(|| {
        format!(
            "opening the staff accounts in {}",
            shown(&settings.database())
        )
    })?;
    match command {
        StaffCommand::Add {
            username,
            name,
            role,
        } => {
            let password = read_password()?;
            let account = accounts
                .add(&NewStaffAccount {
                    username,
                    display_name: name,
                    role,
                    password,
                })
                .context("creating the account")?;
            say(&format!("created {}", describe_staff(&account)));
        }
        StaffCommand::List => {
            for account in accounts.list().context("listing the accounts")? {
                say(&describe_staff(&account));
            }
        }
        StaffCommand::Disable { username } => {
            accounts
                .disable(&username)
                .with_context(|| format!("disabling {username}"))?;
            say(&format!("disabled {username}"));
        }
        StaffCommand::Enable { username } => {
            accounts
                .enable(&username)
                .with_context(|| format!("enabling {username}"))?;
            say(&format!("enabled {username}"));
        }
        StaffCommand::SetPassword { username } => {
            let password = read_password()?;
            accounts
                .set_password(&username, &password)
                .with_context(|| format!("setting the password of {username}"))?;
            say(&format!("password set for {username}"));
        }
    }
    Ok(())
}

fn describe_staff(account: &StaffAccount) -> String {
    let role = match account.role {
        Role::Clerk => "clerk",
        Role::Supervisor => "supervisor",
        Role::Administrator => "administrator",
    };
    let state = if account.disabled_ms.is_some() {
        "DISABLED"
    } else {
        "active"
    };
    format!(
        "{} {role} {} {state}",
        account.username, account.display_name
    )
}

/// The first line of standard input, without its line ending. Typed at a
/// terminal it is echoed, so pipe it in (`read -rs PW; printf '%s\n' "$PW" | …`).
fn read_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "password (shown as typed; pipe it in to hide it): ");
        let _ = err.flush();
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(!password.is_empty(), "no password on standard input");
    Ok(password)
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
    let last_seen = t
        .last_seen_ms
        .map_or_else(|| "never".to_owned(), court_time);
    let reader = if t.card_reader { " card_reader" } else { "" };
    format!(
        "{} {}{reader} court={} site={} entries={} enrolled={} last_seen={last_seen} {state}",
        t.id,
        t.mode.as_str(),
        t.court_id,
        t.site_id,
        t.chain_head.seq,
        court_time(t.enrolled_ms),
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
        let shutdown = stop_signal()?;
        let running = launch(settings, listener, shutdown)
            .await
            .context("starting the server")?;
        say(&format!(
            "listening on https://{}\ncertificate SHA-256 fingerprint: {}",
            running.local_addr(),
            running.fingerprint()
        ));
        if let Some(metrics) = running.metrics_addr() {
            say(&format!("metrics on http://{metrics}/metrics"));
        }
        running.finished().await.context("serving")
    })
}

/// Completes at Ctrl-C or at SIGTERM, which systemd sends to stop the
/// service: either way open requests finish and held pulls answer.
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("listening for SIGTERM")?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _interrupted = tokio::signal::ctrl_c().await;
    })
}
