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
}

/// The error every command returns: `{ code, message }`. `message` is a short
/// English description for logs and support, free of personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
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
        name: "check_in",
        modes: &[Mode::Kiosk],
    },
    CommandSpec {
        name: "hall_board",
        modes: &[Mode::Display],
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
