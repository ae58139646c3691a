//! The commands the UI invokes: each a one-line delegation to the terminal,
//! run on the command thread (`command_thread.rs`), never the main thread.
//! Which window may call which is decided by `capabilities/*.json`.

use courtdesk_core::{Locale, ServiceTile};
use courtdesk_terminal::ApiError;
use courtdesk_terminal::commands::delivery_desk::{
    DeskDeliveriesView, DeskDeliveryView, PaperPrinted, PublishForm,
};
use courtdesk_terminal::commands::delivery_kiosk::DeliveryPrinted;
use courtdesk_terminal::commands::identity_kiosk::{CodeSent, VisitCleared, VisitorView};
use courtdesk_terminal::commands::intake_cases::PartyCases;
use courtdesk_terminal::commands::intake_desk::{ItemUpload, ReviewEntry};
use courtdesk_terminal::commands::intake_kiosk::{
    DraftView, StatusView, SubmissionView, SubmittedView, UsbListingView,
};
use courtdesk_terminal::commands::intake_locker::{
    LockerCancel, LockerCollected, LockerDeposit, LockerOpened,
};
use courtdesk_terminal::commands::intake_saved::SavedDraftView;
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

use crate::command_thread::CommandThread;
use tauri::State;
use tauri::ipc::Response;

#[tauri::command]
pub(crate) async fn terminal_info(
    commands: State<'_, CommandThread>,
) -> Result<TerminalInfo, ApiError> {
    commands.run(move |terminal| terminal.terminal_info()).await
}

#[tauri::command]
pub(crate) async fn kiosk_services(
    commands: State<'_, CommandThread>,
) -> Result<Vec<ServiceTile>, ApiError> {
    commands
        .run(move |terminal| terminal.kiosk_services())
        .await
}

#[tauri::command]
pub(crate) async fn set_locale(
    commands: State<'_, CommandThread>,
    locale: Locale,
) -> Result<LocaleSaved, ApiError> {
    commands
        .run(move |terminal| terminal.set_locale(locale))
        .await
}

#[tauri::command]
pub(crate) async fn sync_status(commands: State<'_, CommandThread>) -> Result<SyncView, ApiError> {
    commands.run(move |terminal| terminal.sync_status()).await
}

#[tauri::command]
pub(crate) async fn sync_now(commands: State<'_, CommandThread>) -> Result<SyncView, ApiError> {
    commands.run(move |terminal| terminal.sync_now()).await
}

#[tauri::command]
pub(crate) async fn queue_offer(
    commands: State<'_, CommandThread>,
) -> Result<Vec<ServiceOffer>, ApiError> {
    commands.run(move |terminal| terminal.queue_offer()).await
}

#[tauri::command]
pub(crate) async fn take_ticket(
    commands: State<'_, CommandThread>,
    service: String,
    priority: Priority,
) -> Result<TakeTicket, ApiError> {
    commands
        .run(move |terminal| terminal.take_ticket(&service, priority))
        .await
}

#[tauri::command]
pub(crate) async fn desk_board(commands: State<'_, CommandThread>) -> Result<DeskBoard, ApiError> {
    commands.run(move |terminal| terminal.desk_board()).await
}

#[tauri::command]
pub(crate) async fn desk_act(
    commands: State<'_, CommandThread>,
    action: DeskAction,
) -> Result<DeskBoard, ApiError> {
    commands
        .run(move |terminal| terminal.desk_act(action))
        .await
}

#[tauri::command]
pub(crate) async fn desk_setup(
    commands: State<'_, CommandThread>,
    window: u16,
    services: Vec<String>,
) -> Result<DeskBoard, ApiError> {
    commands
        .run(move |terminal| terminal.desk_setup(window, services))
        .await
}

#[tauri::command]
pub(crate) async fn desk_book_appointment(
    commands: State<'_, CommandThread>,
    service: String,
    slot: String,
) -> Result<BookedAppointment, ApiError> {
    commands
        .run(move |terminal| terminal.desk_book_appointment(&service, &slot))
        .await
}

#[tauri::command]
pub(crate) async fn desk_reprint(
    commands: State<'_, CommandThread>,
    number: String,
) -> Result<(), ApiError> {
    commands
        .run(move |terminal| terminal.desk_reprint(&number))
        .await
}

#[tauri::command]
pub(crate) async fn check_in(
    commands: State<'_, CommandThread>,
    code: String,
) -> Result<TakeTicket, ApiError> {
    commands.run(move |terminal| terminal.check_in(&code)).await
}

#[tauri::command]
pub(crate) async fn hall_board(commands: State<'_, CommandThread>) -> Result<HallBoard, ApiError> {
    commands.run(move |terminal| terminal.hall_board()).await
}

#[tauri::command]
pub(crate) async fn identity_request_code(
    commands: State<'_, CommandThread>,
    resident_id: String,
) -> Result<CodeSent, ApiError> {
    commands
        .run(move |terminal| terminal.identity_request_code(&resident_id))
        .await
}

#[tauri::command]
pub(crate) async fn identity_verify_code(
    commands: State<'_, CommandThread>,
    code: String,
) -> Result<VisitorView, ApiError> {
    commands
        .run(move |terminal| terminal.identity_verify_code(&code))
        .await
}

