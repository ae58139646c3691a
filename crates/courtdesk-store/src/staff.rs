//! Staff sign-in state kept at the terminal: the credential cached after an
//! online sign-in, and each account's sign-in guard. Both are JSON whose
//! shape belongs to the identity rules; the store keeps them by username,
//! folded to lower case as sign-in matches it.

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

fn key(username: &str) -> String {
    username.trim().to_ascii_lowercase()
}

impl Store {
    /// The credential cached for `username`, as stored.
    pub fn staff_credential(&self, username: &str) -> Result<Option<String>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT credential FROM staff_credential WHERE username = ?1",
                    [key(username)],
                    |row| row.get::<_, Option<String>>(0),
                )
                .optional()?
                .flatten())
        })
    }

    /// Keeps `credential` for `username` after an online sign-in, replacing
    /// the one before.
    pub fn put_staff_credential(&self, username: &str, credential: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO staff_credential (username, credential) VALUES (?1, ?2)
                 ON CONFLICT (username) DO UPDATE SET credential = excluded.credential",
                (key(username), credential),
            )?;
            Ok(())
        })
    }

    /// Forgets the credential of `username`: the server said the account is
    /// disabled, so it must not sign in here offline either.
    pub fn forget_staff_credential(&self, username: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM staff_credential WHERE username = ?1",
                [key(username)],
            )?;
            Ok(())
        })
    }

    /// The sign-in guard of `username`, as stored.
    pub fn staff_guard(&self, username: &str) -> Result<Option<String>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT guard FROM staff_guard WHERE username = ?1",
                    [key(username)],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }

    pub fn put_staff_guard(&self, username: &str, guard: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO staff_guard (username, guard) VALUES (?1, ?2)
                 ON CONFLICT (username) DO UPDATE SET guard = excluded.guard",
                (key(username), guard),
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn credentials_and_guards_are_kept_by_username_whatever_its_case() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("store");
        assert_eq!(store.staff_credential("li.ming").expect("read"), None);
        store
            .put_staff_credential(" Li.Ming ", "{\"v\":1}")
            .expect("kept");
        store
            .put_staff_credential("li.ming", "{\"v\":2}")
            .expect("replaced");
        assert_eq!(
            store.staff_credential("LI.MING").expect("read").as_deref(),
            Some("{\"v\":2}")
        );
        store.forget_staff_credential("li.ming").expect("forgotten");
        assert_eq!(store.staff_credential("li.ming").expect("read"), None);

        store.put_staff_guard("li.ming", "{\"g\":1}").expect("kept");
        assert_eq!(
            store.staff_guard("Li.Ming").expect("read").as_deref(),
            Some("{\"g\":1}")
        );
    }
}
