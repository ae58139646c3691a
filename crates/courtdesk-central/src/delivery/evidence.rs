//! Evidence records from terminals: checked against the enrolled key and
//! the delivery, countersigned with the court's key, kept once.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_core::{Locale, Mode};
use courtdesk_evidence::{
    BundleDocument, BundleInput, CountersignError, CountersignedRecord, DeliveryContext,
    DocumentRef, EventKind, IdentityMethod, ServedAt, SignedRecord, export_bundle, stamp_served,
};
use courtdesk_protocol::delivery::{
    DeliveryRefusal as R, DeliveryState, EvidenceSubmission, ServiceMethod,
};
use ed25519_dalek::{Signature, VerifyingKey};

use super::{Deliveries, DeliveryError, Refusal};
use crate::store::{
    Countersigner, EvidenceOutcome, StoredDelivery, StoredEvidence, TerminalStanding,
};

/// Reads a submission into a signed record, naming what is wrong with it.
pub(crate) fn read_submission(submission: &EvidenceSubmission) -> Result<SignedRecord, Refusal> {
    let signature = STANDARD
        .decode(submission.terminal_signature.trim())
        .ok()
        .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        .map(|bytes| Signature::from_bytes(&bytes))
        .ok_or_else(|| {
            Refusal::new(
                R::EvidenceMalformed,
                "the terminal signature is not base64 of 64 bytes",
            )
        })?;
    SignedRecord::from_parts(submission.record.clone().into_bytes(), signature).map_err(|error| {
        let code = match error.code() {
            "terminal_signature_invalid" => R::TerminalSignatureInvalid,
            _ => R::EvidenceMalformed,
        };
        Refusal::new(code, format!("{error} ({})", error.code()))
    })
}

/// How far a record's terminal time may lie before the terminal's last
/// contact: the last contact is written at most once a minute, so a record
/// made just before it may look a minute older than it.
const CONTACT_SLACK_MS: u64 = 2 * 60 * 1_000;

/// The time a record's deadline is judged by. A terminal's own time counts
/// when it is not before the terminal's last contact with the server: a
/// record made while cut off is newer than the last contact, so it keeps
/// its time (made before the deadline, it counts as before however late it
/// arrives); one claiming to be older was made by a clock set back, or by
/// hand, and the server's time judges it. A time ahead of the server's is
/// kept: it can only make a record later. So a terminal's clock can never
/// move a deadline in its favour.
pub(crate) fn judged_time(terminal_time_ms: u64, last_seen_ms: Option<u64>, now_ms: u64) -> u64 {
    let after_contact =
        last_seen_ms.is_none_or(|seen| terminal_time_ms.saturating_add(CONTACT_SLACK_MS) >= seen);
    if after_contact {
        terminal_time_ms
    } else {
        now_ms.max(terminal_time_ms)
    }
}

/// The delivery's stored state after `event`, or why the event cannot
/// happen to it.
pub(crate) fn next_state(
    delivery: &StoredDelivery,
    event: EventKind,
    terminal_time_ms: u64,
) -> Result<DeliveryState, Refusal> {
    if delivery.method == ServiceMethod::Paper {
        return Err(Refusal::new(
            R::NotElectronic,
            "the delivery is served on paper",
        ));
    }
    let ends = matches!(event, EventKind::Acknowledged | EventKind::Refused);
    if delivery.state.is_final() {
        if ends {
            return Err(Refusal::new(
                R::DeliveryClosed,
                format!("the delivery was already {}", delivery.state.as_str()),
            ));
        }
        // A copy printed or reopened after acknowledgment is evidence too.
        return Ok(delivery.state);
    }
    Ok(match event {
        EventKind::Acknowledged | EventKind::Refused
            if terminal_time_ms >= delivery.deadline_ms =>
        {
            return Err(Refusal::new(
                R::DeliveryExpired,
                "the deadline had passed when this was recorded",
            ));
        }
        EventKind::Acknowledged => DeliveryState::Acknowledged,
        EventKind::Refused => DeliveryState::Refused,
        EventKind::Opened => DeliveryState::Opened,
        EventKind::MadeAvailable if delivery.state == DeliveryState::Published => {
            DeliveryState::Available
        }
        EventKind::MadeAvailable | EventKind::Printed => delivery.state,
    })
}

