//! The clerk signed in at a desk: who, with which role, since when and last
//! active when. Signed out on request, and on the first command after the
//! inactivity limit.

use std::sync::{Mutex, MutexGuard};

use courtdesk_identity::staff::{InactivityPolicy, Role, StaffAction};

use crate::{ApiError, ErrorCode};

/// A signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignedIn {
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) role: Role,
    /// Signed in against the credential cached here, the server unreachable.
    pub(crate) offline: bool,
    pub(crate) last_activity_ms: u64,
}

/// The desk's sign-in state.
#[derive(Debug)]
pub(crate) struct StaffDesk {
    signed_in: Mutex<Option<SignedIn>>,
    policy: InactivityPolicy,
}

impl StaffDesk {
    pub(crate) fn new(policy: InactivityPolicy) -> StaffDesk {
        StaffDesk {
            signed_in: Mutex::new(None),
            policy,
        }
    }

    pub(crate) fn policy(&self) -> InactivityPolicy {
        self.policy
    }

    fn lock(&self) -> MutexGuard<'_, Option<SignedIn>> {
        // Each change is one assignment: a poisoned lock holds a whole value.
        self.signed_in.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn sign_in(&self, who: SignedIn) {
        tracing::info!(role = ?who.role, offline = who.offline, "staff signed in");
        *self.lock() = Some(who);
    }

    pub(crate) fn sign_out(&self) {
        if self.lock().take().is_some() {
            tracing::info!("staff signed out");
        }
    }

    /// Who is signed in at `now_ms`, signing out a session past the
    /// inactivity limit first. Does not count as activity.
    pub(crate) fn current(&self, now_ms: u64) -> Option<SignedIn> {
        let mut signed_in = self.lock();
        if signed_in
            .as_ref()
            .is_some_and(|s| self.policy.session_expired(s.last_activity_ms, now_ms))
        {
            tracing::info!("staff signed out after inactivity");
            *signed_in = None;
        }
        signed_in.clone()
    }

    /// Lets `action` through if someone is signed in whose role allows it,
    /// and counts it as activity.
    pub(crate) fn authorize(&self, action: StaffAction, now_ms: u64) -> Result<SignedIn, ApiError> {
        let Some(who) = self.current(now_ms) else {
            return Err(ApiError::new(
                ErrorCode::SignInRequired,
                "sign in at this desk first",
            ));
        };
        if !who.role.may(action) {
            return Err(ApiError::new(
                ErrorCode::NotPermitted,
                format!("the {:?} role may not do this", who.role),
            ));
        }
        let mut signed_in = self.lock();
        if let Some(current) = signed_in.as_mut() {
            current.last_activity_ms = now_ms;
        }
        Ok(who)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_750_000_000_000;

    fn desk() -> StaffDesk {
        StaffDesk::new(InactivityPolicy { timeout_ms: 60_000 })
    }

    fn clerk(at: u64) -> SignedIn {
        SignedIn {
            username: "li.ming".into(),
            display_name: "李明".into(),
            role: Role::Clerk,
            offline: false,
            last_activity_ms: at,
        }
    }

    #[test]
    fn nothing_is_allowed_before_sign_in_and_a_role_gates_what_is_allowed_after() {
        let desk = desk();
        let refused = desk
            .authorize(StaffAction::CallTicket, T0)
            .expect_err("nobody signed in");
        assert_eq!(refused.code, ErrorCode::SignInRequired);
        desk.sign_in(clerk(T0));
        desk.authorize(StaffAction::CallTicket, T0 + 1)
            .expect("a clerk calls");
        let refused = desk
            .authorize(StaffAction::ManageAccounts, T0 + 2)
            .expect_err("a clerk manages no accounts");
        assert_eq!(refused.code, ErrorCode::NotPermitted);
    }

    #[test]
    fn activity_keeps_the_session_and_inactivity_ends_it() {
        let desk = desk();
        desk.sign_in(clerk(T0));
        desk.authorize(StaffAction::CallTicket, T0 + 50_000)
            .expect("active");
        desk.authorize(StaffAction::CallTicket, T0 + 100_000)
            .expect("still active");
        assert!(desk.current(T0 + 159_999).is_some());
        assert!(
            desk.current(T0 + 160_000).is_none(),
            "a minute without input"
        );
        assert_eq!(
            desk.authorize(StaffAction::CallTicket, T0 + 160_001)
                .expect_err("signed out")
                .code,
            ErrorCode::SignInRequired
        );
    }
}
