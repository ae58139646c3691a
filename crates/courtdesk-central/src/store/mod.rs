//! Where the server keeps its state, behind a trait so that the embedded
//! SQLite store and the PostgreSQL one can be swapped and run by the same
//! tests.
//!
//! The trait is blocking on purpose: the server calls it on tokio's blocking
//! pool, one call per request, and each call is one transaction.

mod cases;
pub(crate) mod delivery;
mod identity;
mod postgres;
mod report;
mod site;
mod sql;
mod sqlite;

use std::sync::Arc;

use courtdesk_core::{Mode, TerminalId};
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{Change, LeaseGrant, LeaseRequest, PushRequest};
use courtdesk_protocol::chain::{AuditEntry, ChainHead};
use courtdesk_protocol::record::Record;

pub use cases::{CaseToPut, StoredCaseParty, StoredPartyCase};
pub use delivery::{
    ApiClient, Countersigner, DeliveryFilter, EvidenceOutcome, PublishOutcome, StoredDelivery,
    StoredEvidence,
};
pub use identity::{PartyOnFile, PartySite, SignInStart, StaffAccount};
pub(crate) use identity::{
    count_attempt, guard_from_json, guard_json, role_from_name, role_name, verifier_from_phc,
};
pub use postgres::PgStore;
pub use report::{DeskSession, RecordQuery, ReportSource, SyncedRecord};
pub use site::{SiteVersionWrite, StoredSiteVersion};
pub use sqlite::SqliteStore;

use crate::settings::Database;

use crate::ingest::{PushAccepted, PushRefusal};

