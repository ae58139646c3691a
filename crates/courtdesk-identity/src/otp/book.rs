//! The state of every outstanding code and every recent send, and the rules over it.

use std::collections::BTreeMap;
use std::fmt;

use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

use super::OtpPolicy;
use super::code::{CodeDigest, OneTimeCode};
use super::rate::SendLog;
use crate::phone::PhoneNumber;

/// Outstanding codes by phone, and recent sends by phone and by terminal.
///
/// The server keeps one book, persists it between requests and passes the
/// time in. Only salted digests of codes are stored. A terminal is named by
/// whatever stable id the server gives it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpBook {
    codes: BTreeMap<PhoneNumber, PendingCode>,
    phone_sends: BTreeMap<PhoneNumber, SendLog>,
    terminal_sends: BTreeMap<String, SendLog>,
    /// Card reads presented by each kiosk (books kept before card reads
    /// were counted have none).
    #[serde(default)]
    terminal_card_reads: BTreeMap<String, SendLog>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PendingCode {
    digest: CodeDigest,
    expires_at_ms: u64,
    /// Wrong guesses still allowed; at 0 the code is dead even to the right guess.
    attempts_left: u32,
}

/// A code to send, and when it stops working.
#[derive(Debug)]
pub struct IssuedCode {
    /// The code for the SMS gateway.
    pub code: OneTimeCode,
    /// The first instant at which the code is refused as expired.
    pub expires_at_ms: u64,
}

/// Which limit refused a new code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateLimit {
    /// A code went to this phone too recently.
    PhoneInterval,
    /// This phone has had its codes for the window.
    PhoneWindow,
    /// This terminal has asked for its codes for the window.
    TerminalWindow,
    /// This kiosk has presented its card reads for the window.
    CardReadWindow,
}

/// A new code was refused; the UI says "try again in N s".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many codes requested; try again in {} s", retry_after_ms.div_ceil(1000))]
pub struct RateLimited {
    /// How long until a request would be allowed.
    pub retry_after_ms: u64,
    /// The limit that takes longest to lift.
    pub limit: RateLimit,
}

impl RateLimited {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        "otp_rate_limited"
    }
}

/// What checking a typed code found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum VerifyOutcome {
    /// The code was right; it is now used up.
    Verified,
    /// The code was wrong; `attempts_left` more wrong guesses are allowed
    /// (at 0, the next guess is refused whatever it is).
    Wrong {
        /// Wrong guesses still allowed.
        attempts_left: u32,
    },
    /// The code's lifetime is over; it has been removed.
    Expired,
    /// No code is outstanding for this phone (never sent, used or replaced).
    NoCode,
    /// Too many wrong guesses; the code is dead until a new one is issued.
    TooManyAttempts,
}

impl OtpBook {
    /// An empty book.
    pub fn new() -> OtpBook {
        OtpBook::default()
    }

    /// Issues a new code for `phone` requested at `terminal`, replacing any
    /// code the phone had, unless a rate limit says wait.
    ///
    /// The send is counted as soon as the code is issued, whether or not the
    /// gateway then delivers it, so a failing gateway cannot be retried in a
    /// tight loop.
    pub fn issue<R: RngCore + CryptoRng>(
        &mut self,
        policy: &OtpPolicy,
        phone: &PhoneNumber,
        terminal: &str,
        now_ms: u64,
        rng: &mut R,
    ) -> Result<IssuedCode, RateLimited> {
        let phone_log = self.phone_sends.entry(phone.clone()).or_default();
        phone_log.forget_before(now_ms, policy.window_ms);
        let terminal_log = self.terminal_sends.entry(terminal.to_owned()).or_default();
        terminal_log.forget_before(now_ms, policy.window_ms);

        let waits = [
            (
                phone_log.wait_for_interval(now_ms, policy.phone_min_interval_ms),
                RateLimit::PhoneInterval,
            ),
            (
                phone_log.wait_for_window(now_ms, policy.phone_max_per_window, policy.window_ms),
                RateLimit::PhoneWindow,
            ),
            (
                terminal_log.wait_for_window(
                    now_ms,
                    policy.terminal_max_per_window,
                    policy.window_ms,
                ),
                RateLimit::TerminalWindow,
            ),
        ];
        if let Some(&(retry_after_ms, limit)) = waits
            .iter()
            .filter(|(wait, _)| *wait > 0)
            .max_by_key(|(wait, _)| *wait)
        {
            return Err(RateLimited {
                retry_after_ms,
                limit,
            });
        }

        phone_log.record(now_ms);
        terminal_log.record(now_ms);
        let code = OneTimeCode::generate(rng);
        let expires_at_ms = now_ms.saturating_add(policy.code_ttl_ms);
        let pending = PendingCode {
            digest: CodeDigest::of(&code, rng),
            expires_at_ms,
            attempts_left: policy.max_wrong_attempts,
        };
        // Inserting replaces the phone's previous code: only the newest works.
        self.codes.insert(phone.clone(), pending);
        Ok(IssuedCode {
            code,
            expires_at_ms,
        })
    }

