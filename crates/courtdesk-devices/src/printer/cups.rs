//! [`Printer`] on Linux through CUPS: `lp` submits, `ipptool` reads printer
//! and job states, `cancel` withdraws a job that did not complete in time.
//! Needs the `cups-client` and `cups-ipp-utils` packages (both come with
//! `cups`); every tool runs with its arguments as a list, never through a
//! shell, and with a deadline.
//!
//! The order of a print follows the failure paths of a real CUPS queue:
//! a disabled (`cupsdisable`) printer takes jobs and leaves them waiting,
//! and a job whose backend fails is cancelled although `lp` succeeded. So
//! the printer's state is checked before submitting, and after submitting
//! the job's final IPP state decides: completed is printed, anything else
//! is not, and a job still waiting at the deadline is cancelled so that it
//! cannot print later, after the kiosk has told the litigant it failed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use super::ipptool::{self, Failure, Response};
use super::{Activity, PrintError, PrintJob, Printer, PrinterState};
use crate::process::{self, RunError};

/// How long one call of a CUPS tool may take; a scheduler that does not
/// answer in this time is treated as down.
const TOOL_TIMEOUT: Duration = Duration::from_secs(10);

/// A CUPS print queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CupsPrinter {
    queue: String,
    timeout: Duration,
    server: String,
}

impl CupsPrinter {
    /// The queue named `queue` on the local scheduler; a print that has not
    /// completed `timeout` after submission is cancelled.
    pub fn new(queue: impl Into<String>, timeout: Duration) -> CupsPrinter {
        CupsPrinter {
            queue: queue.into(),
            timeout,
            server: "localhost".to_owned(),
        }
    }

    /// Another scheduler, as `host` or `host:port`.
    pub fn with_server(mut self, server: impl Into<String>) -> CupsPrinter {
        self.server = server.into();
        self
    }

    pub fn queue(&self) -> &str {
        &self.queue
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn printer_uri(&self) -> String {
        let mut uri = format!("ipp://{}/printers/", self.server);
        for byte in self.queue.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                uri.push(char::from(byte));
            } else {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
        uri
    }

    /// CUPS queue names are at most 127 bytes of printable characters
    /// other than space, `/`, `\`, `#`, `'` and `"`; anything else names
    /// no queue and must not reach a command line.
    fn check_name(&self) -> Result<(), PrintError> {
        let valid = !self.queue.is_empty()
            && self.queue.len() <= 127
            && !self.queue.starts_with('-')
            && self
                .queue
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"/\\#'\"".contains(c));
        if valid {
            Ok(())
        } else {
            Err(PrintError::NoSuchPrinter {
                queue: self.queue.clone(),
            })
        }
    }

    fn ipp(
        &self,
        dir: &Path,
        test: &str,
        variables: &[(&str, String)],
    ) -> Result<Response, PrintError> {
        let file = dir.join("request.test");
        std::fs::write(&file, test).map_err(|source| PrintError::Spool { source })?;
        ipptool::request(&self.printer_uri(), &file, variables, TOOL_TIMEOUT).map_err(|failure| {
            match failure {
                Failure::Run(error) => no_cups(error),
                Failure::NoResponse(detail) => PrintError::NoCups {
                    detail,
                    source: None,
                },
            }
        })
    }

    fn state_in(&self, dir: &Path) -> Result<PrinterState, PrintError> {
        self.check_name()?;
        let response = self.ipp(dir, ipptool::PRINTER_ATTRIBUTES, &[])?;
        match response.status.as_str() {
            "client-error-not-found" => Err(PrintError::NoSuchPrinter {
                queue: self.queue.clone(),
            }),
            status if status.starts_with("successful-ok") => Ok(PrinterState {
                activity: match response.get("printer-state") {
                    Some("stopped") => Activity::Stopped,
                    Some("processing") => Activity::Printing,
                    _ => Activity::Idle,
                },
                accepting_jobs: response.get("printer-is-accepting-jobs") == Some("true"),
                reasons: response
                    .get("printer-state-reasons")
                    .unwrap_or("none")
                    .split(',')
                    .filter(|reason| *reason != "none")
                    .map(str::to_owned)
                    .collect(),
            }),
            status => Err(PrintError::NoCups {
                detail: format!("the scheduler answered {status}"),
                source: None,
            }),
        }
    }

