//! Casework records: every step as a typed event with who took it, where and
//! when, in the shape the server syncs and the statistics read.

use courtdesk_core::{Locale, TerminalId};
use courtdesk_protocol::hlc::Hlc;
use serde::{Deserialize, Serialize};

use crate::{
    CaseNumber, CaseType, ClerkId, DepartmentId, DisputeCategory, FilingId, MediatorId, Moment,
    NumberRef, OneTimeNotice, OrganizationId, PetitionId, PetitionNumber, ProvisionalNumber,
    RecordId, Session, Sha256Hex,
};

/// What a record is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Filing(FilingId),
    Petition(PetitionId),
}

/// One casework step as recorded where it was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseworkRecord {
    pub id: RecordId,
    /// The ordering stamp: records of a subject are applied by stamp, then
    /// terminal, then id, whatever order they arrive in.
    pub stamp: Hlc,
    pub terminal: TerminalId,
    /// The clerk or mediator; `None` for a step the litigant took at a kiosk.
    pub clerk: Option<ClerkId>,
    /// When the step was taken, with the site's UTC offset: its local date
    /// is the date the rules count with.
    pub at: Moment,
    pub subject: Subject,
    #[serde(flatten)]
    pub event: CaseworkEvent,
}

/// The order records are applied in: stamp, terminal, id. Distinct records
/// never compare equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordOrder {
    pub stamp: Hlc,
    pub terminal: TerminalId,
    pub id: RecordId,
}

impl CaseworkRecord {
    pub fn order(&self) -> RecordOrder {
        RecordOrder {
            stamp: self.stamp,
            terminal: self.terminal.clone(),
            id: self.id.clone(),
        }
    }
}

/// Where a filing came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Kiosk,
    Desk,
    Online,
}

/// The litigant's answer to the offer of mediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Consented,
    Refused,
}

/// How a mediation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum MediationOutcome {
    /// The parties signed an agreement; its document is kept by its hash.
    Agreement {
        document_sha256: Sha256Hex,
    },
    NoAgreement,
    /// The applicant withdrew from mediation. Mediation is voluntary, so
    /// leaving it sends the filing to registration as no agreement does.
    Withdrawn,
}

/// Every casework step. The serialized `kind` is the record's kind string,
/// `casework.<step>`, and `body` its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body")]
pub enum CaseworkEvent {
    /// A complaint or application came in; its date is the first receipt date.
    #[serde(rename = "casework.received")]
    Received {
        case_type: CaseType,
        category: Option<DisputeCategory>,
        channel: Channel,
    },
    #[serde(rename = "casework.notice_issued")]
    NoticeIssued { notice: OneTimeNotice },
    #[serde(rename = "casework.supplemented")]
    Supplemented,
    #[serde(rename = "casework.decision_pending")]
    DecisionPending,
    #[serde(rename = "casework.registered")]
    Registered { number: NumberRef },
    #[serde(rename = "casework.not_accepted")]
    NotAccepted { ruling_ref: String },
    /// The server replaced a provisional number by the case number it
    /// assigned.
    #[serde(rename = "casework.number_assigned")]
    NumberAssigned {
        provisional: ProvisionalNumber,
        number: CaseNumber,
    },
    #[serde(rename = "casework.mediation_offered")]
    MediationOffered {
        /// The offer exactly as shown, in the language it was shown in.
        shown_text: String,
        locale: Locale,
        choice: Choice,
    },
    #[serde(rename = "casework.mediation_opened")]
    MediationOpened {
        number: NumberRef,
        organization: OrganizationId,
        mediator: MediatorId,
    },
    #[serde(rename = "casework.mediation_extended")]
    MediationExtended {
        days: u32,
        applicant_consented: bool,
        respondent_consented: bool,
    },
    #[serde(rename = "casework.mediation_session")]
    MediationSession { session: Session },
    #[serde(rename = "casework.mediation_concluded")]
    MediationConcluded { outcome: MediationOutcome },
    #[serde(rename = "casework.confirmation_applied")]
    ConfirmationApplied { number: NumberRef },
    #[serde(rename = "casework.confirmation_ruled")]
    ConfirmationRuled { confirmed: bool, ruling_ref: String },
    #[serde(rename = "casework.petition_lodged")]
    PetitionLodged {
        number: PetitionNumber,
        case_number: Option<CaseNumber>,
        request: String,
    },
    #[serde(rename = "casework.petition_accepted")]
    PetitionAccepted,
    #[serde(rename = "casework.petition_referred")]
    PetitionReferred { department: DepartmentId },
    #[serde(rename = "casework.petition_replied")]
    PetitionReplied { text: String },
}

