//! The terminal database at rest: encrypted with a key kept outside it.

use courtdesk_core::TerminalId;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::{LATEST_VERSION, Store, StoreError, key_path, open_unlocked};
use rusqlite::Connection;
use serde_json::json;

/// A phone number written into a record: it must not appear in any file.
const MARKER: &str = "13912345678";

fn bytes_of_every_file(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            all.extend(std::fs::read(&path).expect("read"));
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn the_database_and_its_wal_are_unreadable_without_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("terminal.sqlite3");
    let store = Store::open(&path).expect("open");
    store
        .record(
            RecordId::from_bits(7),
            "identity.checked",
            json!({ "phone": MARKER }),
            1,
        )
        .expect("recorded");
    // The WAL still holds the write while the store is open.
    let files = bytes_of_every_file(dir.path());
    assert!(
        !contains(&files, MARKER),
        "the phone number is nowhere in the files"
    );
    assert!(
        !contains(&files, "SQLite format 3"),
        "no plain SQLite header"
    );
    drop(store);

    let plain = Connection::open(&path).expect("a plain connection opens lazily");
    let read: Result<i64, _> =
        plain.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0));
    let error = read.expect_err("plain SQLite cannot read it");
    assert_eq!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );

    let unlocked = open_unlocked(&path).expect("with the key");
    let version: u32 = unlocked
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("readable with the key");
    assert_eq!(version, LATEST_VERSION);
}

#[test]
fn without_its_key_the_database_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("terminal.sqlite3");
    drop(Store::open(&path).expect("open"));
    let before = std::fs::read(&path).expect("read");
    std::fs::remove_file(key_path(&path)).expect("lose the key");

    let error = Store::open(&path).expect_err("refused");
    assert!(matches!(error, StoreError::Locked { .. }), "{error:?}");
    assert!(error.to_string().contains("keys/"), "{error}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "left untouched"
    );
    assert!(
        !key_path(&path).exists(),
        "no new key replaces the lost one"
    );
}

#[test]
fn a_plain_database_of_an_earlier_version_is_encrypted_in_place_with_its_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("terminal.sqlite3");
    {
        // What an earlier CourtDesk wrote: our stamp, our first schema.
        let plain = Connection::open(&path).expect("create");
        plain
            .execute_batch(&format!(
                "{} PRAGMA application_id = {}; PRAGMA user_version = 1;",
                courtdesk_store::MIGRATIONS[0].sql,
                0x4344_534b
            ))
            .expect("the first schema");
        plain
            .execute(
                "INSERT INTO terminal (singleton, terminal_id, created_at_ms) VALUES (1, ?1, 5)",
                [TerminalId::from_bits(9).as_str()],
            )
            .expect("an identity");
    }
    let store = Store::open(&path).expect("opened and encrypted");
    let identity = store.identity().expect("read").expect("kept");
    assert_eq!(identity.terminal_id, TerminalId::from_bits(9));
    drop(store);
    let header = std::fs::read(&path).expect("read");
    assert!(!header.starts_with(b"SQLite format 3"), "encrypted now");
    assert_eq!(
        open_unlocked(&path)
            .expect("unlocked")
            .pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))
            .expect("version"),
        LATEST_VERSION,
        "and migrated"
    );
}
