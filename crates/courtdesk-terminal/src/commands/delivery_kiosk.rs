//! The kiosk's delivery commands: the identified visitor's waiting
//! deliveries, a document's bytes, and the events of service (opened,
//! acknowledged, refused, printed) as signed evidence the court
//! countersigns. See [`crate::delivery`].

use courtdesk_evidence::IdentityMethod;
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::ErrorCode as GeneralCode;
use courtdesk_protocol::delivery::{
    DeliveryErrorCode, DeliveryState, KioskDelivery, PartyProof, WaitingDeliveries,
};
use courtdesk_store::Store;
use courtdesk_sync::DeliveryError;

use std::time::Duration;

use courtdesk_core::Locale;
use courtdesk_devices::printer::{CupsPrinter, Printer};
use courtdesk_devices::{DeliveryReceipt, ReceiptDocument, render_delivery_receipt_pdf};
use courtdesk_evidence::{EventKind, Refusal, ServedAt, StampError, stamp_served};
use courtdesk_store::EvidenceRow;
use serde::Serialize;
use ts_rs::TS;

use crate::delivery::{
    self, DeliveryEvent, EvidenceView, KeptEvidence, Receiver, SubmitReport, VisitorDeliveries,
};
use crate::identity::visit::{Method, Stage, Visitor};
use crate::sync::{SyncLink, Unanswered};
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// The identified visitor as delivery (and intake's case list) needs them.
pub(crate) struct Party {
    pub(crate) resident_id: String,
    masked: String,
    method: Method,
    party_ref: Option<String>,
    card_digest: Option<String>,
}

fn store_error(error: impl std::fmt::Display) -> ApiError {
    tracing::error!(%error, "the delivery store failed");
    ApiError::new(ErrorCode::Storage, "the terminal database failed")
}

fn unanswered(_: Unanswered) -> ApiError {
    ApiError::new(
        ErrorCode::ServerUnreachable,
        "the court server did not answer",
    )
}

/// The screen's error for a delivery request the server refused.
pub(crate) fn refused(error: DeliveryError) -> ApiError {
    if delivery::unreachable(&error) {
        return ApiError::new(
            ErrorCode::ServerUnreachable,
            "the court server cannot be reached",
        );
    }
    let message = error.to_string();
    match error {
        DeliveryError::Refused {
            code: DeliveryErrorCode::Delivery(refusal),
            ..
        } => {
            let detail = serde_json::to_value(refusal)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            ApiError::new(ErrorCode::DeliveryRefused, message).with_detail(detail)
        }
        DeliveryError::Refused {
            code: DeliveryErrorCode::General(GeneralCode::Forbidden),
            ..
        } => ApiError::new(ErrorCode::NotPermitted, message),
        other => {
            tracing::error!(error = %other, "a delivery request failed");
            ApiError::new(ErrorCode::Internal, "the server link failed")
        }
    }
}

fn not_held() -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchDelivery,
        "no such delivery or document for this visitor",
    )
}

impl Party {
    /// How the server is shown that the party is at this kiosk: the visit's
    /// party reference, or the card's number; none for a one-time code
    /// checked without the server.
    pub(crate) fn proof(&self) -> Option<PartyProof> {
        match (&self.party_ref, self.method) {
            (Some(party_ref), _) => Some(PartyProof::Otp {
                party_ref: party_ref.clone(),
            }),
            (None, Method::IdCard) => Some(PartyProof::IdCard {
                resident_id: self.resident_id.clone(),
                card_digest: self.card_digest.clone().unwrap_or_default(),
            }),
            (None, Method::ResidentIdOtp) => None,
        }
    }
}

impl Terminal {
    pub(crate) fn delivery_party(&self) -> Result<Party, ApiError> {
        match self.visit().lock().as_ref() {
            Some(visitor) => match &visitor.stage {
                Stage::Verified {
                    method,
                    party_ref,
                    card_digest,
                    ..
                } => Ok(Party {
                    resident_id: visitor.resident_id.expose().to_owned(),
                    masked: visitor.resident_id.masked(),
                    method: *method,
                    party_ref: party_ref.clone(),
                    card_digest: card_digest.clone(),
                }),
                Stage::CodeSent => Err(not_identified()),
            },
            None => Err(not_identified()),
        }
    }

