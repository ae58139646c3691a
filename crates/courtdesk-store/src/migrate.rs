//! Forward-only schema migrations, embedded in the binary.
//!
//! Rules: a migration is never edited or removed once released; a change to the
//! schema is a new, higher-numbered file whose first lines say why. The schema
//! version lives in SQLite's `user_version`, and the file is stamped with a
//! fixed `application_id` so a foreign SQLite file is never migrated by mistake.

use std::path::Path;

use rusqlite::Connection;

use crate::StoreError;

/// One schema step.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Versions start at 1 and have no gaps.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "terminal",
        sql: include_str!("../migrations/0001_terminal.sql"),
    },
    Migration {
        version: 2,
        name: "preferences",
        sql: include_str!("../migrations/0002_preferences.sql"),
    },
    Migration {
        version: 3,
        name: "outbox",
        sql: include_str!("../migrations/0003_outbox.sql"),
    },
    Migration {
        version: 4,
        name: "enrollment",
        sql: include_str!("../migrations/0004_enrollment.sql"),
    },
    Migration {
        version: 5,
        name: "blob uploads",
        sql: include_str!("../migrations/0005_blob_uploads.sql"),
    },
    Migration {
        version: 6,
        name: "queue",
        sql: include_str!("../migrations/0006_queue.sql"),
    },
    Migration {
        version: 7,
        name: "staff sign-in",
        sql: include_str!("../migrations/0007_staff_sign_in.sql"),
    },
    Migration {
        version: 8,
        name: "deliveries",
        sql: include_str!("../migrations/0008_deliveries.sql"),
    },
    Migration {
        version: 9,
        name: "evidence refused",
        sql: include_str!("../migrations/0009_evidence_refused.sql"),
    },
    Migration {
        version: 10,
        name: "intake records",
        sql: include_str!("../migrations/0010_intake.sql"),
    },
    Migration {
        version: 11,
        name: "party cases",
        sql: include_str!("../migrations/0011_party_cases.sql"),
    },
    Migration {
        version: 12,
        name: "saved drafts",
        sql: include_str!("../migrations/0012_saved_drafts.sql"),
    },
    Migration {
        version: 13,
        name: "site configuration",
        sql: include_str!("../migrations/0013_site_config.sql"),
    },
];

/// The schema version this binary writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// "CDSK" in ASCII: marks a SQLite file as a CourtDesk terminal database.
pub(crate) const APPLICATION_ID: u32 = 0x4344_534b;

/// Refuses a plain (unencrypted) file that is not ours or is newer than this
/// binary, before anything touches it.
pub(crate) fn check_plain(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
    check(&conn, path).map(|_| ())
}

/// The schema version found, after refusing a foreign or newer file.
fn check(conn: &Connection, path: &Path) -> Result<u32, StoreError> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let app_id: u32 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let empty = found == 0 && table_count(conn)? == 0;

    if !empty && app_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_owned(),
            found: app_id,
        });
    }
    if found > LATEST_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found,
            supported: LATEST_VERSION,
        });
    }
    Ok(found)
}

/// Brings the database up to [`LATEST_VERSION`], one transaction per step, or
/// refuses it when it is newer than this binary or not ours at all.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let found = check(conn, path)?;
    for migration in MIGRATIONS.iter().filter(|m| m.version > found) {
        let fail = |source| StoreError::Migration {
            version: migration.version,
            name: migration.name,
            source,
        };
        let tx = conn.transaction().map_err(fail)?;
        tx.execute_batch(migration.sql).map_err(fail)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(fail)?;
        tx.pragma_update(None, "user_version", migration.version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied terminal database migration"
        );
    }
    Ok(())
}

fn table_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_start_at_one_and_have_no_gaps() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, index + 1, "{}", migration.name);
        }
    }

    #[test]
    fn every_migration_says_why_in_its_first_line() {
        for migration in MIGRATIONS {
            assert!(
                migration.sql.trim_start().starts_with("--"),
                "migration {} must open with a comment saying why",
                migration.name
            );
        }
    }
}
