//! The queue's state, built by applying events in their total order. Every
//! terminal that has the same events builds the same state.

mod queries;

use std::collections::{BTreeMap, BTreeSet};

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;
use serde::{Deserialize, Serialize};

use crate::{
    CallHistory, ChangeKind, EventId, EventOrder, QueueEvent, QueueRules, QueueServiceId,
    ServiceDay, StatusKind, Ticket, TicketChange, TicketId, TicketNumber, TransitionError,
    WindowId,
};

/// Tickets and the refused events, as of the last event applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueState {
    rules: QueueRules,
    tickets: BTreeMap<TicketId, Ticket>,
    /// Who holds each number: (service of the number, day, number).
    numbers: BTreeMap<(QueueServiceId, ServiceDay, u32), TicketId>,
    conflicts: Vec<Conflict>,
    calls: BTreeMap<(ServiceDay, WindowId), CallHistory>,
    /// Every event applied or refused, so that a redelivered event is a no-op.
    seen: BTreeSet<EventId>,
    last: Option<EventOrder>,
}

/// What applying an event did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "applied", rename_all = "snake_case")]
pub enum Applied {
    Changed {
        ticket: TicketId,
        change: ChangeKind,
        /// `None` for the event that issued the ticket.
        from: Option<StatusKind>,
        to: StatusKind,
    },
    /// The event was applied or refused before; nothing changed.
    AlreadySeen,
    /// The event was legal but had nothing to change: a desk's claim of a
    /// ticket whose issue it had already merged.
    Unchanged { ticket: TicketId },
}

/// Why an event was not applied. Every refusal but `OutOfOrder` is recorded
/// as a [`Conflict`] in the state; the ticket itself is left unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// The event sorts before one already applied, so applying it now would
    /// break the order every terminal follows; merge it through
    /// [`QueueLog`](crate::QueueLog), which replays. Not recorded.
    #[error("event {event} sorts before the last applied event")]
    OutOfOrder { event: EventId },
    #[error("ticket {ticket} is unknown")]
    UnknownTicket { ticket: TicketId },
    #[error("ticket {ticket} was already issued")]
    TicketExists { ticket: TicketId },
    #[error("number {number} of {service} on {day} is already held by ticket {holder}")]
    NumberTaken {
        service: QueueServiceId,
        day: ServiceDay,
        number: TicketNumber,
        holder: TicketId,
    },
    #[error("ticket {ticket} refused to be changed")]
    Transition {
        ticket: TicketId,
        #[source]
        source: TransitionError,
    },
}

/// A refused event, kept for the staff screen and the audit: typically the
/// later of two calls of one ticket made at two desks during a network split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub event: EventId,
    pub hlc: Hlc,
    pub origin: TerminalId,
    pub ticket: TicketId,
    pub change: ChangeKind,
    pub refusal: Refusal,
}

impl QueueState {
    pub fn new(rules: QueueRules) -> Self {
        QueueState {
            rules,
            tickets: BTreeMap::new(),
            numbers: BTreeMap::new(),
            conflicts: Vec::new(),
            calls: BTreeMap::new(),
            seen: BTreeSet::new(),
            last: None,
        }
    }

