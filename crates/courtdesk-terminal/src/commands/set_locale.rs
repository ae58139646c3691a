//! `set_locale`: remember the language an operator chose.

use courtdesk_core::Locale;
use serde::Serialize;
use ts_rs::TS;

use crate::{ApiError, Terminal};

/// Whether the choice will be used at the next start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct LocaleSaved {
    pub remembered: bool,
}

impl Terminal {
    /// Stores the language for the next start on terminals that remember it.
    /// A kiosk never does: each visitor starts in the default language.
    pub fn set_locale(&self, locale: Locale) -> Result<LocaleSaved, ApiError> {
        if !self.config().mode.remembers_language() {
            return Ok(LocaleSaved { remembered: false });
        }
        self.store().set_preferred_locale(locale)?;
        tracing::info!(%locale, "operator chose a language");
        Ok(LocaleSaved { remembered: true })
    }
}
