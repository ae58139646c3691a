//! From a queue event log to one [`TicketFacts`] per ticket, following the
//! queue's own rules: events are sorted into the queue's total order and
//! applied to a [`QueueState`], and only the events the state accepted
//! count. A refused event (the losing call of a network split), a duplicate
//! or an illegal change therefore never reaches a figure.

use std::collections::BTreeMap;

use courtdesk_core::TerminalId;
use courtdesk_queue::{
    Applied, QueueEvent, QueueRules, QueueState, TicketChange, TicketId, TicketStatus,
};

use super::{CallFacts, ServingFacts, TicketFacts};
use crate::Clerk;

/// The facts of every ticket the events name, ordered by ticket id. The
/// result depends only on the set of events, not on their order.
///
/// `clerk_at(desk, at_ms)` names the clerk signed in at a desk terminal at a
/// moment, from whatever sign-in records the caller keeps; it is asked once
/// per call, no-show and serving, and may answer `None`.
pub fn ticket_facts<'a>(
    rules: QueueRules,
    events: impl IntoIterator<Item = &'a QueueEvent>,
    clerk_at: impl Fn(&TerminalId, u64) -> Option<Clerk>,
) -> Vec<TicketFacts> {
    let mut sorted: Vec<&QueueEvent> = events.into_iter().collect();
    sorted.sort_by_cached_key(|e| e.order());
    let mut state = QueueState::new(rules);
    let mut facts: BTreeMap<TicketId, TicketFacts> = BTreeMap::new();
    for event in sorted {
        if !matches!(state.apply(event), Ok(Applied::Changed { .. })) {
            continue;
        }
        let Some(ticket) = state.ticket(&event.ticket) else {
            continue;
        };
        let at_ms = event.hlc.wall_ms;
        let clerk = || clerk_at(&event.origin, at_ms);
        let entry = facts
            .entry(event.ticket.clone())
            .or_insert_with(|| TicketFacts {
                ticket: ticket.id.clone(),
                service: ticket.issued_for.clone(),
                priority: ticket.priority,
                appointment: ticket.appointment.is_some(),
                issued_ms: at_ms,
                checked_in_ms: None,
                first_call: None,
                first_transfer_ms: None,
                transfers: 0,
                no_show: None,
                serving: None,
                voided_ms: None,
            });
        match &event.change {
            TicketChange::Issued(issue) => {
                // Also completes a ticket a desk claimed by its number: the
                // kiosk's stamp is when the litigant took the ticket.
                entry.issued_ms = at_ms;
                entry.priority = issue.priority;
                entry.appointment = issue.appointment.is_some();
            }
            TicketChange::Claimed(_) => {}
            TicketChange::CheckedIn => entry.checked_in_ms = Some(at_ms),
            TicketChange::Called { window, .. } => {
                if entry.first_call.is_none() {
                    entry.first_call = Some(CallFacts {
                        at_ms,
                        service: ticket.service.clone(),
                        window: *window,
                        clerk: clerk(),
                    });
                }
            }
            TicketChange::NoShow => {
                if let TicketStatus::NoShow { call, .. } = &ticket.status {
                    entry.no_show = Some(CallFacts {
                        at_ms,
                        service: ticket.service.clone(),
                        window: call.window,
                        clerk: clerk(),
                    });
                }
            }
            TicketChange::Transferred { .. } => {
                entry.first_transfer_ms.get_or_insert(at_ms);
                entry.transfers += 1;
                // A serving cut short by a transfer is not the serving that
                // ends the ticket's visit.
                entry.serving = None;
            }
            TicketChange::ServingStarted => {
                if let TicketStatus::Serving { call, .. } = &ticket.status {
                    entry.serving = Some(ServingFacts {
                        started_ms: at_ms,
                        finished_ms: None,
                        outcome: None,
                        service: ticket.service.clone(),
                        window: call.window,
                        clerk: clerk(),
                    });
                }
            }
            TicketChange::Finished { outcome } => {
                if let Some(serving) = &mut entry.serving {
                    serving.finished_ms = Some(at_ms);
                    serving.outcome = Some(outcome.clone());
                }
            }
            TicketChange::Voided => entry.voided_ms = Some(at_ms),
            TicketChange::Recalled | TicketChange::Parked | TicketChange::Resumed => {}
        }
    }
    facts.into_values().collect()
}
