//! The blob endpoints, all signed:
//! - `GET /v1/blobs/{sha256}`: 200 [`BlobStatus`] (where to resume);
//! - `PUT /v1/blobs/{sha256}/chunks/{offset}`: 200 status; 409 `conflict`
//!   at the wrong offset (the message names the expected one); 413 past
//!   [`MAX_BLOB_BYTES`] or the body limit;
//! - `POST /v1/blobs/{sha256}/complete`: 200 when the bytes hash to the
//!   name; 409 `conflict` otherwise (the upload is discarded); 404 when no
//!   upload was started;
//! - `GET /v1/blobs/{sha256}/content`: 200 with the kept bytes, for a staff
//!   desk of a court and site a terminal of which uploaded the blob; 403
//!   `forbidden` for any other kind of terminal; 404 `not_found` when its
//!   site holds no such blob.
//!
//! Every answer is scoped to the caller's site: a blob another site holds
//! looks like one nobody has, and an upload in progress is the caller's own.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use courtdesk_core::Mode;
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{ErrorBody, ErrorCode};

use crate::auth::Authenticated;
use crate::blobs::{BlobRefusal, BlobStatus};
use crate::error::ApiError;
use crate::identity::sessions::clerk;
use crate::state::{Central, now_ms};
use crate::store::TerminalStanding;
use courtdesk_identity::staff::StaffAction;

#[cfg(doc)]
use crate::blobs::MAX_BLOB_BYTES;

fn digest(text: &str) -> Result<Digest, ApiError> {
    text.parse().map_err(|_| {
        ApiError::new(
            ErrorCode::BadRequest,
            "a blob is named by its SHA-256, 64 lowercase hex digits",
        )
    })
}

fn refusal(refusal: BlobRefusal) -> ApiError {
    match refusal {
        BlobRefusal::WrongOffset { .. } | BlobRefusal::Mismatch { .. } => {
            ApiError::new(ErrorCode::Conflict, refusal.to_string())
        }
        BlobRefusal::TooLarge => ApiError::new(ErrorCode::PayloadTooLarge, refusal.to_string()),
        BlobRefusal::Unknown => ApiError::new(ErrorCode::NotFound, refusal.to_string()),
        BlobRefusal::Io(error) => ApiError::internal(&error),
    }
}

async fn on_shelf<T: Send + 'static>(
    central: &Central,
    call: impl FnOnce(&crate::blobs::BlobShelf) -> Result<T, BlobRefusal> + Send + 'static,
) -> Result<T, ApiError> {
    let shelf = central.blobs.clone();
    match tokio::task::spawn_blocking(move || call(&shelf)).await {
        Ok(result) => result.map_err(refusal),
        Err(error) => Err(ApiError::internal(&error)),
    }
}

