//! The one error shape the UI receives, and the list of commands it may call.

use courtdesk_core::Mode;
use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as a code the UI branches on. The UI shows its own
/// translated text for each code (with what to do next) and never parses
/// `message`. A code is added only when the UI needs to tell it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The terminal's own database failed; the operator should call court IT.
    Storage,
    /// Something unexpected; details are in the terminal's log.
    Internal,
    /// The queue does not allow this action now (the ticket moved on, was
    /// called elsewhere, or was recalled too often); the screen is redrawn.
    IllegalAction,
    /// No ticket is waiting for this window's services.
    NothingWaiting,
    /// No such ticket (a number typed that is not known here).
    UnknownTicket,
    /// The ticket could not be printed, so it does not count; try again or
    /// ask at a window.
    PrintFailed,
    /// This kiosk has no ticket numbers left for the service until it
    /// reaches the court server again; use another kiosk or ask at a window.
    OutOfNumbers,
    /// Input the command cannot use (an unknown service, a malformed number).
    BadInput,
    /// A resident ID number that cannot be right; `detail` names the rule
    /// (`resident_id_bad_check_character`, `resident_id_wrong_length`, ...).
    BadResidentId,
    /// This needs the court server, which cannot be reached now; use the
    /// card reader, or ask at a window.
    ServerUnreachable,
    /// The court has no phone on file for this ID number; ask at a window.
    PartyNotFound,
    /// The code is wrong; `detail` is how many more tries it allows.
    OtpWrong,
    /// The code's time is over; ask for a new one.
    OtpExpired,
    /// No code is waiting (used, replaced or never sent); ask for a new one.
    OtpNoCode,
    /// Too many wrong codes; ask for a new one.
    OtpTooManyAttempts,
    /// Too many codes asked for; `detail` is the seconds until the next.
    OtpRateLimited,
    /// The text message could not be sent; try again later or ask at a window.
    SmsUnavailable,
    /// This kiosk has no card reader; type the ID number instead.
    NoCardReader,
    /// The card could not be read; lift it and place it again.
    CardUnreadable,
    /// The card reader does not answer; type the ID number, and tell staff.
    CardReaderUnavailable,
    /// Nobody is signed in at this desk (or the session ended after
    /// inactivity); sign in.
    SignInRequired,
    /// The signed-in role may not do this; ask a supervisor.
    NotPermitted,
    /// The username or password is wrong.
    WrongCredentials,
    /// Too many wrong passwords; `detail` is the minutes until the account
    /// unlocks.
    AccountLocked,
    /// The account is disabled; see the administrator.
    AccountDisabled,
    /// Offline, and this account never signed in here online; sign in once
    /// while the desk is online, or use a desk that is.
    OfflineNotCachedHere,
    /// Offline, and this desk's copy of the account is too old; sign in
    /// while online.
    OfflineCacheTooOld,
    /// The court server refused a delivery request; `detail` is its reason
    /// (`delivery_closed`, `phone_mismatch`, `not_due_for_paper`, ...).
    DeliveryRefused,
    /// No such delivery or document for the identified visitor (or this
    /// kiosk does not hold it and cannot fetch it).
    NoSuchDelivery,
    /// A court's published document failed the checks a litigant's PDF
    /// gets (`detail` is the check's code, as for `intake_refused`), so
    /// the kiosk does not show or print it: ask at a service window.
    DocumentUnsafe,
    /// The file was not accepted; `detail` is the check it failed
    /// (`unsupported_type`, `pdf_active_content`, `pdf_truncated`,
    /// `too_many_pixels`, `empty_file`, `too_large`, ...): say why and ask
    /// for another file.
    IntakeRefused,
    /// The scanner did not scan; `detail` is why (`no_scanner`, `jammed`,
    /// `cover_open`, `no_paper`, `scanner_busy`, `scan_timed_out`,
    /// `scan_failed`): fix the paper and try again, or use a USB stick.
    ScannerUnavailable,
    /// The camera took no photo; `detail` is why (`no_camera`,
    /// `camera_busy`, `camera_timed_out`, `camera_failed`): try again, or
    /// scan the paper instead.
    CameraUnavailable,
    /// The USB stick or the picked file cannot be read; `detail` is why
    /// (`usb_unavailable`, `usb_entry_unknown`, `usb_file_gone`,
    /// `usb_file_changed`, ...): insert the stick again and list it again.
    UsbUnavailable,
    /// No submission has this code (or id) here; check the code, or ask at
    /// a window.
    NoSuchSubmission,
    /// The court server does not hold the item yet (the kiosk has not
    /// uploaded it); try again in a moment.
    ItemNotUploaded,
    /// No draft saved by the identified person has this resume code;
    /// `detail` is how many more tries are allowed: check the slip.
    ResumeCodeWrong,
    /// Too many wrong resume codes; `detail` is the minutes until the next
    /// try is allowed.
    ResumeLocked,
    /// This kiosk has no locker; hand the papers in at a window.
    NoLocker,
    /// No compartment of that size (or larger) is free; choose another
    /// size, or hand the papers in at a window.
    LockerFull,
    /// A compartment's door did not open; tell staff, or hand the papers
    /// in at a window.
    LockerDoorJammed,
    /// The locker's controller does not answer; tell staff, or hand the
    /// papers in at a window.
    LockerUnavailable,
    /// The pickup code opens no compartment; `detail` is how many more
    /// tries are left before pickups lock.
    PickupCodeWrong,
    /// Too many wrong pickup codes; `detail` is the seconds until pickups
    /// unlock.
    PickupLocked,
}

