//! One evidence record: what happened to which documents of a delivery,
//! where, when, and how the party proved who they were.
//!
//! A record travels and is kept as its canonical JSON bytes (see
//! `FORMAT.md`); those exact bytes are what the terminal signs, what the
//! record digest is taken over, and what the next record of the same
//! delivery points back to.

use std::fmt;

use courtdesk_core::TerminalId;
use courtdesk_protocol::Digest;
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::canonical_json;
use serde::{Deserialize, Serialize};

use crate::key::PublicKey;

/// The `format` of every record this crate writes and reads.
pub const RECORD_FORMAT: &str = "courtdesk-evidence-record/1";

/// Integers in a record stay below 2^53 so that every JSON reader, a
/// JavaScript one included, reads them exactly.
pub const MAX_INTEGER: u64 = (1 << 53) - 1;

/// What happened to the documents of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The documents were shown to the identified party as waiting for them.
    MadeAvailable,
    /// The party opened a document to read it.
    Opened,
    /// The party acknowledged receipt.
    Acknowledged,
    /// The party refused receipt; the record carries a [`Refusal`].
    Refused,
    /// A document was printed for the party.
    Printed,
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [
        EventKind::MadeAvailable,
        EventKind::Opened,
        EventKind::Acknowledged,
        EventKind::Refused,
        EventKind::Printed,
    ];

    /// The name used in records, e.g. `made_available`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::MadeAvailable => "made_available",
            EventKind::Opened => "opened",
            EventKind::Acknowledged => "acknowledged",
            EventKind::Refused => "refused",
            EventKind::Printed => "printed",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document of a delivery, named as it is served and bound by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// The file name, e.g. `judgment.pdf`; it is also the document's name
    /// inside an evidence bundle, so it is checked by [`valid_document_name`].
    pub name: String,
    /// The SHA-256 of the document's exact bytes.
    pub sha256: Digest,
}

impl DocumentRef {
    /// The reference to `bytes` under `name`.
    pub fn of(name: impl Into<String>, bytes: &[u8]) -> DocumentRef {
        DocumentRef {
            name: name.into(),
            sha256: Digest::of(bytes),
        }
    }
}

/// How the party proved their identity at the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityMethod {
    /// Resident ID number plus a one-time code sent to the phone on file.
    ResidentIdOtp,
    /// The ID card read by an attached card reader.
    IdCard,
    /// Checked in person by a clerk at a service window.
    StaffVerified,
}

impl IdentityMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityMethod::ResidentIdOtp => "resident_id_otp",
            IdentityMethod::IdCard => "id_card",
            IdentityMethod::StaffVerified => "staff_verified",
        }
    }
}

/// Who received: the method, and a reference that names the party without
/// revealing their ID number, such as the masked number
/// (`110***********002X`) or a keyed hash chosen by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub method: IdentityMethod,
    pub reference: String,
}

/// Why the party refused receipt: a code for statistics and the party's
/// own words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// snake_case ASCII, e.g. `not_the_addressee`.
    pub code: String,
    /// Free text, at most [`MAX_REASON_CHARS`] characters.
    pub reason: String,
}

/// The longest refusal reason kept.
pub const MAX_REASON_CHARS: usize = 500;

/// Where a record sits in its delivery's chain: its position (from 1) and
/// its digest. The next record of the delivery carries `seq + 1` and this
/// digest as `prev_sha256`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChainLink {
    pub seq: u64,
    pub sha256: Digest,
}

/// An evidence record before it is signed. Fields are public so a terminal
/// builds one as a struct literal; [`EvidenceRecord::validate`] (called by
/// signing and by parsing) enforces the rules in `FORMAT.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecord {
    /// Always [`RECORD_FORMAT`].
    pub format: String,
    /// Position in the delivery's chain, from 1.
    pub seq: u64,
    pub event: EventKind,
    pub delivery_id: String,
    /// The documents the event concerns, in the order shown to the party.
    pub documents: Vec<DocumentRef>,
    pub identity: Identity,
    pub terminal_id: TerminalId,
    pub terminal_public_key: PublicKey,
    /// The terminal's clock when the event happened, Unix milliseconds.
    pub terminal_time_ms: u64,
    pub hlc: Hlc,
    /// Present exactly when `event` is [`EventKind::Refused`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The digest of the delivery's previous record; `null` for the first.
    pub prev_sha256: Option<Digest>,
}

