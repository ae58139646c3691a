//! Signing staff in and out at a desk. Online, the server checks the
//! password and sends the verifier this desk caches; offline, the cached
//! verifier checks it, for accounts that signed in here online within the
//! last 72 hours, and only while the server cannot be reached at all.
//! Wrong passwords lock the account here as on the server.

use courtdesk_identity::staff::{
    CachedCredential, OfflineSignInError, PasswordVerifier, Role, SignInGuard,
};
use courtdesk_protocol::api::{StaffRole, StaffSignInRequest, StaffSignedIn};
use courtdesk_sync::IdentityError;
use serde::Serialize;
use ts_rs::TS;

use crate::commands::identity_kiosk::{remote_error, settle, unreachable};
use crate::identity::staff::SignedIn;
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// The signed-in staff member, as the desk shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StaffView {
    pub username: String,
    pub display_name: String,
    /// `clerk`, `supervisor` or `administrator`.
    pub role: String,
    /// Signed in against this desk's cached credential, the server
    /// unreachable.
    pub offline: bool,
    /// Minutes without input after which the desk signs out.
    pub idle_minutes: u32,
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Clerk => "clerk",
        Role::Supervisor => "supervisor",
        Role::Administrator => "administrator",
    }
}

fn locked(retry_after_ms: u64) -> ApiError {
    ApiError::new(ErrorCode::AccountLocked, "too many wrong passwords")
        .with_detail(retry_after_ms.div_ceil(60_000))
}

impl Terminal {
    fn guard(&self, username: &str) -> Result<SignInGuard, ApiError> {
        Ok(match self.store().staff_guard(username)? {
            Some(json) => serde_json::from_str(&json).unwrap_or_else(|_| {
                tracing::warn!("a stored sign-in guard was unreadable; starting afresh");
                SignInGuard::new()
            }),
            None => SignInGuard::new(),
        })
    }

