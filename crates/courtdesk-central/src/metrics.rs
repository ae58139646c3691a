//! The server's Prometheus metrics: requests by route and status, their
//! latency, pushes, pulls held open, blob bytes and store failures.
//!
//! Each server keeps its own registry (not a process-wide recorder), so the
//! servers a test process starts never count each other's requests.
//!
//! **Architecture Invariant: no label carries a terminal id, a court, a
//! site or anything a request sent.** Routes are the router's templates
//! (`/v1/blobs/{sha256}`, never the hash), so the series stay few and the
//! scrape reveals traffic volumes only. They are served on their own plain
//! listener (`--metrics-listen`), never on the terminals' HTTPS port.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::state::Central;

/// What Prometheus asks for and this module writes.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

/// How a push ended.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)] // The variants are the label values as shown.
enum PushEnd {
    accepted,
    refused,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PushLabels {
    outcome: PushEnd,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// One server's metrics.
#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    pushes: Family<PushLabels, Counter>,
    pushed_records: Counter,
    pulls_held: Gauge,
    blob_bytes: Counter,
    store_errors: Counter,
}

/// 1 ms to about 33 s: from a cached read to a pull held for its full 30 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("courtdesk_central");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            requests.clone(),
        );
        let latency = LatencyFamily::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer's headers, by route template and method \
             (a held pull counts its wait)",
            latency.clone(),
        );
        let pushes = Family::<PushLabels, Counter>::default();
        registry.register(
            "pushes",
            "Pushes handled: accepted (stored whole, or a retry) or refused",
            pushes.clone(),
        );
        let pushed_records = Counter::default();
        registry.register(
            "pushed_records",
            "Records in accepted pushes, duplicates of a retry included",
            pushed_records.clone(),
        );
        let pulls_held = Gauge::default();
        registry.register(
            "pulls_held",
            "Pulls waiting for a change right now",
            pulls_held.clone(),
        );
        let blob_bytes = Counter::default();
        registry.register(
            "blob_bytes_received",
            "Bytes of blob chunks taken in",
            blob_bytes.clone(),
        );
        let store_errors = Counter::default();
        registry.register(
            "store_errors",
            "Store calls of request handlers that failed (the detail is in the log)",
            store_errors.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            pushes,
            pushed_records,
            pulls_held,
            blob_bytes,
            store_errors,
        }
    }
}

impl Metrics {
    /// A push stored whole (or found stored: a retry) of `records` records.
    pub(crate) fn push_accepted(&self, records: usize) {
        let outcome = PushEnd::accepted;
        self.pushes.get_or_create(&PushLabels { outcome }).inc();
        self.pushed_records.inc_by(records as u64);
    }

    /// A push refused whole.
    pub(crate) fn push_refused(&self) {
        let outcome = PushEnd::refused;
        self.pushes.get_or_create(&PushLabels { outcome }).inc();
    }

    pub(crate) fn blob_bytes(&self, bytes: usize) {
        self.blob_bytes.inc_by(bytes as u64);
    }

    pub(crate) fn store_error(&self) {
        self.store_errors.inc();
    }

    /// Counts a pull as held until the returned guard is dropped.
    pub(crate) fn pull_held(&self) -> HeldPull {
        self.pulls_held.inc();
        HeldPull(self.pulls_held.clone())
    }

    /// The OpenMetrics text of every metric.
    pub(crate) fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// A pull waiting for a change; counted while it lives.
#[derive(Debug)]
pub(crate) struct HeldPull(Gauge);

impl Drop for HeldPull {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The middleware counting every request of the router it wraps. Requests
/// that match no route are counted under `unmatched`, so probes of random
/// paths cannot make new series.
pub(crate) async fn track(
    State(central): State<Arc<Central>>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let route = matched.map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let metrics = &central.metrics;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
            method: method.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// `GET /metrics`: the OpenMetrics text.
pub(crate) async fn scrape(State(central): State<Arc<Central>>) -> Response {
    match central.metrics.encode() {
        Ok(text) => ([(CONTENT_TYPE, OPENMETRICS)], text).into_response(),
        Err(error) => crate::error::ApiError::internal(&error).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_pull_is_counted_until_it_ends() {
        let metrics = Metrics::default();
        let first = metrics.pull_held();
        let second = metrics.pull_held();
        assert!(
            metrics
                .encode()
                .expect("text")
                .contains("courtdesk_central_pulls_held 2")
        );
        drop(first);
        drop(second);
        assert!(
            metrics
                .encode()
                .expect("text")
                .contains("courtdesk_central_pulls_held 0"),
            "a finished pull no longer counts"
        );
    }
}
