//! Reading the terminal's audit log: its head and its entries, in order.

use courtdesk_protocol::Digest;
use courtdesk_protocol::chain::{AuditEntry, ChainHead};
use courtdesk_protocol::record::RecordId;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::{Store, StoreError};

/// The columns [`entry_from_row`] reads, in its order.
pub(crate) const ENTRY_COLUMNS: &str = "seq, record_id, record_digest, prev, hash";

impl Store {
    /// Where the terminal's audit chain stands: its last entry, or the empty
    /// head before anything was recorded.
    pub fn audit_head(&self) -> Result<ChainHead, StoreError> {
        self.read(head)
    }

    /// Up to `limit` audit entries after sequence number `after`, in order.
    /// Entries stay after their records are delivered.
    pub fn audit_entries(&self, after: u64, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2"
            ))?;
            let rows = statement.query_map((to_i64(after), to_i64(limit as u64)), |row| {
                entry_from_row(row, 0)
            })?;
            rows.map(|row| row?).collect()
        })
    }
}

/// The head of the stored chain, read inside whatever transaction `conn` is in.
pub(crate) fn head(conn: &Connection) -> Result<ChainHead, StoreError> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match row {
        None => Ok(ChainHead::EMPTY),
        Some((seq, hash)) => Ok(ChainHead {
            seq: to_u64(seq, "audit sequence number")?,
            hash: digest(&hash)?,
        }),
    }
}

pub(crate) fn insert_entry(conn: &Connection, entry: &AuditEntry) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, record_id, record_digest, prev, hash)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((
        to_i64(entry.seq),
        entry.record_id.as_str(),
        entry.record_digest.to_hex(),
        entry.prev.to_hex(),
        entry.hash.to_hex(),
    ))?;
    Ok(())
}

/// Reads the entry whose columns ([`ENTRY_COLUMNS`]) start at `first`.
/// Returns a nested result so a malformed value is told apart from SQLite's
/// own failures and reported as corruption.
pub(crate) fn entry_from_row(
    row: &Row<'_>,
    first: usize,
) -> rusqlite::Result<Result<AuditEntry, StoreError>> {
    let seq: i64 = row.get(first)?;
    let record_id: String = row.get(first + 1)?;
    let record_digest: String = row.get(first + 2)?;
    let prev: String = row.get(first + 3)?;
    let hash: String = row.get(first + 4)?;
    Ok((|| {
        Ok(AuditEntry {
            seq: to_u64(seq, "audit sequence number")?,
            record_id: record_id_from(&record_id)?,
            record_digest: digest(&record_digest)?,
            prev: digest(&prev)?,
            hash: digest(&hash)?,
        })
    })())
}

pub(crate) fn record_id_from(text: &str) -> Result<RecordId, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt { what: "record id" })
}

fn digest(text: &str) -> Result<Digest, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt {
        what: "audit digest",
    })
}

/// SQLite integers are signed; the protocol's counters are not. Values past
/// `i64::MAX` cannot occur in practice, so they are clamped rather than wrapped.
pub(crate) fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(crate) fn to_u64(value: i64, what: &'static str) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::Corrupt { what })
}
