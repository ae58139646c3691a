//! Electronic delivery on the wire: the court publishes documents for a
//! party, kiosks of the party's site hold them for service, and the events
//! of service come back as signed evidence that the court countersigns.
//!
//! Evidence records and countersignatures travel in the exact JSON shapes
//! of `courtdesk-evidence` (`SignedRecord`, `CountersignedRecord`), written
//! here as plain strings so this crate does not depend on it: a terminal
//! turns [`EvidenceSubmission`] and [`CountersignedEvidence`] into those
//! types with `serde_json` alone.

use serde::{Deserialize, Serialize};

use crate::Digest;
use crate::api::ErrorCode;

/// The delivery endpoints.
pub mod paths {
    /// `POST`: publish a delivery (a staff desk's signed request, or the
    /// case system's bearer token).
    pub const PUBLISH: &str = "/v1/deliveries";
    /// `GET`: a kiosk's site's deliveries waiting for service.
    pub const SITE: &str = "/v1/deliveries/site";
    /// `POST`: what waits for one identified party, at a kiosk.
    pub const WAITING: &str = "/v1/deliveries/waiting";
    /// `POST`: a signed evidence record, countersigned in the answer.
    pub const EVIDENCE: &str = "/v1/deliveries/evidence";
    /// `GET`: a staff desk's site's deliveries and their states.
    pub const DESK: &str = "/v1/deliveries/desk";
    /// `GET`: the court's public key, which countersigns evidence.
    pub const COURT_KEY: &str = "/v1/court-key";

    /// `GET`: a document's bytes by its SHA-256.
    pub fn document(sha256: &crate::Digest) -> String {
        format!("/v1/delivery-documents/{}", sha256.to_hex())
    }

    /// `GET`: the paper-service package of a delivery.
    pub fn paper(delivery_id: &str) -> String {
        format!("/v1/deliveries/{delivery_id}/paper")
    }
}

/// What kind of court document is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    Summons,
    Notice,
    Judgment,
    MediationAgreement,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::Summons,
        DocumentKind::Notice,
        DocumentKind::Judgment,
        DocumentKind::MediationAgreement,
        DocumentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Summons => "summons",
            DocumentKind::Notice => "notice",
            DocumentKind::Judgment => "judgment",
            DocumentKind::MediationAgreement => "mediation_agreement",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// How the documents are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ServiceMethod {
    /// At a kiosk of the party's site, with signed evidence.
    Electronic,
    /// On paper, by post or in person; kiosks never see it.
    Paper,
}

impl ServiceMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceMethod::Electronic => "electronic",
            ServiceMethod::Paper => "paper",
        }
    }

    pub fn parse(text: &str) -> Option<ServiceMethod> {
        match text {
            "electronic" => Some(ServiceMethod::Electronic),
            "paper" => Some(ServiceMethod::Paper),
            _ => None,
        }
    }
}

/// Where a delivery stands.
///
/// `published` → `available` (a kiosk of the site holds it) → `opened` →
/// `acknowledged` | `refused` (both final). `expired`: the deadline passed
/// before either. `paper`: served on paper from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeliveryState {
    Published,
    Available,
    Opened,
    Acknowledged,
    Refused,
    Expired,
    Paper,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 7] = [
        DeliveryState::Published,
        DeliveryState::Available,
        DeliveryState::Opened,
        DeliveryState::Acknowledged,
        DeliveryState::Refused,
        DeliveryState::Expired,
        DeliveryState::Paper,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Published => "published",
            DeliveryState::Available => "available",
            DeliveryState::Opened => "opened",
            DeliveryState::Acknowledged => "acknowledged",
            DeliveryState::Refused => "refused",
            DeliveryState::Expired => "expired",
            DeliveryState::Paper => "paper",
        }
    }

    pub fn parse(text: &str) -> Option<DeliveryState> {
        DeliveryState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Acknowledged and refused end electronic service.
    pub fn is_final(self) -> bool {
        matches!(self, DeliveryState::Acknowledged | DeliveryState::Refused)
    }
}

/// One document to publish: a PDF, named as the party will see it.
///
/// `Debug` shows the name and the encoded length only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishDocument {
    /// A plain file name such as `judgment.pdf` (no path).
    pub name: String,
    /// The file's bytes, standard base64.
    pub content_base64: String,
}

