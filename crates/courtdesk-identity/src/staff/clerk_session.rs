//! A clerk's session at the server: opened by an online sign-in at one
//! desk, ended by sign-out, by the account being disabled, after an idle
//! limit, and at an absolute limit however busy the clerk is.

use serde::{Deserialize, Serialize};

/// The limits of a clerk's session at the server. The defaults: 30 minutes
/// idle (longer than the desk's own 10-minute sign-out, so the desk, which
/// sees every keystroke, signs out first) and 12 hours in all (a working
/// day; the next day starts with a sign-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClerkSessionPolicy {
    /// Time without a request for the clerk after which the session is over.
    pub idle_ms: u64,
    /// Time after sign-in after which the session is over regardless.
    pub max_ms: u64,
}

impl Default for ClerkSessionPolicy {
    fn default() -> Self {
        ClerkSessionPolicy {
            idle_ms: 30 * 60 * 1_000,
            max_ms: 12 * 60 * 60 * 1_000,
        }
    }
}

/// A session as the server keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClerkSessionTimes {
    pub opened_ms: u64,
    pub last_used_ms: u64,
    /// When it was ended by sign-out or by disabling the account.
    pub ended_ms: Option<u64>,
}

/// Why a session no longer acts for its clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionOver {
    #[error("the clerk signed out or the account was disabled")]
    Ended,
    #[error("the session was idle too long")]
    Idle,
    #[error("the session reached its absolute limit")]
    Expired,
}

impl ClerkSessionPolicy {
    /// Whether a session with these times still acts for its clerk at
    /// `now_ms`. A clock reading earlier than the last use counts as no time
    /// passed; the absolute limit counts from the opening.
    pub fn check(&self, times: ClerkSessionTimes, now_ms: u64) -> Result<(), SessionOver> {
        if times.ended_ms.is_some() {
            return Err(SessionOver::Ended);
        }
        if now_ms.saturating_sub(times.opened_ms) >= self.max_ms {
            return Err(SessionOver::Expired);
        }
        if now_ms.saturating_sub(times.last_used_ms) >= self.idle_ms {
            return Err(SessionOver::Idle);
        }
        Ok(())
    }

    /// When a session opened at `opened_ms` ends at the latest.
    pub fn expires_ms(&self, opened_ms: u64) -> u64 {
        opened_ms.saturating_add(self.max_ms)
    }
}

/// How far a desk's clock may run ahead of the server's when the server
/// matches a record's time against a sign-in: a record stamped a little
/// before the sign-in the server saw is still the clerk's.
pub const RECORD_CLOCK_TOLERANCE_MS: u64 = 5 * 60 * 1_000;

/// Why the server cannot vouch that a clerk was signed in at a desk when a
/// record naming them was made there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unvouched {
    /// The clerk never signed in at that desk online before the record.
    #[error("the clerk had not signed in at this desk")]
    NoSignIn,
    /// The last online sign-in there is older than an offline sign-in can
    /// reach ([`OFFLINE_CREDENTIAL_MAX_AGE_MS`]).
    #[error("the clerk's last sign-in at this desk is too old to cover the record")]
    SignInTooOld,
}

/// Whether a record a desk made at `made_ms` (the desk's clock) for a clerk
/// falls under a sign-in of that clerk at that desk. `last_sign_in_ms` is
/// the latest online sign-in (a session the server opened) of the clerk at
/// the desk no later than `made_ms` plus [`RECORD_CLOCK_TOLERANCE_MS`].
///
/// A record made online falls inside that session; one made offline falls
/// inside the offline window the session's cached verifier allows. The
/// server cannot tell the two apart (an offline desk may not reach it), so
/// it holds every record to the wider bound; the account's disabling is
/// checked separately.
pub fn vouch_record(last_sign_in_ms: Option<u64>, made_ms: u64) -> Result<(), Unvouched> {
    let opened = last_sign_in_ms.ok_or(Unvouched::NoSignIn)?;
    let reach = opened
        .saturating_add(super::OFFLINE_CREDENTIAL_MAX_AGE_MS)
        .saturating_add(RECORD_CLOCK_TOLERANCE_MS);
    if made_ms > reach {
        return Err(Unvouched::SignInTooOld);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_750_000_000_000;
    const MINUTE: u64 = 60_000;

    fn opened(at: u64) -> ClerkSessionTimes {
        ClerkSessionTimes {
            opened_ms: at,
            last_used_ms: at,
            ended_ms: None,
        }
    }

    #[test]
    fn a_session_lives_while_used_until_its_absolute_limit() {
        let policy = ClerkSessionPolicy::default();
        let mut times = opened(T0);
        for step in 1..=23 {
            let now = T0 + step * 29 * MINUTE;
            assert_eq!(policy.check(times, now), Ok(()), "step {step}");
            times.last_used_ms = now;
        }
        assert_eq!(
            policy.check(times, T0 + 12 * 60 * MINUTE),
            Err(SessionOver::Expired)
        );
    }

    #[test]
    fn an_idle_session_ends() {
        let policy = ClerkSessionPolicy::default();
        assert_eq!(
            policy.check(opened(T0), T0 + 30 * MINUTE),
            Err(SessionOver::Idle)
        );
        assert_eq!(policy.check(opened(T0), T0 + 30 * MINUTE - 1), Ok(()));
    }

    #[test]
    fn an_ended_session_is_over_at_once() {
        let policy = ClerkSessionPolicy::default();
        let times = ClerkSessionTimes {
            ended_ms: Some(T0 + 1),
            ..opened(T0)
        };
        assert_eq!(policy.check(times, T0 + 2), Err(SessionOver::Ended));
    }

    #[test]
    fn a_clock_that_went_back_does_not_end_a_session() {
        let policy = ClerkSessionPolicy::default();
        assert_eq!(policy.check(opened(T0), T0 - 5 * MINUTE), Ok(()));
    }

    #[test]
    fn a_record_is_vouched_for_within_the_offline_reach_of_a_sign_in() {
        let hour = 60 * MINUTE;
        assert_eq!(vouch_record(None, T0), Err(Unvouched::NoSignIn));
        assert_eq!(vouch_record(Some(T0), T0 + 3 * MINUTE), Ok(()));
        assert_eq!(vouch_record(Some(T0), T0 + 72 * hour), Ok(()));
        assert_eq!(
            vouch_record(Some(T0), T0 + 72 * hour + RECORD_CLOCK_TOLERANCE_MS),
            Ok(())
        );
        assert_eq!(
            vouch_record(Some(T0), T0 + 72 * hour + RECORD_CLOCK_TOLERANCE_MS + 1),
            Err(Unvouched::SignInTooOld)
        );
    }
}
