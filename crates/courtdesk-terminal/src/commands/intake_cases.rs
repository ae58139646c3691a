//! The kiosk's case list for document intake: the cases of the visitor
//! identified here, from the court server and kept in the terminal's
//! encrypted store, so the list is still offered (marked offline) while
//! the server cannot be reached.

use courtdesk_protocol::cases::{PartyCaseEntry, PartyCaseList};
use courtdesk_protocol::delivery::{DeliveryErrorCode, DeliveryRefusal};
use courtdesk_sync::DeliveryError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::commands::delivery_kiosk::refused;
use crate::commands::intake_kiosk::store_error;
use crate::delivery;
use crate::terminal::now_ms;
use crate::{ApiError, Terminal};

/// One case of the identified party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartyCase {
    pub case_number: String,
    /// The short title: the cause of action.
    pub title: String,
    /// The party's role in the case.
    #[ts(
        type = "\"plaintiff\" | \"defendant\" | \"third_party\" | \"applicant\" | \"respondent\" | \"other\""
    )]
    pub role: String,
}

/// The identified party's cases at this court, latest updated first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartyCases {
    pub cases: Vec<PartyCase>,
    /// The server could not be asked: the list is the one last kept for
    /// this party at this kiosk (empty if none).
    pub offline: bool,
}

fn case_view(entry: PartyCaseEntry) -> PartyCase {
    PartyCase {
        case_number: entry.case_number,
        title: entry.title,
        role: entry.role.as_str().to_owned(),
    }
}

fn not_on_file(error: &DeliveryError) -> bool {
    matches!(
        error,
        DeliveryError::Refused {
            code: DeliveryErrorCode::Delivery(DeliveryRefusal::PartyNotOnFile),
            ..
        }
    )
}

impl Terminal {
    /// The cases of the visitor identified at this kiosk. Online, the
    /// server is asked with the visit's party reference (or the card's
    /// number) and its answer is kept for the party; a card not on file
    /// has no cases. Offline, the list last kept for the party is given.
    pub fn intake_cases(&self) -> Result<PartyCases, ApiError> {
        let party = self.delivery_party()?;
        let key = self.party_key(&party)?;
        let online = match (self.sync_link(), party.proof()) {
            (Some(link), Some(proof)) => {
                match link.ask(move |central| async move { central.party_cases(&proof).await }) {
                    Ok(Ok(list)) => Some(list),
                    Ok(Err(error)) if not_on_file(&error) => {
                        Some(PartyCaseList { cases: Vec::new() })
                    }
                    Ok(Err(error)) if !delivery::unreachable(&error) => {
                        return Err(refused(error));
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match online {
            Some(list) => {
                let cases: Vec<PartyCase> = list.cases.into_iter().map(case_view).collect();
                let json = serde_json::to_string(&cases).map_err(store_error)?;
                let now = i64::try_from(now_ms()).unwrap_or(i64::MAX);
                self.store()
                    .put_party_cases(&key, &json, now)
                    .map_err(store_error)?;
                Ok(PartyCases {
                    cases,
                    offline: false,
                })
            }
            None => {
                let kept = self.store().party_cases(&key).map_err(store_error)?;
                let cases = kept
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default();
                Ok(PartyCases {
                    cases,
                    offline: true,
                })
            }
        }
    }
}
