//! Who is at the kiosk and who is at the desk.

pub mod civil_date;
pub mod otp;
pub mod phone;
pub mod resident_id;

pub use civil_date::{CivilDate, CivilDateError};
pub use otp::{OtpBook, OtpPolicy, VerifyOutcome};
pub use phone::{PhoneNumber, PhoneNumberError};
pub use resident_id::{ResidentId, ResidentIdError, ResidentIdKind, Sex};
