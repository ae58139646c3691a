//! Satisfaction figures (好差评): the litigant's rating of a finished ticket,
//! per window, clerk and service, with every dissatisfied rating listed for
//! the supervisor.

use std::collections::BTreeMap;

use courtdesk_queue::{QueueServiceId, TicketId, WindowId};
use serde::{Deserialize, Serialize};

use crate::durations::ratio;
use crate::merge::Merge;
use crate::{Clerk, DaySink, StatsRules};

/// 满意 / 基本满意 / 不满意.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingLevel {
    Satisfied,
    FairlySatisfied,
    Dissatisfied,
}

/// One rating; a ticket is rated once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RatingFacts {
    pub rated_ms: u64,
    pub ticket: TicketId,
    /// The printed number, e.g. `A017`, for the supervisor's list.
    pub number: String,
    pub service: QueueServiceId,
    pub window: WindowId,
    pub clerk: Option<Clerk>,
    pub level: RatingLevel,
    /// The reason chosen from the short list when not satisfied.
    pub reason: Option<String>,
}

/// Ratings counted by level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingCounts {
    pub satisfied: u64,
    pub fairly_satisfied: u64,
    pub dissatisfied: u64,
}

impl RatingCounts {
    pub fn total(&self) -> u64 {
        self.satisfied + self.fairly_satisfied + self.dissatisfied
    }

    /// (satisfied + fairly satisfied) / all ratings.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        ratio(self.satisfied + self.fairly_satisfied, self.total())
    }

    fn add(&mut self, level: RatingLevel) {
        match level {
            RatingLevel::Satisfied => self.satisfied += 1,
            RatingLevel::FairlySatisfied => self.fairly_satisfied += 1,
            RatingLevel::Dissatisfied => self.dissatisfied += 1,
        }
    }
}

impl Merge for RatingCounts {
    fn merge_from(&mut self, other: &Self) {
        self.satisfied.merge_from(&other.satisfied);
        self.fairly_satisfied.merge_from(&other.fairly_satisfied);
        self.dissatisfied.merge_from(&other.dissatisfied);
    }
}

/// A day's ratings, on the day rated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingDay {
    pub all: RatingCounts,
    pub by_window: BTreeMap<WindowId, RatingCounts>,
    pub by_clerk: BTreeMap<Clerk, RatingCounts>,
    pub by_service: BTreeMap<QueueServiceId, RatingCounts>,
    /// Every dissatisfied rating, ordered by time then ticket so the list
    /// does not depend on the order ratings arrived in.
    pub dissatisfied: Vec<RatingFacts>,
}

impl Merge for RatingDay {
    fn merge_from(&mut self, other: &Self) {
        self.all.merge_from(&other.all);
        self.by_window.merge_from(&other.by_window);
        self.by_clerk.merge_from(&other.by_clerk);
        self.by_service.merge_from(&other.by_service);
        self.dissatisfied.extend(other.dissatisfied.iter().cloned());
        self.dissatisfied.sort();
    }
}

pub(crate) fn record(rating: &RatingFacts, rules: &StatsRules, sink: &mut impl DaySink) {
    let Some(figures) = sink.at(rules.site.day(rating.rated_ms)) else {
        return;
    };
    let day = &mut figures.ratings;
    day.all.add(rating.level);
    day.by_window
        .entry(rating.window)
        .or_default()
        .add(rating.level);
    if let Some(clerk) = &rating.clerk {
        day.by_clerk
            .entry(clerk.clone())
            .or_default()
            .add(rating.level);
    }
    day.by_service
        .entry(rating.service.clone())
        .or_default()
        .add(rating.level);
    if rating.level == RatingLevel::Dissatisfied {
        let at = day.dissatisfied.partition_point(|r| r < rating);
        day.dissatisfied.insert(at, rating.clone());
    }
}
