//! The sync status the UI shows: whether the server was reached, how much
//! waits to be sent, and the code of the last failure.

use courtdesk_store::Store;
use serde::Serialize;

use crate::SyncError;

/// Where sync stands, published on a watch channel after every change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// Whether the last drain reached the server.
    pub online: bool,
    /// Whether a drain is running now.
    pub draining: bool,
    /// Records waiting in the outbox.
    pub backlog: u64,
    /// When a drain last completed, Unix milliseconds.
    pub last_success_ms: Option<i64>,
    /// The code of the last failure, cleared by the next success.
    pub last_error_code: Option<String>,
    /// Records delivered by the drain running now (or the last one).
    pub sent_this_drain: u64,
    /// Documents waiting to be uploaded (and verified by the server).
    pub blobs_pending: u64,
    /// The upload in flight, if any.
    pub upload: Option<UploadProgress>,
}

/// How far the document being uploaded has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UploadProgress {
    /// Bytes the server has acknowledged.
    pub sent_bytes: u64,
    pub total_bytes: u64,
    /// Documents left to upload, this one included.
    pub files_left: u64,
}

impl SyncStatus {
    /// The status as stored, for a terminal whose drain is not running (a
    /// tool, or the app before its first pass).
    pub fn read(store: &Store) -> Result<SyncStatus, SyncError> {
        let mut status = SyncStatus::default();
        status.refresh(store)?;
        status.online = status.last_success_ms.is_some() && status.last_error_code.is_none();
        Ok(status)
    }

    /// Takes the backlog and the last outcome from the store.
    pub(crate) fn refresh(&mut self, store: &Store) -> Result<(), SyncError> {
        let state = store.sync_state()?;
        self.backlog = store.outbox_len()?;
        self.blobs_pending = store.pending_blobs()?.len() as u64;
        self.last_success_ms = state.last_success_ms;
        self.last_error_code = state.last_error_code;
        Ok(())
    }
}
