//! The per-day aggregate: every figure's counts and durations for one
//! site-local day, built from facts and merged into ranges by the report.

use std::collections::{BTreeMap, BTreeSet};

use courtdesk_queue::ServiceDay;
use serde::{Deserialize, Serialize};

use crate::StatsRules;
use crate::availability::{self, AvailabilityDay, AvailabilityFacts};
use crate::casework::{self, CaseworkDay, MediationFacts, RegistrationFacts};
use crate::delivery::{self, DeliveryDay, DeliveryFacts};
use crate::intake::{self, IntakeDay, LockerFacts, SubmissionFacts};
use crate::merge::Merge;
use crate::queue::{self, QueueDay, TicketFacts};
use crate::rating::{self, RatingDay, RatingFacts};

/// Every figure's tallies over a set of days: one day in a
/// [`DayAggregate`], a group or the whole period in a
/// [`Report`](crate::Report).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub queue: QueueDay,
    pub intake: IntakeDay,
    pub delivery: DeliveryDay,
    pub casework: CaseworkDay,
    pub ratings: RatingDay,
    pub availability: AvailabilityDay,
}

impl Merge for Figures {
    fn merge_from(&mut self, other: &Self) {
        self.queue.merge_from(&other.queue);
        self.intake.merge_from(&other.intake);
        self.delivery.merge_from(&other.delivery);
        self.casework.merge_from(&other.casework);
        self.ratings.merge_from(&other.ratings);
        self.availability.merge_from(&other.availability);
    }
}

/// One fact of any kind, as the server extracts it from synced records.
// A ticket's facts are the largest by far and also by far the most
// numerous, so boxing them would cost an allocation on most facts to save
// space on the few others.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    Ticket(TicketFacts),
    Submission(SubmissionFacts),
    Locker(LockerFacts),
    Delivery(DeliveryFacts),
    Registration(RegistrationFacts),
    Mediation(MediationFacts),
    Rating(RatingFacts),
    Availability(AvailabilityFacts),
}

macro_rules! fact_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        $(impl From<$ty> for Fact {
            fn from(facts: $ty) -> Self {
                Fact::$variant(facts)
            }
        })*
    };
}

fact_from!(
    Ticket(TicketFacts),
    Submission(SubmissionFacts),
    Locker(LockerFacts),
    Delivery(DeliveryFacts),
    Registration(RegistrationFacts),
    Mediation(MediationFacts),
    Rating(RatingFacts),
    Availability(AvailabilityFacts),
);

/// Where a fact's parts are counted: the figures of a day, or nowhere when
/// the sink does not hold that day.
pub(crate) trait DaySink {
    fn at(&mut self, day: ServiceDay) -> Option<&mut Figures>;
}

pub(crate) fn record(fact: &Fact, rules: &StatsRules, sink: &mut impl DaySink) {
    match fact {
        Fact::Ticket(f) => queue::record(f, rules, sink),
        Fact::Submission(f) => intake::record_submission(f, rules, sink),
        Fact::Locker(f) => intake::record_locker(f, rules, sink),
        Fact::Delivery(f) => delivery::record(f, rules, sink),
        Fact::Registration(f) => casework::record_registration(f, rules, sink),
        Fact::Mediation(f) => casework::record_mediation(f, rules, sink),
        Fact::Rating(f) => rating::record(f, rules, sink),
        Fact::Availability(f) => availability::record(f, rules, sink),
    }
}

/// The figures of one site-local day of one site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayAggregate {
    day: ServiceDay,
    figures: Figures,
}

/// Two aggregates of different days cannot be merged into a day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the aggregate of {theirs} cannot be merged into the aggregate of {ours}")]
pub struct DayMismatch {
    ours: ServiceDay,
    theirs: ServiceDay,
}

impl DayAggregate {
    pub fn new(day: ServiceDay) -> DayAggregate {
        DayAggregate {
            day,
            figures: Figures::default(),
        }
    }

    pub fn day(&self) -> ServiceDay {
        self.day
    }

    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    /// Counts the parts of `fact` that happened on this day; the rest of
    /// the fact belongs to other days' aggregates (see [`days_of`]).
    pub fn add(&mut self, rules: &StatsRules, fact: &Fact) {
        record(fact, rules, self);
    }

    /// Adds another aggregate of the same day: another site's, for a
    /// court-wide figure, or one built from another share of the facts.
    pub fn merge(&mut self, other: &DayAggregate) -> Result<(), DayMismatch> {
        if other.day != self.day {
            return Err(DayMismatch {
                ours: self.day,
                theirs: other.day,
            });
        }
        self.figures.merge_from(&other.figures);
        Ok(())
    }
}

impl DaySink for DayAggregate {
    fn at(&mut self, day: ServiceDay) -> Option<&mut Figures> {
        (day == self.day).then_some(&mut self.figures)
    }
}

/// The site-local days a fact counts on: the aggregates to rebuild when the
/// fact arrives or changes (a ticket called after a network cut changes its
/// call's day, not its issue's).
pub fn days_of(rules: &StatsRules, fact: &Fact) -> BTreeSet<ServiceDay> {
    struct Collector {
        days: BTreeSet<ServiceDay>,
        scratch: Figures,
    }
    impl DaySink for Collector {
        fn at(&mut self, day: ServiceDay) -> Option<&mut Figures> {
            self.days.insert(day);
            Some(&mut self.scratch)
        }
    }
    let mut collector = Collector {
        days: BTreeSet::new(),
        scratch: Figures::default(),
    };
    record(fact, rules, &mut collector);
    collector.days
}

/// One aggregate per day any of `facts` counts on, in day order: what the
/// server stores per site and day, and rebuilds for the days a new fact
/// touches.
pub fn aggregate_days<'a>(
    rules: &StatsRules,
    facts: impl IntoIterator<Item = &'a Fact>,
) -> Vec<DayAggregate> {
    struct Days(BTreeMap<ServiceDay, DayAggregate>);
    impl DaySink for Days {
        fn at(&mut self, day: ServiceDay) -> Option<&mut Figures> {
            Some(
                &mut self
                    .0
                    .entry(day)
                    .or_insert_with(|| DayAggregate::new(day))
                    .figures,
            )
        }
    }
    let mut days = Days(BTreeMap::new());
    for fact in facts {
        record(fact, rules, &mut days);
    }
    days.0.into_values().collect()
}
