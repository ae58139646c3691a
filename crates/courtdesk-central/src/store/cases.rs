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
             (court_id, case_number, party_lookup, title, role, updated_ms)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                case.court_id.as_str().into(),
                case.case_number.as_str().into(),
                party_lookup.as_str().into(),
                case.title.as_str().into(),
                role.as_str().into(),
                case.updated_ms.into(),
            ],
        )?;
    }
    Ok(())
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
