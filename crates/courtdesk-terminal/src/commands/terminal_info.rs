//! `terminal_info`: who this terminal is, so the UI can draw its home screen.

use courtdesk_core::{Locale, Mode, TerminalId};
use serde::Serialize;
use ts_rs::TS;

use crate::{ApiError, Terminal};

/// What the UI needs to know about its terminal at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TerminalInfo {
    pub mode: Mode,
    pub terminal_id: TerminalId,
    /// The language to show first.
    pub locale: Locale,
    /// The language a kiosk returns to after each visit.
    pub default_locale: Locale,
    /// CourtDesk's version, e.g. `0.1.0`.
    pub version: String,
}

impl Terminal {
    pub fn terminal_info(&self) -> Result<TerminalInfo, ApiError> {
        let mode = self.config().mode;
        let default_locale = self.config().language;
        let locale = if mode.remembers_language() {
            self.store().preferred_locale()?.unwrap_or(default_locale)
        } else {
            default_locale
        };
        Ok(TerminalInfo {
            mode,
            terminal_id: self.id().clone(),
            locale,
            default_locale,
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    }
}
