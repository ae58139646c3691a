//! The time the identity rules read: code expiry, party references and
//! lockouts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use courtdesk_identity::CivilDate;

/// China Standard Time, the courts' local time: it decides "today" when a
/// resident ID number's birth date is checked.
pub(crate) const COURT_UTC_OFFSET_MINUTES: i32 = 8 * 60;

/// The system clock, ahead by an offset that only tests move.
///
/// Only the identity rules read it. Request signing keeps the real clock:
/// terminals sign with theirs, and a test that moved the signature window
/// would test nothing. Copies share the offset, so a test keeps one and
/// advances the server's.
#[derive(Debug, Clone, Default)]
pub struct IdentityClock {
    ahead_ms: Arc<AtomicU64>,
}

impl IdentityClock {
    /// Unix milliseconds.
    pub fn now_ms(&self) -> u64 {
        crate::state::now_ms().saturating_add(self.ahead_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock and every copy of it `by_ms` ahead, as if that much
    /// time had passed.
    pub fn advance(&self, by_ms: u64) {
        self.ahead_ms.fetch_add(by_ms, Ordering::Relaxed);
    }

    /// The courts' calendar date now.
    pub(crate) fn today(&self) -> CivilDate {
        CivilDate::from_epoch_ms(self.now_ms(), COURT_UTC_OFFSET_MINUTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_the_advance() {
        let clock = IdentityClock::default();
        let copy = clock.clone();
        let before = copy.now_ms();
        clock.advance(3_600_000);
        assert!(copy.now_ms() >= before + 3_600_000);
    }
}
