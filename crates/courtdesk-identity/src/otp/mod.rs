//! One-time codes sent by SMS to prove a litigant holds a phone.
//!
//! [`OtpBook`] is plain state that the server persists (it is `Serialize`
//! and `Deserialize`) and drives with the time and a random source;
//! [`OtpPolicy`] holds the numbers and is passed in when a code is issued, so
//! a change of configuration applies to the next code without migrating
//! stored state. Each code carries its own expiry and attempt budget from the
//! moment it was issued.

mod book;
mod code;
mod gateway;
mod rate;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use self::book::{IssuedCode, OtpBook, RateLimit, RateLimited, VerifyOutcome};
pub use self::code::{CODE_DIGITS, OneTimeCode};
pub use self::gateway::{GatewayError, SmsGateway};

/// The numbers behind one-time codes. `Default` is the policy in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OtpPolicy {
    /// How long a code can be used: 5 minutes, long enough for a slow SMS.
    pub code_ttl_ms: u64,
    /// Wrong guesses allowed before the code is dead: 5, so a guesser has at
    /// most 5 in a million per code.
    pub max_wrong_attempts: u32,
    /// Least time between two codes for one phone: 60 s.
    pub phone_min_interval_ms: u64,
    /// Most codes for one phone per window: 5.
    pub phone_max_per_window: u32,
    /// Most codes from one terminal per window: 20, so one kiosk cannot be used
    /// to flood many phones.
    pub terminal_max_per_window: u32,
    /// Most card reads one kiosk may present per window: 60, one a minute,
    /// more than walk-up visitors produce (a visit presents its card once).
    pub card_reads_per_window: u32,
    /// The rolling window for the counts above: 1 hour.
    pub window_ms: u64,
}

impl Default for OtpPolicy {
    fn default() -> Self {
        OtpPolicy {
            code_ttl_ms: 5 * 60_000,
            max_wrong_attempts: 5,
            phone_min_interval_ms: 60_000,
            phone_max_per_window: 5,
            terminal_max_per_window: 20,
            card_reads_per_window: 60,
            window_ms: 60 * 60_000,
        }
    }
}
