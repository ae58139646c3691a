//! Judicial confirmation (司法确认) of a mediation agreement: applied for
//! within the period after the agreement, then ruled on.

use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

use crate::mediation::check_number;
use crate::{CaseType, CaseworkError, CaseworkRules, NumberRef};

/// The ruling on an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ruling {
    pub confirmed: bool,
    pub ruling_ref: String,
    pub on: CivilDate,
}

/// An application for judicial confirmation, with its `民特` number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub number: NumberRef,
    pub applied_on: CivilDate,
    pub ruling: Option<Ruling>,
}

impl Confirmation {
    /// The last day to apply after an agreement reached on `agreement_on`.
    pub fn deadline(agreement_on: CivilDate, rules: &CaseworkRules) -> CivilDate {
        rules.confirmation_period.last_day(agreement_on)
    }

    /// An application made `today` for the agreement of `agreement_on`.
    pub fn apply(
        number: NumberRef,
        agreement_on: CivilDate,
        today: CivilDate,
        rules: &CaseworkRules,
    ) -> Result<Confirmation, CaseworkError> {
        check_number(&number, CaseType::CivilSpecialProcedure, today)?;
        let deadline = Confirmation::deadline(agreement_on, rules);
        if today > deadline {
            return Err(CaseworkError::ConfirmationPeriodOver { deadline });
        }
        Ok(Confirmation {
            number,
            applied_on: today,
            ruling: None,
        })
    }

    /// The court's ruling, confirmed or not, once.
    pub fn rule(
        &self,
        confirmed: bool,
        ruling_ref: &str,
        today: CivilDate,
    ) -> Result<Confirmation, CaseworkError> {
        if self.ruling.is_some() {
            return Err(CaseworkError::ConfirmationAlreadyRuled);
        }
        if ruling_ref.trim().is_empty() {
            return Err(CaseworkError::EmptyRulingReference);
        }
        let mut next = self.clone();
        next.ruling = Some(Ruling {
            confirmed,
            ruling_ref: ruling_ref.trim().to_owned(),
            on: today,
        });
        Ok(next)
    }
}
