//! Electronic delivery at the kiosk: the identified party's waiting
//! deliveries and their documents, kept in the encrypted terminal store so
//! what was fetched is still there when the server is not; and the events
//! of service as evidence records signed with the terminal's key at once,
//! kept with the court's countersignature once the server has given it.
//!
//! A published document is shown or printed only once it passes the intake
//! PDF checks ([`checked_document`]); its bytes are never changed, since
//! their hash is what the evidence names.
//!
//! A record made while the server cannot be reached stays pending in the
//! store and is sent, in order, on the next delivery call (or
//! [`crate::Terminal::delivery_submit_pending`]); the server answers a
//! record sent twice with the countersignature it gave the first time.

use courtdesk_core::TerminalId;
use courtdesk_evidence::record::RECORD_FORMAT;
use courtdesk_evidence::{
    ChainLink, DocumentRef, EventKind, EvidenceRecord, Identity, IdentityMethod, PublicKey,
    Refusal, SignedRecord,
};
use courtdesk_protocol::Digest;
use courtdesk_protocol::delivery::{
    DeliveryState, EvidenceReceipt, EvidenceSubmission, KioskDelivery,
};
use courtdesk_protocol::hlc::Hlc;
use courtdesk_store::{EvidenceRow, NewEvidence, Store, StoreError, TerminalSecret};
use courtdesk_sync::{Central, DeliveryError};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a court's document is not shown: the code of the intake check it
/// failed (`pdf_active_content`, `pdf_malformed`, `check_timed_out`, ...),
/// or `unsupported_type` for anything but a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnsafeDocument {
    pub(crate) code: &'static str,
    pub(crate) reason: String,
}

/// Runs the intake checks a litigant's PDF gets on a court's published
/// document before the kiosk shows or prints it: a document that would be
/// refused from a litigant (scripts, launch actions, a damaged file) is not
/// opened on a kiosk either. Unlike intake nothing is rebuilt: the court's
/// bytes are the evidence, so they are checked and left as they are.
pub(crate) fn checked_document(bytes: &[u8]) -> Result<(), UnsafeDocument> {
    match courtdesk_intake::check_unaltered(bytes, &courtdesk_intake::IntakeLimits::default()) {
        Ok((courtdesk_intake::FileKind::Pdf, _)) => Ok(()),
        Ok((kind, _)) => Err(UnsafeDocument {
            code: "unsupported_type",
            reason: format!("a published document is {}, not a PDF", kind.as_str()),
        }),
        Err(error) => {
            tracing::warn!(
                code = error.code(),
                "a published document failed the checks"
            );
            Err(UnsafeDocument {
                code: error.code(),
                reason: error.to_string(),
            })
        }
    }
}

/// An event of service the party causes at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum DeliveryEvent {
    /// The party opened the documents to read them.
    Opened,
    /// The party acknowledged receipt.
    Acknowledged,
    /// The party refused receipt: a snake_case reason code and their words.
    Refused { reason: String, text: String },
    /// The documents were printed for the party.
    Printed,
}

impl DeliveryEvent {
    pub(crate) fn kind(&self) -> EventKind {
        match self {
            DeliveryEvent::Opened => EventKind::Opened,
            DeliveryEvent::Acknowledged => EventKind::Acknowledged,
            DeliveryEvent::Refused { .. } => EventKind::Refused,
            DeliveryEvent::Printed => EventKind::Printed,
        }
    }

    pub(crate) fn refusal(&self) -> Option<Refusal> {
        match self {
            DeliveryEvent::Refused { reason, text } => Some(Refusal {
                code: reason.clone(),
                reason: text.clone(),
            }),
            _ => None,
        }
    }
}

/// A document of a delivery as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeliveryDocumentView {
    pub name: String,
    /// SHA-256, 64 lowercase hex digits: what `delivery_document` asks for.
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Whether this kiosk holds the bytes (so they open without the server).
    pub held: bool,
}

/// A delivery waiting for the identified party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeliveryView {
    pub delivery_id: String,
    pub case_number: String,
    pub title: String,
    /// `summons`, `notice`, `judgment`, `mediation_agreement` or `other`.
    pub kind: String,
    /// The later of the state the server last gave and what this kiosk
    /// recorded since (`available`, `opened`, `acknowledged`, ...).
    pub state: String,
    #[ts(type = "number")]
    pub deadline_ms: u64,
    pub documents: Vec<DeliveryDocumentView>,
    /// Evidence recorded here still waits for the court's countersignature.
    pub pending: bool,
}

/// The identified party's deliveries, and whether they came from the
/// server just now or from what this kiosk kept (`offline`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VisitorDeliveries {
    pub deliveries: Vec<DeliveryView>,
    pub offline: bool,
}