#[utoipa::path(get, path = "/v1/blobs/{sha256}", tag = "blobs",
    params(("sha256" = String, Path, description = "The blob's SHA-256, lowercase hex")),
    responses(
        (status = 200, description = "Where the upload stands: the next offset to send", body = BlobStatus),
        (status = 400, description = "`bad_request`: the name is not a SHA-256 or the offset not a byte count", body = ErrorBody),
        (status = 404, description = "`not_found`: no upload of this blob was started", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn status(
    State(central): State<Arc<Central>>,
    Path(sha): Path<String>,
    request: Authenticated,
) -> Result<Json<BlobStatus>, ApiError> {
    let sha = digest(&sha)?;
    let terminal = request.terminal;
    let held = site_holds(&central, &terminal, &sha).await?;
    let status = on_shelf(&central, move |shelf| {
        Ok(shelf.status(&sha, &terminal.id, held)?)
    })
    .await?;
    Ok(Json(status))
}

/// Whether the terminal's site holds the blob: what it may see of it.
async fn site_holds(
    central: &Central,
    terminal: &TerminalStanding,
    sha: &Digest,
) -> Result<bool, ApiError> {
    let (court, site, hex) = (
        terminal.court_id.clone(),
        terminal.site_id.clone(),
        sha.to_hex(),
    );
    central
        .with_store(move |store| store.site_holds_blob(&court, &site, &hex))
        .await
}

#[utoipa::path(put, path = "/v1/blobs/{sha256}/chunks/{offset}", tag = "blobs",
    params(
        ("sha256" = String, Path, description = "The blob's SHA-256, lowercase hex"),
        ("offset" = u64, Path, description = "The chunk's first byte; must be the upload's next offset"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "The chunk is held (a chunk held before changes nothing)", body = BlobStatus),
        (status = 409, description = "`conflict`: the offset is not the next one; the message gives it", body = ErrorBody),
        (status = 400, description = "`bad_request`: the name is not a SHA-256 or the offset not a byte count", body = ErrorBody),
        (status = 404, description = "`not_found`: no upload of this blob was started", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn put_chunk(
    State(central): State<Arc<Central>>,
    Path((sha, offset)): Path<(String, String)>,
    request: Authenticated,
) -> Result<Json<BlobStatus>, ApiError> {
    let sha = digest(&sha)?;
    let offset: u64 = offset
        .parse()
        .map_err(|_| ApiError::new(ErrorCode::BadRequest, "the offset is a byte count"))?;
    let terminal = request.terminal;
    let held = site_holds(&central, &terminal, &sha).await?;
    let body = request.body;
    let bytes = body.len();
    let status = on_shelf(&central, move |shelf| {
        shelf.put_chunk(&sha, &terminal.id, held, offset, &body)
    })
    .await?;
    central.metrics.blob_bytes(bytes);
    Ok(Json(status))
}

#[utoipa::path(post, path = "/v1/blobs/{sha256}/complete", tag = "blobs",
    params(("sha256" = String, Path, description = "The blob's SHA-256, lowercase hex")),
    responses(
        (status = 200, description = "The bytes hash to the name: the blob is kept", body = BlobStatus),
        (status = 409, description = "`conflict`: the bytes do not hash to the name; the upload is discarded", body = ErrorBody),
        (status = 400, description = "`bad_request`: the name is not a SHA-256 or the offset not a byte count", body = ErrorBody),
        (status = 404, description = "`not_found`: no upload of this blob was started", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn complete(
    State(central): State<Arc<Central>>,
    Path(sha): Path<String>,
    request: Authenticated,
) -> Result<Json<BlobStatus>, ApiError> {
    let sha = digest(&sha)?;
    let terminal = request.terminal;
    let held = site_holds(&central, &terminal, &sha).await?;
    let id = terminal.id.clone();
    let status = on_shelf(&central, move |shelf| shelf.complete(&sha, &id, held)).await?;
    if !held {
        let (hex, holder) = (sha.to_hex(), terminal.clone());
        central
            .with_store(move |store| store.hold_blob(&hex, &holder, now_ms()))
            .await?;
    }
    tracing::info!(terminal = %terminal.id, blob = %sha, "blob complete");
    Ok(Json(status))
}

#[utoipa::path(get, path = "/v1/blobs/{sha256}/content", tag = "blobs",
    params(("sha256" = String, Path, description = "The blob's SHA-256, lowercase hex")),
    responses(
        (status = 200, description = "The kept bytes, which hash to the name", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, description = "`bad_request`: the name is not a SHA-256", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked, or is not a staff desk", body = ErrorBody),
        (status = 404, description = "`not_found`: no terminal of the desk's court and site uploaded the blob", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn content(
    State(central): State<Arc<Central>>,
    Path(sha): Path<String>,
    request: Authenticated,
) -> Result<Response, ApiError> {
    let sha = digest(&sha)?;
    if request.terminal.mode != Mode::Staff {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only staff desks read submitted documents",
        ));
    }
    clerk(&central, &request, StaffAction::ReviewSubmission).await?;
    let terminal = request.terminal;
    let named = site_holds(&central, &terminal, &sha).await?;
    // The same answer whether the blob exists elsewhere or nowhere, so a
    // desk learns nothing about other sites' documents.
    let unknown = || {
        ApiError::new(
            ErrorCode::NotFound,
            "no document of this site has this hash",
        )
    };
    if !named {
        return Err(unknown());
    }
    let bytes = on_shelf(&central, move |shelf| Ok(shelf.read(&sha)?))
        .await?
        .ok_or_else(unknown)?;
    tracing::info!(terminal = %terminal.id, blob = %sha, size = bytes.len(), "blob read");
    Ok(([(CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}
