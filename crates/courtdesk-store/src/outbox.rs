//! Recording: a capability's own change and the record that tells the server
//! about it, written in one transaction together with the record's audit
//! entry and the advanced clock, so a crash leaves all of them or none.

use courtdesk_protocol::chain::{AuditEntry, ChainHead};
use courtdesk_protocol::hlc::{Hlc, HlcClock};
use courtdesk_protocol::record::{Record, RecordId};
use rusqlite::Connection;
use serde_json::Value;

use crate::audit::{self, to_i64};
use crate::sync_state;
use crate::{Store, StoreError};

/// The handle a capability records through while its transaction is open.
/// It stamps each record with the terminal's clock, chains it into the audit
/// log and queues it in the outbox.
#[derive(Debug)]
pub struct Recorder<'a> {
    conn: &'a Connection,
    clock: HlcClock,
    head: ChainHead,
    pub(crate) now_ms: i64,
}

impl Recorder<'_> {
    /// The open transaction, for the capability's own change.
    pub fn connection(&self) -> &Connection {
        self.conn
    }

    /// Queues a record of `kind` with `body` under the caller's fresh `id`
    /// (the record's idempotency key at the server), and returns it as it
    /// will be sent.
    pub fn record(&mut self, id: RecordId, kind: &str, body: Value) -> Result<Record, StoreError> {
        self.record_with(id, kind, |_| Ok(body))
    }

    /// Like [`Recorder::record`], for a body that carries the record's own
    /// clock stamp: `body` is given the stamp the record will have.
    pub fn record_with(
        &mut self,
        id: RecordId,
        kind: &str,
        body: impl FnOnce(Hlc) -> Result<Value, StoreError>,
    ) -> Result<Record, StoreError> {
        let hlc = self.clock.tick(u64::try_from(self.now_ms).unwrap_or(0));
        let body = body(hlc)?;
        let record = Record {
            id,
            kind: kind.to_owned(),
            hlc,
            body,
        };
        let entry = AuditEntry::append(self.head, &record);
        audit::insert_entry(self.conn, &entry)?;
        self.conn
            .prepare_cached(
                "INSERT INTO outbox (record_id, kind, hlc_wall_ms, hlc_counter, body, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute((
                record.id.as_str(),
                &record.kind,
                to_i64(hlc.wall_ms),
                i64::from(hlc.counter),
                record.body.to_string(),
                self.now_ms,
            ))?;
        self.head = entry.head();
        Ok(record)
    }

    /// The last stamp handed out in this transaction (or before it).
    pub fn last_hlc(&self) -> Hlc {
        self.clock.last()
    }
}

impl Store {
    /// Runs `f` in one write transaction with a [`Recorder`]: everything `f`
    /// writes through [`Recorder::connection`] and every record it queues are
    /// committed together when it returns `Ok`, and none of it otherwise.
    /// `now_ms` is the physical time for the clock stamps.
    pub fn write_recorded<T>(
        &self,
        now_ms: i64,
        f: impl FnOnce(&mut Recorder<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write(|tx| {
            let mut recorder = Recorder {
                conn: tx,
                clock: HlcClock::resume(sync_state::last_hlc(tx)?),
                head: audit::head(tx)?,
                now_ms,
            };
            let value = f(&mut recorder)?;
            sync_state::save_hlc(tx, recorder.clock.last())?;
            Ok(value)
        })
    }

    /// Queues one record with no change of its own beside it (for records
    /// that are themselves the change, and for tools).
    pub fn record(
        &self,
        id: RecordId,
        kind: &str,
        body: Value,
        now_ms: i64,
    ) -> Result<Record, StoreError> {
        self.write_recorded(now_ms, |recorder| recorder.record(id, kind, body))
    }
}
