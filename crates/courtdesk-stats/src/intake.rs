//! Intake figures: submissions received and resubmitted, review decisions,
//! turnaround and same-day decisions, locker deposits and collections, from
//! the `intake.submitted`, `intake.decided` and `intake.locker_*` records.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::durations::{Durations, ratio, seconds_between};
use crate::merge::{Merge, bump};
use crate::{Clerk, DaySink, StatsRules};

/// A review decision, as an `intake.decided` record states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum DecisionKind {
    Accepted,
    /// Back to the litigant, with one of the fixed return reasons.
    Returned {
        reason: String,
    },
    Forwarded {
        department: String,
    },
}

/// The `intake.decided` record of a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFacts {
    /// `decided_at_ms` of the record.
    pub decided_ms: u64,
    pub clerk: Clerk,
    pub decision: DecisionKind,
}

/// A submission (`intake.submitted`) joined with its decision, if any: a
/// submission is decided once, and a correction is a new submission that
/// `replaces` the returned one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionFacts {
    pub submission_id: String,
    /// `submitted_at_ms` of the record.
    pub submitted_ms: u64,
    /// Whether the record `replaces` a returned submission.
    pub resubmission: bool,
    pub decision: Option<DecisionFacts>,
}

/// What happened at a locker compartment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockerEvent {
    /// `intake.locker_deposited`, at `deposited_at_ms`.
    Deposited,
    /// `intake.locker_collected`, at `collected_at_ms`.
    Collected,
}

/// One `intake.locker_*` record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockerFacts {
    pub submission_id: String,
    pub event: LockerEvent,
    pub at_ms: u64,
}

/// A day's intake figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeDay {
    /// Submissions, on the day submitted.
    pub received: u64,
    /// Of those, corrections of a returned submission.
    pub resubmitted: u64,
    /// Of those received that day, the ones decided the same site-local day
    /// (counted on the day received).
    pub decided_same_day: u64,
    /// Decisions, on the day decided.
    pub accepted: u64,
    pub returned: BTreeMap<String, u64>,
    pub forwarded: BTreeMap<String, u64>,
    /// Decisions by the clerk who made them.
    pub decisions_by_clerk: BTreeMap<Clerk, u64>,
    /// Submission to decision, on the day decided.
    pub turnaround: Durations,
    pub locker_deposits: u64,
    pub locker_collections: u64,
}

impl IntakeDay {
    pub fn returned_total(&self) -> u64 {
        self.returned.values().sum()
    }

    pub fn forwarded_total(&self) -> u64 {
        self.forwarded.values().sum()
    }

    /// decided_same_day / received.
    pub fn same_day_share(&self) -> Option<f64> {
        ratio(self.decided_same_day, self.received)
    }
}

impl Merge for IntakeDay {
    fn merge_from(&mut self, other: &Self) {
        self.received.merge_from(&other.received);
        self.resubmitted.merge_from(&other.resubmitted);
        self.decided_same_day.merge_from(&other.decided_same_day);
        self.accepted.merge_from(&other.accepted);
        self.returned.merge_from(&other.returned);
        self.forwarded.merge_from(&other.forwarded);
        self.decisions_by_clerk
            .merge_from(&other.decisions_by_clerk);
        self.turnaround.merge_from(&other.turnaround);
        self.locker_deposits.merge_from(&other.locker_deposits);
        self.locker_collections
            .merge_from(&other.locker_collections);
    }
}

pub(crate) fn record_submission(
    submission: &SubmissionFacts,
    rules: &StatsRules,
    sink: &mut impl DaySink,
) {
    let received_day = rules.site.day(submission.submitted_ms);
    let decided_day = submission
        .decision
        .as_ref()
        .map(|d| rules.site.day(d.decided_ms));
    if let Some(figures) = sink.at(received_day) {
        let intake = &mut figures.intake;
        intake.received += 1;
        intake.resubmitted += u64::from(submission.resubmission);
        intake.decided_same_day += u64::from(decided_day == Some(received_day));
    }
    let (Some(decision), Some(day)) = (&submission.decision, decided_day) else {
        return;
    };
    if let Some(figures) = sink.at(day) {
        let intake = &mut figures.intake;
        match &decision.decision {
            DecisionKind::Accepted => intake.accepted += 1,
            DecisionKind::Returned { reason } => bump(&mut intake.returned, reason.clone()),
            DecisionKind::Forwarded { department } => {
                bump(&mut intake.forwarded, department.clone())
            }
        }
        bump(&mut intake.decisions_by_clerk, decision.clerk.clone());
        intake.turnaround.add(seconds_between(
            submission.submitted_ms,
            decision.decided_ms,
        ));
    }
}

pub(crate) fn record_locker(locker: &LockerFacts, rules: &StatsRules, sink: &mut impl DaySink) {
    if let Some(figures) = sink.at(rules.site.day(locker.at_ms)) {
        match locker.event {
            LockerEvent::Deposited => figures.intake.locker_deposits += 1,
            LockerEvent::Collected => figures.intake.locker_collections += 1,
        }
    }
}
