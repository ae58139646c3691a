//! Operator preferences kept across restarts.

use courtdesk_core::Locale;
use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

const LOCALE_KEY: &str = "locale";

impl Store {
    /// The language the operator last chose, if any.
    pub fn preferred_locale(&self) -> Result<Option<Locale>, StoreError> {
        self.read(|conn| {
            let value: Option<String> = conn
                .query_row(
                    "SELECT value FROM preference WHERE key = ?1",
                    [LOCALE_KEY],
                    |row| row.get(0),
                )
                .optional()?;
            value
                .map(|tag| {
                    tag.parse().map_err(|_| StoreError::Corrupt {
                        what: "language preference",
                    })
                })
                .transpose()
        })
    }

    /// Remembers the operator's language.
    pub fn set_preferred_locale(&self, locale: Locale) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO preference (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (LOCALE_KEY, locale.tag()),
            )?;
            Ok(())
        })
    }
}
