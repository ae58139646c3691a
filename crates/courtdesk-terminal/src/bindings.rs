//! The TypeScript view of every command's input and output, generated from
//! the Rust types into `ui/src/bindings.ts`. A test fails when the committed
//! file differs from what this module generates; regenerate it with
//! `COURTDESK_UPDATE_BINDINGS=1 cargo test -p courtdesk-terminal bindings`.

use courtdesk_core::{Availability, Locale, Mode, Service, ServiceTile, TerminalId};
use ts_rs::{Config, TS};

use crate::api::{ApiError, COMMANDS, ErrorCode};
use crate::commands::delivery_desk::{
    DeskDeliveriesView, DeskDeliveryView, DeskDocumentView, FormDocument, PaperPrinted, PublishForm,
};
use crate::commands::delivery_kiosk::DeliveryPrinted;
use crate::commands::identity_kiosk::{CodeSent, VisitCleared, VisitorView};
use crate::commands::intake_cases::{PartyCase, PartyCases};
use crate::commands::intake_desk::{ItemUpload, ReviewEntry};
use crate::commands::intake_kiosk::{
    DecisionView, DraftItemView, DraftView, StatusView, SubmissionView, SubmittedView,
    UsbEntryView, UsbListingView,
};
use crate::commands::intake_locker::{
    LockerCancel, LockerCollected, LockerDeposit, LockerDepositState, LockerDepositView,
    LockerOpened,
};
use crate::commands::intake_saved::SavedDraftView;
use crate::commands::queue_appointment::BookedAppointment;
use crate::commands::queue_desk::{DeskAction, DeskBoard, DeskService, DeskTicket, WaitingView};
use crate::commands::queue_display::{HallBoard, ServiceWaiting, WindowCall};
use crate::commands::queue_kiosk::{ServiceOffer, TakeTicket, TicketView};
use crate::commands::set_locale::LocaleSaved;
use crate::commands::staff_session::StaffView;
use crate::commands::sync_status::{SyncView, UploadView};
use crate::commands::terminal_info::TerminalInfo;
use crate::delivery::{
    DeliveryDocumentView, DeliveryEvent, DeliveryView, EvidenceView, VisitorDeliveries,
};
use crate::intake::book::SubmissionStatus;
use crate::intake::records::{CaseRef, Decision, FilingAnswers, ItemBody};
use crate::queue::views::{DispenseView, Priority, ServiceName};

/// The path of the generated file, relative to the workspace root.
pub const BINDINGS_PATH: &str = "ui/src/bindings.ts";

/// The arguments and result of each command, by name. A command that takes
/// no arguments takes an empty record.
const NO_ARGS: &str = "Record<string, never>";

