//! The credential a terminal keeps after an online sign-in, for signing in offline.

use serde::{Deserialize, Serialize};

use super::password::PasswordVerifier;
use super::role::Role;

/// How long a cached credential allows offline sign-in: 72 hours from the
/// last online sign-in, by the server's clock. Long enough to ride out a
/// network outage over a weekend, short enough that an account disabled on
/// the server stops working offline within three days.
pub const OFFLINE_CREDENTIAL_MAX_AGE_MS: u64 = 72 * 60 * 60 * 1_000;

/// What a terminal keeps after a staff member signs in online once.
///
/// Only the argon2id verifier is kept, never the password; its `Debug` is
/// redacted, so the derived `Debug` here shows username, role and age only.
/// The terminal's store must protect the cache from tampering: whoever can
/// rewrite it can put any verifier in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedCredential {
    /// The staff username, as the server spells it.
    pub username: String,
    /// The role the server gave the account at that sign-in.
    pub role: Role,
    /// The password verifier the server sent.
    pub verifier: PasswordVerifier,
    /// When the online sign-in happened.
    pub cached_at_ms: u64,
}

/// Why an offline sign-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OfflineSignInError {
    /// This terminal has no cached credential for that username.
    #[error("this account has not signed in on this terminal while online")]
    NotCachedHere,
    /// The cached credential is older than the offline limit.
    #[error("this terminal must be online to sign this account in again")]
    CacheTooOld,
    /// The password does not match.
    #[error("the username or password is wrong")]
    WrongPassword,
}

impl OfflineSignInError {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotCachedHere => "offline_not_cached_here",
            Self::CacheTooOld => "offline_cache_too_old",
            Self::WrongPassword => "offline_wrong_password",
        }
    }
}

impl CachedCredential {
    /// Whether the credential is still young enough for offline sign-in at
    /// `now_ms`. `cached_at_ms` is the server's clock at the online
    /// sign-in; a desk clock that reads more than a few minutes earlier has
    /// been set back, and a clock set back cannot stretch the window, so the
    /// credential is refused until the desk is online again.
    pub fn is_fresh(&self, now_ms: u64) -> bool {
        const CLOCK_SLACK_MS: u64 = 5 * 60 * 1_000;
        now_ms.saturating_add(CLOCK_SLACK_MS) >= self.cached_at_ms
            && now_ms.saturating_sub(self.cached_at_ms) < OFFLINE_CREDENTIAL_MAX_AGE_MS
    }

    /// Signs `username` in offline with `password`, returning the cached role.
    ///
    /// Usernames match ignoring surrounding spaces and ASCII case. The caller
    /// wraps this in the account's [`SignInGuard`](super::SignInGuard) so
    /// offline guessing meets the same lockout as online.
    pub fn sign_in_offline(
        &self,
        username: &str,
        password: &str,
        now_ms: u64,
    ) -> Result<Role, OfflineSignInError> {
        if !self.username.trim().eq_ignore_ascii_case(username.trim()) {
            return Err(OfflineSignInError::NotCachedHere);
        }
        if !self.is_fresh(now_ms) {
            return Err(OfflineSignInError::CacheTooOld);
        }
        if !self.verifier.verify(password) {
            return Err(OfflineSignInError::WrongPassword);
        }
        Ok(self.role)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::staff::password::{hash_password_with, tests::cheap};

    const DAY: u64 = 24 * 60 * 60 * 1_000;
    const T0: u64 = 1_750_000_000_000;

    fn cached() -> CachedCredential {
        let mut rng = StdRng::seed_from_u64(8);
        CachedCredential {
            username: "zhang.wei".to_owned(),
            role: Role::Clerk,
            verifier: hash_password_with("Court-desk 2024", cheap(), &mut rng).expect("hashes"),
            cached_at_ms: T0,
        }
    }

    #[test]
    fn the_cached_account_signs_in_offline_with_its_password() {
        let credential = cached();
        assert_eq!(
            credential.sign_in_offline(" Zhang.Wei ", "Court-desk 2024", T0 + DAY),
            Ok(Role::Clerk)
        );
        assert_eq!(
            credential.sign_in_offline("zhang.wei", "court-desk 2024", T0 + DAY),
            Err(OfflineSignInError::WrongPassword)
        );
        assert_eq!(
            credential.sign_in_offline("li.na", "Court-desk 2024", T0 + DAY),
            Err(OfflineSignInError::NotCachedHere)
        );
    }

    #[test]
    fn offline_sign_in_stops_seventy_two_hours_after_caching() {
        let credential = cached();
        assert_eq!(
            credential.sign_in_offline("zhang.wei", "Court-desk 2024", T0 + 3 * DAY - 1),
            Ok(Role::Clerk)
        );
        assert_eq!(
            credential.sign_in_offline("zhang.wei", "Court-desk 2024", T0 + 3 * DAY),
            Err(OfflineSignInError::CacheTooOld)
        );
    }

    #[test]
    fn a_desk_clock_set_back_cannot_stretch_the_offline_window() {
        let credential = cached();
        assert_eq!(
            credential.sign_in_offline("zhang.wei", "Court-desk 2024", T0 - 60_000),
            Ok(Role::Clerk),
            "a minute of skew is tolerated"
        );
        assert_eq!(
            credential.sign_in_offline("zhang.wei", "Court-desk 2024", T0 - DAY),
            Err(OfflineSignInError::CacheTooOld),
            "a desk clock a day behind the server's sign-in"
        );
    }

    #[test]
    fn the_cache_round_trips_and_debug_hides_the_verifier() {
        let credential = cached();
        let json = serde_json::to_string(&credential).expect("serializes");
        let back: CachedCredential = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, credential);
        let debug = format!("{credential:?}");
        assert!(!debug.contains(credential.verifier.as_phc()), "{debug}");
        assert!(debug.contains("zhang.wei"), "{debug}");
    }
}
