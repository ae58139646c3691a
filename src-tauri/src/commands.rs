//! The commands the UI invokes: each a one-line delegation to the terminal.
//! Which window may call which is decided by `capabilities/*.json`.

use courtdesk_core::{Locale, ServiceTile};
use courtdesk_terminal::commands::delivery_desk::{
    DeskDeliveriesView, DeskDeliveryView, PaperPrinted, PublishForm,
};
use courtdesk_terminal::commands::delivery_kiosk::DeliveryPrinted;
use courtdesk_terminal::commands::identity_kiosk::{CodeSent, VisitCleared, VisitorView};
use courtdesk_terminal::commands::intake_cases::PartyCases;
use courtdesk_terminal::commands::intake_desk::ReviewEntry;
use courtdesk_terminal::commands::intake_kiosk::{
    DraftView, StatusView, SubmissionView, SubmittedView, UsbListingView,
};
use courtdesk_terminal::commands::queue_appointment::BookedAppointment;
use courtdesk_terminal::commands::queue_desk::{DeskAction, DeskBoard};
use courtdesk_terminal::commands::queue_display::HallBoard;
use courtdesk_terminal::commands::queue_kiosk::{ServiceOffer, TakeTicket};
use courtdesk_terminal::commands::set_locale::LocaleSaved;
use courtdesk_terminal::commands::staff_session::StaffView;
use courtdesk_terminal::commands::sync_status::SyncView;
use courtdesk_terminal::commands::terminal_info::TerminalInfo;
use courtdesk_terminal::delivery::{DeliveryEvent, EvidenceView, VisitorDeliveries};
use courtdesk_terminal::intake::records::{CaseRef, Decision};
use courtdesk_terminal::queue::Priority;
use courtdesk_terminal::{ApiError, Terminal};
use tauri::State;
use tauri::ipc::Response;

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

#[tauri::command]
pub(crate) fn queue_offer(terminal: State<'_, Terminal>) -> Result<Vec<ServiceOffer>, ApiError> {
    terminal.queue_offer()
}

#[tauri::command]
pub(crate) fn take_ticket(
    terminal: State<'_, Terminal>,
    service: String,
    priority: Priority,
) -> Result<TakeTicket, ApiError> {
    terminal.take_ticket(&service, priority)
}

#[tauri::command]
pub(crate) fn desk_board(terminal: State<'_, Terminal>) -> Result<DeskBoard, ApiError> {
    terminal.desk_board()
}

#[tauri::command]
pub(crate) fn desk_act(
    terminal: State<'_, Terminal>,
    action: DeskAction,
) -> Result<DeskBoard, ApiError> {
    terminal.desk_act(action)
}

#[tauri::command]
pub(crate) fn desk_setup(
    terminal: State<'_, Terminal>,
    window: u16,
    services: Vec<String>,
) -> Result<DeskBoard, ApiError> {
    terminal.desk_setup(window, services)
}

#[tauri::command]
pub(crate) fn desk_book_appointment(
    terminal: State<'_, Terminal>,
    service: String,
    slot: String,
) -> Result<BookedAppointment, ApiError> {
    terminal.desk_book_appointment(&service, &slot)
}

#[tauri::command(async)]
pub(crate) fn desk_reprint(terminal: State<'_, Terminal>, number: String) -> Result<(), ApiError> {
    terminal.desk_reprint(&number)
}

#[tauri::command]
pub(crate) fn check_in(
    terminal: State<'_, Terminal>,
    code: String,
) -> Result<TakeTicket, ApiError> {
    terminal.check_in(&code)
}

#[tauri::command]
pub(crate) fn hall_board(terminal: State<'_, Terminal>) -> Result<HallBoard, ApiError> {
    terminal.hall_board()
}

// Commands that may wait on the court server run off the main thread, so
// the window keeps painting while a code is sent or a password checked.

#[tauri::command(async)]
pub(crate) fn identity_request_code(
    terminal: State<'_, Terminal>,
    resident_id: String,
) -> Result<CodeSent, ApiError> {
    terminal.identity_request_code(&resident_id)
}

#[tauri::command(async)]
pub(crate) fn identity_verify_code(
    terminal: State<'_, Terminal>,
    code: String,
) -> Result<VisitorView, ApiError> {
    terminal.identity_verify_code(&code)
}

#[tauri::command]
pub(crate) fn identity_read_card(
    terminal: State<'_, Terminal>,
) -> Result<Option<VisitorView>, ApiError> {
    terminal.identity_read_card()
}

#[tauri::command]
pub(crate) fn identity_current(
    terminal: State<'_, Terminal>,
) -> Result<Option<VisitorView>, ApiError> {
    terminal.identity_current()
}

#[tauri::command]
pub(crate) fn visit_finish(terminal: State<'_, Terminal>) -> Result<VisitCleared, ApiError> {
    terminal.visit_finish()
}

#[tauri::command(async)]
pub(crate) fn staff_sign_in(
    terminal: State<'_, Terminal>,
    username: String,
    password: String,
) -> Result<StaffView, ApiError> {
    terminal.staff_sign_in(&username, &password)
}

#[tauri::command]
pub(crate) fn staff_sign_out(terminal: State<'_, Terminal>) -> Result<(), ApiError> {
    terminal.staff_sign_out()
}

#[tauri::command]
pub(crate) fn staff_current(terminal: State<'_, Terminal>) -> Result<Option<StaffView>, ApiError> {
    terminal.staff_current()
}

