//! Registration (立案登记): where a filing stands on its way to a case
//! number, and the one-time notice of missing materials.

mod notice;

use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

use crate::NumberRef;

pub use notice::{Material, MissingItem, NoticeError, OneTimeNotice, Wording};

/// A notice as issued to a filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedNotice {
    pub notice: OneTimeNotice,
    pub issued_on: CivilDate,
}

/// How a filing came to be registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Registered straight from review, with complete materials (as filed
    /// or as supplemented).
    Direct,
    /// Registered after a decision pending within the legal period.
    AfterDecision,
    /// Registered after a mediation without agreement.
    AfterMediation,
}

/// A registered case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub number: NumberRef,
    /// The registration's date at the site.
    pub on: CivilDate,
    /// The filing's first receipt date, kept through supplements and
    /// mediation: the litigant filed once.
    pub received_on: CivilDate,
    /// The last day the registration was due by.
    pub deadline: CivilDate,
    pub route: Route,
}

impl Registration {
    /// Whether the case was registered within the legal period.
    pub fn within_period(&self) -> bool {
        self.on <= self.deadline
    }
}

/// Where a filing stands on registration.
///
/// `Received → RegisteredOnTheSpot | PendingDecision | MaterialsMissing |
/// NotAccepted`; `MaterialsMissing → Supplemented | NotAccepted`;
/// `Supplemented → RegisteredOnTheSpot | PendingDecision | NotAccepted`;
/// `PendingDecision → Registered | MaterialsMissing | NotAccepted`. A filing
/// has one notice at most, so `MaterialsMissing` is reached once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RegistrationStatus {
    Received,
    MaterialsMissing {
        notice: IssuedNotice,
    },
    Supplemented {
        on: CivilDate,
    },
    PendingDecision {
        deadline: CivilDate,
    },
    /// Registered on the day the filing was complete, without a decision
    /// pending: the on-the-spot figure counts these.
    RegisteredOnTheSpot(Registration),
    /// Registered later: after a pending decision, after mediation, or on a
    /// later day than the filing was complete.
    Registered(Registration),
    NotAccepted {
        ruling_ref: String,
        on: CivilDate,
    },
}

impl RegistrationStatus {
    pub fn registration(&self) -> Option<&Registration> {
        match self {
            RegistrationStatus::RegisteredOnTheSpot(r) | RegistrationStatus::Registered(r) => {
                Some(r)
            }
            _ => None,
        }
    }

    pub(crate) fn registration_mut(&mut self) -> Option<&mut Registration> {
        match self {
            RegistrationStatus::RegisteredOnTheSpot(r) | RegistrationStatus::Registered(r) => {
                Some(r)
            }
            _ => None,
        }
    }
}
