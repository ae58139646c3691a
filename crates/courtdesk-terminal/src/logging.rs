//! Logs go to a daily-rotated file in the terminal's data folder.
//!
//! Rule: no personal data in logs. Names, ID numbers and phone numbers are
//! never passed to a `tracing` macro; types that hold them implement `Debug`
//! by hand with the values redacted. Events carry ids and counts only.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LogLevel;

/// Log files kept before the oldest is deleted: two weeks of daily files.
const KEEP_FILES: usize = 14;
/// Lines queued for the log writer thread before new ones are dropped.
const LOG_QUEUE_LINES: usize = 4096;
/// The environment variable that overrides the configured level, with
/// `tracing` filter syntax (e.g. `courtdesk_store=debug`).
const LOG_ENV: &str = "COURTDESK_LOG";

/// Keeps the background log writer alive; logs are flushed when it drops.
#[derive(Debug)]
pub struct LogGuard {
    _worker: WorkerGuard,
    dir: PathBuf,
}

impl LogGuard {
    /// The folder the log files are written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Logging could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("cannot create the log folder {path}: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open a log file in {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: tracing_appender::rolling::InitError,
    },
    #[error("logging was already set up in this process")]
    AlreadySet,
}

/// Sends this process's logs to `<data_dir>/logs/courtdesk.<date>.log`, and
/// to standard error as well.
pub fn init_logging(data_dir: &Path, level: LogLevel) -> Result<LogGuard, LoggingError> {
    let dir = data_dir.join("logs");
    std::fs::create_dir_all(&dir).map_err(|source| LoggingError::Folder {
        path: dir.clone(),
        source,
    })?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("courtdesk")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(&dir)
        .map_err(|source| LoggingError::File {
            path: dir.clone(),
            source,
        })?;
    // The default queue holds 128,000 lines, allocated up front (megabytes
    // that a kiosk keeps resident all day); a few thousand lines absorb any
    // burst this app produces.
    let (writer, worker) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .finish(appender);
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| {
        // Other crates (WebKit glue, the HTTP stack) only speak up on problems.
        EnvFilter::new(format!(
            "warn,courtdesk={0},courtdesk_app={0},courtdesk_terminal={0},courtdesk_store={0}",
            level.as_str()
        ))
    });
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .try_init()
        .map_err(|_| LoggingError::AlreadySet)?;
    Ok(LogGuard {
        _worker: worker,
        dir,
    })
}