impl std::fmt::Debug for PublishDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishDocument")
            .field("name", &self.name)
            .field("content_base64_len", &self.content_base64.len())
            .finish()
    }
}

/// Publishing documents to serve on a party.
///
/// `Debug` hides the resident ID number and the phone.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishRequest {
    /// Chosen by the publisher, 1 to 64 characters of `A-Z a-z 0-9 . _ : -`;
    /// the same request sent again (after a lost reply) answers with the
    /// delivery it made the first time.
    pub request_id: String,
    /// The court's case number, e.g. `(2026)京0105民初123号`.
    pub case_number: String,
    /// The party's resident ID number; it and `phone` must match a party on
    /// file.
    pub resident_id: String,
    /// The party's phone number as on file.
    pub phone: String,
    /// The court and site whose kiosks serve it. A staff desk may leave them
    /// out (its own) but not name another; the case system names both.
    #[serde(default)]
    pub court_id: Option<String>,
    #[serde(default)]
    pub site_id: Option<String>,
    pub title: String,
    pub kind: DocumentKind,
    pub method: ServiceMethod,
    /// Whether the party's consent to electronic service is on record;
    /// required for `electronic`.
    pub consent_to_electronic: bool,
    /// RFC 3339 date-time in the future, e.g. `2026-12-31T17:00:00+08:00`.
    pub deadline: String,
    pub documents: Vec<PublishDocument>,
}

impl std::fmt::Debug for PublishRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishRequest")
            .field("request_id", &self.request_id)
            .field("case_number", &self.case_number)
            .field("resident_id", &"<redacted>")
            .field("phone", &"<redacted>")
            .field("court_id", &self.court_id)
            .field("site_id", &self.site_id)
            .field("title", &self.title)
            .field("kind", &self.kind)
            .field("method", &self.method)
            .field("consent_to_electronic", &self.consent_to_electronic)
            .field("deadline", &self.deadline)
            .field("documents", &self.documents)
            .finish()
    }
}

/// A published document: its name, SHA-256 (its address) and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryDocument {
    pub name: String,
    pub sha256: Digest,
    pub size: u64,
}

/// The answer to a publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Published {
    pub delivery_id: String,
    pub state: DeliveryState,
    pub court_id: String,
    pub site_id: String,
    pub deadline_ms: u64,
    pub documents: Vec<DeliveryDocument>,
    /// `true` when this request id had published the delivery before.
    pub duplicate: bool,
}

/// The last countersigned evidence record of a delivery, which the next
/// record follows (`seq + 1`, `prev_sha256` = `record_sha256`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceHead {
    pub seq: u64,
    pub record_sha256: Digest,
}

/// A delivery as a kiosk holds it: no resident ID number, no phone, no
/// name; the party is named by the keyed hash of their ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskDelivery {
    pub delivery_id: String,
    pub case_number: String,
    pub title: String,
    pub kind: DocumentKind,
    pub state: DeliveryState,
    pub published_ms: u64,
    pub deadline_ms: u64,
    /// The server's keyed hash (HMAC-SHA256) of the party's ID number.
    pub party: String,
    pub documents: Vec<DeliveryDocument>,
    /// `None` before the first evidence record.
    pub evidence_head: Option<EvidenceHead>,
}

/// A kiosk's site's deliveries waiting for service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteDeliveries {
    pub deliveries: Vec<KioskDelivery>,
}

/// How the party at a kiosk was identified, to ask what waits for them.
///
/// `Debug` hides the reference and the ID number.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PartyProof {
    /// The `party_ref` of `OtpVerified`, from this kiosk, not expired.
    Otp { party_ref: String },
    /// The ID card read by this kiosk's card reader: the number on the chip
    /// and the SHA-256 (64 hex digits) of the card data the reader's
    /// security module released. The server accepts it only from a kiosk
    /// it knows to have a reader, charges it to the kiosk's budget and
    /// keeps it for audit (ARCHITECTURE.md, "Card reads").
    IdCard {
        resident_id: String,
        card_digest: String,
    },
}

impl std::fmt::Debug for PartyProof {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartyProof::Otp { .. } => f.write_str("PartyProof::Otp(<redacted>)"),
            PartyProof::IdCard { .. } => f.write_str("PartyProof::IdCard(<redacted>)"),
        }
    }
}

