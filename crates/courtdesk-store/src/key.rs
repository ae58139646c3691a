//! The key the terminal database is encrypted with (SQLCipher), kept outside
//! the database.
//!
//! The key is 32 random bytes in `keys/<database name>.key` beside the
//! database: a folder readable only by the terminal's user (0700), the file
//! 0600, created with the database. Court terminals run under a plain
//! session without a desktop keyring, so the file is the default; a keyring
//! would replace this module only. Copying the database file alone (a
//! stolen disk image of the data folder without `keys/`, a backup, the WAL)
//! yields nothing readable.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::StoreError;

/// The folder beside the database holding its key.
const KEY_DIR: &str = "keys";

/// A database key. Its `Debug` never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct DatabaseKey([u8; 32]);

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(<redacted>)")
    }
}

/// Where the key of the database at `database` lives.
pub fn key_path(database: &Path) -> PathBuf {
    let name = database
        .file_name()
        .map_or_else(|| "terminal".into(), |n| n.to_string_lossy().into_owned());
    database
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(KEY_DIR)
        .join(format!("{name}.key"))
}

fn key_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Key {
        path: path.to_owned(),
        source,
    }
}

impl DatabaseKey {
    /// Reads the key of `database`; creates one when `create` is set and
    /// none exists yet.
    pub(crate) fn load(database: &Path, create: bool) -> Result<Option<DatabaseKey>, StoreError> {
        let path = key_path(database);
        match File::open(&path) {
            Ok(mut file) => {
                let mut bytes = [0u8; 32];
                file.read_exact(&mut bytes)
                    .map_err(|source| key_error(&path, source))?;
                Ok(Some(DatabaseKey(bytes)))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && create => {
                let key = DatabaseKey(random_bytes(&path)?);
                write_private(&path, &key.0)?;
                Ok(Some(key))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(key_error(&path, source)),
        }
    }

    /// The key this terminal's files are sealed with (`courtdesk-sealed`),
    /// derived from the database's: one secret to guard, and a file is
    /// readable exactly where its database is.
    pub(crate) fn seal_key(&self) -> courtdesk_sealed::SealKey {
        let derived =
            courtdesk_protocol::Digest::of_parts(&[b"courtdesk-store/file-seal/v1\n", &self.0]);
        courtdesk_sealed::SealKey::from_bytes(derived.0)
    }

    /// SQLCipher's literal for a raw key: `x'<64 hex digits>'`.
    pub(crate) fn attach_literal(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("x'{hex}'")
    }

    /// Unlocks `conn`: must come before anything else is read or written.
    ///
    /// SQLCipher now and then refuses a key while other threads key their
    /// own connections at the same moment (about one run in forty of the
    /// store's unit tests, eight threads, saw "PRAGMA key requires a key of
    /// one or more characters"); the same key on the same connection is
    /// taken a moment later, so a refusal is tried again a few times before
    /// it counts.
    pub(crate) fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        let pragma = format!(
            "PRAGMA key = \"{}\"; PRAGMA cipher_log_level = NONE;",
            self.attach_literal()
        );
        let mut attempt = 0;
        loop {
            match conn.execute_batch(&pragma) {
                Err(error) if attempt < KEY_ATTEMPTS && is_key_refusal(&error) => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(5 * u64::from(attempt)));
                }
                other => return other,
            }
        }
    }
}

/// How many times a refused key is tried again.
const KEY_ATTEMPTS: u32 = 4;

/// SQLCipher's refusal of `PRAGMA key` (as opposed to a wrong key, which
/// shows only when the first page is read).
fn is_key_refusal(error: &rusqlite::Error) -> bool {
    matches!(error, rusqlite::Error::SqliteFailure(_, Some(message)) if message.contains("PRAGMA key"))
}

/// 32 bytes from the operating system's random source.
fn random_bytes(path: &Path) -> Result<[u8; 32], StoreError> {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|error| key_error(path, std::io::Error::other(error)))?;
    Ok(bytes)
}

/// Writes `bytes` to a new file readable by this user only, in a folder
/// only this user may enter.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(folder).map_err(|source| key_error(folder, source))?;
    private::restrict_folder(folder).map_err(|source| key_error(folder, source))?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    private::restrict_file(&mut options);
    let mut file = options
        .open(path)
        .map_err(|source| key_error(path, source))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|source| key_error(path, source))
}

/// Permissions, which differ per platform.
#[cfg(unix)]
mod private {
    use std::fs::OpenOptions;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    use std::path::Path;

    pub(super) fn restrict_folder(folder: &Path) -> std::io::Result<()> {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
    }

    pub(super) fn restrict_file(options: &mut OpenOptions) {
        options.mode(0o600);
    }
}

/// On Windows the data folder is under the user's profile, whose ACL
/// already keeps other users out.
#[cfg(not(unix))]
mod private {
    use std::fs::OpenOptions;
    use std::path::Path;

    pub(super) fn restrict_folder(_folder: &Path) -> std::io::Result<()> {
        Ok(())
    }

    pub(super) fn restrict_file(_options: &mut OpenOptions) {}
}

/// Opens the terminal database at `path` with its key, for tools and tests
/// that inspect it (`PRAGMA integrity_check`) outside a [`crate::Store`].
pub fn open_unlocked(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(|source| StoreError::Open {
        path: path.to_owned(),
        source,
    })?;
    if let Some(key) = DatabaseKey::load(path, false)? {
        key.apply(&conn)?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_private_and_never_printed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join("terminal.sqlite3");
        assert_eq!(DatabaseKey::load(&database, false).expect("read"), None);
        let made = DatabaseKey::load(&database, true)
            .expect("made")
            .expect("a key");
        let again = DatabaseKey::load(&database, true)
            .expect("read")
            .expect("a key");
        assert_eq!(made, again, "created once");
        assert_eq!(format!("{made:?}"), "DatabaseKey(<redacted>)");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = key_path(&database);
            let mode = fs::metadata(&path).expect("file").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "readable by this user only");
            let folder = fs::metadata(path.parent().expect("folder")).expect("folder");
            assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        }
    }
}
