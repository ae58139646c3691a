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
pub mod locker;
pub mod records;
pub(crate) mod retention;
pub(crate) mod saved;
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
/// retention_days = 30     # submitted files kept this long once the server holds them
/// draft_keep_days = 7      # a draft saved with a resume code is kept this long
/// camera_device = "/dev/video0"   # kiosk: a document camera, offered when present
/// camera_input_format = "v4l2"    # ffmpeg's input format for it
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
    /// Days a submitted file stays on the terminal after its submission,
    /// counted only once the server has verified it (0: as soon as it has).
    pub retention_days: u32,
    /// Days a draft saved with a resume code is kept for its owner.
    pub draft_keep_days: u32,
    /// The camera photos are taken with; without it the kiosk offers none.
    /// With the input format `v4l2` (the default) it is a device such as
    /// `/dev/video0`, offered only while that device exists.
    pub camera_device: Option<String>,
    /// ffmpeg's input format for `camera_device`: `v4l2`, or another such
    /// as `lavfi` (whose `testsrc` stands in for a camera in tests).
    pub camera_input_format: String,
}

impl Default for IntakeSettings {
    fn default() -> IntakeSettings {
        IntakeSettings {
            usb_root: None,
            scanner_device: None,
            scanner_config_dir: None,
            scan_resolution_dpi: 300,
            retention_days: 30,
            draft_keep_days: 7,
            camera_device: None,
            camera_input_format: "v4l2".into(),
        }
    }
}

/// A setting out of its range; the message names it and the range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[intake] {0}")]
pub struct IntakeSettingsError(String);

impl IntakeSettings {
    /// Checks the ranges.
    pub fn check(&self) -> Result<(), IntakeSettingsError> {
        let within = |name: &str, value: u32, low: u32, high: u32| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(IntakeSettingsError(format!(
                    "{name} must be between {low} and {high}, got {value}"
                )))
            }
        };
        within("scan_resolution_dpi", self.scan_resolution_dpi, 50, 1200)?;
        within("retention_days", self.retention_days, 0, 3650)?;
        within("draft_keep_days", self.draft_keep_days, 1, 90)?;
        let format = &self.camera_input_format;
        if format.is_empty()
            || !format
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(IntakeSettingsError(format!(
                "camera_input_format must be an ffmpeg input format such as v4l2, got {format:?}"
            )));
        }
        match &self.camera_device {
            Some(device) if device.is_empty() || device.starts_with('-') => {
                Err(IntakeSettingsError(format!(
                    "camera_device must name a device such as /dev/video0, got {device:?}"
                )))
            }
            _ => Ok(()),
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
    /// Wrong resume codes per person.
    pub(crate) resume_attempts: saved::ResumeAttempts,
}

impl IntakeDesk {
    pub(crate) fn usb(&self) -> MutexGuard<'_, Option<UsbSource>> {
        self.usb.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn draft_lock(&self) -> MutexGuard<'_, ()> {
        self.draft.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl IntakeSettings {
    /// The camera, if one is set up (present or not).
    pub(crate) fn camera(&self) -> Option<courtdesk_devices::camera::FfmpegCamera> {
        let device = self.camera_device.as_ref()?;
        Some(if self.camera_input_format == "v4l2" {
            courtdesk_devices::camera::FfmpegCamera::v4l2(device.clone())
        } else {
            courtdesk_devices::camera::FfmpegCamera::input(
                self.camera_input_format.clone(),
                device.clone(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::IntakeSettings;

    #[test]
    fn settings_out_of_range_are_refused_by_name() {
        assert!(IntakeSettings::default().check().is_ok());
        for (settings, name) in [
            (
                IntakeSettings {
                    retention_days: 3651,
                    ..IntakeSettings::default()
                },
                "retention_days",
            ),
            (
                IntakeSettings {
                    scan_resolution_dpi: 20,
                    ..IntakeSettings::default()
                },
                "scan_resolution_dpi",
            ),
            (
                IntakeSettings {
                    draft_keep_days: 0,
                    ..IntakeSettings::default()
                },
                "draft_keep_days",
            ),
            (
                IntakeSettings {
                    camera_input_format: "v4l2 -i x".into(),
                    ..IntakeSettings::default()
                },
                "camera_input_format",
            ),
            (
                IntakeSettings {
                    camera_device: Some("-filter_complex".into()),
                    ..IntakeSettings::default()
                },
                "camera_device",
            ),
        ] {
            let error = settings.check().expect_err("refused");
            assert!(error.to_string().contains(name), "{error}");
        }
        let immediate = IntakeSettings {
            retention_days: 0,
            ..IntakeSettings::default()
        };
        assert!(
            immediate.check().is_ok(),
            "0 days: as soon as the server holds them"
        );
    }
}
