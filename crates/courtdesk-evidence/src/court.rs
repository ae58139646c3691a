//! The court's side: checking a terminal-signed record against what the
//! court published and enrolled, and countersigning it with the court's key
//! and the server's receipt time.
//!
//! The court signs, with Ed25519, the 87 bytes
//! `"courtdesk-evidence/countersignature/v1\n" || evidence digest (32) ||
//! received_at_ms (8, big-endian) || server_seq (8, big-endian)`. The
//! evidence digest covers the record digest, the terminal's public key and
//! the terminal's signature, so the countersignature covers all three.

use std::fmt;

use courtdesk_protocol::Digest;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::key::{signature_from_base64, signature_to_base64};
use crate::record::{ChainLink, DocumentRef, MAX_INTEGER};
use crate::signed::SignedRecord;

/// What the court's signature is over, before its fixed-size parts.
pub const COUNTERSIGNATURE_DOMAIN: &[u8] = b"courtdesk-evidence/countersignature/v1\n";

/// The court's signing side. It holds no state: what it checks a record
/// against (the published documents, the enrolled key, the chain so far) is
/// passed in with each record, read by the caller from its store.
pub struct Court {
    key: SigningKey,
}

impl fmt::Debug for Court {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Court")
            .field("public_key", &crate::PublicKey(self.key.verifying_key()))
            .finish_non_exhaustive()
    }
}

/// What the court knows about a delivery when a record of it arrives.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryContext<'a> {
    pub delivery_id: &'a str,
    /// The documents the court published for the delivery.
    pub documents: &'a [DocumentRef],
    /// The key enrolled for the record's terminal (`record.terminal_id`).
    pub enrolled_terminal_key: &'a VerifyingKey,
    /// The delivery's last countersigned record, `None` before the first.
    pub head: Option<ChainLink>,
}

/// The court's countersignature of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countersignature {
    pub evidence_sha256: Digest,
    /// The server's clock when the record arrived, Unix milliseconds.
    pub received_at_ms: u64,
    /// The server's sequence number for countersignatures, increasing.
    pub server_seq: u64,
    pub signature: Signature,
}

/// Why the court refuses to countersign a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountersignError {
    #[error("the terminal signature does not verify")]
    BadTerminalSignature,
    #[error("the record's key is not the key enrolled for its terminal")]
    TerminalKeyNotEnrolled,
    #[error("the record is of delivery {found:?}, not {expected:?}")]
    WrongDelivery { expected: String, found: String },
    #[error("the record names {0:?}, which is not a document of the delivery")]
    UnknownDocument(String),
    #[error("the record's hash of {0:?} is not the hash of the published document")]
    DocumentHashMismatch(String),
    #[error(
        "the record is number {found_seq} of the delivery but follows neither the delivery's last record nor its start (expected number {expected_seq})"
    )]
    ChainBroken { expected_seq: u64, found_seq: u64 },
    #[error("the record is the delivery's last countersigned record again")]
    AlreadyCountersigned,
    #[error("the receipt time or server sequence is above 2^53 - 1")]
    NumberOutOfRange,
}

impl CountersignError {
    /// A stable code for the terminal, the log and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CountersignError::BadTerminalSignature => "terminal_signature_invalid",
            CountersignError::TerminalKeyNotEnrolled => "terminal_key_not_enrolled",
            CountersignError::WrongDelivery { .. } => "wrong_delivery",
            CountersignError::UnknownDocument(_) => "unknown_document",
            CountersignError::DocumentHashMismatch(_) => "document_hash_mismatch",
            CountersignError::ChainBroken { .. } => "chain_broken",
            CountersignError::AlreadyCountersigned => "already_countersigned",
            CountersignError::NumberOutOfRange => "number_out_of_range",
        }
    }
}

impl Court {
    pub fn new(key: SigningKey) -> Court {
        Court { key }
    }

    pub fn public_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// Checks `signed` against `context` and countersigns it. The record
    /// may have been signed long before, offline: its terminal time is kept
    /// as it is, and `received_at_ms` records when the court got it.
    pub fn countersign(
        &self,
        signed: &SignedRecord,
        context: &DeliveryContext<'_>,
        received_at_ms: u64,
        server_seq: u64,
    ) -> Result<CountersignedRecord, CountersignError> {
        let record = signed.record();
        // A `SignedRecord` was checked when it was built; checking again
        // costs little and keeps this function sound on its own.
        record
            .terminal_public_key
            .0
            .verify_strict(
                &[crate::signed::RECORD_DOMAIN, signed.bytes()].concat(),
                signed.signature(),
            )
            .map_err(|_| CountersignError::BadTerminalSignature)?;
        if record.terminal_public_key.0 != *context.enrolled_terminal_key {
            return Err(CountersignError::TerminalKeyNotEnrolled);
        }
        if record.delivery_id != context.delivery_id {
            return Err(CountersignError::WrongDelivery {
                expected: context.delivery_id.to_owned(),
                found: record.delivery_id.clone(),
            });
        }
        for document in &record.documents {
            match context.documents.iter().find(|d| d.name == document.name) {
                None => return Err(CountersignError::UnknownDocument(document.name.clone())),
                Some(published) if published.sha256 != document.sha256 => {
                    return Err(CountersignError::DocumentHashMismatch(
                        document.name.clone(),
                    ));
                }
                Some(_) => {}
            }
        }
        if context
            .head
            .is_some_and(|head| head.sha256 == signed.digest())
        {
            return Err(CountersignError::AlreadyCountersigned);
        }
        let expected_seq = context.head.map_or(1, |head| head.seq + 1);
        let expected_prev = context.head.map(|head| head.sha256);
        if record.seq != expected_seq || record.prev_sha256 != expected_prev {
            return Err(CountersignError::ChainBroken {
                expected_seq,
                found_seq: record.seq,
            });
        }
        if received_at_ms > MAX_INTEGER || server_seq > MAX_INTEGER {
            return Err(CountersignError::NumberOutOfRange);
        }
        let evidence_sha256 = signed.evidence_digest();
        let signature = self.key.sign(&countersigned_message(
            &evidence_sha256,
            received_at_ms,
            server_seq,
        ));
        Ok(CountersignedRecord {
            signed: signed.clone(),
            countersignature: Countersignature {
                evidence_sha256,
                received_at_ms,
                server_seq,
                signature,
            },
        })
    }
}

