//! `GET /v1/site/config`: a terminal receives its own site's configuration.
//! The site is the one the terminal enrolled at, never a parameter, so no
//! terminal can read another site's configuration.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use courtdesk_protocol::api::{ErrorBody, ErrorCode};
use courtdesk_protocol::site::{SignedSiteConfig, SiteConfigAnswer, SiteConfigQuery};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::Central;

/// 200 with the current version of the caller's site, `unchanged` when the
/// caller already has it, or `not_configured`.
#[utoipa::path(get, path = "/v1/site/config", tag = "site",
    params(("have" = Option<u64>, Query, description = "The version the terminal runs; when it is current the answer is `unchanged`")),
    responses(
        (status = 200, description = "The caller's site's current configuration version signed with the court key, `unchanged`, or `not_configured`", body = SiteConfigAnswer),
        (status = 400, description = "`bad_request`: a malformed query", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn site_config(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<SiteConfigAnswer>, ApiError> {
    let Query(query) = Query::<SiteConfigQuery>::try_from_uri(&request.uri)
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.body_text()))?;
    let terminal = request.terminal;
    let configs = central.site_configs.clone();
    let current =
        tokio::task::spawn_blocking(move || configs.current(&terminal.court_id, &terminal.site_id))
            .await
            .map_err(|error| ApiError::internal(&error))?
            .map_err(|error| ApiError::internal(&error))?;
    let answer = match current {
        None => SiteConfigAnswer::NotConfigured,
        Some(current) if query.have == Some(current.version.number) => {
            SiteConfigAnswer::Unchanged {
                number: current.version.number,
            }
        }
        Some(current) => SiteConfigAnswer::Current(SignedSiteConfig {
            number: current.version.number,
            digest: current.version.digest.to_hex(),
            signature: current.signature_base64(),
            version: serde_json::to_value(&current.version)
                .map_err(|error| ApiError::internal(&error))?,
        }),
    };
    Ok(Json(answer))
}