/// Why a record is not acceptable as evidence.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("the record is not JSON of an evidence record")]
    Malformed {
        #[source]
        source: serde_json::Error,
    },
    #[error("the record bytes are not in canonical form")]
    NotCanonical,
    #[error("the record format {0:?} is not supported")]
    UnsupportedFormat(String),
    #[error("a delivery id is 1 to 64 characters of A-Z a-z 0-9 . _ : -")]
    InvalidDeliveryId,
    #[error("a record names at least one document")]
    NoDocuments,
    #[error("the document name {0:?} is not a plain file name")]
    InvalidDocumentName(String),
    #[error("the document {0:?} is named twice")]
    DuplicateDocument(String),
    #[error("the identity reference looks like a full ID number; records keep a masked form")]
    UnmaskedIdentity,
    #[error("an identity reference is 1 to 128 printable characters")]
    InvalidIdentityReference,
    #[error("a refused event carries a refusal, and no other event does")]
    RefusalMismatch,
    #[error("a refusal code is 1 to 64 characters of a-z 0-9 _; a reason at most 500 characters")]
    InvalidRefusal,
    #[error("the first record has seq 1 and no previous digest; every later one has both")]
    InvalidSeq,
    #[error("{0} is above 2^53 - 1")]
    NumberOutOfRange(&'static str),
    #[error("the signing key is not the record's terminal_public_key")]
    KeyMismatch,
    #[error("the terminal signature is not base64 of 64 bytes")]
    MalformedSignature,
    #[error("the terminal signature does not verify against the record's key")]
    BadSignature,
}

impl RecordError {
    /// A stable code for logs, refusals on the wire and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            RecordError::Malformed { .. } => "record_malformed",
            RecordError::NotCanonical => "record_not_canonical",
            RecordError::UnsupportedFormat(_) => "record_unsupported_format",
            RecordError::InvalidDeliveryId => "invalid_delivery_id",
            RecordError::NoDocuments => "no_documents",
            RecordError::InvalidDocumentName(_) => "invalid_document_name",
            RecordError::DuplicateDocument(_) => "duplicate_document",
            RecordError::UnmaskedIdentity => "identity_reference_unmasked",
            RecordError::InvalidIdentityReference => "invalid_identity_reference",
            RecordError::RefusalMismatch => "refusal_mismatch",
            RecordError::InvalidRefusal => "invalid_refusal",
            RecordError::InvalidSeq => "invalid_seq",
            RecordError::NumberOutOfRange(_) => "number_out_of_range",
            RecordError::KeyMismatch => "signing_key_mismatch",
            RecordError::MalformedSignature => "terminal_signature_malformed",
            RecordError::BadSignature => "terminal_signature_invalid",
        }
    }
}

impl EvidenceRecord {
    /// Places this record after `prev` in its delivery's chain (`None` for
    /// the delivery's first record).
    pub fn follow(&mut self, prev: Option<ChainLink>) {
        match prev {
            Some(link) => {
                self.seq = link.seq + 1;
                self.prev_sha256 = Some(link.sha256);
            }
            None => {
                self.seq = 1;
                self.prev_sha256 = None;
            }
        }
    }