/// What waits for one identified party at the kiosk's site.
///
/// `Debug` hides the reference.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingDeliveries {
    pub masked_resident_id: String,
    /// A reference to the party for this kiosk: the one presented, or a new
    /// one after a card read.
    pub party_ref: String,
    pub party_ref_expires_at_ms: u64,
    pub deliveries: Vec<KioskDelivery>,
}

impl std::fmt::Debug for WaitingDeliveries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitingDeliveries")
            .field("masked_resident_id", &self.masked_resident_id)
            .field("party_ref", &"<redacted>")
            .field("party_ref_expires_at_ms", &self.party_ref_expires_at_ms)
            .field("deliveries", &self.deliveries)
            .finish()
    }
}

/// An evidence record signed by the terminal: the wire form of
/// `courtdesk_evidence::SignedRecord`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceSubmission {
    /// The record's canonical JSON (see the evidence crate's `FORMAT.md`).
    pub record: String,
    /// Standard base64 of the terminal's Ed25519 signature.
    pub terminal_signature: String,
}

/// The court's countersignature of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountersignatureBody {
    pub evidence_sha256: Digest,
    pub received_at_ms: u64,
    pub server_seq: u64,
    /// Standard base64 of the court's Ed25519 signature.
    pub court_signature: String,
}

/// The wire form of `courtdesk_evidence::CountersignedRecord`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountersignedEvidence {
    pub signed: EvidenceSubmission,
    pub countersignature: CountersignatureBody,
}

/// The answer to an evidence record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceReceipt {
    pub countersigned: CountersignedEvidence,
    /// The text of the receipt's QR code.
    pub qr_payload: String,
    /// The delivery's state after the record.
    pub delivery_state: DeliveryState,
    /// `true` when the record had been countersigned before (a retry).
    pub duplicate: bool,
}

/// A delivery as a staff desk sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskDelivery {
    pub delivery_id: String,
    pub case_number: String,
    pub title: String,
    pub kind: DocumentKind,
    pub method: ServiceMethod,
    pub state: DeliveryState,
    pub published_ms: u64,
    pub deadline_ms: u64,
    /// E.g. `110***********002X`.
    pub masked_resident_id: String,
    pub documents: Vec<DeliveryDocument>,
}

/// A staff desk's site's deliveries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskDeliveries {
    pub deliveries: Vec<DeskDelivery>,
}

/// One file of a paper-service package.
///
/// `Debug` shows the name, hash and size.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageFile {
    pub name: String,
    pub sha256: Digest,
    pub content_base64: String,
}

impl std::fmt::Debug for PackageFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackageFile")
            .field("name", &self.name)
            .field("sha256", &self.sha256)
            .field("content_base64_len", &self.content_base64.len())
            .finish()
    }
}

/// What a desk prints to serve a delivery on paper: the cover sheet (with
/// the address block for a window envelope) first, then every document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaperPackage {
    pub delivery_id: String,
    pub state: DeliveryState,
    /// The cover sheet first, then the documents as published.
    pub files: Vec<PackageFile>,
}

/// The court's key for evidence countersignatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourtKey {
    /// Standard base64 of the 32-byte Ed25519 public key.
    pub public_key: String,
}

