//! Why a casework step is refused. Every refusal names its rule, so the UI
//! can say what to do (by [`CaseworkError::code`]) and nothing changes.

use courtdesk_identity::CivilDate;

use crate::{CaseType, NoticeError, ProvisionalNumber};

/// A refused casework step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseworkError {
    /// The first record of a filing or petition must be its receipt or
    /// lodging, and there is only one.
    #[error("the filing or petition has not been received yet")]
    NotReceived,
    #[error("the filing or petition was already received")]
    AlreadyReceived,
    /// The record is about a petition but was applied to a filing, or the
    /// other way round.
    #[error("the record is about another kind of subject")]
    WrongSubject,
    /// The step is a clerk's (or a mediator's) and the record names none.
    #[error("this step needs the account of the clerk who took it")]
    ClerkRequired,
    #[error("a filing of type {case_type} is not registered at the window")]
    NotAFilingType { case_type: CaseType },

    #[error("the filing was already registered")]
    AlreadyRegistered,
    #[error("the filing was not accepted by a ruling")]
    AlreadyRefused,
    /// The filing's registration cannot be decided in its current state
    /// (e.g. a notice is out and no supplement has come).
    #[error("the filing is waiting for the materials listed in the notice")]
    AwaitingSupplement,
    /// The one-time notice is one time: a second one is refused.
    #[error("the filing already had its one-time notice")]
    NoticeAlreadyIssued,
    #[error("no notice is waiting for supplements")]
    NoNoticeOutstanding,
    #[error("the filing is already pending a decision")]
    AlreadyPending,
    #[error(transparent)]
    Notice(#[from] NoticeError),
    #[error("the ruling's reference is empty")]
    EmptyRulingReference,
    #[error("the number is of type {got}, this step needs {expected}")]
    WrongCaseType { expected: CaseType, got: CaseType },
    #[error("a number of {number_year} cannot be given to a record of {record_year}")]
    WrongYear { number_year: u16, record_year: i32 },
    #[error("no record holds the provisional number {provisional}")]
    NoSuchProvisional { provisional: ProvisionalNumber },

    #[error("a filing of type {case_type} is not one the court offers mediation for")]
    NotSuitableForMediation { case_type: CaseType },
    #[error("mediation was already offered")]
    AlreadyOffered,
    #[error("the text shown to the litigant must be recorded")]
    EmptyOfferText,
    #[error("the litigant has not consented to mediation")]
    NoConsent,
    #[error("the filing already has a mediation")]
    MediationAlreadyOpen,
    #[error("the filing has no mediation")]
    NoMediation,
    /// Registration waits while the parties mediate: the filing is in the
    /// mediation's hands until it ends.
    #[error("the filing is being mediated")]
    MediationUnderway,
    #[error("the mediation has ended")]
    MediationEnded,
    #[error("the dispute was settled by a mediation agreement")]
    SettledByMediation,
    #[error("extending the mediation needs the consent of both parties")]
    ExtensionNeedsBothParties,
    #[error("an extension must add at least one day")]
    EmptyExtension,
    #[error("the mediation period ended on {deadline}")]
    MediationPeriodOver { deadline: CivilDate },
    #[error("a session must be dated within the mediation, from {opened_on} to today")]
    SessionOutOfPeriod { opened_on: CivilDate },
    #[error("a session needs at least one attendee")]
    NoAttendees,

    #[error("judicial confirmation needs a mediation agreement")]
    NoAgreement,
    #[error("the application period for judicial confirmation ended on {deadline}")]
    ConfirmationPeriodOver { deadline: CivilDate },
    #[error("judicial confirmation was already applied for")]
    ConfirmationAlreadyApplied,
    #[error("judicial confirmation has not been applied for")]
    NoConfirmationApplied,
    #[error("the judicial confirmation was already ruled on")]
    ConfirmationAlreadyRuled,

    #[error("the petition has already been accepted or referred")]
    PetitionAlreadyHandled,
    #[error("the petition must be accepted or referred before it is replied to")]
    PetitionNotHandled,
    #[error("the petition has already been replied to")]
    PetitionAlreadyReplied,
    #[error("the petition's request, or the reply, is empty")]
    EmptyPetitionText,
}

impl CaseworkError {
    /// A stable snake_case code the UI translates and branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotReceived => "not_received",
            Self::AlreadyReceived => "already_received",
            Self::WrongSubject => "wrong_subject",
            Self::ClerkRequired => "clerk_required",
            Self::NotAFilingType { .. } => "not_a_filing_type",
            Self::AlreadyRegistered => "already_registered",
            Self::AlreadyRefused => "already_refused",
            Self::AwaitingSupplement => "awaiting_supplement",
            Self::NoticeAlreadyIssued => "notice_already_issued",
            Self::NoNoticeOutstanding => "no_notice_outstanding",
            Self::AlreadyPending => "already_pending",
            Self::Notice(e) => e.code(),
            Self::EmptyRulingReference => "empty_ruling_reference",
            Self::WrongCaseType { .. } => "wrong_case_type",
            Self::WrongYear { .. } => "wrong_year",
            Self::NoSuchProvisional { .. } => "no_such_provisional",
            Self::NotSuitableForMediation { .. } => "not_suitable_for_mediation",
            Self::AlreadyOffered => "already_offered",
            Self::EmptyOfferText => "empty_offer_text",
            Self::NoConsent => "no_consent",
            Self::MediationAlreadyOpen => "mediation_already_open",
            Self::NoMediation => "no_mediation",
            Self::MediationUnderway => "mediation_underway",
            Self::MediationEnded => "mediation_ended",
            Self::SettledByMediation => "settled_by_mediation",
            Self::ExtensionNeedsBothParties => "extension_needs_both_parties",
            Self::EmptyExtension => "empty_extension",
            Self::MediationPeriodOver { .. } => "mediation_period_over",
            Self::SessionOutOfPeriod { .. } => "session_out_of_period",
            Self::NoAttendees => "no_attendees",
            Self::NoAgreement => "no_agreement",
            Self::ConfirmationPeriodOver { .. } => "confirmation_period_over",
            Self::ConfirmationAlreadyApplied => "confirmation_already_applied",
            Self::NoConfirmationApplied => "no_confirmation_applied",
            Self::ConfirmationAlreadyRuled => "confirmation_already_ruled",
            Self::PetitionAlreadyHandled => "petition_already_handled",
            Self::PetitionNotHandled => "petition_not_handled",
            Self::PetitionAlreadyReplied => "petition_already_replied",
            Self::EmptyPetitionText => "empty_petition_text",
        }
    }
}
