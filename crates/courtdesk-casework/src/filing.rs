//! A filing from its receipt to its registration, its mediation and the
//! judicial confirmation of an agreement: each step a function from the
//! filing, the event and the moment to the next filing, or a refusal.

use courtdesk_core::Locale;
use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

use crate::mediation::check_number;
use crate::registration::{IssuedNotice, Registration, RegistrationStatus, Route};
use crate::{
    CaseType, CaseworkError, CaseworkEvent, CaseworkRules, Channel, Choice, Confirmation,
    DisputeCategory, FilingId, Mediation, MediationOutcome, Moment, NumberRef,
};

/// The offer of mediation as shown, and the litigant's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub shown_text: String,
    pub locale: Locale,
    pub choice: Choice,
    pub at: Moment,
}

/// A filing and everything that happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filing {
    pub id: FilingId,
    pub case_type: CaseType,
    pub category: Option<DisputeCategory>,
    pub channel: Channel,
    pub received_at: Moment,
    /// The first receipt date, which registration keeps.
    pub received_on: CivilDate,
    pub status: RegistrationStatus,
    /// The one-time notice, kept after the supplement for the trace.
    pub notice: Option<IssuedNotice>,
    pub offer: Option<Offer>,
    pub mediation: Option<Mediation>,
    pub confirmation: Option<Confirmation>,
    /// The day the registration period runs from: the receipt, the
    /// supplement (the period restarts when the materials are complete), or
    /// the end of a mediation without agreement.
    pub period_from: CivilDate,
}

impl Filing {
    /// A filing received `at`.
    pub fn receive(
        id: FilingId,
        case_type: CaseType,
        category: Option<DisputeCategory>,
        channel: Channel,
        at: Moment,
    ) -> Result<Filing, CaseworkError> {
        if !case_type.is_filing_type() {
            return Err(CaseworkError::NotAFilingType { case_type });
        }
        Ok(Filing {
            id,
            case_type,
            category,
            channel,
            received_at: at,
            received_on: at.date(),
            status: RegistrationStatus::Received,
            notice: None,
            offer: None,
            mediation: None,
            confirmation: None,
            period_from: at.date(),
        })
    }

    /// The last day a decision on registration is due by, while one is due.
    pub fn decision_deadline(&self, rules: &CaseworkRules) -> Option<CivilDate> {
        match &self.status {
            RegistrationStatus::PendingDecision { deadline } => Some(*deadline),
            RegistrationStatus::Received | RegistrationStatus::Supplemented { .. }
                if !self.mediation.as_ref().is_some_and(Mediation::is_open) =>
            {
                Some(rules.registration_period.last_day(self.period_from))
            }
            _ => None,
        }
    }

    /// Whether a decision is due and `today` is past its last day.
    pub fn overdue(&self, today: CivilDate, rules: &CaseworkRules) -> bool {
        self.decision_deadline(rules).is_some_and(|d| today > d)
    }

    /// Whether the filing was registered on the spot, the figure the court's
    /// on-the-spot filing rate counts.
    pub fn registered_on_the_spot(&self) -> bool {
        matches!(self.status, RegistrationStatus::RegisteredOnTheSpot(_))
    }

    /// Whether the case was registered within its period; `None` until it is
    /// registered.
    pub fn registered_within_period(&self) -> Option<bool> {
        self.status.registration().map(Registration::within_period)
    }

