//! Queue figures: what happened to each ticket ([`TicketFacts`], extracted
//! from the merged queue events by [`ticket_facts`]) and the per-day tallies
//! the report adds up ([`QueueDay`]).

mod extract;
mod tally;

use courtdesk_queue::{OutcomeCode, PriorityClass, QueueServiceId, TicketId, WindowId};
use serde::{Deserialize, Serialize};

use crate::Clerk;

pub use extract::ticket_facts;
pub(crate) use tally::record;
pub use tally::{Arrival, QueueDay, QueueTally};

/// Where and by whom a ticket was called, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFacts {
    pub at_ms: u64,
    /// The service whose queue the ticket was called from.
    pub service: QueueServiceId,
    pub window: WindowId,
    /// The clerk signed in at the calling desk, when the adapter knows it;
    /// queue events name the desk terminal, not the person.
    pub clerk: Option<Clerk>,
}

/// The serving that ended the ticket's life in the queue: the last one, as
/// a transfer of a ticket being served starts it over in another service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServingFacts {
    pub started_ms: u64,
    /// `None` while the ticket is still at the window.
    pub finished_ms: Option<u64>,
    pub outcome: Option<OutcomeCode>,
    pub service: QueueServiceId,
    pub window: WindowId,
    pub clerk: Option<Clerk>,
}

/// Everything the figures need to know about one ticket, with every time in
/// epoch milliseconds as the terminal that did it stamped it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFacts {
    pub ticket: TicketId,
    /// The service the ticket was issued for (its number's service).
    pub service: QueueServiceId,
    pub priority: PriorityClass,
    pub appointment: bool,
    /// When the kiosk issued the ticket (or when a desk took it in by its
    /// printed number, if the issue never arrived).
    pub issued_ms: u64,
    /// When the appointment holder reported present.
    pub checked_in_ms: Option<u64>,
    pub first_call: Option<CallFacts>,
    /// The first transfer, and how many there were.
    pub first_transfer_ms: Option<u64>,
    pub transfers: u32,
    /// The call the litigant did not answer, stamped when the no-show was
    /// recorded.
    pub no_show: Option<CallFacts>,
    pub serving: Option<ServingFacts>,
    /// When the ticket was voided because it failed to print.
    pub voided_ms: Option<u64>,
}

impl TicketFacts {
    /// When the litigant's wait began: at check-in for an appointment (the
    /// ticket may be printed long before the holder is due), at issue
    /// otherwise.
    pub fn wait_start_ms(&self) -> u64 {
        match (self.appointment, self.checked_in_ms) {
            (true, Some(checked_in)) => checked_in.max(self.issued_ms),
            _ => self.issued_ms,
        }
    }
}
