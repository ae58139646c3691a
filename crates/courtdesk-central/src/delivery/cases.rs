//! The parties' cases: the case system (or a staff desk, for its own
//! court) puts a case with its parties, checked whole before anything is
//! written, and a kiosk reads the cases of a party identified there, at its
//! own court only. Parties are named and kept as deliveries name them: by
//! the keyed hash of the ID number, with the phone on file as a check.

use courtdesk_protocol::cases::{CaseKept, PartyCaseEntry, PartyCaseList, PutCaseRequest};
use courtdesk_protocol::delivery::{DeliveryRefusal as R, PartyProof};

use super::publish::{case_and_title, phone, refuse};
use super::{Deliveries, DeliveryError, Publisher, Refusal};
use crate::registry::check_name;
use crate::store::{CaseToPut, TerminalStanding};

/// The most parties one case names.
const MAX_CASE_PARTIES: usize = 50;

/// The court a case is put for: a staff desk's own, or the one the case
/// system names.
fn court_of(publisher: &Publisher, request: &PutCaseRequest) -> Result<String, Refusal> {
    match publisher {
        Publisher::Terminal { court_id, .. } => {
            if request
                .court_id
                .as_ref()
                .is_some_and(|given| given != court_id)
            {
                return refuse(
                    R::WrongSite,
                    "a staff desk puts cases of its own court only",
                );
            }
            Ok(court_id.clone())
        }
        Publisher::ApiClient { .. } | Publisher::Admin => {
            let Some(court_id) = &request.court_id else {
                return refuse(R::InvalidSite, "court_id is required");
            };
            if check_name(court_id).is_err() {
                return refuse(R::InvalidSite, "a court id is 1 to 64 visible characters");
            }
            super::publish::client_court(publisher, court_id)?;
            Ok(court_id.clone())
        }
    }
}

impl Deliveries {
    /// Checks a case and every party named (valid, on file at the court,
    /// with the phone on file, named once), then replaces the case's
    /// parties in one transaction; a refusal writes nothing.
    pub fn put_case(
        &self,
        publisher: &Publisher,
        request: &PutCaseRequest,
    ) -> Result<CaseKept, DeliveryError> {
        let (case_number, title) = case_and_title(&request.case_number, &request.title)?;
        let court_id = court_of(publisher, request)?;
        if request.parties.is_empty() {
            return Err(Refusal::new(R::NoParties, "a case names at least one party").into());
        }
        if request.parties.len() > MAX_CASE_PARTIES {
            return Err(Refusal::new(
                R::TooManyParties,
                format!("a case names at most {MAX_CASE_PARTIES} parties"),
            )
            .into());
        }
        let mut parties: Vec<(String, _)> = Vec::with_capacity(request.parties.len());
        for (index, given) in request.parties.iter().enumerate() {
            let resident_id = self.resident_id(&given.resident_id)?;
            let phone = phone(&given.phone)?;
            let (lookup, party) = self.party_on_file(&resident_id, &phone)?;
            if !party.sites.iter().any(|site| site.court_id == court_id) {
                return Err(Refusal::new(
                    R::PartyNotAtSite,
                    format!("party {index} is not on file at this court"),
                )
                .into());
            }
            if parties.iter().any(|(other, _)| *other == lookup) {
                return Err(Refusal::new(
                    R::DuplicateParty,
                    format!("party {index} is named twice"),
                )
                .into());
            }
            parties.push((lookup, given.role));
        }
        let case = CaseToPut {
            court_id,
            case_number,
            title,
            parties,
            updated_ms: self.now_ms(),
            clerk: publisher.clerk().map(str::to_owned),
        };
        self.store.put_case(&case)?;
        tracing::info!(court = %case.court_id, parties = case.parties.len(), "case put");
        Ok(CaseKept {
            parties: u32::try_from(case.parties.len()).unwrap_or(u32::MAX),
            court_id: case.court_id,
            case_number: case.case_number,
            updated_ms: case.updated_ms,
        })
    }

    /// The parties of one case of a court as last put, each with the
    /// masked number of the party on file (or `None` if the party has
    /// since been taken off file), for the audit of who put it.
    pub fn case_parties(
        &self,
        court_id: &str,
        case_number: &str,
    ) -> Result<Vec<(Option<String>, crate::store::StoredCaseParty)>, DeliveryError> {
        self.store
            .case_parties(court_id, case_number)?
            .into_iter()
            .map(|row| {
                let masked = self
                    .store
                    .party_by_lookup(&row.party_lookup)?
                    .map(|party| party.resident_id_masked);
                Ok((masked, row))
            })
            .collect()
    }

    /// The cases at the kiosk's court of the party the proof names (who
    /// must be on file at the kiosk's court and site).
    pub(crate) fn party_cases(
        &self,
        kiosk: &TerminalStanding,
        proof: &PartyProof,
    ) -> Result<PartyCaseList, DeliveryError> {
        let (party, _, _) = self.party_at_kiosk(kiosk, proof, self.now_ms())?;
        let cases = self
            .store
            .party_cases(&kiosk.court_id, &party.resident_id_lookup)?
            .into_iter()
            .map(|case| PartyCaseEntry {
                case_number: case.case_number,
                title: case.title,
                role: case.role,
                updated_ms: case.updated_ms,
            })
            .collect::<Vec<_>>();
        tracing::info!(terminal = %kiosk.id, party = %party.id, cases = cases.len(), "cases asked for a party");
        Ok(PartyCaseList { cases })
    }
}
