//! Where a ticket is in its life: waiting, called to a window, served,
//! finished, or out of the queue for another reason.

use std::fmt;

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;
use serde::{Deserialize, Serialize};

use crate::{CallLane, OutcomeCode, WindowId};

/// A call of a ticket to a window, held by the desk terminal that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub window: WindowId,
    pub desk: TerminalId,
    pub at: Hlc,
    /// How many times the call was announced again.
    pub recalls: u8,
    /// Why the ticket was called ahead of others, for the fairness rule and
    /// the audit.
    pub lane: CallLane,
}

/// A ticket's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TicketStatus {
    /// In its service's queue (also after a transfer or a resume).
    Waiting,
    /// Called to a window; the litigant is on the way.
    Called(Call),
    /// At the window.
    Serving { call: Call, started: Hlc },
    Finished {
        call: Call,
        started: Hlc,
        finished: Hlc,
        outcome: OutcomeCode,
    },
    /// Called, never came.
    NoShow { call: Call, at: Hlc },
    /// Out of the queue for a while (the litigant went to fetch a document);
    /// resuming puts it back in its place by issue order.
    Parked { since: Hlc },
    /// The ticket failed to print; it never counted as issued.
    Voided { at: Hlc },
}

/// The name of a [`TicketStatus`], without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Waiting,
    Called,
    Serving,
    Finished,
    NoShow,
    Parked,
    Voided,
}

impl TicketStatus {
    pub fn kind(&self) -> StatusKind {
        match self {
            TicketStatus::Waiting => StatusKind::Waiting,
            TicketStatus::Called(_) => StatusKind::Called,
            TicketStatus::Serving { .. } => StatusKind::Serving,
            TicketStatus::Finished { .. } => StatusKind::Finished,
            TicketStatus::NoShow { .. } => StatusKind::NoShow,
            TicketStatus::Parked { .. } => StatusKind::Parked,
            TicketStatus::Voided { .. } => StatusKind::Voided,
        }
    }

    /// The call a desk holds on the ticket, while it holds one.
    pub fn held_call(&self) -> Option<&Call> {
        match self {
            TicketStatus::Called(call) | TicketStatus::Serving { call, .. } => Some(call),
            _ => None,
        }
    }
}

impl fmt::Display for StatusKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StatusKind::Waiting => "waiting",
            StatusKind::Called => "called",
            StatusKind::Serving => "being served",
            StatusKind::Finished => "finished",
            StatusKind::NoShow => "a no-show",
            StatusKind::Parked => "parked",
            StatusKind::Voided => "voided",
        })
    }
}
