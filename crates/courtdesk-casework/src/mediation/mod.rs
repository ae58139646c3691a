//! Pre-litigation mediation (诉前调解): a mediation's number, organization
//! and mediator, its period and extensions, its sessions and its outcome;
//! and judicial confirmation (司法确认) of an agreement.

mod confirmation;
mod session;

use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

use crate::{
    CaseType, CaseworkError, CaseworkRules, MediationOutcome, MediatorId, NumberRef,
    OrganizationId, Period,
};

pub use confirmation::{Confirmation, Ruling};
pub use session::{Attendee, AttendeeRole, InvalidSha256, Session, Sha256Hex, Venue};

/// An extension of the mediation period, agreed by both parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub on: CivilDate,
    pub days: u32,
    /// The period's last day after this extension.
    pub deadline: CivilDate,
}

/// How and when a mediation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ended {
    pub outcome: MediationOutcome,
    pub on: CivilDate,
}

/// A pre-litigation mediation of a filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mediation {
    /// Its own number, of type `民诉前调`.
    pub number: NumberRef,
    pub organization: OrganizationId,
    pub mediator: MediatorId,
    pub opened_on: CivilDate,
    /// The period's last day, extensions included.
    pub deadline: CivilDate,
    pub extensions: Vec<Extension>,
    pub sessions: Vec<Session>,
    pub ended: Option<Ended>,
}

/// Checks that a number is of the type a step needs and, once assigned, of
/// the year the step is taken in (numbers count per year, by the day the
/// step is recorded).
pub(crate) fn check_number(
    number: &NumberRef,
    expected: CaseType,
    today: CivilDate,
) -> Result<(), CaseworkError> {
    if let NumberRef::Assigned(n) = number {
        if n.type_code != expected {
            return Err(CaseworkError::WrongCaseType {
                expected,
                got: n.type_code,
            });
        }
        if i32::from(n.year) != today.year() {
            return Err(CaseworkError::WrongYear {
                number_year: n.year,
                record_year: today.year(),
            });
        }
    }
    Ok(())
}

impl Mediation {
    /// A mediation opened `today`, for the rules' period.
    pub fn open(
        number: NumberRef,
        organization: OrganizationId,
        mediator: MediatorId,
        today: CivilDate,
        rules: &CaseworkRules,
    ) -> Result<Mediation, CaseworkError> {
        check_number(&number, CaseType::PreLitigationMediation, today)?;
        Ok(Mediation {
            number,
            organization,
            mediator,
            opened_on: today,
            deadline: rules.mediation_period.last_day(today),
            extensions: Vec::new(),
            sessions: Vec::new(),
            ended: None,
        })
    }

    pub fn is_open(&self) -> bool {
        self.ended.is_none()
    }

    /// The day of the agreement, if the mediation ended in one.
    pub fn agreement_on(&self) -> Option<CivilDate> {
        match &self.ended {
            Some(Ended {
                outcome: MediationOutcome::Agreement { .. },
                on,
            }) => Some(*on),
            _ => None,
        }
    }

    /// Whether the mediation is still open after its last day: a supervisor
    /// sees it, and it should end or be extended.
    pub fn overdue(&self, today: CivilDate) -> bool {
        self.is_open() && today > self.deadline
    }

    fn open_or_refuse(&self) -> Result<(), CaseworkError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(CaseworkError::MediationEnded)
        }
    }

    /// Extends the period by `days`, counted as the rules count the period,
    /// from its current last day. Both parties must consent, and the period
    /// must not have ended: an ended period cannot be revived.
    pub fn extend(
        &self,
        days: u32,
        applicant_consented: bool,
        respondent_consented: bool,
        today: CivilDate,
        rules: &CaseworkRules,
    ) -> Result<Mediation, CaseworkError> {
        self.open_or_refuse()?;
        if !(applicant_consented && respondent_consented) {
            return Err(CaseworkError::ExtensionNeedsBothParties);
        }
        if days == 0 {
            return Err(CaseworkError::EmptyExtension);
        }
        if today > self.deadline {
            return Err(CaseworkError::MediationPeriodOver {
                deadline: self.deadline,
            });
        }
        let period = Period {
            days,
            count: rules.mediation_period.count.clone(),
        };
        let deadline = period.last_day(self.deadline);
        let mut next = self.clone();
        next.extensions.push(Extension {
            on: today,
            days,
            deadline,
        });
        next.deadline = deadline;
        Ok(next)
    }

    /// Records a session held from the opening day to `today`, within the
    /// period.
    pub fn record_session(
        &self,
        session: Session,
        today: CivilDate,
    ) -> Result<Mediation, CaseworkError> {
        self.open_or_refuse()?;
        if session.attendees.is_empty() {
            return Err(CaseworkError::NoAttendees);
        }
        if session.on < self.opened_on || session.on > today {
            return Err(CaseworkError::SessionOutOfPeriod {
                opened_on: self.opened_on,
            });
        }
        if session.on > self.deadline {
            return Err(CaseworkError::MediationPeriodOver {
                deadline: self.deadline,
            });
        }
        let mut next = self.clone();
        next.sessions.push(session);
        Ok(next)
    }

    /// Ends the mediation `today`. An agreement must be reached within the
    /// period; no agreement and withdrawal can be recorded at any time, since
    /// an overdue mediation has to be closed somehow.
    pub fn conclude(
        &self,
        outcome: MediationOutcome,
        today: CivilDate,
    ) -> Result<Mediation, CaseworkError> {
        self.open_or_refuse()?;
        let agreement = matches!(outcome, MediationOutcome::Agreement { .. });
        if agreement && today > self.deadline {
            return Err(CaseworkError::MediationPeriodOver {
                deadline: self.deadline,
            });
        }
        let mut next = self.clone();
        next.ended = Some(Ended { outcome, on: today });
        Ok(next)
    }
}
