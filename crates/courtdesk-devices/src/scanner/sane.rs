//! Scanning through SANE's `scanimage` (Debian package `sane-utils`), one
//! page per run, the image written to standard output.
//!
//! scanimage exits with the SANE status of a failed read, which tells a
//! jam (6), an empty feeder (7), an open cover (8) and a busy device (3)
//! apart; its one-line reason on stderr is read too, for failures that
//! exit with 1, and for a scanimage that hangs after reporting a failure
//! (it is stopped; see `run`). `SANE_CONFIG_DIR` selects the backends it
//! loads, as for any SANE frontend.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use super::run::{Ran, RunError, run};
use super::{ColorMode, PageFormat, ScanError, ScanSettings, ScannedPage, Scanner, ScannerDevice};

/// A page of A4 at 300 dpi in colour takes tens of seconds on a slow
/// flatbed; two minutes means the scanner is stuck.
pub const DEFAULT_SCAN_TIMEOUT: Duration = Duration::from_secs(120);
/// Listing probes network backends too, which can take a while to give up.
pub const DEFAULT_LIST_TIMEOUT: Duration = Duration::from_secs(30);

/// A scanner driven by `scanimage`.
#[derive(Debug, Clone)]
pub struct SaneScanner {
    program: PathBuf,
    device: Option<String>,
    config_dir: Option<PathBuf>,
    backend_options: Vec<String>,
    timeout: Duration,
    list_timeout: Duration,
}

impl Default for SaneScanner {
    fn default() -> SaneScanner {
        SaneScanner::new()
    }
}

impl SaneScanner {
    /// SANE's default device (the first it finds), through `scanimage` on
    /// the `PATH`.
    pub fn new() -> SaneScanner {
        SaneScanner {
            program: PathBuf::from("scanimage"),
            device: None,
            config_dir: None,
            backend_options: Vec::new(),
            timeout: DEFAULT_SCAN_TIMEOUT,
            list_timeout: DEFAULT_LIST_TIMEOUT,
        }
    }

    /// Scans with the device of this name, as listed by
    /// [`devices`](Scanner::devices).
    pub fn with_device(mut self, device: impl Into<String>) -> SaneScanner {
        self.device = Some(device.into());
        self
    }

    /// Loads SANE's configuration (`dll.conf` and each backend's file)
    /// from this folder instead of `/etc/sane.d`.
    pub fn with_config_dir(mut self, dir: impl Into<PathBuf>) -> SaneScanner {
        self.config_dir = Some(dir.into());
        self
    }

    pub fn with_program(mut self, program: impl Into<PathBuf>) -> SaneScanner {
        self.program = program.into();
        self
    }

    /// Options of the device's backend, passed after the standard ones,
    /// e.g. `["--enable-test-options", "--read-return-value",
    /// "SANE_STATUS_JAMMED"]` for SANE's `test` device.
    pub fn with_backend_options(mut self, options: Vec<String>) -> SaneScanner {
        self.backend_options = options;
        self
    }

    /// How long one page may take before scanimage is stopped.
    pub fn with_timeout(mut self, timeout: Duration) -> SaneScanner {
        self.timeout = timeout;
        self
    }

    pub fn with_list_timeout(mut self, timeout: Duration) -> SaneScanner {
        self.list_timeout = timeout;
        self
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        if let Some(dir) = &self.config_dir {
            command.env("SANE_CONFIG_DIR", dir);
        }
        command
    }

    fn run(&self, command: &mut Command, timeout: Duration) -> Result<Ran, ScanError> {
        run(command, timeout).map_err(|error| match error {
            RunError::Missing => ScanError::NoScanner {
                detail: format!("{} is not installed", self.program.display()),
            },
            RunError::TimedOut => ScanError::TimedOut(timeout),
            RunError::Io(source) => ScanError::Failed {
                detail: source.to_string(),
            },
        })
    }
}

impl Scanner for SaneScanner {
    fn devices(&self) -> Result<Vec<ScannerDevice>, ScanError> {
        let mut command = self.command();
        command.arg("--formatted-device-list=%d\t%v\t%m\t%t%n");
        let finished = self.run(&mut command, self.list_timeout)?;
        if !finished.succeeded() {
            return Err(failure(&finished));
        }
        Ok(String::from_utf8_lossy(&finished.stdout)
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let name = fields.next().filter(|name| !name.is_empty())?;
                Some(ScannerDevice {
                    name: name.to_owned(),
                    vendor: fields.next().unwrap_or("").to_owned(),
                    model: fields.next().unwrap_or("").to_owned(),
                    kind: fields.next().unwrap_or("").to_owned(),
                })
            })
            .collect())
    }

    fn scan_page(&self, settings: &ScanSettings) -> Result<ScannedPage, ScanError> {
        let format = match settings.mode {
            ColorMode::Lineart => PageFormat::Png,
            _ => settings.format,
        };
        let mut command = self.command();
        if let Some(device) = &self.device {
            command.arg("--device-name").arg(device);
        }
        command
            .arg(format!("--format={}", format.sane_name()))
            .arg("--mode")
            .arg(settings.mode.sane_name())
            .arg("--resolution")
            .arg(settings.resolution_dpi.to_string());
        if let Some(source) = &settings.source {
            command.arg("--source").arg(source);
        }
        command.args(&self.backend_options);
        let finished = self.run(&mut command, self.timeout)?;
        if !finished.succeeded() {
            let error = failure(&finished);
            let status = finished.status.and_then(|status| status.code());
            tracing::info!(code = error.code(), ?status, "scan failed");
            return Err(error);
        }
        let bytes = finished.stdout.len();
        let page = ScannedPage::new(format, finished.stdout, settings.resolution_dpi).ok_or_else(
            || ScanError::Failed {
                detail: format!("scanimage wrote {bytes} bytes that are not a {format:?} image"),
            },
        )?;
        tracing::info!(
            width = page.width,
            height = page.height,
            bytes,
            "page scanned"
        );
        Ok(page)
    }
}

/// The error a failed scanimage run stands for.
fn failure(finished: &Ran) -> ScanError {
    let stderr = String::from_utf8_lossy(&finished.stderr).to_lowercase();
    let says = |text: &str| stderr.contains(text);
    match finished.status.and_then(|status| status.code()) {
        Some(3) => return ScanError::Busy,
        Some(6) => return ScanError::Jammed,
        Some(7) => return ScanError::NoPaper,
        Some(8) => return ScanError::CoverOpen,
        _ => {}
    }
    if says("jammed") {
        ScanError::Jammed
    } else if says("cover is open") {
        ScanError::CoverOpen
    } else if says("out of documents") {
        ScanError::NoPaper
    } else if says("device busy") {
        ScanError::Busy
    } else if says("no sane devices found") || says("open of device") {
        ScanError::NoScanner {
            detail: finished.reason(),
        }
    } else {
        ScanError::Failed {
            detail: finished.reason(),
        }
    }
}
