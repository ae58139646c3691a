//! Publishing a delivery: every check first, then the documents kept as
//! blobs, then the delivery written in one transaction.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_core::TerminalId;
use courtdesk_evidence::record::{valid_delivery_id, valid_document_name};
use courtdesk_identity::{PhoneNumber, ResidentId};
use courtdesk_protocol::Digest;
use courtdesk_protocol::delivery::{
    DeliveryDocument, DeliveryRefusal as R, DeliveryState, PublishRequest, Published, ServiceMethod,
};
use rand::Rng;
use rand::rngs::OsRng;

use super::time::parse_rfc3339;
use super::{Deliveries, DeliveryError, DeliveryLimits, Refusal};
use crate::registry::check_name;
use crate::store::{PartyOnFile, PublishOutcome, StoredDelivery};

/// Who publishes. A staff desk publishes for its own court and site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publisher {
    Terminal {
        id: TerminalId,
        court_id: String,
        site_id: String,
        /// The clerk whose session the request carried.
        clerk: String,
    },
    ApiClient {
        id: String,
        /// The one court it acts for; `None` for a client of before.
        court_id: Option<String>,
    },
    /// The administrator's command line.
    Admin,
}

impl Publisher {
    /// The clerk acting, for a desk.
    pub(crate) fn clerk(&self) -> Option<&str> {
        match self {
            Publisher::Terminal { clerk, .. } => Some(clerk),
            Publisher::ApiClient { .. } | Publisher::Admin => None,
        }
    }

    /// The name a request id is unique under.
    fn key(&self) -> String {
        match self {
            Publisher::Terminal { id, .. } => format!("terminal:{id}"),
            Publisher::ApiClient { id, .. } => format!("api:{id}"),
            Publisher::Admin => "admin".to_owned(),
        }
    }
}

/// The longest case number and title, in characters.
const MAX_CASE_CHARS: usize = 64;
const MAX_TITLE_CHARS: usize = 200;

pub(super) fn refuse<T>(code: R, message: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::new(code, message))
}

fn plain_text(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    let count = text.chars().count();
    (count > 0 && count <= max && !text.chars().any(char::is_control)).then(|| text.to_owned())
}

/// A case number and title, trimmed, or the refusal naming the bad one.
pub(super) fn case_and_title(case_number: &str, title: &str) -> Result<(String, String), Refusal> {
    let Some(case_number) = plain_text(case_number, MAX_CASE_CHARS) else {
        return refuse(
            R::InvalidCaseNumber,
            format!("a case number is 1 to {MAX_CASE_CHARS} characters without control characters"),
        );
    };
    let Some(title) = plain_text(title, MAX_TITLE_CHARS) else {
        return refuse(
            R::InvalidTitle,
            format!("a title is 1 to {MAX_TITLE_CHARS} characters without control characters"),
        );
    };
    Ok((case_number, title))
}

/// Whether `bytes` look like a whole PDF: the header first and the
/// end-of-file marker within the last kilobyte (where writers and
/// incremental updates leave it).
pub(crate) fn looks_like_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// A publication that passed every check, before anything is kept.
struct Checked {
    case_number: String,
    title: String,
    court_id: String,
    site_id: String,
    deadline_ms: u64,
    resident_id: ResidentId,
    phone: PhoneNumber,
    documents: Vec<(String, Vec<u8>)>,
}

pub(super) fn site_of(
    publisher: &Publisher,
    request: &PublishRequest,
) -> Result<(String, String), Refusal> {
    if let Publisher::Terminal {
        court_id, site_id, ..
    } = publisher
    {
        let other = |given: &Option<String>, own: &String| given.as_ref().is_some_and(|g| g != own);
        if other(&request.court_id, court_id) || other(&request.site_id, site_id) {
            return refuse(
                R::WrongSite,
                "a staff desk publishes for its own court and site only",
            );
        }
        return Ok((court_id.clone(), site_id.clone()));
    }
    let (Some(court_id), Some(site_id)) = (&request.court_id, &request.site_id) else {
        return refuse(R::InvalidSite, "court_id and site_id are required");
    };
    if check_name(court_id).is_err() || check_name(site_id).is_err() {
        return refuse(
            R::InvalidSite,
            "a court or site id is 1 to 64 visible characters",
        );
    }
    client_court(publisher, court_id)?;
    Ok((court_id.clone(), site_id.clone()))
}

/// Refuses a court other than the one an API client acts for.
pub(super) fn client_court(publisher: &Publisher, court_id: &str) -> Result<(), Refusal> {
    match publisher {
        Publisher::ApiClient {
            court_id: Some(own),
            ..
        } if own != court_id => refuse(R::WrongSite, "an API client acts for its own court only"),
        _ => Ok(()),
    }
}

