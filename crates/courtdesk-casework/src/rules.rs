//! The court's configurable casework rules, with the defaults the law and
//! the court's practice give.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::{CaseType, Period};

/// The kind of dispute a filing is about, as the court configures them for
/// mediation: a snake_case key such as `traffic_accident`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DisputeCategory(pub String);

impl DisputeCategory {
    /// The categories suitable for pre-litigation mediation unless the court
    /// configures others: traffic accidents, labour disputes, financial
    /// consumer disputes, family disputes, property management fees and
    /// small loans, the disputes the court's partner departments and
    /// organizations mediate.
    pub const DEFAULT_SUITABLE: [&'static str; 6] = [
        "traffic_accident",
        "labour_dispute",
        "financial_consumer",
        "family",
        "property_management",
        "small_loan",
    ];

    pub fn new(key: &str) -> DisputeCategory {
        DisputeCategory(key.to_owned())
    }
}

/// Which filings are offered mediation first: a filing of one of the case
/// types about one of the categories. Both sets are the administrator's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationSuitability {
    pub case_types: BTreeSet<CaseType>,
    pub categories: BTreeSet<DisputeCategory>,
}

impl Default for MediationSuitability {
    /// Civil first-instance filings in the default categories: mediation
    /// before litigation is a civil procedure.
    fn default() -> Self {
        MediationSuitability {
            case_types: BTreeSet::from([CaseType::CivilFirstInstance]),
            categories: DisputeCategory::DEFAULT_SUITABLE
                .into_iter()
                .map(DisputeCategory::new)
                .collect(),
        }
    }
}

impl MediationSuitability {
    pub fn is_suitable(&self, case_type: CaseType, category: Option<&DisputeCategory>) -> bool {
        self.case_types.contains(&case_type)
            && category.is_some_and(|c| self.categories.contains(c))
    }
}

/// The periods and sets the casework rules use. Every terminal and the
/// server must run with the same rules, since they take part in the fold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseworkRules {
    /// Deciding on a filing that cannot be registered on the spot: the Civil
    /// Procedure Law's 7 days.
    pub registration_period: Period,
    /// A pre-litigation mediation: 30 days from its opening.
    pub mediation_period: Period,
    /// Applying for judicial confirmation: the Civil Procedure Law's 30 days
    /// from the agreement taking effect.
    pub confirmation_period: Period,
    /// Deciding whether to accept a petition: 15 days, as the petition
    /// regulations (信访工作条例) give.
    pub petition_acceptance_period: Period,
    /// Replying to an accepted or referred petition: 60 days, likewise.
    pub petition_reply_period: Period,
    pub suitability: MediationSuitability,
}

impl Default for CaseworkRules {
    fn default() -> Self {
        CaseworkRules {
            registration_period: Period::days(7),
            mediation_period: Period::days(30),
            confirmation_period: Period::days(30),
            petition_acceptance_period: Period::days(15),
            petition_reply_period: Period::days(60),
            suitability: MediationSuitability::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_offers_mediation_for_civil_traffic_cases_only() {
        let rules = MediationSuitability::default();
        let traffic = DisputeCategory::new("traffic_accident");
        let sale = DisputeCategory::new("sale_contract");
        assert!(rules.is_suitable(CaseType::CivilFirstInstance, Some(&traffic)));
        assert!(!rules.is_suitable(CaseType::CivilFirstInstance, Some(&sale)));
        assert!(!rules.is_suitable(CaseType::CivilFirstInstance, None));
        assert!(!rules.is_suitable(CaseType::AdministrativeFirstInstance, Some(&traffic)));
    }

    #[test]
    fn rules_round_trip_through_json_with_working_days() {
        let mut rules = CaseworkRules::default();
        let mut calendar = crate::WorkCalendar::default();
        calendar
            .holidays
            .insert(courtdesk_identity::CivilDate::new(2027, 1, 1).expect("a date"));
        rules.registration_period = Period {
            days: 5,
            count: crate::DayCount::WorkingDays { calendar },
        };
        let json = serde_json::to_value(&rules).expect("serializes");
        assert_eq!(json["registration_period"]["count"], "working_days");
        assert_eq!(json["mediation_period"]["days"], 30);
        let back: CaseworkRules = serde_json::from_value(json).expect("parses");
        assert_eq!(back, rules);
    }
}
