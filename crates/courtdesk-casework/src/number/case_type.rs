//! The case types a service center registers, with their national type codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A case type the service center registers.
///
/// The list is the first-instance and non-litigation work that comes in at a
/// filing window: civil, administrative and private-prosecution criminal
/// complaints (`民初`, `行初`, `刑初`), pre-litigation mediation (`民诉前调`),
/// special procedures such as judicial confirmation (`民特`) and enforcement
/// applications (`执`). Appeals (`民终`) and retrial applications (`民申`)
/// are numbered by the higher court that hears them, so a center never
/// allocates those numbers; public prosecutions arrive from the procuratorate,
/// not from a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CaseType {
    /// 民初: civil, first instance.
    CivilFirstInstance,
    /// 行初: administrative, first instance.
    AdministrativeFirstInstance,
    /// 刑初: criminal, first instance (private prosecutions filed by the victim).
    CriminalFirstInstance,
    /// 民诉前调: civil pre-litigation mediation.
    PreLitigationMediation,
    /// 民特: civil special procedure, including judicial confirmation of a
    /// mediation agreement.
    CivilSpecialProcedure,
    /// 执: enforcement.
    Enforcement,
}

/// A type code this crate does not register.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a case type registered here (民初, 行初, 刑初, 民诉前调, 民特, 执)")]
pub struct UnknownCaseType {
    text: String,
}

impl CaseType {
    pub const ALL: [CaseType; 6] = [
        CaseType::CivilFirstInstance,
        CaseType::AdministrativeFirstInstance,
        CaseType::CriminalFirstInstance,
        CaseType::PreLitigationMediation,
        CaseType::CivilSpecialProcedure,
        CaseType::Enforcement,
    ];

    /// The type code printed in the case number.
    pub fn code(self) -> &'static str {
        match self {
            CaseType::CivilFirstInstance => "民初",
            CaseType::AdministrativeFirstInstance => "行初",
            CaseType::CriminalFirstInstance => "刑初",
            CaseType::PreLitigationMediation => "民诉前调",
            CaseType::CivilSpecialProcedure => "民特",
            CaseType::Enforcement => "执",
        }
    }

    /// Whether a filing of this type is a dispute that can be registered as
    /// a case of its own; mediations and confirmations are numbered as they
    /// open, from a filing or an agreement.
    pub fn is_filing_type(self) -> bool {
        !matches!(
            self,
            CaseType::PreLitigationMediation | CaseType::CivilSpecialProcedure
        )
    }
}

impl FromStr for CaseType {
    type Err = UnknownCaseType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseType::ALL
            .into_iter()
            .find(|t| t.code() == s)
            .ok_or_else(|| UnknownCaseType {
                text: s.chars().take(20).collect(),
            })
    }
}

impl TryFrom<String> for CaseType {
    type Error = UnknownCaseType;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<CaseType> for String {
    fn from(t: CaseType) -> String {
        t.code().to_owned()
    }
}

impl fmt::Display for CaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_parses_back_from_its_code_and_codes_are_distinct() {
        for t in CaseType::ALL {
            assert_eq!(t.code().parse::<CaseType>(), Ok(t));
        }
        let codes: std::collections::BTreeSet<_> = CaseType::ALL.map(CaseType::code).into();
        assert_eq!(codes.len(), CaseType::ALL.len());
        assert!(
            "民终".parse::<CaseType>().is_err(),
            "appeals are numbered elsewhere"
        );
    }

    #[test]
    fn types_serialize_as_their_codes() {
        let json = serde_json::to_string(&CaseType::PreLitigationMediation).expect("serializes");
        assert_eq!(json, r#""民诉前调""#);
        assert_eq!(
            serde_json::from_str::<CaseType>(r#""民特""#).ok(),
            Some(CaseType::CivilSpecialProcedure)
        );
    }
}
