//! The queue's per-day tallies and how a ticket's facts land in them: each
//! part of a ticket's life counts on the site-local day and hour it
//! happened (see `docs/statistics.md`, "Queue").

use std::collections::BTreeMap;

use courtdesk_queue::{OutcomeCode, PriorityClass, QueueServiceId, WindowId};
use serde::{Deserialize, Serialize};

use super::TicketFacts;
use crate::durations::{Durations, ratio, seconds_between};
use crate::merge::{Merge, bump};
use crate::{Clerk, DaySink, StatsRules};

/// Whether a ticket was booked in advance; appointments are reported apart
/// from walk-ins because their wait starts at check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    WalkIn,
    Appointment,
}

/// The queue's counts and durations for one slice (a day, a service, a
/// window...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueTally {
    /// Tickets issued and not voided, on the day of issue.
    pub issued: u64,
    /// Tickets whose last serving finished, on the day it finished.
    pub served: u64,
    pub no_shows: u64,
    /// Tickets voided because they failed to print; never counted as issued.
    pub voided: u64,
    /// Tickets transferred at least once, on the day of the first transfer.
    pub transferred: u64,
    /// Issue (or check-in) to first call, on the day of the first call.
    pub waits: Durations,
    /// Start to finish of the last serving, on the day it finished.
    pub service_times: Durations,
    /// Finished tickets by the outcome code the clerk recorded.
    pub outcomes: BTreeMap<OutcomeCode, u64>,
}

impl QueueTally {
    /// The share (0 to 1) of first calls made within `target_seconds` of
    /// the wait's start: [`Durations::share_at_most`] of the waits.
    pub fn called_within(&self, target_seconds: u64) -> Option<f64> {
        self.waits.share_at_most(target_seconds)
    }

    /// No-shows per ticket called: no-shows / first calls.
    pub fn no_show_share(&self) -> Option<f64> {
        ratio(self.no_shows, self.waits.count())
    }
}

impl Merge for QueueTally {
    fn merge_from(&mut self, other: &Self) {
        self.issued.merge_from(&other.issued);
        self.served.merge_from(&other.served);
        self.no_shows.merge_from(&other.no_shows);
        self.voided.merge_from(&other.voided);
        self.transferred.merge_from(&other.transferred);
        self.waits.merge_from(&other.waits);
        self.service_times.merge_from(&other.service_times);
        self.outcomes.merge_from(&other.outcomes);
    }
}

/// A day's queue figures, whole and broken down. A part of a ticket's life
/// that happens at no window (issue, transfer, voiding) has no window and
/// no clerk and only counts in the other breakdowns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueDay {
    pub all: QueueTally,
    pub by_service: BTreeMap<QueueServiceId, QueueTally>,
    pub by_window: BTreeMap<WindowId, QueueTally>,
    pub by_clerk: BTreeMap<Clerk, QueueTally>,
    /// By the site-local hour (0 to 23) the counted part happened in.
    pub by_hour: BTreeMap<u8, QueueTally>,
    pub by_priority: BTreeMap<PriorityClass, QueueTally>,
    pub by_arrival: BTreeMap<Arrival, QueueTally>,
}

impl Merge for QueueDay {
    fn merge_from(&mut self, other: &Self) {
        self.all.merge_from(&other.all);
        self.by_service.merge_from(&other.by_service);
        self.by_window.merge_from(&other.by_window);
        self.by_clerk.merge_from(&other.by_clerk);
        self.by_hour.merge_from(&other.by_hour);
        self.by_priority.merge_from(&other.by_priority);
        self.by_arrival.merge_from(&other.by_arrival);
    }
}

/// The slices one counted part of a ticket belongs to.
struct Slices<'a> {
    service: &'a QueueServiceId,
    window: Option<WindowId>,
    clerk: Option<&'a Clerk>,
    hour: u8,
    priority: PriorityClass,
    arrival: Arrival,
}

impl QueueDay {
    fn each(&mut self, slices: &Slices<'_>, count: impl Fn(&mut QueueTally)) {
        count(&mut self.all);
        count(self.by_service.entry(slices.service.clone()).or_default());
        if let Some(window) = slices.window {
            count(self.by_window.entry(window).or_default());
        }
        if let Some(clerk) = slices.clerk {
            count(self.by_clerk.entry(clerk.clone()).or_default());
        }
        count(self.by_hour.entry(slices.hour).or_default());
        count(self.by_priority.entry(slices.priority).or_default());
        count(self.by_arrival.entry(slices.arrival).or_default());
    }
}

/// Counts each part of `ticket` on the day it happened, in `sink`.
pub(crate) fn record(ticket: &TicketFacts, rules: &StatsRules, sink: &mut impl DaySink) {
    let arrival = if ticket.appointment {
        Arrival::Appointment
    } else {
        Arrival::WalkIn
    };
    let mut at = |at_ms: u64,
                  service: &QueueServiceId,
                  window: Option<WindowId>,
                  clerk: Option<&Clerk>,
                  count: &dyn Fn(&mut QueueTally)| {
        let moment = rules.site.local(at_ms);
        if let Some(figures) = sink.at(moment.day) {
            let slices = Slices {
                service,
                window,
                clerk,
                hour: u8::try_from(moment.time.minutes() / 60).unwrap_or(23),
                priority: ticket.priority,
                arrival,
            };
            figures.queue.each(&slices, count);
        }
    };
    if let Some(voided_ms) = ticket.voided_ms {
        // A voided ticket never reached the litigant: it counts as voided
        // and nothing else.
        at(voided_ms, &ticket.service, None, None, &|t| t.voided += 1);
        return;
    }
    at(ticket.issued_ms, &ticket.service, None, None, &|t| {
        t.issued += 1
    });
    if let Some(call) = &ticket.first_call {
        let wait = seconds_between(ticket.wait_start_ms(), call.at_ms);
        at(
            call.at_ms,
            &call.service,
            Some(call.window),
            call.clerk.as_ref(),
            &|t| t.waits.add(wait),
        );
    }
    if let Some(first_transfer_ms) = ticket.first_transfer_ms {
        at(first_transfer_ms, &ticket.service, None, None, &|t| {
            t.transferred += 1
        });
    }
    if let Some(no_show) = &ticket.no_show {
        at(
            no_show.at_ms,
            &no_show.service,
            Some(no_show.window),
            no_show.clerk.as_ref(),
            &|t| t.no_shows += 1,
        );
    }
    if let Some(serving) = &ticket.serving {
        if let Some(finished_ms) = serving.finished_ms {
            let took = seconds_between(serving.started_ms, finished_ms);
            at(
                finished_ms,
                &serving.service,
                Some(serving.window),
                serving.clerk.as_ref(),
                &|t| {
                    t.served += 1;
                    t.service_times.add(took);
                    if let Some(outcome) = &serving.outcome {
                        bump(&mut t.outcomes, outcome.clone());
                    }
                },
            );
        }
    }
}
