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
use courtdesk_protocol::api::ErrorCode;

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

pub(crate) async fn status(
    State(central): State<Arc<Central>>,
    Path(sha): Path<String>,
    _request: Authenticated,
) -> Result<Json<BlobStatus>, ApiError> {
    let sha = digest(&sha)?;
    let status = on_shelf(&central, move |shelf| Ok(shelf.status(&sha)?)).await?;
    Ok(Json(status))
}

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