fn command_signatures(cfg: &Config) -> Vec<(&'static str, String, String)> {
    vec![
        ("terminal_info", NO_ARGS.into(), TerminalInfo::name(cfg)),
        (
            "kiosk_services",
            NO_ARGS.into(),
            format!("Array<{}>", ServiceTile::name(cfg)),
        ),
        (
            "set_locale",
            format!("{{ locale: {} }}", Locale::name(cfg)),
            LocaleSaved::name(cfg),
        ),
        ("sync_status", NO_ARGS.into(), SyncView::name(cfg)),
        ("sync_now", NO_ARGS.into(), SyncView::name(cfg)),
        (
            "queue_offer",
            NO_ARGS.into(),
            format!("Array<{}>", ServiceOffer::name(cfg)),
        ),
        (
            "take_ticket",
            format!("{{ service: string, priority: {} }}", Priority::name(cfg)),
            TakeTicket::name(cfg),
        ),
        ("desk_board", NO_ARGS.into(), DeskBoard::name(cfg)),
        (
            "desk_act",
            format!("{{ action: {} }}", DeskAction::name(cfg)),
            DeskBoard::name(cfg),
        ),
        (
            "desk_setup",
            "{ window: number, services: Array<string> }".into(),
            DeskBoard::name(cfg),
        ),
        (
            "desk_book_appointment",
            "{ service: string, slot: string }".into(),
            BookedAppointment::name(cfg),
        ),
        ("desk_reprint", "{ number: string }".into(), "null".into()),
        ("check_in", "{ code: string }".into(), TakeTicket::name(cfg)),
        ("hall_board", NO_ARGS.into(), HallBoard::name(cfg)),
        (
            "identity_request_code",
            "{ residentId: string }".into(),
            CodeSent::name(cfg),
        ),
        (
            "identity_verify_code",
            "{ code: string }".into(),
            VisitorView::name(cfg),
        ),
        (
            "identity_read_card",
            NO_ARGS.into(),
            format!("{} | null", VisitorView::name(cfg)),
        ),
        (
            "identity_current",
            NO_ARGS.into(),
            format!("{} | null", VisitorView::name(cfg)),
        ),
        ("visit_finish", NO_ARGS.into(), VisitCleared::name(cfg)),
        (
            "staff_sign_in",
            "{ username: string, password: string }".into(),
            StaffView::name(cfg),
        ),
        ("staff_sign_out", NO_ARGS.into(), "null".into()),
        (
            "staff_current",
            NO_ARGS.into(),
            format!("{} | null", StaffView::name(cfg)),
        ),
        (
            "delivery_list",
            NO_ARGS.into(),
            VisitorDeliveries::name(cfg),
        ),
        (
            "delivery_document",
            "{ deliveryId: string, sha256: string }".into(),
            "ArrayBuffer".into(),
        ),
        (
            "delivery_event",
            format!(
                "{{ deliveryId: string, event: {} }}",
                DeliveryEvent::name(cfg)
            ),
            EvidenceView::name(cfg),
        ),
        (
            "delivery_print",
            "{ deliveryId: string }".into(),
            DeliveryPrinted::name(cfg),
        ),
        (
            "desk_deliveries",
            NO_ARGS.into(),
            DeskDeliveriesView::name(cfg),
        ),
        (
            "desk_publish_delivery",
            format!("{{ form: {} }}", PublishForm::name(cfg)),
            DeskDeliveryView::name(cfg),
        ),
        (
            "desk_print_paper",
            "{ deliveryId: string }".into(),
            PaperPrinted::name(cfg),
        ),
        (
            "intake_start",
            format!(
                "{{ case: {}, replaces: string | null }}",
                CaseRef::name(cfg)
            ),
            DraftView::name(cfg),
        ),
        (
            "intake_draft",
            NO_ARGS.into(),
            format!("{} | null", DraftView::name(cfg)),
        ),
        ("intake_discard", NO_ARGS.into(), "null".into()),
        ("intake_usb_list", NO_ARGS.into(), UsbListingView::name(cfg)),
        (
            "intake_usb_add",
            "{ entryId: number }".into(),
            DraftView::name(cfg),
        ),
        (
            "intake_scan",
            "{ pages: number }".into(),
            DraftView::name(cfg),
        ),
        (
            "intake_set_material",
            "{ itemId: string, material: string }".into(),
            DraftView::name(cfg),
        ),
        (
            "intake_remove_item",
            "{ itemId: string }".into(),
            DraftView::name(cfg),
        ),
        (
            "intake_resolve_duplicate",
            "{ itemId: string, keep: boolean }".into(),
            DraftView::name(cfg),
        ),
        ("intake_submit", NO_ARGS.into(), SubmittedView::name(cfg)),
        (
            "intake_status",
            "{ token: string }".into(),
            StatusView::name(cfg),
        ),
        ("intake_cases", NO_ARGS.into(), PartyCases::name(cfg)),
        ("intake_photo", NO_ARGS.into(), DraftView::name(cfg)),
        (
            "intake_item",
            "{ itemId: string }".into(),
            "ArrayBuffer".into(),
        ),
        (
            "intake_rescan_page",
            "{ itemId: string, page: number }".into(),
            DraftView::name(cfg),
        ),
        (
            "intake_save_draft",
            NO_ARGS.into(),
            SavedDraftView::name(cfg),
        ),
        (
            "intake_resume_draft",
            "{ code: string }".into(),
            DraftView::name(cfg),
        ),
        (
            "desk_intake_queue",
            NO_ARGS.into(),
            format!("Array<{}>", ReviewEntry::name(cfg)),
        ),
        (
            "desk_intake_submission",
            "{ submissionId: string }".into(),
            StatusView::name(cfg),
        ),
        (
            "desk_intake_item",
            "{ submissionId: string, itemId: string }".into(),
            "ArrayBuffer".into(),
        ),
        (
            "desk_intake_uploads",
            "{ submissionId: string }".into(),
            format!("Array<{}>", ItemUpload::name(cfg)),
        ),
        (
            "desk_intake_decide",
            format!(
                "{{ submissionId: string, decision: {} }}",
                Decision::name(cfg)
            ),
            SubmissionView::name(cfg),
        ),
        (
            "intake_locker_open",
            "{ submissionId: string, size: string }".into(),
            LockerOpened::name(cfg),
        ),
        (
            "intake_locker_deposit",
            "{ submissionId: string }".into(),
            LockerDeposit::name(cfg),
        ),
        (
            "intake_locker_cancel",
            "{ submissionId: string }".into(),
            LockerCancel::name(cfg),
        ),
        (
            "locker_collect",
            "{ code: string }".into(),
            LockerCollected::name(cfg),
        ),
        (
            "desk_intake_locker_slip",
            "{ submissionId: string }".into(),
            "null".into(),
        ),
    ]
}

fn declaration<T: TS>(cfg: &Config) -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