pub(crate) fn countersigned_message(
    evidence: &Digest,
    received_at_ms: u64,
    server_seq: u64,
) -> Vec<u8> {
    let mut message = Vec::with_capacity(COUNTERSIGNATURE_DOMAIN.len() + 48);
    message.extend_from_slice(COUNTERSIGNATURE_DOMAIN);
    message.extend_from_slice(&evidence.0);
    message.extend_from_slice(&received_at_ms.to_be_bytes());
    message.extend_from_slice(&server_seq.to_be_bytes());
    message
}

impl Countersignature {
    /// Checks the court's signature, and nothing else.
    pub fn verify(&self, court_key: &VerifyingKey) -> Result<(), CountersignatureInvalid> {
        court_key
            .verify_strict(
                &countersigned_message(&self.evidence_sha256, self.received_at_ms, self.server_seq),
                &self.signature,
            )
            .map_err(|_| CountersignatureInvalid)
    }
}

/// The court's signature does not verify against the given key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the court's countersignature does not verify")]
pub struct CountersignatureInvalid;

impl CountersignatureInvalid {
    pub fn code(&self) -> &'static str {
        "court_signature_invalid"
    }
}

/// A terminal-signed record with the court's countersignature.
///
/// Built by [`Court::countersign`], or read back from storage; a read-back
/// one has a checked terminal signature and an evidence digest that matches
/// it, but its court signature is checked only by
/// [`CountersignedRecord::verify`], which needs the court's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountersignedRecord {
    signed: SignedRecord,
    countersignature: Countersignature,
}

impl CountersignedRecord {
    pub fn signed(&self) -> &SignedRecord {
        &self.signed
    }

    pub fn countersignature(&self) -> &Countersignature {
        &self.countersignature
    }

    /// Checks the court's signature against `court_key`.
    pub fn verify(&self, court_key: &VerifyingKey) -> Result<(), CountersignatureInvalid> {
        self.countersignature.verify(court_key)
    }

    /// Joins a signed record and a countersignature kept apart, refusing a
    /// countersignature of another record.
    pub fn from_parts(
        signed: SignedRecord,
        countersignature: Countersignature,
    ) -> Result<CountersignedRecord, EvidenceDigestMismatch> {
        if signed.evidence_digest() != countersignature.evidence_sha256 {
            return Err(EvidenceDigestMismatch);
        }
        Ok(CountersignedRecord {
            signed,
            countersignature,
        })
    }
}

/// A countersignature names another record's evidence digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the countersignature is of another record (its evidence digest differs)")]
pub struct EvidenceDigestMismatch;

/// The wire and storage form of a countersignature (and the content of a
/// bundle's `signatures/NNNN.json`, which adds the terminal signature).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountersignatureWire {
    pub(crate) evidence_sha256: Digest,
    pub(crate) received_at_ms: u64,
    pub(crate) server_seq: u64,
    pub(crate) court_signature: String,
}

impl From<&Countersignature> for CountersignatureWire {
    fn from(c: &Countersignature) -> Self {
        CountersignatureWire {
            evidence_sha256: c.evidence_sha256,
            received_at_ms: c.received_at_ms,
            server_seq: c.server_seq,
            court_signature: signature_to_base64(&c.signature),
        }
    }
}

impl CountersignatureWire {
    pub(crate) fn parse(&self) -> Option<Countersignature> {
        Some(Countersignature {
            evidence_sha256: self.evidence_sha256,
            received_at_ms: self.received_at_ms,
            server_seq: self.server_seq,
            signature: signature_from_base64(&self.court_signature)?,
        })
    }
}

impl Serialize for Countersignature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CountersignatureWire::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Countersignature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        CountersignatureWire::deserialize(deserializer)?
            .parse()
            .ok_or_else(|| {
                serde::de::Error::custom("the court signature is not base64 of 64 bytes")
            })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountersignedWire {
    signed: SignedRecord,
    countersignature: Countersignature,
}

impl Serialize for CountersignedRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CountersignedWire {
            signed: self.signed.clone(),
            countersignature: self.countersignature,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CountersignedRecord {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = CountersignedWire::deserialize(deserializer)?;
        CountersignedRecord::from_parts(wire.signed, wire.countersignature)
            .map_err(serde::de::Error::custom)
    }
}
