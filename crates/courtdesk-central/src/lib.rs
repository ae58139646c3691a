//! The central court server: enrollment, authenticated sync and audit-chain
//! verification over HTTPS.
//!
//! - [`launch`] serves the API ([`courtdesk_protocol::api`]) on a listener;
//! - [`Registry`] is the administrator's side: enrollment codes, the terminal
//!   list, revocation, chain verification, export;
//! - [`store`] keeps the state behind the [`CentralStore`] trait.
//!
//! Endpoints (errors are always `{code, message}` JSON):
//!
//! | endpoint | success | refusals |
//! |---|---|---|
//! | `POST /v1/enroll` (unsigned) | 200 `EnrollResponse` | 400 malformed; 403 unknown, spent or expired code; 409 terminal id already enrolled |
//! | `POST /v1/sync/push` | 200 `PushResponse` | 400 malformed or entries not matching records; 409 `conflict` / `chain_broken`; 413 too many records |
//! | `GET /v1/sync/pull?after=&limit=` | 200 `PullResponse` | 400 bad query |
//! | `GET /v1/terminal` | 200 `WhoAmI` | |
//! | `GET /v1/blobs/{sha256}`, `PUT …/chunks/{offset}`, `POST …/complete` | 200 [`BlobStatus`] | 400; 404; 409 wrong offset or hash mismatch; 413 |
//!
//! Every signed endpoint may also answer 401 `unauthenticated` (no or wrong
//! signature, unknown terminal), 401 `replayed` (stale timestamp, reused
//! nonce), 403 `forbidden` (revoked), 413 `payload_too_large` (body limit),
//! 429 `rate_limited`; any path may answer 404 `not_found` and 500 `internal`.

mod auth;
mod blob_routes;
mod blobs;
mod code;
mod error;
pub mod ingest;
mod leases;
mod nonce;
mod openapi;
mod rate;
mod registry;
mod routes;
mod server;
mod settings;
mod state;
pub mod store;
mod tls;

pub use blobs::{BlobStatus, MAX_BLOB_BYTES};
pub use code::{CODE_LIFETIME_MS, EnrollmentCode, hash_code};
pub use openapi::openapi_json;
pub use registry::{AdminError, ChainReport, Registry};
pub use server::{LaunchError, Running, launch, launch_on_loopback, launch_with_store};
pub use settings::{
    DEFAULT_BODY_LIMIT, DEFAULT_LEASE_BLOCK, Database, PostgresUrl, RateLimit, Settings, TlsFiles,
};
pub use store::{CentralStore, PgStore, SqliteStore, StoreError, TerminalStanding};
pub use tls::{ServerIdentity, TlsError, generated_paths, load_identity};