/// The whole generated file.
pub fn typescript() -> String {
    let cfg = Config::new();
    let mut out = String::from(
        "// Generated from the Rust types by courtdesk-terminal's bindings module.\n\
         // Do not edit: run `COURTDESK_UPDATE_BINDINGS=1 cargo test -p courtdesk-terminal bindings`.\n\n",
    );
    for decl in [
        declaration::<Mode>(&cfg),
        declaration::<Locale>(&cfg),
        declaration::<TerminalId>(&cfg),
        declaration::<Service>(&cfg),
        declaration::<Availability>(&cfg),
        declaration::<ServiceTile>(&cfg),
        declaration::<TerminalInfo>(&cfg),
        declaration::<LocaleSaved>(&cfg),
        declaration::<SyncView>(&cfg),
        declaration::<UploadView>(&cfg),
        declaration::<ServiceName>(&cfg),
        declaration::<DispenseView>(&cfg),
        declaration::<Priority>(&cfg),
        declaration::<ServiceOffer>(&cfg),
        declaration::<TicketView>(&cfg),
        declaration::<TakeTicket>(&cfg),
        declaration::<WaitingView>(&cfg),
        declaration::<DeskService>(&cfg),
        declaration::<DeskTicket>(&cfg),
        declaration::<DeskBoard>(&cfg),
        declaration::<DeskAction>(&cfg),
        declaration::<BookedAppointment>(&cfg),
        declaration::<WindowCall>(&cfg),
        declaration::<ServiceWaiting>(&cfg),
        declaration::<HallBoard>(&cfg),
        declaration::<CodeSent>(&cfg),
        declaration::<VisitorView>(&cfg),
        declaration::<VisitCleared>(&cfg),
        declaration::<StaffView>(&cfg),
        declaration::<DeliveryDocumentView>(&cfg),
        declaration::<DeliveryView>(&cfg),
        declaration::<VisitorDeliveries>(&cfg),
        declaration::<DeliveryEvent>(&cfg),
        declaration::<EvidenceView>(&cfg),
        declaration::<DeliveryPrinted>(&cfg),
        declaration::<DeskDocumentView>(&cfg),
        declaration::<DeskDeliveryView>(&cfg),
        declaration::<DeskDeliveriesView>(&cfg),
        declaration::<FormDocument>(&cfg),
        declaration::<PublishForm>(&cfg),
        declaration::<PaperPrinted>(&cfg),
        declaration::<FilingAnswers>(&cfg),
        declaration::<CaseRef>(&cfg),
        declaration::<ItemBody>(&cfg),
        declaration::<DraftItemView>(&cfg),
        declaration::<DraftView>(&cfg),
        declaration::<SavedDraftView>(&cfg),
        declaration::<UsbEntryView>(&cfg),
        declaration::<UsbListingView>(&cfg),
        declaration::<SubmittedView>(&cfg),
        declaration::<SubmissionStatus>(&cfg),
        declaration::<Decision>(&cfg),
        declaration::<DecisionView>(&cfg),
        declaration::<SubmissionView>(&cfg),
        declaration::<LockerDepositView>(&cfg),
        declaration::<StatusView>(&cfg),
        declaration::<LockerOpened>(&cfg),
        declaration::<LockerDepositState>(&cfg),
        declaration::<LockerDeposit>(&cfg),
        declaration::<LockerCancel>(&cfg),
        declaration::<LockerCollected>(&cfg),
        declaration::<PartyCase>(&cfg),
        declaration::<PartyCases>(&cfg),
        declaration::<ReviewEntry>(&cfg),
        declaration::<ItemUpload>(&cfg),
        declaration::<ErrorCode>(&cfg),
        declaration::<ApiError>(&cfg),
    ] {
        out.push_str(&decl);
        out.push('\n');
    }

    out.push_str("/** Every command: its arguments and its result. Errors are `ApiError`. */\n");
    out.push_str("export interface Commands {\n");
    let signatures = command_signatures(&cfg);
    for (name, args, result) in &signatures {
        out.push_str(&format!(
            "  {name}: {{ args: {args}; result: {result} }};\n"
        ));
    }
    out.push_str("}\n\n");

    out.push_str("/** The commands each mode's window may call. */\n");
    out.push_str(
        "export const COMMANDS_BY_MODE: Record<Mode, ReadonlyArray<keyof Commands>> = {\n",
    );
    for mode in Mode::ALL {
        let names: Vec<String> = crate::api::commands_for(mode)
            .map(|name| format!("\"{name}\""))
            .collect();
        out.push_str(&format!("  {}: [{}],\n", mode.as_str(), names.join(", ")));
    }
    out.push_str("};\n");

    debug_assert_eq!(
        signatures.iter().map(|s| s.0).collect::<Vec<_>>(),
        COMMANDS.iter().map(|c| c.name).collect::<Vec<_>>()
    );
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn committed_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(BINDINGS_PATH)
    }

    #[test]
    fn every_command_has_a_signature_and_nothing_else_does() {
        let signed: Vec<&str> = command_signatures(&Config::new())
            .iter()
            .map(|s| s.0)
            .collect();
        let listed: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(signed, listed);
    }

    #[test]
    fn bindings_match_the_committed_file() {
        let generated = typescript();
        let path = committed_path();
        if std::env::var_os("COURTDESK_UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date with the Rust types; regenerate it with \
             `COURTDESK_UPDATE_BINDINGS=1 cargo test -p courtdesk-terminal bindings`",
            path.display()
        );
    }
}
