//! Registration and pre-litigation mediation figures, among them the
//! on-the-spot filing rate. The records come with the registration and
//! mediation workflows; these facts are what the figures need from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::day_number;
use crate::durations::ratio;
use crate::merge::{Merge, bump};
use crate::{DaySink, StatsRules};

/// How a filing's registration ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RegistrationOutcome {
    /// A case number was assigned.
    Registered { at_ms: u64 },
    /// Not accepted (a written ruling), with the reason's code.
    NotRegistered { at_ms: u64, reason: String },
}

/// A filing (a new-filing submission, or one that came back from mediation
/// without agreement) and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationFacts {
    pub filing_id: String,
    /// The first receipt; a filing returned from mediation keeps it.
    pub received_ms: u64,
    /// When the clerk first recorded that it could not be registered on the
    /// spot (materials missing, or a decision pending within the period).
    pub deferred_ms: Option<u64>,
    /// When the supplements a one-time notice asked for were complete: the
    /// legal period runs from then instead of from receipt.
    pub completed_ms: Option<u64>,
    pub outcome: Option<RegistrationOutcome>,
}

/// How a registered filing counts; see [`RegistrationFacts::timeliness`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    OnTheSpot,
    WithinPeriod,
    Late,
}

impl RegistrationFacts {
    /// On the spot: registered on the site-local day of receipt with no
    /// deferral recorded before. Within the period: otherwise registered
    /// no later than `registration_period_days` site-local days after the
    /// day of receipt, or of completed supplements if any. Late: after
    /// that. `None` unless registered.
    pub fn timeliness(&self, rules: &StatsRules) -> Option<Timeliness> {
        let Some(RegistrationOutcome::Registered { at_ms }) = self.outcome else {
            return None;
        };
        let registered = day_number(rules.site.day(at_ms));
        let received = day_number(rules.site.day(self.received_ms));
        let deferred = self.deferred_ms.is_some_and(|d| d <= at_ms);
        if !deferred && registered == received {
            return Some(Timeliness::OnTheSpot);
        }
        let start = day_number(
            rules
                .site
                .day(self.completed_ms.unwrap_or(self.received_ms)),
        );
        if registered - start <= i64::from(rules.registration_period_days) {
            Some(Timeliness::WithinPeriod)
        } else {
            Some(Timeliness::Late)
        }
    }
}

/// How a mediation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediationEnd {
    Agreement,
    NoAgreement,
    Withdrawn,
}

/// The ruling on an application for judicial confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationRuling {
    pub at_ms: u64,
    pub granted: bool,
}

/// A pre-litigation mediation, from referral to its end and, after an
/// agreement, the judicial confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationFacts {
    pub mediation_id: String,
    /// When the parties' consent sent the dispute to mediation.
    pub referred_ms: u64,
    pub ended: Option<(MediationEnd, u64)>,
    pub confirmation_applied_ms: Option<u64>,
    pub confirmation: Option<ConfirmationRuling>,
    /// When a mediation without agreement went on to registration.
    pub returned_to_registration_ms: Option<u64>,
}

/// A day's registration and mediation figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseworkDay {
    /// Filings, on the day of (first) receipt.
    pub filings_received: u64,
    /// Registrations, on the day registered, by timeliness.
    pub registered_on_the_spot: u64,
    pub registered_within_period: u64,
    pub registered_late: u64,
    /// Filings not registered, on the day of the ruling, by reason.
    pub not_registered: BTreeMap<String, u64>,
    pub mediation_referrals: u64,
    pub mediation_agreements: u64,
    pub mediation_no_agreement: u64,
    pub mediation_withdrawn: u64,
    pub confirmations_applied: u64,
    pub confirmations_granted: u64,
    pub confirmations_refused: u64,
    pub returned_to_registration: u64,
}

impl CaseworkDay {
    pub fn registered_total(&self) -> u64 {
        self.registered_on_the_spot + self.registered_within_period + self.registered_late
    }

    /// The on-the-spot filing rate (当场立案率): registered on the spot /
    /// all registered, over the registrations made in the days. Filings not
    /// registered and filings still pending are in neither count.
    pub fn on_the_spot_rate(&self) -> Option<f64> {
        ratio(self.registered_on_the_spot, self.registered_total())
    }

    /// Agreements / mediations ended (agreement, no agreement, withdrawn).
    pub fn mediation_success_rate(&self) -> Option<f64> {
        let ended =
            self.mediation_agreements + self.mediation_no_agreement + self.mediation_withdrawn;
        ratio(self.mediation_agreements, ended)
    }
}

