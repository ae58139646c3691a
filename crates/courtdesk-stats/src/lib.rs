//! The figures a court's service center is judged on: waiting and service
//! times, intake decisions, e-delivery take-up, the on-the-spot filing rate,
//! mediations, satisfaction and terminal availability, computed from plain
//! typed facts the server extracts from the synced records. Every figure is
//! defined in `docs/statistics.md`, which names the function computing it.
//!
//! Architecture invariant: this crate performs no I/O and never reads the
//! clock. The site's UTC offset ([`StatsRules`]), the period and the facts
//! are passed in, so a figure depends only on them: the server and its tests
//! reach the same number from the same records, whatever order they arrived
//! in.
//!
//! # Shape
//!
//! **Facts** are what happened to one thing: a ticket ([`TicketFacts`],
//! built from the queue's event log by [`ticket_facts`] under the queue's
//! own merge rules), a submission and its decision, a locker event, a
//! delivery, a filing, a mediation, a rating, a terminal's day of
//! heartbeats. Each wraps into a [`Fact`].
//!
//! **Attribution.** Each part of a fact counts on the site-local day (and
//! hour) its own defining event happened, by the stamp of the terminal that
//! recorded it: a ticket issued at 23:50 and served at 00:20 is issued on
//! the first day and served on the second; a record that reaches the server
//! hours late after a network cut counts on the day it happened, not the
//! day it arrived. A duration counts on the day it ends.
//!
//! **Incremental.** A [`DayAggregate`] holds one site-local day's tallies:
//! counts, and durations as exact multisets of whole seconds
//! ([`Durations`]), so medians and p90s (nearest rank) stay exact when days
//! merge. The server keeps one aggregate per site and day, rebuilds the days
//! a new or changed fact touches ([`days_of`]), and a [`Report`] for any
//! range merges the stored days ([`Report::from_days`]) instead of reading
//! the records again. Merging only adds counts, so it is associative and
//! commutative: the report over merged days equals the figures computed
//! over all the facts at once ([`Figures::over`]).

#![forbid(unsafe_code)]

mod availability;
mod calendar;
mod casework;
mod day;
mod delivery;
mod durations;
mod intake;
mod merge;
mod names;
mod queue;
mod rating;
mod report;
mod rules;

pub use availability::{AvailabilityDay, AvailabilityFacts, Uptime};
pub use calendar::{Bucket, Grouping, InvalidPeriod, Period, iso_week};
pub use casework::{
    CaseworkDay, ConfirmationRuling, MediationEnd, MediationFacts, RegistrationFacts,
    RegistrationOutcome, Timeliness,
};
pub use day::{DayAggregate, DayMismatch, Fact, Figures, aggregate_days, days_of};
pub use delivery::{DeliveryDay, DeliveryFacts, RefusalFacts};
pub use durations::{DurationSummary, Durations, ratio, seconds_between};
pub use intake::{
    DecisionFacts, DecisionKind, IntakeDay, LockerEvent, LockerFacts, SubmissionFacts,
};
pub use merge::Merge;
pub use names::Clerk;
pub use queue::{
    Arrival, CallFacts, QueueDay, QueueTally, ServingFacts, TicketFacts, ticket_facts,
};
pub use rating::{RatingCounts, RatingDay, RatingFacts, RatingLevel};
pub use report::{Group, Report, Scope};
pub use rules::StatsRules;

pub(crate) use day::DaySink;