/// The central server's storage.
pub trait CentralStore: Send + Sync + 'static {
    /// Keeps a new enrollment code (its hash only).
    fn add_enrollment_code(&self, code: &NewEnrollmentCode) -> Result<(), StoreError>;

    /// Spends a code on a terminal, in one transaction.
    fn enroll(&self, code_hash: &Digest, terminal: &NewTerminal) -> Result<Enrollment, StoreError>;

    fn terminal(&self, id: &TerminalId) -> Result<Option<TerminalStanding>, StoreError>;

    fn terminals(&self) -> Result<Vec<TerminalStanding>, StoreError>;

    /// Revokes a terminal; `false` when there is no such terminal.
    fn revoke(&self, id: &TerminalId, now_ms: u64) -> Result<bool, StoreError>;

    fn push(
        &self,
        terminal: TerminalStanding,
        batch: PushRequest,
        now_ms: u64,
    ) -> Result<Result<PushAccepted, PushRefusal>, StoreError>;

    /// Up to `limit` changes of one court and site after `after` whose
    /// kind is one of `kinds`, oldest first, and whether more are waiting.
    fn pull(
        &self,
        court_id: &str,
        site_id: &str,
        after: u64,
        limit: usize,
        kinds: &[&str],
    ) -> Result<(Vec<StoredChange>, bool), StoreError>;

    /// Notes that the terminal was heard from.
    fn touch_terminal(&self, id: &TerminalId, now_ms: u64) -> Result<(), StoreError>;

    /// Records that a terminal of this court and site uploaded the blob (a
    /// no-op when its site already holds it).
    fn hold_blob(
        &self,
        sha256_hex: &str,
        terminal: &TerminalStanding,
        now_ms: u64,
    ) -> Result<(), StoreError>;

    /// Whether a terminal of this court and site uploaded the blob: what a
    /// terminal may see and read of the blob shelf.
    fn site_holds_blob(
        &self,
        court_id: &str,
        site_id: &str,
        sha256_hex: &str,
    ) -> Result<bool, StoreError>;

    /// Keeps a signed request's nonce until `expires_ms`; `false` when the
    /// terminal used it before and it has not expired. Expired nonces are
    /// swept on the way.
    fn admit_nonce(
        &self,
        terminal: &TerminalId,
        nonce: &str,
        expires_ms: u64,
        now_ms: u64,
    ) -> Result<bool, StoreError>;

    /// Keeps a clerk's new session.
    fn open_staff_session(&self, session: &StaffSession) -> Result<(), StoreError>;

    /// The session whose token hashes to `token_hash`, with its account's
    /// role and standing.
    fn staff_session(&self, token_hash: &Digest) -> Result<Option<StaffSession>, StoreError>;

    /// Notes a request the session acted in.
    fn touch_staff_session(&self, token_hash: &Digest, now_ms: u64) -> Result<(), StoreError>;

    /// Ends a session (sign-out); `false` when there was no such session
    /// open at this terminal.
    fn end_staff_session(
        &self,
        token_hash: &Digest,
        terminal: &TerminalId,
        now_ms: u64,
    ) -> Result<bool, StoreError>;

    /// When the clerk last signed in online at the terminal no later than
    /// `at_ms`: the opening of their latest session there by then.
    fn last_sign_in_at(
        &self,
        username: &str,
        terminal: &TerminalId,
        at_ms: u64,
    ) -> Result<Option<u64>, StoreError>;

    /// Registers, or unregisters, a card reader at a terminal; `false` when
    /// there is no such terminal.
    fn set_card_reader(&self, id: &TerminalId, on: bool) -> Result<bool, StoreError>;

    /// Keeps a kiosk's card read for audit; `true` when the number's
    /// previous read carried another card digest.
    fn record_card_read(&self, read: &NewCardRead) -> Result<bool, StoreError>;

    /// The card reads kept, oldest first: of one terminal, or all.
    fn card_reads(&self, terminal: Option<&TerminalId>) -> Result<Vec<CardRead>, StoreError>;

    /// Keeps a record's flag for a supervisor (a no-op when it has one).
    fn flag_record(&self, flag: &FlaggedRecord) -> Result<(), StoreError>;

    /// Every flagged record, oldest first.
    fn flagged_records(&self) -> Result<Vec<FlaggedRecord>, StoreError>;

    /// Grants the terminal the next block of `size` numbers of a service and
    /// day at its site, or the block it was granted before under the same
    /// request id.
    fn grant_lease(
        &self,
        terminal: &TerminalStanding,
        request: &LeaseRequest,
        size: u32,
        now_ms: u64,
    ) -> Result<LeaseGrant, StoreError>;

    /// A terminal's stored audit chain from the start, each entry with the
    /// record it names as stored (if it is).
    fn audit_trail(&self, terminal: &TerminalId) -> Result<Vec<AuditedEntry>, StoreError>;

    /// Every record, in server order.
    fn export(
        &self,
        sink: &mut dyn FnMut(Change) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError>;

    /// Records `check` (derived from the server's identity key) on first
    /// use; afterwards whether it is the one recorded.
    fn check_identity_key(&self, check: &str) -> Result<bool, StoreError>;

    /// Stores a party and its sites; `false` when a party with the same ID
    /// number lookup is already on file (nothing is changed then).
    fn add_party(&self, party: &PartyOnFile) -> Result<bool, StoreError>;

    /// The party whose ID number has this lookup hash, with all its sites.
    fn party_by_lookup(&self, lookup: &str) -> Result<Option<PartyOnFile>, StoreError>;

    /// Every party on file, oldest first.
    fn parties(&self) -> Result<Vec<PartyOnFile>, StoreError>;

    /// Removes a party and its sites; `false` when there is no such party.
    fn remove_party(&self, id: &str) -> Result<bool, StoreError>;

    /// Stores a new account; `false` when the username is taken.
    fn add_staff(&self, account: &StaffAccount) -> Result<bool, StoreError>;

    fn staff_account(&self, username: &str) -> Result<Option<StaffAccount>, StoreError>;

    /// Every account, by username.
    fn staff_accounts(&self) -> Result<Vec<StaffAccount>, StoreError>;

    /// Disables (`Some(when)`) or re-enables (`None`) an account; `false`
    /// when there is no such account.
    fn set_staff_disabled(
        &self,
        username: &str,
        disabled_ms: Option<u64>,
    ) -> Result<bool, StoreError>;

    /// Replaces an account's verifier; with `unlock`, also clears its failed
    /// attempts and lock. `false` when there is no such account.
    fn set_staff_verifier(
        &self,
        username: &str,
        verifier: &str,
        now_ms: u64,
        unlock: bool,
    ) -> Result<bool, StoreError>;

    /// Starts a sign-in attempt: refuses it while the account is locked,
    /// otherwise counts it as a failure ([`count_attempt`]), in one
    /// transaction.
    fn begin_sign_in(&self, username: &str, now_ms: u64) -> Result<SignInStart, StoreError>;

    /// Clears the failures counted for an account whose password proved right.
    fn sign_in_succeeded(&self, username: &str) -> Result<(), StoreError>;

    /// The party with this id, with its sites.
    fn party_by_id(&self, id: &str) -> Result<Option<PartyOnFile>, StoreError>;

    /// Sets a party's sealed postal address; `false` when there is no such
    /// party.
    fn set_party_address(&self, party_id: &str, sealed: &str) -> Result<bool, StoreError>;

    /// A party's sealed postal address, if one is on file.
    fn party_address(&self, party_id: &str) -> Result<Option<String>, StoreError>;

    /// Stores a new API client; `false` when the name is taken.
    fn add_api_client(&self, client: &ApiClient) -> Result<bool, StoreError>;

    /// Every API client, by name.
    fn api_clients(&self) -> Result<Vec<ApiClient>, StoreError>;

    /// The API client whose token has this SHA-256.
    fn api_client_by_token(&self, token_hash: &Digest) -> Result<Option<ApiClient>, StoreError>;

    /// Revokes an API client by name; `false` when there is no such client.
    fn revoke_api_client(&self, name: &str, now_ms: u64) -> Result<bool, StoreError>;

    /// Stores a delivery and its documents, or finds the one the same
    /// publisher made under the same request id.
    fn publish_delivery(&self, delivery: &StoredDelivery) -> Result<PublishOutcome, StoreError>;

    fn delivery(&self, id: &str) -> Result<Option<StoredDelivery>, StoreError>;

    fn delivery_by_request(
        &self,
        publisher: &str,
        request_id: &str,
    ) -> Result<Option<StoredDelivery>, StoreError>;

    /// Deliveries matching the filter, newest first.
    fn deliveries(&self, filter: &DeliveryFilter) -> Result<Vec<StoredDelivery>, StoreError>;

    /// Whether a delivery of this court and site names a document with this
    /// SHA-256.
    fn site_holds_document(
        &self,
        court_id: &str,
        site_id: &str,
        sha256: &Digest,
    ) -> Result<bool, StoreError>;

    /// Moves these deliveries from published to available.
    fn mark_available(&self, ids: &[String], now_ms: u64) -> Result<(), StoreError>;

    /// Checks, countersigns and stores an evidence record in one
    /// transaction, or finds it stored before (by its record digest).
    fn add_evidence(
        &self,
        delivery_id: &str,
        record_sha256: &Digest,
        countersign: Countersigner,
        now_ms: u64,
    ) -> Result<EvidenceOutcome, StoreError>;

    /// A delivery's countersigned records, in chain order.
    fn evidence(&self, delivery_id: &str) -> Result<Vec<StoredEvidence>, StoreError>;

    /// Puts a case's parties in one transaction, replacing the ones kept
    /// for the same court and case number.
    fn put_case(&self, case: &CaseToPut) -> Result<(), StoreError>;

    /// The cases of one court naming the party with this lookup hash,
    /// latest updated first.
    /// The parties of one case of a court, as last put, with the clerk who
    /// put it.
    fn case_parties(
        &self,
        court_id: &str,
        case_number: &str,
    ) -> Result<Vec<StoredCaseParty>, StoreError>;

    fn party_cases(
        &self,
        court_id: &str,
        party_lookup: &str,
    ) -> Result<Vec<StoredPartyCase>, StoreError>;

    /// The records a report counts and the desk sessions that name the
    /// clerks behind them, read in one transaction ([`ReportSource`]).
    fn report_source(&self, query: &RecordQuery) -> Result<ReportSource, StoreError>;

    /// Keeps a site's new configuration version, in one transaction, only
    /// when it follows the site's head: number one more, parent the head's
    /// digest (or, for number 1, when the site has none).
    fn add_site_version(&self, version: &StoredSiteVersion)
    -> Result<SiteVersionWrite, StoreError>;

    /// Every version of a site's configuration, oldest first.
    fn site_versions(
        &self,
        court_id: &str,
        site_id: &str,
    ) -> Result<Vec<StoredSiteVersion>, StoreError>;

    /// A site's latest version, if it has one.
    fn site_head(
        &self,
        court_id: &str,
        site_id: &str,
    ) -> Result<Option<StoredSiteVersion>, StoreError>;

    /// Whether the store answers, for the readiness probe: a lookup of a
    /// terminal id none has, one indexed read that needs a connection and
    /// the schema, the same on every store.
    fn ready(&self) -> Result<(), StoreError> {
        self.terminal(&TerminalId::from_bits(0)).map(|_| ())
    }
}

