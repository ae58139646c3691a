//! `GET /v1/reports/summary`: the report of a court (or a site) over a
//! period, for the court's own systems, with an API client's bearer token.
//!
//! An API client is not bound to a court today (`ApiClient` has none): a
//! client reads the court its query names. Clients are made by the court's
//! own IT for its own case system, so that is the court's data either way;
//! binding each client to its court is the fix when one server serves
//! several courts.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use courtdesk_protocol::api::{ErrorBody, ErrorCode};
use serde::Deserialize;

use super::{ReportDocument, ReportRequest, compute};
use crate::delivery::routes::Caller;
use crate::error::ApiError;
use crate::state::{Central, now_ms};

/// The query of a summary; every part is checked by [`ReportRequest::parse`]
/// so that a missing or malformed one gets the same message as on the
/// command line.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SummaryQuery {
    /// The court, as terminals are enrolled under it.
    court: Option<String>,
    /// One site of the court; the whole court when absent.
    site: Option<String>,
    /// The first site-local day, YYYY-MM-DD.
    from: Option<String>,
    /// The last site-local day, YYYY-MM-DD, included.
    to: Option<String>,
    /// `day` (default), `week` (ISO weeks) or `month`.
    group: Option<String>,
    /// The site's UTC offset in minutes, 480 (UTC+8) by default, until the
    /// server keeps each site's configuration.
    utc_offset_minutes: Option<String>,
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::BadRequest, message)
}

/// 200 the report; 400 a missing or malformed parameter, or a period that
/// ends before it starts; 401 no or a wrong token; 403 a revoked client or a
/// terminal.
#[utoipa::path(get, path = "/v1/reports/summary", tag = "reports",
    params(SummaryQuery),
    security(("api_client" = [])),
    responses(
        (status = 200, description = "The report: `scope`, `period`, `grouping`, `total`, `groups` (one per day, ISO week or month, empty ones included), `by_weekday`, and `utc_offset_minutes`, `not_computed` (sections without records yet) and `unreadable_records`. Every figure is defined in docs/statistics.md", content_type = "application/json"),
        (status = 400, description = "`bad_request`: a missing or malformed court, site, date, group or offset, or `from` after `to`; the message says which", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or a wrong bearer token", body = ErrorBody),
        (status = 403, description = "`forbidden`: the API client was revoked, acts for another court, or the caller is a terminal", body = ErrorBody),
        (status = 429, description = "`rate_limited`", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub(crate) async fn summary(
    State(central): State<Arc<Central>>,
    query: Result<Query<SummaryQuery>, QueryRejection>,
    // Last: it may read the body.
    caller: Caller,
) -> Result<Json<ReportDocument>, ApiError> {
    let own_court = match caller {
        Caller::Terminal(_) => {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "reports are read with an API client's bearer token",
            ));
        }
        Caller::Client { court_id, .. } => court_id,
    };
    let Query(query) = query.map_err(|rejection| bad_request(rejection.body_text()))?;
    let offset = match query.utc_offset_minutes.as_deref() {
        None => None,
        Some(text) => Some(text.trim().parse::<i32>().map_err(|_| {
            bad_request(format!(
                "utc_offset_minutes must be a whole number of minutes, got {:?}",
                text.chars().take(16).collect::<String>()
            ))
        })?),
    };
    let required = |value: &Option<String>, name: &str| {
        value
            .clone()
            .ok_or_else(|| bad_request(format!("the query parameter {name} is required")))
    };
    let request = ReportRequest::parse(
        &required(&query.court, "court")?,
        query.site.as_deref(),
        &required(&query.from, "from")?,
        &required(&query.to, "to")?,
        query.group.as_deref(),
        offset,
    )
    .map_err(|error| bad_request(error.to_string()))?;
    if let Some(own) = own_court.filter(|own| *own != request.scope.court) {
        tracing::warn!(court = %own, asked = %request.scope.court, "report refused: another court's");
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "an API client reads its own court's figures only",
        ));
    }
    let now = now_ms();
    let document = central
        .with_store(move |store| compute(store, &request, now))
        .await?;
    Ok(Json(document))
}
