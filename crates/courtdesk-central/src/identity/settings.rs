//! How identity is configured: the key file, the SMS gateway, the court's
//! name in messages, the code policy and the password cost.

use std::path::{Path, PathBuf};

use courtdesk_identity::OtpPolicy;
use courtdesk_identity::staff::{ClerkSessionPolicy, PasswordCost};

use super::clock::IdentityClock;
use super::sms::SmsChoice;

/// The identity key's file name in the data folder, beside the generated
/// TLS certificate and key.
pub const IDENTITY_KEY_FILE: &str = "central-identity.key";

/// The file gateway's file name in the data folder.
pub const SMS_OUTBOX_FILE: &str = "sms-outbox.jsonl";

/// The signature in messages when none is configured.
pub const DEFAULT_COURT_NAME: &str = "人民法院";

/// Identity settings; `Default` is the development configuration.
#[derive(Debug, Clone)]
pub struct IdentitySettings {
    /// The identity key; [`IDENTITY_KEY_FILE`] in the data folder when unset.
    pub key_file: Option<PathBuf>,
    /// Where codes go; the file gateway writing [`SMS_OUTBOX_FILE`] in the
    /// data folder when unset.
    pub sms: Option<SmsChoice>,
    /// The court's name, the signature of every message (`【…】`).
    pub court_name: String,
    pub otp: OtpPolicy,
    /// The cost of new password hashes; verifiers made at another cost are
    /// re-hashed at the next successful sign-in.
    pub password_cost: PasswordCost,
    /// The idle and absolute limits of a clerk's session at the server.
    pub sessions: ClerkSessionPolicy,
    pub clock: IdentityClock,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        IdentitySettings {
            key_file: None,
            sms: None,
            court_name: DEFAULT_COURT_NAME.to_owned(),
            otp: OtpPolicy::default(),
            password_cost: PasswordCost::DESKTOP,
            sessions: ClerkSessionPolicy::default(),
            clock: IdentityClock::default(),
        }
    }
}

impl IdentitySettings {
    /// The identity key's path given the data folder.
    pub fn key_file_in(&self, data_dir: &Path) -> PathBuf {
        self.key_file
            .clone()
            .unwrap_or_else(|| data_dir.join(IDENTITY_KEY_FILE))
    }

    /// The SMS gateway choice given the data folder.
    pub fn sms_in(&self, data_dir: &Path) -> SmsChoice {
        self.sms
            .clone()
            .unwrap_or_else(|| SmsChoice::File(data_dir.join(SMS_OUTBOX_FILE)))
    }
}
