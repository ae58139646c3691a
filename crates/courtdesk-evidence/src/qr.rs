//! The QR code on a printed receipt: the evidence digest, the server's
//! receipt time and sequence number, and the court's signature over them,
//! which anyone holding the court's public key can check offline.
//!
//! Payload: `CDE1.` followed by the unpadded base64url of 112 bytes:
//! evidence digest (32) || received_at_ms (8, big-endian) || server_seq
//! (8, big-endian) || court signature (64). 155 characters in all, which a
//! version 9 QR code holds at error correction level M.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use courtdesk_protocol::Digest;
use ed25519_dalek::{Signature, VerifyingKey};

use crate::court::{Countersignature, CountersignedRecord};

/// The prefix naming the payload's version.
pub const QR_PREFIX: &str = "CDE1.";
const QR_BYTES: usize = 32 + 8 + 8 + 64;

/// What a verified QR code vouches for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QrEvidence {
    /// The evidence digest of the record (see `FORMAT.md`), to look up or to
    /// compare with a bundle.
    pub evidence_sha256: Digest,
    pub received_at_ms: u64,
    pub server_seq: u64,
}

/// Why a QR payload does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("the QR payload is not a CourtDesk evidence code of a known version")]
    UnknownVersion,
    #[error("the QR payload is not base64url of 112 bytes")]
    Malformed,
    #[error("the court's signature in the QR code does not verify")]
    BadSignature,
}

impl QrError {
    pub fn code(&self) -> &'static str {
        match self {
            QrError::UnknownVersion => "qr_unknown_version",
            QrError::Malformed => "qr_malformed",
            QrError::BadSignature => "qr_signature_invalid",
        }
    }
}

impl Countersignature {
    /// The text to put in the receipt's QR code.
    pub fn qr_payload(&self) -> String {
        let mut bytes = Vec::with_capacity(QR_BYTES);
        bytes.extend_from_slice(&self.evidence_sha256.0);
        bytes.extend_from_slice(&self.received_at_ms.to_be_bytes());
        bytes.extend_from_slice(&self.server_seq.to_be_bytes());
        bytes.extend_from_slice(&self.signature.to_bytes());
        format!("{QR_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
    }
}

impl CountersignedRecord {
    /// The text to put in the receipt's QR code.
    pub fn qr_payload(&self) -> String {
        self.countersignature().qr_payload()
    }
}

/// Checks a receipt's QR payload with the court's public key alone.
pub fn verify_qr(payload: &str, court_key: &VerifyingKey) -> Result<QrEvidence, QrError> {
    let body = payload
        .trim()
        .strip_prefix(QR_PREFIX)
        .ok_or(QrError::UnknownVersion)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| QrError::Malformed)?;
    if bytes.len() != QR_BYTES {
        return Err(QrError::Malformed);
    }
    let mut digest = [0u8; 32];
    digest.copy_from_slice(&bytes[..32]);
    let mut time = [0u8; 8];
    time.copy_from_slice(&bytes[32..40]);
    let mut seq = [0u8; 8];
    seq.copy_from_slice(&bytes[40..48]);
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&bytes[48..]);
    let countersignature = Countersignature {
        evidence_sha256: Digest(digest),
        received_at_ms: u64::from_be_bytes(time),
        server_seq: u64::from_be_bytes(seq),
        signature: Signature::from_bytes(&signature),
    };
    countersignature
        .verify(court_key)
        .map_err(|_| QrError::BadSignature)?;
    Ok(QrEvidence {
        evidence_sha256: countersignature.evidence_sha256,
        received_at_ms: countersignature.received_at_ms,
        server_seq: countersignature.server_seq,
    })
}
