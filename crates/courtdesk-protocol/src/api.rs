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
    /// `POST`, signed, kiosks only: send a one-time code to the phone on file
    /// for a resident ID number.
    pub const OTP: &str = "/v1/identity/otp";
    /// `POST`, signed, kiosks only: check a one-time code.
    pub const OTP_VERIFY: &str = "/v1/identity/otp/verify";
    /// `POST`, signed, staff terminals only: sign a staff member in.
    pub const STAFF_SIGN_IN: &str = "/v1/staff/sign-in";
    /// `POST`, signed, with the session header: ends the clerk's session.
    pub const STAFF_SIGN_OUT: &str = "/v1/staff/sign-out";
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
    /// The mode the origin enrolled as: a receiver takes in a record only
    /// if the matrix lets that mode make its kind (`rights::may_originate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub origin_mode: Option<Mode>,
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
    /// 404: no party with this resident ID number is on file at the
    /// terminal's site, so no code can be sent; the litigant goes to a window.
    PartyNotFound,
    /// 429: too many one-time codes for this phone or from this terminal;
    /// `retry_after_ms` says when to ask again.
    OtpRateLimited,
    /// 502: the SMS provider could not send the code; try again later.
    SmsUnavailable,
    /// 403: the one-time code is wrong; `attempts_left` more wrong guesses
    /// are allowed before it is dead.
    OtpWrong,
    /// 410: the one-time code's lifetime is over; ask for a new one.
    OtpExpired,
    /// 410: no code is outstanding for this party: it was used, replaced by
    /// a newer one, or never sent. Ask for a new one.
    OtpNoCode,
    /// 403: too many wrong guesses; the code is dead. Ask for a new one.
    OtpTooManyAttempts,
    /// 403: the username or password is wrong (which one is not said).
    WrongCredentials,
    /// 423: too many wrong passwords; `retry_after_ms` says when the account
    /// unlocks.
    AccountLocked,
    /// 403: the password is right but an administrator disabled the account.
    AccountDisabled,
    /// 403: the enrollment code was made for another kind of terminal; ask
    /// the court's IT for a code of this terminal's mode.
    EnrollmentModeMismatch,
    /// 403: a pushed record is of a kind this kind of terminal may not make
    /// (`courtdesk_protocol::rights`); nothing of the push was stored.
    RecordNotAllowed,
    /// 401: the request acts for a clerk and needs a clerk signed in at
    /// this desk with the server: sign in again.
    SignInRequired,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// With `otp_rate_limited` and `account_locked`: how many milliseconds
    /// until asking again can succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    /// With `otp_wrong`: how many more wrong guesses the code allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
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

/// A kiosk asking for a one-time code for the litigant in front of it.
///
/// `Debug` hides the number: the body carries personal data.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpRequest {
    /// The resident ID number as typed or read from the card (18
    /// characters, or 15 on an old card); the server checks it again.
    pub resident_id: String,
}

impl std::fmt::Debug for OtpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OtpRequest { resident_id: <redacted> }")
    }
}

/// A code was sent to the phone on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpSent {
    /// The phone the code went to, e.g. `138****5678`, so the litigant
    /// knows which phone to look at.
    pub masked_phone: String,
    /// When the code stops working, on the server's clock (Unix ms).
    pub expires_at_ms: u64,
    /// How long the code works from now, for a countdown that does not
    /// depend on the kiosk's clock.
    pub valid_for_ms: u64,
}

/// A kiosk submitting the code the litigant typed.
///
/// `Debug` hides both fields.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpVerifyRequest {
    /// The same resident ID number the code was asked for with.
    pub resident_id: String,
    /// The six digits as typed.
    pub code: String,
}

impl std::fmt::Debug for OtpVerifyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OtpVerifyRequest { resident_id: <redacted>, code: <redacted> }")
    }
}

/// The code was right: the litigant is the party on file.
///
/// `Debug` shows only the masked number and the reference's expiry.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpVerified {
    /// The resident ID number masked, e.g. `110***********002X`.
    pub masked_resident_id: String,
    /// The party's name as on file, to greet them.
    pub display_name: String,
    /// An opaque reference to the party, valid only from this terminal and
    /// only until `party_ref_expires_at_ms`; later requests about this
    /// party's data carry it instead of the ID number.
    pub party_ref: String,
    /// When the reference stops working, on the server's clock (Unix ms).
    pub party_ref_expires_at_ms: u64,
}