/// One evidence record of the terminal and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EvidenceView {
    pub delivery_id: String,
    /// `opened`, `acknowledged`, `refused` or `printed`.
    pub event: String,
    #[ts(type = "number")]
    pub seq: u64,
    /// The evidence digest, hex: the record's name at the court.
    pub evidence_sha256: String,
    /// Whether the court's countersignature is held.
    pub countersigned: bool,
    /// The receipt's QR code text, once countersigned.
    pub qr_payload: Option<String>,
    /// The delivery's state after the record, once countersigned.
    pub delivery_state: Option<String>,
}

/// Why an evidence record could not be made or kept.
#[derive(Debug, thiserror::Error)]
pub(crate) enum EvidenceError {
    #[error("the evidence record breaks a rule: {0}")]
    Record(#[from] courtdesk_evidence::RecordError),
    #[error("the terminal has no signing key or identity")]
    NoKey,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The terminal's keyed hash of a party's ID number: the key under which
/// their deliveries are kept here, so an offline visit finds them without
/// the number itself being stored.
pub(crate) fn party_key(secret: &TerminalSecret, resident_id: &str) -> String {
    Digest::of_parts(&[
        b"courtdesk-terminal/delivery-party/v1\n",
        secret.expose(),
        resident_id.as_bytes(),
    ])
    .to_hex()
}

pub(crate) fn view(delivery: &KioskDelivery, store: &Store) -> Result<DeliveryView, StoreError> {
    let mut documents = Vec::with_capacity(delivery.documents.len());
    for document in &delivery.documents {
        let sha256 = document.sha256.to_hex();
        documents.push(DeliveryDocumentView {
            held: store.delivery_document(&sha256)?.is_some(),
            name: document.name.clone(),
            sha256,
            size: document.size,
        });
    }
    let kept = KeptEvidence::of(store, &delivery.delivery_id)?;
    Ok(DeliveryView {
        delivery_id: delivery.delivery_id.clone(),
        case_number: delivery.case_number.clone(),
        title: delivery.title.clone(),
        kind: delivery.kind.as_str().to_owned(),
        state: kept.state_after(delivery.state).as_str().to_owned(),
        deadline_ms: delivery.deadline_ms,
        documents,
        pending: kept.pending(),
    })
}

/// The evidence records this kiosk kept for one delivery, in chain order;
/// those the court refused for good are left out.
pub(crate) struct KeptEvidence(Vec<(EventKind, EvidenceRow)>);

impl KeptEvidence {
    pub(crate) fn of(store: &Store, delivery_id: &str) -> Result<KeptEvidence, StoreError> {
        Ok(KeptEvidence(
            store
                .delivery_evidence(delivery_id)?
                .into_iter()
                .filter(|(_, refused)| refused.is_none())
                .filter_map(|(row, _)| {
                    EvidenceRecord::from_canonical_bytes(row.evidence.record.as_bytes())
                        .ok()
                        .map(|record| (record.event, row))
                })
                .collect(),
        ))
    }

    pub(crate) fn has(&self, event: EventKind) -> bool {
        self.0.iter().any(|(kind, _)| *kind == event)
    }

    /// Whether a record waits for the court's countersignature.
    pub(crate) fn pending(&self) -> bool {
        self.0.iter().any(|(_, row)| row.receipt.is_none())
    }

    /// The last acknowledgment or refusal, or failing that the last record.
    pub(crate) fn decision(&self) -> Option<&EvidenceRow> {
        self.0
            .iter()
            .rev()
            .find(|(kind, _)| matches!(kind, EventKind::Acknowledged | EventKind::Refused))
            .or_else(|| self.0.last())
            .map(|(_, row)| row)
    }

    /// When the court received the acknowledgment, once countersigned: the
    /// moment of service.
    pub(crate) fn served_at_ms(&self) -> Option<u64> {
        self.0
            .iter()
            .find(|(kind, _)| *kind == EventKind::Acknowledged)
            .and_then(|(_, row)| row.receipt.as_deref())
            .and_then(|json| serde_json::from_str::<EvidenceReceipt>(json).ok())
            .map(|receipt| receipt.countersigned.countersignature.received_at_ms)
    }

    /// `server`'s state moved on by the records kept here: what the court
    /// will say once it has them. Expired and paper deliveries, and those
    /// the court already closed, stay as the server said.
    pub(crate) fn state_after(&self, server: DeliveryState) -> DeliveryState {
        let rank = |state: DeliveryState| match state {
            DeliveryState::Published => 0,
            DeliveryState::Available => 1,
            DeliveryState::Opened => 2,
            _ => 3,
        };
        if rank(server) == 3 {
            return server;
        }
        self.0
            .iter()
            .filter_map(|(kind, _)| match kind {
                EventKind::MadeAvailable => Some(DeliveryState::Available),
                EventKind::Opened => Some(DeliveryState::Opened),
                EventKind::Acknowledged => Some(DeliveryState::Acknowledged),
                EventKind::Refused => Some(DeliveryState::Refused),
                EventKind::Printed => None,
            })
            .fold(server, |state, next| {
                if rank(next) > rank(state) {
                    next
                } else {
                    state
                }
            })
    }
}

/// Who the record says received, and how they proved it.
pub(crate) struct Receiver {
    pub(crate) method: IdentityMethod,
    /// The masked ID number, never the full one.
    pub(crate) masked_resident_id: String,
}

/// Builds, signs and keeps one evidence record of `event` for `delivery`
/// in one transaction. The record follows the later of the delivery's last
/// record kept here and the server's last countersigned one.
pub(crate) fn record_event(
    store: &Store,
    delivery: &KioskDelivery,
    event: (EventKind, Option<Refusal>),
    receiver: &Receiver,
    now_ms: u64,
) -> Result<EvidenceRow, EvidenceError> {
    let secret = store.terminal_secret()?.ok_or(EvidenceError::NoKey)?;
    let terminal_id = store.identity()?.ok_or(EvidenceError::NoKey)?.terminal_id;
    let key = SigningKey::from_bytes(secret.expose());
    let server_head = delivery.evidence_head.map(|head| ChainLink {
        seq: head.seq,
        sha256: head.record_sha256,
    });
    let documents: Vec<DocumentRef> = delivery
        .documents
        .iter()
        .map(|d| DocumentRef {
            name: d.name.clone(),
            sha256: d.sha256,
        })
        .collect();
    store.record_evidence(
        &delivery.delivery_id,
        i64::try_from(now_ms).unwrap_or(i64::MAX),
        |hlc: Hlc, local: Option<(u64, String)>| {
            let local = match local {
                Some((seq, sha)) => Some(ChainLink {
                    seq,
                    sha256: sha.parse().map_err(|_| StoreError::Corrupt {
                        what: "a kept evidence record's digest",
                    })?,
                }),
                None => None,
            };
            let head = match (local, server_head) {
                (Some(l), Some(s)) => Some(if l.seq >= s.seq { l } else { s }),
                (l, s) => l.or(s),
            };
            let signed = sign(
                &key,
                &terminal_id,
                delivery,
                &documents,
                (event.0, event.1.clone()),
                receiver,
                now_ms,
                hlc,
                head,
            )?;
            let submission = submission(&signed);
            Ok::<_, EvidenceError>(NewEvidence {
                evidence_sha256: signed.evidence_digest().to_hex(),
                delivery_id: delivery.delivery_id.clone(),
                seq: signed.record().seq,
                record_sha256: signed.digest().to_hex(),
                record: submission.record,
                terminal_signature: submission.terminal_signature,
            })
        },
    )
}

#[expect(clippy::too_many_arguments, reason = "every field of the record")]
fn sign(
    key: &SigningKey,
    terminal_id: &TerminalId,
    delivery: &KioskDelivery,
    documents: &[DocumentRef],
    (event, refusal): (EventKind, Option<Refusal>),
    receiver: &Receiver,
    now_ms: u64,
    hlc: Hlc,
    head: Option<ChainLink>,
) -> Result<SignedRecord, EvidenceError> {
    let mut record = EvidenceRecord {
        format: RECORD_FORMAT.to_owned(),
        seq: 1,
        event,
        delivery_id: delivery.delivery_id.clone(),
        documents: documents.to_vec(),
        identity: Identity {
            method: receiver.method,
            reference: receiver.masked_resident_id.clone(),
        },
        terminal_id: terminal_id.clone(),
        terminal_public_key: PublicKey::from(key.verifying_key()),
        terminal_time_ms: now_ms,
        hlc,
        refusal,
        prev_sha256: None,
    };
    record.follow(head);
    Ok(record.sign(key)?)
}

/// The wire form of a signed record, in the evidence crate's own JSON.
fn submission(signed: &SignedRecord) -> EvidenceSubmission {
    serde_json::to_value(signed)
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_else(|| EvidenceSubmission {
            record: String::from_utf8_lossy(signed.bytes()).into_owned(),
            terminal_signature: String::new(),
        })
}

/// A kept record as the screen sees it.
pub(crate) fn evidence_view(row: &EvidenceRow) -> EvidenceView {
    let receipt: Option<EvidenceReceipt> = row
        .receipt
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    let event = EvidenceRecord::from_canonical_bytes(row.evidence.record.as_bytes())
        .map(|r| r.event.as_str().to_owned())
        .unwrap_or_default();
    EvidenceView {
        delivery_id: row.evidence.delivery_id.clone(),
        event,
        seq: row.evidence.seq,
        evidence_sha256: row.evidence.evidence_sha256.clone(),
        countersigned: receipt.is_some(),
        qr_payload: receipt.as_ref().map(|r| r.qr_payload.clone()),
        delivery_state: receipt.map(|r| r.delivery_state.as_str().to_owned()),
    }
}

/// What a pass over the pending records did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SubmitReport {
    pub(crate) countersigned: usize,
    pub(crate) refused: usize,
    /// Whether the pass stopped because the server could not be reached.
    pub(crate) unreachable: bool,
}

/// Sends the pending records, oldest first, and keeps each receipt. Stops
/// at the first record the server cannot be reached for; a record the
/// server refuses for good is kept with the court's reason and not sent
/// again, while the others go on.
pub(crate) async fn submit_pending(store: &Store, central: &Central) -> SubmitReport {
    let mut report = SubmitReport::default();
    let pending = match store.pending_evidence() {
        Ok(pending) => pending,
        Err(error) => {
            tracing::error!(%error, "cannot read the pending evidence records");
            return report;
        }
    };
    for row in pending {
        let submission = EvidenceSubmission {
            record: row.evidence.record.clone(),
            terminal_signature: row.evidence.terminal_signature.clone(),
        };
        match central.submit_evidence(&submission).await {
            Ok(receipt) => {
                let sha = receipt
                    .countersigned
                    .countersignature
                    .evidence_sha256
                    .to_hex();
                if sha != row.evidence.evidence_sha256 {
                    tracing::error!("the court countersigned another record than the one sent");
                    // Asked again, the court would answer the same: stop asking.
                    refused_for_good(store, &row, "receipt_for_another_record");
                    report.refused += 1;
                    continue;
                }
                let json = match serde_json::to_string(&receipt) {
                    Ok(json) => json,
                    Err(_) => continue,
                };
                let now = i64::try_from(crate::terminal::now_ms()).unwrap_or(i64::MAX);
                match store.evidence_countersigned(&row.evidence.evidence_sha256, &json, now) {
                    Ok(()) => report.countersigned += 1,
                    Err(error) => tracing::error!(%error, "cannot keep a countersignature"),
                }
            }
            Err(error) if error.is_retryable() => {
                tracing::debug!(%error, "evidence waits for the court server");
                report.unreachable = true;
                break;
            }
            Err(error) => {
                tracing::warn!(%error, seq = row.evidence.seq, "the court refused an evidence record");
                refused_for_good(store, &row, &refusal_code(&error));
                report.refused += 1;
            }
        }
    }
    report
}

/// The court's reason for a refusal, as its wire code (`chain_broken`, ...).
fn refusal_code(error: &DeliveryError) -> String {
    match error {
        DeliveryError::Refused { code, .. } => serde_json::to_value(code)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_else(|| "refused".to_owned()),
        _ => "refused".to_owned(),
    }
}

fn refused_for_good(store: &Store, row: &EvidenceRow, code: &str) {
    let now = i64::try_from(crate::terminal::now_ms()).unwrap_or(i64::MAX);
    if let Err(error) = store.evidence_refused(&row.evidence.evidence_sha256, code, now) {
        tracing::error!(%error, "cannot mark a refused evidence record");
    }
}

/// The stores whose pending evidence a background task is sending now.
static RETRYING: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

/// The first wait before a background retry, doubled after each failure up
/// to [`RETRY_MAX`].
const RETRY_FIRST: std::time::Duration = std::time::Duration::from_secs(2);
const RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(60);

/// Keeps sending the store's pending evidence on the link's runtime until
/// none is left (one task per store; the task ends with the terminal's
/// runtime).
pub(crate) fn retry_in_background(store: std::sync::Arc<Store>, link: &crate::sync::SyncLink) {
    let path = store.path().to_path_buf();
    {
        let mut retrying = RETRYING.lock().unwrap_or_else(|e| e.into_inner());
        if retrying.contains(&path) {
            return;
        }
        retrying.push(path.clone());
    }
    let started = link.ask(move |central| async move {
        tokio::spawn(async move {
            let mut wait = RETRY_FIRST;
            loop {
                tokio::time::sleep(wait).await;
                let report = submit_pending(&store, &central).await;
                let left = store.pending_evidence().map(|p| p.len()).unwrap_or(0);
                if left == 0 {
                    break;
                }
                wait = if report.unreachable {
                    (wait * 2).min(RETRY_MAX)
                } else {
                    RETRY_MAX
                };
            }
            RETRYING
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|p| *p != path);
            tracing::debug!("pending evidence sent");
        });
        Ok::<_, std::convert::Infallible>(())
    });
    if started.is_err() {
        tracing::warn!("the background evidence retry could not be started");
    }
}

/// Whether a delivery request failed for want of the server.
pub(crate) fn unreachable(error: &DeliveryError) -> bool {
    error.is_retryable()
}
