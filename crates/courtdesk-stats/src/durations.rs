//! Durations kept so that a median and a p90 stay exact after merging any
//! number of days: every measured duration, in whole seconds, counted by
//! value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::merge::Merge;

/// The seconds from `start_ms` to `end_ms`, whole seconds dropped towards
/// zero; 0 when the end stamp is earlier, which only clock skew between two
/// terminals can cause.
pub fn seconds_between(start_ms: u64, end_ms: u64) -> u64 {
    end_ms.saturating_sub(start_ms) / 1000
}

/// A multiset of durations in whole seconds.
///
/// Keeping each distinct value with its count is exact (every percentile of
/// the merged days equals the percentile over all the durations) and small:
/// a day's waits take a few thousand distinct values at most, whatever the
/// number of tickets. Merging adds the counts, so it is associative,
/// commutative and independent of the order durations were added in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Durations {
    counts: BTreeMap<u64, u64>,
    count: u64,
    total_seconds: u64,
}

/// The summary a report shows for a set of durations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DurationSummary {
    pub count: u64,
    pub median_seconds: Option<u64>,
    pub p90_seconds: Option<u64>,
    pub mean_seconds: Option<f64>,
}

impl Durations {
    pub fn add(&mut self, seconds: u64) {
        *self.counts.entry(seconds).or_default() += 1;
        self.count += 1;
        self.total_seconds = self.total_seconds.saturating_add(seconds);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The nearest-rank percentile: the smallest duration such that at least
    /// `percent` % of all durations are at most it, i.e. the value of rank
    /// ⌈percent / 100 × n⌉ (from 1) in ascending order. `None` when empty.
    /// With 4 durations the median is the 2nd and the p90 the 4th.
    pub fn percentile(&self, percent: u8) -> Option<u64> {
        if self.count == 0 {
            return None;
        }
        let percent = u64::from(percent.clamp(1, 100));
        let rank = (percent * self.count).div_ceil(100);
        let mut seen = 0;
        for (&seconds, &n) in &self.counts {
            seen += n;
            if seen >= rank {
                return Some(seconds);
            }
        }
        self.counts.keys().next_back().copied()
    }

    /// The median by nearest rank ([`Durations::percentile`] 50): always one
    /// of the measured durations, the lower middle one for an even count.
    pub fn median(&self) -> Option<u64> {
        self.percentile(50)
    }

    pub fn p90(&self) -> Option<u64> {
        self.percentile(90)
    }

    /// The arithmetic mean in seconds.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total_seconds as f64 / self.count as f64)
    }

    /// How many durations are at most `seconds`.
    pub fn at_most(&self, seconds: u64) -> u64 {
        self.counts.range(..=seconds).map(|(_, n)| n).sum()
    }

    /// The share (0 to 1) of durations at most `seconds`; `None` when empty.
    pub fn share_at_most(&self, seconds: u64) -> Option<f64> {
        ratio(self.at_most(seconds), self.count)
    }

    pub fn summary(&self) -> DurationSummary {
        DurationSummary {
            count: self.count,
            median_seconds: self.median(),
            p90_seconds: self.p90(),
            mean_seconds: self.mean(),
        }
    }
}

impl Merge for Durations {
    fn merge_from(&mut self, other: &Self) {
        for (&seconds, &n) in &other.counts {
            *self.counts.entry(seconds).or_default() += n;
        }
        self.count += other.count;
        self.total_seconds = self.total_seconds.saturating_add(other.total_seconds);
    }
}

/// `part / whole`, or `None` when `whole` is 0: a share of nothing is not 0 %.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn of(values: &[u64]) -> Durations {
        let mut d = Durations::default();
        for v in values {
            d.add(*v);
        }
        d
    }

    #[test]
    fn nearest_rank_picks_measured_values() {
        let d = of(&[40, 10, 30, 20]);
        assert_eq!(d.median(), Some(20), "rank ceil(0.5 * 4) = 2");
        assert_eq!(d.p90(), Some(40), "rank ceil(0.9 * 4) = 4");
        assert_eq!(d.mean(), Some(25.0));
        let ten = of(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(ten.p90(), Some(9), "rank ceil(0.9 * 10) = 9");
        assert_eq!(ten.median(), Some(5));
        assert_eq!(ten.share_at_most(3), Some(0.3));
        assert_eq!(Durations::default().median(), None);
        assert_eq!(Durations::default().share_at_most(3), None);
    }

    #[test]
    fn skewed_stamps_count_as_zero_seconds() {
        assert_eq!(seconds_between(5_000, 4_000), 0);
        assert_eq!(seconds_between(1_000, 62_999), 61);
    }

    proptest! {
        #[test]
        fn merged_percentiles_equal_percentiles_of_all_values(
            a in prop::collection::vec(0u64..5_000, 0..50),
            b in prop::collection::vec(0u64..5_000, 0..50),
            percent in 1u8..=100,
        ) {
            let mut merged = of(&a);
            merged.merge_from(&of(&b));
            let mut all = a.clone();
            all.extend(&b);
            prop_assert_eq!(&merged, &of(&all));
            all.sort_unstable();
            let expected = if all.is_empty() {
                None
            } else {
                let rank = (usize::from(percent) * all.len()).div_ceil(100);
                Some(all[rank - 1])
            };
            prop_assert_eq!(merged.percentile(percent), expected);
        }
    }
}
