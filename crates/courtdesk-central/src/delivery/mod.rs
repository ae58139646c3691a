//! Electronic delivery at the central server: the court publishes
//! documents to serve on a party, the kiosks of the party's site hold them
//! for service, and each step of service comes back as an evidence record
//! signed by the kiosk, which the server checks and countersigns with the
//! court's key.
//!
//! | endpoint | callers | success | refusals (besides the general ones) |
//! |---|---|---|---|
//! | `POST /v1/deliveries` | staff desks (signed), API clients (bearer) | 200 `Published` | 400 `invalid_*`, `no_documents`, `too_many_documents`, `not_a_pdf`, `consent_required`, `deadline_in_past`; 403 `wrong_site`; 404 `party_not_on_file`; 409 `phone_mismatch`, `party_not_at_site`, `request_id_reused`; 413 `document_too_large` |
//! | `GET /v1/deliveries/site` | kiosks | 200 `SiteDeliveries` | |
//! | `POST /v1/deliveries/waiting` | kiosks | 200 `WaitingDeliveries` | 400 `invalid_resident_id`; 403 `party_ref_invalid`; 404 `party_not_on_file`; 429 `otp_rate_limited` |
//! | `POST /v1/cases` | staff desks (signed), API clients (bearer) | 200 `CaseKept` | 400 `invalid_case_number`, `invalid_title`, `invalid_site`, `no_parties`, `too_many_parties`, `invalid_resident_id`, `invalid_phone`, `duplicate_party`; 403 `wrong_site`; 404 `party_not_on_file`; 409 `phone_mismatch`, `party_not_at_site` |
//! | `POST /v1/cases/party` | kiosks | 200 `PartyCaseList` | 400 `invalid_resident_id`; 403 `party_ref_invalid`; 404 `party_not_on_file`; 429 `otp_rate_limited` |
//! | `GET /v1/delivery-documents/{sha256}` | kiosks, staff desks | 200 PDF bytes | 404 `unknown_document` |
//! | `POST /v1/deliveries/evidence` | kiosks, staff desks | 200 `EvidenceReceipt` | 400 `evidence_malformed`, `terminal_signature_invalid`; 403 `terminal_key_not_enrolled`; 404 `unknown_delivery`, `unknown_document`; 409 `document_hash_mismatch`, `wrong_party`, `chain_broken`, `delivery_closed`, `delivery_expired`, `not_electronic` |
//! | `GET /v1/deliveries/desk` | staff desks | 200 `DeskDeliveries` | |
//! | `GET /v1/deliveries/{id}/paper` | staff desks | 200 `PaperPackage` | 404 `unknown_delivery`; 409 `not_due_for_paper` |
//! | `GET /v1/court-key` | any terminal | 200 `CourtKey` | |
//!
//! Decisions:
//!
//! - **A publication is checked whole before anything is kept**: every
//!   field, every document's bytes, the party (by the keyed hash of the ID
//!   number, then the sealed phone compared, then the site). Documents are
//!   then kept as blobs under their SHA-256 and the delivery is written in
//!   one transaction; if that fails, the blobs this call created are
//!   removed, so a refusal leaves no rows and no orphan files. A request id
//!   chosen by the publisher makes a retry return the first answer.
//! - **Kiosks see only their own site**, and never an ID number, phone or
//!   name: the party is named by the keyed hash of the ID number. A kiosk
//!   listing its site takes the deliveries into its care: published ones
//!   become available. A document is served only to a terminal of a site
//!   one of whose deliveries names it.
//! - **"What waits for this party" needs proof the party is there**: either
//!   the `party_ref` the one-time-code check gave this kiosk (an HMAC over
//!   party, kiosk and expiry under the identity key, checked here without
//!   any stored state), or the number read from the ID card by this kiosk's
//!   reader, which the server takes on the enrolled kiosk's signature as it
//!   takes the kiosk's evidence records; the answer then carries a fresh
//!   `party_ref` for the card-identified party, made the same way. A card
//!   number not on file counts against the kiosk's one-time-code budget,
//!   as an unknown number asking for a code does, so neither path lets a
//!   kiosk probe who is on file.
//! - **Evidence is taken once**: a record is keyed by its digest, and a
//!   record sent again answers with its stored countersignature. It must
//!   come from the terminal that signed it, with the key enrolled for that
//!   terminal, at the delivery's site, and continue the delivery's chain.
//!   A party identified at the kiosk (`resident_id_otp`, `id_card`) is
//!   named in the record by the masked ID number, which must be the
//!   delivery's party's (`wrong_party` otherwise); a clerk's in-person
//!   check (`staff_verified`) names whom the clerk chose.
//!   Acknowledged and refused are final; an acknowledgment or refusal
//!   signed after the deadline is refused (`delivery_expired`). A delivery
//!   open past its deadline reads as `expired`; nothing has to run for it.
//! - **A party's cases** ([`cases`]) are put by the case system as a case
//!   and all its parties at once, each party checked as a publication's
//!   (on file at the case's court, the phone on file) and kept by the keyed
//!   hash of the ID number; putting the case again replaces its parties.
//!   A kiosk reads them with the same proof as "what waits for this
//!   party", and sees only cases of its own court.
//! - **The court key** (`central-court.key`, see [`court_key`]) signs every
//!   countersignature; its public half is given to anyone who verifies.

mod api_clients;
mod cases;
pub(crate) mod court_key;
mod evidence;
mod paper;
mod publish;
mod reading;
pub(crate) mod routes;
mod time;

use std::fmt;
use std::sync::Arc;

use axum::http::StatusCode;
use courtdesk_evidence::Court;
use courtdesk_protocol::Digest;
use courtdesk_protocol::delivery::DeliveryRefusal;