#[tauri::command]
pub(crate) async fn identity_read_card(
    commands: State<'_, CommandThread>,
) -> Result<Option<VisitorView>, ApiError> {
    commands
        .run(move |terminal| terminal.identity_read_card())
        .await
}

#[tauri::command]
pub(crate) async fn identity_current(
    commands: State<'_, CommandThread>,
) -> Result<Option<VisitorView>, ApiError> {
    commands
        .run(move |terminal| terminal.identity_current())
        .await
}

#[tauri::command]
pub(crate) async fn visit_finish(
    commands: State<'_, CommandThread>,
) -> Result<VisitCleared, ApiError> {
    commands.run(move |terminal| terminal.visit_finish()).await
}

#[tauri::command]
pub(crate) async fn staff_sign_in(
    commands: State<'_, CommandThread>,
    username: String,
    password: String,
) -> Result<StaffView, ApiError> {
    commands
        .run(move |terminal| terminal.staff_sign_in(&username, &password))
        .await
}

#[tauri::command]
pub(crate) async fn staff_sign_out(commands: State<'_, CommandThread>) -> Result<(), ApiError> {
    commands
        .run(move |terminal| terminal.staff_sign_out())
        .await
}

#[tauri::command]
pub(crate) async fn staff_current(
    commands: State<'_, CommandThread>,
) -> Result<Option<StaffView>, ApiError> {
    commands.run(move |terminal| terminal.staff_current()).await
}

#[tauri::command]
pub(crate) async fn delivery_list(
    commands: State<'_, CommandThread>,
) -> Result<VisitorDeliveries, ApiError> {
    commands
        .run(move |terminal| terminal.deliveries_for_visitor())
        .await
}

/// The document's bytes go to the page as an `ArrayBuffer`, not as a JSON
/// array of numbers.
#[tauri::command]
pub(crate) async fn delivery_document(
    commands: State<'_, CommandThread>,
    delivery_id: String,
    sha256: String,
) -> Result<Response, ApiError> {
    commands
        .run(move |terminal| {
            terminal
                .delivery_document(&delivery_id, &sha256)
                .map(Response::new)
        })
        .await
}

#[tauri::command]
pub(crate) async fn delivery_event(
    commands: State<'_, CommandThread>,
    delivery_id: String,
    event: DeliveryEvent,
) -> Result<EvidenceView, ApiError> {
    commands
        .run(move |terminal| terminal.delivery_event(&delivery_id, event))
        .await
}

#[tauri::command]
pub(crate) async fn delivery_print(
    commands: State<'_, CommandThread>,
    delivery_id: String,
) -> Result<DeliveryPrinted, ApiError> {
    commands
        .run(move |terminal| terminal.delivery_print(&delivery_id))
        .await
}

#[tauri::command]
pub(crate) async fn desk_deliveries(
    commands: State<'_, CommandThread>,
) -> Result<DeskDeliveriesView, ApiError> {
    commands
        .run(move |terminal| terminal.desk_deliveries())
        .await
}

#[tauri::command]
pub(crate) async fn desk_publish_delivery(
    commands: State<'_, CommandThread>,
    form: PublishForm,
) -> Result<DeskDeliveryView, ApiError> {
    commands
        .run(move |terminal| terminal.desk_publish_delivery(form))
        .await
}

#[tauri::command]
pub(crate) async fn desk_print_paper(
    commands: State<'_, CommandThread>,
    delivery_id: String,
) -> Result<PaperPrinted, ApiError> {
    commands
        .run(move |terminal| terminal.desk_print_paper(&delivery_id))
        .await
}

#[tauri::command]
pub(crate) async fn intake_start(
    commands: State<'_, CommandThread>,
    case: CaseRef,
    replaces: Option<String>,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_start(case, replaces))
        .await
}

#[tauri::command]
pub(crate) async fn intake_draft(
    commands: State<'_, CommandThread>,
) -> Result<Option<DraftView>, ApiError> {
    commands.run(move |terminal| terminal.intake_draft()).await
}

#[tauri::command]
pub(crate) async fn intake_discard(commands: State<'_, CommandThread>) -> Result<(), ApiError> {
    commands
        .run(move |terminal| terminal.intake_discard())
        .await
}

#[tauri::command]
pub(crate) async fn intake_usb_list(
    commands: State<'_, CommandThread>,
) -> Result<UsbListingView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_usb_list())
        .await
}

#[tauri::command]
pub(crate) async fn intake_usb_add(
    commands: State<'_, CommandThread>,
    entry_id: u64,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_usb_add(entry_id))
        .await
}

#[tauri::command]
pub(crate) async fn intake_scan(
    commands: State<'_, CommandThread>,
    pages: u32,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_scan(pages))
        .await
}

#[tauri::command]
pub(crate) async fn intake_set_material(
    commands: State<'_, CommandThread>,
    item_id: String,
    material: String,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_set_material(&item_id, &material))
        .await
}

#[tauri::command]
pub(crate) async fn intake_remove_item(
    commands: State<'_, CommandThread>,
    item_id: String,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_remove_item(&item_id))
        .await
}

