//! Converting between PostgreSQL rows and the protocol's types.

use std::str::FromStr;

use courtdesk_core::{Mode, TerminalId};
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::Change;
use courtdesk_protocol::chain::{AuditEntry, ChainHead};
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::{Record, RecordId, canonical_json};
use postgres::Row;

use crate::store::{StoreError, StoredChange, TerminalStanding};

pub(super) const TERMINAL_COLUMNS: &str = "id, mode, public_key, court_id, site_id, enrolled_ms, \
     revoked_ms, chain_broken_ms, chain_broken, head_seq, head_hash, last_seen_ms, card_reader";

pub(super) const CHANGE_COLUMNS: &str = "seq, origin, record_id, kind, hlc_wall, hlc_counter, body";

/// BIGINT is signed; every u64 the server stores (milliseconds, sequence
/// numbers) is far below `i64::MAX`, so saturating never bites.
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

fn text(row: &Row, at: usize) -> Result<String, StoreError> {
    Ok(row.try_get::<_, String>(at)?)
}

fn number(row: &Row, at: usize) -> Result<u64, StoreError> {
    u64_from_sql(row.try_get(at)?)
}

fn optional(row: &Row, at: usize) -> Result<Option<u64>, StoreError> {
    row.try_get::<_, Option<i64>>(at)?
        .map(u64_from_sql)
        .transpose()
}

pub(super) fn standing_from_row(row: &Row) -> Result<TerminalStanding, StoreError> {
    Ok(TerminalStanding {
        id: parse::<TerminalId>(&text(row, 0)?, "terminal id")?,
        mode: parse::<Mode>(&text(row, 1)?, "mode")?,
        public_key: text(row, 2)?,
        court_id: text(row, 3)?,
        site_id: text(row, 4)?,
        enrolled_ms: number(row, 5)?,
        revoked_ms: optional(row, 6)?,
        chain_broken_ms: optional(row, 7)?,
        chain_broken: row.try_get(8)?,
        chain_head: ChainHead {
            seq: number(row, 9)?,
            hash: parse_digest(&text(row, 10)?)?,
        },
        last_seen_ms: optional(row, 11)?,
        card_reader: row.try_get(12)?,
    })
}

/// An audit entry from five columns starting at `at`: seq, record id,
/// record digest, prev, hash.
pub(super) fn entry_at(row: &Row, at: usize) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        seq: number(row, at)?,
        record_id: parse::<RecordId>(&text(row, at + 1)?, "record id")?,
        record_digest: parse_digest(&text(row, at + 2)?)?,
        prev: parse_digest(&text(row, at + 3)?)?,
        hash: parse_digest(&text(row, at + 4)?)?,
    })
}

/// A change to send, from the seven [`CHANGE_COLUMNS`], its body left as
/// text.
pub(super) fn stored_change(row: &Row) -> Result<StoredChange, StoreError> {
    StoredChange::from_columns(
        number(row, 0)?,
        parse::<TerminalId>(&text(row, 1)?, "terminal id")?,
        parse::<Mode>(&text(row, 7)?, "mode")?,
        parse::<RecordId>(&text(row, 2)?, "record id")?,
        text(row, 3)?,
        Hlc {
            wall_ms: number(row, 4)?,
            counter: u32::try_from(row.try_get::<_, i64>(5)?)
                .map_err(|_| StoreError::Corrupt("hlc counter".into()))?,
        },
        text(row, 6)?,
    )
}

/// A change from the seven [`CHANGE_COLUMNS`] starting at `at`.
pub(super) fn change_at(row: &Row, at: usize) -> Result<Change, StoreError> {
    let body = text(row, at + 6)?;
    Ok(Change {
        seq: number(row, at)?,
        origin: parse::<TerminalId>(&text(row, at + 1)?, "terminal id")?,
        origin_mode: None,
        record: Record {
            id: parse::<RecordId>(&text(row, at + 2)?, "record id")?,
            kind: text(row, at + 3)?,
            hlc: Hlc {
                wall_ms: number(row, at + 4)?,
                counter: u32::try_from(row.try_get::<_, i64>(at + 5)?)
                    .map_err(|_| StoreError::Corrupt("hlc counter".into()))?,
            },
            body: serde_json::from_str(&body)
                .map_err(|_| StoreError::Corrupt("record body is not JSON".into()))?,
        },
    })
}

/// The record's body as stored: canonical JSON, so the stored text
/// re-digests to the same value.
pub(super) fn body_text(record: &Record) -> Result<String, StoreError> {
    String::from_utf8(canonical_json(&record.body))
        .map_err(|_| StoreError::Corrupt("canonical JSON is not UTF-8".into()))
}
