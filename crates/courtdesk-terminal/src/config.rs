//! Where the terminal's configuration file is, and what it says.
//!
//! The file is found in this order: the `--config` flag, the
//! `COURTDESK_CONFIG` environment variable, then `courtdesk.toml` in the
//! platform data folder. Only the last is created when missing, so a typo in an
//! explicit path is reported instead of silently starting a default terminal.

use std::ffi::OsString;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use courtdesk_core::{Locale, Mode};
use serde::Deserialize;

/// The environment variable that names the configuration file.
pub const CONFIG_ENV: &str = "COURTDESK_CONFIG";
/// The configuration file's name in the platform data folder.
pub const DEFAULT_CONFIG_FILE: &str = "courtdesk.toml";

/// The configuration written on a terminal's first start.
const DEFAULT_CONFIG: &str = r#"# CourtDesk terminal configuration.
#
# mode: what this terminal is for.
#   "kiosk"   - a walk-in touch-screen kiosk for litigants (fullscreen)
#   "staff"   - a service-window desktop for clerks (normal window)
#   "display" - the waiting-hall screen that shows and announces calls (fullscreen)
mode = "staff"

# language: the language every start (and, on a kiosk, every visit) begins in:
# "zh-CN" or "en".
language = "zh-CN"

# data_dir: where the terminal keeps its database and logs. Defaults to the
# folder holding this file.
# data_dir = "/var/lib/courtdesk"

# log_level: how much goes to the log files: "error", "warn", "info" or "debug".
log_level = "info"

# The hall's queue. Every terminal of a site must list the same services.
[queue]
site_name = "诉讼服务中心"
# The site's offset from UTC in minutes; numbering restarts at local midnight.
utc_offset_minutes = 480
# A desk: its window number, and the services it calls (all when empty).
window = 1
window_services = []
# A kiosk: the CUPS printer tickets print on; tickets are only shown on the
# screen without one.
# printer = "TicketPrinter"
# Days the hall is closed whatever the weekday.
closed_days = []
# A display: announce each call aloud in Chinese and English (espeak-ng).
speak = true

# Each service: id, ticket letter, names, expected minutes a ticket, and
# optionally hours = [["08:30", "12:00"], ["13:30", "17:30"]],
# weekdays_only = true, daily_quota = 200, locked = true.
[[queue.services]]
id = "filing"
prefix = "A"
name_zh = "立案登记"
name_en = "Case filing"
minutes = 10

[[queue.services]]
id = "enquiry"
prefix = "B"
name_zh = "诉讼咨询"
name_en = "Legal enquiries"
minutes = 6

[[queue.services]]
id = "materials"
prefix = "C"
name_zh = "材料收转"
name_en = "Submitting materials"
minutes = 5

[[queue.services]]
id = "enforcement"
prefix = "D"
name_zh = "执行事务"
name_en = "Enforcement matters"
minutes = 12

# Document intake at a kiosk (the intake receipt prints on the queue's
# printer).
[intake]
# The folder a litigant's USB stick is mounted at; no USB import without it.
# usb_root = "/media/courtdesk/usb"
# The SANE scanner to use (as `scanimage -L` names it); SANE's first without it.
# scanner_device = "genesys:libusb:001:004"
# A SANE configuration folder of the kiosk's own (SANE_CONFIG_DIR).
# scanner_config_dir = "/etc/sane.d"
scan_resolution_dpi = 300
# Days a submitted file stays on this terminal once the court server has
# verified it (0 to 3650; 0: as soon as it has).
retention_days = 30

# A kiosk's locker for paper materials; without this table the kiosk offers
# no locker. The simulated controller is the only driver so far: its doors
# and sensors are a JSON file (relative to this file's folder).
# [locker]
# driver = "simulated"
# simulator_state = "locker.json"
"#;

/// How the configuration file was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    CommandLine,
    Environment,
    Default,
}

impl fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConfigSource::CommandLine => "the --config flag",
            ConfigSource::Environment => "the COURTDESK_CONFIG environment variable",
            ConfigSource::Default => "the default location",
        })
    }
}

/// The configuration file to use and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigLocation {
    pub path: PathBuf,
    pub source: ConfigSource,
}

/// How much goes to the log files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }
}

