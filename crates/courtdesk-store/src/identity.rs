//! The terminal's identity, generated once and kept for the life of the database.

use courtdesk_core::TerminalId;
use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

/// Who this terminal is, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalIdentity {
    pub terminal_id: TerminalId,
    pub created_at_ms: i64,
}

impl Store {
    /// Returns the stored identity, storing `candidate` first if the terminal
    /// has none yet. The candidate is ignored once an identity exists, so the
    /// caller may generate a fresh one on every start.
    pub fn ensure_identity(
        &self,
        candidate: TerminalId,
        now_ms: i64,
    ) -> Result<TerminalIdentity, StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO terminal (singleton, terminal_id, created_at_ms) VALUES (1, ?1, ?2)
                 ON CONFLICT (singleton) DO NOTHING",
                (candidate.as_str(), now_ms),
            )?;
            let (id, created_at_ms): (String, i64) = tx.query_row(
                "SELECT terminal_id, created_at_ms FROM terminal WHERE singleton = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            let terminal_id = id.parse().map_err(|_| StoreError::Corrupt {
                what: "terminal id",
            })?;
            Ok(TerminalIdentity {
                terminal_id,
                created_at_ms,
            })
        })
    }

    /// The stored identity, if the terminal has one.
    pub fn identity(&self) -> Result<Option<TerminalIdentity>, StoreError> {
        self.read(|conn| {
            let row: Option<(String, i64)> = conn
                .query_row(
                    "SELECT terminal_id, created_at_ms FROM terminal WHERE singleton = 1",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            row.map(|(id, created_at_ms)| {
                let terminal_id = id.parse().map_err(|_| StoreError::Corrupt {
                    what: "terminal id",
                })?;
                Ok(TerminalIdentity {
                    terminal_id,
                    created_at_ms,
                })
            })
            .transpose()
        })
    }
}
