//! The central server's endpoints and their bodies.

use courtdesk_core::{Mode, TerminalId};
use serde::{Deserialize, Serialize};

use crate::chain::{AuditEntry, ChainHead};
use crate::hlc::Hlc;
use crate::record::{Record, RecordId};

/// Endpoint paths, all under `/v1`.
pub mod paths {
    /// `POST`, unsigned: enroll with a one-time code.
    pub const ENROLL: &str = "/v1/enroll";
    /// `POST`, signed: push records and their audit entries.
    pub const PUSH: &str = "/v1/sync/push";
    /// `GET ?after=<cursor>&limit=<n>`, signed: changes after a cursor.
    pub const PULL: &str = "/v1/sync/pull";
    /// `GET`, signed: the terminal's own standing (chain head, enrollment).
    pub const WHOAMI: &str = "/v1/terminal";
    /// `POST`, signed, kiosks only: lease a block of ticket numbers.
    pub const LEASES: &str = "/v1/queue/leases";
}

/// The longest a pull may wait for a change (`wait_ms`) before answering
/// with none.
pub const MAX_PULL_WAIT_MS: u64 = 30_000;

/// The most records one push may carry.
pub const MAX_PUSH_RECORDS: usize = 500;
/// The most changes one pull returns.
pub const MAX_PULL_CHANGES: usize = 1000;

/// A terminal's enrollment: the one-time code an administrator created, and
/// the key that will sign every later request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrollRequest {
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub terminal_id: TerminalId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub mode: Mode,
    /// Base64 of the terminal's Ed25519 public key.
    pub public_key: String,
}

/// What an enrolled terminal is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrollResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub terminal_id: TerminalId,
    pub court_id: String,
    pub site_id: String,
    pub server_hlc: Hlc,
}

/// A batch of records with the audit entries that chain them, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub records: Vec<Record>,
    pub audit: Vec<AuditEntry>,
}

/// What became of each pushed record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PushOutcome {
    /// Stored now, at this server sequence number.
    Applied { id: RecordId, seq: u64 },
    /// Already stored with the same content (a retry): nothing changed.
    Duplicate { id: RecordId, seq: u64 },
}

/// The answer to a push that was accepted as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub outcomes: Vec<PushOutcome>,
    pub chain_head: ChainHead,
    pub server_hlc: Hlc,
}

/// One change, as pulled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// The server's sequence number: the cursor after this change.
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub origin: TerminalId,
    pub record: Record,
}

/// Changes after a cursor, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Pass this as `after` next time.
    pub cursor: u64,
    /// Whether more changes are waiting beyond this page.
    pub more: bool,
    pub server_hlc: Hlc,
}

/// What an enrolled terminal can learn about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhoAmI {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub terminal_id: TerminalId,
    pub court_id: String,
    pub site_id: String,
    pub chain_head: ChainHead,
}

/// A refused request's stable code. Clients branch on it; the HTTP status
/// is given beside each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    /// 400: the body or a parameter is not well-formed.
    BadRequest,
    /// 401: no signature, an unknown terminal or a wrong signature.
    Unauthenticated,
    /// 401: the timestamp is stale or the nonce was used before.
    Replayed,
    /// 403: the terminal was revoked, or the enrollment code is spent or unknown.
    Forbidden,
    /// 409: a record id already stored with different content.
    Conflict,
    /// 409: the audit entries do not continue the terminal's chain.
    ChainBroken,
    /// 413: the body is larger than the server accepts.
    PayloadTooLarge,
    /// 429: too many requests from this terminal; retry later.
    RateLimited,
    /// 404: no such endpoint or object.
    NotFound,
    /// 500: the server failed; the detail is in its log.
    Internal,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

/// A kiosk asking for the next block of a service's ticket numbers for a
/// day. `request_id` makes the request idempotent: asked again (after a lost
/// reply), the server answers with the block it granted the first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaseRequest {
    /// 32 lowercase hex digits chosen by the kiosk.
    pub request_id: String,
    /// The queue service's id (`a-z0-9-_`, 1 to 32 characters).
    pub service: String,
    /// The site's local calendar day, `YYYY-MM-DD`.
    pub day: String,
}

/// A block of ticket numbers `[start, end)` of one service and day, granted
/// to the asking kiosk alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaseGrant {
    pub service: String,
    pub day: String,
    pub start: u32,
    pub end: u32,
}
