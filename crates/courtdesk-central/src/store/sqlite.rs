//! The embedded SQLite store: one file in WAL mode, one connection behind a
//! mutex, each call one `BEGIN IMMEDIATE` transaction.
//!
//! One connection serves reads too: the server's load is a court's
//! terminals, and a single writer keeps every push strictly serialized,
//! which the chain checks rely on.

mod rows;
mod schema;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use courtdesk_core::TerminalId;
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{Change, PushOutcome, PushRequest};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::{
    AuditedEntry, CentralStore, Enrollment, NewEnrollmentCode, NewTerminal, StoreError,
    TerminalStanding,
};
use crate::ingest::{self, PushAccepted, PushRefusal, Step};
use rows::{TERMINAL_COLUMNS, change_from_row, entry_from_row, sql_u64, standing_from_row};

/// The SQLite implementation of [`CentralStore`].
#[derive(Debug)]
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let mut connection = Connection::open(path)?;
        schema::prepare(&mut connection, path)?;
        Ok(SqliteStore {
            connection: Mutex::new(connection),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.connection.lock().map_err(|_| StoreError::Poisoned)
    }

    fn write<T>(
        &self,
        action: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut connection = self.lock()?;
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = action(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

impl CentralStore for SqliteStore {
    fn add_enrollment_code(&self, code: &NewEnrollmentCode) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO enrollment_codes (code_hash, court_id, site_id, created_ms, expires_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    code.code_hash.to_hex(),
                    code.court_id,
                    code.site_id,
                    sql_u64(code.created_ms),
                    sql_u64(code.expires_ms)
                ],
            )?;
            Ok(())
        })
    }

    fn enroll(&self, code_hash: &Digest, terminal: &NewTerminal) -> Result<Enrollment, StoreError> {
        self.write(|tx| {
            let now = sql_u64(terminal.now_ms);
            let bound: Option<(String, String)> = tx
                .query_row(
                    "SELECT court_id, site_id FROM enrollment_codes
                     WHERE code_hash = ?1 AND used_by IS NULL AND expires_ms > ?2",
                    params![code_hash.to_hex(), now],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let Some((court_id, site_id)) = bound else {
                return Ok(Enrollment::CodeRefused);
            };
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM terminals WHERE id = ?1)",
                [terminal.id.as_str()],
                |row| row.get(0),
            )?;
            if exists {
                // The code stays unspent: the administrator may hand it to
                // the terminal that was meant to have it.
                return Ok(Enrollment::AlreadyEnrolled);
            }
            tx.execute(
                "UPDATE enrollment_codes SET used_by = ?1, used_ms = ?2 WHERE code_hash = ?3",
                params![terminal.id.as_str(), now, code_hash.to_hex()],
            )?;
            tx.execute(
                "INSERT INTO terminals (id, mode, public_key, court_id, site_id, enrolled_ms, head_seq, head_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
                params![
                    terminal.id.as_str(),
                    terminal.mode.as_str(),
                    terminal.public_key,
                    court_id,
                    site_id,
                    now,
                    courtdesk_protocol::chain::GENESIS.to_hex()
                ],
            )?;
            Ok(Enrollment::Enrolled { court_id, site_id })
        })
    }

    fn terminal(&self, id: &TerminalId) -> Result<Option<TerminalStanding>, StoreError> {
        let connection = self.lock()?;
        let sql = format!("SELECT {TERMINAL_COLUMNS} FROM terminals WHERE id = ?1");
        let row = connection
            .query_row(&sql, [id.as_str()], |row| Ok(standing_from_row(row)))
            .optional()?;
        row.transpose()
    }

    fn terminals(&self) -> Result<Vec<TerminalStanding>, StoreError> {
        let connection = self.lock()?;
        let sql =
            format!("SELECT {TERMINAL_COLUMNS} FROM terminals ORDER BY court_id, site_id, id");
        let mut statement = connection.prepare(&sql)?;
        let rows = statement.query_map([], |row| Ok(standing_from_row(row)))?;
        rows.map(|row| row?).collect()
    }

    fn revoke(&self, id: &TerminalId, now_ms: u64) -> Result<bool, StoreError> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE terminals SET revoked_ms = COALESCE(revoked_ms, ?1) WHERE id = ?2",
                params![sql_u64(now_ms), id.as_str()],
            )?;
            Ok(changed == 1)
        })
    }

    fn admit_nonce(
        &self,
        terminal: &TerminalId,
        nonce: &str,
        now_ms: u64,
        expires_ms: u64,
    ) -> Result<bool, StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM nonces WHERE expires_ms < ?1",
                [sql_u64(now_ms)],
            )?;
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO nonces (terminal_id, nonce, expires_ms) VALUES (?1, ?2, ?3)",
                params![terminal.as_str(), nonce, sql_u64(expires_ms)],
            )?;
            Ok(inserted == 1)
        })
    }

    fn push(
        &self,
        terminal: &TerminalStanding,
        batch: &PushRequest,
        now_ms: u64,
    ) -> Result<Result<PushAccepted, PushRefusal>, StoreError> {
        if let Err(refusal) = ingest::check_shape(batch) {
            return Ok(Err(refusal));
        }
        let mut connection = self.lock()?;
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outcome = push_in(&tx, terminal, batch, now_ms)?;
        match &outcome {
            Ok(_) => tx.commit()?,
            Err(PushRefusal::ChainBroken(reason)) => {
                // The batch is dropped, but the terminal stays flagged so an
                // administrator looks at it.
                tx.execute(
                    "UPDATE terminals SET chain_broken_ms = COALESCE(chain_broken_ms, ?1),
                     chain_broken = COALESCE(chain_broken, ?2) WHERE id = ?3",
                    params![sql_u64(now_ms), reason, terminal.id.as_str()],
                )?;
                tx.commit()?;
            }
            Err(_) => tx.rollback()?,
        }
        Ok(outcome)
    }

    fn pull(
        &self,
        court_id: &str,
        site_id: &str,
        after: u64,
        limit: usize,
    ) -> Result<(Vec<Change>, bool), StoreError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT seq, origin, record_id, kind, hlc_wall, hlc_counter, body FROM records
             WHERE court_id = ?1 AND site_id = ?2 AND seq > ?3 ORDER BY seq LIMIT ?4",
        )?;
        let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
        let rows = statement
            .query_map(params![court_id, site_id, sql_u64(after), fetch], |row| {
                Ok(change_from_row(row))
            })?;
        let mut changes = rows.map(|row| row?).collect::<Result<Vec<_>, _>>()?;
        let more = changes.len() > limit;
        changes.truncate(limit);
        Ok((changes, more))
    }

    fn audit_trail(&self, terminal: &TerminalId) -> Result<Vec<AuditedEntry>, StoreError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT a.seq, a.record_id, a.record_digest, a.prev, a.hash,
                    r.seq, r.origin, r.record_id, r.kind, r.hlc_wall, r.hlc_counter, r.body
             FROM audit_entries a LEFT JOIN records r ON r.record_id = a.record_id
             WHERE a.terminal_id = ?1 ORDER BY a.seq",
        )?;
        let rows = statement.query_map([terminal.as_str()], |row| {
            let entry = entry_from_row(row, 0);
            let has_record = row.get::<_, Option<i64>>(5)?.is_some();
            Ok((entry, has_record.then(|| rows::change_at(row, 5))))
        })?;
        let mut trail = Vec::new();
        for row in rows {
            let (entry, change) = row?;
            let record = change.transpose()?.map(|c| c.record);
            trail.push(AuditedEntry {
                entry: entry?,
                record,
            });
        }
        Ok(trail)
    }

    fn export(
        &self,
        sink: &mut dyn FnMut(Change) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT seq, origin, record_id, kind, hlc_wall, hlc_counter, body FROM records ORDER BY seq",
        )?;
        let mut rows = statement.query([])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            sink(change_from_row(row)?)?;
            count += 1;
        }
        Ok(count)
    }
}

