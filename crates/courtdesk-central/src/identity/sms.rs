//! Text messages carrying one-time codes: the message wording, the choice of
//! gateway, and the file gateway used in development and tests.
//!
//! A real provider plugs in as a type implementing
//! [`courtdesk_identity::otp::SmsGateway`], handed to the server as
//! [`SmsChoice::Gateway`] in [`crate::Settings`] by a binary that links it.
//! Mainland providers send from a registered template with the code and
//! lifetime as parameters and the court's signature (`【…】`) registered
//! beside it, so such a gateway passes `code` and `valid_for_minutes` on and
//! never sees [`message_text`]. `send_code` is called on a blocking thread
//! and may block on the network; it must not log the phone number or code.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use courtdesk_identity::PhoneNumber;
use courtdesk_identity::otp::{GatewayError, OneTimeCode, SmsGateway};

/// Where the server sends one-time codes.
#[derive(Clone)]
pub enum SmsChoice {
    /// Append each message as a JSON line to a file: development and tests
    /// only, since the file holds phone numbers and codes in the clear.
    File(PathBuf),
    /// A real provider.
    Gateway(Arc<dyn SmsGateway>),
}

impl fmt::Debug for SmsChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SmsChoice::File(path) => f.debug_tuple("File").field(path).finish(),
            SmsChoice::Gateway(_) => f.write_str("Gateway(..)"),
        }
    }
}

impl SmsChoice {
    /// The gateway this choice names, signing file messages as `court_name`.
    pub(crate) fn gateway(&self, court_name: &str) -> Arc<dyn SmsGateway> {
        match self {
            SmsChoice::File(path) => {
                tracing::warn!(path = %path.display(), "one-time codes are written to a file, not sent: development only");
                Arc::new(FileSmsGateway::new(path, court_name))
            }
            SmsChoice::Gateway(gateway) => Arc::clone(gateway),
        }
    }
}

/// The message a litigant receives, e.g.
/// `【某某法院】您的验证码是123456，5分钟内有效。`
pub fn message_text(court_name: &str, code: &OneTimeCode, valid_for_minutes: u32) -> String {
    format!(
        "【{court_name}】您的验证码是{}，{valid_for_minutes}分钟内有效。",
        code.expose()
    )
}

/// Appends one JSON object per message to a file:
/// `{"to":"13812345678","code":"123456","text":"【…】…"}`.
///
/// For development and tests, which read the code from the file. The file is
/// created readable by its owner only.
#[derive(Debug)]
pub struct FileSmsGateway {
    path: PathBuf,
    court_name: String,
    /// One message is written at a time, so lines never interleave.
    writing: Mutex<()>,
}

#[derive(serde::Serialize)]
struct Line<'a> {
    to: &'a str,
    code: &'a str,
    text: &'a str,
}

impl FileSmsGateway {
    pub fn new(path: &Path, court_name: &str) -> FileSmsGateway {
        FileSmsGateway {
            path: path.to_path_buf(),
            court_name: court_name.to_owned(),
            writing: Mutex::new(()),
        }
    }

    fn append(&self, line: &[u8]) -> io::Result<()> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(folder) = self.path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        file.write_all(line)?;
        file.sync_data()
    }
}

impl SmsGateway for FileSmsGateway {
    fn send_code(
        &self,
        phone: &PhoneNumber,
        code: &OneTimeCode,
        valid_for_minutes: u32,
    ) -> Result<(), GatewayError> {
        let text = message_text(&self.court_name, code, valid_for_minutes);
        let line = Line {
            to: phone.expose(),
            code: code.expose(),
            text: &text,
        };
        let mut bytes = serde_json::to_vec(&line).map_err(|error| GatewayError::Unavailable {
            source: Box::new(error),
        })?;
        bytes.push(b'\n');
        self.append(&bytes)
            .map_err(|error| GatewayError::Unavailable {
                source: Box::new(error),
            })
    }
}

#[cfg(test)]
mod tests {
    use courtdesk_identity::{OtpBook, OtpPolicy};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn each_message_is_one_json_line_in_chinese_with_the_court_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sms.jsonl");
        let gateway = FileSmsGateway::new(&path, "某某法院");
        let phone = PhoneNumber::parse("13812345678").expect("a phone");
        let mut book = OtpBook::new();
        let mut rng = StdRng::seed_from_u64(1);
        let policy = OtpPolicy::default();
        let first = book
            .issue(&policy, &phone, "kiosk", 0, &mut rng)
            .expect("issued");
        let second = book
            .issue(&policy, &phone, "kiosk", 60_000, &mut rng)
            .expect("issued");
        gateway.send_code(&phone, &first.code, 5).expect("written");
        gateway.send_code(&phone, &second.code, 5).expect("written");

        let text = std::fs::read_to_string(&path).expect("the file");
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        assert_eq!(lines.len(), 2, "appended, not replaced");
        assert_eq!(lines[1]["to"], "13812345678");
        assert_eq!(lines[1]["code"], second.code.expose());
        assert_eq!(
            lines[1]["text"],
            format!(
                "【某某法院】您的验证码是{}，5分钟内有效。",
                second.code.expose()
            )
        );
    }
}
