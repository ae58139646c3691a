//! Handing queued records to the sync and forgetting them once the server
//! has answered for them.

use courtdesk_protocol::chain::AuditEntry;
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::{Record, RecordId};

use crate::audit::{self, ENTRY_COLUMNS, to_i64};
use crate::{Store, StoreError};

/// Queued records and the audit entries that chain them, oldest first:
/// exactly what one push carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutboxBatch {
    pub records: Vec<Record>,
    pub audit: Vec<AuditEntry>,
}

impl OutboxBatch {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl Store {
    /// The oldest `limit` queued records with their audit entries, in chain
    /// order, so the batch continues whatever the server holds already.
    pub fn outbox_batch(&self, limit: usize) -> Result<OutboxBatch, StoreError> {
        self.read(|conn| {
            let columns = ENTRY_COLUMNS
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut statement = conn.prepare(&format!(
                "SELECT {columns}, o.kind, o.hlc_wall_ms, o.hlc_counter, o.body
                 FROM outbox o JOIN audit_log a ON a.record_id = o.record_id
                 ORDER BY a.seq LIMIT ?1"
            ))?;
            let rows = statement.query_map([to_i64(limit as u64)], |row| {
                let entry = audit::entry_from_row(row, 0)?;
                let kind: String = row.get(5)?;
                let wall_ms: i64 = row.get(6)?;
                let counter: i64 = row.get(7)?;
                let body: String = row.get(8)?;
                Ok(entry.and_then(|entry| record_from(entry, kind, wall_ms, counter, &body)))
            })?;
            let mut batch = OutboxBatch::default();
            for row in rows {
                let (record, entry) = row??;
                batch.records.push(record);
                batch.audit.push(entry);
            }
            Ok(batch)
        })
    }

    /// Forgets the records the server has answered for (applied or already
    /// held). Their audit entries stay. Returns how many were still queued.
    pub fn mark_delivered(&self, ids: &[RecordId]) -> Result<usize, StoreError> {
        self.write(|tx| {
            let mut statement = tx.prepare("DELETE FROM outbox WHERE record_id = ?1")?;
            let mut removed = 0;
            for id in ids {
                removed += statement.execute([id.as_str()])?;
            }
            Ok(removed)
        })
    }

    /// How many records wait to be delivered.
    pub fn outbox_len(&self) -> Result<u64, StoreError> {
        self.read(|conn| {
            let count: i64 = conn.query_row("SELECT count(*) FROM outbox", [], |row| row.get(0))?;
            audit::to_u64(count, "outbox count")
        })
    }
}

fn record_from(
    entry: AuditEntry,
    kind: String,
    wall_ms: i64,
    counter: i64,
    body: &str,
) -> Result<(Record, AuditEntry), StoreError> {
    let corrupt = || StoreError::Corrupt {
        what: "outbox record",
    };
    let record = Record {
        id: entry.record_id.clone(),
        kind,
        hlc: Hlc {
            wall_ms: u64::try_from(wall_ms).map_err(|_| corrupt())?,
            counter: u32::try_from(counter).map_err(|_| corrupt())?,
        },
        body: serde_json::from_str(body).map_err(|_| corrupt())?,
    };
    // A record altered after it was chained would be refused by the server;
    // say so here, where the damage is.
    if record.digest() != entry.record_digest {
        return Err(corrupt());
    }
    Ok((record, entry))
}
