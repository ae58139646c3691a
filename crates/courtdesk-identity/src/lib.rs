//! Who is at the kiosk and who is at the desk.

pub mod civil_date;
pub mod resident_id;

pub use civil_date::{CivilDate, CivilDateError};
pub use resident_id::{ResidentId, ResidentIdError, ResidentIdKind, Sex};
