//! "Call next" at a window: appointments first, then priority with fairness
//! to normal tickets, then issue order. Also "call this ticket".

use serde::{Deserialize, Serialize};

use crate::place::Place;
use crate::{
    QueueServiceId, QueueState, ServiceDay, StatusKind, TicketChange, TicketId, TicketNumber,
    WindowId,
};

/// Why a ticket was called: the lane it was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallLane {
    /// A checked-in appointment on time.
    Appointment,
    /// A ticket of a priority class (elderly, disabled, pregnant).
    Priority,
    /// A normal ticket that waited too long and is called as a priority one.
    Aged,
    Normal,
    /// A ticket the clerk picked by hand.
    Chosen,
}

/// A window of the hall and the services it calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceWindow {
    pub id: WindowId,
    pub services: Vec<QueueServiceId>,
}

/// The lanes of a window's recent calls, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallHistory {
    lanes: Vec<CallLane>,
}

impl CallHistory {
    /// Enough calls to see any streak a sensible limit allows.
    pub const KEPT: usize = 16;

    pub fn new(lanes: impl IntoIterator<Item = CallLane>) -> Self {
        let mut history = CallHistory::default();
        lanes.into_iter().for_each(|lane| history.push(lane));
        history
    }

    pub fn push(&mut self, lane: CallLane) {
        if self.lanes.len() == Self::KEPT {
            self.lanes.remove(0);
        }
        self.lanes.push(lane);
    }

    pub fn lanes(&self) -> &[CallLane] {
        &self.lanes
    }

    /// How many priority-class tickets the window called in a row, most
    /// recent first. A normal ticket (aged or not) ends the streak;
    /// appointments and hand-picked tickets neither end nor extend it, since
    /// neither was taken from a normal ticket by the priority rule.
    pub fn priority_streak(&self) -> usize {
        self.lanes
            .iter()
            .rev()
            .filter(|lane| !matches!(lane, CallLane::Appointment | CallLane::Chosen))
            .take_while(|lane| **lane == CallLane::Priority)
            .count()
    }
}

/// The ticket to call and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallPick {
    pub ticket: TicketId,
    pub number: TicketNumber,
    pub lane: CallLane,
}

impl CallPick {
    /// The change that records this call at `window`.
    pub fn change(&self, window: WindowId) -> TicketChange {
        TicketChange::Called {
            window,
            lane: self.lane,
        }
    }
}

/// A hand-picked ticket that cannot be called.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("ticket {ticket} is unknown")]
    UnknownTicket { ticket: TicketId },
    #[error("ticket {number} is {status}, not waiting")]
    NotWaiting {
        number: TicketNumber,
        status: StatusKind,
    },
}

/// The ticket `window` should call next on `day` at `now_ms`, given the
/// window's recent calls, or `None` when nobody is waiting for it.
///
/// A ticket is a candidate if it is waiting on `day`, its holder has checked
/// in (for appointments), and it waits either for this window (after a
/// transfer to a window) or, with no window of its own, for one of the
/// window's services. Among candidates:
///
/// 1. checked-in appointments on time, by slot;
/// 2. priority-class tickets and normal tickets that waited longer than the
///    aged limit, together by queue time, unless the window has already called
///    `priority_streak_limit` priority-class tickets in a row and a normal
///    ticket is waiting: then the longest-waiting normal ticket;
/// 3. normal tickets by queue time.
///
/// Ties always fall back to issue order.
pub fn next_call(
    state: &QueueState,
    window: &ServiceWindow,
    history: &CallHistory,
    day: ServiceDay,
    now_ms: u64,
) -> Option<CallPick> {
    let rules = state.rules();
    let candidates: Vec<Place<'_>> = state
        .tickets()
        .filter(|ticket| ticket.day == day)
        .filter(|ticket| match ticket.window {
            Some(own) => own == window.id,
            None => window.services.contains(&ticket.service),
        })
        .filter_map(|ticket| Place::of(ticket, rules, now_ms))
        .collect();
    let first = |lanes: &[CallLane]| {
        candidates
            .iter()
            .filter(|place| lanes.contains(&place.lane))
            .min_by_key(|place| place.key())
    };
    let appointment = first(&[CallLane::Appointment]);
    let priority = first(&[CallLane::Priority, CallLane::Aged]);
    let normal = first(&[CallLane::Aged, CallLane::Normal]);
    let streak_spent = history.priority_streak() >= usize::from(rules.priority_streak_limit);
    let pick = appointment.or_else(|| {
        if streak_spent && normal.is_some() {
            normal
        } else {
            priority.or(normal)
        }
    })?;
    Some(CallPick {
        ticket: pick.ticket.id.clone(),
        number: pick.ticket.number,
        lane: pick.lane,
    })
}

/// Calls a ticket the clerk picked, whatever its lane or service, as long as
/// it is waiting.
pub fn call_chosen(state: &QueueState, ticket: &TicketId) -> Result<CallPick, CallError> {
    let found = state
        .ticket(ticket)
        .ok_or_else(|| CallError::UnknownTicket {
            ticket: ticket.clone(),
        })?;
    let status = found.status.kind();
    if status != StatusKind::Waiting {
        return Err(CallError::NotWaiting {
            number: found.number,
            status,
        });
    }
    Ok(CallPick {
        ticket: found.id.clone(),
        number: found.number,
        lane: CallLane::Chosen,
    })
}

#[cfg(test)]
mod tests;
