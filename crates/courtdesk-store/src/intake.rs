//! Intake records as this terminal knows them: its own, kept in the
//! transaction that queues them for the server, and the site's others,
//! taken in from the inbox. The terminal's `intake` module reads them into
//! submissions, review queues and statuses.

use rusqlite::{Connection, OptionalExtension, params};

use crate::audit::to_i64;
use crate::{Store, StoreError};

/// One intake record: its body is the record's JSON body as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeRecordRow {
    pub record_id: String,
    pub kind: String,
    pub submission_id: String,
    pub origin: String,
    pub hlc_wall_ms: u64,
    pub hlc_counter: u32,
    pub body: String,
}

/// Keeps `row` inside the caller's transaction; `false` when a record of
/// the same id is already kept (it is left as it was).
pub fn insert_intake_record(conn: &Connection, row: &IntakeRecordRow) -> Result<bool, StoreError> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO intake_records
                 (record_id, kind, submission_id, origin, hlc_wall_ms, hlc_counter, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (record_id) DO NOTHING",
        )?
        .execute(params![
            row.record_id,
            row.kind,
            row.submission_id,
            row.origin,
            to_i64(row.hlc_wall_ms),
            i64::from(row.hlc_counter),
            row.body,
        ])?;
    Ok(inserted == 1)
}

/// The named value holding the inbox position taken in so far.
const INBOX_CURSOR: &str = "inbox_cursor";

impl Store {
    /// Keeps records taken from the inbox and the inbox position after them
    /// in one transaction; returns how many were new.
    pub fn import_intake_records(
        &self,
        rows: &[IntakeRecordRow],
        inbox_cursor: u64,
    ) -> Result<usize, StoreError> {
        self.write(|tx| {
            let mut new = 0;
            for row in rows {
                if insert_intake_record(tx, row)? {
                    new += 1;
                }
            }
            tx.execute(
                "INSERT INTO intake_values (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                params![INBOX_CURSOR, inbox_cursor.to_string()],
            )?;
            Ok(new)
        })
    }

    /// The inbox position up to which intake records were taken in.
    pub fn intake_inbox_cursor(&self) -> Result<u64, StoreError> {
        self.read(|conn| {
            let value: Option<String> = conn
                .query_row(
                    "SELECT value FROM intake_values WHERE name = ?1",
                    [INBOX_CURSOR],
                    |row| row.get(0),
                )
                .optional()?;
            value.map_or(Ok(0), |v| {
                v.parse().map_err(|_| StoreError::Corrupt {
                    what: "intake inbox cursor",
                })
            })
        })
    }

    /// Every kept intake record, in clock order (wall time, counter, origin).
    pub fn intake_records(&self) -> Result<Vec<IntakeRecordRow>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT record_id, kind, submission_id, origin, hlc_wall_ms, hlc_counter, body
                 FROM intake_records ORDER BY hlc_wall_ms, hlc_counter, origin, record_id",
            )?;
            let rows = statement.query_map([], |row| {
                Ok(IntakeRecordRow {
                    record_id: row.get(0)?,
                    kind: row.get(1)?,
                    submission_id: row.get(2)?,
                    origin: row.get(3)?,
                    hlc_wall_ms: u64::try_from(row.get::<_, i64>(4)?).unwrap_or(0),
                    hlc_counter: u32::try_from(row.get::<_, i64>(5)?).unwrap_or(0),
                    body: row.get(6)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u8, wall: u64) -> IntakeRecordRow {
        IntakeRecordRow {
            record_id: format!("{id:032x}"),
            kind: "intake.submitted".into(),
            submission_id: format!("{:032x}", 7),
            origin: format!("{:032x}", 1),
            hlc_wall_ms: wall,
            hlc_counter: 0,
            body: "{}".into(),
        }
    }

    #[test]
    fn records_are_kept_once_in_clock_order_with_the_cursor() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        assert_eq!(store.intake_inbox_cursor().expect("cursor"), 0);
        let new = store
            .import_intake_records(&[row(2, 20), row(1, 10)], 5)
            .expect("imported");
        assert_eq!(new, 2);
        let again = store
            .import_intake_records(&[row(1, 10)], 6)
            .expect("imported");
        assert_eq!(again, 0, "a record already kept is not kept twice");
        assert_eq!(store.intake_inbox_cursor().expect("cursor"), 6);
        let kept = store.intake_records().expect("read");
        assert_eq!(kept, vec![row(1, 10), row(2, 20)]);
    }
}
