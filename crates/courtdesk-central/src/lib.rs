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
//! | `POST /v1/queue/leases` (kiosks) | 200 `LeaseGrant` | 400; 403 not a kiosk |
//! | `POST /v1/identity/otp` (kiosks) | 200 `OtpSent` | 400 bad ID number; 403 not a kiosk; 404 `party_not_found`; 429 `otp_rate_limited`; 502 `sms_unavailable` |
//! | `POST /v1/identity/otp/verify` (kiosks) | 200 `OtpVerified` | 400 not six digits; 403 not a kiosk, `otp_wrong`, `otp_too_many_attempts`; 410 `otp_expired`, `otp_no_code` |
//! | `POST /v1/staff/sign-in` (staff desks) | 200 `StaffSignedIn` | 403 not a desk, `wrong_credentials`, `account_disabled`; 423 `account_locked` |
//! | `POST /v1/deliveries` (staff desks, or an API client's bearer token) | 200 `Published` | the delivery refusals (see the `delivery` module) |
//! | `GET /v1/deliveries/site`, `POST /v1/deliveries/waiting` (kiosks) | 200 `SiteDeliveries`, `WaitingDeliveries` | 403 `party_ref_invalid`; 404 `party_not_on_file` |
//! | `GET /v1/delivery-documents/{sha256}` (kiosks, desks) | 200 PDF | 404 `unknown_document` |
//! | `POST /v1/deliveries/evidence` (kiosks, desks) | 200 `EvidenceReceipt` | 400, 403, 404, 409 with the evidence refusal codes |
//! | `GET /v1/deliveries/desk`, `GET /v1/deliveries/{id}/paper` (desks) | 200 `DeskDeliveries`, `PaperPackage` | 404 `unknown_delivery`; 409 `not_due_for_paper` |
//! | `GET /v1/court-key` | 200 `CourtKey` | |
//! | `GET /v1/site/config?have=` | 200 `SiteConfigAnswer`: the terminal's own site's current version, `unchanged`, or `not_configured` | 400 bad query |
//! | `GET /v1/reports/summary` (an API client's bearer token) | 200 the report (see the `report` module) | 400 a bad court, site, date, group or offset, or `from` after `to`; 403 revoked, or a terminal |
//! | `GET /healthz`, `GET /readyz` (unsigned) | 200 `{"status": …}` | 503 `internal` when the store does not answer (`/readyz`) |
//!
//! `GET /metrics` (Prometheus) is served only on the operator's listener
//! ([`Settings::metrics_listen`]), with the two probes.
//!
//! Electronic delivery (publication, kiosks' holdings, evidence
//! countersigned with the court's key, paper service, and the decisions
//! behind each) is described in the `delivery` module; [`Deliveries`] and
//! [`ApiClients`] are the administrator's side of it.
//!
//! Identity (parties on file, one-time codes, staff accounts, the identity
//! key that protects personal data in the database, and the decisions
//! behind each) is described in the `identity` module; [`Parties`] and
//! [`StaffAccounts`] are the administrator's side of it.
//!
//! Every signed endpoint may also answer 401 `unauthenticated` (no or wrong
//! signature, unknown terminal), 401 `replayed` (stale timestamp, reused
//! nonce), 403 `forbidden` (revoked), 413 `payload_too_large` (body limit),
//! 429 `rate_limited`; any path may answer 404 `not_found` and 500 `internal`.

mod auth;
mod backup;
mod blob_routes;
mod blobs;
mod code;
mod config_file;
mod delivery;
mod error;
mod health;
mod identity;
pub mod ingest;
mod leases;
mod metrics;
mod nonce;
mod openapi;
mod peer;
mod rate;
mod registry;
pub mod report;
mod routes;
mod server;
mod settings;
pub mod site;
mod state;
pub mod store;
mod tls;

pub use backup::{BackupError, BackupSummary, DATABASE_FILE, backup, restore};
pub use blobs::{BlobStatus, MAX_BLOB_BYTES};
pub use code::{CODE_LIFETIME_MS, EnrollmentCode, hash_code};
pub use config_file::{ConfigFile, ConfigFileError};
pub use delivery::{
    ApiClientError, ApiClients, ApiToken, COURT_KEY_FILE, COVER_SHEET_NAME, CourtKeyError,
    Deliveries, DeliveryError, DeliveryLimits, Publisher, Refusal, court_time, hash_token,
    load_court,
};
pub use identity::{
    DEFAULT_COURT_NAME, FileSmsGateway, IDENTITY_KEY_FILE, IdentityClock, IdentityKeyError,
    IdentitySettings, NewParty, NewStaffAccount, PARTY_REF_LIFETIME_MS, Parties, PartyError,
    SMS_OUTBOX_FILE, SmsChoice, StaffAccountError, StaffAccounts, message_text,
};
pub use openapi::openapi_json;
pub use registry::{AdminError, AuditLine, ChainReport, Registry};
pub use server::{LaunchError, Running, launch, launch_on_loopback, launch_with_store};
pub use settings::{
    DEFAULT_BODY_LIMIT, DEFAULT_LEASE_BLOCK, Database, PostgresUrl, RateLimit, Settings, TlsFiles,
};
pub use site::{SignedSiteVersion, SiteConfigs, SiteError};
pub use store::{
    ApiClient, CentralStore, DeliveryFilter, FlaggedRecord, PartyOnFile, PartySite, PgStore,
    SqliteStore, StaffAccount, StoreError, StoredDelivery, StoredEvidence, TerminalStanding,
};
pub use tls::{ServerIdentity, TlsError, generated_paths, load_identity};