impl CaseworkEvent {
    /// The record's kind string, as serialized.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Received { .. } => "casework.received",
            Self::NoticeIssued { .. } => "casework.notice_issued",
            Self::Supplemented => "casework.supplemented",
            Self::DecisionPending => "casework.decision_pending",
            Self::Registered { .. } => "casework.registered",
            Self::NotAccepted { .. } => "casework.not_accepted",
            Self::NumberAssigned { .. } => "casework.number_assigned",
            Self::MediationOffered { .. } => "casework.mediation_offered",
            Self::MediationOpened { .. } => "casework.mediation_opened",
            Self::MediationExtended { .. } => "casework.mediation_extended",
            Self::MediationSession { .. } => "casework.mediation_session",
            Self::MediationConcluded { .. } => "casework.mediation_concluded",
            Self::ConfirmationApplied { .. } => "casework.confirmation_applied",
            Self::ConfirmationRuled { .. } => "casework.confirmation_ruled",
            Self::PetitionLodged { .. } => "casework.petition_lodged",
            Self::PetitionAccepted => "casework.petition_accepted",
            Self::PetitionReferred { .. } => "casework.petition_referred",
            Self::PetitionReplied { .. } => "casework.petition_replied",
        }
    }

    /// Whether only a signed-in clerk (or mediator) may take this step. A
    /// litigant at a kiosk can file, answer the offer of mediation, supply
    /// materials, apply for confirmation and lodge a petition; deciding
    /// anything is staff's.
    pub fn needs_clerk(&self) -> bool {
        !matches!(
            self,
            Self::Received { .. }
                | Self::MediationOffered { .. }
                | Self::Supplemented
                | Self::ConfirmationApplied { .. }
                | Self::PetitionLodged { .. }
                | Self::NumberAssigned { .. }
        )
    }

    /// Whether the event is about a petition rather than a filing.
    pub fn is_petition_event(&self) -> bool {
        matches!(
            self,
            Self::PetitionLodged { .. }
                | Self::PetitionAccepted
                | Self::PetitionReferred { .. }
                | Self::PetitionReplied { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{at, civil};

    #[test]
    fn records_serialize_with_their_kind_and_body_and_parse_back() {
        let record = CaseworkRecord {
            id: "r1".parse().expect("id"),
            stamp: Hlc {
                wall_ms: 5,
                counter: 1,
            },
            terminal: TerminalId::from_bits(3),
            clerk: Some("clerk-li".parse().expect("id")),
            at: at(2026, 12, 7, 9, 0),
            subject: Subject::Filing("f1".parse().expect("id")),
            event: CaseworkEvent::Registered {
                number: civil(2026, 123),
            },
        };
        let json = serde_json::to_value(&record).expect("serializes");
        assert_eq!(json["kind"], "casework.registered");
        assert_eq!(json["body"]["number"]["value"], "（2026）湘1102民初123号");
        assert_eq!(json["subject"]["filing"], "f1");
        assert_eq!(json["clerk"], "clerk-li");
        let back: CaseworkRecord = serde_json::from_value(json).expect("parses");
        assert_eq!(back, record);
    }

    #[test]
    fn every_kind_string_is_the_serialized_tag() {
        let events = [
            CaseworkEvent::Supplemented,
            CaseworkEvent::DecisionPending,
            CaseworkEvent::PetitionAccepted,
            CaseworkEvent::NotAccepted {
                ruling_ref: "r".to_owned(),
            },
            CaseworkEvent::MediationConcluded {
                outcome: MediationOutcome::Withdrawn,
            },
        ];
        for event in events {
            let json = serde_json::to_value(&event).expect("serializes");
            assert_eq!(json["kind"], event.kind());
        }
    }

    #[test]
    fn kiosk_steps_need_no_clerk_and_decisions_do() {
        assert!(!CaseworkEvent::Supplemented.needs_clerk());
        assert!(CaseworkEvent::DecisionPending.needs_clerk());
        assert!(CaseworkEvent::PetitionAccepted.needs_clerk());
        assert!(CaseworkEvent::PetitionAccepted.is_petition_event());
        assert!(!CaseworkEvent::Supplemented.is_petition_event());
    }
}
