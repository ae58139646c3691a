//! Identity on the central server: parties on file and the one-time codes
//! that prove a litigant at a kiosk is one of them, and staff accounts that
//! sign in at desks. The rules come from `courtdesk-identity`; this module
//! keeps their state and speaks HTTP.
//!
//! | endpoint | terminals | success | refusals |
//! |---|---|---|---|
//! | `POST /v1/identity/otp` | kiosk | 200 `OtpSent` | 400 `bad_request` (malformed ID number); 403 `forbidden`; 404 `party_not_found`; 429 `otp_rate_limited` + `retry_after_ms`; 502 `sms_unavailable` |
//! | `POST /v1/identity/otp/verify` | kiosk | 200 `OtpVerified` | 400 `bad_request` (not six digits: not counted as a guess); 403 `forbidden`, `otp_wrong` + `attempts_left`, `otp_too_many_attempts`; 410 `otp_expired`, `otp_no_code` |
//! | `POST /v1/staff/sign-in` | staff | 200 `StaffSignedIn` | 400 `bad_request`; 403 `forbidden`, `wrong_credentials`, `account_disabled`; 423 `account_locked` + `retry_after_ms` |
//!
//! Decisions:
//!
//! - **What a kiosk learns about an unknown number.** A number not on file
//!   at the kiosk's site answers `party_not_found`: the kiosk must tell the
//!   litigant that no phone is on file and send them to a window, and a code
//!   that silently never arrives would leave them waiting. The lookup counts
//!   against the kiosk's code budget (20 an hour, [`OtpBook::charge_terminal`]),
//!   so a kiosk cannot be used to probe more numbers than it could send
//!   codes to, and once the budget is spent every number gets the same
//!   `otp_rate_limited`. Verification never tells the two apart: a number
//!   not on file answers `otp_no_code`, as a party without a code does.
//! - **Codes live in memory.** The [`OtpBook`] is keyed by phone number, so
//!   persisting it would write phone numbers in the clear; it stays in the
//!   server's memory. A restart voids outstanding codes (the litigant asks
//!   for a new one) and forgets the send counts. Servers sharing one
//!   database do not share codes: a kiosk must verify at the server that
//!   sent its code (sticky routing), or the deployment runs one server.
//! - **Lockout is persisted** with the account ([`SignInGuard`] as JSON), so
//!   it survives restarts and holds across servers. Each attempt is counted
//!   as a failure before the password is checked and cleared when it proves
//!   right, so concurrent guesses cannot get past the limit. Unknown
//!   usernames are not counted; they cost the same hashing time as a known
//!   one and get the same `wrong_credentials`. A disabled account is only
//!   reported as disabled to someone who typed its right password.
//! - **Party references** ([`OtpVerified::party_ref`]) are made, not stored:
//!   an HMAC under the identity key over the party, the terminal and an
//!   expiry 15 minutes on. They survive restarts and work only from the
//!   kiosk that verified.
//! - **Personal data**: the database keeps resident ID numbers only as a
//!   keyed hash and masked, phone numbers sealed and masked (see
//!   [`keys`]); logs name parties by their random id. The file SMS gateway's
//!   output holds phones and codes in the clear and is for development only.
//!
//! [`OtpBook`]: courtdesk_identity::OtpBook
//! [`OtpBook::charge_terminal`]: courtdesk_identity::OtpBook::charge_terminal
//! [`SignInGuard`]: courtdesk_identity::staff::SignInGuard
//! [`OtpVerified::party_ref`]: courtdesk_protocol::api::OtpVerified::party_ref

mod accounts;
mod clock;
pub(crate) mod keys;
pub(crate) mod otp_routes;
mod parties;
pub(crate) mod sessions;
mod settings;
mod sms;
pub(crate) mod staff_routes;

use std::sync::{Arc, Mutex, OnceLock};

use courtdesk_identity::otp::{GatewayError, OneTimeCode, SmsGateway};
use courtdesk_identity::staff::{
    ClerkSessionPolicy, PasswordCost, PasswordVerifier, hash_password_with,
};
use courtdesk_identity::{OtpBook, OtpPolicy, PhoneNumber};
use rand::RngCore;
use rand::rngs::OsRng;

