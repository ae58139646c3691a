//! The sync status the UI shows: whether the server was reached, how much
//! waits to be sent, and the code of the last failure.

use serde::Serialize;

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
}
