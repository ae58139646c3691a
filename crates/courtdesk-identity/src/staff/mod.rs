//! Staff accounts: roles and permissions, passwords, offline sign-in, lockout, idle sign-out.

mod cached;
mod clerk_session;
mod guard;
mod password;
mod policy;
mod role;
mod session;

pub use self::cached::{CachedCredential, OFFLINE_CREDENTIAL_MAX_AGE_MS, OfflineSignInError};
pub use self::clerk_session::{
    ClerkSessionPolicy, ClerkSessionTimes, RECORD_CLOCK_TOLERANCE_MS, SessionOver, Unvouched,
    vouch_record,
};
pub use self::guard::{LOCKOUT_MS, LockedOut, MAX_CONSECUTIVE_FAILURES, SignInGuard};
pub use self::password::{
    PasswordCost, PasswordHashError, PasswordVerifier, hash_password, hash_password_with,
};
pub use self::policy::{
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordPolicyError, check_password_policy,
};
pub use self::role::{Role, StaffAction};
pub use self::session::InactivityPolicy;
