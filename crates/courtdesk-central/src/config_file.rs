//! The server's configuration file (`/etc/courtdesk/central.toml` when
//! packaged): every setting of `courtdesk-central serve` and its global
//! options, one key each, named like the long option with `_` for `-`.
//!
//! The file is read whole and checked before anything else happens: an
//! unknown key, a wrong type or a malformed address stops the command with
//! the file and the key named, so a typo cannot leave a setting silently at
//! its default. The command line (and its environment variables) wins over
//! the file; the file wins over the built-in defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The keys of the file, each optional.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// `--database-url`: a `postgres://` URL or a SQLite file path. The
    /// file holding a password should be readable by the server only.
    pub database_url: Option<String>,
    /// `--identity-key`.
    pub identity_key: Option<PathBuf>,
    /// `serve --listen`.
    pub listen: Option<SocketAddr>,
    /// `serve --cert`, with `key`.
    pub cert: Option<PathBuf>,
    /// `serve --key`, with `cert`.
    pub key: Option<PathBuf>,
    /// `serve --sms-file`.
    pub sms_file: Option<PathBuf>,
    /// `serve --court-name`.
    pub court_name: Option<String>,
    /// `serve --metrics-listen`.
    pub metrics_listen: Option<SocketAddr>,
}

/// Why the configuration file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    #[error("cannot read the configuration file {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The source's message names the key, its line and column.
    #[error("the configuration file {path} is not valid")]
    Invalid {
        path: PathBuf,
        #[source]
        source: toml::de::Error,
    },
    #[error(
        "the configuration file {path} sets `{given}` without `{missing}`: a certificate needs its key and a key its certificate"
    )]
    Unpaired {
        path: PathBuf,
        given: &'static str,
        missing: &'static str,
    },
}

impl ConfigFile {
    /// Reads and checks the file at `path`.
    pub fn load(path: &Path) -> Result<ConfigFile, ConfigFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigFileError::Read {
            path: path.to_owned(),
            source,
        })?;
        ConfigFile::parse(&text, path)
    }

    /// Checks `text` as the contents of the file at `path`.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigFileError> {
        let file: ConfigFile = toml::from_str(text).map_err(|source| ConfigFileError::Invalid {
            path: path.to_owned(),
            source,
        })?;
        let unpaired = |given, missing| ConfigFileError::Unpaired {
            path: path.to_owned(),
            given,
            missing,
        };
        match (&file.cert, &file.key) {
            (Some(_), None) => Err(unpaired("cert", "key")),
            (None, Some(_)) => Err(unpaired("key", "cert")),
            _ => Ok(file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, ConfigFileError> {
        ConfigFile::parse(text, Path::new("/etc/courtdesk/central.toml"))
    }

    /// The error with its causes, as the binary prints it.
    fn chain(error: &ConfigFileError) -> String {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        text
    }

    #[test]
    fn every_key_is_read() {
        let file = parse(
            r#"
            data_dir = "/var/lib/courtdesk"
            database_url = "postgres://courtdesk@db/central"
            identity_key = "/var/lib/courtdesk/central-identity.key"
            listen = "0.0.0.0:8443"
            cert = "/etc/courtdesk/tls.crt"
            key = "/etc/courtdesk/tls.key"
            sms_file = "/var/lib/courtdesk/sms.jsonl"
            court_name = "某市某区人民法院"
            metrics_listen = "127.0.0.1:9464"
            "#,
        )
        .expect("a valid file");
        assert_eq!(file.listen, Some("0.0.0.0:8443".parse().expect("address")));
        assert_eq!(
            file.metrics_listen,
            Some("127.0.0.1:9464".parse().expect("address"))
        );
        assert_eq!(file.court_name.as_deref(), Some("某市某区人民法院"));
        assert_eq!(file.data_dir, Some(PathBuf::from("/var/lib/courtdesk")));
    }

    #[test]
    fn an_unknown_key_is_refused_with_the_file_and_the_key_named() {
        let error = parse("data_dir = \"/srv\"\nlisten_adress = \"0.0.0.0:8443\"\n")
            .expect_err("a typo must not pass");
        let shown = chain(&error);
        assert!(shown.contains("/etc/courtdesk/central.toml"), "{shown}");
        assert!(shown.contains("listen_adress"), "{shown}");
    }

    #[test]
    fn a_wrong_value_or_a_lone_certificate_is_refused() {
        let shown = chain(&parse("listen = \"everywhere\"\n").expect_err("not an address"));
        assert!(shown.contains("listen"), "{shown}");
        let shown = chain(&parse("cert = \"/c.pem\"\n").expect_err("no key"));
        assert!(shown.contains("`cert` without `key`"), "{shown}");
        assert!(parse("").expect("an empty file is valid") == ConfigFile::default());
    }
}
