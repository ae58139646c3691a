//! Who is at the kiosk and who is at the desk.
//!
//! Pure rules about identity for CourtDesk: no I/O, no clock, no random
//! source of its own. Every function that needs the time takes `now_ms`
//! (milliseconds since the Unix epoch) or a [`CivilDate`]; every function that
//! needs randomness takes a `&mut (impl RngCore + CryptoRng)`. The server, the
//! kiosk and the desk wire these rules to their stores, clocks and screens.
//!
//! Personal data and secrets ([`ResidentId`], [`PhoneNumber`],
//! [`otp::OneTimeCode`], [`staff::PasswordVerifier`], [`OtpBook`]) have no
//! `Display` and a hand-written `Debug` that masks or redacts; the full value
//! comes out only through an explicitly named method (`expose`, `as_phc`).
//! Every error has a stable snake_case `code()` for the UI to translate.
//!
//! # Policies and their numbers
//!
//! | Policy | Numbers | Where |
//! | --- | --- | --- |
//! | Resident ID numbers | GB 11643-1999: 17 digits + ISO 7064 MOD 11-2 check character (`X` for 10, `x` accepted); 15-digit first-generation numbers converted (19YY); birth date real, not after today, not before 1890; region: mainland province codes 11–65 (GB/T 2260), 71, residence permits 81/82/83, foreigners' permanent residence ID `9` + province code | [`resident_id`] |
//! | Masking | ID number: first 3 and last 4 (`110***********002X`); phone: first 3 and last 4 (`138****5678`) | [`ResidentId::masked`], [`PhoneNumber::masked`] |
//! | Phone numbers | mainland mobiles: 11 digits starting 13–19; `+86`, `86`, `0086`, spaces and hyphens accepted | [`phone`] |
//! | One-time codes | 6 digits; SHA-256 of a 16-byte per-code salt and the code is all that is kept; valid 5 min; single use; dead after 5 wrong guesses; a new code replaces the old; per phone at most 1 per 60 s and 5 per rolling hour; per terminal at most 20 requests per rolling hour, whether a code was sent or the number was not on file ([`OtpBook::charge_terminal`]) | [`otp`], [`OtpPolicy`] |
//! | Roles | Clerk: casework; Supervisor: casework + queues, reports, kiosk unlock; Administrator: accounts, terminals, reports, kiosk unlock, no casework | [`staff::Role::may`] |
//! | Passwords | argon2id, 19 MiB, 2 passes, 1 lane, 16-byte salt (OWASP); at least 10 and at most 128 characters, two kinds of character, not containing a username of 3+ characters | [`staff::hash_password`], [`staff::check_password_policy`] |
//! | Offline sign-in | a cached verifier works for 72 hours after the online sign-in that cached it (server's clock), only while the server cannot be reached | [`staff::CachedCredential`] |
//! | Lockout | 5 consecutive wrong passwords lock the account for 15 min | [`staff::SignInGuard`] |
//! | Staff idle sign-out | 10 min without input | [`staff::InactivityPolicy`] |
//! | Kiosk idle wipe | countdown after 90 s without a touch, wipe 15 s later | [`kiosk_idle::IdlePolicy`] |

pub mod civil_date;
pub mod kiosk_idle;
pub mod otp;
pub mod phone;
pub mod resident_id;
pub mod staff;

pub use civil_date::{CivilDate, CivilDateError};
pub use kiosk_idle::{IdlePolicy, IdleState};
pub use otp::{OtpBook, OtpPolicy, VerifyOutcome};
pub use phone::{PhoneNumber, PhoneNumberError};
pub use resident_id::{ResidentId, ResidentIdError, ResidentIdKind, Sex};
