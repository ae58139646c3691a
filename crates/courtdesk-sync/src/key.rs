//! The terminal's signing key, built from the secret the store keeps.

use std::fmt;

use courtdesk_store::{Store, TerminalSecret};
use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::SyncError;

/// The Ed25519 key that signs every request after enrollment. Its `Debug`
/// shows only the public half.
#[derive(Clone)]
pub struct TerminalKey(SigningKey);

impl TerminalKey {
    /// The stored key, generating and storing one on first use.
    pub fn load_or_create(store: &Store, now_ms: i64) -> Result<TerminalKey, SyncError> {
        let candidate = SigningKey::generate(&mut rand::rngs::OsRng);
        let secret = store
            .ensure_terminal_secret(TerminalSecret::from_bytes(candidate.to_bytes()), now_ms)?;
        Ok(TerminalKey::from_secret(&secret))
    }

    /// The stored key, if one was generated.
    pub fn load(store: &Store) -> Result<Option<TerminalKey>, SyncError> {
        Ok(store
            .terminal_secret()?
            .map(|s| TerminalKey::from_secret(&s)))
    }

    pub fn from_secret(secret: &TerminalSecret) -> TerminalKey {
        TerminalKey(SigningKey::from_bytes(secret.expose()))
    }

    pub fn public(&self) -> VerifyingKey {
        self.0.verifying_key()
    }

    pub(crate) fn signing(&self) -> &SigningKey {
        &self.0
    }
}

impl fmt::Debug for TerminalKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TerminalKey")
            .field(
                "public",
                &courtdesk_protocol::auth::encode_public_key(&self.public()),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_public_key_only() {
        let secret = TerminalSecret::from_bytes([42; 32]);
        let key = TerminalKey::from_secret(&secret);
        let shown = format!("{key:?}");
        let secret_b64 = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";
        assert!(!shown.contains(secret_b64), "{shown}");
        assert!(!shown.contains("42"), "{shown}");
        assert!(shown.contains(&courtdesk_protocol::auth::encode_public_key(&key.public())));
    }
}