/// The error every command returns: `{ code, message }`. `message` is a short
/// English description for logs and support, free of personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// What the UI needs to fill into its text for some codes: the rule a
    /// resident ID number broke, tries left, seconds or minutes to wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl ToString) -> Self {
        self.detail = Some(detail.to_string());
        self
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<courtdesk_store::StoreError> for ApiError {
    fn from(error: courtdesk_store::StoreError) -> Self {
        // The detail stays in the log; the UI gets the code and a summary.
        tracing::error!(error = %error, "terminal database error");
        ApiError::new(ErrorCode::Storage, "the terminal database failed")
    }
}

/// A command the UI may invoke, with the modes whose window may call it.
/// `src-tauri/capabilities/<mode>.json` must grant exactly these, which a test
/// checks, so a kiosk window can never reach a staff-only command.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub modes: &'static [Mode],
}

/// Every command, in the order the bindings list them.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "terminal_info",
        modes: &[Mode::Kiosk, Mode::Staff, Mode::Display],
    },
    CommandSpec {
        name: "kiosk_services",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "set_locale",
        modes: &[Mode::Staff, Mode::Display],
    },
    CommandSpec {
        name: "sync_status",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "sync_now",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "queue_offer",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "take_ticket",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "desk_board",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_act",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_setup",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_book_appointment",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_reprint",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "check_in",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "hall_board",
        modes: &[Mode::Display],
    },
    CommandSpec {
        name: "identity_request_code",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "identity_verify_code",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "identity_read_card",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "identity_current",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "visit_finish",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "staff_sign_in",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "staff_sign_out",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "staff_current",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "delivery_list",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "delivery_document",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "delivery_event",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "delivery_print",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "desk_deliveries",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_publish_delivery",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_print_paper",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "intake_start",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_draft",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_discard",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_usb_list",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_usb_add",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_scan",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_set_material",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_remove_item",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_resolve_duplicate",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_submit",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_status",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_cases",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_photo",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_item",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_rescan_page",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_save_draft",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_resume_draft",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "desk_intake_queue",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_intake_submission",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_intake_item",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_intake_uploads",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "desk_intake_decide",
        modes: &[Mode::Staff],
    },
    CommandSpec {
        name: "intake_locker_open",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_locker_deposit",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "intake_locker_cancel",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "locker_collect",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "desk_intake_locker_slip",
        modes: &[Mode::Staff],
    },
];

/// The commands a window of `mode` may call.
pub fn commands_for(mode: Mode) -> impl Iterator<Item = &'static str> {
    COMMANDS
        .iter()
        .filter(move |spec| spec.modes.contains(&mode))
        .map(|spec| spec.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialize_as_code_and_message() {
        let json = serde_json::to_value(ApiError::new(ErrorCode::Storage, "disk full"))
            .expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({ "code": "storage", "message": "disk full" })
        );
    }

    #[test]
    fn every_mode_can_at_least_describe_itself() {
        for mode in Mode::ALL {
            assert!(commands_for(mode).any(|name| name == "terminal_info"));
        }
    }

    #[test]
    fn a_kiosk_cannot_change_the_remembered_language() {
        assert!(!commands_for(Mode::Kiosk).any(|name| name == "set_locale"));
    }
}