    /// Checks every rule a record must follow before it is signed or after
    /// it is read.
    pub fn validate(&self) -> Result<(), RecordError> {
        if self.format != RECORD_FORMAT {
            return Err(RecordError::UnsupportedFormat(self.format.clone()));
        }
        if !valid_delivery_id(&self.delivery_id) {
            return Err(RecordError::InvalidDeliveryId);
        }
        if self.documents.is_empty() {
            return Err(RecordError::NoDocuments);
        }
        for (i, document) in self.documents.iter().enumerate() {
            if !valid_document_name(&document.name) {
                return Err(RecordError::InvalidDocumentName(document.name.clone()));
            }
            if self.documents[..i].iter().any(|d| d.name == document.name) {
                return Err(RecordError::DuplicateDocument(document.name.clone()));
            }
        }
        check_identity_reference(&self.identity.reference)?;
        match (&self.refusal, self.event) {
            (Some(refusal), EventKind::Refused) => check_refusal(refusal)?,
            (None, EventKind::Refused) | (Some(_), _) => return Err(RecordError::RefusalMismatch),
            (None, _) => {}
        }
        match (self.seq, self.prev_sha256) {
            (1, None) => {}
            (2.., Some(_)) => {}
            _ => return Err(RecordError::InvalidSeq),
        }
        for (name, value) in [
            ("seq", self.seq),
            ("terminal_time_ms", self.terminal_time_ms),
            ("hlc.wall_ms", self.hlc.wall_ms),
        ] {
            if value > MAX_INTEGER {
                return Err(RecordError::NumberOutOfRange(name));
            }
        }
        Ok(())
    }

    /// The canonical JSON bytes of the record (see `FORMAT.md`).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        // Every field serializes to JSON (strings, integers, lists and
        // objects of them), so the fallback is never taken; were it taken,
        // the empty bytes would fail every later check.
        serde_json::to_value(self)
            .map(|value| canonical_json(&value))
            .unwrap_or_default()
    }

    /// Reads a record from its canonical bytes, refusing bytes that are not
    /// canonical (so that one record has exactly one byte form) and records
    /// that break a rule.
    pub fn from_canonical_bytes(bytes: &[u8]) -> Result<EvidenceRecord, RecordError> {
        let record: EvidenceRecord =
            serde_json::from_slice(bytes).map_err(|source| RecordError::Malformed { source })?;
        if record.canonical_bytes() != bytes {
            return Err(RecordError::NotCanonical);
        }
        record.validate()?;
        Ok(record)
    }

    /// Whether the record names `document` with the same hash.
    pub fn names(&self, document: &DocumentRef) -> bool {
        self.documents.contains(document)
    }
}

