//! Converting between SQLite rows and the protocol's types.

use std::str::FromStr;

use courtdesk_core::{Mode, TerminalId};
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::Change;
use courtdesk_protocol::chain::{AuditEntry, ChainHead};
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::{Record, RecordId, canonical_json};
use rusqlite::{Connection, Row, params};

use crate::store::{StoreError, StoredChange, TerminalStanding};

pub(super) const TERMINAL_COLUMNS: &str = "id, mode, public_key, court_id, site_id, enrolled_ms, \
     revoked_ms, chain_broken_ms, chain_broken, head_seq, head_hash, last_seen_ms, card_reader";

/// SQLite integers are signed; every u64 the server stores (milliseconds,
/// sequence numbers) is far below `i64::MAX`, so saturating never bites.
pub(super) fn sql_u64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) fn u64_from_sql(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::Corrupt(format!("negative number {value}")))
}

pub(super) fn parse_digest(text: &str) -> Result<Digest, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("digest {text:?}")))
}

fn parse<T: FromStr>(text: &str, what: &str) -> Result<T, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("{what} {text:?}")))
}

pub(super) fn standing_from_row(row: &Row<'_>) -> Result<TerminalStanding, StoreError> {
    let opt = |i: usize| -> Result<Option<u64>, StoreError> {
        row.get::<_, Option<i64>>(i)?.map(u64_from_sql).transpose()
    };
    Ok(TerminalStanding {
        id: parse::<TerminalId>(&row.get::<_, String>(0)?, "terminal id")?,
        mode: parse::<Mode>(&row.get::<_, String>(1)?, "mode")?,
        public_key: row.get(2)?,
        court_id: row.get(3)?,
        site_id: row.get(4)?,
        enrolled_ms: u64_from_sql(row.get(5)?)?,
        revoked_ms: opt(6)?,
        chain_broken_ms: opt(7)?,
        chain_broken: row.get(8)?,
        chain_head: ChainHead {
            seq: u64_from_sql(row.get(9)?)?,
            hash: parse_digest(&row.get::<_, String>(10)?)?,
        },
        last_seen_ms: opt(11)?,
        card_reader: row.get(12)?,
    })
}

/// An audit entry from five columns starting at `at`: seq, record id,
/// record digest, prev, hash.
pub(super) fn entry_from_row(row: &Row<'_>, at: usize) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        seq: u64_from_sql(row.get(at)?)?,
        record_id: parse::<RecordId>(&row.get::<_, String>(at + 1)?, "record id")?,
        record_digest: parse_digest(&row.get::<_, String>(at + 2)?)?,
        prev: parse_digest(&row.get::<_, String>(at + 3)?)?,
        hash: parse_digest(&row.get::<_, String>(at + 4)?)?,
    })
}

/// A change from seven columns starting at `at`: seq, origin, record id,
/// kind, hlc wall, hlc counter, body.
pub(super) fn change_at(row: &Row<'_>, at: usize) -> Result<Change, StoreError> {
    let body: String = row.get(at + 6)?;
    Ok(Change {
        seq: u64_from_sql(row.get(at)?)?,
        origin: parse::<TerminalId>(&row.get::<_, String>(at + 1)?, "terminal id")?,
        origin_mode: None,
        record: Record {
            id: parse::<RecordId>(&row.get::<_, String>(at + 2)?, "record id")?,
            kind: row.get(at + 3)?,
            hlc: Hlc {
                wall_ms: u64_from_sql(row.get(at + 4)?)?,
                counter: u32::try_from(row.get::<_, i64>(at + 5)?)
                    .map_err(|_| StoreError::Corrupt("hlc counter".into()))?,
            },
            body: serde_json::from_str(&body)
                .map_err(|_| StoreError::Corrupt("record body is not JSON".into()))?,
        },
    })
}

/// A change to send, from the same seven columns, its body left as text.
pub(super) fn stored_change_from_row(row: &Row<'_>) -> Result<StoredChange, StoreError> {
    StoredChange::from_columns(
        u64_from_sql(row.get(0)?)?,
        parse::<TerminalId>(&row.get::<_, String>(1)?, "terminal id")?,
        parse::<Mode>(&row.get::<_, String>(7)?, "mode")?,
        parse::<RecordId>(&row.get::<_, String>(2)?, "record id")?,
        row.get(3)?,
        Hlc {
            wall_ms: u64_from_sql(row.get(4)?)?,
            counter: u32::try_from(row.get::<_, i64>(5)?)
                .map_err(|_| StoreError::Corrupt("hlc counter".into()))?,
        },
        row.get(6)?,
    )
}

pub(super) fn change_from_row(row: &Row<'_>) -> Result<Change, StoreError> {
    change_at(row, 0)
}

pub(super) fn chain_head(tx: &Connection, id: &TerminalId) -> Result<ChainHead, StoreError> {
    let (seq, hash): (i64, String) = tx
        .prepare_cached("SELECT head_seq, head_hash FROM terminals WHERE id = ?1")?
        .query_row([id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(ChainHead {
        seq: u64_from_sql(seq)?,
        hash: parse_digest(&hash)?,
    })
}

/// Stores a new record and returns its server sequence number. The body is
/// kept as canonical JSON so the stored text re-digests to the same value.
pub(super) fn insert_record(
    tx: &Connection,
    terminal: &TerminalStanding,
    record: &Record,
    now_ms: u64,
) -> Result<u64, StoreError> {
    let body = String::from_utf8(canonical_json(&record.body))
        .map_err(|_| StoreError::Corrupt("canonical JSON is not UTF-8".into()))?;
    tx.prepare_cached("INSERT INTO records (record_id, origin, court_id, site_id, kind, hlc_wall, hlc_counter, body, digest, received_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?.execute(
        params![
            record.id.as_str(),
            terminal.id.as_str(),
            terminal.court_id,
            terminal.site_id,
            record.kind,
            sql_u64(record.hlc.wall_ms),
            i64::from(record.hlc.counter),
            body,
            record.digest().to_hex(),
            sql_u64(now_ms)
        ],
    )?;
    u64_from_sql(tx.last_insert_rowid())
}

pub(super) fn insert_entry(
    tx: &Connection,
    terminal: &TerminalId,
    entry: &AuditEntry,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO audit_entries (terminal_id, seq, record_id, record_digest, prev, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        terminal.as_str(),
        sql_u64(entry.seq),
        entry.record_id.as_str(),
        entry.record_digest.to_hex(),
        entry.prev.to_hex(),
        entry.hash.to_hex()
    ])?;
    Ok(())
}