pub use api_clients::{ApiClientError, ApiClients, ApiToken, hash_token};
pub(crate) use court_key::load_court_key;
pub use court_key::{COURT_KEY_FILE, CourtKeyError, load_court};
pub use paper::COVER_SHEET_NAME;
pub use publish::Publisher;
pub use time::court_time;

use crate::blobs::BlobShelf;
use crate::identity::IdentityClock;
use crate::identity::keys::{IdentityKeyError, IdentityKeys};
use crate::settings::Settings;
use crate::store::{self, CentralStore, StoreError};

/// Limits on what one delivery holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryLimits {
    pub max_documents: usize,
    pub max_document_bytes: usize,
    pub max_delivery_bytes: usize,
}

impl Default for DeliveryLimits {
    /// Court documents are text PDFs of at most a few megabytes; a scanned
    /// judgment with exhibits stays well below these.
    fn default() -> Self {
        DeliveryLimits {
            max_documents: 20,
            max_document_bytes: 32 * 1024 * 1024,
            max_delivery_bytes: 64 * 1024 * 1024,
        }
    }
}

impl DeliveryLimits {
    /// The largest publication body: every document in base64, and room for
    /// the rest.
    pub(crate) fn body_limit(&self) -> usize {
        self.max_delivery_bytes / 3 * 4 + 64 * 1024
    }
}

/// A refused delivery request: its code and an English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: DeliveryRefusal,
    pub message: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code_str(), self.message)
    }
}

impl Refusal {
    pub(crate) fn new(code: DeliveryRefusal, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn unknown_delivery() -> Refusal {
        Refusal::new(
            DeliveryRefusal::UnknownDelivery,
            "no such delivery at this site",
        )
    }

    /// The code as the wire writes it, e.g. `phone_mismatch`.
    pub fn code_str(&self) -> String {
        serde_json::to_value(self.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub(crate) fn status(&self) -> StatusCode {
        use DeliveryRefusal as R;
        match self.code {
            R::InvalidRequestId
            | R::InvalidCaseNumber
            | R::InvalidTitle
            | R::InvalidResidentId
            | R::InvalidPhone
            | R::InvalidSite
            | R::NoDocuments
            | R::TooManyDocuments
            | R::InvalidDocumentName
            | R::DuplicateDocumentName
            | R::InvalidBase64
            | R::NotAPdf
            | R::ConsentRequired
            | R::InvalidDeadline
            | R::DeadlineInPast
            | R::NoParties
            | R::TooManyParties
            | R::DuplicateParty
            | R::EvidenceMalformed
            | R::CardReadInvalid
            | R::TerminalSignatureInvalid => StatusCode::BAD_REQUEST,
            R::WrongSite
            | R::CardReaderNotRegistered
            | R::PartyRefInvalid
            | R::TerminalKeyNotEnrolled
            | R::IdentityMethodNotAllowed => StatusCode::FORBIDDEN,
            R::PartyNotOnFile | R::UnknownDelivery | R::UnknownDocument => StatusCode::NOT_FOUND,
            R::RequestIdReused
            | R::PhoneMismatch
            | R::PartyNotAtSite
            | R::PartyUnconfirmed
            | R::DocumentHashMismatch
            | R::WrongParty
            | R::ChainBroken
            | R::DeliveryClosed
            | R::DeliveryExpired
            | R::NotElectronic
            | R::NotDueForPaper => StatusCode::CONFLICT,
            R::DocumentTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            R::CoverSheetFailed => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Why a delivery operation did not complete.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the document storage failed")]
    Blob(#[from] std::io::Error),
    #[error(transparent)]
    Key(#[from] IdentityKeyError),
    #[error(transparent)]
    CourtKey(#[from] CourtKeyError),
    #[error("a stored value is unusable: {0}")]
    Corrupt(String),
    #[error("the evidence bundle could not be written")]
    Export(#[source] courtdesk_evidence::ExportError),
}

impl From<Refusal> for DeliveryError {
    fn from(refusal: Refusal) -> Self {
        DeliveryError::Refused(refusal)
    }
}

/// Deliveries of one store: publishing, reading, evidence and export. Every
/// method blocks on the store and the blob folder, so async callers run
/// them on the blocking pool.
#[derive(Clone)]
pub struct Deliveries {
    store: Arc<dyn CentralStore>,
    keys: Arc<IdentityKeys>,
    blobs: BlobShelf,
    court: Arc<Court>,
    clock: IdentityClock,
    limits: DeliveryLimits,
}

impl fmt::Debug for Deliveries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deliveries")
            .field("court", &self.court)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Deliveries {
    /// Opens the store, the identity key and the court key the settings
    /// name (the court key is made on first use).
    pub fn open(settings: &Settings) -> Result<Deliveries, DeliveryError> {
        let store = store::open(&settings.database())?;
        let keys = crate::identity::open_keys(settings, store.as_ref())?;
        Deliveries::new(settings, store, keys)
    }

    pub(crate) fn new(
        settings: &Settings,
        store: Arc<dyn CentralStore>,
        keys: Arc<IdentityKeys>,
    ) -> Result<Deliveries, DeliveryError> {
        let court = load_court(&settings.court_key_file())?;
        Ok(Deliveries {
            store,
            keys,
            blobs: BlobShelf::new(&settings.data_dir),
            court: Arc::new(court),
            clock: settings.identity.clock.clone(),
            limits: settings.delivery_limits,
        })
    }

    /// The court's public key, which verifies every countersignature.
    pub fn court_public_key(&self) -> ed25519_dalek::VerifyingKey {
        self.court.public_key()
    }

    pub(crate) fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    /// A document's bytes, if it is kept.
    pub fn document(&self, sha256: &Digest) -> Result<Option<Vec<u8>>, DeliveryError> {
        Ok(self.blobs.read(sha256)?)
    }
}
