//! The commands the UI invokes: each a one-line delegation to the terminal.
//! Which window may call which is decided by `capabilities/*.json`.

use courtdesk_core::{Locale, ServiceTile};
use courtdesk_terminal::commands::set_locale::LocaleSaved;
use courtdesk_terminal::commands::sync_status::SyncView;
use courtdesk_terminal::commands::terminal_info::TerminalInfo;
use courtdesk_terminal::{ApiError, Terminal};
use tauri::State;

#[tauri::command]
pub(crate) fn terminal_info(terminal: State<'_, Terminal>) -> Result<TerminalInfo, ApiError> {
    terminal.terminal_info()
}

#[tauri::command]
pub(crate) fn kiosk_services(terminal: State<'_, Terminal>) -> Result<Vec<ServiceTile>, ApiError> {
    terminal.kiosk_services()
}

#[tauri::command]
pub(crate) fn set_locale(
    terminal: State<'_, Terminal>,
    locale: Locale,
) -> Result<LocaleSaved, ApiError> {
    terminal.set_locale(locale)
}

#[tauri::command]
pub(crate) fn sync_status(terminal: State<'_, Terminal>) -> Result<SyncView, ApiError> {
    terminal.sync_status()
}

#[tauri::command]
pub(crate) fn sync_now(terminal: State<'_, Terminal>) -> Result<SyncView, ApiError> {
    terminal.sync_now()
}