/// Why a delivery request was refused, beyond the general codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeliveryRefusal {
    /// 400: the request id is empty, too long or has other characters.
    InvalidRequestId,
    /// 409: the request id was used before for another publication.
    RequestIdReused,
    /// 400: the case number is empty, too long or holds control characters.
    InvalidCaseNumber,
    /// 400: the title is empty, too long or holds control characters.
    InvalidTitle,
    /// 400: the resident ID number fails its checks.
    InvalidResidentId,
    /// 400: the phone number is not a mainland mobile number.
    InvalidPhone,
    /// 404: nobody with this resident ID number is on file.
    PartyNotOnFile,
    /// 409: the phone is not the one on file for this party.
    PhoneMismatch,
    /// 409: the party is not on file at the delivery's site.
    PartyNotAtSite,
    /// 400: the court or site id is malformed.
    InvalidSite,
    /// 403: a staff desk named another court or site than its own.
    WrongSite,
    /// 400: no documents.
    NoDocuments,
    /// 400: more documents than a delivery holds.
    TooManyDocuments,
    /// 400: a document name is not a plain file name.
    InvalidDocumentName,
    /// 400: two documents have the same name.
    DuplicateDocumentName,
    /// 400: a document's content is not base64.
    InvalidBase64,
    /// 400: a document is not a PDF (`%PDF-` … `%%EOF`).
    NotAPdf,
    /// 413: a document, or all of them, exceed the size limit.
    DocumentTooLarge,
    /// 400: electronic service without the party's consent on record.
    ConsentRequired,
    /// 400: the deadline is not an RFC 3339 date-time.
    InvalidDeadline,
    /// 400: the deadline is not in the future.
    DeadlineInPast,
    /// 403: the party reference is forged, expired or of another kiosk.
    PartyRefInvalid,
    /// 404: no such delivery (at this site).
    UnknownDelivery,
    /// 404: no delivery of this site holds a document with this hash.
    UnknownDocument,
    /// 400: the evidence record or its signature is malformed.
    EvidenceMalformed,
    /// 400: the terminal's signature does not verify.
    TerminalSignatureInvalid,
    /// 403: the record names another terminal or key than the sender's.
    TerminalKeyNotEnrolled,
    /// 403: the record's identity method is not one this kind of terminal
    /// may vouch for (`staff_verified` comes only from a staff desk).
    IdentityMethodNotAllowed,
    /// 409: a named document's hash is not the published one.
    DocumentHashMismatch,
    /// 409: the record does not follow the delivery's last record.
    ChainBroken,
    /// 409: the record names another party than the delivery's (its
    /// identity reference is not the party's masked ID number).
    WrongParty,
    /// 409: the delivery was already acknowledged or refused.
    DeliveryClosed,
    /// 409: the deadline passed before this acknowledgment or refusal.
    DeliveryExpired,
    /// 409: the delivery is served on paper.
    NotElectronic,
    /// 409: a paper package is only for a delivery not acknowledged by its
    /// deadline (expired, refused, or served on paper).
    NotDueForPaper,
    /// 500: the cover sheet could not be set (e.g. a character without a
    /// glyph in the name or address).
    CoverSheetFailed,
    /// 400: a case put without parties.
    NoParties,
    /// 400: more parties than a case holds.
    TooManyParties,
    /// 400: the same resident ID number is named twice in one case.
    DuplicateParty,
    /// 403: a card read from a kiosk with no card reader registered at the
    /// court.
    CardReaderNotRegistered,
    /// 400: a card read without the digest of the card data the reader
    /// released.
    CardReadInvalid,
    /// 409: to an API client, in place of `party_not_on_file`,
    /// `phone_mismatch` and `party_not_at_site`: no party on file at the
    /// court matches the number and phone given, without saying which
    /// (each such answer spends the client's probing budget).
    PartyUnconfirmed,
}

/// A delivery refusal's code, or one of the general codes (authentication,
/// limits, internal failures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeliveryErrorCode {
    Delivery(DeliveryRefusal),
    General(ErrorCode),
}

/// The body of every error response of the delivery endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryErrorBody {
    pub code: DeliveryErrorCode,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_flat_strings_of_either_kind() {
        let delivery = DeliveryErrorCode::Delivery(DeliveryRefusal::PhoneMismatch);
        let general = DeliveryErrorCode::General(ErrorCode::Unauthenticated);
        assert_eq!(
            serde_json::to_value(delivery).ok(),
            Some(serde_json::json!("phone_mismatch"))
        );
        assert_eq!(
            serde_json::to_value(general).ok(),
            Some(serde_json::json!("unauthenticated"))
        );
        let read: Option<DeliveryErrorCode> =
            serde_json::from_value(serde_json::json!("unauthenticated")).ok();
        assert_eq!(read, Some(general));
    }

    #[test]
    fn names_round_trip() {
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(kind.as_str()), Some(kind));
        }
        for state in DeliveryState::ALL {
            assert_eq!(DeliveryState::parse(state.as_str()), Some(state));
            let json = serde_json::to_value(state).ok();
            assert_eq!(json, Some(serde_json::json!(state.as_str())));
        }
    }

    #[test]
    fn personal_data_stays_out_of_debug() {
        let proof = PartyProof::IdCard {
            resident_id: "11010519491231002X".into(),
            card_digest: "ab".repeat(32),
        };
        assert!(!format!("{proof:?}").contains("1101"));
        let json = serde_json::to_value(&proof).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({
                "method": "id_card",
                "resident_id": "11010519491231002X",
                "card_digest": "ab".repeat(32),
            }))
        );
    }
}