/// A terminal's configuration, as read from its file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerminalConfig {
    pub mode: Mode,
    #[serde(default)]
    pub language: Locale,
    #[serde(default)]
    data_dir: Option<PathBuf>,
    #[serde(default)]
    pub log_level: LogLevel,
    /// The hall's queue: services, hours, this desk's window, this kiosk's
    /// printer.
    #[serde(default)]
    pub queue: crate::queue::QueueSettings,
    /// Kiosk idle wipe, desk sign-out, the card reader.
    #[serde(default)]
    pub identity: crate::identity::IdentitySettings,
    /// The kiosk's USB folder and scanner.
    #[serde(default)]
    pub intake: crate::intake::IntakeSettings,
    /// A kiosk's locker for paper materials; none without the table.
    #[serde(default)]
    pub locker: Option<crate::intake::locker::LockerSettings>,
    /// The folder the file was read from; relative paths are resolved against it.
    #[serde(skip)]
    config_dir: PathBuf,
}

/// A configuration that cannot be used. Each message names the file and says
/// how to put it right.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "no platform data folder could be determined for the default configuration; \
         pass --config <file> or set COURTDESK_CONFIG"
    )]
    NoDefaultLocation,
    #[error(
        "the configuration file {path} named by {source_of_path} does not exist; \
         create it (see README.md for an example) or correct the path"
    )]
    NotFound {
        path: PathBuf,
        source_of_path: ConfigSource,
    },
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot create the default configuration file {path}: {source}")]
    CreateDefault {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the configuration file {path} is not valid; correct it and start again: {source}")]
    Invalid {
        path: PathBuf,
        #[source]
        source: Box<toml::de::Error>,
    },
}

/// The platform's data folder for CourtDesk, e.g. `~/.local/share/courtdesk`
/// on Linux and `%APPDATA%\CourtDesk\CourtDesk\data` on Windows.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("cn", "CourtDesk", "CourtDesk")
        .map(|dirs| dirs.data_dir().to_owned())
}

impl ConfigLocation {
    /// Chooses the configuration file: the flag, then the environment, then
    /// the default folder.
    pub fn resolve(
        flag: Option<PathBuf>,
        env: Option<OsString>,
        default_dir: Option<PathBuf>,
    ) -> Result<ConfigLocation, ConfigError> {
        if let Some(path) = flag {
            return Ok(ConfigLocation {
                path,
                source: ConfigSource::CommandLine,
            });
        }
        if let Some(path) = env.filter(|value| !value.is_empty()) {
            return Ok(ConfigLocation {
                path: PathBuf::from(path),
                source: ConfigSource::Environment,
            });
        }
        let dir = default_dir.ok_or(ConfigError::NoDefaultLocation)?;
        Ok(ConfigLocation {
            path: dir.join(DEFAULT_CONFIG_FILE),
            source: ConfigSource::Default,
        })
    }
}

impl TerminalConfig {
    /// Reads the configuration. A missing file at the default location is
    /// created with a commented default (a staff desk); a missing file named
    /// explicitly is an error.
    pub fn load(location: &ConfigLocation) -> Result<TerminalConfig, ConfigError> {
        let path = &location.path;
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if location.source != ConfigSource::Default {
                    return Err(ConfigError::NotFound {
                        path: path.clone(),
                        source_of_path: location.source,
                    });
                }
                write_default(path)?;
                DEFAULT_CONFIG.to_owned()
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.clone(),
                    source,
                });
            }
        };
        let config_dir = path
            .parent()
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("."));
        Self::parse(&text, config_dir).map_err(|source| ConfigError::Invalid {
            path: path.clone(),
            source: Box::new(source),
        })
    }

    fn parse(text: &str, config_dir: PathBuf) -> Result<TerminalConfig, toml::de::Error> {
        let mut config: TerminalConfig = toml::from_str(text)?;
        config.config_dir = config_dir;
        Ok(config)
    }

    /// Where the database and logs live: `data_dir` from the file (relative to
    /// the file's folder), or the file's own folder.
    pub fn data_dir(&self) -> PathBuf {
        match &self.data_dir {
            Some(dir) => self.config_dir.join(dir),
            None => self.config_dir.clone(),
        }
    }

    /// A path from the file, relative to the file's folder.
    pub fn resolve_path(&self, path: &Path) -> PathBuf {
        self.config_dir.join(path)
    }
}

