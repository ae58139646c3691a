//! Every registration, mediation and confirmation step of a filing, and
//! every refusal, with the builders both halves share.

mod mediation;
mod registration;

use crate::fixtures::{
    at, civil, date, number, offer, open_mediation, rules, session, step, traffic_filing,
};
use crate::{
    CaseNumber, CaseType, CaseworkError, CaseworkEvent, Channel, Choice, DisputeCategory, Filing,
    Material, MediationOutcome, MissingItem, NumberRef, OneTimeNotice, ProvisionalNumber,
    RegistrationStatus, Route, Wording,
};
use courtdesk_core::TerminalId;

fn notice() -> CaseworkEvent {
    CaseworkEvent::NoticeIssued {
        notice: OneTimeNotice::new(
            vec![MissingItem {
                material: Material::ComplaintCopies,
                reason: Wording::zh("被告两人，仅交一份"),
            }],
            None,
        )
        .expect("a valid notice"),
    }
}

fn refused(filing: &Filing, event: CaseworkEvent, when: crate::Moment) -> CaseworkError {
    match filing.apply(&event, when, &rules()) {
        Ok(_) => panic!("{} should be refused", event.kind()),
        Err(e) => e,
    }
}

fn agreement() -> CaseworkEvent {
    CaseworkEvent::MediationConcluded {
        outcome: MediationOutcome::Agreement {
            document_sha256: "ab".repeat(32).parse().expect("a digest"),
        },
    }
}

fn concluded(outcome: MediationOutcome) -> CaseworkEvent {
    CaseworkEvent::MediationConcluded { outcome }
}

fn provisional(seq: u32) -> ProvisionalNumber {
    ProvisionalNumber {
        terminal: TerminalId::from_bits(7),
        seq,
    }
}

fn mediating() -> Filing {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let consented = step(&filing, offer(Choice::Consented), at(2026, 12, 7, 9, 5));
    step(&consented, open_mediation(2026), at(2026, 12, 7, 9, 6))
}
