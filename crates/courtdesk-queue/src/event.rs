//! The queue's events: every change to a ticket, stamped by the terminal that
//! made it, and the total order in which every terminal applies them.

use std::fmt;

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;
use serde::{Deserialize, Serialize};

use crate::{
    Appointment, CallLane, EventId, OutcomeCode, PriorityClass, QueueServiceId, ServiceDay,
    TicketId, TicketNumber, WindowId,
};

/// One change to one ticket, as recorded by the terminal where it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEvent {
    pub id: EventId,
    pub hlc: Hlc,
    /// The terminal that recorded the event: the kiosk for an issue, the desk
    /// for a call.
    pub origin: TerminalId,
    pub ticket: TicketId,
    pub change: TicketChange,
    /// The clerk signed in at the desk that made it (their account's
    /// username); `None` for a kiosk's events and those of before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk: Option<String>,
}

/// What an `Issued` event says about the new ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub service: QueueServiceId,
    pub number: TicketNumber,
    pub day: ServiceDay,
    pub priority: PriorityClass,
    pub appointment: Option<Appointment>,
    pub people_ahead: u32,
}

/// The change an event makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TicketChange {
    Issued(Issue),
    /// The appointment holder reported present (at the event's wall time).
    CheckedIn,
    Called {
        window: WindowId,
        lane: CallLane,
    },
    /// The same call announced again.
    Recalled,
    NoShow,
    Parked,
    Resumed,
    Transferred {
        service: QueueServiceId,
        window: Option<WindowId>,
    },
    ServingStarted,
    Finished {
        outcome: OutcomeCode,
    },
    Voided,
    /// A desk took in a printed ticket by its number before the ticket's
    /// issue reached it: the desk was cut off from the kiosk that printed
    /// it. The event names the ticket by its number's own id
    /// ([`TicketId::for_number`]), so the issue, whenever it arrives, names
    /// the same ticket and fills in what the desk could not know.
    Claimed(Claim),
}

/// What a `Claimed` event knows of a ticket: what its slip shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub service: QueueServiceId,
    pub number: TicketNumber,
    pub day: ServiceDay,
}

/// The name of a [`TicketChange`]. Its declaration order is the third key of
/// the event order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Issued,
    CheckedIn,
    Called,
    Recalled,
    NoShow,
    Parked,
    Resumed,
    Transferred,
    ServingStarted,
    Finished,
    Voided,
    Claimed,
}

impl TicketChange {
    pub fn kind(&self) -> ChangeKind {
        match self {
            TicketChange::Issued(_) => ChangeKind::Issued,
            TicketChange::CheckedIn => ChangeKind::CheckedIn,
            TicketChange::Called { .. } => ChangeKind::Called,
            TicketChange::Recalled => ChangeKind::Recalled,
            TicketChange::NoShow => ChangeKind::NoShow,
            TicketChange::Parked => ChangeKind::Parked,
            TicketChange::Resumed => ChangeKind::Resumed,
            TicketChange::Transferred { .. } => ChangeKind::Transferred,
            TicketChange::ServingStarted => ChangeKind::ServingStarted,
            TicketChange::Finished { .. } => ChangeKind::Finished,
            TicketChange::Voided => ChangeKind::Voided,
            TicketChange::Claimed(_) => ChangeKind::Claimed,
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeKind::Issued => "issued",
            ChangeKind::CheckedIn => "checked in",
            ChangeKind::Called => "called",
            ChangeKind::Recalled => "recalled",
            ChangeKind::NoShow => "marked a no-show",
            ChangeKind::Parked => "parked",
            ChangeKind::Resumed => "resumed",
            ChangeKind::Transferred => "transferred",
            ChangeKind::ServingStarted => "served",
            ChangeKind::Finished => "finished",
            ChangeKind::Voided => "voided",
            ChangeKind::Claimed => "taken in by its number",
        })
    }
}

/// An event's place in the one order every terminal applies events in:
/// by hybrid logical clock, then origin terminal, then kind, then event id.
/// Distinct events never compare equal, so the order is total.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventOrder {
    pub hlc: Hlc,
    pub origin: TerminalId,
    pub kind: ChangeKind,
    pub id: EventId,
}

impl QueueEvent {
    pub fn order(&self) -> EventOrder {
        EventOrder {
            hlc: self.hlc,
            origin: self.origin.clone(),
            kind: self.change.kind(),
            id: self.id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialize_with_a_kind_tag_the_store_can_index() {
        let event = QueueEvent {
            clerk: None,
            id: "e1".parse().expect("valid id"),
            hlc: Hlc {
                wall_ms: 5,
                counter: 0,
            },
            origin: TerminalId::from_bits(1),
            ticket: "t1".parse().expect("valid id"),
            change: TicketChange::Called {
                window: WindowId(3),
                lane: CallLane::Normal,
            },
        };
        let json = serde_json::to_value(&event).expect("serializes");
        assert_eq!(json["change"]["kind"], "called");
        assert_eq!(json["change"]["window"], 3);
        let back: QueueEvent = serde_json::from_value(json).expect("parses");
        assert_eq!(back, event);
    }

    #[test]
    fn the_clock_decides_before_the_terminal_and_the_terminal_before_the_kind() {
        let order = |wall_ms, origin, kind, id: &str| EventOrder {
            hlc: Hlc {
                wall_ms,
                counter: 0,
            },
            origin: TerminalId::from_bits(origin),
            kind,
            id: id.parse().expect("valid id"),
        };
        assert!(order(1, 9, ChangeKind::Voided, "z") < order(2, 1, ChangeKind::Issued, "a"));
        assert!(order(1, 1, ChangeKind::Voided, "z") < order(1, 2, ChangeKind::Issued, "a"));
        assert!(order(1, 1, ChangeKind::Called, "z") < order(1, 1, ChangeKind::Recalled, "a"));
        assert!(order(1, 1, ChangeKind::Called, "a") < order(1, 1, ChangeKind::Called, "b"));
    }
}
