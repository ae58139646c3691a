//! The signed-request check every endpoint but enrollment goes through. It
//! buffers the body (within the body limit), because the signature covers
//! it, and hands the handler the authenticated terminal.
//!
//! Order matters: the signature is checked before anything that depends on
//! the terminal's standing, so an unauthenticated caller learns nothing
//! about a terminal but "unauthenticated"; the rate limit is charged only
//! after the signature, so a forger cannot spend a real terminal's budget.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, Uri};
use courtdesk_core::TerminalId;
use courtdesk_protocol::api::ErrorCode;
use courtdesk_protocol::auth::{
    FRESHNESS_MS, HEADER_NONCE, HEADER_SIGNATURE, HEADER_TERMINAL, HEADER_TIMESTAMP, SignedParts,
    decode_public_key,
};

use crate::error::ApiError;
use crate::state::{Central, now_ms};
use crate::store::TerminalStanding;

/// The longest nonce accepted; the scheme needs uniqueness, not length.
const MAX_NONCE_LEN: usize = 128;

/// A request whose signature, freshness and nonce were checked.
#[derive(Debug)]
pub(crate) struct Authenticated {
    pub(crate) terminal: TerminalStanding,
    pub(crate) uri: Uri,
    pub(crate) body: Bytes,
    /// The clerk's session token the request names, checked only by the
    /// endpoints that act for a clerk (`identity::sessions::clerk`).
    pub(crate) session: Option<String>,
    nonce: String,
    timestamp_ms: u64,
}

impl Authenticated {
    /// For a request that is not idempotent (sending a one-time code, a
    /// staff sign-in, putting a case): keeps its nonce in the store until
    /// its timestamp could no longer be fresh, so a replay is refused after
    /// a restart and by every server of one database, not only by this
    /// process's memory.
    pub(crate) async fn spend_nonce(&self, central: &Central) -> Result<(), ApiError> {
        let (terminal, nonce) = (self.terminal.id.clone(), self.nonce.clone());
        let expires_ms = self.timestamp_ms.saturating_add(FRESHNESS_MS);
        let now = now_ms();
        let fresh = central
            .with_store(move |store| store.admit_nonce(&terminal, &nonce, expires_ms, now))
            .await?;
        if fresh {
            Ok(())
        } else {
            tracing::warn!(terminal = %self.terminal.id, path = %self.uri.path(), "request refused: a replayed nonce");
            Err(ApiError::new(
                ErrorCode::Replayed,
                "the nonce was used before",
            ))
        }
    }
}

fn unauthenticated(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthenticated, message)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, ApiError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| unauthenticated("the request is not signed"))
}

impl FromRequest<Arc<Central>> for Authenticated {
    type Rejection = ApiError;

    async fn from_request(request: Request, central: &Arc<Central>) -> Result<Self, ApiError> {
        let headers = request.headers();
        let terminal_id: TerminalId = header(headers, HEADER_TERMINAL)?
            .parse()
            .map_err(|_| unauthenticated("the terminal header is malformed"))?;
        let timestamp_ms: u64 = header(headers, HEADER_TIMESTAMP)?
            .parse()
            .map_err(|_| unauthenticated("the timestamp header is malformed"))?;
        let nonce = header(headers, HEADER_NONCE)?.to_owned();
        let signature = header(headers, HEADER_SIGNATURE)?.to_owned();
        if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN {
            return Err(unauthenticated("the nonce is empty or too long"));
        }
        let session = crate::identity::sessions::session_header(headers);
        let method = request.method().as_str().to_owned();
        let uri = request.uri().clone();

        let lookup = terminal_id.clone();
        let terminal = central
            .with_store(move |store| store.terminal(&lookup))
            .await?
            .ok_or_else(|| unauthenticated("unknown terminal"))?;

        let body = Bytes::from_request(request, central)
            .await
            .map_err(|rejection| ApiError::unreadable_body(rejection.status()))?;

        let key = decode_public_key(&terminal.public_key)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "stored key unreadable"))?;
        let parts = SignedParts {
            method: &method,
            path_and_query: uri.path_and_query().map_or(uri.path(), |p| p.as_str()),
            terminal: &terminal_id,
            timestamp_ms,
            nonce: &nonce,
            body: &body,
        };
        parts
            .verify(&key, &signature)
            .map_err(|_| unauthenticated("the signature does not verify"))?;

        if terminal.revoked_ms.is_some() {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "the terminal was revoked",
            ));
        }
        let now = now_ms();
        if now.abs_diff(timestamp_ms) > FRESHNESS_MS {
            return Err(ApiError::new(
                ErrorCode::Replayed,
                "the timestamp is outside the freshness window; check the terminal's clock",
            ));
        }
        if !central.limiter.admit(&terminal_id, Instant::now()) {
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "too many requests; retry later",
            ));
        }
        // The nonce only needs remembering while its timestamp is fresh.
        let expires_ms = timestamp_ms.saturating_add(FRESHNESS_MS);
        if !central.nonces.admit(&terminal_id, &nonce, now, expires_ms) {
            tracing::warn!(terminal = %terminal_id, path = %uri.path(), "request refused: a replayed nonce");
            return Err(ApiError::new(
                ErrorCode::Replayed,
                "the nonce was used before",
            ));
        }
        if central.seen_due(&terminal_id, now) {
            let id = terminal_id.clone();
            // A failed write of the last contact costs the terminal list a
            // minute of accuracy, not the request.
            if let Err(error) = central
                .with_store(move |store| store.touch_terminal(&id, now))
                .await
            {
                tracing::warn!(terminal = %terminal_id, code = ?error.code, "last contact not written");
            }
        }
        Ok(Authenticated {
            terminal,
            uri,
            body,
            session,
            nonce,
            timestamp_ms,
        })
    }
}
