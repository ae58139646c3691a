//! Where sync stands, and the changes pulled from the server.

use courtdesk_core::TerminalId;
use courtdesk_protocol::api::Change;
use courtdesk_protocol::hlc::{Hlc, HlcClock};
use courtdesk_protocol::record::Record;
use rusqlite::Connection;

use crate::audit::{to_i64, to_u64};
use crate::{Store, StoreError};

/// The stored state of sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The last clock stamp this terminal handed out or took in.
    pub last_hlc: Hlc,
    /// Pass this as `after` on the next pull.
    pub pull_cursor: u64,
    pub last_success_ms: Option<i64>,
    /// The code of the last failure, cleared by the next success.
    pub last_error_code: Option<String>,
}

impl Store {
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        self.read(|conn| {
            let (wall, counter, cursor, last_success_ms, last_error_code): (
                i64,
                i64,
                i64,
                Option<i64>,
                Option<String>,
            ) = conn.query_row(
                "SELECT hlc_wall_ms, hlc_counter, pull_cursor, last_success_ms, last_error_code
                 FROM sync_state WHERE singleton = 1",
                [],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )?;
            Ok(SyncState {
                last_hlc: hlc(wall, counter)?,
                pull_cursor: to_u64(cursor, "pull cursor")?,
                last_success_ms,
                last_error_code,
            })
        })
    }

    /// Takes in a stamp from the server, so every later record orders after it.
    pub fn observe_hlc(&self, remote: Hlc, now_ms: i64) -> Result<Hlc, StoreError> {
        self.write(|tx| {
            let mut clock = HlcClock::resume(last_hlc(tx)?);
            let seen = clock.observe(remote, u64::try_from(now_ms).unwrap_or(0));
            save_hlc(tx, seen)?;
            Ok(seen)
        })
    }

    /// Remembers a sync pass that reached the server and clears the last error.
    pub fn note_sync_success(&self, now_ms: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_state SET last_success_ms = ?1, last_error_code = NULL",
                [now_ms],
            )?;
            Ok(())
        })
    }

    /// Remembers why the last sync pass failed, by code only.
    pub fn note_sync_failure(&self, code: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("UPDATE sync_state SET last_error_code = ?1", [code])?;
            Ok(())
        })
    }

    /// Stores a page of pulled changes and the cursor after it in one
    /// transaction, so the cursor never runs ahead of what was stored. A
    /// change already stored (same server sequence number) is kept as it was.
    pub fn store_pulled(
        &self,
        changes: &[Change],
        cursor: u64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut insert = tx.prepare(
                "INSERT INTO inbox (seq, origin, record_id, record, received_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (seq) DO NOTHING",
            )?;
            for change in changes {
                let record =
                    serde_json::to_string(&change.record).map_err(|_| StoreError::Corrupt {
                        what: "pulled record",
                    })?;
                insert.execute((
                    to_i64(change.seq),
                    change.origin.as_str(),
                    change.record.id.as_str(),
                    record,
                    now_ms,
                ))?;
            }
            tx.execute(
                "UPDATE sync_state SET pull_cursor = max(pull_cursor, ?1)",
                [to_i64(cursor)],
            )?;
            Ok(())
        })
    }

    /// Up to `limit` pulled changes after server sequence number `after`.
    pub fn inbox(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT seq, origin, record FROM inbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = statement.query_map((to_i64(after), to_i64(limit as u64)), |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?;
            let corrupt = || StoreError::Corrupt {
                what: "pulled change",
            };
            rows.map(|row| {
                let (seq, origin, record) = row?;
                Ok(Change {
                    seq: to_u64(seq, "pulled change")?,
                    origin: origin.parse::<TerminalId>().map_err(|_| corrupt())?,
                    origin_mode: None,
                    record: serde_json::from_str::<Record>(&record).map_err(|_| corrupt())?,
                })
            })
            .collect()
        })
    }
}

pub(crate) fn last_hlc(conn: &Connection) -> Result<Hlc, StoreError> {
    let (wall, counter): (i64, i64) = conn
        .prepare_cached("SELECT hlc_wall_ms, hlc_counter FROM sync_state WHERE singleton = 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    hlc(wall, counter)
}

pub(crate) fn save_hlc(conn: &Connection, hlc: Hlc) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_state SET hlc_wall_ms = ?1, hlc_counter = ?2")?
        .execute((to_i64(hlc.wall_ms), i64::from(hlc.counter)))?;
    Ok(())
}

fn hlc(wall: i64, counter: i64) -> Result<Hlc, StoreError> {
    Ok(Hlc {
        wall_ms: to_u64(wall, "clock stamp")?,
        counter: u32::try_from(counter).map_err(|_| StoreError::Corrupt {
            what: "clock stamp",
        })?,
    })
}
