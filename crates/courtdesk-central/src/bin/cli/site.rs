//! The `site` commands: a site's configuration kept by the server — import a
//! terminal's `[queue]` table, set a new version, show, history, diff.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use courtdesk_central::site::{SiteFileFormat, cli_account, read_config};
use courtdesk_central::{Settings, SignedSiteVersion, SiteConfigs, SiteError, court_time};
use courtdesk_core::Locale;

use super::say;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum SiteCommand {
    /// Import a terminal's configuration file (its `[queue]` table) as the
    /// site's first version, keeping its letters and so today's numbering.
    Import {
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
        /// The terminal's TOML file.
        #[arg(long)]
        file: PathBuf,
        /// The site's name in Chinese, replacing the file's `site_name`.
        #[arg(long)]
        name: Option<String>,
        /// The site's UTC offset, replacing the file's.
        #[arg(long, allow_negative_numbers = true)]
        utc_offset_minutes: Option<i32>,
    },
    /// Keep a whole new configuration (JSON, or TOML for a .toml file) as the
    /// site's next version.
    Set {
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
        #[arg(long)]
        file: PathBuf,
        /// The version the file was edited from; the change is refused if
        /// another was kept since. The current version when unset.
        #[arg(long)]
        parent: Option<u64>,
    },
    /// Print a version (the current one unless --version).
    Show {
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
        #[arg(long)]
        version: Option<u64>,
        /// The version's JSON as signed, with its signature.
        #[arg(long)]
        json: bool,
    },
    /// List every version: who made it, when, and what changed.
    History {
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
    },
    /// What changed from one version to another.
    Diff {
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
        #[arg(long)]
        from: u64,
        #[arg(long)]
        to: u64,
    },
}

pub(crate) fn site(settings: &Settings, command: SiteCommand) -> anyhow::Result<()> {
    let configs = SiteConfigs::open(settings).context("opening the database and the court key")?;
    match command {
        SiteCommand::Import {
            court,
            site,
            file,
            name,
            utc_offset_minutes,
        } => {
            let text = read(&file)?;
            let who = cli_account(&os_user())?;
            let kept = configs
                .import(
                    &text,
                    &court,
                    &site,
                    name.as_deref(),
                    utc_offset_minutes,
                    &who,
                )
                .map_err(refused)?;
            kept_line(&kept);
        }
        SiteCommand::Set {
            court,
            site,
            file,
            parent,
        } => {
            let text = read(&file)?;
            let config = read_config(&text, SiteFileFormat::of_path(&file)).map_err(refused)?;
            if config.court_id != court || config.site_id != site {
                return Err(refused(SiteError::OtherSite {
                    expected: format!("{court}/{site}"),
                    got: format!("{}/{}", config.court_id, config.site_id),
                }));
            }
            let edited = match parent {
                Some(parent) => Some(parent),
                None => configs
                    .current(&court, &site)
                    .map_err(refused)?
                    .map(|v| v.version.number),
            };
            let who = cli_account(&os_user())?;
            let kept = configs.set(config, &who, edited).map_err(refused)?;
            kept_line(&kept);
        }
        SiteCommand::Show {
            court,
            site,
            version,
            json,
        } => {
            let shown = configs.version(&court, &site, version).map_err(refused)?;
            if json {
                let value = serde_json::json!({
                    "version": shown.version,
                    "signature": shown.signature_base64(),
                });
                say(&serde_json::to_string_pretty(&value)?);
            } else {
                print_version(&shown);
            }
        }
        SiteCommand::History { court, site } => {
            let history = configs.history(&court, &site).map_err(refused)?;
            if history.is_empty() {
                say(&format!("{court}/{site} has no configuration yet"));
            }
            let mut previous = None;
            for signed in &history {
                let v = &signed.version;
                let changes = match previous {
                    None => "first version".to_owned(),
                    Some(previous) => format!(
                        "{} change(s)",
                        courtdesk_site::diff(previous, &v.config).len()
                    ),
                };
                say(&format!(
                    "{:>4}  {}  {:<20}  {}  {changes}",
                    v.number,
                    court_time(v.made_at_ms),
                    v.made_by.to_string(),
                    &v.digest.to_hex()[..16],
                ));
                previous = Some(&v.config);
            }
        }
        SiteCommand::Diff {
            court,
            site,
            from,
            to,
        } => {
            let changes = configs.diff(&court, &site, from, to).map_err(refused)?;
            if changes.is_empty() {
                say(&format!("no change from version {from} to version {to}"));
            }
            for change in changes {
                say(&change.text(Locale::En));
            }
        }
    }
    Ok(())
}

fn read(file: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))
}

/// The operating-system user running the command, as the change's author.
fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Prints every problem of a refused configuration, one per line with its
/// field's path, and returns the refusal as the command's error.
fn refused(error: SiteError) -> anyhow::Error {
    let mut stderr = std::io::stderr().lock();
    for problem in error.problems() {
        let _ = writeln!(stderr, "  {problem}");
    }
    anyhow::Error::new(error).context("the site configuration was refused; nothing was kept")
}

fn kept_line(kept: &SignedSiteVersion) {
    let v = &kept.version;
    say(&format!(
        "kept version {} of {}/{} (digest {}), made by {}",
        v.number,
        v.config.court_id,
        v.config.site_id,
        v.digest.to_hex(),
        v.made_by
    ));
}

fn print_version(shown: &SignedSiteVersion) {
    let v = &shown.version;
    let c = &v.config;
    say(&format!(
        "{}/{} version {}, made by {} at {}",
        c.court_id,
        c.site_id,
        v.number,
        v.made_by,
        court_time(v.made_at_ms)
    ));
    say(&format!("digest {}", v.digest.to_hex()));
    say(&format!(
        "name {} / {}, UTC offset {} minutes",
        c.name.zh_cn, c.name.en, c.utc_offset_minutes
    ));
    say("services:");
    for s in &c.services {
        say(&format!(
            "  {} {:<16} {} / {}  {:?}{}",
            s.letter.as_char(),
            s.id.to_string(),
            s.name.zh_cn,
            s.name.en,
            s.state,
            s.daily_quota
                .map(|q| format!(", quota {q}"))
                .unwrap_or_default()
        ));
    }
    say("windows:");
    for w in &c.windows {
        let services: Vec<String> = w.services.iter().map(ToString::to_string).collect();
        say(&format!(
            "  {} {}  serves {}{}",
            w.number,
            w.name.zh_cn,
            services.join(", "),
            if w.retired { " (retired)" } else { "" }
        ));
    }
}
