//! The terminal's local store: one SQLite file in the terminal's data folder.
//!
//! Everything a terminal must not lose is written here first; the sync with the
//! central server reads from it. See `ARCHITECTURE.md` for the connection
//! strategy (one writer, a small pool of readers) and the migration rules.

mod connection;
mod error;
mod identity;
mod migrate;
mod preference;

pub use connection::Store;
pub use error::StoreError;
pub use identity::TerminalIdentity;
pub use migrate::{LATEST_VERSION, MIGRATIONS, Migration};