    /// Keeps the server's reference to the visit's party, so later requests
    /// of the visit present it instead of the card read again.
    fn keep_party_ref(&self, returned: &str) {
        if let Some(Visitor {
            stage: Stage::Verified { party_ref, .. },
            ..
        }) = self.visit().lock().as_mut()
        {
            party_ref.get_or_insert_with(|| returned.to_owned());
        }
    }

    pub(crate) fn party_key(&self, party: &Party) -> Result<String, ApiError> {
        let secret = self
            .store()
            .terminal_secret()
            .map_err(store_error)?
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the terminal has no key"))?;
        Ok(delivery::party_key(&secret, &party.resident_id))
    }

    /// The deliveries this kiosk last saw for the party.
    fn kept_deliveries(&self, party_key: &str) -> Result<Vec<KioskDelivery>, ApiError> {
        Ok(self
            .store()
            .party_deliveries(party_key)
            .map_err(store_error)?
            .iter()
            .filter_map(|json| serde_json::from_str(json).ok())
            .collect())
    }

    fn kept_delivery(&self, party: &Party, delivery_id: &str) -> Result<KioskDelivery, ApiError> {
        let key = self.party_key(party)?;
        self.kept_deliveries(&key)?
            .into_iter()
            .find(|d| d.delivery_id == delivery_id)
            .ok_or_else(not_held)
    }

    /// Sends the evidence records still waiting for the court's
    /// countersignature; returns how many still wait (0 when all are
    /// countersigned). Offline, nothing is sent and nothing fails.
    pub fn delivery_submit_pending(&self) -> Result<usize, ApiError> {
        if let Some(link) = self.sync_link() {
            submit(self.store_handle(), link);
        }
        Ok(self.store().pending_evidence().map_err(store_error)?.len())
    }

