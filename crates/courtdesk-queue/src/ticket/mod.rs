//! A queue ticket: whom it serves, where it waits and what has happened to it.

mod status;
mod transition;

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;
use serde::{Deserialize, Serialize};

use crate::{Appointment, Issue, QueueServiceId, ServiceDay, TicketId, TicketNumber, WindowId};

pub use status::{Call, StatusKind, TicketStatus};
pub use transition::TransitionError;

#[cfg(test)]
mod tests;

/// Who goes ahead of the normal queue (within the fairness limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityClass {
    Normal,
    Elderly,
    Disabled,
    Pregnant,
}

impl PriorityClass {
    pub fn is_priority(self) -> bool {
        self != PriorityClass::Normal
    }
}

/// Where a transferred ticket came from, for the staff screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferOrigin {
    pub service: QueueServiceId,
    pub window: Option<WindowId>,
}

/// A ticket as the merged events describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    /// The service whose queue the ticket waits in now.
    pub service: QueueServiceId,
    /// The service whose number the ticket carries; a transfer does not
    /// change it, and numbers are unique per this service and day.
    pub issued_for: QueueServiceId,
    pub number: TicketNumber,
    pub day: ServiceDay,
    pub priority: PriorityClass,
    pub appointment: Option<Appointment>,
    /// When the appointment holder reported present, in epoch milliseconds.
    pub checked_in_ms: Option<u64>,
    pub issued_at: Hlc,
    pub issued_by: TerminalId,
    /// How many were waiting in the service when the ticket was issued, as
    /// printed on it.
    pub people_ahead: u32,
    /// The only window that may call the ticket next, after a transfer to a
    /// window; `None` lets every window of the service call it.
    pub window: Option<WindowId>,
    pub transferred_from: Option<TransferOrigin>,
    pub status: TicketStatus,
    /// Whether the ticket is known only from a desk's claim of its printed
    /// number, its issue not merged yet: its priority and people ahead are
    /// then unknown (taken as normal and none).
    pub claimed: bool,
}

impl Ticket {
    /// The ticket an `Issued` event creates.
    pub fn issue(id: TicketId, issue: &Issue, origin: &TerminalId, at: Hlc) -> Ticket {
        Ticket {
            id,
            service: issue.service.clone(),
            issued_for: issue.service.clone(),
            number: issue.number,
            day: issue.day,
            priority: issue.priority,
            appointment: issue.appointment,
            checked_in_ms: None,
            issued_at: at,
            issued_by: origin.clone(),
            people_ahead: issue.people_ahead,
            window: None,
            transferred_from: None,
            status: TicketStatus::Waiting,
            claimed: false,
        }
    }

    /// Whether the ticket holds an appointment whose holder has not reported
    /// present yet; such a ticket is not called by "call next". A transferred
    /// ticket never waits for a check-in: a clerk has seen its holder.
    pub fn awaits_check_in(&self) -> bool {
        self.appointment.is_some()
            && self.checked_in_ms.is_none()
            && self.transferred_from.is_none()
    }

    /// Whether the ticket counts as issued: every ticket but a voided one.
    pub fn counts_as_issued(&self) -> bool {
        !matches!(self.status, TicketStatus::Voided { .. })
    }
}
