//! The kiosk's locker assignments (which compartment holds which
//! submission's papers, and the hashes of their pickup codes), kept as one
//! JSON text under a fixed key of the `preference` table.
//!
//! The store gives the text no meaning: `courtdesk-terminal` writes it in
//! the transaction of the record that reports each change, so the
//! assignments and the records never disagree after a crash. No schema
//! change is needed for one small value, so none is made.

use rusqlite::{Connection, OptionalExtension, params};

use crate::{Store, StoreError};

const LOCKER_KEY: &str = "locker_assignments";

/// The kept assignments, in the caller's transaction (or on a reader).
pub fn locker_state(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM preference WHERE key = ?1")?
        .query_row([LOCKER_KEY], |row| row.get(0))
        .optional()?)
}

/// Replaces the kept assignments in the caller's transaction.
pub fn put_locker_state(conn: &Connection, value: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO preference (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![LOCKER_KEY, value])?;
    Ok(())
}

impl Store {
    /// The kept assignments, as last committed.
    pub fn locker_state(&self) -> Result<Option<String>, StoreError> {
        self.read(locker_state)
    }

    /// Replaces the kept assignments in a transaction of their own (a
    /// change no record reports: a wrong pickup code counted, a deposit
    /// abandoned).
    pub fn put_locker_state(&self, value: &str) -> Result<(), StoreError> {
        self.write(|tx| put_locker_state(tx, value))
    }
}
