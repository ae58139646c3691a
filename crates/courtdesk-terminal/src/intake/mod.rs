//! Document intake at the kiosk and review at the desk.
//!
//! A draft (the case, the accepted files, their material types) lives in
//! the visit's scratch folder ([`draft`]); filing it writes one
//! `intake.submitted` record with every item's blob queued in the same
//! transaction ([`submit`]); review decisions are `intake.decided` records.
//! Every terminal reads the site's submissions from the kept records
//! ([`book`]). The commands are in `commands/intake_kiosk.rs` and
//! `commands/intake_desk.rs`.

pub mod book;
pub(crate) mod draft;
pub mod records;
pub(crate) mod submit;

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use courtdesk_intake::UsbSource;
use serde::Deserialize;

/// `[intake]` in `courtdesk.toml`:
///
/// ```toml
/// [intake]
/// usb_root = "/media/courtdesk/usb"   # kiosk: where a USB stick is mounted
/// scanner_device = "genesys:libusb:001:004"   # kiosk: SANE device (default: the first)
/// scanner_config_dir = "/etc/sane.d"  # kiosk: SANE_CONFIG_DIR for scanimage
/// scan_resolution_dpi = 300
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntakeSettings {
    /// The folder a USB stick is mounted at (relative to the
    /// configuration's folder). Without it the kiosk offers no USB import.
    pub usb_root: Option<PathBuf>,
    /// The SANE device to scan with; SANE's first device when absent.
    pub scanner_device: Option<String>,
    /// A SANE configuration folder of its own (tests load only the `test`
    /// backend through it).
    pub scanner_config_dir: Option<PathBuf>,
    pub scan_resolution_dpi: u32,
}

impl Default for IntakeSettings {
    fn default() -> IntakeSettings {
        IntakeSettings {
            usb_root: None,
            scanner_device: None,
            scanner_config_dir: None,
            scan_resolution_dpi: 300,
        }
    }
}

/// What intake keeps in memory: the current USB listing, whose ids the
/// litigant picks from. Everything else is on disk.
#[derive(Debug, Default)]
pub(crate) struct IntakeDesk {
    usb: Mutex<Option<UsbSource>>,
    /// Serializes changes to the draft, so two taps cannot interleave.
    draft: Mutex<()>,
}

impl IntakeDesk {
    pub(crate) fn usb(&self) -> MutexGuard<'_, Option<UsbSource>> {
        self.usb.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn draft_lock(&self) -> MutexGuard<'_, ()> {
        self.draft.lock().unwrap_or_else(|e| e.into_inner())
    }
}
