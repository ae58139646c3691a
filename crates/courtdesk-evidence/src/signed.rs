//! A record signed by the terminal where the event happened.
//!
//! The terminal signs `"courtdesk-evidence/record/v1\n"` followed by the
//! record's canonical bytes with its Ed25519 key, at the moment of the
//! event and without the network. The record names the key
//! (`terminal_public_key`), so the signature can be checked by anyone; the
//! court's countersignature then vouches that the key is the one enrolled
//! for that terminal.

use courtdesk_protocol::Digest;
use ed25519_dalek::{Signature, Signer, SigningKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::key::{signature_from_base64, signature_to_base64};
use crate::record::{ChainLink, EvidenceRecord, RecordError};

/// What the terminal's signature is over, before the record bytes.
pub const RECORD_DOMAIN: &[u8] = b"courtdesk-evidence/record/v1\n";
/// What the evidence digest is over, before its fixed-size parts.
pub const EVIDENCE_DOMAIN: &[u8] = b"courtdesk-evidence/evidence/v1\n";

/// A record with the terminal's signature over its exact bytes. Holding one
/// means the bytes are canonical, the record follows every rule, and the
/// signature verifies (strictly) against the key the record names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRecord {
    record: EvidenceRecord,
    bytes: Vec<u8>,
    signature: Signature,
}

impl EvidenceRecord {
    /// Signs the record with the terminal's key, which must be the one the
    /// record names.
    pub fn sign(&self, key: &SigningKey) -> Result<SignedRecord, RecordError> {
        self.validate()?;
        if key.verifying_key() != self.terminal_public_key.0 {
            return Err(RecordError::KeyMismatch);
        }
        let bytes = self.canonical_bytes();
        let signature = key.sign(&signed_message(&bytes));
        Ok(SignedRecord {
            record: self.clone(),
            bytes,
            signature,
        })
    }
}

fn signed_message(bytes: &[u8]) -> Vec<u8> {
    [RECORD_DOMAIN, bytes].concat()
}

impl SignedRecord {
    /// Reads a signed record from its bytes and signature as stored or
    /// received, checking everything a [`SignedRecord`] promises.
    pub fn from_parts(bytes: Vec<u8>, signature: Signature) -> Result<SignedRecord, RecordError> {
        let record = EvidenceRecord::from_canonical_bytes(&bytes)?;
        record
            .terminal_public_key
            .0
            .verify_strict(&signed_message(&bytes), &signature)
            .map_err(|_| RecordError::BadSignature)?;
        Ok(SignedRecord {
            record,
            bytes,
            signature,
        })
    }

    pub fn record(&self) -> &EvidenceRecord {
        &self.record
    }

    /// The canonical bytes the signature is over.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The record digest: the SHA-256 of the record bytes.
    pub fn digest(&self) -> Digest {
        Digest::of(&self.bytes)
    }

    /// This record's place in its delivery's chain, for the next record.
    pub fn link(&self) -> ChainLink {
        ChainLink {
            seq: self.record.seq,
            sha256: self.digest(),
        }
    }

    /// The evidence digest: what the court countersigns and the receipt's
    /// QR code carries. It binds the record, the terminal's key and the
    /// terminal's signature together.
    pub fn evidence_digest(&self) -> Digest {
        evidence_digest(
            &self.digest(),
            self.record.terminal_public_key.as_bytes(),
            &self.signature,
        )
    }
}

/// `SHA-256(EVIDENCE_DOMAIN || record digest (32) || terminal public key
/// (32) || terminal signature (64))`.
pub(crate) fn evidence_digest(
    record_digest: &Digest,
    terminal_key: &[u8; 32],
    signature: &Signature,
) -> Digest {
    let mut hasher = Sha256::new();
    hasher.update(EVIDENCE_DOMAIN);
    hasher.update(record_digest.0);
    hasher.update(terminal_key);
    hasher.update(signature.to_bytes());
    Digest(hasher.finalize().into())
}

/// The wire form of a signed record: the canonical record as a JSON string
/// (so its bytes survive any JSON re-encoding) and the signature in base64.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedRecordWire {
    record: String,
    terminal_signature: String,
}

impl Serialize for SignedRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SignedRecordWire {
            record: String::from_utf8_lossy(&self.bytes).into_owned(),
            terminal_signature: signature_to_base64(&self.signature),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SignedRecord {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = SignedRecordWire::deserialize(deserializer)?;
        let signature = signature_from_base64(&wire.terminal_signature)
            .ok_or_else(|| serde::de::Error::custom(RecordError::MalformedSignature))?;
        SignedRecord::from_parts(wire.record.into_bytes(), signature)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::record::tests::sample;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    #[test]
    fn a_signed_record_round_trips_through_its_wire_form() {
        let signed = sample().sign(&key()).unwrap();
        let json = serde_json::to_string(&signed).unwrap();
        let back: SignedRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, signed);
        assert_eq!(back.evidence_digest(), signed.evidence_digest());
    }

    #[test]
    fn signing_with_another_key_than_the_records_is_refused() {
        let other = SigningKey::from_bytes(&[8; 32]);
        assert!(matches!(
            sample().sign(&other),
            Err(RecordError::KeyMismatch)
        ));
    }

    #[test]
    fn a_changed_record_or_signature_is_refused() {
        let signed = sample().sign(&key()).unwrap();
        let mut bytes = signed.bytes().to_vec();
        let at = bytes.iter().position(|&b| b == b'0').unwrap();
        bytes[at] = b'1';
        assert!(matches!(
            SignedRecord::from_parts(bytes, *signed.signature()),
            Err(RecordError::BadSignature)
        ));
        let mut sig = signed.signature().to_bytes();
        sig[10] ^= 1;
        assert!(matches!(
            SignedRecord::from_parts(signed.bytes().to_vec(), Signature::from_bytes(&sig)),
            Err(RecordError::BadSignature)
        ));
    }
}