    /// The next filing after `event` recorded `at`, or why the event is
    /// refused (and nothing changes).
    pub fn apply(
        &self,
        event: &CaseworkEvent,
        at: Moment,
        rules: &CaseworkRules,
    ) -> Result<Filing, CaseworkError> {
        let today = at.date();
        let mut next = self.clone();
        match event {
            CaseworkEvent::Received { .. } => return Err(CaseworkError::AlreadyReceived),
            CaseworkEvent::NoticeIssued { notice } => {
                self.decidable()?;
                if self.notice.is_some() {
                    return Err(CaseworkError::NoticeAlreadyIssued);
                }
                let issued = IssuedNotice {
                    notice: notice.clone(),
                    issued_on: today,
                };
                next.notice = Some(issued.clone());
                next.status = RegistrationStatus::MaterialsMissing { notice: issued };
            }
            CaseworkEvent::Supplemented => {
                let RegistrationStatus::MaterialsMissing { .. } = self.status else {
                    return Err(CaseworkError::NoNoticeOutstanding);
                };
                next.status = RegistrationStatus::Supplemented { on: today };
                next.period_from = today;
            }
            CaseworkEvent::DecisionPending => {
                self.decidable()?;
                match self.status {
                    RegistrationStatus::PendingDecision { .. } => {
                        return Err(CaseworkError::AlreadyPending);
                    }
                    RegistrationStatus::MaterialsMissing { .. } => {
                        return Err(CaseworkError::AwaitingSupplement);
                    }
                    _ => {}
                }
                next.status = RegistrationStatus::PendingDecision {
                    deadline: rules.registration_period.last_day(self.period_from),
                };
            }
            CaseworkEvent::Registered { number } => {
                self.decidable()?;
                check_number(number, self.case_type, today)?;
                next.status = self.registered(number.clone(), today, rules)?;
            }
            CaseworkEvent::NotAccepted { ruling_ref } => {
                self.decidable()?;
                if ruling_ref.trim().is_empty() {
                    return Err(CaseworkError::EmptyRulingReference);
                }
                next.status = RegistrationStatus::NotAccepted {
                    ruling_ref: ruling_ref.trim().to_owned(),
                    on: today,
                };
            }
            CaseworkEvent::NumberAssigned {
                provisional,
                number,
            } => next.assign_number(provisional, number)?,
            CaseworkEvent::MediationOffered {
                shown_text,
                locale,
                choice,
            } => {
                self.before_mediation()?;
                if self.offer.is_some() {
                    return Err(CaseworkError::AlreadyOffered);
                }
                if shown_text.trim().is_empty() {
                    return Err(CaseworkError::EmptyOfferText);
                }
                if !rules
                    .suitability
                    .is_suitable(self.case_type, self.category.as_ref())
                {
                    return Err(CaseworkError::NotSuitableForMediation {
                        case_type: self.case_type,
                    });
                }
                next.offer = Some(Offer {
                    shown_text: shown_text.clone(),
                    locale: *locale,
                    choice: *choice,
                    at,
                });
            }
            CaseworkEvent::MediationOpened {
                number,
                organization,
                mediator,
            } => {
                if self.mediation.is_some() {
                    return Err(CaseworkError::MediationAlreadyOpen);
                }
                self.before_mediation()?;
                if !self
                    .offer
                    .as_ref()
                    .is_some_and(|o| o.choice == Choice::Consented)
                {
                    return Err(CaseworkError::NoConsent);
                }
                next.mediation = Some(Mediation::open(
                    number.clone(),
                    organization.clone(),
                    mediator.clone(),
                    today,
                    rules,
                )?);
            }
            CaseworkEvent::MediationExtended {
                days,
                applicant_consented,
                respondent_consented,
            } => {
                next.mediation = Some(self.mediation()?.extend(
                    *days,
                    *applicant_consented,
                    *respondent_consented,
                    today,
                    rules,
                )?);
            }
            CaseworkEvent::MediationSession { session } => {
                next.mediation = Some(self.mediation()?.record_session(session.clone(), today)?);
            }
            CaseworkEvent::MediationConcluded { outcome } => {
                next.mediation = Some(self.mediation()?.conclude(outcome.clone(), today)?);
                if !matches!(outcome, MediationOutcome::Agreement { .. }) {
                    // The filing returns to registration; its period runs
                    // from the mediation's end, its receipt date stays.
                    next.period_from = today;
                }
            }
            CaseworkEvent::ConfirmationApplied { number } => {
                let agreement_on = self
                    .mediation
                    .as_ref()
                    .and_then(Mediation::agreement_on)
                    .ok_or(CaseworkError::NoAgreement)?;
                if self.confirmation.is_some() {
                    return Err(CaseworkError::ConfirmationAlreadyApplied);
                }
                next.confirmation = Some(Confirmation::apply(
                    number.clone(),
                    agreement_on,
                    today,
                    rules,
                )?);
            }
            CaseworkEvent::ConfirmationRuled {
                confirmed,
                ruling_ref,
            } => {
                let applied = self
                    .confirmation
                    .as_ref()
                    .ok_or(CaseworkError::NoConfirmationApplied)?;
                next.confirmation = Some(applied.rule(*confirmed, ruling_ref, today)?);
            }
            CaseworkEvent::PetitionLodged { .. }
            | CaseworkEvent::PetitionAccepted
            | CaseworkEvent::PetitionReferred { .. }
            | CaseworkEvent::PetitionReplied { .. } => return Err(CaseworkError::WrongSubject),
        }
        Ok(next)
    }

