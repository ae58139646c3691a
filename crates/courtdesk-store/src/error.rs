//! What can go wrong with the local store.

use std::path::PathBuf;

/// A failure of the local store. Each variant says what the terminal's
/// operator can do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the terminal database at {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the terminal database at {path} was written by a newer CourtDesk (schema version {found}); \
         this version understands schema versions up to {supported}. Install the newer CourtDesk \
         again, or ask court IT to restore the database from a backup made by this version"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "the file at {path} is not a CourtDesk terminal database (application id {found:#010x}); \
         move it away or point the terminal's configuration at another data folder"
    )]
    Foreign { path: PathBuf, found: u32 },
    #[error("the terminal database holds an invalid {what}; restore it from a backup")]
    Corrupt { what: &'static str },
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "the path {0} is not valid Unicode; keep the terminal's data folder on a path of plain characters"
    )]
    NotUtf8Path(PathBuf),
    #[error(
        "cannot read or create the terminal database's key at {path}: {source}; check the data \
         folder's permissions"
    )]
    Key {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the terminal database at {path} is encrypted and its key is missing or does not open it \
         (expected at {key}); restore the data folder's keys/ from the backup made with it, or move \
         the database away to start this terminal afresh"
    )]
    Locked { path: PathBuf, key: PathBuf },
    #[error("the terminal database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}
