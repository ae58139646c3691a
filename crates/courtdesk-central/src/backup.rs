//! Backup and restore of a server on the embedded SQLite store: one plain
//! tar file holding the database, the keys and the blobs, and its restore
//! into a fresh data folder.
//!
//! - The database is copied with SQLite's online backup API in a single
//!   step, inside one read transaction: a consistent snapshot while the
//!   server goes on writing (WAL readers never block the writer).
//! - **The database is copied before the blobs**, and a blob is stored
//!   before any row names it, so every blob the snapshot names is in the
//!   backup (later ones may be too, harmlessly). Unfinished uploads are
//!   left out: terminals start them again.
//! - The keys go with it: the identity key (without it no ID or phone
//!   number in the database can be read), the court key (it signs
//!   evidence) and the generated certificate (terminals pin it). A
//!   certificate configured from elsewhere is the administrator's to keep.
//! - `manifest.json`, the last entry, lists every file with its size and
//!   SHA-256; a restore checks each one, and a blob's hash against its name,
//!   before anything reaches the destination.
//! - Neither side changes anything on failure: the backup is written to a
//!   temporary file beside `--out` and renamed at the end (never over an
//!   existing file); the restore is staged in a temporary folder beside the
//!   destination, which must be absent or empty, and moved in at the end.
//!
//! PostgreSQL is backed up with `pg_dump` and the same key files (README).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::settings::{Database, Settings};

/// What a backup's manifest says it is.
const FORMAT: &str = "courtdesk-central-backup";
const VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
/// The database's name in a backup and in a restored data folder.
pub const DATABASE_FILE: &str = "central.sqlite3";
const BLOBS: &str = "blobs";

/// Why a backup or a restore was refused. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "the database is PostgreSQL: back it up with pg_dump and keep the key files with it (see README.md)"
    )]
    Postgres,
    #[error("there is no database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} already exists; a backup never replaces a file")]
    Exists(PathBuf),
    #[error("cannot write the backup {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("copying the database failed")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database stayed busy; try again")]
    Busy,
    #[error("{0} is not empty: a restore goes into a new or empty folder only")]
    NotEmpty(PathBuf),
    #[error("{path} is not a CourtDesk central backup: {reason}")]
    NotABackup { path: PathBuf, reason: String },
    #[error("cannot restore into {path}")]
    Restore {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// One file in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    size: u64,
    sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    /// By name in the archive.
    files: BTreeMap<String, Entry>,
}

/// What a backup or a restore held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The files other than blobs, by name.
    pub files: Vec<String>,
    pub blobs: usize,
    pub bytes: u64,
}

/// Writes a backup of the server configured by `settings` to `out`, which
/// must not exist. Safe while the server runs.
pub fn backup(settings: &Settings, out: &Path) -> Result<BackupSummary, BackupError> {
    let Database::Sqlite(database) = settings.database() else {
        return Err(BackupError::Postgres);
    };
    match fs::metadata(&database) {
        Ok(found) if found.is_file() => {}
        Ok(_) => return Err(BackupError::NoDatabase(database)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(BackupError::NoDatabase(database));
        }
        // Most often a data folder only the server's user may read.
        Err(source) => {
            return Err(BackupError::Read {
                path: database,
                source,
            });
        }
    }
    if out.exists() {
        return Err(BackupError::Exists(out.to_owned()));
    }
    let write_error = |source| BackupError::Write {
        path: out.to_owned(),
        source,
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let staged = tempfile::Builder::new()
        .prefix(".courtdesk-backup-")
        .tempfile_in(parent)
        .map_err(write_error)?;
    let snapshot = tempfile::Builder::new()
        .prefix(".courtdesk-backup-db-")
        .tempfile_in(parent)
        .map_err(write_error)?;
    snapshot_database(&database, snapshot.path())?;

    let file = staged.as_file().try_clone().map_err(write_error)?;
    let mut archive = Archive {
        tar: tar::Builder::new(BufWriter::new(file)),
        files: BTreeMap::new(),
    };
    archive.add(DATABASE_FILE, snapshot.path())?;
    let data = &settings.data_dir;
    let (cert, key) = crate::tls::generated_paths(data);
    for (name, path) in [
        (
            crate::IDENTITY_KEY_FILE,
            settings.identity.key_file_in(data),
        ),
        (crate::COURT_KEY_FILE, settings.court_key_file()),
        ("central-cert.pem", cert),
        ("central-key.pem", key),
    ] {
        if path.is_file() {
            archive.add(name, &path)?;
        }
    }
    let blobs = data.join(BLOBS);
    if blobs.is_dir() {
        let listing = fs::read_dir(&blobs).map_err(|source| BackupError::Read {
            path: blobs.clone(),
            source,
        })?;
        let mut names = Vec::new();
        for item in listing {
            let item = item.map_err(|source| BackupError::Read {
                path: blobs.clone(),
                source,
            })?;
            let name = item.file_name().to_string_lossy().into_owned();
            // Complete blobs only: `partial/` holds unfinished uploads.
            if is_blob_name(&name) && item.path().is_file() {
                names.push(name);
            }
        }
        names.sort();
        for name in names {
            archive.add(&format!("{BLOBS}/{name}"), &blobs.join(&name))?;
        }
    }
    let summary = summarize(&archive.files);
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        files: archive.files,
    };
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| write_error(e.into()))?;
    let mut header = file_header(text.len() as u64);
    let mut tar = archive.tar;
    tar.append_data(&mut header, MANIFEST, text.as_slice())
        .map_err(write_error)?;
    let mut writer = tar.into_inner().map_err(write_error)?;
    writer.flush().map_err(write_error)?;
    drop(writer);
    staged.as_file().sync_all().map_err(write_error)?;
    staged
        .persist_noclobber(out)
        .map_err(|e| match e.error.kind() {
            io::ErrorKind::AlreadyExists => BackupError::Exists(out.to_owned()),
            _ => write_error(e.error),
        })?;
    Ok(summary)
}