    /// Hands the file to the scheduler; returns the job id.
    fn submit(&self, dir: &Path, file: &Path, title: &str) -> Result<u32, PrintError> {
        let done = process::run(
            Command::new("lp")
                .arg("-h")
                .arg(&self.server)
                .arg("-d")
                .arg(&self.queue)
                .arg("-t")
                .arg(title)
                .arg("--")
                .arg(file),
            None,
            TOOL_TIMEOUT,
        )
        .map_err(no_cups)?;
        if done.status.success() {
            // "request id is QUEUE-17 (1 file(s))"; CUPS spells the queue
            // its own way, and its names are case-insensitive.
            let stdout = done.stdout();
            let prefix = format!("{}-", self.queue);
            return stdout
                .split_whitespace()
                .find_map(|word| {
                    let head = word.get(..prefix.len())?;
                    let id = word.get(prefix.len()..)?;
                    head.eq_ignore_ascii_case(&prefix)
                        .then(|| id.parse().ok())?
                })
                .ok_or_else(|| PrintError::JobFailed {
                    queue: self.queue.clone(),
                    job: None,
                    detail: format!("lp gave no job id: {}", stdout.trim()),
                });
        }
        // lp's message is localised and free-form; the printer's state says
        // why it refused (rejecting, gone, scheduler down) without parsing it.
        let state = self.state_in(dir)?;
        if !state.accepting_jobs {
            return Err(PrintError::NotAccepting {
                queue: self.queue.clone(),
            });
        }
        Err(PrintError::JobFailed {
            queue: self.queue.clone(),
            job: None,
            detail: done.reason(),
        })
    }

    /// The job's IPP state keyword and reasons.
    fn job_state(&self, dir: &Path, job: u32) -> Result<(String, String), PrintError> {
        let response = self.ipp(dir, ipptool::JOB_ATTRIBUTES, &[("job_id", job.to_string())])?;
        match response.status.as_str() {
            status if status.starts_with("successful-ok") => Ok((
                response.get("job-state").unwrap_or("unknown").to_owned(),
                response
                    .get("job-state-reasons")
                    .unwrap_or("none")
                    .to_owned(),
            )),
            // Without its history the job cannot be shown to have printed.
            "client-error-not-found" => Ok(("unknown".to_owned(), "job-not-found".to_owned())),
            status => Err(PrintError::NoCups {
                detail: format!("the scheduler answered {status}"),
                source: None,
            }),
        }
    }

