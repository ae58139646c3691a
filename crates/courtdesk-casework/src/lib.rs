//! The court's casework at the service center: case numbers and their
//! allocation, registration (立案登记), pre-litigation mediation (诉前调解)
//! with judicial confirmation (司法确认), and litigation-related petitions
//! (涉诉信访). The server, the desks, the kiosks and the statistics load
//! records, call these rules and store what they answer.
//!
//! Architecture invariant: this crate performs no I/O and never reads the
//! clock or a random source. Times (epoch milliseconds with the site's UTC
//! offset, [`Moment`], or civil dates) and ids are passed in, so every
//! reader reaches the same answer from the same records.
//!
//! # Policies
//!
//! **Days.** Every period is counted in the site's local calendar days: a
//! record's date is the local date of its [`Moment`] (UTC+8 for Chinese
//! courts, all year). A period does not count the day of the event it runs
//! from, as the Civil Procedure Law counts periods, and its last day is
//! included: seven days from 28 December end with 4 January, and a
//! registration at 23:59 that day is in time. Calendar days are the default
//! ([`DayCount::CalendarDays`]); a court that sets its targets in working
//! days configures [`DayCount::WorkingDays`] with its holidays and swapped
//! weekends. Deadlines are civil dates, never instants.
//!
//! **Case numbers.** `（2026）湘1102民初123号`: the year, the court's code
//! ([`CourtCode`]: a province abbreviation and none, two or four digits), the
//! type code ([`CaseType`]: `民初`, `行初`, `刑初`, `民诉前调`, `民特`, `执`,
//! the types a filing window registers) and the sequence number. Parsing
//! also takes ASCII parentheses; printing uses full-width ones.
//!
//! **Allocation.** Only the server allocates numbers, from a [`Sequence`]
//! per (court, year, type) that starts at 1 and hands each number out once.
//! A claim is the id of the record asking for a number; the same claim gets
//! the same number back, so retries leave no gaps and take no second
//! number. The year is that of the step's own local date (registration,
//! opening of the mediation, application for confirmation), so a year's
//! series closes at its last midnight. Numbers are never taken back.
//!
//! **Provisional registration.** A desk cut off from the server may still
//! register: the registration takes a [`ProvisionalNumber`] (the desk's
//! terminal id and its own count, printed `临时-…` so nobody mistakes it for
//! a case number), and has every effect of a registration but the number —
//! its date is the desk's, it counts as on the spot if it was. When the
//! record reaches the server, the server assigns the next number of the
//! series of the registration's date, with the registration record's id as
//! the claim, and records `casework.number_assigned`, which replaces the
//! provisional number wherever the filing holds it. Numbers therefore follow
//! the order registrations reach the server, not the order they were made.
//! Mediations and confirmations opened offline are numbered the same way.
//!
//! **Registration.** `Received → RegisteredOnTheSpot | PendingDecision |
//! MaterialsMissing | NotAccepted`. The one-time notice ([`OneTimeNotice`])
//! lists every missing material once, each with a reason, and a filing has
//! at most one: a second is refused. `MaterialsMissing → Supplemented`; the
//! decision period then runs again from the supplement, as the registration
//! provisions say, but the filing keeps its first receipt date. A filing is
//! *on the spot* when it is registered straight from review on the day its
//! materials were complete; any other registration is [`Route::AfterDecision`],
//! [`Route::AfterMediation`] or a late direct one. The deadline is the last
//! day of [`CaseworkRules::registration_period`] (7 days) from the receipt,
//! the supplement or the end of a failed mediation;
//! [`Registration::within_period`] compares the registration's date to it.
//!
//! **Mediation first.** A filing of a case type and dispute category the
//! court marks suitable ([`MediationSuitability`]) may be offered mediation
//! once, before any decision; the record keeps the exact text shown, its
//! language, the time and the litigant's choice. Refusing never blocks
//! registration; only an open mediation holds it. A mediation has its own
//! `民诉前调` number, an organization and a mediator, and a 30-day period,
//! extended only with both parties' consent, recorded, before it ends.
//! Sessions are recorded once held, within the period, with at least one
//! attendee. An agreement (kept by its document's SHA-256) must come within
//! the period; no agreement and withdrawal can be recorded at any time.
//! Mediation is voluntary, so withdrawal, like no agreement, sends the filing
//! to registration with its first receipt date and no new filing. After an
//! agreement the dispute is settled and not registered as a lawsuit; judicial
//! confirmation (`民特`) can be applied for until the 30th day after the
//! agreement, once, and is ruled confirmed or not, once.
//!
//! **Petitions.** `Lodged → Accepted | Referred → Replied`, with acceptance
//! due 15 days after lodging and the reply 60 days after acceptance or
//! referral ([`Petition::overdue`]). Petitions are numbered
//! `（2026）湘1102信访17号` by the server when lodged.
//!
//! **Records.** Every step is a [`CaseworkRecord`]: a `kind`
//! (`casework.registered`, `casework.notice_issued`, …), a typed body, the
//! terminal, the clerk's account (none for a litigant's own steps at a
//! kiosk; required for every decision), the moment and an ordering stamp.
//! [`Filing::from_events`] and [`Petition::from_events`] sort records by
//! stamp, terminal and id, apply each record id once and keep refused records
//! with their reason, so the state depends only on the set of records. The
//! state is not stored; every reader must fold with the same
//! [`CaseworkRules`].
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
