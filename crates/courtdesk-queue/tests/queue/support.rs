//! Shared builders for the integration tests.

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;
use courtdesk_queue::{
    ChangeKind, QueueEvent, QueueServiceId, ServiceDay, StatusKind, TicketChange, TicketId,
};

pub(crate) const MIN: u64 = 60_000;
/// 2025-03-07 09:00 in Beijing.
pub(crate) const NINE_AM: u64 = 1_741_309_200_000;

pub(crate) fn day() -> ServiceDay {
    ServiceDay::new(2025, 3, 7).expect("a real date")
}

pub(crate) fn service(name: &str) -> QueueServiceId {
    name.parse().expect("a valid service slug")
}

pub(crate) fn ticket_id(name: &str) -> TicketId {
    name.parse().expect("a valid ticket id")
}

pub(crate) fn terminal(n: u128) -> TerminalId {
    TerminalId::from_bits(n)
}

pub(crate) fn event(
    id: &str,
    hlc: Hlc,
    origin: &TerminalId,
    ticket: &str,
    change: TicketChange,
) -> QueueEvent {
    QueueEvent {
        clerk: None,
        id: id.parse().expect("a valid event id"),
        hlc,
        origin: origin.clone(),
        ticket: ticket_id(ticket),
        change,
    }
}

/// The legal moves of a ticket, written out independently of the crate.
pub(crate) fn legal(from: Option<StatusKind>, change: ChangeKind, to: StatusKind) -> bool {
    use ChangeKind as C;
    use StatusKind as S;
    matches!(
        (from, change, to),
        (None, C::Issued, S::Waiting)
            | (Some(S::Waiting), C::CheckedIn, S::Waiting)
            | (Some(S::Waiting), C::Called, S::Called)
            | (Some(S::Called), C::Recalled, S::Called)
            | (Some(S::Called), C::NoShow, S::NoShow)
            | (Some(S::Called), C::ServingStarted, S::Serving)
            | (Some(S::Serving), C::Finished, S::Finished)
            | (Some(S::Waiting | S::Called), C::Parked, S::Parked)
            | (Some(S::Parked), C::Resumed, S::Waiting)
            | (
                Some(S::Waiting | S::Parked | S::Called | S::Serving),
                C::Transferred,
                S::Waiting
            )
            | (Some(S::Waiting), C::Voided, S::Voided)
    )
}
