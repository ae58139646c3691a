//! Opening a central database: pragmas, the file's stamp and the embedded,
//! forward-only migrations.

use std::path::Path;

use rusqlite::Connection;

use crate::store::StoreError;

/// "CDSC": a CourtDesk central database, distinct from the terminals' "CDSK".
const APPLICATION_ID: i64 = 0x4344_5343;

/// Applied in order, one transaction each, and never edited once released;
/// each file opens with a comment saying why it exists.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_initial.sql"),
    include_str!("../../../migrations/0002_nonces_in_memory.sql"),
    include_str!("../../../migrations/0003_number_leases.sql"),
    include_str!("../../../migrations/0004_identity.sql"),
    include_str!("../../../migrations/0005_delivery.sql"),
    include_str!("../../../migrations/0006_case_parties.sql"),
    include_str!("../../../migrations/0007_who_acts.sql"),
    include_str!("../../../migrations/0008_card_reads.sql"),
    include_str!("../../../migrations/0009_site_config.sql"),
];

/// The writer's page cache, in KiB.
const WRITER_CACHE_KIB: i64 = 64 * 1024;

/// Reads map the file rather than copy pages through `read`, on every
/// connection; the mapping only covers what the file holds.
pub(super) const MMAP_BYTES: i64 = 1 << 30;

pub(super) fn prepare(connection: &mut Connection, path: &Path) -> Result<(), StoreError> {
    // WAL lets the file be read while a push is written; FULL makes a
    // returned write durable, which "reaches the server exactly once" needs.
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    // Each write of a group runs in its own savepoint, whose journal of
    // changed pages is scratch that need not touch the disk.
    connection.pragma_update(None, "temp_store", "MEMORY")?;
    // A group of pushes touches many pages; a cache too small for a group
    // spills pages to the WAL mid-transaction and reads them back.
    connection.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
    connection.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;

    let application_id: i64 =
        connection.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = connection.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = connection.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    let fresh = application_id == 0 && version == 0 && tables == 0;
    if !fresh && application_id != APPLICATION_ID {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            found: version,
            known,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = connection.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
