//! The court's casework at the service center: case numbers and their
//! allocation, registration (立案登记), pre-litigation mediation (诉前调解)
//! with judicial confirmation (司法确认), and litigation-related petitions
//! (涉诉信访).
//!
//! Architecture invariant: this crate performs no I/O and never reads the
//! clock or a random source. Times (epoch milliseconds with the site's UTC
//! offset, or civil dates) and ids are passed in, so the server, the desks
//! and the statistics reach the same answer from the same records.
#![forbid(unsafe_code)]

mod calendar;
mod error;
mod event;
mod filing;
#[cfg(test)]
mod fixtures;
mod fold;
mod ids;
mod mediation;
mod number;
mod petition;
mod registration;
mod rules;

pub use calendar::{
    DayCount, Moment, Period, WorkCalendar, add_days, days_since_epoch, is_weekend,
};
pub use error::CaseworkError;
pub use event::{
    CaseworkEvent, CaseworkRecord, Channel, Choice, MediationOutcome, RecordOrder, Subject,
};
pub use filing::{Filing, Offer};
pub use fold::{Folded, Refusal};
pub use ids::{
    ClerkId, DepartmentId, FilingId, InvalidId, MediatorId, OrganizationId, PetitionId, RecordId,
};
pub use mediation::{
    Attendee, AttendeeRole, Confirmation, Ended, Extension, InvalidSha256, Mediation, Ruling,
    Session, Sha256Hex, Venue,
};
pub use number::{
    Assigned, CaseNumber, CaseNumberFault, CaseSeries, CaseType, CourtCode, InvalidCaseNumber,
    InvalidCourtCode, NumberRef, PROVINCES, ProvisionalNumber, Sequence, SequenceError,
    UnknownCaseType,
};
pub use petition::{
    InvalidPetitionNumber, Petition, PetitionNumber, PetitionSeries, PetitionStatus,
};
pub use registration::{
    IssuedNotice, Material, MissingItem, NoticeError, OneTimeNotice, Registration,
    RegistrationStatus, Route, Wording,
};
pub use rules::{CaseworkRules, DisputeCategory, MediationSuitability};
