//! Opening the database and handing out connections.
//!
//! Connection strategy: SQLite allows one writer at a time, so the store keeps
//! exactly one read-write connection behind a mutex and runs every write as a
//! single `BEGIN IMMEDIATE` transaction on it. Reads use separate read-only
//! connections from a small pool; in WAL mode they never block the writer and
//! see the last committed state. `synchronous = FULL` makes a committed write
//! survive a power cut: acknowledged means durable.
//!
//! The file is encrypted with SQLCipher under a key kept outside it
//! ([`crate::key`]); every connection is unlocked before its first read. A
//! plain database written by an earlier CourtDesk is encrypted in place on
//! first open, once it is known to be ours and not newer.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::StoreError;
use crate::key::{DatabaseKey, key_path};
use crate::migrate::{check_plain, migrate};

/// How many idle read connections are kept for reuse.
const READER_POOL: usize = 4;
/// How long a connection waits for a lock held by another process (a second
/// instance or a backup tool) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The terminal's database.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    key: DatabaseKey,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Store {
    /// The key the terminal's kept files are sealed with: derived from the
    /// database's own key, so files and database are readable together or
    /// not at all.
    pub fn seal_key(&self) -> courtdesk_sealed::SealKey {
        self.key.seal_key()
    }

    /// Opens (creating if needed) the database at `path` and migrates it to the
    /// schema of this binary. A database from a newer CourtDesk, or a SQLite
    /// file that is not a CourtDesk database, is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let key = unlock(path)?;
        let mut writer = Connection::open(path).map_err(open_error)?;
        key.apply(&writer).map_err(open_error)?;
        writer.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        // Refuse a foreign or newer file before switching its journal mode,
        // so a refused file is left exactly as it was found.
        migrate_checked(&mut writer, path)?;
        let mode: String = writer
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(open_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(journal_mode = %mode, "terminal database is not in WAL mode");
        }
        writer
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(open_error)?;
        Ok(Store {
            path: path.to_owned(),
            key,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Where the database file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` inside one immediate write transaction, committed when `f`
    /// returns `Ok` and rolled back otherwise: a write is whole or absent.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` on a read-only connection from the pool.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = lock(&self.readers).pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => self.open_reader()?,
        };
        let result = f(&conn);
        let mut pool = lock(&self.readers);
        if pool.len() < READER_POOL {
            pool.push(conn);
        }
        result
    }

    fn open_reader(&self) -> Result<Connection, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(&self.path, flags).map_err(|source| StoreError::Open {
                path: self.path.clone(),
                source,
            })?;
        self.key.apply(&conn)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(conn)
    }
}

/// The first bytes of every unencrypted SQLite file.
const PLAIN_HEADER: &[u8] = b"SQLite format 3\0";

fn is_plain(path: &Path) -> Result<Option<bool>, StoreError> {
    use std::io::Read;
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut file) => match file.read_exact(&mut header) {
            Ok(()) => Ok(Some(header == PLAIN_HEADER)),
            // Shorter than a header: nothing SQLite wrote.
            Err(_) => Ok(Some(false)),
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Key {
            path: path.to_owned(),
            source,
        }),
    }
}

/// The key to open `path` with, creating it for a new database and
/// encrypting a plain one of ours.
fn unlock(path: &Path) -> Result<DatabaseKey, StoreError> {
    let locked = || StoreError::Locked {
        path: path.to_owned(),
        key: key_path(path),
    };
    match is_plain(path)? {
        None => DatabaseKey::load(path, true)?.ok_or_else(locked),
        Some(true) => {
            // Refused untouched when foreign or newer, like an encrypted one.
            check_plain(path)?;
            let key = DatabaseKey::load(path, true)?.ok_or_else(locked)?;
            encrypt_in_place(path, &key)?;
            Ok(key)
        }
        Some(false) => DatabaseKey::load(path, false)?.ok_or_else(locked),
    }
}

/// Rewrites a plain database of ours as an encrypted one: exported into a
/// new file beside it, which then replaces it.
fn encrypt_in_place(path: &Path, key: &DatabaseKey) -> Result<(), StoreError> {
    let open_error = |source| StoreError::Open {
        path: path.to_owned(),
        source,
    };
    let encrypted = path.with_extension("encrypting");
    let _ = std::fs::remove_file(&encrypted);
    {
        let plain = Connection::open(path).map_err(open_error)?;
        plain
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .map_err(open_error)?;
        let version: i64 = plain
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(open_error)?;
        let application_id: i64 = plain
            .pragma_query_value(None, "application_id", |row| row.get(0))
            .map_err(open_error)?;
        let target = Connection::open(&encrypted).map_err(open_error)?;
        key.apply(&target).map_err(open_error)?;
        target
            .execute_batch("CREATE TABLE _unlock (x); DROP TABLE _unlock;")
            .map_err(open_error)?;
        drop(target);
        plain
            .execute(
                "ATTACH DATABASE ?1 AS encrypted KEY ?2",
                (encrypted.to_string_lossy(), key.attach_literal()),
            )
            .map_err(open_error)?;
        plain
            .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .map_err(open_error)?;
        plain
            .execute_batch(&format!(
                "PRAGMA encrypted.user_version = {version}; \
                 PRAGMA encrypted.application_id = {application_id}; DETACH DATABASE encrypted;"
            ))
            .map_err(open_error)?;
    }
    std::fs::rename(&encrypted, path).map_err(|source| StoreError::Key {
        path: path.to_owned(),
        source,
    })?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    tracing::info!("the terminal database was encrypted");
    Ok(())
}

fn migrate_checked(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    match migrate(conn, path) {
        // SQLite reports a file it cannot read (not a database, or a key
        // that does not open it) only when it is first read.
        Err(StoreError::Sqlite(source)) if is_not_a_database(&source) => Err(StoreError::Locked {
            path: path.to_owned(),
            key: key_path(path),
        }),
        other => other,
    }
}

fn is_not_a_database(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase)
}

/// A poisoned lock only means another thread panicked while holding it; the
/// connection itself is still consistent because every write is a transaction
/// that SQLite rolls back when it is not committed.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
