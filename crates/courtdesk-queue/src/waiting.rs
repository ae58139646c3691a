//! The waiting list of one service for the staff screen, with how long each
//! ticket has waited.

use serde::{Deserialize, Serialize};

use crate::place::Place;
use crate::{
    CallLane, PriorityClass, QueueServiceId, QueueState, ServiceDay, Ticket, TicketId,
    TicketNumber, TicketStatus, TransferOrigin, WindowId,
};

/// Where a listed ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "waiting", rename_all = "snake_case")]
pub enum WaitingStatus {
    /// Callable now, from this lane.
    Ready {
        lane: CallLane,
    },
    /// An appointment whose holder has not reported present.
    AwaitingCheckIn,
    Parked,
}

/// One line of the waiting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingEntry {
    pub ticket: TicketId,
    pub number: TicketNumber,
    pub priority: PriorityClass,
    pub status: WaitingStatus,
    /// Time since issue (not since a transfer or a check-in): what the
    /// litigant has actually spent in the hall.
    pub waited_ms: u64,
    /// The window the ticket was transferred to, if any.
    pub window: Option<WindowId>,
    pub transferred_from: Option<TransferOrigin>,
}

/// The tickets waiting in `service` on `day` at `now_ms`: first the callable
/// ones in the order a window with no recent priority calls would call them
/// (appointments, then priority and aged tickets, then normal ones), then
/// appointments awaiting check-in by slot, then parked tickets by issue.
pub fn waiting_list(
    state: &QueueState,
    service: &QueueServiceId,
    day: ServiceDay,
    now_ms: u64,
) -> Vec<WaitingEntry> {
    let tickets: Vec<&Ticket> = state
        .tickets()
        .filter(|t| t.day == day && &t.service == service)
        .collect();
    let mut ready: Vec<Place<'_>> = tickets
        .iter()
        .filter_map(|t| Place::of(t, state.rules(), now_ms))
        .collect();
    ready.sort_by_key(|place| (lane_rank(place.lane), place.key()));
    let mut awaiting: Vec<&Ticket> = tickets
        .iter()
        .copied()
        .filter(|t| t.status == TicketStatus::Waiting && t.awaits_check_in())
        .collect();
    awaiting.sort_by_key(|t| (t.appointment.map(|a| a.slot_ms), t.issued_at, &t.id));
    let mut parked: Vec<&Ticket> = tickets
        .iter()
        .copied()
        .filter(|t| matches!(t.status, TicketStatus::Parked { .. }))
        .collect();
    parked.sort_by_key(|t| (t.issued_at, &t.id));

    let entry = |ticket: &Ticket, status| WaitingEntry {
        ticket: ticket.id.clone(),
        number: ticket.number,
        priority: ticket.priority,
        status,
        waited_ms: now_ms.saturating_sub(ticket.issued_at.wall_ms),
        window: ticket.window,
        transferred_from: ticket.transferred_from.clone(),
    };
    let ready = ready
        .iter()
        .map(|place| entry(place.ticket, WaitingStatus::Ready { lane: place.lane }));
    let awaiting = awaiting
        .into_iter()
        .map(|t| entry(t, WaitingStatus::AwaitingCheckIn));
    let parked = parked.into_iter().map(|t| entry(t, WaitingStatus::Parked));
    ready.chain(awaiting).chain(parked).collect()
}

/// Lanes in the order a window with no recent priority calls serves them,
/// priority and aged tickets sharing one.
fn lane_rank(lane: CallLane) -> u8 {
    match lane {
        CallLane::Appointment => 0,
        CallLane::Priority | CallLane::Aged => 1,
        CallLane::Normal | CallLane::Chosen => 2,
    }
}

#[cfg(test)]
mod tests;
