//! Staff accounts as an administrator manages them: add, list, disable,
//! enable, set a password. Blocking, like the store.

use std::fmt;
use std::sync::Arc;

use courtdesk_identity::staff::{
    PasswordCost, PasswordHashError, PasswordPolicyError, PasswordVerifier, Role, SignInGuard,
    check_password_policy, hash_password_with,
};
use rand::rngs::OsRng;

use super::clock::IdentityClock;
use crate::settings::Settings;
use crate::store::{self, CentralStore, StaffAccount, StoreError};

/// Usernames: 3 to 32 of `a-z 0-9 . _ -`, starting with a letter or digit.
const MIN_USERNAME: usize = 3;
const MAX_USERNAME: usize = 32;
const MAX_NAME_CHARS: usize = 64;

/// Why an account could not be changed. No variant carries a password.
#[derive(Debug, thiserror::Error)]
pub enum StaffAccountError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "a username is {MIN_USERNAME} to {MAX_USERNAME} of a-z, 0-9, '.', '_' and '-', \
         starting with a letter or digit"
    )]
    BadUsername,
    #[error("a display name is 1 to {MAX_NAME_CHARS} characters without control characters")]
    BadDisplayName,
    #[error("the password is refused: {0}")]
    Password(#[source] PasswordPolicyError),
    #[error("the password could not be hashed")]
    Hash(#[source] PasswordHashError),
    #[error("the username {0} is taken")]
    Taken(String),
    #[error("no staff account {0}")]
    Unknown(String),
}

/// An account to create. `Debug` hides the password.
#[derive(Clone)]
pub struct NewStaffAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

impl fmt::Debug for NewStaffAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewStaffAccount")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// The usernames as stored: trimmed and lowercase, so sign-in ignores
/// ASCII case as the offline cache does.
pub(crate) fn normalize_username(text: &str) -> Result<String, StaffAccountError> {
    let name = text.trim().to_ascii_lowercase();
    let fine = (MIN_USERNAME..=MAX_USERNAME).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if fine {
        Ok(name)
    } else {
        Err(StaffAccountError::BadUsername)
    }
}

/// The staff accounts of one store.
#[derive(Debug, Clone)]
pub struct StaffAccounts {
    store: Arc<dyn CentralStore>,
    cost: PasswordCost,
    clock: IdentityClock,
}

impl StaffAccounts {
    /// Opens the store the settings name.
    pub fn open(settings: &Settings) -> Result<StaffAccounts, StaffAccountError> {
        let store = store::open(&settings.database())?;
        Ok(StaffAccounts::new(
            store,
            settings.identity.password_cost,
            settings.identity.clock.clone(),
        ))
    }

    pub(crate) fn new(
        store: Arc<dyn CentralStore>,
        cost: PasswordCost,
        clock: IdentityClock,
    ) -> StaffAccounts {
        StaffAccounts { store, cost, clock }
    }

    fn verifier(
        &self,
        username: &str,
        password: &str,
    ) -> Result<PasswordVerifier, StaffAccountError> {
        check_password_policy(password, username).map_err(StaffAccountError::Password)?;
        hash_password_with(password, self.cost, &mut OsRng).map_err(StaffAccountError::Hash)
    }

    /// Creates an account after checking the password against the policy.
    pub fn add(&self, account: &NewStaffAccount) -> Result<StaffAccount, StaffAccountError> {
        let username = normalize_username(&account.username)?;
        let display_name = account.display_name.trim();
        let count = display_name.chars().count();
        if count == 0 || count > MAX_NAME_CHARS || display_name.chars().any(char::is_control) {
            return Err(StaffAccountError::BadDisplayName);
        }
        let verifier = self.verifier(&username, &account.password)?;
        let now = self.clock.now_ms();
        let row = StaffAccount {
            username: username.clone(),
            display_name: display_name.to_owned(),
            role: account.role,
            verifier,
            guard: SignInGuard::new(),
            disabled_ms: None,
            created_ms: now,
            password_changed_ms: now,
        };
        if self.store.add_staff(&row)? {
            Ok(row)
        } else {
            Err(StaffAccountError::Taken(username))
        }
    }

    /// Every account, by username.
    pub fn list(&self) -> Result<Vec<StaffAccount>, StaffAccountError> {
        Ok(self.store.staff_accounts()?)
    }

    /// Refuses the account's later online sign-ins; cached credentials at
    /// desks lapse within their offline validity (72 hours); its sessions at
    /// the server end at once.
    pub fn disable(&self, username: &str) -> Result<(), StaffAccountError> {
        self.set_disabled(username, Some(self.clock.now_ms()))
    }

    /// Lets a disabled account sign in again.
    pub fn enable(&self, username: &str) -> Result<(), StaffAccountError> {
        self.set_disabled(username, None)
    }

    fn set_disabled(&self, username: &str, when: Option<u64>) -> Result<(), StaffAccountError> {
        let username = normalize_username(username)?;
        if self.store.set_staff_disabled(&username, when)? {
            Ok(())
        } else {
            Err(StaffAccountError::Unknown(username))
        }
    }

    /// Sets a new password (checked against the policy) and lifts any lock.
    pub fn set_password(&self, username: &str, password: &str) -> Result<(), StaffAccountError> {
        let username = normalize_username(username)?;
        let verifier = self.verifier(&username, password)?;
        let now = self.clock.now_ms();
        if self
            .store
            .set_staff_verifier(&username, verifier.as_phc(), now, true)?
        {
            Ok(())
        } else {
            Err(StaffAccountError::Unknown(username))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_folded_to_lowercase_and_checked() {
        assert_eq!(
            normalize_username(" Zhang.Wei ").ok().as_deref(),
            Some("zhang.wei")
        );
        for bad in ["ab", ".hidden", "张伟", "a b c", &"a".repeat(33)] {
            assert!(normalize_username(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn debug_of_a_new_account_hides_the_password() {
        let account = NewStaffAccount {
            username: "zhang.wei".into(),
            display_name: "张伟".into(),
            role: Role::Clerk,
            password: "Court-desk 2024".into(),
        };
        assert!(!format!("{account:?}").contains("Court-desk"));
    }
}
