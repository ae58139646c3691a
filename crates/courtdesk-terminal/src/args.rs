//! The terminal's command line: only where to find its configuration.

use std::ffi::OsString;
use std::path::PathBuf;

/// What `courtdesk --help` prints.
pub const USAGE: &str = "\
Usage: courtdesk [--config <file>]

Starts the CourtDesk terminal in the mode its configuration file names
(kiosk, staff or display).

Options:
  --config <file>  the configuration file to use; overrides the
                   COURTDESK_CONFIG environment variable and the default
                   file in the platform data folder
  --help           print this text
  --version        print the version
";

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// Start the terminal, with the configuration file given on the command line, if any.
    Run {
        config: Option<PathBuf>,
    },
    Help,
    Version,
}

/// A command line the terminal does not understand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgsError {
    #[error("--config needs a file name after it")]
    MissingValue,
    #[error("unknown argument {0:?}; run `courtdesk --help` to see the options")]
    Unknown(String),
}

impl Args {
    /// Parses the arguments after the program name.
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Args, ArgsError> {
        let mut config = None;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if text == "--help" || text == "-h" {
                return Ok(Args::Help);
            } else if text == "--version" || text == "-V" {
                return Ok(Args::Version);
            } else if text == "--config" {
                let value = args.next().ok_or(ArgsError::MissingValue)?;
                config = Some(PathBuf::from(value));
            } else if let Some(value) = text.strip_prefix("--config=") {
                if value.is_empty() {
                    return Err(ArgsError::MissingValue);
                }
                config = Some(PathBuf::from(value));
            } else {
                return Err(ArgsError::Unknown(text.into_owned()));
            }
        }
        Ok(Args::Run { config })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, ArgsError> {
        Args::parse(args.iter().map(OsString::from))
    }

    #[test]
    fn no_arguments_means_run_with_the_default_configuration() {
        assert_eq!(parse(&[]), Ok(Args::Run { config: None }));
    }

    #[test]
    fn the_configuration_file_can_be_given_in_either_spelling() {
        let expected = Ok(Args::Run {
            config: Some(PathBuf::from("/etc/courtdesk/kiosk.toml")),
        });
        assert_eq!(parse(&["--config", "/etc/courtdesk/kiosk.toml"]), expected);
        assert_eq!(parse(&["--config=/etc/courtdesk/kiosk.toml"]), expected);
    }

    #[test]
    fn a_missing_value_or_unknown_flag_is_refused() {
        assert_eq!(parse(&["--config"]), Err(ArgsError::MissingValue));
        assert_eq!(parse(&["--config="]), Err(ArgsError::MissingValue));
        assert_eq!(
            parse(&["--mode", "kiosk"]),
            Err(ArgsError::Unknown("--mode".into()))
        );
    }

    #[test]
    fn help_and_version_win_over_everything_else() {
        assert_eq!(parse(&["--config", "x", "--help"]), Ok(Args::Help));
        assert_eq!(parse(&["--version"]), Ok(Args::Version));
    }
}