impl Merge for CaseworkDay {
    fn merge_from(&mut self, other: &Self) {
        self.filings_received.merge_from(&other.filings_received);
        self.registered_on_the_spot
            .merge_from(&other.registered_on_the_spot);
        self.registered_within_period
            .merge_from(&other.registered_within_period);
        self.registered_late.merge_from(&other.registered_late);
        self.not_registered.merge_from(&other.not_registered);
        self.mediation_referrals
            .merge_from(&other.mediation_referrals);
        self.mediation_agreements
            .merge_from(&other.mediation_agreements);
        self.mediation_no_agreement
            .merge_from(&other.mediation_no_agreement);
        self.mediation_withdrawn
            .merge_from(&other.mediation_withdrawn);
        self.confirmations_applied
            .merge_from(&other.confirmations_applied);
        self.confirmations_granted
            .merge_from(&other.confirmations_granted);
        self.confirmations_refused
            .merge_from(&other.confirmations_refused);
        self.returned_to_registration
            .merge_from(&other.returned_to_registration);
    }
}

fn at(rules: &StatsRules, sink: &mut impl DaySink, at_ms: u64, count: impl Fn(&mut CaseworkDay)) {
    if let Some(figures) = sink.at(rules.site.day(at_ms)) {
        count(&mut figures.casework);
    }
}

pub(crate) fn record_registration(
    filing: &RegistrationFacts,
    rules: &StatsRules,
    sink: &mut impl DaySink,
) {
    at(rules, sink, filing.received_ms, |c| c.filings_received += 1);
    match &filing.outcome {
        None => {}
        Some(RegistrationOutcome::NotRegistered { at_ms, reason }) => {
            at(rules, sink, *at_ms, |c| {
                bump(&mut c.not_registered, reason.clone())
            });
        }
        Some(RegistrationOutcome::Registered { at_ms }) => {
            let timeliness = filing.timeliness(rules);
            at(rules, sink, *at_ms, |c| match timeliness {
                Some(Timeliness::OnTheSpot) => c.registered_on_the_spot += 1,
                Some(Timeliness::WithinPeriod) => c.registered_within_period += 1,
                Some(Timeliness::Late) | None => c.registered_late += 1,
            });
        }
    }
}

pub(crate) fn record_mediation(
    mediation: &MediationFacts,
    rules: &StatsRules,
    sink: &mut impl DaySink,
) {
    at(rules, sink, mediation.referred_ms, |c| {
        c.mediation_referrals += 1
    });
    if let Some((end, at_ms)) = mediation.ended {
        at(rules, sink, at_ms, |c| match end {
            MediationEnd::Agreement => c.mediation_agreements += 1,
            MediationEnd::NoAgreement => c.mediation_no_agreement += 1,
            MediationEnd::Withdrawn => c.mediation_withdrawn += 1,
        });
    }
    if let Some(applied_ms) = mediation.confirmation_applied_ms {
        at(rules, sink, applied_ms, |c| c.confirmations_applied += 1);
    }
    if let Some(ruling) = mediation.confirmation {
        at(rules, sink, ruling.at_ms, |c| {
            if ruling.granted {
                c.confirmations_granted += 1;
            } else {
                c.confirmations_refused += 1;
            }
        });
    }
    if let Some(returned_ms) = mediation.returned_to_registration_ms {
        at(rules, sink, returned_ms, |c| {
            c.returned_to_registration += 1
        });
    }
}

#[cfg(test)]
mod tests {
    use courtdesk_queue::SiteClock;

    use super::*;

    const DAY_MS: u64 = 86_400_000;
    /// 2025-03-07 09:00 in Beijing.
    const NINE_AM: u64 = 1_741_309_200_000;

    fn registered_after(days: u64, deferred: bool) -> Option<Timeliness> {
        RegistrationFacts {
            filing_id: "f".into(),
            received_ms: NINE_AM,
            deferred_ms: deferred.then_some(NINE_AM + 60_000),
            completed_ms: None,
            outcome: Some(RegistrationOutcome::Registered {
                at_ms: NINE_AM + days * DAY_MS + 3_600_000,
            }),
        }
        .timeliness(&StatsRules::new(SiteClock::CHINA))
    }

    #[test]
    fn the_legal_period_ends_with_its_seventh_site_day() {
        assert_eq!(registered_after(0, false), Some(Timeliness::OnTheSpot));
        assert_eq!(registered_after(0, true), Some(Timeliness::WithinPeriod));
        assert_eq!(registered_after(1, false), Some(Timeliness::WithinPeriod));
        assert_eq!(registered_after(7, true), Some(Timeliness::WithinPeriod));
        assert_eq!(registered_after(8, true), Some(Timeliness::Late));
    }

    #[test]
    fn a_deferral_recorded_after_registration_does_not_undo_on_the_spot() {
        let mut filing = RegistrationFacts {
            filing_id: "f".into(),
            received_ms: NINE_AM,
            deferred_ms: Some(NINE_AM + 7_200_000),
            completed_ms: None,
            outcome: Some(RegistrationOutcome::Registered {
                at_ms: NINE_AM + 3_600_000,
            }),
        };
        let rules = StatsRules::new(SiteClock::CHINA);
        assert_eq!(filing.timeliness(&rules), Some(Timeliness::OnTheSpot));
        filing.outcome = Some(RegistrationOutcome::NotRegistered {
            at_ms: NINE_AM,
            reason: "r".into(),
        });
        assert_eq!(filing.timeliness(&rules), None);
    }
}