    /// The state a set of events leads to, whatever order they come in:
    /// they are sorted into the event order first.
    pub fn from_events<'a>(
        rules: QueueRules,
        events: impl IntoIterator<Item = &'a QueueEvent>,
    ) -> Self {
        let mut sorted: Vec<(EventOrder, &QueueEvent)> =
            events.into_iter().map(|e| (e.order(), e)).collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut state = QueueState::new(rules);
        for (_, event) in sorted {
            // Refusals are recorded in the state; out-of-order cannot happen
            // on sorted input.
            let _ = state.apply(event);
        }
        state
    }

    /// Applies the next event of the total order. A refused event leaves
    /// every ticket unchanged and is recorded as a [`Conflict`].
    pub fn apply(&mut self, event: &QueueEvent) -> Result<Applied, Refusal> {
        if self.seen.contains(&event.id) {
            return Ok(Applied::AlreadySeen);
        }
        let order = event.order();
        if self.last.as_ref().is_some_and(|last| &order <= last) {
            return Err(Refusal::OutOfOrder {
                event: event.id.clone(),
            });
        }
        self.seen.insert(event.id.clone());
        self.last = Some(order);
        let outcome = self.change(event);
        if let Err(refusal) = &outcome {
            self.conflicts.push(Conflict {
                event: event.id.clone(),
                hlc: event.hlc,
                origin: event.origin.clone(),
                ticket: event.ticket.clone(),
                change: event.change.kind(),
                refusal: refusal.clone(),
            });
        }
        outcome
    }

    /// Whether `event` would be applied if it came next, without applying
    /// it: what a terminal asks before it records an action, at the cost of
    /// one ticket's transition rather than a copy of the state.
    pub fn check(&self, event: &QueueEvent) -> Result<(), Refusal> {
        if self.seen.contains(&event.id) {
            return Ok(());
        }
        if self
            .last
            .as_ref()
            .is_some_and(|last| event.order() <= *last)
        {
            return Err(Refusal::OutOfOrder {
                event: event.id.clone(),
            });
        }
        let id = &event.ticket;
        match &event.change {
            TicketChange::Issued(issue) => return self.check_issue(id, issue).map(|_| ()),
            TicketChange::Claimed(claim) => return self.check_claim(id, claim).map(|_| ()),
            _ => {}
        }
        let ticket = self
            .tickets
            .get(id)
            .ok_or_else(|| Refusal::UnknownTicket { ticket: id.clone() })?;
        ticket
            .after(&event.change, &event.origin, event.hlc, &self.rules)
            .map(|_| ())
            .map_err(|source| Refusal::Transition {
                ticket: id.clone(),
                source,
            })
    }

    /// Refuses an issue whose ticket exists or whose number is taken;
    /// returns the number's key otherwise.
    fn check_issue(
        &self,
        id: &TicketId,
        issue: &crate::Issue,
    ) -> Result<(QueueServiceId, ServiceDay, u32), Refusal> {
        if let Some(ticket) = self.tickets.get(id) {
            // The issue of a ticket a desk claimed by its number completes it.
            let completes = ticket.claimed
                && ticket.issued_for == issue.service
                && ticket.day == issue.day
                && ticket.number == issue.number;
            return if completes {
                Ok((issue.service.clone(), issue.day, issue.number.number()))
            } else {
                Err(Refusal::TicketExists { ticket: id.clone() })
            };
        }
        let key = (issue.service.clone(), issue.day, issue.number.number());
        if let Some(holder) = self.numbers.get(&key) {
            return Err(Refusal::NumberTaken {
                service: issue.service.clone(),
                day: issue.day,
                number: issue.number,
                holder: holder.clone(),
            });
        }
        Ok(key)
    }

    /// Refuses a claim whose id is not its number's own, or whose number is
    /// held by another ticket. Returns whether the ticket is new: a claim of
    /// a ticket already known (issued or claimed) changes nothing.
    fn check_claim(&self, id: &TicketId, claim: &crate::Claim) -> Result<bool, Refusal> {
        if *id != TicketId::for_number(&claim.service, claim.day, claim.number) {
            return Err(Refusal::UnknownTicket { ticket: id.clone() });
        }
        let key = (claim.service.clone(), claim.day, claim.number.number());
        match self.numbers.get(&key) {
            Some(holder) if holder == id => Ok(false),
            Some(holder) => Err(Refusal::NumberTaken {
                service: claim.service.clone(),
                day: claim.day,
                number: claim.number,
                holder: holder.clone(),
            }),
            None => Ok(true),
        }
    }

    fn change(&mut self, event: &QueueEvent) -> Result<Applied, Refusal> {
        let id = &event.ticket;
        if let TicketChange::Claimed(claim) = &event.change {
            if !self.check_claim(id, claim)? {
                return Ok(Applied::Unchanged { ticket: id.clone() });
            }
            let issue = crate::Issue {
                service: claim.service.clone(),
                number: claim.number,
                day: claim.day,
                priority: crate::PriorityClass::Normal,
                appointment: None,
                people_ahead: 0,
            };
            self.numbers.insert(
                (claim.service.clone(), claim.day, claim.number.number()),
                id.clone(),
            );
            let mut ticket = Ticket::issue(id.clone(), &issue, &event.origin, event.hlc);
            ticket.claimed = true;
            self.tickets.insert(id.clone(), ticket);
            return Ok(Applied::Changed {
                ticket: id.clone(),
                change: ChangeKind::Claimed,
                from: None,
                to: StatusKind::Waiting,
            });
        }
        if let TicketChange::Issued(issue) = &event.change {
            let key = self.check_issue(id, issue)?;
            if let Some(ticket) = self.tickets.get_mut(id) {
                // Completes a claimed ticket where it stands now: its issue
                // brings the class, appointment and people ahead it printed.
                ticket.priority = issue.priority;
                ticket.appointment = issue.appointment;
                ticket.people_ahead = issue.people_ahead;
                ticket.issued_by = event.origin.clone();
                ticket.claimed = false;
                let status = ticket.status.kind();
                return Ok(Applied::Changed {
                    ticket: id.clone(),
                    change: ChangeKind::Issued,
                    from: Some(status),
                    to: status,
                });
            }
            self.numbers.insert(key, id.clone());
            let ticket = Ticket::issue(id.clone(), issue, &event.origin, event.hlc);
            self.tickets.insert(id.clone(), ticket);
            return Ok(Applied::Changed {
                ticket: id.clone(),
                change: ChangeKind::Issued,
                from: None,
                to: StatusKind::Waiting,
            });
        }
        let ticket = self
            .tickets
            .get_mut(id)
            .ok_or_else(|| Refusal::UnknownTicket { ticket: id.clone() })?;
        let next = ticket
            .after(&event.change, &event.origin, event.hlc, &self.rules)
            .map_err(|source| Refusal::Transition {
                ticket: id.clone(),
                source,
            })?;
        let from = ticket.status.kind();
        let to = next.status.kind();
        if let TicketChange::Called { window, lane } = &event.change {
            let history = self.calls.entry((next.day, *window)).or_default();
            history.push(*lane);
        }
        *ticket = next;
        Ok(Applied::Changed {
            ticket: id.clone(),
            change: event.change.kind(),
            from: Some(from),
            to,
        })
    }
}

#[cfg(test)]
mod tests;