    fn mediation(&self) -> Result<&Mediation, CaseworkError> {
        self.mediation.as_ref().ok_or(CaseworkError::NoMediation)
    }

    /// Refuses a registration decision once the filing is decided, while it
    /// is being mediated, or after it was settled by agreement.
    fn decidable(&self) -> Result<(), CaseworkError> {
        match &self.status {
            RegistrationStatus::RegisteredOnTheSpot(_) | RegistrationStatus::Registered(_) => {
                return Err(CaseworkError::AlreadyRegistered);
            }
            RegistrationStatus::NotAccepted { .. } => return Err(CaseworkError::AlreadyRefused),
            _ => {}
        }
        match &self.mediation {
            Some(m) if m.is_open() => Err(CaseworkError::MediationUnderway),
            Some(m) if m.agreement_on().is_some() => Err(CaseworkError::SettledByMediation),
            _ => Ok(()),
        }
    }

    /// Mediation is offered first: before any decision, with the materials
    /// complete.
    fn before_mediation(&self) -> Result<(), CaseworkError> {
        self.decidable()?;
        match self.status {
            RegistrationStatus::MaterialsMissing { .. } => Err(CaseworkError::AwaitingSupplement),
            RegistrationStatus::PendingDecision { .. } => Err(CaseworkError::AlreadyPending),
            _ => Ok(()),
        }
    }

    fn registered(
        &self,
        number: NumberRef,
        today: CivilDate,
        rules: &CaseworkRules,
    ) -> Result<RegistrationStatus, CaseworkError> {
        let after_mediation = self.mediation.is_some();
        let (route, on_the_spot) = match self.status {
            RegistrationStatus::MaterialsMissing { .. } => {
                return Err(CaseworkError::AwaitingSupplement);
            }
            RegistrationStatus::PendingDecision { .. } => (Route::AfterDecision, false),
            _ if after_mediation => (Route::AfterMediation, false),
            _ => (Route::Direct, today == self.period_from),
        };
        let deadline = match self.status {
            RegistrationStatus::PendingDecision { deadline } => deadline,
            _ => rules.registration_period.last_day(self.period_from),
        };
        let registration = Registration {
            number,
            on: today,
            received_on: self.received_on,
            deadline,
            route,
        };
        Ok(if on_the_spot {
            RegistrationStatus::RegisteredOnTheSpot(registration)
        } else {
            RegistrationStatus::Registered(registration)
        })
    }

    /// Replaces a provisional number by the case number the server assigned,
    /// wherever the filing holds it, checking the number fits the step.
    fn assign_number(
        &mut self,
        provisional: &crate::ProvisionalNumber,
        number: &crate::CaseNumber,
    ) -> Result<(), CaseworkError> {
        let wanted = NumberRef::Provisional(provisional.clone());
        let assigned = NumberRef::Assigned(number.clone());
        let case_type = self.case_type;
        if let Some(r) = self.status.registration_mut() {
            if r.number == wanted {
                check_number(&assigned, case_type, r.on)?;
                r.number = assigned;
                return Ok(());
            }
        }
        if let Some(m) = self.mediation.as_mut() {
            if m.number == wanted {
                check_number(&assigned, CaseType::PreLitigationMediation, m.opened_on)?;
                m.number = assigned;
                return Ok(());
            }
        }
        if let Some(c) = self.confirmation.as_mut() {
            if c.number == wanted {
                check_number(&assigned, CaseType::CivilSpecialProcedure, c.applied_on)?;
                c.number = assigned;
                return Ok(());
            }
        }
        Err(CaseworkError::NoSuchProvisional {
            provisional: provisional.clone(),
        })
    }
}

#[cfg(test)]
mod tests;
