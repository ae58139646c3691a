//! Ed25519 public keys and signatures as they are written in records,
//! bundles and on the wire: standard base64 with padding.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

/// An Ed25519 public key, written as the standard base64 of its 32 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicKey(pub VerifyingKey);

/// Text that is not the base64 of a valid Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a public key is the base64 of 32 bytes of a valid Ed25519 key")]
pub struct InvalidPublicKey;

impl PublicKey {
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_bytes())
    }

    pub fn from_base64(text: &str) -> Result<PublicKey, InvalidPublicKey> {
        let bytes = STANDARD.decode(text).map_err(|_| InvalidPublicKey)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| InvalidPublicKey)?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| InvalidPublicKey)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }
}

impl TryFrom<String> for PublicKey {
    type Error = InvalidPublicKey;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PublicKey::from_base64(&value)
    }
}

impl From<PublicKey> for String {
    fn from(key: PublicKey) -> Self {
        key.to_base64()
    }
}

impl From<VerifyingKey> for PublicKey {
    fn from(key: VerifyingKey) -> Self {
        PublicKey(key)
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_base64())
    }
}

/// The standard base64 of a signature's 64 bytes.
pub(crate) fn signature_to_base64(signature: &Signature) -> String {
    STANDARD.encode(signature.to_bytes())
}

/// Reads a signature written by [`signature_to_base64`].
pub(crate) fn signature_from_base64(text: &str) -> Option<Signature> {
    let bytes = STANDARD.decode(text).ok()?;
    let bytes: [u8; 64] = bytes.try_into().ok()?;
    Some(Signature::from_bytes(&bytes))
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;

    use super::*;

    #[test]
    fn keys_round_trip_and_garbage_is_refused() {
        let key = PublicKey(SigningKey::from_bytes(&[3; 32]).verifying_key());
        assert_eq!(PublicKey::from_base64(&key.to_base64()), Ok(key));
        assert_eq!(PublicKey::from_base64("AAAA"), Err(InvalidPublicKey));
        assert_eq!(PublicKey::from_base64("not base64"), Err(InvalidPublicKey));
        assert!(signature_from_base64("AAAA").is_none());
    }
}