fn documents(
    request: &PublishRequest,
    limits: &DeliveryLimits,
) -> Result<Vec<(String, Vec<u8>)>, Refusal> {
    if request.documents.is_empty() {
        return refuse(R::NoDocuments, "a delivery serves at least one document");
    }
    if request.documents.len() > limits.max_documents {
        return refuse(
            R::TooManyDocuments,
            format!(
                "a delivery holds at most {} documents",
                limits.max_documents
            ),
        );
    }
    let mut out: Vec<(String, Vec<u8>)> = Vec::with_capacity(request.documents.len());
    let mut total = 0usize;
    for document in &request.documents {
        let name = &document.name;
        if !valid_document_name(name) {
            return refuse(
                R::InvalidDocumentName,
                format!("{name:?} is not a plain file name"),
            );
        }
        if out.iter().any(|(other, _)| other == name) {
            return refuse(R::DuplicateDocumentName, format!("{name:?} is named twice"));
        }
        // Measured before decoding, so an oversized document costs no memory.
        if document.content_base64.len() / 4 * 3 > limits.max_document_bytes + 3 {
            return refuse(R::DocumentTooLarge, too_large(name, limits));
        }
        let Ok(bytes) = STANDARD.decode(document.content_base64.trim()) else {
            return refuse(
                R::InvalidBase64,
                format!("the content of {name:?} is not base64"),
            );
        };
        if bytes.len() > limits.max_document_bytes {
            return refuse(R::DocumentTooLarge, too_large(name, limits));
        }
        total += bytes.len();
        if total > limits.max_delivery_bytes {
            return refuse(
                R::DocumentTooLarge,
                format!(
                    "the documents together exceed {} bytes",
                    limits.max_delivery_bytes
                ),
            );
        }
        if !looks_like_pdf(&bytes) {
            return refuse(R::NotAPdf, format!("{name:?} is not a PDF (%PDF- … %%EOF)"));
        }
        out.push((name.clone(), bytes));
    }
    Ok(out)
}

fn too_large(name: &str, limits: &DeliveryLimits) -> String {
    format!("{name:?} exceeds {} bytes", limits.max_document_bytes)
}

/// A phone number as given, or `invalid_phone`.
pub(super) fn phone(text: &str) -> Result<PhoneNumber, Refusal> {
    PhoneNumber::parse(text).map_err(|error| {
        Refusal::new(
            R::InvalidPhone,
            format!("the phone number is not valid ({})", error.code()),
        )
    })
}

impl Deliveries {
    /// A resident ID number as given, or `invalid_resident_id`.
    pub(super) fn resident_id(&self, text: &str) -> Result<ResidentId, Refusal> {
        ResidentId::parse(text, self.clock.today()).map_err(|error| {
            Refusal::new(
                R::InvalidResidentId,
                format!("the resident ID number is not valid ({})", error.code()),
            )
        })
    }

    /// The party on file with this ID number and phone, and the keyed hash
    /// of the number: `party_not_on_file` or `phone_mismatch` otherwise.
    pub(super) fn party_on_file(
        &self,
        resident_id: &ResidentId,
        phone: &PhoneNumber,
    ) -> Result<(String, PartyOnFile), DeliveryError> {
        let lookup = self.keys.resident_id_lookup(resident_id);
        let Some(party) = self.store.party_by_lookup(&lookup)? else {
            return Err(Refusal::new(
                R::PartyNotOnFile,
                "nobody with this resident ID number is on file",
            )
            .into());
        };
        let phone_on_file = self
            .keys
            .open_phone(&party.id, &party.phone_sealed)
            .map_err(|error| DeliveryError::Corrupt(error.to_string()))?;
        if phone_on_file != *phone {
            return Err(Refusal::new(
                R::PhoneMismatch,
                "the phone number is not the one on file for this party",
            )
            .into());
        }
        Ok((lookup, party))
    }

    fn check(
        &self,
        publisher: &Publisher,
        request: &PublishRequest,
        now_ms: u64,
    ) -> Result<Checked, Refusal> {
        if !valid_delivery_id(&request.request_id) {
            return refuse(
                R::InvalidRequestId,
                "a request id is 1 to 64 characters of A-Z a-z 0-9 . _ : -",
            );
        }
        let (case_number, title) = case_and_title(&request.case_number, &request.title)?;
        let (court_id, site_id) = site_of(publisher, request)?;
        if request.method == ServiceMethod::Electronic && !request.consent_to_electronic {
            return refuse(
                R::ConsentRequired,
                "electronic service needs the party's consent on record",
            );
        }
        let Some(deadline_ms) = parse_rfc3339(&request.deadline) else {
            return refuse(
                R::InvalidDeadline,
                "the deadline is an RFC 3339 date-time such as 2026-12-31T17:00:00+08:00",
            );
        };
        if deadline_ms <= now_ms {
            return refuse(R::DeadlineInPast, "the deadline is not in the future");
        }
        let documents = documents(request, &self.limits)?;
        let resident_id = self.resident_id(&request.resident_id)?;
        let phone = phone(&request.phone)?;
        Ok(Checked {
            case_number,
            title,
            court_id,
            site_id,
            deadline_ms,
            resident_id,
            phone,
            documents,
        })
    }

