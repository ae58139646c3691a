//! The local store against real database files.

mod encryption;
mod enrollment;
mod outbox;

use std::path::{Path, PathBuf};

use courtdesk_core::{Locale, TerminalId};
use courtdesk_store::{LATEST_VERSION, Store, StoreError};
use rusqlite::Connection;

fn db_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("terminal.sqlite3")
}

/// The database opened behind the store's back, with its key.
fn unlocked(path: &Path) -> Connection {
    courtdesk_store::open_unlocked(path).expect("open for inspection")
}

fn pragma_u32(path: &Path, name: &str) -> u32 {
    let conn = unlocked(path);
    conn.pragma_query_value(None, name, |row| row.get(0))
        .expect("read pragma")
}

#[test]
fn a_new_database_is_migrated_to_the_latest_schema_in_wal_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(&dir);
    let store = Store::open(&path).expect("a fresh store opens");
    drop(store);

    assert_eq!(pragma_u32(&path, "user_version"), LATEST_VERSION);
    let conn = unlocked(&path);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal", "WAL lets readers run beside the writer");
}

#[test]
fn the_terminal_identity_is_generated_once_and_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(&dir);
    let first = TerminalId::from_bits(1);
    let second = TerminalId::from_bits(2);

    let store = Store::open(&path).expect("open");
    assert_eq!(store.identity().expect("read"), None);
    let stored = store.ensure_identity(first.clone(), 1_000).expect("store");
    assert_eq!(stored.terminal_id, first);
    assert_eq!(stored.created_at_ms, 1_000);
    drop(store);

    let store = Store::open(&path).expect("reopen");
    let again = store
        .ensure_identity(second, 2_000)
        .expect("a second candidate is ignored");
    assert_eq!(again, stored, "the identity never changes once written");
    assert_eq!(store.identity().expect("read"), Some(stored));
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(&dir);
    drop(Store::open(&path).expect("create"));
    let newer = LATEST_VERSION + 1;
    unlocked(&path)
        .pragma_update(None, "user_version", newer)
        .expect("pretend a newer binary wrote it");
    let before = std::fs::read(&path).expect("read file");

    let error = Store::open(&path).expect_err("a newer schema must be refused");
    match &error {
        StoreError::TooNew {
            found, supported, ..
        } => {
            assert_eq!((*found, *supported), (newer, LATEST_VERSION));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("newer CourtDesk"), "{message}");
    assert!(
        message.contains("Install the newer CourtDesk"),
        "says what to do: {message}"
    );
    assert_eq!(std::fs::read(&path).expect("read file"), before);
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(&dir);
    Connection::open(&path)
        .expect("create")
        .execute_batch("CREATE TABLE photos (id INTEGER);")
        .expect("someone else's schema");
    let before = std::fs::read(&path).expect("read file");

    let error = Store::open(&path).expect_err("a foreign file must be refused");
    assert!(
        matches!(error, StoreError::Foreign { found: 0, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("not a CourtDesk terminal database")
    );
    assert_eq!(std::fs::read(&path).expect("read file"), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(&dir);
    let garbage =
        b"this is a text file, not SQLite, and it is long enough to have a header".repeat(20);
    std::fs::write(&path, &garbage).expect("write garbage");

    let error = Store::open(&path).expect_err("garbage must be refused");
    assert!(matches!(error, StoreError::Locked { .. }), "{error:?}");
    assert!(
        error.to_string().contains("restore"),
        "says what to do: {error}"
    );
    assert_eq!(std::fs::read(&path).expect("read file"), garbage);
}

#[test]
fn a_chosen_language_is_remembered_and_read_by_the_reader_pool() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&db_path(&dir)).expect("open");
    assert_eq!(store.preferred_locale().expect("read"), None);

    store.set_preferred_locale(Locale::En).expect("write");
    assert_eq!(store.preferred_locale().expect("read"), Some(Locale::En));
    store.set_preferred_locale(Locale::ZhCn).expect("overwrite");
    assert_eq!(store.preferred_locale().expect("read"), Some(Locale::ZhCn));
}

#[test]
fn an_unreadable_stored_language_is_reported_as_corruption() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(&dir);
    let store = Store::open(&path).expect("open");
    unlocked(&path)
        .execute(
            "INSERT INTO preference (key, value) VALUES ('locale', 'klingon')",
            [],
        )
        .expect("damage the row");

    let error = store.preferred_locale().expect_err("must not guess");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
}

#[test]
fn a_malformed_identity_row_is_refused_by_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(&dir);
    drop(Store::open(&path).expect("open"));
    let conn = unlocked(&path);
    let inserted = conn.execute(
        "INSERT INTO terminal (singleton, terminal_id, created_at_ms) VALUES (2, 'x', 0)",
        [],
    );
    assert!(
        inserted.is_err(),
        "only one identity row of the right shape may exist"
    );
}
