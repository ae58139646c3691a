//! Evidence of electronic service.
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