fn countersign_refusal(error: &CountersignError) -> Refusal {
    let code = match error {
        CountersignError::BadTerminalSignature => R::TerminalSignatureInvalid,
        CountersignError::TerminalKeyNotEnrolled => R::TerminalKeyNotEnrolled,
        CountersignError::WrongDelivery { .. } => R::UnknownDelivery,
        CountersignError::UnknownDocument(_) => R::UnknownDocument,
        CountersignError::DocumentHashMismatch(_) => R::DocumentHashMismatch,
        CountersignError::ChainBroken { .. } | CountersignError::AlreadyCountersigned => {
            R::ChainBroken
        }
        // Only the server's own clock and counter can be out of range.
        CountersignError::NumberOutOfRange => R::EvidenceMalformed,
    };
    Refusal::new(code, error.to_string())
}

impl Deliveries {
    /// Checks a record sent by `sender` and countersigns it, or answers with
    /// its countersignature of before.
    pub(crate) fn take_evidence(
        &self,
        sender: &TerminalStanding,
        signed: SignedRecord,
    ) -> Result<(CountersignedRecord, DeliveryState, bool), DeliveryError> {
        let record = signed.record();
        let enrolled = courtdesk_protocol::auth::decode_public_key(&sender.public_key)
            .map_err(|error| DeliveryError::Corrupt(error.to_string()))?;
        if record.terminal_id != sender.id || record.terminal_public_key.0 != enrolled {
            return Err(Refusal::new(
                R::TerminalKeyNotEnrolled,
                "the record is not signed by the sending terminal's enrolled key",
            )
            .into());
        }
        // Only a clerk at a desk can vouch for whom they saw.
        if record.identity.method == IdentityMethod::StaffVerified && sender.mode != Mode::Staff {
            tracing::warn!(terminal = %sender.id, mode = %sender.mode, "evidence refused: staff_verified from a terminal that is not a desk");
            return Err(Refusal::new(
                R::IdentityMethodNotAllowed,
                "only a staff desk records staff-verified evidence",
            )
            .into());
        }
        let delivery_id = record.delivery_id.clone();
        let record_sha256 = signed.digest();
        let now = self.now_ms();
        let countersigner = countersigner(
            Arc::clone(&self.court),
            signed,
            sender.clone(),
            enrolled,
            now,
        );
        match self
            .store
            .add_evidence(&delivery_id, &record_sha256, countersigner, now)?
        {
            EvidenceOutcome::Accepted { record, state } => {
                tracing::info!(delivery = %delivery_id, terminal = %sender.id, seq = record.signed().record().seq, event = %record.signed().record().event, "evidence countersigned");
                Ok((*record, state, false))
            }
            EvidenceOutcome::Duplicate { record, state } => Ok((*record, state, true)),
            EvidenceOutcome::Refused(refusal) => {
                tracing::info!(delivery = %delivery_id, terminal = %sender.id, code = %refusal.code_str(), "evidence refused");
                Err(refusal.into())
            }
        }
    }

    /// A delivery's countersigned records, in chain order.
    pub fn evidence(&self, delivery_id: &str) -> Result<Vec<StoredEvidence>, DeliveryError> {
        Ok(self.store.evidence(delivery_id)?)
    }

    /// The evidence bundle of a delivery: its documents, every record and
    /// the signatures, as a ZIP file anyone can verify with the court's key.
    pub fn export_bundle(&self, delivery_id: &str) -> Result<Vec<u8>, DeliveryError> {
        let delivery = self
            .store
            .delivery(delivery_id)?
            .ok_or_else(Refusal::unknown_delivery)?;
        let mut contents = Vec::with_capacity(delivery.documents.len());
        for document in &delivery.documents {
            let bytes = self.blobs.read(&document.sha256)?.ok_or_else(|| {
                DeliveryError::Corrupt(format!("document {} is not kept", document.sha256))
            })?;
            contents.push(bytes);
        }
        let records: Vec<CountersignedRecord> = self
            .store
            .evidence(delivery_id)?
            .into_iter()
            .map(|stored| stored.record)
            .collect();
        let served = served_copies(&records, &contents);
        let documents: Vec<BundleDocument<'_>> = delivery
            .documents
            .iter()
            .zip(&contents)
            .zip(&served)
            .map(|((document, bytes), served)| BundleDocument {
                name: &document.name,
                bytes,
                served_copy: served.as_deref(),
            })
            .collect();
        let court_key = self.court.public_key();
        export_bundle(&BundleInput {
            delivery_id,
            court_public_key: &court_key,
            documents: &documents,
            records: &records,
            exported_at_ms: self.now_ms(),
        })
        .map_err(|error| match error {
            courtdesk_evidence::ExportError::NoRecords => Refusal::new(
                R::UnknownDelivery,
                "the delivery has no evidence records yet",
            )
            .into(),
            other => DeliveryError::Export(other),
        })
    }
}

