//! `POST /v1/staff/sign-in`: a staff member signs in at a desk, which caches
//! the answer for signing in offline later.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use courtdesk_core::Mode;
use courtdesk_identity::staff::{
    LockedOut, OFFLINE_CREDENTIAL_MAX_AGE_MS, PasswordVerifier, Role, hash_password_with,
};
use courtdesk_protocol::api::{ErrorBody, ErrorCode, StaffRole, StaffSignInRequest, StaffSignedIn};
use rand::rngs::OsRng;

use super::accounts::normalize_username;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::Central;
use crate::store::{SignInStart, StaffAccount};

fn wrong_credentials() -> ApiError {
    ApiError::new(
        ErrorCode::WrongCredentials,
        "the username or password is wrong",
    )
}

fn locked(lock: LockedOut) -> ApiError {
    ApiError::new(ErrorCode::AccountLocked, lock.to_string()).with_retry_after(lock.retry_after_ms)
}

pub(crate) fn wire_role(role: Role) -> StaffRole {
    match role {
        Role::Clerk => StaffRole::Clerk,
        Role::Supervisor => StaffRole::Supervisor,
        Role::Administrator => StaffRole::Administrator,
    }
}

/// Checks `password` on the blocking pool: argon2id spends tens of
/// milliseconds and 19 MiB on purpose.
async fn verify(verifier: Option<PasswordVerifier>, password: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || verifier.is_some_and(|v| v.verify(&password)))
        .await
        .map_err(|error| ApiError::internal(&error))
}

/// 200 signed in; 403 wrong or disabled; 423 locked.
#[utoipa::path(post, path = "/v1/staff/sign-in", tag = "identity",
    request_body = StaffSignInRequest,
    responses(
        (status = 200, description = "Signed in: the role, the name, the verifier the desk caches for offline sign-in until `offline_valid_until_ms`, and the clerk's session for the desk's requests", body = StaffSignedIn),
        (status = 400, description = "`bad_request`: malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked, or is not a staff desk; `wrong_credentials`: the username or password is wrong; `account_disabled`: the password is right but the account is disabled", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 423, description = "`account_locked`: too many wrong passwords, with `retry_after_ms`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn sign_in(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<StaffSignedIn>, ApiError> {
    if request.terminal.mode != Mode::Staff {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "staff sign in at staff desks only",
        ));
    }
    // A sign-in counts towards the account's lock and opens a session.
    request.spend_nonce(&central).await?;
    let terminal = request.terminal;
    let body: StaffSignInRequest =
        serde_json::from_slice(&request.body).map_err(|e| ApiError::malformed_json(&e))?;
    let identity = &central.identity;
    let now = identity.clock.now_ms();
    // A name that cannot be a username is an unknown one.
    let username = normalize_username(&body.username).ok();
    let start = match username.clone() {
        Some(username) => {
            central
                .with_store(move |store| store.begin_sign_in(&username, now))
                .await?
        }
        None => SignInStart::Unknown,
    };
    let (account, locked_if_wrong) = match start {
        SignInStart::Unknown => {
            // The same hashing time as a known account, so timing does not
            // tell which usernames exist.
            verify(identity.decoy().cloned(), body.password).await?;
            tracing::info!(terminal = %terminal.id, "staff sign-in with an unknown username");
            return Err(wrong_credentials());
        }
        SignInStart::Locked(lock) => {
            tracing::info!(terminal = %terminal.id, username = ?username, "staff sign-in refused: locked");
            return Err(locked(lock));
        }
        SignInStart::Counted {
            account,
            locked_if_wrong,
        } => (*account, locked_if_wrong),
    };
    let password = body.password;
    if !verify(Some(account.verifier.clone()), password.clone()).await? {
        tracing::info!(terminal = %terminal.id, username = %account.username, locked = locked_if_wrong.is_some(), "staff sign-in with a wrong password");
        return Err(locked_if_wrong.map_or_else(wrong_credentials, locked));
    }
    let name = account.username.clone();
    central
        .with_store(move |store| store.sign_in_succeeded(&name))
        .await?;
    if account.disabled_ms.is_some() {
        tracing::info!(terminal = %terminal.id, username = %account.username, "staff sign-in refused: disabled");
        return Err(ApiError::new(
            ErrorCode::AccountDisabled,
            "this account is disabled",
        ));
    }
    let verifier = rehashed(&central, &account, password, now).await?;
    let (session, session_expires_ms) =
        super::sessions::open(&central, &terminal.id, &account.username, now).await?;
    tracing::info!(terminal = %terminal.id, username = %account.username, role = ?account.role, "staff signed in");
    Ok(Json(StaffSignedIn {
        username: account.username,
        display_name: account.display_name,
        role: wire_role(account.role),
        verifier: verifier.as_phc().to_owned(),
        cached_at_ms: now,
        offline_valid_until_ms: now.saturating_add(OFFLINE_CREDENTIAL_MAX_AGE_MS),
        session,
        session_expires_ms,
    }))
}

/// The account's verifier, made again at the configured cost (and stored)
/// when it was made at another, so raising the cost reaches every account
/// at its next sign-in.
async fn rehashed(
    central: &Central,
    account: &StaffAccount,
    password: String,
    now: u64,
) -> Result<PasswordVerifier, ApiError> {
    let cost = central.identity.password_cost;
    if !account.verifier.needs_rehash(cost) {
        return Ok(account.verifier.clone());
    }
    let fresh =
        tokio::task::spawn_blocking(move || hash_password_with(&password, cost, &mut OsRng))
            .await
            .map_err(|error| ApiError::internal(&error))?
            .map_err(|error| ApiError::internal(&error))?;
    let (username, phc) = (account.username.clone(), fresh.as_phc().to_owned());
    central
        .with_store(move |store| store.set_staff_verifier(&username, &phc, now, false))
        .await?;
    Ok(fresh)
}
