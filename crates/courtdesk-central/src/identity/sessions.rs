//! A clerk's session at the server: opened by an online sign-in at a desk,
//! named by every request the desk makes for its clerk, ended by sign-out,
//! by the account being disabled, or by its idle and absolute limits
//! ([`ClerkSessionPolicy`]).
//!
//! The token is 256 random bits shown to the desk once; the store keeps its
//! SHA-256. A session acts only from the terminal that opened it, so a token
//! copied off one desk is useless on another.

use axum::Json;
use axum::extract::State;
use courtdesk_core::{Mode, TerminalId};
use courtdesk_identity::staff::{ClerkSessionTimes, Role, SessionOver, StaffAction};
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{ErrorBody, ErrorCode};
use courtdesk_protocol::auth::HEADER_SESSION;
use rand::RngCore;
use rand::rngs::OsRng;
use std::sync::Arc;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::Central;
use crate::store::StaffSession;

/// The clerk a desk's request acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clerk {
    pub(crate) username: String,
    pub(crate) role: Role,
}

fn sign_in_required(message: &str) -> ApiError {
    ApiError::new(ErrorCode::SignInRequired, message)
}

/// A new session for `username` at the desk `terminal`; the token to hand
/// to the desk and when the session ends at the latest.
pub(crate) async fn open(
    central: &Central,
    terminal: &TerminalId,
    username: &str,
    now_ms: u64,
) -> Result<(String, u64), ApiError> {
    let mut bits = [0u8; 32];
    OsRng.fill_bytes(&mut bits);
    let token: String = bits.iter().map(|b| format!("{b:02x}")).collect();
    let session = StaffSession {
        token_hash: Digest::of(token.as_bytes()),
        username: username.to_owned(),
        terminal_id: terminal.clone(),
        opened_ms: now_ms,
        last_used_ms: now_ms,
        ended_ms: None,
        role: None,
        account_disabled_ms: None,
    };
    central
        .with_store(move |store| store.open_staff_session(&session))
        .await?;
    Ok((token, central.identity.sessions.expires_ms(now_ms)))
}

/// The clerk whose session `request` names, if the clerk's role may take
/// `action`: refused with `forbidden` from anything but a desk or for a role
/// without the right, with `sign_in_required` without a session, with one
/// of another terminal, or with one that is over. Counts the request as the
/// session's use.
pub(crate) async fn clerk(
    central: &Central,
    request: &Authenticated,
    action: StaffAction,
) -> Result<Clerk, ApiError> {
    let terminal = &request.terminal;
    if terminal.mode != Mode::Staff {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only a staff desk acts for a clerk",
        ));
    }
    let token = request
        .session
        .as_deref()
        .ok_or_else(|| sign_in_required("no clerk is signed in with the server at this desk"))?;
    let hash = Digest::of(token.as_bytes());
    let session = central
        .with_store(move |store| store.staff_session(&hash))
        .await?
        .filter(|s| s.terminal_id == terminal.id)
        .ok_or_else(|| {
            tracing::warn!(terminal = %terminal.id, "clerk request refused: an unknown session or another terminal's");
            sign_in_required("the clerk's session is not known at this desk")
        })?;
    let now = central.identity.clock.now_ms();
    let times = ClerkSessionTimes {
        opened_ms: session.opened_ms,
        last_used_ms: session.last_used_ms,
        ended_ms: session.ended_ms.or(session.account_disabled_ms),
    };
    if let Err(over) = central.identity.sessions.check(times, now) {
        tracing::info!(terminal = %terminal.id, username = %session.username, reason = %over, "clerk request refused: the session is over");
        return Err(sign_in_required(match over {
            SessionOver::Ended => "the clerk signed out, or the account was disabled",
            SessionOver::Idle => "the clerk's session was idle too long",
            SessionOver::Expired => "the clerk's session reached its limit",
        }));
    }
    let role = session
        .role
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "a session without its role"))?;
    if !role.may(action) {
        tracing::info!(terminal = %terminal.id, username = %session.username, ?action, "clerk request refused: the role may not");
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "the signed-in clerk's role may not do this",
        ));
    }
    central
        .with_store(move |store| store.touch_staff_session(&hash, now))
        .await?;
    Ok(Clerk {
        username: session.username,
        role,
    })
}

/// 200 signed out; 401 `sign_in_required` when the desk had no open session.
#[utoipa::path(post, path = "/v1/staff/sign-out", tag = "identity",
    responses(
        (status = 200, description = "The session named in `x-courtdesk-session` is over"),
        (status = 401, description = "`unauthenticated`, `replayed`; `sign_in_required`: no open session of this desk was named", body = ErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a staff desk", body = ErrorBody),
        (status = 429, description = "`rate_limited`", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub(crate) async fn sign_out(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<serde_json::Value>, ApiError> {
    if request.terminal.mode != Mode::Staff {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only a staff desk signs a clerk out",
        ));
    }
    let token = request
        .session
        .clone()
        .ok_or_else(|| sign_in_required("no session was named"))?;
    let hash = Digest::of(token.as_bytes());
    let terminal = request.terminal.id.clone();
    let now = central.identity.clock.now_ms();
    let ended = central
        .with_store(move |store| store.end_staff_session(&hash, &terminal, now))
        .await?;
    if !ended {
        return Err(sign_in_required("no open session of this desk was named"));
    }
    tracing::info!(terminal = %request.terminal.id, "clerk signed out at the server");
    Ok(Json(serde_json::json!({ "signed_out": true })))
}

/// The session token a request names, if any (ASCII, at most 128 bytes).
pub(crate) fn session_header(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get(HEADER_SESSION)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map(str::to_owned)
}