    /// Counts a request from `terminal` that found no phone to send a code
    /// to (nobody on file under the number asked about) against the
    /// terminal's window, unless the window is already full.
    ///
    /// A terminal probing for numbers on file then meets the same limit as
    /// one asking for codes, and once refused, a number on file and one not
    /// on file get the same answer.
    pub fn charge_terminal(
        &mut self,
        policy: &OtpPolicy,
        terminal: &str,
        now_ms: u64,
    ) -> Result<(), RateLimited> {
        let log = self.terminal_sends.entry(terminal.to_owned()).or_default();
        log.forget_before(now_ms, policy.window_ms);
        let wait = log.wait_for_window(now_ms, policy.terminal_max_per_window, policy.window_ms);
        if wait > 0 {
            return Err(RateLimited {
                retry_after_ms: wait,
                limit: RateLimit::TerminalWindow,
            });
        }
        log.record(now_ms);
        Ok(())
    }

    /// Refuses, without counting anything, when `terminal`'s window of
    /// [`OtpPolicy::terminal_max_per_window`] is full: a caller whose
    /// probing is spent gets the same answer whoever it asks about.
    pub fn check_terminal(
        &mut self,
        policy: &OtpPolicy,
        terminal: &str,
        now_ms: u64,
    ) -> Result<(), RateLimited> {
        let Some(log) = self.terminal_sends.get_mut(terminal) else {
            return Ok(());
        };
        log.forget_before(now_ms, policy.window_ms);
        let wait = log.wait_for_window(now_ms, policy.terminal_max_per_window, policy.window_ms);
        if wait > 0 {
            return Err(RateLimited {
                retry_after_ms: wait,
                limit: RateLimit::TerminalWindow,
            });
        }
        Ok(())
    }

    /// Counts a card read `terminal` presents against its window of
    /// [`OtpPolicy::card_reads_per_window`], or refuses it once the window
    /// is full: a kiosk cannot identify people by card faster than people
    /// can walk up to it.
    pub fn charge_card_read(
        &mut self,
        policy: &OtpPolicy,
        terminal: &str,
        now_ms: u64,
    ) -> Result<(), RateLimited> {
        let log = self
            .terminal_card_reads
            .entry(terminal.to_owned())
            .or_default();
        log.forget_before(now_ms, policy.window_ms);
        let wait = log.wait_for_window(now_ms, policy.card_reads_per_window, policy.window_ms);
        if wait > 0 {
            return Err(RateLimited {
                retry_after_ms: wait,
                limit: RateLimit::CardReadWindow,
            });
        }
        log.record(now_ms);
        Ok(())
    }

    /// Checks `typed` against the phone's outstanding code.
    ///
    /// Anything typed counts as a guess; the kiosk should only submit once six
    /// digits are entered.
    pub fn verify(&mut self, phone: &PhoneNumber, typed: &str, now_ms: u64) -> VerifyOutcome {
        let Some(pending) = self.codes.get_mut(phone) else {
            return VerifyOutcome::NoCode;
        };
        if now_ms >= pending.expires_at_ms {
            self.codes.remove(phone);
            return VerifyOutcome::Expired;
        }
        if pending.attempts_left == 0 {
            return VerifyOutcome::TooManyAttempts;
        }
        if pending.digest.matches(typed) {
            // Removing the code is what makes it single-use.
            self.codes.remove(phone);
            return VerifyOutcome::Verified;
        }
        pending.attempts_left -= 1;
        VerifyOutcome::Wrong {
            attempts_left: pending.attempts_left,
        }
    }

    /// Drops expired codes and sends that no longer count, so the book stays
    /// as small as the last window's traffic. Call it now and then.
    pub fn prune(&mut self, policy: &OtpPolicy, now_ms: u64) {
        self.codes
            .retain(|_, pending| now_ms < pending.expires_at_ms);
        forget_old_sends(&mut self.phone_sends, now_ms, policy.window_ms);
        forget_old_sends(&mut self.terminal_sends, now_ms, policy.window_ms);
        forget_old_sends(&mut self.terminal_card_reads, now_ms, policy.window_ms);
    }

    /// How many codes are outstanding (live, dead or not yet pruned).
    pub fn outstanding_codes(&self) -> usize {
        self.codes.len()
    }
}

fn forget_old_sends<K: Ord>(logs: &mut BTreeMap<K, SendLog>, now_ms: u64, window_ms: u64) {
    logs.retain(|_, log| {
        log.forget_before(now_ms, window_ms);
        !log.is_empty()
    });
}

impl fmt::Debug for OtpBook {
    /// Counts only: the book is keyed by phone numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpBook")
            .field("codes", &self.codes.len())
            .field("phones_with_recent_sends", &self.phone_sends.len())
            .field("terminals_with_recent_sends", &self.terminal_sends.len())
            .finish()
    }
}
