//! CourtDesk's Tauri shell: opens the window for the terminal's mode and
//! forwards each command to `courtdesk-terminal` in one line.
//!
//! Architecture invariant: this is the only crate that depends on `tauri`.
//! It holds no logic of its own beyond the window's settings.

mod command_thread;
mod commands;
mod placement;
mod window;

use courtdesk_terminal::Terminal;

pub use command_thread::CommandThread;
pub use placement::{Placement, PlacementError, WINDOW_ENV};
use tauri::{App, Builder, Context, Runtime};

/// The compiled-in configuration, capabilities and UI assets.
pub fn context<R: Runtime>() -> Context<R> {
    tauri::generate_context!()
}

/// Builds the app around a started terminal: its state, its commands and its
/// one window. Generic over the runtime so tests can use Tauri's mock runtime.
pub fn build_app<R: Runtime>(
    builder: Builder<R>,
    terminal: Terminal,
    context: Context<R>,
) -> tauri::Result<App<R>> {
    build_placed_app(builder, terminal, context, None)
}

/// [`build_app`] with the window at `placement` instead of where its mode
/// puts it.
pub fn build_placed_app<R: Runtime>(
    builder: Builder<R>,
    terminal: Terminal,
    context: Context<R>,
    placement: Option<Placement>,
) -> tauri::Result<App<R>> {
    let mode = terminal.config().mode;
    let app = builder
        .manage(CommandThread::start(terminal)?)
        .invoke_handler(tauri::generate_handler![
            commands::terminal_info,
            commands::kiosk_services,
            commands::set_locale,
            commands::sync_status,
            commands::sync_now,
            commands::queue_offer,
            commands::take_ticket,
            commands::desk_board,
            commands::desk_act,
            commands::desk_setup,
            commands::desk_book_appointment,
            commands::desk_reprint,
            commands::check_in,
            commands::hall_board,
            commands::identity_request_code,
            commands::identity_verify_code,
            commands::identity_read_card,
            commands::identity_current,
            commands::visit_finish,
            commands::staff_sign_in,
            commands::staff_sign_out,
            commands::staff_current,
            commands::delivery_list,
            commands::delivery_document,
            commands::delivery_event,
            commands::delivery_print,
            commands::desk_deliveries,
            commands::desk_publish_delivery,
            commands::desk_print_paper,
            commands::intake_start,
            commands::intake_draft,
            commands::intake_discard,
            commands::intake_usb_list,
            commands::intake_usb_add,
            commands::intake_scan,
            commands::intake_set_material,
            commands::intake_remove_item,
            commands::intake_resolve_duplicate,
            commands::intake_submit,
            commands::intake_status,
            commands::intake_cases,
            commands::intake_photo,
            commands::intake_item,
            commands::intake_rescan_page,
            commands::intake_save_draft,
            commands::intake_resume_draft,
            commands::desk_intake_queue,
            commands::desk_intake_submission,
            commands::desk_intake_item,
            commands::desk_intake_uploads,
            commands::desk_intake_decide,
            commands::intake_locker_open,
            commands::intake_locker_deposit,
            commands::intake_locker_cancel,
            commands::locker_collect,
            commands::desk_intake_locker_slip,
        ])
        .build(context)?;
    window::open(&app, mode, placement)?;
    Ok(app)
}
