//! Read-only questions the terminals ask of the queue state.

use super::{Conflict, QueueState};
use crate::{
    CallHistory, EventOrder, QueueRules, QueueServiceId, ServiceDay, Ticket, TicketId,
    TicketStatus, WindowId,
};

impl QueueState {
    pub fn rules(&self) -> &QueueRules {
        &self.rules
    }

    pub fn ticket(&self, id: &TicketId) -> Option<&Ticket> {
        self.tickets.get(id)
    }

    /// Every ticket, voided ones included, by id.
    pub fn tickets(&self) -> impl Iterator<Item = &Ticket> {
        self.tickets.values()
    }

    /// The refused events, in the order they were met.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The place in the event order of the last event applied or refused.
    pub fn last_applied(&self) -> Option<&EventOrder> {
        self.last.as_ref()
    }

    /// The recent calls made at `window` on `day`, as the events record them.
    pub fn call_history(&self, day: ServiceDay, window: WindowId) -> CallHistory {
        self.calls.get(&(day, window)).cloned().unwrap_or_default()
    }

    /// How many tickets wait in `service` on `day`: the people ahead of a
    /// ticket issued now. Parked tickets are out of the queue until resumed
    /// and do not count; appointment holders not yet checked in do, since
    /// they will go ahead on arrival.
    pub fn waiting_count(&self, service: &QueueServiceId, day: ServiceDay) -> u32 {
        let count = self
            .tickets
            .values()
            .filter(|t| t.day == day && &t.service == service)
            .filter(|t| t.status == TicketStatus::Waiting)
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// How many tickets of `service` were issued on `day`, voided ones not
    /// counting: the figure the daily quota is checked against.
    pub fn issued_count(&self, service: &QueueServiceId, day: ServiceDay) -> u32 {
        let count = self
            .tickets
            .values()
            .filter(|t| t.day == day && &t.issued_for == service && t.counts_as_issued())
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// How long the last `limit` finished tickets of `service` were served,
    /// in milliseconds, most recent first. Start and finish are stamped by
    /// the same desk, so clock skew between terminals does not distort them.
    pub fn service_durations(&self, service: &QueueServiceId, limit: usize) -> Vec<u64> {
        let mut finished: Vec<_> = self
            .tickets
            .values()
            .filter(|t| &t.service == service)
            .filter_map(|t| match &t.status {
                TicketStatus::Finished {
                    started, finished, ..
                } => Some((
                    *finished,
                    &t.id,
                    finished.wall_ms.saturating_sub(started.wall_ms),
                )),
                _ => None,
            })
            .collect();
        finished.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)));
        finished
            .into_iter()
            .take(limit)
            .map(|(_, _, duration)| duration)
            .collect()
    }
}
