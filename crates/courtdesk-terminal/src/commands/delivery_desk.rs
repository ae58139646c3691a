//! The staff desk's delivery commands: the site's deliveries and their
//! states, publishing a delivery from the desk's form, and printing the
//! paper-service package of a delivery not served electronically by its
//! deadline. Each needs a signed-in clerk allowed to do it and the court
//! server (nothing of this is kept at the desk).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_devices::printer::CupsPrinter;
use courtdesk_evidence::record::valid_delivery_id;
use courtdesk_identity::staff::StaffAction;
use courtdesk_protocol::delivery::{
    DeliveryState, DeskDelivery, DocumentKind, PublishDocument, PublishRequest, ServiceMethod,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use courtdesk_protocol::api::ErrorCode as WireCode;
use courtdesk_protocol::delivery::DeliveryErrorCode;
use courtdesk_sync::DeliveryError;

use super::delivery_kiosk::{print, refused};
use crate::sync::Unanswered;
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// A delivery of the desk's site as the desk lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeskDeliveryView {
    pub delivery_id: String,
    pub case_number: String,
    pub title: String,
    /// `summons`, `notice`, `judgment`, `mediation_agreement` or `other`.
    pub kind: String,
    /// `electronic` or `paper`.
    pub method: String,
    /// `published`, `available`, `opened`, `acknowledged`, `refused`,
    /// `expired` or `paper`.
    pub state: String,
    #[ts(type = "number")]
    pub published_ms: u64,
    #[ts(type = "number")]
    pub deadline_ms: u64,
    pub masked_resident_id: String,
    pub documents: Vec<DeskDocumentView>,
    /// Whether the paper-service package can be printed now: expired,
    /// refused, or served on paper from the start.
    pub paper_due: bool,
}

/// A published document: its name, SHA-256 (hex) and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeskDocumentView {
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// The site's deliveries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeskDeliveriesView {
    pub deliveries: Vec<DeskDeliveryView>,
}

/// The desk's publishing form.
///
/// `Debug` hides the resident ID number and the phone.
#[derive(Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PublishForm {
    /// Made once when the form opens, so a submit sent again after a lost
    /// answer publishes nothing twice.
    pub request_id: String,
    pub case_number: String,
    pub resident_id: String,
    pub phone: String,
    pub title: String,
    /// `summons`, `notice`, `judgment`, `mediation_agreement` or `other`.
    pub kind: String,
    /// `electronic` or `paper`.
    pub method: String,
    pub consent_to_electronic: bool,
    /// `YYYY-MM-DD`: due at the end of that day, site time.
    pub deadline_date: String,
    pub documents: Vec<FormDocument>,
}

impl std::fmt::Debug for PublishForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishForm")
            .field("request_id", &self.request_id)
            .field("case_number", &self.case_number)
            .field("title", &self.title)
            .field("documents", &self.documents.len())
            .finish_non_exhaustive()
    }
}

/// A PDF chosen in the form.
///
/// `Debug` shows the name and the encoded length only.
#[derive(Clone, PartialEq, Eq, Deserialize, TS)]
pub struct FormDocument {
    pub name: String,
    /// The file's bytes, standard base64.
    pub content_base64: String,
}

impl std::fmt::Debug for FormDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormDocument")
            .field("name", &self.name)
            .field("content_base64_len", &self.content_base64.len())
            .finish()
    }
}

/// What printing a paper package did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PaperPrinted {
    /// The files printed: the cover sheet, then each document.
    pub files: u32,
}

/// How long one file of a paper package may take to print.
const PAPER_PRINT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

fn bad(field: &str, message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadInput, message).with_detail(field)
}

fn unanswered(_: Unanswered) -> ApiError {
    ApiError::new(
        ErrorCode::ServerUnreachable,
        "the court server did not answer",
    )
}

fn not_connected() -> ApiError {
    ApiError::new(
        ErrorCode::ServerUnreachable,
        "this desk is not connected to a court server",
    )
}

fn view(delivery: DeskDelivery) -> DeskDeliveryView {
    DeskDeliveryView {
        paper_due: matches!(
            delivery.state,
            DeliveryState::Expired | DeliveryState::Refused | DeliveryState::Paper
        ),
        delivery_id: delivery.delivery_id,
        case_number: delivery.case_number,
        title: delivery.title,
        kind: delivery.kind.as_str().to_owned(),
        method: delivery.method.as_str().to_owned(),
        state: delivery.state.as_str().to_owned(),
        published_ms: delivery.published_ms,
        deadline_ms: delivery.deadline_ms,
        masked_resident_id: delivery.masked_resident_id,
        documents: delivery
            .documents
            .into_iter()
            .map(|d| DeskDocumentView {
                name: d.name,
                sha256: d.sha256.to_hex(),
                size: d.size,
            })
            .collect(),
    }
}

/// `YYYY-MM-DD` as the last second of that day at `offset_minutes` east of
/// UTC, in RFC 3339.
fn end_of_day(date: &str, offset_minutes: i32) -> Option<String> {
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = date.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days {
        return None;
    }
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    Some(format!(
        "{date}T23:59:59{sign}{:02}:{:02}",
        offset / 60,
        offset % 60
    ))
}

impl Terminal {
    /// The desk's site's deliveries and their states, from the server.
    /// The screen's error for a refused desk request: the clerk signed out
    /// when the server says their session is over.
    fn desk_refused(&self, error: DeliveryError) -> ApiError {
        match error {
            DeliveryError::Refused {
                code: DeliveryErrorCode::General(WireCode::SignInRequired),
                ..
            } => self.session_refused(),
            other => refused(other),
        }
    }

