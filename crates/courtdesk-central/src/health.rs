//! Liveness and readiness for a load balancer and a service manager, and
//! the separate plain listener that serves them with the metrics.
//!
//! Neither probe is signed: they answer anyone, so they say nothing but
//! whether the server lives and whether its store answers.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use courtdesk_protocol::api::{ErrorBody, ErrorCode};
use serde::Serialize;

use crate::state::Central;

/// A readiness probe gives up on a store this slow: a load balancer should
/// take the instance out rather than queue behind it.
const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// A probe's answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Health {
    /// `alive` or `ready`.
    status: &'static str,
}

/// 200 while the process serves requests; reads nothing.
#[utoipa::path(get, path = "/healthz", tag = "operation", security(()),
    responses(
        (status = 200, description = "The server is running", body = Health),
    ))]
pub(crate) async fn healthz() -> Json<Health> {
    Json(Health { status: "alive" })
}

/// 200 when the store answers a trivial query within 3 s; 503 otherwise.
#[utoipa::path(get, path = "/readyz", tag = "operation", security(()),
    responses(
        (status = 200, description = "The store answers: the server can take requests", body = Health),
        (status = 503, description = "`internal`: the store failed or did not answer within 3 s; the detail is in the server's log", body = ErrorBody),
    ))]
pub(crate) async fn readyz(State(central): State<Arc<Central>>) -> Response {
    let checked =
        tokio::time::timeout(READY_TIMEOUT, central.with_store(|store| store.ready())).await;
    let message = match checked {
        Ok(Ok(())) => return Json(Health { status: "ready" }).into_response(),
        // The failure was logged and counted on its way out of the store.
        Ok(Err(_)) => "the store failed; see the server's log",
        Err(_) => {
            tracing::warn!(timeout = ?READY_TIMEOUT, "readiness: the store did not answer in time");
            central.metrics.store_error();
            "the store did not answer in time"
        }
    };
    let body = ErrorBody {
        code: ErrorCode::Internal,
        message: message.to_owned(),
        retry_after_ms: None,
        attempts_left: None,
    };
    (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
}

/// The probes, for the terminals' HTTPS listener (a load balancer checks
/// the port it forwards to).
pub(crate) fn probes(central: Arc<Central>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(central)
}

/// The operator's listener: the probes and `GET /metrics`.
pub(crate) fn operator(central: Arc<Central>) -> Router {
    Router::new()
        .route("/metrics", get(crate::metrics::scrape))
        .with_state(Arc::clone(&central))
        .merge(probes(central))
}