/// Opens the store the settings chose. Blocking: async callers run it on
/// the blocking pool.
pub fn open(database: &Database) -> Result<Arc<dyn CentralStore>, StoreError> {
    Ok(match database {
        Database::Sqlite(path) => Arc::new(SqliteStore::open(path)?),
        Database::Postgres(url) => Arc::new(PgStore::open(url)?),
    })
}

/// Stores hold connections and secrets' hashes; their debug form is a name.
impl std::fmt::Debug for dyn CentralStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CentralStore")
    }
}

/// Why a code stored with `code_mode` does not enroll a terminal of
/// `wanted`, or `None` when it does. Codes made before codes named a mode
/// have none and enroll nothing, so an old spare code cannot make a desk.
pub(crate) fn code_refusal(code_mode: Option<&str>, wanted: Mode) -> Option<Enrollment> {
    match code_mode.map(str::parse::<Mode>) {
        Some(Ok(mode)) if mode == wanted => None,
        Some(Ok(_)) => Some(Enrollment::ModeMismatch),
        None | Some(Err(_)) => Some(Enrollment::CodeRefused),
    }
}

/// A card read a kiosk presented, about to be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCardRead {
    pub terminal_id: TerminalId,
    /// The keyed lookup hash of the number read, never the number.
    pub resident_id_lookup: String,
    /// The party on file at the kiosk's site, if any.
    pub party_id: Option<String>,
    pub card_digest: String,
    pub read_ms: u64,
}

