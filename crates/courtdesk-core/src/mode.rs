//! The three kinds of terminal one CourtDesk binary can be.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a terminal is for. One binary serves all three; the terminal's
/// configuration file decides which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A walk-in touch-screen kiosk used by litigants.
    Kiosk,
    /// A service-window desktop used by a clerk.
    Staff,
    /// The waiting-hall wall screen that shows and announces calls.
    Display,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Kiosk, Mode::Staff, Mode::Display];

    /// The stable lowercase name used in configuration files, window labels
    /// and capability files.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Kiosk => "kiosk",
            Mode::Staff => "staff",
            Mode::Display => "display",
        }
    }

    /// Whether a language chosen on this terminal should be remembered for the
    /// next start. A kiosk serves a new stranger each time, so every visit
    /// begins in the terminal's default language; a clerk's desk and the hall
    /// display keep what their operator chose.
    pub fn remembers_language(self) -> bool {
        !matches!(self, Mode::Kiosk)
    }

    /// Whether the terminal takes over the whole screen.
    pub fn is_fullscreen(self) -> bool {
        matches!(self, Mode::Kiosk | Mode::Display)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mode name that is none of `kiosk`, `staff` or `display`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown terminal mode {0:?}: expected kiosk, staff or display")]
pub struct UnknownMode(pub String);

impl FromStr for Mode {
    type Err = UnknownMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == s)
            .ok_or_else(|| UnknownMode(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text_and_json() {
        for mode in Mode::ALL {
            assert_eq!(mode.as_str().parse::<Mode>(), Ok(mode));
            let json = serde_json::to_string(&mode).expect("a mode serializes");
            assert_eq!(json, format!("\"{}\"", mode.as_str()));
        }
    }

    #[test]
    fn unknown_or_differently_cased_names_are_refused() {
        for bad in ["", "Kiosk", "KIOSK", "admin", "kiosk "] {
            assert_eq!(bad.parse::<Mode>(), Err(UnknownMode(bad.to_owned())));
        }
    }

    #[test]
    fn only_the_kiosk_forgets_the_language_between_visits() {
        assert!(!Mode::Kiosk.remembers_language());
        assert!(Mode::Staff.remembers_language());
        assert!(Mode::Display.remembers_language());
    }

    #[test]
    fn the_staff_desk_is_the_only_windowed_mode() {
        assert!(Mode::Kiosk.is_fullscreen());
        assert!(Mode::Display.is_fullscreen());
        assert!(!Mode::Staff.is_fullscreen());
    }
}
