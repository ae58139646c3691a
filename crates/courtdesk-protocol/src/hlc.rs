//! A hybrid logical clock: wall-clock milliseconds plus a counter, so that
//! records keep a causal order even when terminal clocks disagree.
//!
//! Rules (Kulkarni et al., 2014): a local event takes the later of the
//! physical clock and the last stamp, bumping the counter on a tie; receiving
//! a stamp takes the latest of the three. Stamps are totally ordered by
//! `(wall_ms, counter)`; ties between terminals are broken by record id.

use serde::{Deserialize, Serialize};

/// One hybrid logical clock reading.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
}

/// A terminal's clock. The physical time is passed in on every call.
#[derive(Debug, Clone, Copy, Default)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// Resumes from the last stamp handed out (stored with the records).
    pub fn resume(last: Hlc) -> HlcClock {
        HlcClock { last }
    }

    /// The stamp for a local event.
    pub fn tick(&mut self, physical_ms: u64) -> Hlc {
        self.last = if physical_ms > self.last.wall_ms {
            Hlc {
                wall_ms: physical_ms,
                counter: 0,
            }
        } else {
            Hlc {
                wall_ms: self.last.wall_ms,
                counter: self.last.counter.saturating_add(1),
            }
        };
        self.last
    }

    /// Takes in a stamp seen from elsewhere (the server or another terminal),
    /// so every later local stamp orders after it.
    pub fn observe(&mut self, remote: Hlc, physical_ms: u64) -> Hlc {
        let wall_ms = physical_ms.max(self.last.wall_ms).max(remote.wall_ms);
        let counter = match (wall_ms == self.last.wall_ms, wall_ms == remote.wall_ms) {
            (true, true) => self.last.counter.max(remote.counter).saturating_add(1),
            (true, false) => self.last.counter.saturating_add(1),
            (false, true) => remote.counter.saturating_add(1),
            (false, false) => 0,
        };
        self.last = Hlc { wall_ms, counter };
        self.last
    }

    pub fn last(&self) -> Hlc {
        self.last
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Whatever the physical clock does (including jumping back), local
        /// stamps strictly increase.
        #[test]
        fn local_stamps_strictly_increase(times in proptest::collection::vec(0u64..10_000, 1..200)) {
            let mut clock = HlcClock::default();
            let mut previous = None;
            for t in times {
                let stamp = clock.tick(t);
                if let Some(p) = previous {
                    prop_assert!(stamp > p);
                }
                previous = Some(stamp);
            }
        }

        /// After observing a remote stamp, the next local stamp is later than it,
        /// even when the local physical clock is behind.
        #[test]
        fn a_received_stamp_orders_before_every_later_local_one(
            local in 0u64..10_000, remote_wall in 0u64..20_000, remote_counter in 0u32..100, later in 0u64..10_000,
        ) {
            let mut clock = HlcClock::default();
            clock.tick(local);
            let remote = Hlc { wall_ms: remote_wall, counter: remote_counter };
            let seen = clock.observe(remote, local);
            prop_assert!(seen > remote);
            prop_assert!(clock.tick(later) > remote);
        }
    }

    #[test]
    fn a_skewed_terminal_still_orders_after_what_it_saw() {
        // The server's clock is an hour ahead of this terminal's.
        let mut clock = HlcClock::default();
        let server = Hlc {
            wall_ms: 3_600_000,
            counter: 4,
        };
        clock.observe(server, 1_000);
        assert_eq!(
            clock.tick(1_001),
            Hlc {
                wall_ms: 3_600_000,
                counter: 6
            }
        );
    }
}
