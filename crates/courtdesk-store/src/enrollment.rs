//! Which central server the terminal enrolled with, and where it belongs.

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

/// The outcome of a successful enrollment, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    /// The server's base URL, e.g. `https://court.example:8443`.
    pub server_url: String,
    /// The SHA-256 of the server certificate's DER, 64 lowercase hex digits:
    /// the only certificate the terminal accepts from that server.
    pub fingerprint: String,
    pub court_id: String,
    pub site_id: String,
    pub enrolled_at_ms: i64,
}

impl Store {
    /// Stores `enrollment`, replacing an earlier one (a re-enrollment).
    pub fn save_enrollment(&self, enrollment: &Enrollment) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO enrollment
                   (singleton, server_url, fingerprint, court_id, site_id, enrolled_at_ms)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (singleton) DO UPDATE SET
                   server_url = excluded.server_url, fingerprint = excluded.fingerprint,
                   court_id = excluded.court_id, site_id = excluded.site_id,
                   enrolled_at_ms = excluded.enrolled_at_ms",
                (
                    &enrollment.server_url,
                    &enrollment.fingerprint,
                    &enrollment.court_id,
                    &enrollment.site_id,
                    enrollment.enrolled_at_ms,
                ),
            )?;
            Ok(())
        })
    }

    /// The stored enrollment, if the terminal has enrolled.
    pub fn enrollment(&self) -> Result<Option<Enrollment>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT server_url, fingerprint, court_id, site_id, enrolled_at_ms
                     FROM enrollment WHERE singleton = 1",
                    [],
                    |row| {
                        Ok(Enrollment {
                            server_url: row.get(0)?,
                            fingerprint: row.get(1)?,
                            court_id: row.get(2)?,
                            site_id: row.get(3)?,
                            enrolled_at_ms: row.get(4)?,
                        })
                    },
                )
                .optional()?)
        })
    }
}