/// Copies the live database to `to` in one backup step: one read
/// transaction, so one consistent state, however busy the server is.
fn snapshot_database(from: &Path, to: &Path) -> Result<(), BackupError> {
    let source = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(Duration::from_secs(5))?;
    let mut target = Connection::open(to)?;
    {
        let copy = rusqlite::backup::Backup::new(&source, &mut target)?;
        let mut tries = 0;
        loop {
            match copy.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                _ if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => return Err(BackupError::Busy),
            }
        }
    }
    // A single file, not a WAL pair, is what goes into the archive.
    target.pragma_update(None, "journal_mode", "DELETE")?;
    target.close().map_err(|(_, e)| e)?;
    Ok(())
}

struct Archive {
    tar: tar::Builder<BufWriter<File>>,
    files: BTreeMap<String, Entry>,
}

impl Archive {
    /// Appends the file at `path` as `name`, hashing it on the way.
    fn add(&mut self, name: &str, path: &Path) -> Result<(), BackupError> {
        let read_error = |source| BackupError::Read {
            path: path.to_owned(),
            source,
        };
        let file = File::open(path).map_err(read_error)?;
        let size = file.metadata().map_err(read_error)?.len();
        let mut header = file_header(size);
        let mut reader = Hashing::new(file.take(size));
        self.tar
            .append_data(&mut header, name, &mut reader)
            .map_err(read_error)?;
        self.files.insert(
            name.to_owned(),
            Entry {
                size,
                sha256: reader.hex(),
            },
        );
        Ok(())
    }
}

fn file_header(size: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_entry_type(tar::EntryType::Regular);
    header
}

fn summarize(files: &BTreeMap<String, Entry>) -> BackupSummary {
    BackupSummary {
        files: files
            .keys()
            .filter(|n| !n.starts_with("blobs/"))
            .cloned()
            .collect(),
        blobs: files.keys().filter(|n| n.starts_with("blobs/")).count(),
        bytes: files.values().map(|e| e.size).sum(),
    }
}

