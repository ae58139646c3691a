//! The running terminal: its configuration, its store and its identity.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use courtdesk_core::TerminalId;
use courtdesk_store::{Store, StoreError, TerminalIdentity};

use crate::TerminalConfig;
use crate::sync::SyncLink;

/// The database file's name inside the data folder.
const DATABASE_FILE: &str = "terminal.sqlite3";

/// The terminal behind the window. The Tauri shell holds one in its state and
/// delegates every command to it.
#[derive(Debug)]
pub struct Terminal {
    config: TerminalConfig,
    store: Arc<Store>,
    identity: TerminalIdentity,
    sync: Option<SyncLink>,
}

/// The terminal could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Terminal {
    /// Opens the terminal's database in its data folder, makes sure the
    /// terminal has its permanent identity, and starts syncing with the
    /// central server if the terminal is enrolled.
    pub fn start(config: TerminalConfig) -> Result<Terminal, StartError> {
        let data_dir = config.data_dir();
        std::fs::create_dir_all(&data_dir).map_err(|source| StartError::DataDir {
            path: data_dir.clone(),
            source,
        })?;
        let store = Arc::new(Store::open(&data_dir.join(DATABASE_FILE))?);
        let candidate = TerminalId::from_bits(uuid::Uuid::new_v4().as_u128());
        let identity = store.ensure_identity(candidate, unix_millis(SystemTime::now()))?;
        tracing::info!(
            terminal_id = %identity.terminal_id,
            mode = %config.mode,
            "terminal started"
        );
        let sync = SyncLink::start(&store);
        Ok(Terminal {
            config,
            store,
            identity,
            sync,
        })
    }

    pub fn config(&self) -> &TerminalConfig {
        &self.config
    }

    pub fn id(&self) -> &TerminalId {
        &self.identity.terminal_id
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn sync_link(&self) -> Option<&SyncLink> {
        self.sync.as_ref()
    }
}

fn unix_millis(time: SystemTime) -> i64 {
    // A clock before 1970 is a broken clock; record it as the epoch rather
    // than refuse to start.
    time.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