fn write_default(path: &Path) -> Result<(), ConfigError> {
    let fail = |source| ConfigError::CreateDefault {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    // `create_new` keeps a file another process wrote meanwhile.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => io::Write::write_all(&mut file, DEFAULT_CONFIG.as_bytes()).map_err(fail),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(fail(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(path: PathBuf, source: ConfigSource) -> ConfigLocation {
        ConfigLocation { path, source }
    }

    #[test]
    fn the_flag_wins_over_the_environment_which_wins_over_the_default() {
        let flag = Some(PathBuf::from("/a.toml"));
        let env = Some(OsString::from("/b.toml"));
        let default = Some(PathBuf::from("/data"));

        let chosen = ConfigLocation::resolve(flag, env.clone(), default.clone()).expect("flag");
        assert_eq!(
            chosen,
            location("/a.toml".into(), ConfigSource::CommandLine)
        );
        let chosen = ConfigLocation::resolve(None, env, default.clone()).expect("env");
        assert_eq!(
            chosen,
            location("/b.toml".into(), ConfigSource::Environment)
        );
        let chosen =
            ConfigLocation::resolve(None, Some(OsString::new()), default).expect("default");
        assert_eq!(
            chosen,
            location("/data/courtdesk.toml".into(), ConfigSource::Default),
            "an empty variable counts as unset"
        );
    }

    #[test]
    fn without_any_location_the_operator_is_told_how_to_give_one() {
        let error = ConfigLocation::resolve(None, None, None).expect_err("nowhere to look");
        assert!(error.to_string().contains("--config"), "{error}");
    }

    #[test]
    fn the_default_file_is_created_on_first_start_as_a_staff_desk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested").join(DEFAULT_CONFIG_FILE);
        let config =
            TerminalConfig::load(&location(path.clone(), ConfigSource::Default)).expect("created");
        assert_eq!(config.mode, Mode::Staff);
        assert_eq!(config.language, Locale::ZhCn);
        assert_eq!(config.data_dir(), dir.path().join("nested"));
        assert_eq!(
            std::fs::read_to_string(&path).expect("written"),
            DEFAULT_CONFIG
        );
    }

    #[test]
    fn an_explicit_file_that_does_not_exist_is_an_error_and_nothing_is_created() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kiosk.toml");
        let error = TerminalConfig::load(&location(path.clone(), ConfigSource::CommandLine))
            .expect_err("missing");
        assert!(matches!(error, ConfigError::NotFound { .. }), "{error:?}");
        assert!(error.to_string().contains("--config flag"), "{error}");
        assert!(!path.exists());
    }

    #[test]
    fn a_relative_data_dir_is_resolved_against_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("display.toml");
        std::fs::write(
            &path,
            "mode = \"display\"\ndata_dir = \"state\"\nlanguage = \"en\"\n",
        )
        .expect("write");
        let config =
            TerminalConfig::load(&location(path, ConfigSource::Environment)).expect("valid");
        assert_eq!(config.mode, Mode::Display);
        assert_eq!(config.language, Locale::En);
        assert_eq!(config.data_dir(), dir.path().join("state"));
    }

    #[test]
    fn mistakes_in_the_file_are_refused_with_the_file_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.toml");
        for (text, hint) in [
            ("mode = \"cashier\"", "cashier"),
            ("mode = \"kiosk\"\nlanguage = \"fr\"", "fr"),
            ("mode = \"kiosk\"\nmood = \"calm\"", "mood"),
            ("language = \"en\"", "mode"),
            ("mode = \"kiosk\"\nlog_level = \"loud\"", "loud"),
            ("mode = kiosk", "mode"),
        ] {
            std::fs::write(&path, text).expect("write");
            let error = TerminalConfig::load(&location(path.clone(), ConfigSource::CommandLine))
                .expect_err(text);
            let message = format!("{error}: {}", error_source(&error));
            assert!(message.contains("bad.toml"), "{message}");
            assert!(
                message.contains(hint),
                "{text:?} should mention {hint:?}: {message}"
            );
        }
    }

    fn error_source(error: &ConfigError) -> String {
        std::error::Error::source(error)
            .map(ToString::to_string)
            .unwrap_or_default()
    }
}
