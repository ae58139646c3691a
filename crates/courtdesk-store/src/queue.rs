//! The queue events a terminal knows of, and the queue's small named values.
//! The store keeps them as text; `courtdesk-queue` gives them meaning.

use rusqlite::{Connection, OptionalExtension, params};

use crate::{Store, StoreError};

/// One stored queue event: its id, its ticket's day and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredQueueEvent {
    pub event_id: String,
    pub day: String,
    pub body: String,
}

/// Keeps an event; one already kept under its id stays as it was. Returns
/// whether it was new. Runs in the caller's transaction.
pub fn insert_queue_event(conn: &Connection, event: &StoredQueueEvent) -> Result<bool, StoreError> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO queue_events (event_id, day, body) VALUES (?1, ?2, ?3)
             ON CONFLICT (event_id) DO NOTHING",
        )?
        .execute(params![event.event_id, event.day, event.body])?;
    Ok(inserted == 1)
}

/// A named value, in the caller's transaction (or on a reader).
pub fn queue_value(conn: &Connection, name: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM queue_values WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?)
}

/// Sets a named value in the caller's transaction.
pub fn put_queue_value(conn: &Connection, name: &str, value: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO queue_values (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![name, value])?;
    Ok(())
}

impl Store {
    /// Keeps events taken from elsewhere (the inbox) in one transaction,
    /// with the named value `cursor_name` set to `cursor`; returns the new
    /// ones.
    pub fn import_queue_events(
        &self,
        events: &[StoredQueueEvent],
        cursor_name: &str,
        cursor: &str,
    ) -> Result<Vec<StoredQueueEvent>, StoreError> {
        self.write(|tx| {
            let mut new = Vec::new();
            for event in events {
                if insert_queue_event(tx, event)? {
                    new.push(event.clone());
                }
            }
            put_queue_value(tx, cursor_name, cursor)?;
            Ok(new)
        })
    }

    /// Every kept event of `day` or later, in no particular order.
    pub fn queue_events_since(&self, day: &str) -> Result<Vec<StoredQueueEvent>, StoreError> {
        self.read(|conn| {
            let mut statement =
                conn.prepare("SELECT event_id, day, body FROM queue_events WHERE day >= ?1")?;
            let rows = statement.query_map([day], |row| {
                Ok(StoredQueueEvent {
                    event_id: row.get(0)?,
                    day: row.get(1)?,
                    body: row.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A named value of the queue.
    pub fn queue_value(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.read(|conn| queue_value(conn, name))
    }

    /// Sets a named value of the queue on its own.
    pub fn put_queue_value(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.write(|tx| put_queue_value(tx, name, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, day: &str) -> StoredQueueEvent {
        StoredQueueEvent {
            event_id: id.into(),
            day: day.into(),
            body: format!("{{\"id\":\"{id}\"}}"),
        }
    }

    #[test]
    fn imported_events_are_kept_once_with_their_cursor() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        let first = store
            .import_queue_events(
                &[event("a", "2026-11-28"), event("b", "2026-11-27")],
                "cursor",
                "7",
            )
            .expect("import");
        assert_eq!(first.len(), 2);
        let again = store
            .import_queue_events(
                &[event("a", "2026-11-28"), event("c", "2026-11-28")],
                "cursor",
                "9",
            )
            .expect("import");
        assert_eq!(again, vec![event("c", "2026-11-28")], "only the new one");
        assert_eq!(
            store.queue_value("cursor").expect("read").as_deref(),
            Some("9")
        );
        let mut today: Vec<String> = store
            .queue_events_since("2026-11-28")
            .expect("read")
            .into_iter()
            .map(|e| e.event_id)
            .collect();
        today.sort();
        assert_eq!(today, ["a", "c"], "earlier days are left out");
    }
}
