//! When an unattended kiosk warns and then wipes the litigant's session.

use serde::{Deserialize, Serialize};

/// How long a kiosk waits for a touch before warning, and how long the
/// warning lasts before the session (typed ID number, phone, photos of
/// materials) is wiped for the next person.
///
/// `Default`: warn after 90 s without a touch, wipe 15 s later (105 s in all).
/// 90 s covers reading a page or finding a document in a bag; 15 s is enough
/// to see the countdown and tap "I'm still here".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdlePolicy {
    /// Time without a touch before the countdown starts.
    pub timeout_ms: u64,
    /// Length of the countdown shown before the wipe.
    pub countdown_ms: u64,
}

impl Default for IdlePolicy {
    fn default() -> Self {
        IdlePolicy {
            timeout_ms: 90_000,
            countdown_ms: 15_000,
        }
    }
}

/// What the kiosk should be doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum IdleState {
    /// Someone touched the screen recently.
    Active,
    /// Show the countdown; a touch returns to `Active`.
    CountingDown {
        /// Time until the wipe.
        remaining_ms: u64,
    },
    /// Wipe the session and return to the welcome screen.
    MustWipe,
}

impl IdlePolicy {
    /// The state at `now_ms` for a kiosk last touched at `last_interaction_ms`.
    /// A clock reading earlier than the last touch counts as no time passed.
    pub fn state(&self, last_interaction_ms: u64, now_ms: u64) -> IdleState {
        let idle = now_ms.saturating_sub(last_interaction_ms);
        let wipe_at = self.timeout_ms.saturating_add(self.countdown_ms);
        if idle < self.timeout_ms {
            IdleState::Active
        } else if idle < wipe_at {
            IdleState::CountingDown {
                remaining_ms: wipe_at - idle,
            }
        } else {
            IdleState::MustWipe
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const T0: u64 = 1_750_000_000_000;

    #[test]
    fn the_default_warns_at_90_s_and_wipes_at_105_s() {
        let policy = IdlePolicy::default();
        assert_eq!(policy.state(T0, T0), IdleState::Active);
        assert_eq!(policy.state(T0, T0 + 89_999), IdleState::Active);
        assert_eq!(
            policy.state(T0, T0 + 90_000),
            IdleState::CountingDown {
                remaining_ms: 15_000
            }
        );
        assert_eq!(
            policy.state(T0, T0 + 104_999),
            IdleState::CountingDown { remaining_ms: 1 }
        );
        assert_eq!(policy.state(T0, T0 + 105_000), IdleState::MustWipe);
    }

    #[test]
    fn a_touch_during_the_countdown_starts_over() {
        let policy = IdlePolicy::default();
        let touched_at = T0 + 100_000;
        assert_eq!(
            policy.state(touched_at, touched_at + 1_000),
            IdleState::Active
        );
    }

    #[test]
    fn no_countdown_means_wiping_at_the_timeout() {
        let policy = IdlePolicy {
            timeout_ms: 60_000,
            countdown_ms: 0,
        };
        assert_eq!(policy.state(T0, T0 + 59_999), IdleState::Active);
        assert_eq!(policy.state(T0, T0 + 60_000), IdleState::MustWipe);
    }

    #[test]
    fn a_clock_that_went_backwards_keeps_the_session() {
        assert_eq!(
            IdlePolicy::default().state(T0, T0 - 1_000_000),
            IdleState::Active
        );
    }

    #[test]
    fn configuration_may_leave_fields_out() {
        let policy: IdlePolicy = serde_json::from_str(r#"{"timeout_ms":120000}"#).expect("parses");
        assert_eq!(
            policy,
            IdlePolicy {
                timeout_ms: 120_000,
                countdown_ms: 15_000
            }
        );
    }

    proptest! {
        #[test]
        fn time_only_moves_a_session_towards_the_wipe(
            timeout in 0u64..1_000_000,
            countdown in 0u64..1_000_000,
            a in 0u64..3_000_000,
            b in 0u64..3_000_000,
        ) {
            let policy = IdlePolicy { timeout_ms: timeout, countdown_ms: countdown };
            let rank = |s: IdleState| match s {
                IdleState::Active => (0, 0),
                IdleState::CountingDown { remaining_ms } => (1, u64::MAX - remaining_ms),
                IdleState::MustWipe => (2, 0),
            };
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(rank(policy.state(T0, T0 + early)) <= rank(policy.state(T0, T0 + late)));
        }
    }
}
