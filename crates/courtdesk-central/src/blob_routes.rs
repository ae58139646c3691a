//! The blob endpoints, all signed:
//! - `GET /v1/blobs/{sha256}`: 200 [`BlobStatus`] (where to resume);
//! - `PUT /v1/blobs/{sha256}/chunks/{offset}`: 200 status; 409 `conflict`
//!   at the wrong offset (the message names the expected one); 413 past
//!   [`MAX_BLOB_BYTES`] or the body limit;
//! - `POST /v1/blobs/{sha256}/complete`: 200 when the bytes hash to the
//!   name; 409 `conflict` otherwise (the upload is discarded); 404 when no
//!   upload was started.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{ErrorBody, ErrorCode};

use crate::auth::Authenticated;
use crate::blobs::{BlobRefusal, BlobStatus};
use crate::error::ApiError;
use crate::state::Central;

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
    _request: Authenticated,
) -> Result<Json<BlobStatus>, ApiError> {
    let sha = digest(&sha)?;
    let status = on_shelf(&central, move |shelf| Ok(shelf.status(&sha)?)).await?;
    Ok(Json(status))
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
    let body = request.body;
    let status = on_shelf(&central, move |shelf| shelf.put_chunk(&sha, offset, &body)).await?;
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
    let status = on_shelf(&central, move |shelf| shelf.complete(&sha)).await?;
    tracing::info!(terminal = %request.terminal.id, blob = %sha, "blob complete");
    Ok(Json(status))
}