/// The push inside its transaction; a refusal leaves the caller to roll back.
fn push_in(
    tx: &Transaction<'_>,
    terminal: &TerminalStanding,
    batch: &PushRequest,
    now_ms: u64,
) -> Result<Result<PushAccepted, PushRefusal>, StoreError> {
    let head = rows::chain_head(tx, &terminal.id)?;
    let mut stored_entries = HashMap::new();
    if let Some(first) = batch.audit.first() {
        let mut statement = tx.prepare(
            "SELECT seq, record_id, record_digest, prev, hash FROM audit_entries
             WHERE terminal_id = ?1 AND seq >= ?2 AND seq <= ?3",
        )?;
        let rows = statement.query_map(
            params![terminal.id.as_str(), sql_u64(first.seq), sql_u64(head.seq)],
            |row| Ok(entry_from_row(row, 0)),
        )?;
        for row in rows {
            let entry = row??;
            stored_entries.insert(entry.seq, entry);
        }
    }
    let mut stored_records = HashMap::new();
    {
        let mut statement = tx.prepare("SELECT digest, seq FROM records WHERE record_id = ?1")?;
        for record in &batch.records {
            let found: Option<(String, i64)> = statement
                .query_row([record.id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            if let Some((digest, seq)) = found {
                let digest = rows::parse_digest(&digest)?;
                stored_records.insert(record.id.clone(), (digest, rows::u64_from_sql(seq)?));
            }
        }
    }
    let plan = match ingest::plan(head, batch, &stored_entries, &stored_records) {
        Ok(plan) => plan,
        Err(refusal) => return Ok(Err(refusal)),
    };

    let mut seqs: Vec<u64> = Vec::with_capacity(plan.steps.len());
    let mut outcomes = Vec::with_capacity(plan.steps.len());
    for (i, step) in plan.steps.iter().enumerate() {
        let id = batch.records[i].id.clone();
        let (seq, outcome) = match step {
            Step::Insert(index) => {
                let seq = rows::insert_record(tx, terminal, &batch.records[*index], now_ms)?;
                (seq, PushOutcome::Applied { id, seq })
            }
            Step::Stored(seq) => (*seq, PushOutcome::Duplicate { id, seq: *seq }),
            Step::SameAs(index) => {
                let seq = seqs[*index];
                (seq, PushOutcome::Duplicate { id, seq })
            }
        };
        seqs.push(seq);
        outcomes.push(outcome);
    }
    for entry in &plan.new_entries {
        rows::insert_entry(tx, &terminal.id, entry)?;
    }
    tx.execute(
        "UPDATE terminals SET head_seq = ?1, head_hash = ?2 WHERE id = ?3",
        params![
            sql_u64(plan.head.seq),
            plan.head.hash.to_hex(),
            terminal.id.as_str()
        ],
    )?;
    Ok(Ok(PushAccepted {
        outcomes,
        chain_head: plan.head,
    }))
}
