//! Saving the visit's draft with a resume code, and resuming it at a later
//! visit. See [`crate::intake::saved`].

use std::time::Duration;

use courtdesk_devices::printer::CupsPrinter;
use courtdesk_devices::{DraftSlip, render_draft_slip_pdf};
use courtdesk_store::TerminalSecret;
use courtdesk_sync::TerminalKey;
use serde::Serialize;
use ts_rs::TS;

use super::delivery_kiosk::print;
use super::intake_kiosk::{DraftView, bad_input, store_error};
use crate::intake::saved::{self, SavedError};
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

const SLIP_PRINT_TIMEOUT: Duration = Duration::from_secs(60);
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// A draft saved for a later visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SavedDraftView {
    /// The 8 digits that resume it; shown once and printed, never kept.
    pub code: String,
    /// Until when it is kept (the start of the day after, in ms).
    #[ts(type = "number")]
    pub kept_until_ms: u64,
    /// The last day it is kept, in the site's local time (`YYYY-MM-DD`).
    pub kept_until_day: String,
    /// Whether the slip with the code printed.
    pub printed: bool,
    /// Why it did not (`no_printer`, or the printer's code).
    pub print_error: Option<String>,
}

fn saved_error(error: SavedError) -> ApiError {
    match error {
        SavedError::WrongCode { attempts_left } => ApiError::new(
            ErrorCode::ResumeCodeWrong,
            "no saved draft of yours has this code",
        )
        .with_detail(attempts_left.to_string()),
        SavedError::Locked { retry_after_ms } => ApiError::new(
            ErrorCode::ResumeLocked,
            "too many wrong resume codes; wait before trying again",
        )
        .with_detail(retry_after_ms.div_ceil(60_000).to_string()),
        other => store_error(other),
    }
}

impl Terminal {
    /// The terminal's secret, made now if this kiosk has not been enrolled
    /// yet (enrollment would make the same one).
    fn drafts_secret(&self) -> Result<TerminalSecret, ApiError> {
        if let Some(secret) = self.store().terminal_secret().map_err(store_error)? {
            return Ok(secret);
        }
        TerminalKey::load_or_create(self.store(), i64::try_from(now_ms()).unwrap_or(i64::MAX))
            .map_err(store_error)?;
        self.store()
            .terminal_secret()
            .map_err(store_error)?
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the terminal has no key"))
    }

    /// The identified person's keyed hash, with the secret it was keyed
    /// with (read once for both).
    fn identified_party_key(&self) -> Result<(String, TerminalSecret), ApiError> {
        self.intake_party()?;
        let secret = self.drafts_secret()?;
        let party = self.delivery_party()?;
        Ok((
            crate::delivery::party_key(&secret, &party.resident_id),
            secret,
        ))
    }

    /// Takes the visit's draft out of the visit and keeps it for the person
    /// identified now, under a fresh resume code printed on a slip. The
    /// visit has no draft afterwards.
    pub fn intake_save_draft(&self) -> Result<SavedDraftView, ApiError> {
        let (party_key, secret) = self.identified_party_key()?;
        let now = now_ms();
        let (saved, items) = {
            let _draft = self.intake().draft_lock();
            let folder = self.draft_folder()?;
            let draft = self.current_draft(&folder)?;
            let saved = saved::save(
                self.store(),
                &secret,
                &self.config().data_dir(),
                &party_key,
                &folder,
                &draft,
                now,
            )
            .map_err(saved_error)?;
            (saved, draft.items.len())
        };
        let keep_days = u64::from(self.config().intake.draft_keep_days);
        let last_ms = saved.saved_at_ms + keep_days * DAY_MS;
        let kept_until_day = self.site_clock().day(last_ms).to_string();
        let slip = DraftSlip {
            site_name: self
                .queue()
                .map(|book| book.hall.site_name.clone())
                .unwrap_or_default(),
            code: saved.code.clone(),
            items,
            saved_at_local: self.site_clock().local(saved.saved_at_ms).to_string(),
            kept_until_local: kept_until_day.clone(),
            bilingual: true,
        };
        let print_error = self.print_draft_slip(&slip).err();
        Ok(SavedDraftView {
            code: saved.code,
            kept_until_ms: last_ms,
            kept_until_day,
            printed: print_error.is_none(),
            print_error,
        })
    }

    fn print_draft_slip(&self, slip: &DraftSlip) -> Result<(), String> {
        let queue = self.printer_queue().map_err(|_| "no_printer".to_owned())?;
        let pdf = render_draft_slip_pdf(slip).map_err(|error| {
            tracing::error!(%error, "a saved-draft slip could not be laid out");
            "layout_failed".to_owned()
        })?;
        let printer = CupsPrinter::new(queue, SLIP_PRINT_TIMEOUT);
        print(&printer, &pdf, "CourtDesk saved draft")
            .map_err(|error| error.detail.unwrap_or_else(|| "print_failed".into()))
    }

    /// Brings back the draft the person identified now saved under `code`
    /// (8 digits, spaces allowed), replacing any draft of this visit.
    pub fn intake_resume_draft(&self, code: &str) -> Result<DraftView, ApiError> {
        let (party_key, secret) = self.identified_party_key()?;
        let code = saved::normalized_code(code)
            .ok_or_else(|| bad_input("resume_code", "a resume code is 8 digits"))?;
        let _draft = self.intake().draft_lock();
        let folder = self.draft_folder()?;
        let draft = saved::resume(
            self.store(),
            &secret,
            &self.config().data_dir(),
            &self.intake().resume_attempts,
            &party_key,
            &code,
            &folder,
            now_ms(),
        )
        .map_err(saved_error)?;
        Ok(self.draft_view(&draft))
    }
}
