//! Compiles the Tauri context and declares the app's commands, so each one is
//! a permission that a window must be granted by its capability file.

fn main() {
    // Keep in step with `courtdesk_terminal::api::COMMANDS`; a test compares
    // them with the capability files.
    const COMMANDS: &[&str] = &[
        "terminal_info",
        "kiosk_services",
        "set_locale",
        "sync_status",
        "sync_now",
        "queue_offer",
        "take_ticket",
        "desk_board",
        "desk_act",
        "desk_setup",
        "desk_book_appointment",
        "desk_reprint",
        "check_in",
        "hall_board",
        "identity_request_code",
        "identity_verify_code",
        "identity_read_card",
        "identity_current",
        "visit_finish",
        "staff_sign_in",
        "staff_sign_out",
        "staff_current",
        "delivery_list",
        "delivery_document",
        "delivery_event",
        "delivery_print",
        "desk_deliveries",
        "desk_publish_delivery",
        "desk_print_paper",
        "intake_start",
        "intake_draft",
        "intake_discard",
        "intake_usb_list",
        "intake_usb_add",
        "intake_scan",
        "intake_set_material",
        "intake_remove_item",
        "intake_resolve_duplicate",
        "intake_submit",
        "intake_status",
        "intake_cases",
        "desk_intake_queue",
        "desk_intake_submission",
        "desk_intake_item",
        "desk_intake_uploads",
        "desk_intake_decide",
        "intake_locker_open",
        "intake_locker_deposit",
        "intake_locker_cancel",
        "locker_collect",
        "desk_intake_locker_slip",
    ];
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("the Tauri build step failed");
}