    pub fn desk_deliveries(&self) -> Result<DeskDeliveriesView, ApiError> {
        self.staff_desk()
            .authorize(StaffAction::PublishDelivery, now_ms())?;
        self.fetch_desk_deliveries()
    }

    fn fetch_desk_deliveries(&self) -> Result<DeskDeliveriesView, ApiError> {
        let link = self.sync_link().ok_or_else(not_connected)?;
        let desk = link
            .ask(|central| async move { central.desk_deliveries().await })
            .map_err(unanswered)?
            .map_err(|error| self.desk_refused(error))?;
        let mut deliveries: Vec<DeskDeliveryView> = desk.deliveries.into_iter().map(view).collect();
        deliveries.sort_by_key(|d| std::cmp::Reverse(d.published_ms));
        Ok(DeskDeliveriesView { deliveries })
    }

    /// Publishes a delivery to a party of the desk's site. The form's
    /// fields are checked by the server, which answers each refusal with its
    /// own code (`delivery_refused`); the desk checks what only it knows the
    /// shape of (the kind, the method, the date, the base64).
    pub fn desk_publish_delivery(&self, form: PublishForm) -> Result<DeskDeliveryView, ApiError> {
        self.staff_desk()
            .authorize(StaffAction::PublishDelivery, now_ms())?;
        let kind = DocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == form.kind)
            .ok_or_else(|| bad("kind", "no such kind of document"))?;
        let method = [ServiceMethod::Electronic, ServiceMethod::Paper]
            .into_iter()
            .find(|m| m.as_str() == form.method)
            .ok_or_else(|| bad("method", "no such method of service"))?;
        let deadline = end_of_day(&form.deadline_date, self.site_clock().utc_offset_minutes)
            .ok_or_else(|| bad("deadline_date", "the deadline is not a date"))?;
        if form.documents.is_empty() {
            return Err(bad("documents", "no document is chosen"));
        }
        if form
            .documents
            .iter()
            .any(|d| STANDARD.decode(&d.content_base64).is_err())
        {
            return Err(bad("documents", "a document could not be read"));
        }
        let request = PublishRequest {
            request_id: form.request_id,
            case_number: form.case_number.trim().to_owned(),
            resident_id: form.resident_id.trim().to_owned(),
            phone: form.phone.trim().to_owned(),
            court_id: None,
            site_id: None,
            title: form.title.trim().to_owned(),
            kind,
            method,
            consent_to_electronic: form.consent_to_electronic,
            deadline,
            documents: form
                .documents
                .into_iter()
                .map(|d| PublishDocument {
                    name: d.name,
                    content_base64: d.content_base64,
                })
                .collect(),
        };
        let link = self.sync_link().ok_or_else(not_connected)?;
        let published = link
            .ask(move |central| async move { central.publish_delivery(&request).await })
            .map_err(unanswered)?
            .map_err(|error| self.desk_refused(error))?;
        tracing::info!(delivery = %published.delivery_id, duplicate = published.duplicate, "delivery published from the desk");
        self.fetch_desk_deliveries()?
            .deliveries
            .into_iter()
            .find(|d| d.delivery_id == published.delivery_id)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Internal,
                    "the published delivery is not in the site's list",
                )
            })
    }

    /// Prints the paper-service package (the cover sheet, then every
    /// document) on the desk's printer.
    pub fn desk_print_paper(&self, delivery_id: &str) -> Result<PaperPrinted, ApiError> {
        self.staff_desk()
            .authorize(StaffAction::PrintPaperService, now_ms())?;
        if !valid_delivery_id(delivery_id) {
            return Err(bad("delivery_id", "not a delivery id"));
        }
        let queue = self.printer_queue()?;
        let link = self.sync_link().ok_or_else(not_connected)?;
        let id = delivery_id.to_owned();
        let package = link
            .ask(move |central| async move { central.paper_package(&id).await })
            .map_err(unanswered)?
            .map_err(|error| self.desk_refused(error))?;
        let files = package
            .files
            .iter()
            .map(|file| STANDARD.decode(&file.content_base64))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| {
                ApiError::new(
                    ErrorCode::Internal,
                    "the server sent a file that is not base64",
                )
            })?;
        let printer = CupsPrinter::new(queue, PAPER_PRINT_TIMEOUT);
        for bytes in &files {
            print(&printer, bytes, "CourtDesk paper service")?;
        }
        tracing::info!(delivery = %package.delivery_id, files = files.len(), "paper package printed");
        Ok(PaperPrinted {
            files: u32::try_from(files.len()).unwrap_or(u32::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::end_of_day;

    #[test]
    fn a_deadline_date_is_the_end_of_that_day_at_the_site() {
        assert_eq!(
            end_of_day("2026-12-31", 480).as_deref(),
            Some("2026-12-31T23:59:59+08:00")
        );
        assert_eq!(
            end_of_day("2028-02-29", -330).as_deref(),
            Some("2028-02-29T23:59:59-05:30")
        );
        for bad in [
            "",
            "2026-13-01",
            "2026-02-29",
            "2026-04-31",
            "2026-1-01",
            "2026/12/31",
            "２０２６-12-31",
            "2026-12-3x",
            "2026-00-10",
            "2026-12-00",
        ] {
            assert_eq!(end_of_day(bad, 480), None, "{bad:?}");
        }
    }
}