/// The copies of `documents` stamped with the moment the court received
/// the acknowledgment, in Chinese then English (court time); none before
/// an acknowledgment, and none for a document that cannot be stamped (an
/// encrypted PDF, say), whose original alone then stands in the bundle.
fn served_copies(records: &[CountersignedRecord], documents: &[Vec<u8>]) -> Vec<Option<Vec<u8>>> {
    let served_at = records
        .iter()
        .find(|r| r.signed().record().event == EventKind::Acknowledged)
        .map(|r| ServedAt {
            utc_ms: r.countersignature().received_at_ms,
            utc_offset_minutes: super::time::COURT_UTC_OFFSET_MINUTES as i16,
        });
    documents
        .iter()
        .map(|bytes| {
            let at = served_at?;
            let stamped = stamp_served(bytes, at, Locale::ZhCn)
                .and_then(|chinese| stamp_served(&chinese, at, Locale::En));
            match stamped {
                Ok(copy) => Some(copy),
                Err(error) => {
                    tracing::warn!(code = error.code(), "a served copy could not be stamped");
                    None
                }
            }
        })
        .collect()
}

/// The check-and-sign step the store runs inside its transaction.
fn countersigner(
    court: Arc<courtdesk_evidence::Court>,
    signed: SignedRecord,
    sender: TerminalStanding,
    enrolled: VerifyingKey,
    now_ms: u64,
) -> Countersigner {
    Arc::new(move |delivery, head, server_seq| {
        if delivery.court_id != sender.court_id || delivery.site_id != sender.site_id {
            return Err(Refusal::unknown_delivery());
        }
        let record = signed.record();
        let identified_here = matches!(
            record.identity.method,
            IdentityMethod::ResidentIdOtp | IdentityMethod::IdCard
        );
        if identified_here && record.identity.reference != delivery.resident_id_masked {
            return Err(Refusal::new(
                R::WrongParty,
                "the record's identity reference is not the masked ID number of the delivery's party",
            ));
        }
        let judged_ms = judged_time(record.terminal_time_ms, sender.last_seen_ms, now_ms);
        if judged_ms != record.terminal_time_ms {
            tracing::warn!(terminal = %sender.id, delivery = %delivery.id, "evidence's terminal time is before the terminal's last contact; the server's time judges the deadline");
        }
        let state = next_state(delivery, record.event, judged_ms)?;
        let documents: Vec<DocumentRef> = delivery
            .documents
            .iter()
            .map(|d| DocumentRef {
                name: d.name.clone(),
                sha256: d.sha256,
            })
            .collect();
        let context = DeliveryContext {
            delivery_id: &delivery.id,
            documents: &documents,
            enrolled_terminal_key: &enrolled,
            head,
        };
        let countersigned = court
            .countersign(&signed, &context, now_ms, server_seq)
            .map_err(|error| countersign_refusal(&error))?;
        Ok((countersigned, state))
    })
}

#[cfg(test)]
mod tests {

    use super::*;

    fn delivery(state: DeliveryState, method: ServiceMethod) -> StoredDelivery {
        crate::store::delivery::sample(state, method)
    }

    fn code(result: Result<DeliveryState, Refusal>) -> Result<DeliveryState, R> {
        result.map_err(|refusal| refusal.code)
    }

    const HOUR: u64 = 60 * 60 * 1_000;
    const NOW: u64 = 1_770_000_000_000;

