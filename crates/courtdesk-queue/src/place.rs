//! A waiting ticket's place in its service's queue at a given moment: its
//! lane and the time it queues from. Calling and the waiting list share it.

use courtdesk_protocol::hlc::Hlc;

use crate::{CallLane, QueueRules, Standing, Ticket, TicketId, TicketStatus};

/// Where a waiting ticket stands at one moment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    pub(crate) ticket: &'a Ticket,
    pub(crate) lane: CallLane,
    /// The time the ticket queues from: its issue time for a walk-in, the
    /// slot for an appointment.
    pub(crate) queued_ms: u64,
}

impl<'a> Place<'a> {
    /// The order within a lane: queue time, then issue stamp, then id, so that
    /// ties fall back to issue order and the order is total.
    pub(crate) fn key(&self) -> (u64, Hlc, &'a TicketId) {
        (self.queued_ms, self.ticket.issued_at, &self.ticket.id)
    }

    /// The place of `ticket` at `now_ms`, or `None` when it cannot be called
    /// by "call next": it is not waiting, or its holder has not checked in.
    pub(crate) fn of(ticket: &'a Ticket, rules: &QueueRules, now_ms: u64) -> Option<Place<'a>> {
        if ticket.status != TicketStatus::Waiting || ticket.awaits_check_in() {
            return None;
        }
        let issued_ms = ticket.issued_at.wall_ms;
        // A transferred ticket keeps its original issue time and competes as a
        // walk-in: the appointment was for the service it left.
        let standing = match (ticket.appointment, ticket.checked_in_ms) {
            (Some(appointment), Some(checked_in_ms)) if ticket.transferred_from.is_none() => rules
                .appointment
                .standing(appointment, issued_ms, checked_in_ms, now_ms),
            _ => Standing::WalkIn {
                queued_ms: issued_ms,
            },
        };
        let (lane, queued_ms) = match standing {
            Standing::Appointment { slot_ms } => (CallLane::Appointment, slot_ms),
            Standing::WalkIn { queued_ms } if ticket.priority.is_priority() => {
                (CallLane::Priority, queued_ms)
            }
            Standing::WalkIn { queued_ms }
                if now_ms.saturating_sub(queued_ms) > rules.aged_after_ms() =>
            {
                (CallLane::Aged, queued_ms)
            }
            Standing::WalkIn { queued_ms } => (CallLane::Normal, queued_ms),
        };
        Some(Place {
            ticket,
            lane,
            queued_ms,
        })
    }
}
