//! The API document, OpenAPI 3.1, generated from the handlers and the wire
//! types. `openapi.json` beside this crate's `Cargo.toml` is the committed
//! copy; a test fails when it differs from what the code generates, and
//! `COURTDESK_UPDATE_OPENAPI=1 cargo test -p courtdesk-central openapi`
//! rewrites it.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::delivery::routes as delivery;
use crate::{blob_routes, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CourtDesk central court server",
        description = "The API terminals of a litigation service center use to enroll and to \
            sync with the central court server. Every error is a JSON `ErrorBody` with a stable \
            `code`. Every endpoint but enrollment takes a signed request: the headers \
            `x-courtdesk-terminal` (the terminal id), `x-courtdesk-timestamp` (Unix \
            milliseconds, within 5 minutes of the server's clock), `x-courtdesk-nonce` (never \
            reused) and `x-courtdesk-signature`: base64 of the Ed25519 signature, by the key \
            registered at enrollment, of the lines `courtdesk-request-v1`, method, path and \
            query, terminal id, timestamp, nonce and the body's SHA-256 in hex, joined by `\\n`."
    ),
    paths(
        routes::enroll,
        routes::push,
        routes::pull,
        routes::whoami,
        crate::leases::lease,
        crate::identity::otp_routes::request_otp,
        crate::identity::otp_routes::verify_otp,
        crate::identity::staff_routes::sign_in,
        crate::identity::sessions::sign_out,
        blob_routes::status,
        blob_routes::put_chunk,
        blob_routes::complete,
        blob_routes::content,
        delivery::publish,
        delivery::site,
        delivery::waiting,
        delivery::put_case,
        delivery::party_cases,
        delivery::document,
        delivery::party_document,
        delivery::evidence,
        delivery::desk,
        delivery::paper,
        delivery::court_key,
        crate::site::routes::site_config,
        crate::report::routes::summary,
        crate::health::healthz,
        crate::health::readyz,
    ),
    modifiers(&SignedRequests),
    security(("terminal_signature" = [])),
    tags(
        (name = "enrollment", description = "Binding a terminal to a court and site with a one-time code"),
        (name = "sync", description = "Pushing records, pulling changes"),
        (name = "blobs", description = "Content-addressed, resumable document upload"),
        (name = "queue", description = "Ticket numbers leased to kiosks in blocks"),
        (name = "identity", description = "One-time codes that identify litigants at kiosks, and staff sign-in at desks"),
        (name = "operation", description = "Liveness and readiness probes for a load balancer or a service manager; unsigned, they reveal nothing but whether the server and its store answer. Metrics are not on this port (see `--metrics-listen`)"),
        (name = "delivery", description = "Electronic service of court documents: publishing (by staff desks, or by the court's case system with an API client's bearer token), kiosks holding their site's deliveries, evidence countersigned with the court's key, paper service; the parties' cases (put by the case system, read by kiosks for document intake)"),
        (name = "site", description = "The configuration of the terminal's own site, kept and signed by the server"),
        (name = "reports", description = "The figures a court is judged on, computed from the synced records as docs/statistics.md defines them, for the court's own systems (API client's bearer token)"),
    )
)]
struct ApiDoc;

/// Declares the signed-request scheme the endpoints refer to.
struct SignedRequests;

impl Modify for SignedRequests {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "terminal_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "x-courtdesk-signature",
                "An Ed25519 signature over the request, with the terminal, timestamp and nonce \
                 headers; see the description above",
            ))),
        );
        components.add_security_scheme(
            "api_client",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The token `courtdesk-central api-client add` printed for the court's \
                         case system; accepted by `POST /v1/deliveries`, `POST /v1/cases` and `GET /v1/reports/summary` only",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API document as pretty-printed JSON.
pub fn openapi_json() -> Result<String, serde_json::Error> {
    ApiDoc::openapi().to_pretty_json().map(|mut json| {
        json.push('\n');
        json
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn the_committed_openapi_document_matches_the_code() {
        let generated = openapi_json().expect("the document serializes");
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
        if std::env::var_os("COURTDESK_UPDATE_OPENAPI").is_some() {
            std::fs::write(&path, &generated).expect("write openapi.json");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date; regenerate it with \
             `COURTDESK_UPDATE_OPENAPI=1 cargo test -p courtdesk-central openapi`",
            path.display()
        );
    }

    #[test]
    fn every_endpoint_is_documented_with_its_refusals() {
        let doc: serde_json::Value =
            serde_json::from_str(&openapi_json().expect("serializes")).expect("JSON");
        let paths = doc["paths"].as_object().expect("paths");
        for path in [
            "/v1/enroll",
            "/v1/sync/push",
            "/v1/sync/pull",
            "/v1/terminal",
            "/v1/blobs/{sha256}",
            "/v1/blobs/{sha256}/chunks/{offset}",
            "/v1/blobs/{sha256}/complete",
            "/v1/blobs/{sha256}/content",
            "/v1/identity/otp",
            "/v1/identity/otp/verify",
            "/v1/staff/sign-in",
            "/v1/staff/sign-out",
            "/v1/deliveries",
            "/v1/deliveries/site",
            "/v1/deliveries/waiting",
            "/v1/cases",
            "/v1/cases/party",
            "/v1/deliveries/evidence",
            "/v1/deliveries/desk",
            "/v1/deliveries/{id}/paper",
            "/v1/delivery-documents/{sha256}",
            "/v1/court-key",
            "/v1/reports/summary",
            "/healthz",
            "/readyz",
        ] {
            assert!(paths.contains_key(path), "{path} is missing");
        }
        let push = &doc["paths"]["/v1/sync/push"]["post"]["responses"];
        for status in ["200", "400", "401", "403", "409", "413", "429", "500"] {
            assert!(push.get(status).is_some(), "push lacks {status}");
        }
        assert_eq!(
            doc["paths"]["/v1/enroll"]["post"]["security"],
            serde_json::json!([{}]),
            "enrollment is the one unsigned endpoint"
        );
        for probe in ["/healthz", "/readyz"] {
            assert_eq!(
                doc["paths"][probe]["get"]["security"],
                serde_json::json!([{}]),
                "{probe} answers load balancers, which sign nothing"
            );
        }
        assert_eq!(
            doc["paths"]["/v1/deliveries"]["post"]["security"],
            serde_json::json!([{"terminal_signature": []}, {"api_client": []}]),
            "publishing takes a signed desk request or an API client's token"
        );
        assert_eq!(
            doc["paths"]["/v1/cases"]["post"]["security"],
            serde_json::json!([{"terminal_signature": []}, {"api_client": []}]),
            "putting a case takes a signed desk request or an API client's token"
        );
    }
}