    /// Waits for the job's final state until the deadline, then cancels it.
    fn await_job(&self, dir: &Path, job: u32) -> Result<PrintJob, PrintError> {
        let deadline = Instant::now() + self.timeout;
        let mut pause = Duration::from_millis(20);
        loop {
            let (state, reasons) = self.job_state(dir, job)?;
            match state.as_str() {
                "completed" => {
                    tracing::info!(queue = %self.queue, job, "print job completed");
                    return Ok(PrintJob {
                        queue: self.queue.clone(),
                        id: job,
                    });
                }
                "pending" | "pending-held" | "processing" | "processing-stopped" => {}
                // canceled, aborted, or a job the scheduler no longer knows.
                _ => {
                    tracing::warn!(queue = %self.queue, job, state, reasons, "print job did not complete");
                    return Err(PrintError::JobFailed {
                        queue: self.queue.clone(),
                        job: Some(job),
                        detail: format!("job {state} ({reasons})"),
                    });
                }
            }
            if Instant::now() >= deadline {
                return self.withdraw(dir, job);
            }
            thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(200));
        }
    }

    /// Cancels a job that overran, unless it completed meanwhile, and says
    /// why it overran: a stopped printer, or a slow one.
    fn withdraw(&self, dir: &Path, job: u32) -> Result<PrintJob, PrintError> {
        let cancelled = process::run(
            Command::new("cancel")
                .arg("-h")
                .arg(&self.server)
                .arg(job.to_string()),
            None,
            TOOL_TIMEOUT,
        )
        .map_err(no_cups)?;
        let (state, _) = self.job_state(dir, job)?;
        match state.as_str() {
            "completed" => {
                tracing::info!(queue = %self.queue, job, "print job completed at the deadline");
                return Ok(PrintJob {
                    queue: self.queue.clone(),
                    id: job,
                });
            }
            "canceled" | "aborted" => {}
            _ => {
                // Still queued: it could print later, unannounced.
                return Err(PrintError::JobFailed {
                    queue: self.queue.clone(),
                    job: Some(job),
                    detail: format!("could not cancel the overdue job: {}", cancelled.reason()),
                });
            }
        }
        tracing::warn!(queue = %self.queue, job, "print job overran its deadline and was cancelled");
        let state = self.state_in(dir)?;
        if state.activity == Activity::Stopped {
            return Err(PrintError::Stopped {
                queue: self.queue.clone(),
                reasons: state.reasons,
            });
        }
        Err(PrintError::TimedOut {
            queue: self.queue.clone(),
            job,
            after: self.timeout,
        })
    }
}

impl Printer for CupsPrinter {
    fn print_pdf(&self, pdf: &[u8], title: &str) -> Result<PrintJob, PrintError> {
        let dir = private_dir()?;
        let state = self.state_in(dir.path())?;
        if state.activity == Activity::Stopped {
            return Err(PrintError::Stopped {
                queue: self.queue.clone(),
                reasons: state.reasons,
            });
        }
        if !state.accepting_jobs {
            return Err(PrintError::NotAccepting {
                queue: self.queue.clone(),
            });
        }
        let file: PathBuf = dir.path().join("slip.pdf");
        std::fs::write(&file, pdf).map_err(|source| PrintError::Spool { source })?;
        let job = self.submit(dir.path(), &file, title)?;
        // lp has copied the document into the scheduler's spool: the staged
        // copy goes now rather than after a wait of up to the timeout.
        let _ = std::fs::remove_file(&file);
        tracing::debug!(queue = %self.queue, job, "print job submitted");
        self.await_job(dir.path(), job)
    }

    fn status(&self) -> Result<PrinterState, PrintError> {
        self.state_in(private_dir()?.path())
    }
}

/// A folder only this user can read, for the staged document and the IPP
/// requests; removed when dropped.
fn private_dir() -> Result<tempfile::TempDir, PrintError> {
    tempfile::Builder::new()
        .prefix("courtdesk-print-")
        .tempdir()
        .map_err(|source| PrintError::Spool { source })
}

fn no_cups(error: RunError) -> PrintError {
    let detail = error.to_string();
    match error {
        RunError::Missing { source, .. } | RunError::Io { source, .. } => PrintError::NoCups {
            detail,
            source: Some(source),
        },
        RunError::TimedOut { .. } => PrintError::NoCups {
            detail,
            source: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_names_are_escaped_in_uris() {
        let printer = CupsPrinter::new("Hall_1-Kiosk.2", Duration::from_secs(1));
        assert_eq!(
            printer.printer_uri(),
            "ipp://localhost/printers/Hall_1-Kiosk.2"
        );
        let printer = CupsPrinter::new("大厅", Duration::from_secs(1)).with_server("print:8631");
        assert_eq!(
            printer.printer_uri(),
            "ipp://print:8631/printers/%E5%A4%A7%E5%8E%85"
        );
    }

    #[test]
    fn names_no_queue_can_have_are_refused_before_any_tool_runs() {
        for name in ["", "two words", "a/b", "-d", "x#1"] {
            let printer = CupsPrinter::new(name, Duration::from_secs(1));
            let error = printer.status().expect_err(name);
            assert_eq!(error.code(), "no_such_printer", "{name:?}: {error}");
        }
    }
}
