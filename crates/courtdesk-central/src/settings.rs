//! How a server is configured.

use std::path::PathBuf;

use crate::identity::IdentitySettings;
pub use crate::rate::RateLimit;

/// The largest JSON body the server reads.
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// A certificate and its private key, both PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Where the server keeps its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The embedded store: one SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database shared by one or more servers.
    Postgres(PostgresUrl),
}

impl Database {
    /// A `postgres://` or `postgresql://` URL selects PostgreSQL; anything
    /// else is the path of a SQLite file (a `sqlite://` prefix is dropped).
    pub fn parse(text: &str) -> Database {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Database::Postgres(PostgresUrl(text.to_owned()))
        } else {
            let path = text.strip_prefix("sqlite://").unwrap_or(text);
            Database::Sqlite(PathBuf::from(path))
        }
    }
}

/// A PostgreSQL connection URL. It usually carries a password, so its
/// `Debug` and `Display` forms hide it; only the store reads the whole text.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    /// Any text; [`Database::parse`] is how a URL is usually recognized.
    pub fn new(text: impl Into<String>) -> PostgresUrl {
        PostgresUrl(text.into())
    }

    /// The URL with its password, for opening connections only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with its password (in the user part or the query) replaced
    /// by `***`, fit for logs and error messages.
    pub fn redacted(&self) -> String {
        let Ok(mut url) = url::Url::parse(&self.0) else {
            return "<an unparsable PostgreSQL URL>".to_owned();
        };
        if url.password().is_some() {
            // Only fails for URLs that cannot have a password at all.
            let _ = url.set_password(Some("***"));
        }
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "password" { "***".into() } else { v };
                (k.into_owned(), v.into_owned())
            })
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        url.to_string()
    }
}

impl std::fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PostgresUrl({})", self.redacted())
    }
}

impl std::fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Everything [`crate::launch`] and the administration need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Holds the generated certificate, the blobs, and the SQLite file
    /// unless another database is chosen.
    pub data_dir: PathBuf,
    /// The database; `central.sqlite3` in the data folder when unset.
    pub database: Option<Database>,
    /// A configured certificate; without one a self-signed certificate is
    /// generated on first start and kept in the data folder.
    pub tls: Option<TlsFiles>,
    pub rate_limit: RateLimit,
    /// Enrollment attempts per source address (the one unsigned endpoint):
    /// by default ten at once, then one every six seconds.
    pub enroll_rate_limit: RateLimit,
    pub body_limit: usize,
    /// How many ticket numbers one lease grants a kiosk.
    pub lease_block: u32,
    /// Parties, one-time codes and staff accounts.
    pub identity: IdentitySettings,
    /// The court's key, which countersigns delivery evidence;
    /// [`crate::COURT_KEY_FILE`] in the data folder when unset.
    pub court_key_file: Option<PathBuf>,
    /// How many documents, and how large, one delivery may hold.
    pub delivery_limits: crate::DeliveryLimits,
    /// Where the plain-HTTP operator listener (`/metrics`, `/healthz`,
    /// `/readyz`) is bound; none when unset. It has no authentication: keep
    /// it on loopback or a management network, never the hall's.
    pub metrics_listen: Option<std::net::SocketAddr>,
}

/// Numbers per lease: about an hour of a busy service at one kiosk, so an
/// offline kiosk keeps issuing for a while and a lost block leaves a small
/// gap.
pub const DEFAULT_LEASE_BLOCK: u32 = 50;

impl Settings {
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            database: None,
            tls: None,
            rate_limit: RateLimit::default(),
            enroll_rate_limit: crate::state::ENROLL_LIMIT,
            body_limit: DEFAULT_BODY_LIMIT,
            lease_block: DEFAULT_LEASE_BLOCK,
            identity: IdentitySettings::default(),
            court_key_file: None,
            delivery_limits: crate::DeliveryLimits::default(),
            metrics_listen: None,
        }
    }

    /// The court key's path.
    pub fn court_key_file(&self) -> PathBuf {
        self.court_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join(crate::COURT_KEY_FILE))
    }

    /// The chosen database, or the default SQLite file.
    pub fn database(&self) -> Database {
        self.database
            .clone()
            .unwrap_or_else(|| Database::Sqlite(self.data_dir.join("central.sqlite3")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_selects_postgres_and_anything_else_is_a_sqlite_path() {
        assert!(matches!(
            Database::parse("postgresql://u@h/db"),
            Database::Postgres(_)
        ));
        assert_eq!(
            Database::parse("sqlite:///var/lib/c.sqlite3"),
            Database::Sqlite("/var/lib/c.sqlite3".into())
        );
        assert_eq!(
            Database::parse("data/c.sqlite3"),
            Database::Sqlite("data/c.sqlite3".into())
        );
    }

    #[test]
    fn the_password_never_shows_in_debug_or_display() {
        let url = PostgresUrl("postgres://court:s3cret@db:5432/central?password=s3cret".into());
        for shown in [format!("{url:?}"), url.to_string()] {
            assert!(!shown.contains("s3cret"), "{shown}");
            assert!(shown.contains("court:***@db:5432/central"), "{shown}");
        }
    }
}