    /// Publishes a delivery, or answers with the one the same publisher
    /// made under the same request id.
    pub fn publish(
        &self,
        publisher: &Publisher,
        request: &PublishRequest,
    ) -> Result<Published, DeliveryError> {
        let now = self.now_ms();
        let checked = self.check(publisher, request, now)?;
        let (lookup, party) = self.party_on_file(&checked.resident_id, &checked.phone)?;
        if !party.is_at(&checked.court_id, &checked.site_id) {
            return Err(Refusal::new(
                R::PartyNotAtSite,
                "the party is not on file at this court and site",
            )
            .into());
        }
        let publisher_key = publisher.key();
        let request_sha256 = request_digest(request, &lookup);
        if let Some(existing) = self
            .store
            .delivery_by_request(&publisher_key, &request.request_id)?
        {
            return answer_existing(existing, request_sha256);
        }

        let mut kept = Vec::new();
        let mut refs = Vec::with_capacity(checked.documents.len());
        for (name, bytes) in &checked.documents {
            match self.blobs.keep(bytes) {
                Ok((sha256, created)) => {
                    if created {
                        kept.push(sha256);
                    }
                    refs.push(DeliveryDocument {
                        name: name.clone(),
                        sha256,
                        size: bytes.len() as u64,
                    });
                }
                Err(error) => {
                    self.discard(&kept);
                    return Err(error.into());
                }
            }
        }
        let delivery = StoredDelivery {
            id: new_delivery_id(),
            publisher: publisher_key,
            clerk: publisher.clerk().map(str::to_owned),
            request_id: request.request_id.clone(),
            request_sha256,
            case_number: checked.case_number,
            party_id: party.id,
            party_lookup: lookup,
            resident_id_masked: party.resident_id_masked,
            court_id: checked.court_id,
            site_id: checked.site_id,
            title: checked.title,
            kind: request.kind,
            method: request.method,
            consent: request.consent_to_electronic,
            deadline_ms: checked.deadline_ms,
            published_ms: now,
            state: match request.method {
                ServiceMethod::Electronic => DeliveryState::Published,
                ServiceMethod::Paper => DeliveryState::Paper,
            },
            state_ms: now,
            documents: refs,
            evidence_head: None,
        };
        match self.store.publish_delivery(&delivery) {
            Ok(PublishOutcome::Inserted) => {
                tracing::info!(delivery = %delivery.id, court = %delivery.court_id, site = %delivery.site_id, documents = delivery.documents.len(), "delivery published");
                Ok(published(&delivery, now, false))
            }
            Ok(PublishOutcome::Existing(existing)) => {
                // Another copy of this request won the race; what this call
                // kept is the same bytes, which the winner kept too.
                answer_existing(*existing, delivery.request_sha256)
            }
            Err(error) => {
                self.discard(&kept);
                Err(error.into())
            }
        }
    }

    fn discard(&self, kept: &[Digest]) {
        for sha256 in kept {
            if let Err(error) = self.blobs.discard(sha256) {
                tracing::warn!(blob = %sha256, %error, "a blob of a failed publication was left behind");
            }
        }
    }
}

fn answer_existing(
    existing: StoredDelivery,
    request_sha256: Digest,
) -> Result<Published, DeliveryError> {
    if existing.request_sha256 != request_sha256 {
        return Err(Refusal::new(
            R::RequestIdReused,
            "this request id was used before for another publication",
        )
        .into());
    }
    Ok(published(&existing, existing.published_ms, true))
}

fn published(delivery: &StoredDelivery, now_ms: u64, duplicate: bool) -> Published {
    Published {
        delivery_id: delivery.id.clone(),
        state: delivery.state_at(now_ms),
        court_id: delivery.court_id.clone(),
        site_id: delivery.site_id.clone(),
        deadline_ms: delivery.deadline_ms,
        documents: delivery.documents.clone(),
        duplicate,
    }
}

/// The digest a retried request is recognized by: of its JSON (whose field
/// order is the struct's) with the ID number replaced by its keyed hash and
/// the phone left out, so the stored digest cannot be tried against
/// guessed numbers.
fn request_digest(request: &PublishRequest, party_lookup: &str) -> Digest {
    let mut keyed = request.clone();
    keyed.resident_id = party_lookup.to_owned();
    keyed.phone.clear();
    Digest::of(&serde_json::to_vec(&keyed).unwrap_or_default())
}

/// `D-` and 96 random bits: a valid evidence delivery id that says nothing.
fn new_delivery_id() -> String {
    let bits: u128 = OsRng.r#gen::<u128>() >> 32;
    format!("D-{bits:024x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_has_its_header_first_and_its_end_near_the_end() {
        assert!(looks_like_pdf(b"%PDF-1.7\n1 0 obj\n%%EOF\n"));
        assert!(!looks_like_pdf(b"%PDF-1.7 no end"));
        assert!(!looks_like_pdf(b"GIF89a %%EOF"));
        let mut far = b"%PDF-1.7 %%EOF".to_vec();
        far.extend(std::iter::repeat_n(b' ', 2000));
        assert!(!looks_like_pdf(&far), "the end marker must be near the end");
    }

    #[test]
    fn delivery_ids_are_valid_evidence_ids() {
        let id = new_delivery_id();
        assert!(valid_delivery_id(&id), "{id}");
        assert_eq!(id.len(), 26);
    }
}
