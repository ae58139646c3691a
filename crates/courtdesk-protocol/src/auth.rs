//! Request signing: every request after enrollment carries the terminal's id,
//! a timestamp, a one-time nonce and an Ed25519 signature over all of them
//! plus the method, path and body digest.
//!
//! Signed text (UTF-8, lines joined by `\n`):
//! ```text
//! courtdesk-request-v1
//! <METHOD>
//! <path and query>
//! <terminal id>
//! <timestamp, Unix milliseconds>
//! <nonce>
//! <SHA-256 of the body, hex>
//! ```
//! The server checks the signature against the key registered at enrollment,
//! refuses a timestamp outside its freshness window, and refuses a nonce it
//! has already seen inside that window, so a captured request cannot be
//! replayed. TLS protects the bytes in transit; the signature proves which
//! enrolled terminal sent them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_core::TerminalId;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::Digest;

pub const HEADER_TERMINAL: &str = "x-courtdesk-terminal";
pub const HEADER_TIMESTAMP: &str = "x-courtdesk-timestamp";
pub const HEADER_NONCE: &str = "x-courtdesk-nonce";
pub const HEADER_SIGNATURE: &str = "x-courtdesk-signature";
/// The clerk's session token, on every request a desk makes for its
/// signed-in clerk. Not part of the signature: the server binds a session to
/// the terminal that opened it, so the token is useless without that
/// terminal's key.
pub const HEADER_SESSION: &str = "x-courtdesk-session";

/// How far a request's timestamp may be from the server's clock.
pub const FRESHNESS_MS: u64 = 5 * 60 * 1000;

/// The parts of a request that are signed.
#[derive(Debug, Clone, Copy)]
pub struct SignedParts<'a> {
    pub method: &'a str,
    pub path_and_query: &'a str,
    pub terminal: &'a TerminalId,
    pub timestamp_ms: u64,
    pub nonce: &'a str,
    pub body: &'a [u8],
}

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature is not base64 of 64 bytes")]
    Malformed,
    #[error("the signature does not match the terminal's key")]
    Mismatch,
    #[error("the public key is not base64 of a valid Ed25519 key")]
    BadKey,
}

impl SignedParts<'_> {
    fn message(&self) -> Vec<u8> {
        format!(
            "courtdesk-request-v1\n{}\n{}\n{}\n{}\n{}\n{}",
            self.method,
            self.path_and_query,
            self.terminal,
            self.timestamp_ms,
            self.nonce,
            Digest::of(self.body)
        )
        .into_bytes()
    }

    /// The base64 signature for the `x-courtdesk-signature` header.
    pub fn sign(&self, key: &SigningKey) -> String {
        STANDARD.encode(key.sign(&self.message()).to_bytes())
    }

    /// Checks a base64 signature against the terminal's public key.
    pub fn verify(&self, key: &VerifyingKey, signature_b64: &str) -> Result<(), SignatureError> {
        let bytes = STANDARD
            .decode(signature_b64)
            .map_err(|_| SignatureError::Malformed)?;
        let bytes: [u8; 64] = bytes.try_into().map_err(|_| SignatureError::Malformed)?;
        key.verify(&self.message(), &Signature::from_bytes(&bytes))
            .map_err(|_| SignatureError::Mismatch)
    }
}

/// A public key as sent at enrollment: base64 of its 32 bytes.
pub fn encode_public_key(key: &VerifyingKey) -> String {
    STANDARD.encode(key.as_bytes())
}

/// Reads a public key sent at enrollment.
pub fn decode_public_key(text: &str) -> Result<VerifyingKey, SignatureError> {
    let bytes = STANDARD.decode(text).map_err(|_| SignatureError::BadKey)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| SignatureError::BadKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| SignatureError::BadKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn parts<'a>(terminal: &'a TerminalId, body: &'a [u8]) -> SignedParts<'a> {
        SignedParts {
            method: "POST",
            path_and_query: "/v1/sync/push",
            terminal,
            timestamp_ms: 1_700_000_000_000,
            nonce: "n1",
            body,
        }
    }

    #[test]
    fn a_signature_verifies_with_the_right_key_only() {
        let terminal = TerminalId::from_bits(9);
        let signed = parts(&terminal, b"{}");
        let signature = signed.sign(&key(1));
        assert_eq!(signed.verify(&key(1).verifying_key(), &signature), Ok(()));
        assert_eq!(
            signed.verify(&key(2).verifying_key(), &signature),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn changing_any_signed_part_invalidates_the_signature() {
        let terminal = TerminalId::from_bits(9);
        let other_terminal = TerminalId::from_bits(10);
        let signed = parts(&terminal, b"{}");
        let signature = signed.sign(&key(1));
        let public = key(1).verifying_key();
        let variants = [
            SignedParts {
                method: "GET",
                ..signed
            },
            SignedParts {
                path_and_query: "/v1/sync/pull",
                ..signed
            },
            SignedParts {
                terminal: &other_terminal,
                ..signed
            },
            SignedParts {
                timestamp_ms: 1,
                ..signed
            },
            SignedParts {
                nonce: "n2",
                ..signed
            },
            SignedParts {
                body: b"{ }",
                ..signed
            },
        ];
        for variant in variants {
            assert_eq!(
                variant.verify(&public, &signature),
                Err(SignatureError::Mismatch)
            );
        }
    }

    #[test]
    fn garbage_signatures_and_keys_are_refused() {
        let terminal = TerminalId::from_bits(9);
        let public = key(1).verifying_key();
        assert_eq!(
            parts(&terminal, b"").verify(&public, "not base64!"),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            parts(&terminal, b"").verify(&public, "AAAA"),
            Err(SignatureError::Malformed)
        );
        assert_eq!(decode_public_key("AAAA"), Err(SignatureError::BadKey));
        assert_eq!(decode_public_key(&encode_public_key(&public)), Ok(public));
    }
}
