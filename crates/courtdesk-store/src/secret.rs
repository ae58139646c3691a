//! The terminal's signing secret: the only place it is stored or read.
//!
//! It lives in the terminal database, which is encrypted at rest under a key
//! kept outside it (see `key.rs`); moving it to an OS keyring changes this
//! module only.

use std::fmt;

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

/// The 32-byte Ed25519 secret that signs the terminal's requests. Its
/// `Debug` never shows the bytes, so it cannot leak into a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct TerminalSecret([u8; 32]);

impl TerminalSecret {
    pub fn from_bytes(bytes: [u8; 32]) -> TerminalSecret {
        TerminalSecret(bytes)
    }

    /// The secret bytes, for building the signing key.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for TerminalSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TerminalSecret(<redacted>)")
    }
}

impl Store {
    /// Returns the stored secret, storing `candidate` first if there is none.
    /// Like the identity, it is generated once: later candidates are ignored.
    pub fn ensure_terminal_secret(
        &self,
        candidate: TerminalSecret,
        now_ms: i64,
    ) -> Result<TerminalSecret, StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO terminal_key (singleton, secret, created_at_ms) VALUES (1, ?1, ?2)
                 ON CONFLICT (singleton) DO NOTHING",
                (candidate.0.as_slice(), now_ms),
            )?;
            let bytes: Vec<u8> = tx.query_row(
                "SELECT secret FROM terminal_key WHERE singleton = 1",
                [],
                |row| row.get(0),
            )?;
            secret_from(bytes)
        })
    }

    /// The stored secret, if one was generated.
    pub fn terminal_secret(&self) -> Result<Option<TerminalSecret>, StoreError> {
        self.read(|conn| {
            conn.query_row(
                "SELECT secret FROM terminal_key WHERE singleton = 1",
                [],
                |row| row.get::<_, Vec<u8>>(0),
            )
            .optional()?
            .map(secret_from)
            .transpose()
        })
    }
}

fn secret_from(bytes: Vec<u8>) -> Result<TerminalSecret, StoreError> {
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| StoreError::Corrupt {
        what: "terminal signing key",
    })?;
    Ok(TerminalSecret(bytes))
}
