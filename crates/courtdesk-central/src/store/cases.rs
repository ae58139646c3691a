//! What the stores keep about the parties' cases: one row per case and
//! party, the party named by the keyed hash of the ID number. Written once
//! against [`Sql`] for both backends, like [`super::delivery`].

use courtdesk_protocol::cases::CaseRole;

use super::StoreError;
use super::sql::{Cells, Sql};

/// A case and its parties to put, replacing what was kept for the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseToPut {
    pub court_id: String,
    pub case_number: String,
    pub title: String,
    /// The keyed hash of each party's ID number, and the party's role.
    pub parties: Vec<(String, CaseRole)>,
    pub updated_ms: u64,
    /// The clerk signed in at the desk that put it; `None` for the case
    /// system and the command line.
    pub clerk: Option<String>,
}

/// One case of a party as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPartyCase {
    pub case_number: String,
    pub title: String,
    pub role: CaseRole,
    pub updated_ms: u64,
}

pub(crate) fn put_case(sql: &mut dyn Sql, case: &CaseToPut) -> Result<(), StoreError> {
    sql.execute(
        "DELETE FROM case_parties WHERE court_id = $1 AND case_number = $2",
        &[
            case.court_id.as_str().into(),
            case.case_number.as_str().into(),
        ],
    )?;
    for (party_lookup, role) in &case.parties {
        sql.execute(
            "INSERT INTO case_parties
             (court_id, case_number, party_lookup, title, role, updated_ms, clerk)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                case.court_id.as_str().into(),
                case.case_number.as_str().into(),
                party_lookup.as_str().into(),
                case.title.as_str().into(),
                role.as_str().into(),
                case.updated_ms.into(),
                case.clerk.as_deref().into(),
            ],
        )?;
    }
    Ok(())
}

/// One party of a case as stored, for the audit of who put it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCaseParty {
    /// The keyed hash of the party's ID number.
    pub party_lookup: String,
    pub title: String,
    pub role: CaseRole,
    pub updated_ms: u64,
    /// The clerk who put the case from a desk; `None` for the case system
    /// and the command line.
    pub clerk: Option<String>,
}

/// The parties of one case of a court, as last put.
pub(crate) fn case_parties(
    sql: &mut dyn Sql,
    court_id: &str,
    case_number: &str,
) -> Result<Vec<StoredCaseParty>, StoreError> {
    sql.query(
        "SELECT party_lookup, title, role, updated_ms, clerk FROM case_parties
         WHERE court_id = $1 AND case_number = $2 ORDER BY party_lookup",
        &[court_id.into(), case_number.into()],
    )?
    .iter()
    .map(|cells| {
        let role = cells.text(2)?;
        Ok(StoredCaseParty {
            party_lookup: cells.text(0)?,
            title: cells.text(1)?,
            role: CaseRole::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("case role {role:?}")))?,
            updated_ms: cells.u64(3)?,
            clerk: cells.opt_text(4)?,
        })
    })
    .collect()
}

fn party_case_from(cells: &Cells) -> Result<StoredPartyCase, StoreError> {
    let role = cells.text(2)?;
    Ok(StoredPartyCase {
        case_number: cells.text(0)?,
        title: cells.text(1)?,
        role: CaseRole::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("case role {role:?}")))?,
        updated_ms: cells.u64(3)?,
    })
}

pub(crate) fn party_cases(
    sql: &mut dyn Sql,
    court_id: &str,
    party_lookup: &str,
) -> Result<Vec<StoredPartyCase>, StoreError> {
    sql.query(
        "SELECT case_number, title, role, updated_ms FROM case_parties
         WHERE court_id = $1 AND party_lookup = $2
         ORDER BY updated_ms DESC, case_number",
        &[court_id.into(), party_lookup.into()],
    )?
    .iter()
    .map(party_case_from)
    .collect()
}
