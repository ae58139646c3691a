//! The terminal's local store: one SQLite file in the terminal's data folder.
//!
//! Everything a terminal must not lose is written here first; the sync with the
//! central server reads from it. See `ARCHITECTURE.md` for the connection
//! strategy (one writer, a small pool of readers) and the migration rules.

mod audit;
mod blobs;
mod cases;
mod connection;
mod deliveries;
mod delivery;
mod enrollment;
mod error;
mod identity;
mod intake;
mod key;
mod locker;
mod migrate;
mod outbox;
mod preference;
mod queue;
mod saved_drafts;
mod secret;
mod site_config;
mod staff;
mod sync_state;

pub use blobs::PendingBlob;
pub use connection::Store;
pub use deliveries::{EvidenceRow, NewEvidence};
pub use delivery::OutboxBatch;
pub use enrollment::Enrollment;
pub use error::StoreError;
pub use identity::TerminalIdentity;
pub use intake::{IntakeRecordRow, insert_intake_record};
pub use key::{key_path, open_unlocked};
pub use locker::{locker_state, put_locker_state};
pub use migrate::{LATEST_VERSION, MIGRATIONS, Migration};
pub use outbox::Recorder;
pub use queue::{StoredQueueEvent, insert_queue_event, put_queue_value, queue_value};
pub use saved_drafts::SavedDraft;
pub use secret::TerminalSecret;
pub use site_config::KeptSiteConfig;
pub use sync_state::SyncState;