#[tauri::command]
pub(crate) fn delivery_list(terminal: State<'_, Terminal>) -> Result<VisitorDeliveries, ApiError> {
    terminal.deliveries_for_visitor()
}

/// The document's bytes go to the page as an `ArrayBuffer`, not as a JSON
/// array of numbers.
#[tauri::command]
pub(crate) fn delivery_document(
    terminal: State<'_, Terminal>,
    delivery_id: String,
    sha256: String,
) -> Result<Response, ApiError> {
    terminal
        .delivery_document(&delivery_id, &sha256)
        .map(Response::new)
}

#[tauri::command]
pub(crate) fn delivery_event(
    terminal: State<'_, Terminal>,
    delivery_id: String,
    event: DeliveryEvent,
) -> Result<EvidenceView, ApiError> {
    terminal.delivery_event(&delivery_id, event)
}

#[tauri::command]
pub(crate) fn delivery_print(
    terminal: State<'_, Terminal>,
    delivery_id: String,
) -> Result<DeliveryPrinted, ApiError> {
    terminal.delivery_print(&delivery_id)
}

#[tauri::command]
pub(crate) fn desk_deliveries(
    terminal: State<'_, Terminal>,
) -> Result<DeskDeliveriesView, ApiError> {
    terminal.desk_deliveries()
}

#[tauri::command]
pub(crate) fn desk_publish_delivery(
    terminal: State<'_, Terminal>,
    form: PublishForm,
) -> Result<DeskDeliveryView, ApiError> {
    terminal.desk_publish_delivery(form)
}

#[tauri::command]
pub(crate) fn desk_print_paper(
    terminal: State<'_, Terminal>,
    delivery_id: String,
) -> Result<PaperPrinted, ApiError> {
    terminal.desk_print_paper(&delivery_id)
}

#[tauri::command]
pub(crate) fn intake_start(
    terminal: State<'_, Terminal>,
    case: CaseRef,
    replaces: Option<String>,
) -> Result<DraftView, ApiError> {
    terminal.intake_start(case, replaces)
}

#[tauri::command]
pub(crate) fn intake_draft(terminal: State<'_, Terminal>) -> Result<Option<DraftView>, ApiError> {
    terminal.intake_draft()
}

#[tauri::command]
pub(crate) fn intake_discard(terminal: State<'_, Terminal>) -> Result<(), ApiError> {
    terminal.intake_discard()
}

#[tauri::command]
pub(crate) fn intake_usb_list(terminal: State<'_, Terminal>) -> Result<UsbListingView, ApiError> {
    terminal.intake_usb_list()
}

#[tauri::command]
pub(crate) fn intake_usb_add(
    terminal: State<'_, Terminal>,
    entry_id: u64,
) -> Result<DraftView, ApiError> {
    terminal.intake_usb_add(entry_id)
}

#[tauri::command]
pub(crate) fn intake_scan(
    terminal: State<'_, Terminal>,
    pages: u32,
) -> Result<DraftView, ApiError> {
    terminal.intake_scan(pages)
}

#[tauri::command]
pub(crate) fn intake_set_material(
    terminal: State<'_, Terminal>,
    item_id: String,
    material: String,
) -> Result<DraftView, ApiError> {
    terminal.intake_set_material(&item_id, &material)
}

#[tauri::command]
pub(crate) fn intake_remove_item(
    terminal: State<'_, Terminal>,
    item_id: String,
) -> Result<DraftView, ApiError> {
    terminal.intake_remove_item(&item_id)
}

#[tauri::command]
pub(crate) fn intake_resolve_duplicate(
    terminal: State<'_, Terminal>,
    item_id: String,
    keep: bool,
) -> Result<DraftView, ApiError> {
    terminal.intake_resolve_duplicate(&item_id, keep)
}

#[tauri::command]
pub(crate) fn intake_submit(terminal: State<'_, Terminal>) -> Result<SubmittedView, ApiError> {
    terminal.intake_submit()
}

#[tauri::command]
pub(crate) fn intake_status(
    terminal: State<'_, Terminal>,
    token: String,
) -> Result<StatusView, ApiError> {
    terminal.intake_status(&token)
}

#[tauri::command]
pub(crate) fn intake_cases(terminal: State<'_, Terminal>) -> Result<PartyCases, ApiError> {
    terminal.intake_cases()
}

#[tauri::command]
pub(crate) fn desk_intake_queue(
    terminal: State<'_, Terminal>,
) -> Result<Vec<ReviewEntry>, ApiError> {
    terminal.desk_intake_queue()
}

#[tauri::command]
pub(crate) fn desk_intake_submission(
    terminal: State<'_, Terminal>,
    submission_id: String,
) -> Result<StatusView, ApiError> {
    terminal.desk_intake_submission(&submission_id)
}

/// The item's bytes go to the page as an `ArrayBuffer`.
#[tauri::command]
pub(crate) fn desk_intake_item(
    terminal: State<'_, Terminal>,
    submission_id: String,
    item_id: String,
) -> Result<Response, ApiError> {
    terminal
        .desk_intake_item(&submission_id, &item_id)
        .map(Response::new)
}

#[tauri::command]
pub(crate) fn desk_intake_decide(
    terminal: State<'_, Terminal>,
    submission_id: String,
    decision: Decision,
) -> Result<SubmissionView, ApiError> {
    terminal.desk_intake_decide(&submission_id, decision)
}
