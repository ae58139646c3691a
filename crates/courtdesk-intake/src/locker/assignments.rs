//! Which compartment holds which submission's papers, and the single-use
//! code that opens it.
//!
//! A pickup code is 6 digits drawn uniformly from the caller's CSPRNG.
//! Only SHA-256 of a 16-byte random salt followed by the code is kept, so
//! the saved assignments never show a code; a code opens its compartment
//! once and is then forgotten. 5 wrong codes in a row lock pickups at this
//! locker for 15 minutes. The caller persists [`LockerAssignments`]
//! (it is `serde`) after every call that changed it.

use std::fmt;

use rand::{CryptoRng, Rng as _, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::{Compartment, CompartmentId, CompartmentSize, LockerController, LockerError};
use crate::hash::hex_value;

/// Digits in a pickup code.
pub const CODE_DIGITS: usize = 6;

/// How wrong codes are limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupPolicy {
    /// Wrong codes in a row before pickups are locked: 5.
    pub max_failures: u32,
    /// How long the first lock lasts: 15 minutes. Each further lock before
    /// a right code doubles it, up to [`MAX_LOCKOUT_MS`].
    pub lockout_ms: i64,
}

/// The longest a pickup lock lasts: a day.
///
/// The arithmetic of guessing: a code is six digits, so one guess opens one
/// of `n` occupied compartments with odds `n` in a million. Five guesses,
/// then locks of 15, 30, 60 minutes... doubling, allow about 35 guesses in
/// the first day and 5 a day after that: with 20 compartments occupied,
/// under 0.1 % the first day and 0.01 % a day after, each wrong code
/// counted and the lock shown on the kiosk for staff to see.
pub const MAX_LOCKOUT_MS: i64 = 24 * 60 * 60 * 1000;

impl Default for PickupPolicy {
    fn default() -> PickupPolicy {
        PickupPolicy {
            max_failures: 5,
            lockout_ms: 15 * 60 * 1000,
        }
    }
}

/// A pickup code as issued: printed on the receipt, never stored. `Debug`
/// hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct PickupCode(String);

impl PickupCode {
    /// The digits, for the receipt.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PickupCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PickupCode(<redacted>)")
    }
}

/// A compartment assigned, its door open for the papers, and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub compartment: CompartmentId,
    pub code: PickupCode,
}

/// What the sensors say after the depositor was asked to close the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepositState {
    DoorOpen,
    /// Closed with nothing inside.
    Empty,
    /// Closed with something inside.
    Deposited,
}

#[derive(Debug, thiserror::Error)]
pub enum AssignmentError {
    /// No compartment of the size asked for is closed, empty, in service
    /// and unassigned, or every one tried had a jammed door.
    #[error("no free compartment")]
    NoFreeCompartment,
    #[error("the pickup code is wrong ({attempts_left} attempts left)")]
    WrongCode { attempts_left: u32 },
    #[error("pickups are locked after too many wrong codes; retry in {retry_after_ms} ms")]
    Locked { retry_after_ms: i64 },
    #[error("compartment {0} is not assigned")]
    NotAssigned(CompartmentId),
    #[error(transparent)]
    Controller(#[from] LockerError),
}

impl AssignmentError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            AssignmentError::NoFreeCompartment => "locker_full",
            AssignmentError::WrongCode { .. } => "pickup_code_wrong",
            AssignmentError::Locked { .. } => "pickup_locked",
            AssignmentError::NotAssigned(_) => "locker_not_assigned",
            AssignmentError::Controller(error) => error.code(),
        }
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Assignment {
    compartment: CompartmentId,
    submission: String,
    #[serde(with = "hex_bytes")]
    salt: [u8; 16],
    #[serde(with = "hex_bytes")]
    code_hash: [u8; 32],
    issued_at_ms: i64,
    deposited: bool,
}

impl fmt::Debug for Assignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Assignment")
            .field("compartment", &self.compartment)
            .field("submission", &self.submission)
            .field("issued_at_ms", &self.issued_at_ms)
            .field("deposited", &self.deposited)
            .finish_non_exhaustive()
    }
}

fn code_hash(salt: &[u8; 16], code: &str) -> [u8; 32] {
    let mut hasher = sha2::Sha256::new();
    hasher.update(salt);
    hasher.update(code.as_bytes());
    hasher.finalize().into()
}

/// Equal in time independent of where the first difference is.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Assignment {
    fn opens_with(&self, code: &str) -> bool {
        same(&code_hash(&self.salt, code), &self.code_hash)
    }
}

/// The assignments of one locker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockerAssignments {
    #[serde(default)]
    policy: PickupPolicy,
    assignments: Vec<Assignment>,
    failures: u32,
    locked_until_ms: Option<i64>,
    /// Locks since the last right code: each doubles the next.
    #[serde(default)]
    lockouts: u32,
}

impl LockerAssignments {
    pub fn new(policy: PickupPolicy) -> LockerAssignments {
        LockerAssignments {
            policy,
            ..LockerAssignments::default()
        }
    }