pub use accounts::{NewStaffAccount, StaffAccountError, StaffAccounts};
pub use clock::IdentityClock;
pub use keys::IdentityKeyError;
pub use parties::{NewParty, Parties, PartyError};
pub use settings::{DEFAULT_COURT_NAME, IDENTITY_KEY_FILE, IdentitySettings, SMS_OUTBOX_FILE};
pub use sms::{FileSmsGateway, SmsChoice, message_text};

use crate::settings::Settings;
use crate::store::CentralStore;
use keys::IdentityKeys;

/// How long a party reference works after verification: a kiosk visit.
pub const PARTY_REF_LIFETIME_MS: u64 = 15 * 60_000;

/// How often the code book drops expired codes and old sends.
const PRUNE_EVERY_MS: u64 = 60_000;

/// How long an expired code is kept before pruning drops it, so a litigant
/// who types it late hears "expired" rather than "no code was sent".
const EXPIRED_KEPT_MS: u64 = 30 * 60_000;

/// Loads (or makes) the identity key and checks it belongs to the store's
/// database. Blocking.
pub(crate) fn open_keys(
    settings: &Settings,
    store: &dyn CentralStore,
) -> Result<Arc<IdentityKeys>, IdentityKeyError> {
    let keys = IdentityKeys::load_or_generate(&settings.identity.key_file_in(&settings.data_dir))?;
    keys.check_against(store)?;
    Ok(Arc::new(keys))
}

/// What the identity endpoints share.
pub(crate) struct Identity {
    pub(crate) keys: Arc<IdentityKeys>,
    pub(crate) policy: OtpPolicy,
    pub(crate) clock: IdentityClock,
    pub(crate) password_cost: PasswordCost,
    pub(crate) sessions: ClerkSessionPolicy,
    book: Mutex<Book>,
    gateway: Arc<dyn SmsGateway>,
    decoy: OnceLock<Option<PasswordVerifier>>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("keys", &self.keys)
            .field("policy", &self.policy)
            .field("book", &self.book)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct Book {
    codes: OtpBook,
    pruned_ms: u64,
}

impl Identity {
    pub(crate) fn new(settings: &Settings, keys: Arc<IdentityKeys>) -> Identity {
        let identity = &settings.identity;
        Identity {
            keys,
            policy: identity.otp,
            clock: identity.clock.clone(),
            password_cost: identity.password_cost,
            sessions: identity.sessions,
            book: Mutex::new(Book::default()),
            gateway: identity
                .sms_in(&settings.data_dir)
                .gateway(&identity.court_name),
            decoy: OnceLock::new(),
        }
    }

    /// Runs `action` on the code book at `now_ms`, after pruning it when a
    /// minute has passed since the last time.
    pub(crate) fn with_book<T>(&self, now_ms: u64, action: impl FnOnce(&mut OtpBook) -> T) -> T {
        let mut book = self.book.lock().unwrap_or_else(|e| e.into_inner());
        if now_ms.saturating_sub(book.pruned_ms) >= PRUNE_EVERY_MS {
            // Pruned as of a while ago: what it drops had expired (or
            // stopped counting) at least that long before now.
            book.codes
                .prune(&self.policy, now_ms.saturating_sub(EXPIRED_KEPT_MS));
            book.pruned_ms = now_ms;
        }
        action(&mut book.codes)
    }

    /// Sends a code on the blocking pool, where a gateway may wait on the
    /// network.
    pub(crate) async fn send_code(
        &self,
        phone: PhoneNumber,
        code: OneTimeCode,
    ) -> Result<(), GatewayError> {
        let gateway = Arc::clone(&self.gateway);
        let minutes = u32::try_from(self.policy.code_ttl_ms.div_ceil(60_000)).unwrap_or(u32::MAX);
        tokio::task::spawn_blocking(move || gateway.send_code(&phone, &code, minutes))
            .await
            .unwrap_or_else(|error| {
                Err(GatewayError::Unavailable {
                    source: Box::new(error),
                })
            })
    }

    /// A verifier of a random password at the configured cost, checked
    /// against when the username is unknown so the answer takes as long as
    /// for a known one. Made on first need.
    pub(crate) fn decoy(&self) -> Option<&PasswordVerifier> {
        self.decoy
            .get_or_init(|| {
                let mut password = [0u8; 16];
                OsRng.fill_bytes(&mut password);
                let password: String = password.iter().map(|b| format!("{b:02x}")).collect();
                hash_password_with(&password, self.password_cost, &mut OsRng).ok()
            })
            .as_ref()
    }
}