    /// The identified visitor's waiting deliveries. Online, the server is
    /// asked with the visit's party reference (or the card's number) and
    /// every document not held yet is fetched and kept in the terminal's
    /// encrypted store; offline, what was kept for this party is shown.
    pub fn deliveries_for_visitor(&self) -> Result<VisitorDeliveries, ApiError> {
        let party = self.delivery_party()?;
        let key = self.party_key(&party)?;
        let online = match (self.sync_link(), party.proof()) {
            (Some(link), Some(proof)) => {
                submit(self.store_handle(), link);
                match fetch_waiting(self.store_handle(), link, proof) {
                    Ok(waiting) => Some(waiting),
                    Err(Ok(error)) if !delivery::unreachable(&error) => {
                        return Err(refused(error));
                    }
                    Err(_) => None,
                }
            }
            _ => None,
        };
        let (deliveries, offline) = match online {
            Some(waiting) => {
                self.keep_party_ref(&waiting.party_ref);
                let kept: Vec<(String, String)> = waiting
                    .deliveries
                    .iter()
                    .filter_map(|d| {
                        serde_json::to_string(d)
                            .ok()
                            .map(|json| (d.delivery_id.clone(), json))
                    })
                    .collect();
                let now = i64::try_from(now_ms()).unwrap_or(i64::MAX);
                self.store()
                    .put_party_deliveries(&key, &kept, now)
                    .map_err(store_error)?;
                (waiting.deliveries, false)
            }
            None => (self.kept_deliveries(&key)?, true),
        };
        let receiver = receiver(party);
        let mut recorded = false;
        for kept in &deliveries {
            if kept.state == DeliveryState::Published
                && !KeptEvidence::of(self.store(), &kept.delivery_id)
                    .map_err(store_error)?
                    .has(EventKind::MadeAvailable)
            {
                self.record(kept, (EventKind::MadeAvailable, None), &receiver)?;
                recorded = true;
            }
        }
        if recorded {
            self.send_evidence();
        }
        let deliveries = deliveries
            .iter()
            .map(|d| delivery::view(d, self.store()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(store_error)?;
        Ok(VisitorDeliveries {
            deliveries,
            offline,
        })
    }

    /// A document of one of the visitor's deliveries, its bytes checked
    /// against `sha256`: from the store, or fetched (and kept) if not held.
    pub fn delivery_document(&self, delivery_id: &str, sha256: &str) -> Result<Vec<u8>, ApiError> {
        let party = self.delivery_party()?;
        let delivery = self.kept_delivery(&party, delivery_id)?;
        let digest: Digest = sha256.parse().map_err(|_| not_held())?;
        if !delivery.documents.iter().any(|d| d.sha256 == digest) {
            return Err(not_held());
        }
        let hex = digest.to_hex();
        if let Some(bytes) = self.store().delivery_document(&hex).map_err(store_error)? {
            if Digest::of(&bytes) == digest {
                delivery::checked_document(&bytes).map_err(unsafe_document)?;
                return Ok(bytes);
            }
            tracing::error!("a kept delivery document does not match its hash");
        }
        let link = self.sync_link().ok_or_else(|| {
            ApiError::new(
                ErrorCode::ServerUnreachable,
                "this kiosk is not connected to a court server",
            )
        })?;
        // The server serves a kiosk a document only for the party it names.
        let proof = party.proof().ok_or_else(|| {
            ApiError::new(
                ErrorCode::ServerUnreachable,
                "the visitor was identified without the court server",
            )
        })?;
        let bytes =
            link.ask(move |central| async move {
                central.delivery_document(&digest, Some(&proof)).await
            })
            .map_err(unanswered)?
            .map_err(refused)?;
        let now = i64::try_from(now_ms()).unwrap_or(i64::MAX);
        self.store()
            .put_delivery_document(&hex, &bytes, now)
            .map_err(store_error)?;
        delivery::checked_document(&bytes).map_err(unsafe_document)?;
        Ok(bytes)
    }

    /// Records an event of service for one of the visitor's deliveries: an
    /// evidence record signed with this terminal's key and kept at once,
    /// then sent for the court's countersignature if the server can be
    /// reached (otherwise later, see [`Terminal::delivery_submit_pending`]).
    pub fn delivery_event(
        &self,
        delivery_id: &str,
        event: DeliveryEvent,
    ) -> Result<EvidenceView, ApiError> {
        let party = self.delivery_party()?;
        let delivery = self.kept_delivery(&party, delivery_id)?;
        let row = self.record(&delivery, (event.kind(), event.refusal()), &receiver(party))?;
        self.send_evidence();
        self.evidence_now(&row)
    }

    /// Prints every document of one of the visitor's deliveries and a
    /// receipt on the kiosk's printer, and records `printed`. Once the
    /// court has countersigned the acknowledgment, the copies carry the
    /// served stamp ("served electronically on …") in Chinese and English;
    /// the receipt carries the court's QR code once the decision (or, with
    /// none yet, the print) is countersigned.
    pub fn delivery_print(&self, delivery_id: &str) -> Result<DeliveryPrinted, ApiError> {
        let queue = self.printer_queue()?;
        let party = self.delivery_party()?;
        let delivery = self.kept_delivery(&party, delivery_id)?;
        let printer = CupsPrinter::new(queue, DOCUMENT_PRINT_TIMEOUT);
        let clock = self.site_clock();
        let served_at = KeptEvidence::of(self.store(), delivery_id)
            .map_err(store_error)?
            .served_at_ms()
            .map(|utc_ms| ServedAt {
                utc_ms,
                utc_offset_minutes: i16::try_from(clock.utc_offset_minutes).unwrap_or(480),
            });
        let mut stamped = served_at.is_some();
        for document in &delivery.documents {
            let bytes = self.delivery_document(delivery_id, &document.sha256.to_hex())?;
            let copy = match served_at.map(|at| served_copy(&bytes, at)) {
                Some(Ok(copy)) => copy,
                Some(Err(error)) => {
                    tracing::warn!(code = error.code(), "a document could not be stamped");
                    stamped = false;
                    bytes
                }
                None => bytes,
            };
            print(&printer, &copy, "CourtDesk served document")?;
        }
        let receiver = receiver(party);
        let row = self.record(&delivery, (EventKind::Printed, None), &receiver)?;
        self.send_evidence();
        let printed = self.evidence_now(&row)?;
        let kept = KeptEvidence::of(self.store(), delivery_id).map_err(store_error)?;
        let decision = kept
            .decision()
            .map(delivery::evidence_view)
            .unwrap_or_else(|| printed.clone());
        let decided_at = kept.decision().map_or(now_ms(), |row| {
            u64::try_from(row.created_at_ms).unwrap_or(0)
        });
        let receipt = DeliveryReceipt {
            site_name: self
                .queue()
                .map(|book| book.hall.site_name.clone())
                .unwrap_or_default(),
            case_number: delivery.case_number.clone(),
            title: delivery.title.clone(),
            delivery_id: delivery.delivery_id.clone(),
            documents: delivery
                .documents
                .iter()
                .map(|d| ReceiptDocument {
                    name: d.name.clone(),
                    short_hash: d.sha256.to_hex()[..16].to_owned(),
                })
                .collect(),
            decision: decision_label(&decision.event).to_owned(),
            decided_at_local: clock.local(decided_at).to_string(),
            evidence_sha256: decision.evidence_sha256.clone(),
            qr_payload: decision.qr_payload.clone(),
        };
        let pdf = render_delivery_receipt_pdf(&receipt).map_err(|error| {
            tracing::error!(%error, "a delivery receipt could not be laid out");
            ApiError::new(ErrorCode::PrintFailed, "the receipt could not be laid out")
                .with_detail("layout_failed")
        })?;
        print(&printer, &pdf, "CourtDesk delivery receipt")?;
        Ok(DeliveryPrinted {
            evidence: printed,
            documents: u32::try_from(delivery.documents.len()).unwrap_or(u32::MAX),
            stamped,
            receipt_qr: receipt.qr_payload.is_some(),
        })
    }

    fn record(
        &self,
        delivery: &KioskDelivery,
        event: (EventKind, Option<Refusal>),
        receiver: &Receiver,
    ) -> Result<EvidenceRow, ApiError> {
        delivery::record_event(self.store(), delivery, event, receiver, now_ms()).map_err(|error| {
            match error {
                delivery::EvidenceError::Record(error) => {
                    ApiError::new(ErrorCode::BadInput, error.to_string()).with_detail(error.code())
                }
                other => store_error(other),
            }
        })
    }

    /// Sends what waits for the court's countersignature now, and keeps
    /// trying in the background if the server cannot be reached.
    fn send_evidence(&self) {
        if let Some(link) = self.sync_link() {
            let report = submit(self.store_handle(), link);
            if report.is_none_or(|r| r.unreachable) {
                delivery::retry_in_background(self.store_handle(), link);
            }
        }
    }

    /// A kept record as it stands now (countersigned or not).
    fn evidence_now(&self, row: &EvidenceRow) -> Result<EvidenceView, ApiError> {
        let row = self
            .store()
            .evidence(&row.evidence.evidence_sha256)
            .map_err(store_error)?;
        Ok(delivery::evidence_view(row.as_ref().ok_or_else(|| {
            ApiError::new(ErrorCode::Storage, "a kept evidence record is gone")
        })?))
    }

    fn store_handle(&self) -> std::sync::Arc<Store> {
        self.store_arc()
    }
}

/// What a print of a delivery did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeliveryPrinted {
    /// The `printed` evidence record.
    pub evidence: EvidenceView,
    /// How many documents were printed (the receipt comes after them).
    pub documents: u32,
    /// Whether the copies carry the served stamp.
    pub stamped: bool,
    /// Whether the receipt carries the court's QR code (false while the
    /// countersignature is pending).
    pub receipt_qr: bool,
}

/// How long one document may take to come out of the printer.
const DOCUMENT_PRINT_TIMEOUT: Duration = Duration::from_secs(120);

fn receiver(party: Party) -> Receiver {
    Receiver {
        method: match party.method {
            Method::ResidentIdOtp => IdentityMethod::ResidentIdOtp,
            Method::IdCard => IdentityMethod::IdCard,
        },
        masked_resident_id: party.masked,
    }
}

/// The copy of a document served at `at`: stamped in Chinese, then in
/// English above it.
fn served_copy(pdf: &[u8], at: ServedAt) -> Result<Vec<u8>, StampError> {
    let chinese = stamp_served(pdf, at, Locale::ZhCn)?;
    stamp_served(&chinese, at, Locale::En)
}

/// Prints `pdf`; a failure is `print_failed` with the printer's reason.
pub(crate) fn print(printer: &CupsPrinter, pdf: &[u8], title: &str) -> Result<(), ApiError> {
    printer.print_pdf(pdf, title).map(drop).map_err(|error| {
        tracing::warn!(code = error.code(), %error, "a delivery print failed");
        ApiError::new(ErrorCode::PrintFailed, "the printer did not print").with_detail(error.code())
    })
}

/// The decision as the receipt prints it.
fn decision_label(event: &str) -> &'static str {
    match event {
        "acknowledged" => "已签收 Acknowledged",
        "refused" => "拒收 Refused",
        "opened" => "已阅读 Opened",
        "printed" => "已打印 Printed",
        _ => "已送达 Made available",
    }
}

