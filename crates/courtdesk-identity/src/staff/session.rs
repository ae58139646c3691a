//! Signing staff out of a desk left unattended.

use serde::{Deserialize, Serialize};

/// When an idle staff session ends. `Default` is 10 minutes: a clerk who steps
/// away from the window is signed out before a litigant can use the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InactivityPolicy {
    /// Time without input after which the session is over.
    pub timeout_ms: u64,
}

impl Default for InactivityPolicy {
    fn default() -> Self {
        InactivityPolicy {
            timeout_ms: 10 * 60 * 1_000,
        }
    }
}

impl InactivityPolicy {
    /// Whether a session last active at `last_activity_ms` is over at `now_ms`.
    /// A clock reading earlier than the last activity counts as no time passed.
    pub fn session_expired(&self, last_activity_ms: u64, now_ms: u64) -> bool {
        now_ms.saturating_sub(last_activity_ms) >= self.timeout_ms
    }

    /// Time left before the session ends, 0 once it has.
    pub fn remaining_ms(&self, last_activity_ms: u64, now_ms: u64) -> u64 {
        self.timeout_ms
            .saturating_sub(now_ms.saturating_sub(last_activity_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_750_000_000_000;

    #[test]
    fn a_staff_session_ends_after_ten_idle_minutes() {
        let policy = InactivityPolicy::default();
        assert!(!policy.session_expired(T0, T0 + 10 * 60_000 - 1));
        assert!(policy.session_expired(T0, T0 + 10 * 60_000));
        assert_eq!(policy.remaining_ms(T0, T0 + 9 * 60_000), 60_000);
        assert_eq!(policy.remaining_ms(T0, T0 + 11 * 60_000), 0);
    }

    #[test]
    fn a_clock_that_went_backwards_does_not_end_the_session() {
        let policy = InactivityPolicy::default();
        assert!(!policy.session_expired(T0, T0 - 5_000));
    }
}
