//! The parties' cases: the court's case system puts a case with its
//! parties, and a kiosk asks for the cases of the party identified there,
//! so document intake can offer them. Errors are the delivery endpoints'
//! (`DeliveryErrorBody`), and a party is named and proven as for deliveries
//! (`PartyProof`).

use serde::{Deserialize, Serialize};

/// The case endpoints.
pub mod paths {
    /// `POST`: put a case and its parties (the case system's bearer token,
    /// or a staff desk's signed request).
    pub const PUT: &str = "/v1/cases";
    /// `POST`: the cases of one party identified at a kiosk.
    pub const PARTY: &str = "/v1/cases/party";
}

/// What a party is in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CaseRole {
    Plaintiff,
    Defendant,
    ThirdParty,
    Applicant,
    Respondent,
    Other,
}

impl CaseRole {
    pub const ALL: [CaseRole; 6] = [
        CaseRole::Plaintiff,
        CaseRole::Defendant,
        CaseRole::ThirdParty,
        CaseRole::Applicant,
        CaseRole::Respondent,
        CaseRole::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseRole::Plaintiff => "plaintiff",
            CaseRole::Defendant => "defendant",
            CaseRole::ThirdParty => "third_party",
            CaseRole::Applicant => "applicant",
            CaseRole::Respondent => "respondent",
            CaseRole::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<CaseRole> {
        CaseRole::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// A party of a case as the case system names them.
///
/// `Debug` hides the resident ID number and the phone.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePartyInput {
    /// The party's resident ID number; it and `phone` must match a party on
    /// file at the case's court.
    pub resident_id: String,
    /// The party's phone number as on file.
    pub phone: String,
    pub role: CaseRole,
}

impl std::fmt::Debug for CasePartyInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CasePartyInput")
            .field("resident_id", &"<redacted>")
            .field("phone", &"<redacted>")
            .field("role", &self.role)
            .finish()
    }
}

/// Putting a case: its parties replace the ones kept for the case before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PutCaseRequest {
    /// The court the case is of. A staff desk may leave it out (its own)
    /// but not name another; the case system names it.
    #[serde(default)]
    pub court_id: Option<String>,
    /// The court's case number, e.g. `(2026)京0105民初123号`.
    pub case_number: String,
    /// A short title: the cause of action, e.g. `买卖合同纠纷`.
    pub title: String,
    pub parties: Vec<CasePartyInput>,
}

/// The answer to putting a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseKept {
    pub court_id: String,
    pub case_number: String,
    /// How many parties the case now has.
    pub parties: u32,
    pub updated_ms: u64,
}

/// One case of a party, as a kiosk receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyCaseEntry {
    pub case_number: String,
    pub title: String,
    pub role: CaseRole,
    pub updated_ms: u64,
}

/// The cases at the kiosk's court of the party a proof names, latest
/// updated first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyCaseList {
    pub cases: Vec<PartyCaseEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_as_snake_case() {
        for role in CaseRole::ALL {
            assert_eq!(CaseRole::parse(role.as_str()), Some(role));
            assert_eq!(
                serde_json::to_value(role).ok(),
                Some(serde_json::json!(role.as_str()))
            );
        }
    }

    #[test]
    fn debug_hides_the_party() {
        let party = CasePartyInput {
            resident_id: "11010519491231002X".into(),
            phone: "13800138000".into(),
            role: CaseRole::Plaintiff,
        };
        let shown = format!("{party:?}");
        assert!(
            !shown.contains("1101") && !shown.contains("1380"),
            "{shown}"
        );
    }
}