fn not_identified() -> ApiError {
    ApiError::new(
        ErrorCode::IllegalAction,
        "nobody is identified at this kiosk",
    )
    .with_detail("not_identified")
}

/// Sends the pending evidence on the link's runtime, waiting at most the
/// link's limit.
fn submit(store: std::sync::Arc<Store>, link: &SyncLink) -> Option<SubmitReport> {
    link.ask(move |central| async move {
        Ok::<_, std::convert::Infallible>(delivery::submit_pending(&store, &central).await)
    })
    .ok()
    .and_then(Result::ok)
}

/// A published document that failed the intake checks: kept (it is the
/// court's evidence) but neither shown nor printed.
fn unsafe_document(error: delivery::UnsafeDocument) -> ApiError {
    ApiError::new(ErrorCode::DocumentUnsafe, error.reason).with_detail(error.code)
}

/// Asks what waits for the party and fetches the documents not held yet.
fn fetch_waiting(
    store: std::sync::Arc<Store>,
    link: &SyncLink,
    proof: PartyProof,
) -> Result<WaitingDeliveries, Result<DeliveryError, Unanswered>> {
    let answer = link.ask(move |central| async move {
        let waiting = central.waiting_deliveries(&proof).await?;
        // The reference the server returned stands for the party from now
        // on: a card read is presented once per visit.
        let proof = PartyProof::Otp {
            party_ref: waiting.party_ref.clone(),
        };
        for delivery in &waiting.deliveries {
            for document in &delivery.documents {
                let hex = document.sha256.to_hex();
                if store.delivery_document(&hex).ok().flatten().is_some() {
                    continue;
                }
                let bytes = central
                    .delivery_document(&document.sha256, Some(&proof))
                    .await?;
                let now = i64::try_from(now_ms()).unwrap_or(i64::MAX);
                if let Err(error) = store.put_delivery_document(&hex, &bytes, now) {
                    tracing::error!(%error, "cannot keep a delivery document");
                }
            }
        }
        Ok::<_, DeliveryError>(waiting)
    });
    match answer {
        Ok(Ok(waiting)) => Ok(waiting),
        Ok(Err(error)) => Err(Ok(error)),
        Err(unanswered) => Err(Err(unanswered)),
    }
}
