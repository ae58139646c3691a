//! Printing slips: the [`Printer`] trait the kiosk and desks print through,
//! and its implementations by operating system ([`cups`] on Linux).
//!
//! A print counts only when the printer reports the job completed: a ticket
//! whose job was cancelled, aborted or left waiting is not issued, so the
//! litigant is never sent to wait for a number they do not hold.

use std::time::Duration;

pub mod cups;
mod ipptool;

pub use cups::CupsPrinter;

/// A printer that takes PDF documents.
pub trait Printer {
    /// Prints `pdf` and returns once the printer reports the job completed.
    ///
    /// `title` names the job in the print queue; it must not hold personal
    /// data, since queues and their logs are readable by every local user.
    fn print_pdf(&self, pdf: &[u8], title: &str) -> Result<PrintJob, PrintError>;

    /// Whether the printer is there, enabled and accepting jobs.
    fn status(&self) -> Result<PrinterState, PrintError>;
}

/// A job that the printer reported completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    pub queue: String,
    pub id: u32,
}

/// What a printer is doing, as its print system reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterState {
    pub activity: Activity,
    pub accepting_jobs: bool,
    /// The print system's reason keywords, e.g. `media-empty-error` or
    /// `paused` (IPP `printer-state-reasons`); empty when there are none.
    pub reasons: Vec<String>,
}

impl PrinterState {
    /// Whether a job sent now would be printed straight away.
    pub fn is_ready(&self) -> bool {
        self.activity != Activity::Stopped && self.accepting_jobs
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Idle,
    Printing,
    /// Disabled by an administrator (`cupsdisable`) or stopped by an error
    /// such as a jam; jobs wait instead of printing.
    Stopped,
}

/// Why a slip was not printed. Each has a stable [`code`](Self::code) for
/// the UI to translate; the messages are for logs.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("there is no printer queue named {queue:?}")]
    NoSuchPrinter { queue: String },
    /// The printer is disabled or stopped by an error; nothing is left
    /// waiting in its queue.
    #[error("printer {queue:?} is stopped{}", listed(reasons))]
    Stopped { queue: String, reasons: Vec<String> },
    #[error("printer {queue:?} is not accepting jobs")]
    NotAccepting { queue: String },
    /// The print system is not installed, not running or not answering.
    #[error("the print system is not available: {detail}")]
    NoCups {
        detail: String,
        #[source]
        source: Option<std::io::Error>,
    },
    /// The job was refused, cancelled or aborted instead of printed.
    #[error("print job {job:?} on {queue:?} did not print: {detail}")]
    JobFailed {
        queue: String,
        job: Option<u32>,
        detail: String,
    },
    /// The job did not complete in time and was cancelled.
    #[error("print job {job} on {queue:?} did not complete within {after:?} and was cancelled")]
    TimedOut {
        queue: String,
        job: u32,
        after: Duration,
    },
    /// The document could not be staged for the print system.
    #[error("the document could not be staged for printing")]
    Spool {
        #[source]
        source: std::io::Error,
    },
}

impl PrintError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            PrintError::NoSuchPrinter { .. } => "no_such_printer",
            PrintError::Stopped { .. } => "printer_stopped",
            PrintError::NotAccepting { .. } => "printer_not_accepting",
            PrintError::NoCups { .. } => "print_system_unavailable",
            PrintError::JobFailed { .. } => "print_job_failed",
            PrintError::TimedOut { .. } => "print_timed_out",
            PrintError::Spool { .. } => "print_spool_failed",
        }
    }
}

/// " (a, b)" for a non-empty list of reasons, nothing otherwise.
fn listed(reasons: &[String]) -> String {
    if reasons.is_empty() {
        String::new()
    } else {
        format!(" ({})", reasons.join(", "))
    }
}