/// A card read as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRead {
    pub read: NewCardRead,
    /// The number's previous read carried another digest.
    pub digest_changed: bool,
}

/// A record a desk made for a clerk the server cannot vouch for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedRecord {
    pub record_id: String,
    pub terminal_id: String,
    pub clerk: String,
    /// `unknown_clerk`, `clerk_disabled`, `no_sign_in` or `sign_in_too_old`.
    pub reason: String,
    /// The record's own time (its clock stamp).
    pub made_ms: u64,
    pub flagged_ms: u64,
}

/// A clerk's session at the server, as kept: the token only as its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub token_hash: Digest,
    pub username: String,
    pub terminal_id: TerminalId,
    pub opened_ms: u64,
    pub last_used_ms: u64,
    pub ended_ms: Option<u64>,
    /// The account's role and when it was disabled, read with the session
    /// (ignored when one is stored).
    pub role: Option<courtdesk_identity::staff::Role>,
    pub account_disabled_ms: Option<u64>,
}

/// A code about to be stored.
#[derive(Debug, Clone)]
pub struct NewEnrollmentCode {
    pub code_hash: Digest,
    /// The only mode a terminal may enroll as with this code.
    pub mode: Mode,
    pub court_id: String,
    pub site_id: String,
    pub created_ms: u64,
    pub expires_ms: u64,
}

/// A terminal presenting a code.
#[derive(Debug, Clone)]
pub struct NewTerminal {
    pub id: TerminalId,
    pub mode: Mode,
    /// Base64 of the Ed25519 public key, as sent.
    pub public_key: String,
    pub now_ms: u64,
}

