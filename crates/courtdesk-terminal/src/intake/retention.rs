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
