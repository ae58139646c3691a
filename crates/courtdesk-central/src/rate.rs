//! A token bucket per terminal, so one misbehaving terminal cannot crowd out
//! the others; and per source address for the one unsigned endpoint,
//! enrollment.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Instant;

use courtdesk_core::TerminalId;

/// How many requests a terminal may make: a sustained rate and a burst.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 50.0,
            burst: 100,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every key seen since start. Keyed by terminal, the map
/// only grows with authenticated terminals, so its size is bounded by the
/// enrolled ones; keyed by address, full buckets are swept once it holds
/// [`SWEEP_AT`] keys, so a spray of addresses cannot grow it without bound.
#[derive(Debug)]
pub(crate) struct RateLimiter<K = TerminalId> {
    limit: RateLimit,
    buckets: Mutex<HashMap<K, Bucket>>,
}

/// How many keys a limiter holds before it forgets the ones whose buckets
/// have refilled (they would be admitted as new keys anyway).
const SWEEP_AT: usize = 10_000;

impl<K: Eq + Hash + Clone> RateLimiter<K> {
    pub(crate) fn new(limit: RateLimit) -> RateLimiter<K> {
        RateLimiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token from the key's bucket; `false` when it is empty.
    pub(crate) fn admit(&self, key: &K, now: Instant) -> bool {
        let burst = f64::from(self.limit.burst);
        // A poisoned lock only means another request panicked mid-update; the
        // counts are still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= SWEEP_AT {
            let per_second = self.limit.per_second;
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second < burst
            });
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.limit.per_second).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limiter() -> RateLimiter<TerminalId> {
        RateLimiter::new(RateLimit {
            per_second: 2.0,
            burst: 3,
        })
    }

    #[test]
    fn a_burst_is_admitted_then_refused() {
        let limiter = limiter();
        let terminal = TerminalId::from_bits(1);
        let now = Instant::now();
        assert!((0..3).all(|_| limiter.admit(&terminal, now)));
        assert!(!limiter.admit(&terminal, now));
    }

    #[test]
    fn tokens_refill_at_the_rate_and_cap_at_the_burst() {
        let limiter = limiter();
        let terminal = TerminalId::from_bits(1);
        let start = Instant::now();
        assert!((0..3).all(|_| limiter.admit(&terminal, start)));
        let later = start + Duration::from_millis(500);
        assert!(limiter.admit(&terminal, later), "half a second refills one");
        assert!(!limiter.admit(&terminal, later));
        let much_later = later + Duration::from_secs(60);
        let admitted = (0..10)
            .filter(|_| limiter.admit(&terminal, much_later))
            .count();
        assert_eq!(admitted, 3, "a long pause refills only up to the burst");
    }

    #[test]
    fn terminals_have_their_own_buckets() {
        let limiter = limiter();
        let now = Instant::now();
        assert!((0..3).all(|_| limiter.admit(&TerminalId::from_bits(1), now)));
        assert!(limiter.admit(&TerminalId::from_bits(2), now));
    }
}
