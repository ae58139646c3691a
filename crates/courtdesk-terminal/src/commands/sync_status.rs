//! `sync_status` and `sync_now`: how the terminal's link to the central
//! server stands, and a request to sync at once.

use courtdesk_sync::SyncStatus;
use serde::Serialize;
use ts_rs::TS;

use crate::{ApiError, ErrorCode, Terminal};

/// Sync as the staff screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncView {
    /// Whether the terminal is enrolled with a central server at all.
    pub enrolled: bool,
    /// Whether the last exchange with the server succeeded.
    pub online: bool,
    /// Whether an exchange is running now.
    pub draining: bool,
    /// Records recorded here and not yet confirmed by the server.
    #[ts(type = "number")]
    pub backlog: u64,
    /// When the last exchange succeeded, Unix milliseconds.
    #[ts(type = "number | null")]
    pub last_success_ms: Option<i64>,
    /// The code of the last failure (e.g. `network`), cleared by a success.
    pub last_error_code: Option<String>,
    /// Documents waiting to be uploaded and verified by the server.
    #[ts(type = "number")]
    pub blobs_pending: u64,
    /// The document upload in flight, if any.
    pub upload: Option<UploadView>,
}

/// How far the document being uploaded has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct UploadView {
    #[ts(type = "number")]
    pub sent_bytes: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
    /// Documents left, this one included.
    #[ts(type = "number")]
    pub files_left: u64,
}

impl Terminal {
    /// The backlog and last outcome come from the store, which capabilities
    /// write to between passes; whether the link is up and busy comes from
    /// the running drain, if any.
    pub fn sync_status(&self) -> Result<SyncView, ApiError> {
        let stored = SyncStatus::read(self.store()).map_err(|error| {
            tracing::error!(%error, "cannot read the sync status");
            ApiError::new(ErrorCode::Storage, "cannot read the sync status")
        })?;
        let (enrolled, online, draining, upload) = match self.sync_link() {
            Some(link) => {
                let live = link.status();
                let upload = live.upload.map(|u| UploadView {
                    sent_bytes: u.sent_bytes,
                    total_bytes: u.total_bytes,
                    files_left: u.files_left,
                });
                (true, live.online, live.draining, upload)
            }
            None => (self.store().enrollment()?.is_some(), false, false, None),
        };
        Ok(SyncView {
            enrolled,
            online,
            draining,
            backlog: stored.backlog,
            last_success_ms: stored.last_success_ms,
            last_error_code: stored.last_error_code,
            blobs_pending: stored.blobs_pending,
            upload,
        })
    }

    /// Wakes the drain for a pass now; answers with the status as it stands.
    pub fn sync_now(&self) -> Result<SyncView, ApiError> {
        if let Some(link) = self.sync_link() {
            link.sync_now();
        }
        self.sync_status()
    }
}
