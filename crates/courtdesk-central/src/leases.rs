//! `POST /v1/queue/leases`: a kiosk leases the next block of a service's
//! ticket numbers for a day, so it can go on issuing unique numbers while
//! cut off from the server.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use courtdesk_core::Mode;
use courtdesk_protocol::api::{ErrorBody, ErrorCode, LeaseGrant, LeaseRequest};
use courtdesk_queue::{QueueServiceId, ServiceDay};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::{Central, now_ms};

fn bad(message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadRequest, message)
}

/// Checks the request's fields before anything is stored.
fn validate(request: &LeaseRequest) -> Result<(), ApiError> {
    let hex = |s: &str| s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !hex(&request.request_id) {
        return Err(bad("request_id is 32 lowercase hexadecimal digits"));
    }
    request
        .service
        .parse::<QueueServiceId>()
        .map_err(|_| bad("service is 1 to 32 characters of a-z, 0-9, - and _"))?;
    request
        .day
        .parse::<ServiceDay>()
        .map_err(|_| bad("day is a calendar date, YYYY-MM-DD"))?;
    Ok(())
}

/// 200 with the block; the same block again for a repeated `request_id`.
#[utoipa::path(post, path = "/v1/queue/leases", tag = "queue",
    request_body = LeaseRequest,
    responses(
        (status = 200, description = "The next block of numbers of the service and day at the kiosk's site, or the block granted before under this request id", body = LeaseGrant),
        (status = 400, description = "`bad_request`: malformed JSON, request id, service or day", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked, or is not a kiosk", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn lease(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<LeaseGrant>, ApiError> {
    let lease: LeaseRequest =
        serde_json::from_slice(&request.body).map_err(|e| ApiError::malformed_json(&e))?;
    validate(&lease)?;
    let terminal = request.terminal;
    if terminal.mode != Mode::Kiosk {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only kiosks issue ticket numbers",
        ));
    }
    let size = central.lease_block;
    let origin = terminal.id.clone();
    let grant = central
        .with_store(move |store| store.grant_lease(&terminal, &lease, size, now_ms()))
        .await?;
    tracing::info!(terminal = %origin, service = %grant.service, day = %grant.day, start = grant.start, end = grant.end, "numbers leased");
    Ok(Json(grant))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(request_id: &str, service: &str, day: &str) -> LeaseRequest {
        LeaseRequest {
            request_id: request_id.into(),
            service: service.into(),
            day: day.into(),
        }
    }

    #[test]
    fn malformed_fields_are_refused_before_anything_is_stored() {
        let id = "0123456789abcdef0123456789abcdef";
        assert!(validate(&request(id, "filing", "2026-11-28")).is_ok());
        for bad in [
            request("short", "filing", "2026-11-28"),
            request(id, "Filing!", "2026-11-28"),
            request(id, "filing", "2026-02-30"),
            request(id, "filing", "28/11/2026"),
        ] {
            assert!(validate(&bad).is_err(), "{bad:?}");
        }
    }
}
