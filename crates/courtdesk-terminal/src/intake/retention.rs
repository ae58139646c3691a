//! How long submitted files stay on the terminal.
//!
//! A file under `<data>/intake/files/<sha256>` goes only once the court
//! server holds it (the kiosk queued it and the server verified its hash, or
//! it came from the server, as a desk's copy does), and then only when every
//! kept submission naming it was filed at least `retention_days` ago. A file
//! no submission names (a filing that crashed before its record) goes once
//! the server is owed nothing for it. Refused or pending uploads keep their
//! files whatever their age.

use std::collections::HashMap;
use std::path::Path;

use courtdesk_protocol::Digest;
use courtdesk_store::{Store, StoreError};

use crate::intake::book::Book;
use crate::intake::submit::files_dir;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Why a sweep stopped; what it removed before stays removed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SweepError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot clear kept intake files: {0}; check the data folder's permissions")]
    Io(#[from] std::io::Error),
}

/// What a sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Swept {
    pub(crate) removed: usize,
    pub(crate) kept: usize,
}

/// Deletes from `dir` the files whose time is up at `now_ms`.
pub(crate) fn sweep(
    store: &Store,
    dir: &Path,
    retention_days: u32,
    now_ms: u64,
) -> Result<Swept, SweepError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Swept::default()),
        Err(error) => return Err(error.into()),
    };
    let book = Book::read(store)?;
    let mut newest: HashMap<&str, u64> = HashMap::new();
    for kept in book.all() {
        for item in &kept.body.items {
            let at = newest.entry(item.sha256.as_str()).or_default();
            *at = (*at).max(kept.body.submitted_at_ms);
        }
    }
    let retention_ms = u64::from(retention_days) * DAY_MS;
    let mut swept = Swept::default();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        // Only files named by a hash: a filing's temporary files are its own.
        let Some(digest) = name.to_str().and_then(|n| n.parse::<Digest>().ok()) else {
            continue;
        };
        let hex = digest.to_hex();
        let due = newest
            .get(hex.as_str())
            .is_none_or(|&at| now_ms.saturating_sub(at) >= retention_ms);
        if due && store.blob_not_owed(&digest)? {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => swept.removed += 1,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(error.into()),
            }
        } else {
            swept.kept += 1;
        }
    }
    Ok(swept)
}

/// Sweeps `<data>/intake/files` now, logging what it did; a failed sweep is
/// logged and tried again at the next start or filing.
pub(crate) fn sweep_logged(store: &Store, data_dir: &Path, retention_days: u32) {
    match sweep(
        store,
        &files_dir(data_dir),
        retention_days,
        crate::terminal::now_ms(),
    ) {
        Ok(Swept { removed: 0, .. }) => {}
        Ok(swept) => tracing::info!(
            removed = swept.removed,
            kept = swept.kept,
            retention_days,
            "kept intake files past their retention removed"
        ),
        Err(error) => tracing::warn!(%error, "kept intake files could not be swept"),
    }
}

/// Seals in place the kept files an earlier version left plain, so every
/// litigant's file on the terminal is encrypted at rest; returns how many.
pub(crate) fn seal_plain_files(store: &Store, data_dir: &Path) -> std::io::Result<usize> {
    let dir = files_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(error),
    };
    let seal = store.seal_key();
    let mut sealed = 0;
    for entry in entries {
        let entry = entry?;
        let is_kept = entry.file_type()?.is_file()
            && entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.parse::<Digest>().is_ok());
        if is_kept && courtdesk_sealed::seal_in_place(&seal, &entry.path())? {
            sealed += 1;
        }
    }
    Ok(sealed)
}

/// [`seal_plain_files`], logging what it did; a failure is tried again at
/// the next start.
pub(crate) fn seal_plain_files_logged(store: &Store, data_dir: &Path) {
    match seal_plain_files(store, data_dir) {
        Ok(0) => {}
        Ok(sealed) => tracing::info!(sealed, "kept intake files of an earlier version sealed"),
        Err(error) => tracing::warn!(%error, "kept intake files could not be sealed"),
    }
}

#[cfg(test)]
mod tests {
    use courtdesk_protocol::Digest;
    use courtdesk_store::Store;

    use super::seal_plain_files;
    use crate::intake::submit::files_dir;

    #[test]
    fn plain_files_of_an_earlier_version_are_sealed_once_and_strays_are_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        let kept = files_dir(dir.path());
        std::fs::create_dir_all(&kept).expect("folder");
        let plain = b"%PDF-1.7 an earlier version's file".to_vec();
        let name = Digest::of(&plain).to_hex();
        std::fs::write(kept.join(&name), &plain).expect("written");
        std::fs::write(kept.join("README"), b"not ours").expect("written");

        assert_eq!(seal_plain_files(&store, dir.path()).expect("sealed"), 1);
        let raw = std::fs::read(kept.join(&name)).expect("still there");
        assert!(raw.starts_with(courtdesk_sealed::MAGIC));
        assert_eq!(
            courtdesk_sealed::read_sealed(&store.seal_key(), &kept.join(&name)).expect("opens"),
            plain
        );
        assert_eq!(
            std::fs::read(kept.join("README")).expect("left"),
            b"not ours"
        );
        assert_eq!(seal_plain_files(&store, dir.path()).expect("again"), 0);
    }
}