#[tauri::command]
pub(crate) async fn intake_resolve_duplicate(
    commands: State<'_, CommandThread>,
    item_id: String,
    keep: bool,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_resolve_duplicate(&item_id, keep))
        .await
}

#[tauri::command]
pub(crate) async fn intake_submit(
    commands: State<'_, CommandThread>,
) -> Result<SubmittedView, ApiError> {
    commands.run(move |terminal| terminal.intake_submit()).await
}

#[tauri::command]
pub(crate) async fn intake_status(
    commands: State<'_, CommandThread>,
    token: String,
) -> Result<StatusView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_status(&token))
        .await
}

#[tauri::command]
pub(crate) async fn intake_cases(
    commands: State<'_, CommandThread>,
) -> Result<PartyCases, ApiError> {
    commands.run(move |terminal| terminal.intake_cases()).await
}

#[tauri::command]
pub(crate) async fn intake_photo(
    commands: State<'_, CommandThread>,
) -> Result<DraftView, ApiError> {
    commands.run(move |terminal| terminal.intake_photo()).await
}

/// The draft item's bytes go to the page as an `ArrayBuffer`.
#[tauri::command]
pub(crate) async fn intake_item(
    commands: State<'_, CommandThread>,
    item_id: String,
) -> Result<Response, ApiError> {
    commands
        .run(move |terminal| terminal.intake_item(&item_id).map(Response::new))
        .await
}

#[tauri::command]
pub(crate) async fn intake_rescan_page(
    commands: State<'_, CommandThread>,
    item_id: String,
    page: u32,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_rescan_page(&item_id, page))
        .await
}

#[tauri::command]
pub(crate) async fn intake_save_draft(
    commands: State<'_, CommandThread>,
) -> Result<SavedDraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_save_draft())
        .await
}

#[tauri::command]
pub(crate) async fn intake_resume_draft(
    commands: State<'_, CommandThread>,
    code: String,
) -> Result<DraftView, ApiError> {
    commands
        .run(move |terminal| terminal.intake_resume_draft(&code))
        .await
}

#[tauri::command]
pub(crate) async fn desk_intake_queue(
    commands: State<'_, CommandThread>,
) -> Result<Vec<ReviewEntry>, ApiError> {
    commands
        .run(move |terminal| terminal.desk_intake_queue())
        .await
}

#[tauri::command]
pub(crate) async fn desk_intake_submission(
    commands: State<'_, CommandThread>,
    submission_id: String,
) -> Result<StatusView, ApiError> {
    commands
        .run(move |terminal| terminal.desk_intake_submission(&submission_id))
        .await
}

#[tauri::command]
pub(crate) async fn desk_intake_uploads(
    commands: State<'_, CommandThread>,
    submission_id: String,
) -> Result<Vec<ItemUpload>, ApiError> {
    commands
        .run(move |terminal| terminal.desk_intake_uploads(&submission_id))
        .await
}

/// The item's bytes go to the page as an `ArrayBuffer`.
#[tauri::command]
pub(crate) async fn desk_intake_item(
    commands: State<'_, CommandThread>,
    submission_id: String,
    item_id: String,
) -> Result<Response, ApiError> {
    commands
        .run(move |terminal| {
            terminal
                .desk_intake_item(&submission_id, &item_id)
                .map(Response::new)
        })
        .await
}

#[tauri::command]
pub(crate) async fn desk_intake_decide(
    commands: State<'_, CommandThread>,
    submission_id: String,
    decision: Decision,
) -> Result<SubmissionView, ApiError> {
    commands
        .run(move |terminal| terminal.desk_intake_decide(&submission_id, decision))
        .await
}

#[tauri::command]
pub(crate) async fn intake_locker_open(
    commands: State<'_, CommandThread>,
    submission_id: String,
    size: String,
) -> Result<LockerOpened, ApiError> {
    commands
        .run(move |terminal| terminal.intake_locker_open(&submission_id, &size))
        .await
}

#[tauri::command]
pub(crate) async fn intake_locker_deposit(
    commands: State<'_, CommandThread>,
    submission_id: String,
) -> Result<LockerDeposit, ApiError> {
    commands
        .run(move |terminal| terminal.intake_locker_deposit(&submission_id))
        .await
}

#[tauri::command]
pub(crate) async fn intake_locker_cancel(
    commands: State<'_, CommandThread>,
    submission_id: String,
) -> Result<LockerCancel, ApiError> {
    commands
        .run(move |terminal| terminal.intake_locker_cancel(&submission_id))
        .await
}

#[tauri::command]
pub(crate) async fn locker_collect(
    commands: State<'_, CommandThread>,
    code: String,
) -> Result<LockerCollected, ApiError> {
    commands
        .run(move |terminal| terminal.locker_collect(&code))
        .await
}

#[tauri::command]
pub(crate) async fn desk_intake_locker_slip(
    commands: State<'_, CommandThread>,
    submission_id: String,
) -> Result<(), ApiError> {
    commands
        .run(move |terminal| terminal.desk_intake_locker_slip(&submission_id))
        .await
}
