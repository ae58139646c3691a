//! Terminal availability: the share of a terminal's opening hours it was
//! online, from the heartbeats the server received from it.

use std::collections::BTreeMap;

use courtdesk_core::TerminalId;
use courtdesk_queue::{LocalMoment, OpenSpan, ServiceDay, SiteClock};
use serde::{Deserialize, Serialize};

use crate::durations::ratio;
use crate::merge::Merge;
use crate::{DaySink, StatsRules};

/// One terminal's site-local day: its opening hours and the heartbeats the
/// server received from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityFacts {
    pub terminal: TerminalId,
    pub day: ServiceDay,
    /// The day's opening hours (empty on a closed day).
    pub open: Vec<OpenSpan>,
    /// When the server received each heartbeat, epoch milliseconds.
    pub heartbeats_ms: Vec<u64>,
    /// How long a heartbeat vouches for the terminal: its interval plus the
    /// tolerance the server allows (e.g. 60 s + 30 s).
    pub cover_ms: u64,
}

impl AvailabilityFacts {
    /// Milliseconds of opening hours, and of those the ones covered by a
    /// heartbeat: a heartbeat at `t` covers `[t, t + cover_ms)`. The day's
    /// hours are placed on the timeline by the site's clock.
    pub fn open_and_online_ms(&self, site: SiteClock) -> (u64, u64) {
        let mut open: Vec<(u64, u64)> = self
            .open
            .iter()
            .map(|span| {
                let at = |time| {
                    site.epoch_ms(LocalMoment {
                        day: self.day,
                        time,
                    })
                };
                (at(span.from), at(span.to))
            })
            .filter(|(from, to)| from < to)
            .collect();
        open.sort_unstable();
        let open = union(open);
        let mut covered: Vec<(u64, u64)> = self
            .heartbeats_ms
            .iter()
            .map(|&t| (t, t.saturating_add(self.cover_ms)))
            .collect();
        covered.sort_unstable();
        let covered = union(covered);
        let open_ms = open.iter().map(|(a, b)| b - a).sum();
        let mut online_ms = 0;
        for &(from, to) in &open {
            for &(a, b) in &covered {
                let (start, end) = (a.max(from), b.min(to));
                online_ms += end.saturating_sub(start);
            }
        }
        (open_ms, online_ms)
    }
}

/// Sorted intervals merged where they overlap or touch.
fn union(sorted: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(sorted.len());
    for (from, to) in sorted {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// Opening and online time of one terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uptime {
    pub open_ms: u64,
    pub online_ms: u64,
}

impl Uptime {
    /// online / opening hours.
    pub fn share(&self) -> Option<f64> {
        ratio(self.online_ms, self.open_ms)
    }
}

impl Merge for Uptime {
    fn merge_from(&mut self, other: &Self) {
        self.open_ms.merge_from(&other.open_ms);
        self.online_ms.merge_from(&other.online_ms);
    }
}

/// A day's availability per terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityDay {
    pub by_terminal: BTreeMap<TerminalId, Uptime>,
}

impl Merge for AvailabilityDay {
    fn merge_from(&mut self, other: &Self) {
        self.by_terminal.merge_from(&other.by_terminal);
    }
}

pub(crate) fn record(facts: &AvailabilityFacts, rules: &StatsRules, sink: &mut impl DaySink) {
    let (open_ms, online_ms) = facts.open_and_online_ms(rules.site);
    if let Some(figures) = sink.at(facts.day) {
        figures
            .availability
            .by_terminal
            .entry(facts.terminal.clone())
            .or_default()
            .merge_from(&Uptime { open_ms, online_ms });
    }
}
