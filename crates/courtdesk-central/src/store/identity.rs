//! What the stores keep about parties and staff accounts, and the lockout
//! step both stores run inside their transaction.
//!
//! Nothing here holds a plain resident ID number or phone number: the
//! server derives the stored forms (a keyed hash, a sealed phone, masks)
//! before a row reaches the store.

use std::fmt;

use courtdesk_identity::staff::{LockedOut, PasswordVerifier, Role, SignInGuard};

use super::StoreError;

/// A court and site whose kiosks may send a party codes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartySite {
    pub court_id: String,
    pub site_id: String,
}

/// A party as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct PartyOnFile {
    /// A random id the server gives the party (32 lowercase hex digits).
    pub id: String,
    /// HMAC-SHA256 of the 18-character ID number under the server's lookup
    /// key, lowercase hex.
    pub resident_id_lookup: String,
    /// E.g. `110***********002X`.
    pub resident_id_masked: String,
    /// The phone number sealed under the server's phone key, bound to `id`.
    pub phone_sealed: String,
    /// E.g. `138****5678`.
    pub phone_masked: String,
    pub display_name: String,
    pub sites: Vec<PartySite>,
    pub created_ms: u64,
}

impl PartyOnFile {
    /// Whether a terminal of `court_id`/`site_id` may send this party codes.
    pub fn is_at(&self, court_id: &str, site_id: &str) -> bool {
        self.sites
            .iter()
            .any(|site| site.court_id == court_id && site.site_id == site_id)
    }
}

impl fmt::Debug for PartyOnFile {
    /// The name is personal data; the rest is derived or masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartyOnFile")
            .field("id", &self.id)
            .field("resident_id_masked", &self.resident_id_masked)
            .field("phone_masked", &self.phone_masked)
            .field("display_name", &"<redacted>")
            .field("sites", &self.sites)
            .field("created_ms", &self.created_ms)
            .finish_non_exhaustive()
    }
}

/// A staff account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccount {
    /// Lowercase; unique.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// argon2id PHC; its `Debug` is redacted.
    pub verifier: PasswordVerifier,
    pub guard: SignInGuard,
    pub disabled_ms: Option<u64>,
    pub created_ms: u64,
    pub password_changed_ms: u64,
}

/// How a sign-in attempt starts, decided in one transaction with the
/// account's lockout state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInStart {
    /// No account has this username; nothing is counted.
    Unknown,
    /// The account is locked; the password is not to be checked.
    Locked(LockedOut),
    /// The attempt is already counted as a failure, so concurrent guesses
    /// cannot slip past the limit; a right password then clears the count
    /// ([`super::CentralStore::sign_in_succeeded`]). `locked_if_wrong` is
    /// the lock this attempt set, which stands if the password is wrong.
    Counted {
        account: Box<StaffAccount>,
        locked_if_wrong: Option<LockedOut>,
    },
}

/// Counts an attempt on `guard` before its password is checked.
pub(crate) fn count_attempt(
    guard: &mut SignInGuard,
    now_ms: u64,
) -> Result<Option<LockedOut>, LockedOut> {
    guard.check(now_ms)?;
    Ok(guard.record_failure(now_ms))
}

pub(crate) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Clerk => "clerk",
        Role::Supervisor => "supervisor",
        Role::Administrator => "administrator",
    }
}

pub(crate) fn role_from_name(name: &str) -> Result<Role, StoreError> {
    match name {
        "clerk" => Ok(Role::Clerk),
        "supervisor" => Ok(Role::Supervisor),
        "administrator" => Ok(Role::Administrator),
        other => Err(StoreError::Corrupt(format!("staff role {other:?}"))),
    }
}

pub(crate) fn guard_json(guard: &SignInGuard) -> String {
    // A struct of two numbers always serializes.
    serde_json::to_string(guard).unwrap_or_else(|_| String::from("{}"))
}

pub(crate) fn guard_from_json(text: &str) -> Result<SignInGuard, StoreError> {
    serde_json::from_str(text).map_err(|_| StoreError::Corrupt("sign-in guard".into()))
}

pub(crate) fn verifier_from_phc(phc: &str) -> Result<PasswordVerifier, StoreError> {
    PasswordVerifier::from_phc(phc)
        .map_err(|error| StoreError::Corrupt(format!("password verifier: {error}")))
}

#[cfg(test)]
mod tests {
    use courtdesk_identity::staff::{LOCKOUT_MS, MAX_CONSECUTIVE_FAILURES};

    use super::*;

    #[test]
    fn role_names_are_the_identity_crates_serde_names() {
        for role in [Role::Clerk, Role::Supervisor, Role::Administrator] {
            let serde = serde_json::to_value(role).expect("serializes");
            assert_eq!(serde.as_str(), Some(role_name(role)));
            assert_eq!(role_from_name(role_name(role)).ok(), Some(role));
        }
        assert!(role_from_name("judge").is_err());
    }

    #[test]
    fn attempts_are_counted_before_the_password_is_checked() {
        let mut guard = SignInGuard::new();
        for n in 1..MAX_CONSECUTIVE_FAILURES {
            assert_eq!(count_attempt(&mut guard, 0), Ok(None), "attempt {n}");
        }
        let lock = count_attempt(&mut guard, 0).expect("the fifth attempt is allowed");
        assert_eq!(
            lock.map(|l| l.retry_after_ms),
            Some(LOCKOUT_MS),
            "and sets the lock should it be wrong"
        );
        assert!(
            count_attempt(&mut guard, 1).is_err(),
            "the sixth is refused"
        );
        let read = guard_from_json(&guard_json(&guard)).expect("round-trips");
        assert_eq!(read, guard);
    }
}
