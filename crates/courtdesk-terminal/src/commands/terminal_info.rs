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
    /// A kiosk: seconds without a touch before the countdown to the wipe.
    pub idle_seconds: u32,
    /// A kiosk: seconds of countdown before the visit is wiped.
    pub countdown_seconds: u32,
    /// A kiosk: whether a resident ID card reader is attached.
    pub card_reader: bool,
    /// A kiosk: whether a locker for paper materials is set up.
    pub locker: bool,
    /// The site's offset east of UTC in minutes (480 for China): the clock
    /// tickets and receipts print, which the UI shows times in whatever the
    /// PC's own time zone.
    pub site_utc_offset_minutes: i32,
    /// The version of the site's configuration this terminal keeps, as the
    /// court server signed it; `null` until it has received one.
    #[ts(type = "number | null")]
    pub site_config_version: Option<u64>,
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
            idle_seconds: self.config().identity.idle_seconds,
            countdown_seconds: self.config().identity.countdown_seconds,
            card_reader: self.card_reader().is_some(),
            locker: self.locker().is_some(),
            site_utc_offset_minutes: self.site_clock().utc_offset_minutes,
            site_config_version: self.store().site_config()?.map(|kept| kept.number),
        })
    }
}
