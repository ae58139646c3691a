//! Unfinished submissions saved at a kiosk to be resumed at a later visit
//! (migration 12). The row is found by a keyed hash of the party and the
//! resume code, which the caller computes; the draft's files live beside
//! the database, under the draft's id.

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

/// A saved draft as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDraft {
    pub party_key: String,
    pub draft_id: String,
    /// The draft's JSON.
    pub draft: String,
    pub saved_at_ms: i64,
}

impl Store {
    /// Keeps a saved draft under `code_key`; `false` when that key is taken
    /// already (nothing is changed then).
    pub fn put_saved_draft(&self, code_key: &str, saved: &SavedDraft) -> Result<bool, StoreError> {
        self.write(|tx| {
            let inserted = tx.execute(
                "INSERT INTO saved_drafts (code_key, party_key, draft_id, draft, saved_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                (
                    code_key,
                    &saved.party_key,
                    &saved.draft_id,
                    &saved.draft,
                    saved.saved_at_ms,
                ),
            )?;
            Ok(inserted == 1)
        })
    }

    /// The draft saved under `code_key`, if any.
    pub fn saved_draft(&self, code_key: &str) -> Result<Option<SavedDraft>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT party_key, draft_id, draft, saved_at_ms FROM saved_drafts
                     WHERE code_key = ?1",
                    [code_key],
                    |row| {
                        Ok(SavedDraft {
                            party_key: row.get(0)?,
                            draft_id: row.get(1)?,
                            draft: row.get(2)?,
                            saved_at_ms: row.get(3)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    /// Forgets the saved draft `draft_id`; whether there was one.
    pub fn delete_saved_draft(&self, draft_id: &str) -> Result<bool, StoreError> {
        self.write(|tx| {
            Ok(tx.execute("DELETE FROM saved_drafts WHERE draft_id = ?1", [draft_id])? == 1)
        })
    }

    /// The ids of every saved draft with the time it was saved.
    pub fn saved_draft_ids(&self) -> Result<Vec<(String, i64)>, StoreError> {
        self.read(|conn| {
            let mut statement = conn
                .prepare("SELECT draft_id, saved_at_ms FROM saved_drafts ORDER BY saved_at_ms")?;
            let rows = statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SavedDraft;
    use crate::Store;

    #[test]
    fn a_saved_draft_is_found_by_its_key_once_and_then_forgotten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        let saved = SavedDraft {
            party_key: "p1".into(),
            draft_id: "d1".into(),
            draft: "{}".into(),
            saved_at_ms: 5,
        };
        assert!(store.put_saved_draft("k1", &saved).expect("put"));
        assert!(
            !store.put_saved_draft("k1", &saved).expect("put"),
            "a taken key is refused"
        );
        assert_eq!(store.saved_draft("k1").expect("read"), Some(saved));
        assert_eq!(store.saved_draft("k2").expect("read"), None);
        assert_eq!(
            store.saved_draft_ids().expect("ids"),
            vec![("d1".to_owned(), 5)]
        );
        assert!(store.delete_saved_draft("d1").expect("delete"));
        assert!(!store.delete_saved_draft("d1").expect("delete"));
        assert_eq!(store.saved_draft("k1").expect("read"), None);
    }
}