/// What became of an enrollment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrollment {
    Enrolled {
        court_id: String,
        site_id: String,
    },
    /// Unknown, spent or expired: indistinguishable on purpose.
    CodeRefused,
    /// The code is good but made for another mode; it stays unspent.
    ModeMismatch,
    AlreadyEnrolled,
}

/// An enrolled terminal and its standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalStanding {
    pub id: TerminalId,
    pub mode: Mode,
    pub public_key: String,
    pub court_id: String,
    pub site_id: String,
    pub enrolled_ms: u64,
    pub revoked_ms: Option<u64>,
    pub chain_broken_ms: Option<u64>,
    /// Why the chain was refused, for the administrator.
    pub chain_broken: Option<String>,
    pub chain_head: ChainHead,
    /// The last signed request the server took from it (updated at most
    /// once a minute), `None` before its first.
    pub last_seen_ms: Option<u64>,
    /// An administrator registered a card reader at this kiosk; only then
    /// are its card reads taken.
    pub card_reader: bool,
}

/// A change as a pull sends it: the record's body is the stored canonical
/// JSON, passed through as text rather than parsed and written again. It
/// serializes exactly as the protocol's [`Change`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredChange {
    pub seq: u64,
    pub origin: TerminalId,
    /// The mode the origin enrolled as, so the receiver can check the
    /// record's kind against the matrix (`courtdesk_protocol::rights`).
    pub origin_mode: Mode,
    pub record: StoredRecord,
}

/// The record of a [`StoredChange`]; serializes as the protocol's `Record`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredRecord {
    pub id: courtdesk_protocol::record::RecordId,
    pub kind: String,
    pub hlc: courtdesk_protocol::hlc::Hlc,
    pub body: Box<serde_json::value::RawValue>,
}

impl StoredChange {
    /// Builds one from stored columns; the body must be the JSON text
    /// stored with the record.
    pub(crate) fn from_columns(
        seq: u64,
        origin: TerminalId,
        origin_mode: Mode,
        id: courtdesk_protocol::record::RecordId,
        kind: String,
        hlc: courtdesk_protocol::hlc::Hlc,
        body: String,
    ) -> Result<StoredChange, StoreError> {
        let body = serde_json::value::RawValue::from_string(body)
            .map_err(|_| StoreError::Corrupt("record body is not JSON".into()))?;
        Ok(StoredChange {
            seq,
            origin,
            origin_mode,
            record: StoredRecord {
                id,
                kind,
                hlc,
                body,
            },
        })
    }
}

/// One stored audit entry and the record it names.
#[derive(Debug, Clone)]
pub struct AuditedEntry {
    pub entry: AuditEntry,
    pub record: Option<Record>,
}

/// A storage failure. Its detail goes to the log, never to a client.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}")]
    Folder {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database error")]
    Postgres(#[from] ::postgres::Error),
    /// `url` has its password hidden.
    #[error("cannot connect to the database at {url}")]
    Connect {
        url: String,
        #[source]
        source: ::postgres::Error,
    },
    /// `url` is whatever part of the text could be shown without a password.
    #[error("{url} is not a usable PostgreSQL URL")]
    PostgresUrl {
        url: String,
        #[source]
        source: ::postgres::Error,
    },
    #[error(
        "the PostgreSQL database at {0} holds other tables: it is not a CourtDesk central database"
    )]
    ForeignPostgres(String),
    #[error("the database was written by a newer server (schema {found}, this one knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("{0} is not a CourtDesk central database")]
    Foreign(std::path::PathBuf),
    #[error("a stored value is corrupt: {0}")]
    Corrupt(String),
    #[error("the database lock was poisoned by a panic")]
    Poisoned,
    #[error("cannot start the database writer thread")]
    Thread {
        #[source]
        source: std::io::Error,
    },
    #[error("the database writer stopped before the write was carried out")]
    WriterGone,
    #[error("a group of writes failed to commit: {0}")]
    Commit(String),
    #[error("writing the export failed")]
    Export(#[source] std::io::Error),
}
