//! Evidence of electronic service: who received which court documents,
//! when, how they proved who they were, and that it was exactly these bytes.
//!
//! The life of one piece of evidence:
//!
//! 1. At the kiosk, each event of a delivery (made available, opened,
//!    acknowledged, refused, printed) becomes an [`EvidenceRecord`], signed
//!    at once by the terminal's Ed25519 key ([`EvidenceRecord::sign`]),
//!    offline if need be. Records of a delivery form a chain
//!    ([`EvidenceRecord::follow`]).
//! 2. At the court's server, [`Court::countersign`] checks the record
//!    against what the court published and enrolled ([`DeliveryContext`])
//!    and adds the court's signature and receipt time.
//! 3. The receipt printed for the party carries
//!    [`CountersignedRecord::qr_payload`], which [`verify_qr`] checks with
//!    the court's public key alone.
//! 4. [`stamp_served`] makes the served copy of a document;
//!    [`export_bundle`] packs a delivery's documents, records and signatures
//!    into a ZIP that [`verify_bundle`] (or any verifier written from
//!    `FORMAT.md`) checks, naming every [`Finding`].
//!
//! The byte formats are specified in `FORMAT.md` beside this crate's
//! manifest; the constants below are the domain-separation prefixes it
//! names. No I/O, no clock, no random source: times, sequence numbers and
//! keys are passed in.
//!
//! # Policies and their numbers
//!
//! | Policy | Numbers | Where |
//! | --- | --- | --- |
//! | Identity in records | method + reference; a reference with 15 or more digits in a row (a full ID number) is refused | [`record`] |
//! | Record integers | at most 2^53 − 1, so every JSON reader reads them exactly | [`record::MAX_INTEGER`] |
//! | Refusal reasons | code `a-z 0-9 _` up to 64; reason up to 500 characters | [`Refusal`] |
//! | QR payload | `CDE1.` + 150 base64url characters (112 bytes) | [`verify_qr`] |
//! | Bundle limits | 10,000 entries; 128 MiB per document; 1 MiB per other file; 1 GiB in all | [`Limits`] |
//! | Served stamp | 9 pt, 22 pt in from the bottom-left corner as displayed, each later stamp above the last | [`stamp_served`] |
//!
//! Every error and finding has a stable snake_case `code()` for the UI, the
//! log and the CLI.
#![forbid(unsafe_code)]

mod bundle;
mod court;
mod key;
mod qr;
pub mod record;
mod signed;
mod stamp;

pub use bundle::{
    BUNDLE_FORMAT, BundleDocument, BundleInput, ExportError, Finding, Limits, VerifiedBundle,
    VerifiedRecord, export_bundle, verify_bundle, verify_bundle_with,
};
pub use court::{
    COUNTERSIGNATURE_DOMAIN, CountersignError, Countersignature, CountersignatureInvalid,
    CountersignedRecord, Court, DeliveryContext, EvidenceDigestMismatch,
};
pub use key::{InvalidPublicKey, PublicKey};
pub use qr::{QR_PREFIX, QrError, QrEvidence, verify_qr};
pub use record::{
    ChainLink, DocumentRef, EventKind, EvidenceRecord, Identity, IdentityMethod, RECORD_FORMAT,
    RecordError, Refusal,
};
pub use signed::{EVIDENCE_DOMAIN, RECORD_DOMAIN, SignedRecord};
pub use stamp::{ServedAt, StampError, stamp_served, stamp_text};
