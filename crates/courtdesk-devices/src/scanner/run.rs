//! Running scanimage with a deadline, and without waiting on it once it
//! has said why it failed.
//!
//! After a failed read, scanimage sometimes never exits: its reader thread
//! and main thread deadlock while cancelling (seen with sane-backends
//! 1.1.1's `test` device in about one failure in ten). Once it has printed
//! its reason, it gets [`GRACE`] to exit and is then stopped, and the
//! reason stands.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// How long scanimage may take to exit after reporting a failure.
pub(super) const GRACE: Duration = Duration::from_secs(2);

/// Lines by which scanimage reports that the scan failed.
const FAILURES: &[&str] = &[
    "sane_read:",
    "sane_start:",
    "open of device",
    "no SANE devices found",
    "setting of option",
];

#[derive(Debug)]
pub(super) struct Ran {
    /// `None` when scanimage was stopped after reporting a failure.
    pub(super) status: Option<ExitStatus>,
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: Vec<u8>,
}

impl Ran {
    pub(super) fn succeeded(&self) -> bool {
        self.status.is_some_and(|status| status.success())
    }

    /// The first line scanimage wrote to stderr, for the log.
    pub(super) fn reason(&self) -> String {
        String::from_utf8_lossy(&self.stderr)
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_owned()
    }
}

#[derive(Debug)]
pub(super) enum RunError {
    Missing,
    TimedOut,
    Io(std::io::Error),
}

/// Runs `command` (messages in English, `LC_ALL=C`), killing it at
/// `timeout`, or [`GRACE`] after it reported a failure.
pub(super) fn run(command: &mut Command, timeout: Duration) -> Result<Ran, RunError> {
    let mut child = command
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => RunError::Missing,
            _ => RunError::Io(error),
        })?;
    let stderr = Arc::new(Mutex::new((Vec::new(), None::<Instant>)));
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    thread::scope(|scope| {
        let stdout = scope.spawn(move || {
            let mut out = Vec::new();
            if let Some(pipe) = out_pipe.as_mut() {
                let _ = pipe.read_to_end(&mut out);
            }
            out
        });
        let shared = Arc::clone(&stderr);
        scope.spawn(move || {
            let Some(pipe) = err_pipe.as_mut() else {
                return;
            };
            let mut buf = [0u8; 1024];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
                guard.0.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&guard.0);
                if guard.1.is_none() && FAILURES.iter().any(|f| text.contains(f)) {
                    guard.1 = Some(Instant::now());
                }
            }
        });
        let status = wait(&mut child, timeout, &stderr).map_err(RunError::Io)?;
        let stdout = stdout.join().unwrap_or_default();
        let (stderr, failed_at) =
            std::mem::take(&mut *stderr.lock().unwrap_or_else(PoisonError::into_inner));
        match status {
            Some(status) => Ok(Ran {
                status: Some(status),
                stdout,
                stderr,
            }),
            None if failed_at.is_some() => Ok(Ran {
                status: None,
                stdout,
                stderr,
            }),
            None => Err(RunError::TimedOut),
        }
    })
}

type SharedStderr = Arc<Mutex<(Vec<u8>, Option<Instant>)>>;

/// The exit status, or `None` after killing a child that overran or hung
/// after its failure report.
fn wait(
    child: &mut Child,
    timeout: Duration,
    stderr: &SharedStderr,
) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let failed_at = stderr.lock().unwrap_or_else(PoisonError::into_inner).1;
        let hung = failed_at.is_some_and(|at| at.elapsed() >= GRACE);
        if hung || Instant::now() >= deadline {
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}