impl std::fmt::Debug for OtpVerified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpVerified")
            .field("masked_resident_id", &self.masked_resident_id)
            .field("display_name", &"<redacted>")
            .field("party_ref", &"<redacted>")
            .field("party_ref_expires_at_ms", &self.party_ref_expires_at_ms)
            .finish()
    }
}

/// A staff member signing in at a desk.
///
/// `Debug` hides the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSignInRequest {
    /// Matched ignoring surrounding spaces and ASCII case.
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for StaffSignInRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffSignInRequest")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A staff member's role, as `courtdesk_identity::staff::Role` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StaffRole {
    Clerk,
    Supervisor,
    Administrator,
}

/// A staff member signed in, with what the desk caches to sign them in
/// offline later.
///
/// `Debug` hides the verifier.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSignedIn {
    /// The username as the server spells it (lowercase).
    pub username: String,
    pub display_name: String,
    pub role: StaffRole,
    /// The account's argon2id verifier (a PHC string), for the desk's
    /// offline sign-in cache; never the password.
    pub verifier: String,
    /// When this sign-in happened on the server's clock (Unix ms): the
    /// cached credential's `cached_at_ms`.
    pub cached_at_ms: u64,
    /// Until when the cached credential may sign this account in offline
    /// (Unix ms, server's clock).
    pub offline_valid_until_ms: u64,
    /// The clerk's session at the server: sent in the `x-courtdesk-session`
    /// header of every request the desk makes for this clerk, valid only
    /// from this desk. Kept in memory, never stored.
    #[serde(default)]
    pub session: String,
    /// When the session ends at the latest (Unix ms, server's clock); it
    /// ends sooner when idle, on sign-out or when the account is disabled.
    #[serde(default)]
    pub session_expires_ms: u64,
}

impl std::fmt::Debug for StaffSignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffSignedIn")
            .field("username", &self.username)
            .field("role", &self.role)
            .field("verifier", &"<redacted>")
            .field("cached_at_ms", &self.cached_at_ms)
            .field("offline_valid_until_ms", &self.offline_valid_until_ms)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_without_the_numbers_reads_as_before() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"forbidden","message":"no"}"#).expect("reads");
        assert_eq!(body.retry_after_ms, None);
        assert_eq!(body.attempts_left, None);
        let written = serde_json::to_string(&body).expect("writes");
        assert_eq!(
            written, r#"{"code":"forbidden","message":"no"}"#,
            "absent numbers are not written"
        );
    }

    #[test]
    fn debug_of_identity_bodies_hides_personal_data_and_secrets() {
        let shown = [
            format!(
                "{:?}",
                OtpRequest {
                    resident_id: "11010519491231002X".into()
                }
            ),
            format!(
                "{:?}",
                OtpVerifyRequest {
                    resident_id: "11010519491231002X".into(),
                    code: "123456".into(),
                }
            ),
            format!(
                "{:?}",
                OtpVerified {
                    masked_resident_id: "110***********002X".into(),
                    display_name: "张三".into(),
                    party_ref: "pr1.secret".into(),
                    party_ref_expires_at_ms: 1,
                }
            ),
            format!(
                "{:?}",
                StaffSignInRequest {
                    username: "zhang.wei".into(),
                    password: "Court-desk 2024".into(),
                }
            ),
            format!(
                "{:?}",
                StaffSignedIn {
                    username: "zhang.wei".into(),
                    display_name: "张伟".into(),
                    role: StaffRole::Clerk,
                    verifier: "$argon2id$v=19$secret".into(),
                    cached_at_ms: 1,
                    offline_valid_until_ms: 2,
                    session: "session.secret".into(),
                    session_expires_ms: 3,
                }
            ),
        ];
        for text in shown {
            for secret in [
                "11010519491231002X",
                "123456",
                "张三",
                "pr1.secret",
                "Court-desk 2024",
                "$argon2id",
                "session.secret",
            ] {
                assert!(!text.contains(secret), "{text} shows {secret}");
            }
        }
    }
}
