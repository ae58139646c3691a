//! Locking an account after repeated wrong passwords.

use serde::{Deserialize, Serialize};

/// Consecutive failures that lock an account: 5.
pub const MAX_CONSECUTIVE_FAILURES: u32 = 5;
/// How long a lock lasts: 15 minutes, which caps online guessing at 20 an
/// hour while a staff member who mistyped only waits out a coffee.
pub const LOCKOUT_MS: u64 = 15 * 60 * 1_000;

/// One account's recent sign-in failures, kept by whoever checks passwords
/// (the server online, the terminal offline) and persisted between attempts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInGuard {
    consecutive_failures: u32,
    locked_until_ms: Option<u64>,
}

/// The account is locked; the UI says "try again in N minutes".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many wrong passwords; try again in {} min", retry_after_ms.div_ceil(60_000))]
pub struct LockedOut {
    /// How long until the lock lifts.
    pub retry_after_ms: u64,
}

impl LockedOut {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        "account_locked"
    }
}

impl SignInGuard {
    /// An account with no failures.
    pub fn new() -> SignInGuard {
        SignInGuard::default()
    }

    /// Whether a password may be checked at `now_ms`. Call before verifying,
    /// so a locked account costs no hashing and reveals nothing.
    pub fn check(&self, now_ms: u64) -> Result<(), LockedOut> {
        match self.locked_until_ms {
            Some(until) if now_ms < until => Err(LockedOut {
                retry_after_ms: until - now_ms,
            }),
            _ => Ok(()),
        }
    }

    /// Counts a wrong password; returns the lock if this one set it.
    pub fn record_failure(&mut self, now_ms: u64) -> Option<LockedOut> {
        if let Err(locked) = self.check(now_ms) {
            // Failures while locked should not happen (callers check first);
            // they neither extend nor shorten the lock.
            return Some(locked);
        }
        self.consecutive_failures += 1;
        if self.consecutive_failures < MAX_CONSECUTIVE_FAILURES {
            return None;
        }
        // The count starts again after the lock, giving five more tries.
        self.consecutive_failures = 0;
        self.locked_until_ms = Some(now_ms.saturating_add(LOCKOUT_MS));
        Some(LockedOut {
            retry_after_ms: LOCKOUT_MS,
        })
    }

    /// Clears the count after a right password.
    pub fn record_success(&mut self) {
        *self = SignInGuard::default();
    }

    /// Wrong passwords since the last success or lock.
    pub fn consecutive_failures(&self) -> u32 {
        self.consecutive_failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_750_000_000_000;
    const MINUTE: u64 = 60_000;

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let mut guard = SignInGuard::new();
        for i in 0..4 {
            assert_eq!(guard.record_failure(T0 + i), None, "failure {}", i + 1);
            assert_eq!(guard.check(T0 + i), Ok(()));
        }
        assert_eq!(
            guard.record_failure(T0 + 4),
            Some(LockedOut {
                retry_after_ms: 15 * MINUTE
            })
        );
        assert_eq!(
            guard.check(T0 + 4 + MINUTE),
            Err(LockedOut {
                retry_after_ms: 14 * MINUTE
            })
        );
        assert_eq!(
            guard.check(T0 + 4 + 15 * MINUTE - 1),
            Err(LockedOut { retry_after_ms: 1 })
        );
        assert_eq!(guard.check(T0 + 4 + 15 * MINUTE), Ok(()));
    }

    #[test]
    fn after_the_lock_five_more_tries_are_allowed() {
        let mut guard = SignInGuard::new();
        for _ in 0..5 {
            guard.record_failure(T0);
        }
        let after = T0 + 15 * MINUTE;
        for i in 0..4 {
            assert_eq!(guard.record_failure(after + i), None);
        }
        assert!(guard.record_failure(after + 4).is_some());
    }

    #[test]
    fn a_success_resets_the_count() {
        let mut guard = SignInGuard::new();
        for _ in 0..4 {
            guard.record_failure(T0);
        }
        guard.record_success();
        assert_eq!(guard.consecutive_failures(), 0);
        for _ in 0..4 {
            assert_eq!(
                guard.record_failure(T0),
                None,
                "four after a success must not lock"
            );
        }
    }

    #[test]
    fn failures_while_locked_do_not_extend_the_lock() {
        let mut guard = SignInGuard::new();
        for _ in 0..5 {
            guard.record_failure(T0);
        }
        guard.record_failure(T0 + 10 * MINUTE);
        assert_eq!(guard.check(T0 + 15 * MINUTE), Ok(()));
    }

    #[test]
    fn the_message_rounds_minutes_up() {
        let locked = LockedOut {
            retry_after_ms: 60_001,
        };
        assert_eq!(
            locked.to_string(),
            "too many wrong passwords; try again in 2 min"
        );
    }
}
