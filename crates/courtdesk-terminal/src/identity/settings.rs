//! The `[identity]` section of the configuration.

use std::path::PathBuf;

use courtdesk_identity::IdlePolicy;
use courtdesk_identity::staff::InactivityPolicy;
use serde::Deserialize;

/// ```toml
/// [identity]
/// idle_seconds = 90          # kiosk: no touch for this long starts the countdown
/// countdown_seconds = 15     # kiosk: then the visit is wiped
/// staff_idle_minutes = 10    # desk: signed out after this long without input
/// card_reader_simulator = "card.json"   # a file standing for the card on the reader
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IdentitySettings {
    pub idle_seconds: u32,
    pub countdown_seconds: u32,
    pub staff_idle_minutes: u32,
    /// The simulated card reader's file (relative to the configuration's
    /// folder). Without it the kiosk has no card reader.
    pub card_reader_simulator: Option<PathBuf>,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        let idle = IdlePolicy::default();
        let staff = InactivityPolicy::default();
        IdentitySettings {
            idle_seconds: u32::try_from(idle.timeout_ms / 1000).unwrap_or(90),
            countdown_seconds: u32::try_from(idle.countdown_ms / 1000).unwrap_or(15),
            staff_idle_minutes: u32::try_from(staff.timeout_ms / 60_000).unwrap_or(10),
            card_reader_simulator: None,
        }
    }
}

/// A setting out of its range; the message names it and the range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[identity] {0}")]
pub struct IdentitySettingsError(String);

impl IdentitySettings {
    /// Checks the ranges: a kiosk must wipe within minutes, a desk must not
    /// stay signed in for hours.
    pub fn check(&self) -> Result<(), IdentitySettingsError> {
        let within = |name: &str, value: u32, low: u32, high: u32| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(IdentitySettingsError(format!(
                    "{name} must be between {low} and {high}, got {value}"
                )))
            }
        };
        within("idle_seconds", self.idle_seconds, 1, 600)?;
        within("countdown_seconds", self.countdown_seconds, 1, 120)?;
        within("staff_idle_minutes", self.staff_idle_minutes, 1, 60)
    }

    pub fn kiosk_idle(&self) -> IdlePolicy {
        IdlePolicy {
            timeout_ms: u64::from(self.idle_seconds) * 1000,
            countdown_ms: u64::from(self.countdown_seconds) * 1000,
        }
    }

    pub fn staff_idle(&self) -> InactivityPolicy {
        InactivityPolicy {
            timeout_ms: u64::from(self.staff_idle_minutes) * 60_000,
        }
    }
}
