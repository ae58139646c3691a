//! What a report reads from the store: the synced records of a court (or
//! one of its sites) of some kinds, within a span of the terminals' own
//! time, and the clerks' sessions at the desks of the same scope.
//!
//! Both are read in one transaction, so the sessions that name the clerk of
//! a call describe the same moment as the calls themselves.

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;

/// Which records a report reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordQuery {
    pub court_id: String,
    /// `None` for every site of the court.
    pub site_id: Option<String>,
    /// Record kinds, e.g. `queue.event`; records of other kinds are left.
    pub kinds: Vec<String>,
    /// The span of the records' hybrid-clock wall time (the terminal's stamp,
    /// not the time the server received them): `from_ms` included,
    /// `until_ms` excluded. A record that arrived late is found by when it
    /// happened.
    pub from_ms: u64,
    pub until_ms: u64,
}

/// A synced record as a report reads it; the body is the stored canonical
/// JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedRecord {
    pub site_id: String,
    pub origin: TerminalId,
    pub kind: String,
    pub hlc: Hlc,
    pub body: String,
    pub received_ms: u64,
}

/// A clerk's session at a desk of the scope, without its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskSession {
    pub username: String,
    pub terminal_id: TerminalId,
    pub opened_ms: u64,
    pub last_used_ms: u64,
    pub ended_ms: Option<u64>,
}

/// The records a [`RecordQuery`] matched, in server order, and the desk
/// sessions of its scope opened before its end and not ended before its
/// start, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSource {
    pub records: Vec<SyncedRecord>,
    pub sessions: Vec<DeskSession>,
}

pub(crate) fn terminal_id(text: &str) -> Result<TerminalId, super::StoreError> {
    text.parse()
        .map_err(|_| super::StoreError::Corrupt(format!("terminal id {text:?}")))
}
