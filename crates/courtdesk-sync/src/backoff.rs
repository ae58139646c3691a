//! How long to wait after a failed drain: exponential with full jitter, so a
//! hall full of terminals coming back online does not hit the server at once.

use std::time::Duration;

use rand::Rng;

/// Exponential backoff with full jitter: after the n-th failure in a row the
/// wait is uniform between zero and `min(ceiling, first * 2^(n-1))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub ceiling: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            first: Duration::from_millis(250),
            ceiling: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// The upper bound of the wait after `failures` failures in a row.
    pub fn bound(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(31);
        self.first
            .saturating_mul(1u32 << doublings)
            .min(self.ceiling)
    }

    /// A wait after `failures` failures in a row, drawn from `rng`.
    pub fn delay(&self, failures: u32, rng: &mut impl Rng) -> Duration {
        let bound = self.bound(failures).as_millis() as u64;
        Duration::from_millis(rng.gen_range(0..=bound))
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn the_bound_doubles_from_250_ms_up_to_30_s() {
        let backoff = Backoff::default();
        let bounds: Vec<u64> = (1..=9)
            .map(|n| backoff.bound(n).as_millis() as u64)
            .collect();
        assert_eq!(
            bounds,
            [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]
        );
        assert_eq!(backoff.bound(u32::MAX), Duration::from_secs(30));
    }

    #[test]
    fn waits_are_jittered_within_the_bound() {
        let backoff = Backoff::default();
        let mut rng = StdRng::seed_from_u64(7);
        let waits: Vec<Duration> = (0..200).map(|_| backoff.delay(4, &mut rng)).collect();
        assert!(waits.iter().all(|w| *w <= Duration::from_secs(2)));
        let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
        assert!(distinct.len() > 50, "full jitter spreads the waits out");
    }
}