/// A delivery id: 1 to 64 characters of `A-Z a-z 0-9 . _ : -`.
pub fn valid_delivery_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// A document name is a plain file name, safe as a path in a bundle and on
/// any file system: 1 to 120 bytes of UTF-8, no control character, none of
/// `/ \ : * ? " < > |`, not starting with `.` or a space, not ending with a
/// space or `.`.
pub fn valid_document_name(name: &str) -> bool {
    (1..=120).contains(&name.len())
        && !name.starts_with(['.', ' '])
        && !name.ends_with(['.', ' '])
        && !name.chars().any(|c| {
            c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
}

fn check_identity_reference(reference: &str) -> Result<(), RecordError> {
    if reference.is_empty()
        || reference.chars().count() > 128
        || reference.chars().any(char::is_control)
    {
        return Err(RecordError::InvalidIdentityReference);
    }
    // A resident ID number is 15 or 18 characters, all digits but an
    // optional final X: any run of 15 digits in a row is refused, which
    // masked forms (`110***********002X`) and hex hashes never contain
    // by chance often enough to matter (a 64-digit hex hash has a run of
    // 15 decimal digits with odds below one in a million).
    let mut run = 0;
    for c in reference.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 15 {
            return Err(RecordError::UnmaskedIdentity);
        }
    }
    Ok(())
}

fn check_refusal(refusal: &Refusal) -> Result<(), RecordError> {
    let code_ok = (1..=64).contains(&refusal.code.len())
        && refusal
            .code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if code_ok && refusal.reason.chars().count() <= MAX_REASON_CHARS {
        Ok(())
    } else {
        Err(RecordError::InvalidRefusal)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use ed25519_dalek::SigningKey;

    use super::*;

    pub(crate) fn sample() -> EvidenceRecord {
        let key = SigningKey::from_bytes(&[7; 32]);
        EvidenceRecord {
            format: RECORD_FORMAT.into(),
            seq: 1,
            event: EventKind::Acknowledged,
            delivery_id: "D-2026-0001".into(),
            documents: vec![DocumentRef::of("判决书.pdf", b"%PDF-1.7 judgment")],
            identity: Identity {
                method: IdentityMethod::ResidentIdOtp,
                reference: "110***********002X".into(),
            },
            terminal_id: TerminalId::from_bits(0xabc),
            terminal_public_key: PublicKey(key.verifying_key()),
            terminal_time_ms: 1_795_000_000_000,
            hlc: Hlc {
                wall_ms: 1_795_000_000_000,
                counter: 2,
            },
            refusal: None,
            prev_sha256: None,
        }
    }

    #[test]
    fn canonical_bytes_have_sorted_keys_and_round_trip() {
        let record = sample();
        let bytes = record.canonical_bytes();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.starts_with(
                r#"{"delivery_id":"D-2026-0001","documents":[{"name":"判决书.pdf","sha256":""#
            ),
            "keys sorted, no whitespace, UTF-8 kept raw: {text}"
        );
        assert!(
            text.contains(r#""prev_sha256":null"#),
            "the first record says null"
        );
        assert!(!text.contains("refusal"), "no refusal key when not refused");
        assert_eq!(
            EvidenceRecord::from_canonical_bytes(&bytes).unwrap(),
            record
        );
    }

    #[test]
    fn non_canonical_bytes_are_refused_even_when_they_mean_the_same() {
        let bytes = sample().canonical_bytes();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        assert!(matches!(
            EvidenceRecord::from_canonical_bytes(&pretty),
            Err(RecordError::NotCanonical)
        ));
        let text = String::from_utf8(bytes).unwrap();
        let missing_prev = text.replace(r#","prev_sha256":null"#, "");
        assert!(matches!(
            EvidenceRecord::from_canonical_bytes(missing_prev.as_bytes()),
            Err(RecordError::NotCanonical)
        ));
    }

    #[test]
    fn a_full_id_number_is_refused_as_the_reference() {
        for reference in [
            "11010519491231002X",
            "110105491231002",
            "ID 110105194912310021",
        ] {
            let mut record = sample();
            record.identity.reference = reference.into();
            assert_eq!(
                record.validate().map_err(|e| e.code()),
                Err("identity_reference_unmasked"),
                "{reference}"
            );
        }
        let mut record = sample();
        record.identity.reference = "hmac-sha256:9f86d081884c7d659a2feaa0c55ad015".into();
        assert!(record.validate().is_ok());
    }

    #[test]
    fn rules_on_documents_refusals_and_the_chain() {
        type Change = fn(&mut EvidenceRecord);
        let cases: Vec<(Change, &str)> = vec![
            (|r| r.documents.clear(), "no_documents"),
            (
                |r| r.documents[0].name = "../etc/passwd".into(),
                "invalid_document_name",
            ),
            (
                |r| r.documents.push(r.documents[0].clone()),
                "duplicate_document",
            ),
            (|r| r.event = EventKind::Refused, "refusal_mismatch"),
            (
                |r| {
                    r.refusal = Some(Refusal {
                        code: "x".into(),
                        reason: String::new(),
                    })
                },
                "refusal_mismatch",
            ),
            (|r| r.seq = 2, "invalid_seq"),
            (|r| r.prev_sha256 = Some(Digest::of(b"x")), "invalid_seq"),
            (|r| r.delivery_id = "a b".into(), "invalid_delivery_id"),
            (|r| r.terminal_time_ms = u64::MAX, "number_out_of_range"),
            (|r| r.format = "other/1".into(), "record_unsupported_format"),
        ];
        for (change, code) in cases {
            let mut record = sample();
            change(&mut record);
            assert_eq!(record.validate().map_err(|e| e.code()), Err(code));
        }
        let mut refused = sample();
        refused.event = EventKind::Refused;
        refused.refusal = Some(Refusal {
            code: "not_the_addressee".into(),
            reason: "我不是被送达人".into(),
        });
        assert!(refused.validate().is_ok());
    }

    #[test]
    fn follow_sets_the_position_in_the_chain() {
        let mut record = sample();
        let link = ChainLink {
            seq: 4,
            sha256: Digest::of(b"fourth"),
        };
        record.follow(Some(link));
        assert_eq!((record.seq, record.prev_sha256), (5, Some(link.sha256)));
        record.follow(None);
        assert_eq!((record.seq, record.prev_sha256), (1, None));
    }
}
