//! How a server is configured.

use std::path::PathBuf;

pub use crate::rate::RateLimit;

/// The largest JSON body the server reads.
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// A certificate and its private key, both PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Everything [`crate::launch`] and the administration need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Holds the database and the generated certificate.
    pub data_dir: PathBuf,
    /// The SQLite file; `central.sqlite3` in the data folder when unset.
    pub database: Option<PathBuf>,
    /// A configured certificate; without one a self-signed certificate is
    /// generated on first start and kept in the data folder.
    pub tls: Option<TlsFiles>,
    pub rate_limit: RateLimit,
    pub body_limit: usize,
}

impl Settings {
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            database: None,
            tls: None,
            rate_limit: RateLimit::default(),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    pub fn database_path(&self) -> PathBuf {
        self.database
            .clone()
            .unwrap_or_else(|| self.data_dir.join("central.sqlite3"))
    }
}
