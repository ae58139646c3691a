//! The case list last seen for each party at a kiosk (migration 11), kept
//! so intake can offer it while the court server cannot be reached.

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

impl Store {
    /// Replaces the case list kept for the party `party_key` (JSON).
    pub fn put_party_cases(
        &self,
        party_key: &str,
        cases: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO party_cases (party_key, cases, seen_at_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (party_key) DO UPDATE SET cases = excluded.cases,
                     seen_at_ms = excluded.seen_at_ms",
                (party_key, cases, now_ms),
            )?;
            Ok(())
        })
    }

    /// The case list (JSON) last kept for the party `party_key`, if any.
    pub fn party_cases(&self, party_key: &str) -> Result<Option<String>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT cases FROM party_cases WHERE party_key = ?1",
                    [party_key],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn the_last_list_of_a_party_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        assert_eq!(store.party_cases("p1").expect("read"), None);
        store.put_party_cases("p1", "[1]", 1).expect("put");
        store.put_party_cases("p1", "[2]", 2).expect("put");
        store.put_party_cases("p2", "[]", 2).expect("put");
        assert_eq!(
            store.party_cases("p1").expect("read").as_deref(),
            Some("[2]")
        );
        assert_eq!(
            store.party_cases("p2").expect("read").as_deref(),
            Some("[]")
        );
    }
}