fn is_blob_name(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `name` may be written into a data folder: the known files and
/// blobs only, so an archive cannot place anything elsewhere.
fn allowed(name: &str) -> bool {
    match name.strip_prefix("blobs/") {
        Some(blob) => is_blob_name(blob),
        None => [
            DATABASE_FILE,
            crate::IDENTITY_KEY_FILE,
            crate::COURT_KEY_FILE,
            "central-cert.pem",
            "central-key.pem",
        ]
        .contains(&name),
    }
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Hashing<R> {
    fn new(inner: R) -> Hashing<R> {
        Hashing {
            inner,
            hasher: Sha256::new(),
        }
    }

    fn hex(self) -> String {
        self.hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Restores the backup at `from` into `data_dir`, which must be absent or
/// an empty folder. Every file is checked before any reaches `data_dir`.
pub fn restore(from: &Path, data_dir: &Path) -> Result<BackupSummary, BackupError> {
    let restore_error = |source| BackupError::Restore {
        path: data_dir.to_owned(),
        source,
    };
    let existed = match fs::read_dir(data_dir) {
        Ok(mut listing) => {
            if listing.next().is_some() {
                return Err(BackupError::NotEmpty(data_dir.to_owned()));
            }
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(source) => return Err(restore_error(source)),
    };
    let archive = File::open(from).map_err(|source| BackupError::Read {
        path: from.to_owned(),
        source,
    })?;
    let parent = match data_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let staging = tempfile::Builder::new()
        .prefix(".courtdesk-restore-")
        .tempdir_in(parent)
        .map_err(restore_error)?;
    let (files, manifest) = unpack(from, archive, staging.path())?;
    let not_a_backup = |reason: String| BackupError::NotABackup {
        path: from.to_owned(),
        reason,
    };
    let manifest: Manifest =
        serde_json::from_slice(&manifest.ok_or_else(|| not_a_backup("it has no manifest".into()))?)
            .map_err(|e| not_a_backup(format!("its manifest is unreadable: {e}")))?;
    if manifest.format != FORMAT || manifest.version != VERSION {
        return Err(not_a_backup(format!(
            "it is {} version {}, this server reads {FORMAT} version {VERSION}",
            manifest.format, manifest.version
        )));
    }
    if files != manifest.files {
        return Err(not_a_backup(
            "its files do not match its manifest: it is damaged or was altered".into(),
        ));
    }
    if let Some((name, _)) = files.iter().find(|(name, entry)| {
        name.strip_prefix("blobs/")
            .is_some_and(|blob| blob != entry.sha256)
    }) {
        return Err(not_a_backup(format!(
            "the blob {name} does not hash to its name"
        )));
    }
    if !files.contains_key(DATABASE_FILE) {
        return Err(not_a_backup("it holds no database".into()));
    }
    let check: String = Connection::open_with_flags(
        staging.path().join(DATABASE_FILE),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?
    .query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if check != "ok" {
        return Err(not_a_backup(format!("its database is damaged: {check}")));
    }
    let staged = staging.keep();
    let moved = if existed {
        move_children(&staged, data_dir)
    } else {
        fs::rename(&staged, data_dir)
    };
    if let Err(source) = moved {
        let _ = fs::remove_dir_all(&staged);
        return Err(restore_error(source));
    }
    // Folders made by the restore; the server creates the same ones 0700.
    set_private(data_dir).map_err(restore_error)?;
    Ok(summarize(&files))
}

/// Writes each allowed entry of the archive into `staging`, hashing it;
/// returns what was written and the manifest's bytes.
#[allow(clippy::type_complexity)]
fn unpack(
    from: &Path,
    archive: File,
    staging: &Path,
) -> Result<(BTreeMap<String, Entry>, Option<Vec<u8>>), BackupError> {
    let not_a_backup = |reason: String| BackupError::NotABackup {
        path: from.to_owned(),
        reason,
    };
    let read_error = |source| BackupError::Read {
        path: from.to_owned(),
        source,
    };
    let mut tar = tar::Archive::new(archive);
    let mut files = BTreeMap::new();
    let mut manifest = None;
    for entry in tar.entries().map_err(read_error)? {
        let mut entry = entry.map_err(|e| not_a_backup(format!("unreadable archive: {e}")))?;
        let name = entry
            .path()
            .map_err(read_error)?
            .to_string_lossy()
            .into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(not_a_backup(format!("{name} is not a plain file")));
        }
        if name == MANIFEST {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).map_err(read_error)?;
            manifest = Some(bytes);
            continue;
        }
        if !allowed(&name) || files.contains_key(&name) {
            return Err(not_a_backup(format!("it holds an unexpected file {name}")));
        }
        let target = staging.join(&name);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder).map_err(|source| BackupError::Restore {
                path: folder.to_owned(),
                source,
            })?;
        }
        let mut out = private_file(&target).map_err(|source| BackupError::Restore {
            path: target.clone(),
            source,
        })?;
        let mut reader = Hashing::new(&mut entry);
        let size = io::copy(&mut reader, &mut out).map_err(read_error)?;
        out.sync_all().map_err(|source| BackupError::Restore {
            path: target.clone(),
            source,
        })?;
        files.insert(
            name,
            Entry {
                size,
                sha256: reader.hex(),
            },
        );
    }
    Ok((files, manifest))
}

fn move_children(from: &Path, to: &Path) -> io::Result<()> {
    for item in fs::read_dir(from)? {
        let item = item?;
        fs::rename(item.path(), to.join(item.file_name()))?;
    }
    fs::remove_dir(from)
}

#[cfg(unix)]
fn private_file(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn set_private(folder: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(folder, fs::Permissions::from_mode(0o700))?;
    let blobs = folder.join(BLOBS);
    if blobs.is_dir() {
        fs::set_permissions(blobs, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_private(_folder: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_files_and_blobs_may_be_restored() {
        let blob = "a".repeat(64);
        assert!(allowed(DATABASE_FILE));
        assert!(allowed(&format!("blobs/{blob}")));
        for name in [
            "../etc/passwd",
            "/etc/passwd",
            "blobs/../central.sqlite3",
            "blobs/partial/x",
            &format!("blobs/{}", "A".repeat(64)),
            "notes.txt",
        ] {
            assert!(!allowed(name), "{name} must be refused");
        }
    }
}