    fn save_guard(&self, username: &str, guard: &SignInGuard) -> Result<(), ApiError> {
        let json = serde_json::to_string(guard)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "a sign-in guard was unwritable"))?;
        Ok(self.store().put_staff_guard(username, &json)?)
    }

    fn view(&self, who: &SignedIn) -> StaffView {
        StaffView {
            username: who.username.clone(),
            display_name: who.display_name.clone(),
            role: role_name(who.role).to_owned(),
            offline: who.offline,
            idle_minutes: u32::try_from(self.staff_desk().policy().timeout_ms / 60_000)
                .unwrap_or(u32::MAX),
        }
    }

    pub fn staff_sign_in(&self, username: &str, password: &str) -> Result<StaffView, ApiError> {
        let username = username.trim();
        if username.is_empty() || username.len() > 64 || password.is_empty() || password.len() > 128
        {
            return Err(ApiError::new(
                ErrorCode::WrongCredentials,
                "the username or password is wrong",
            ));
        }
        let now = now_ms();
        let mut guard = self.guard(username)?;
        guard
            .check(now)
            .map_err(|lock| locked(lock.retry_after_ms))?;
        let online = self.sync_link().map(|link| {
            let request = StaffSignInRequest {
                username: username.to_owned(),
                password: password.to_owned(),
            };
            settle(link.ask(move |central| async move { central.staff_sign_in(&request).await }))
        });
        let who = match online {
            Some(Ok(signed)) => {
                if let Some(link) = self.sync_link() {
                    link.central()
                        .set_clerk_session(Some(signed.session.clone()));
                }
                self.cache_credential(username, signed, now)?
            }
            Some(Err(Ok(IdentityError::WrongCredentials))) => {
                return Err(self.wrong_password(username, &mut guard, now));
            }
            Some(Err(Ok(IdentityError::AccountDisabled))) => {
                self.store().forget_staff_credential(username)?;
                return Err(remote_error(Ok(IdentityError::AccountDisabled)));
            }
            // Only a server that cannot be reached at all lets the cached
            // credential decide: a refusal, a rate limit, a replay or a
            // server failure is the server's answer, not its absence.
            Some(Err(failure)) if !unreachable(&failure) => {
                return Err(remote_error(failure));
            }
            Some(Err(_)) | None => {
                if let Some(link) = self.sync_link() {
                    link.central().set_clerk_session(None);
                }
                self.sign_in_offline(username, password, &mut guard, now)?
            }
        };
        guard.record_success();
        self.save_guard(username, &guard)?;
        let view = self.view(&who);
        self.staff_desk().sign_in(who);
        Ok(view)
    }

    /// Keeps what an online sign-in sent for signing in offline later.
    fn cache_credential(
        &self,
        username: &str,
        signed: StaffSignedIn,
        now: u64,
    ) -> Result<SignedIn, ApiError> {
        let verifier = PasswordVerifier::from_phc(&signed.verifier).map_err(|_| {
            ApiError::new(ErrorCode::Internal, "the server sent an unusable verifier")
        })?;
        let role = match signed.role {
            StaffRole::Clerk => Role::Clerk,
            StaffRole::Supervisor => Role::Supervisor,
            StaffRole::Administrator => Role::Administrator,
        };
        let credential = CachedCredential {
            username: signed.username.clone(),
            role,
            verifier,
            // The server's clock at the sign-in starts the offline window;
            // a desk clock set back cannot stretch it (`is_fresh`).
            cached_at_ms: signed.cached_at_ms,
        };
        let json = serde_json::to_string(&credential)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "a credential was unwritable"))?;
        self.store().put_staff_credential(username, &json)?;
        Ok(SignedIn {
            username: signed.username,
            display_name: signed.display_name,
            role,
            offline: false,
            last_activity_ms: now,
        })
    }

    fn sign_in_offline(
        &self,
        username: &str,
        password: &str,
        guard: &mut SignInGuard,
        now: u64,
    ) -> Result<SignedIn, ApiError> {
        let credential: Option<CachedCredential> = self
            .store()
            .staff_credential(username)?
            .and_then(|json| serde_json::from_str(&json).ok());
        let Some(credential) = credential else {
            return Err(ApiError::new(
                ErrorCode::OfflineNotCachedHere,
                "offline, and this account has not signed in here online",
            ));
        };
        match credential.sign_in_offline(username, password, now) {
            Ok(role) => Ok(SignedIn {
                username: credential.username.clone(),
                // The name is not cached: offline, the desk greets the username.
                display_name: credential.username,
                role,
                offline: true,
                last_activity_ms: now,
            }),
            Err(OfflineSignInError::WrongPassword) => {
                Err(self.wrong_password(username, guard, now))
            }
            Err(OfflineSignInError::CacheTooOld) => Err(ApiError::new(
                ErrorCode::OfflineCacheTooOld,
                "offline, and this desk's copy of the account is too old",
            )),
            Err(OfflineSignInError::NotCachedHere) => Err(ApiError::new(
                ErrorCode::OfflineNotCachedHere,
                "offline, and this account has not signed in here online",
            )),
        }
    }

    /// Counts a wrong password against the account here; the error says
    /// whether that locked it.
    fn wrong_password(&self, username: &str, guard: &mut SignInGuard, now: u64) -> ApiError {
        let lock = guard.record_failure(now);
        if let Err(error) = self.save_guard(username, guard) {
            return error;
        }
        match lock {
            Some(lock) => locked(lock.retry_after_ms),
            None => ApiError::new(
                ErrorCode::WrongCredentials,
                "the username or password is wrong",
            ),
        }
    }

    /// Signs the clerk out here at once, and ends their session at the
    /// server in the background (a server that cannot be told ends it at
    /// its idle limit).
    pub fn staff_sign_out(&self) -> Result<(), ApiError> {
        self.staff_desk().sign_out();
        if let Some(link) = self.sync_link() {
            link.spawn(|central| async move {
                if let Err(error) = central.staff_sign_out().await {
                    tracing::info!(%error, "the server was not told of the sign-out");
                }
            });
        }
        Ok(())
    }

    /// The screen's error for a clerk's request the server refused because
    /// the clerk's session there is over (signed out elsewhere, disabled,
    /// idle or expired): the desk signs the clerk out too, so the screen
    /// asks for the password again.
    pub(crate) fn session_refused(&self) -> ApiError {
        self.staff_desk().sign_out();
        if let Some(link) = self.sync_link() {
            link.central().set_clerk_session(None);
        }
        ApiError::new(
            ErrorCode::SignInRequired,
            "the court server asks the clerk to sign in again",
        )
    }

    pub fn staff_current(&self) -> Result<Option<StaffView>, ApiError> {
        Ok(self
            .staff_desk()
            .current(now_ms())
            .map(|who| self.view(&who)))
    }
}