    #[test]
    fn a_record_made_while_cut_off_keeps_its_own_time() {
        // Last heard from five hours ago; recorded three hours ago, offline.
        assert_eq!(
            judged_time(NOW - 3 * HOUR, Some(NOW - 5 * HOUR), NOW),
            NOW - 3 * HOUR
        );
        assert_eq!(judged_time(NOW - 3 * HOUR, None, NOW), NOW - 3 * HOUR);
    }

    #[test]
    fn a_clock_set_back_cannot_move_a_deadline() {
        // In touch a minute ago, yet the record claims to be a day old.
        assert_eq!(judged_time(NOW - 24 * HOUR, Some(NOW - 60_000), NOW), NOW);
        // A time ahead of the server's can only make the record later.
        assert_eq!(judged_time(NOW + HOUR, Some(NOW - 60_000), NOW), NOW + HOUR);
        // Within the slack of the minute-grained last contact it is.
        assert_eq!(
            judged_time(NOW - 90_000, Some(NOW - 10_000), NOW),
            NOW - 90_000
        );
    }

    #[test]
    fn service_moves_forward_and_ends_at_acknowledged_or_refused() {
        use DeliveryState as S;
        use EventKind as E;
        let e = ServiceMethod::Electronic;
        assert_eq!(
            code(next_state(&delivery(S::Published, e), E::MadeAvailable, 5)),
            Ok(S::Available)
        );
        assert_eq!(
            code(next_state(&delivery(S::Available, e), E::Opened, 5)),
            Ok(S::Opened)
        );
        assert_eq!(
            code(next_state(&delivery(S::Opened, e), E::Printed, 5)),
            Ok(S::Opened)
        );
        assert_eq!(
            code(next_state(&delivery(S::Opened, e), E::Acknowledged, 5)),
            Ok(S::Acknowledged)
        );
        assert_eq!(
            code(next_state(&delivery(S::Available, e), E::Refused, 5)),
            Ok(S::Refused)
        );
        assert_eq!(
            code(next_state(&delivery(S::Acknowledged, e), E::Printed, 5)),
            Ok(S::Acknowledged)
        );
        assert_eq!(
            code(next_state(&delivery(S::Acknowledged, e), E::Refused, 5)),
            Err(R::DeliveryClosed)
        );
        assert_eq!(
            code(next_state(&delivery(S::Refused, e), E::Acknowledged, 5)),
            Err(R::DeliveryClosed)
        );
        assert_eq!(
            code(next_state(&delivery(S::Opened, e), E::Acknowledged, 1_000)),
            Err(R::DeliveryExpired)
        );
        assert_eq!(
            code(next_state(&delivery(S::Opened, e), E::Opened, 9_000)),
            Ok(S::Opened)
        );
        assert_eq!(
            code(next_state(
                &delivery(S::Paper, ServiceMethod::Paper),
                E::Opened,
                5
            )),
            Err(R::NotElectronic)
        );
    }

    proptest::proptest! {
        /// Whatever events arrive, in whatever order and at whatever time:
        /// the first acknowledgment or refusal before the deadline ends
        /// service and nothing changes it afterwards; nothing goes back to
        /// published; an event that is refused changes nothing.
        #[test]
        fn service_ends_once_and_never_goes_back(
            events in proptest::collection::vec((0usize..5, 0u64..2_000), 0..24)
        ) {
            let mut current = delivery(DeliveryState::Published, ServiceMethod::Electronic);
            let mut ended: Option<DeliveryState> = None;
            for (event, time) in events {
                let event = EventKind::ALL[event];
                match next_state(&current, event, time) {
                    Ok(next) => {
                        if let Some(end) = ended {
                            proptest::prop_assert_eq!(next, end, "a final state stays");
                        }
                        proptest::prop_assert!(
                            next != DeliveryState::Published || current.state == DeliveryState::Published
                        );
                        if next.is_final() && ended.is_none() {
                            proptest::prop_assert!(time < current.deadline_ms);
                            ended = Some(next);
                        }
                        current.state = next;
                    }
                    Err(refusal) => {
                        let ends = matches!(event, EventKind::Acknowledged | EventKind::Refused);
                        proptest::prop_assert!(ends, "only ending events are refused: {refusal}");
                        proptest::prop_assert!(
                            ended.is_some() || time >= current.deadline_ms,
                            "refused only when closed or late: {refusal}"
                        );
                    }
                }
            }
        }
    }
}