    /// Assigns the smallest free compartment of at least `size` to
    /// `submission`, opens its door for the papers and issues its code. A
    /// door that will not open is passed over for the next free one.
    pub fn assign(
        &mut self,
        locker: &dyn LockerController,
        submission: &str,
        size: CompartmentSize,
        rng: &mut (impl RngCore + CryptoRng),
        now_ms: i64,
    ) -> Result<Issued, AssignmentError> {
        let mut free: Vec<Compartment> = locker
            .compartments()?
            .into_iter()
            .filter(|c| c.door_closed && !c.occupied && !c.out_of_service && c.size >= size)
            .filter(|c| !self.assignments.iter().any(|a| a.compartment == c.id))
            .collect();
        free.sort_by_key(|c| (c.size, c.id));
        for compartment in free {
            match locker.open(compartment.id) {
                Ok(()) => {}
                Err(LockerError::DoorJammed(id)) => {
                    tracing::warn!(compartment = id.0, "locker door jammed; trying the next");
                    continue;
                }
                Err(error) => return Err(error.into()),
            }
            let code = self.fresh_code(rng);
            let mut salt = [0u8; 16];
            rng.fill_bytes(&mut salt);
            self.assignments.push(Assignment {
                compartment: compartment.id,
                submission: submission.to_owned(),
                salt,
                code_hash: code_hash(&salt, &code),
                issued_at_ms: now_ms,
                deposited: false,
            });
            return Ok(Issued {
                compartment: compartment.id,
                code: PickupCode(code),
            });
        }
        Err(AssignmentError::NoFreeCompartment)
    }

    /// A code no other assignment opens with, so that a code names one
    /// compartment.
    fn fresh_code(&self, rng: &mut (impl RngCore + CryptoRng)) -> String {
        loop {
            let code = format!("{:06}", rng.gen_range(0..1_000_000u32));
            if !self.assignments.iter().any(|a| a.opens_with(&code)) {
                return code;
            }
        }
    }

    /// Reads the sensors of an assigned compartment after the depositor
    /// closed it, and records the deposit when something is inside.
    pub fn confirm_deposit(
        &mut self,
        locker: &dyn LockerController,
        compartment: CompartmentId,
    ) -> Result<DepositState, AssignmentError> {
        let assignment = self
            .assignments
            .iter_mut()
            .find(|a| a.compartment == compartment)
            .ok_or(AssignmentError::NotAssigned(compartment))?;
        let status = locker.status(compartment)?;
        Ok(match (status.door_closed, status.occupied) {
            (false, _) => DepositState::DoorOpen,
            (true, false) => DepositState::Empty,
            (true, true) => {
                assignment.deposited = true;
                DepositState::Deposited
            }
        })
    }

    /// Opens the compartment `code` belongs to and forgets the code. A
    /// wrong code counts towards the lock; a jammed door keeps the code
    /// valid for another try.
    pub fn collect(
        &mut self,
        locker: &dyn LockerController,
        code: &str,
        now_ms: i64,
    ) -> Result<CompartmentId, AssignmentError> {
        if let Some(until) = self.locked_until_ms {
            if now_ms < until {
                return Err(AssignmentError::Locked {
                    retry_after_ms: until - now_ms,
                });
            }
            self.locked_until_ms = None;
        }
        let code = code.trim();
        let found = (code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit()))
            .then(|| self.assignments.iter().position(|a| a.opens_with(code)))
            .flatten();
        let Some(index) = found else {
            self.failures += 1;
            if self.failures >= self.policy.max_failures {
                self.failures = 0;
                let lock = self
                    .policy
                    .lockout_ms
                    .saturating_mul(1 << self.lockouts.min(16))
                    .min(MAX_LOCKOUT_MS);
                self.lockouts = self.lockouts.saturating_add(1);
                self.locked_until_ms = Some(now_ms + lock);
                return Err(AssignmentError::Locked {
                    retry_after_ms: lock,
                });
            }
            return Err(AssignmentError::WrongCode {
                attempts_left: self.policy.max_failures - self.failures,
            });
        };
        let compartment = self.assignments[index].compartment;
        locker.open(compartment)?;
        self.assignments.remove(index);
        self.failures = 0;
        self.lockouts = 0;
        Ok(compartment)
    }

    /// Staff end an assignment without its code (papers taken out at the
    /// desk, a deposit abandoned); returns the submission it was for.
    pub fn release(&mut self, compartment: CompartmentId) -> Option<String> {
        let index = self
            .assignments
            .iter()
            .position(|a| a.compartment == compartment)?;
        Some(self.assignments.remove(index).submission)
    }

    /// The assigned compartments, with their submission and whether the
    /// papers are in.
    pub fn assigned(&self) -> impl Iterator<Item = (CompartmentId, &str, bool)> {
        self.assignments
            .iter()
            .map(|a| (a.compartment, a.submission.as_str(), a.deposited))
    }
}

/// Fixed-size byte arrays as lowercase hex strings.
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer, const N: usize>(
        bytes: &[u8; N],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        serializer.serialize_str(&hex)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        deserializer: D,
    ) -> Result<[u8; N], D::Error> {
        let text = String::deserialize(deserializer)?;
        let digits = text.as_bytes();
        if digits.len() != 2 * N {
            return Err(serde::de::Error::custom("wrong length"));
        }
        let mut out = [0u8; N];
        for (i, pair) in digits.chunks_exact(2).enumerate() {
            let (Some(high), Some(low)) = (super::hex_value(pair[0]), super::hex_value(pair[1]))
            else {
                return Err(serde::de::Error::custom("not hex"));
            };
            out[i] = high << 4 | low;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
