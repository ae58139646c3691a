//! Scanning at the kiosk: the [`Scanner`] trait, one page per call so that
//! a single page can be scanned again, and its SANE implementation
//! ([`sane`], Linux). [`pages_to_pdf`] binds the scanned pages into one PDF
//! without re-encoding them.

use std::time::Duration;

use serde::{Deserialize, Serialize};

mod page;
mod pages_pdf;
mod run;
pub mod sane;

pub use page::{PageFormat, ScannedPage};
pub use pages_pdf::{PagesPdfError, pages_to_pdf};
pub use sane::SaneScanner;

/// A scanner attached to the kiosk.
pub trait Scanner {
    /// The scanners the system sees.
    fn devices(&self) -> Result<Vec<ScannerDevice>, ScanError>;

    /// Scans one page: the next sheet of a feeder, or what lies on the
    /// glass.
    fn scan_page(&self, settings: &ScanSettings) -> Result<ScannedPage, ScanError>;
}

/// A scanner as the system lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScannerDevice {
    /// The name to select it by, e.g. `genesys:libusb:001:004`.
    pub name: String,
    pub vendor: String,
    pub model: String,
    /// E.g. `flatbed scanner`, `sheetfed scanner`.
    pub kind: String,
}

/// How a page is scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanSettings {
    /// 300 dpi by default: legible for the court, a few hundred kilobytes
    /// per page as JPEG.
    pub resolution_dpi: u32,
    pub mode: ColorMode,
    /// A source the device names, e.g. `Flatbed` or `ADF`; `None` for the
    /// device's default.
    pub source: Option<String>,
    /// JPEG by default. Line art is always PNG, as JPEG has no 1-bit form.
    pub format: PageFormat,
}

impl Default for ScanSettings {
    fn default() -> ScanSettings {
        ScanSettings {
            resolution_dpi: 300,
            mode: ColorMode::Color,
            source: None,
            format: PageFormat::Jpeg,
        }
    }
}

/// SANE's standard scan modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColorMode {
    Color,
    Gray,
    /// Black and white, one bit per pixel.
    Lineart,
}

impl ColorMode {
    /// The mode's name in SANE's `--mode` option.
    pub fn sane_name(self) -> &'static str {
        match self {
            ColorMode::Color => "Color",
            ColorMode::Gray => "Gray",
            ColorMode::Lineart => "Lineart",
        }
    }
}

/// Why a page was not scanned. Each has a stable [`code`](Self::code) for
/// the UI to translate; the messages are for logs.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// No scanner is attached, the configured one is not there, or the
    /// scanning software is not installed.
    #[error("no scanner: {detail}")]
    NoScanner { detail: String },
    #[error("the paper is jammed")]
    Jammed,
    #[error("the scanner's cover is open")]
    CoverOpen,
    /// The document feeder is empty.
    #[error("there is no paper in the feeder")]
    NoPaper,
    /// Another program is using the scanner.
    #[error("the scanner is busy")]
    Busy,
    #[error("the scan did not finish within {0:?}")]
    TimedOut(Duration),
    /// Any other failure, with the scanning software's reason.
    #[error("scanning failed: {detail}")]
    Failed { detail: String },
}

impl ScanError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::NoScanner { .. } => "no_scanner",
            ScanError::Jammed => "jammed",
            ScanError::CoverOpen => "cover_open",
            ScanError::NoPaper => "no_paper",
            ScanError::Busy => "scanner_busy",
            ScanError::TimedOut(_) => "scan_timed_out",
            ScanError::Failed { .. } => "scan_failed",
        }
    }
}
