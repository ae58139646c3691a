//! A report: the figures of a scope over a period, in total, per group of
//! days and per weekday, merged from stored day aggregates.

use std::collections::BTreeMap;

use courtdesk_queue::{ServiceDay, Weekday};
use serde::{Deserialize, Serialize};

use crate::StatsRules;
use crate::calendar::{Bucket, Grouping, Period};
use crate::day::{DayAggregate, DaySink, Fact, Figures, record};
use crate::merge::Merge;
use crate::queue::QueueTally;

/// Whose figures: a court, or one of its sites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub court: String,
    pub site: Option<String>,
}

/// The figures of one group of days, clipped to the period: a month
/// report from the 10th starts its first group on the 10th.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub bucket: Bucket,
    pub first: ServiceDay,
    pub last: ServiceDay,
    pub figures: Figures,
}

/// The figures of a scope over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub scope: Scope,
    pub period: Period,
    pub grouping: Grouping,
    pub total: Figures,
    /// Every group of the period in order, empty ones included so that a
    /// chart has a point for each.
    pub groups: Vec<Group>,
    /// The queue's figures by the weekday of the site-local day.
    pub by_weekday: BTreeMap<Weekday, QueueTally>,
}

impl Report {
    /// Merges the aggregates of the period's days; aggregates of days
    /// outside the period are ignored, and several aggregates of one day
    /// (one per site, for a court) are all added. A year is 365 merges of
    /// small tallies: no record is read again.
    pub fn from_days<'a>(
        scope: Scope,
        period: Period,
        grouping: Grouping,
        days: impl IntoIterator<Item = &'a DayAggregate>,
    ) -> Report {
        let mut groups: Vec<Group> = Vec::new();
        for day in period.days() {
            let bucket = Bucket::of(day, grouping);
            match groups.last_mut() {
                Some(group) if group.bucket == bucket => group.last = day,
                _ => groups.push(Group {
                    bucket,
                    first: day,
                    last: day,
                    figures: Figures::default(),
                }),
            }
        }
        let mut total = Figures::default();
        let mut by_weekday: BTreeMap<Weekday, QueueTally> = BTreeMap::new();
        for aggregate in days {
            let day = aggregate.day();
            if !period.contains(day) {
                continue;
            }
            let figures = aggregate.figures();
            total.merge_from(figures);
            by_weekday
                .entry(day.weekday())
                .or_default()
                .merge_from(&figures.queue.all);
            let at = groups.partition_point(|g| g.last < day);
            if let Some(group) = groups.get_mut(at) {
                group.figures.merge_from(figures);
            }
        }
        Report {
            scope,
            period,
            grouping,
            total,
            groups,
            by_weekday,
        }
    }
}

impl Figures {
    /// The figures of `period` computed straight from the facts, without
    /// day aggregates: what [`Report::from_days`]'s total must equal.
    pub fn over<'a>(
        rules: &StatsRules,
        period: Period,
        facts: impl IntoIterator<Item = &'a Fact>,
    ) -> Figures {
        struct Within {
            period: Period,
            figures: Figures,
        }
        impl DaySink for Within {
            fn at(&mut self, day: ServiceDay) -> Option<&mut Figures> {
                self.period.contains(day).then_some(&mut self.figures)
            }
        }
        let mut within = Within {
            period,
            figures: Figures::default(),
        };
        for fact in facts {
            record(fact, rules, &mut within);
        }
        within.figures
    }
}
