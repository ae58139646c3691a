//! The fold depends only on the set of records: any arrival order, and any
//! number of redelivered copies, rebuild the same filing with the same
//! refusals, whether the records make a legal path or not.

use courtdesk_casework::{
    CaseType, CaseworkEvent, CaseworkRecord, CaseworkRules, Channel, Choice, DisputeCategory,
    Filing, FilingId, MediationOutcome, Moment, NumberRef, ProvisionalNumber, Subject,
};
use courtdesk_core::Locale;
use courtdesk_protocol::hlc::Hlc;
use proptest::prelude::*;

use crate::support::{assigned, at, case_number, terminal};

fn event() -> impl Strategy<Value = CaseworkEvent> {
    let provisional = ProvisionalNumber {
        terminal: terminal(5),
        seq: 1,
    };
    prop_oneof![
        Just(CaseworkEvent::Received {
            case_type: CaseType::CivilFirstInstance,
            category: Some(DisputeCategory::new("family")),
            channel: Channel::Kiosk,
        }),
        Just(CaseworkEvent::DecisionPending),
        Just(CaseworkEvent::Supplemented),
        Just(CaseworkEvent::Registered {
            number: assigned(CaseType::CivilFirstInstance, 2026, 7),
        }),
        Just(CaseworkEvent::Registered {
            number: NumberRef::Provisional(provisional.clone()),
        }),
        Just(CaseworkEvent::NumberAssigned {
            provisional,
            number: case_number(CaseType::CivilFirstInstance, 2026, 8),
        }),
        Just(CaseworkEvent::NotAccepted {
            ruling_ref: "裁定 1 号".to_owned(),
        }),
        prop_oneof![Just(Choice::Consented), Just(Choice::Refused)].prop_map(|choice| {
            CaseworkEvent::MediationOffered {
                shown_text: "是否同意诉前调解？".to_owned(),
                locale: Locale::ZhCn,
                choice,
            }
        }),
        Just(CaseworkEvent::MediationOpened {
            number: assigned(CaseType::PreLitigationMediation, 2026, 3),
            organization: "org".parse().expect("an id"),
            mediator: "m".parse().expect("an id"),
        }),
        Just(CaseworkEvent::MediationConcluded {
            outcome: MediationOutcome::NoAgreement,
        }),
        Just(CaseworkEvent::MediationConcluded {
            outcome: MediationOutcome::Agreement {
                document_sha256: "1".repeat(64).parse().expect("a digest"),
            },
        }),
        Just(CaseworkEvent::ConfirmationApplied {
            number: assigned(CaseType::CivilSpecialProcedure, 2026, 2),
        }),
        Just(CaseworkEvent::PetitionAccepted),
    ]
}

fn record() -> impl Strategy<Value = (u64, u32, u128, bool, CaseworkEvent)> {
    // Minutes into a December fortnight, a counter, one of three terminals,
    // whether a clerk signed it, and the step.
    (
        0u64..20_000,
        0u32..2,
        1u128..4,
        proptest::bool::weighted(0.85),
        event(),
    )
}

fn records() -> impl Strategy<Value = Vec<CaseworkRecord>> {
    proptest::collection::vec(record(), 0..25).prop_map(|raw| {
        let start = at(2026, 12, 1, 8, 0).epoch_ms;
        raw.into_iter()
            .enumerate()
            .map(|(i, (minute, counter, origin, signed, event))| {
                let epoch_ms = start + minute * 60_000;
                CaseworkRecord {
                    id: format!("r{i}").parse().expect("an id"),
                    stamp: Hlc {
                        wall_ms: epoch_ms,
                        counter,
                    },
                    terminal: terminal(origin),
                    clerk: signed.then(|| "clerk".parse().expect("an id")),
                    at: Moment::china(epoch_ms),
                    subject: Subject::Filing(filing_id()),
                    event,
                }
            })
            .collect()
    })
}

fn filing_id() -> FilingId {
    "f1".parse().expect("an id")
}

fn with_copies(records: &[CaseworkRecord], copies: &[usize]) -> Vec<CaseworkRecord> {
    let mut all = records.to_vec();
    if !records.is_empty() {
        all.extend(copies.iter().map(|i| records[i % records.len()].clone()));
    }
    all
}

proptest! {
    #[test]
    fn any_arrival_order_and_redelivery_rebuild_the_same_filing(
        (records, shuffled) in records().prop_flat_map(|r| (Just(r.clone()), Just(r).prop_shuffle())),
        copies in proptest::collection::vec(0usize..100, 0..5),
    ) {
        let rules = CaseworkRules::default();
        let in_order = Filing::from_events(&filing_id(), &records, &rules);
        let arrived = Filing::from_events(&filing_id(), &with_copies(&shuffled, &copies), &rules);
        prop_assert_eq!(&arrived, &in_order);
        // Every record is either applied or refused, and none twice.
        let refused = in_order.refused.len();
        prop_assert!(refused <= records.len());
    }

    #[test]
    fn a_registered_filing_keeps_the_date_of_its_first_receipt(records in records()) {
        let folded = Filing::from_events(&filing_id(), &records, &CaseworkRules::default());
        if let Some(filing) = folded.state {
            let mut sorted = records.clone();
            sorted.sort_by_key(CaseworkRecord::order);
            let first_receipt = sorted
                .iter()
                .find(|r| matches!(r.event, CaseworkEvent::Received { .. }))
                .map(|r| r.at.date());
            prop_assert_eq!(Some(filing.received_on), first_receipt);
            if let Some(registration) = filing.status.registration() {
                prop_assert_eq!(registration.received_on, filing.received_on);
            }
        }
    }
}

#[test]
fn records_of_other_subjects_and_unsigned_decisions_are_left_out() {
    let mut records = Vec::new();
    let make = |id: &str, minute: u64, clerk: bool, subject: Subject, event| {
        let when = at(2026, 12, 7, 9, minute);
        CaseworkRecord {
            id: id.parse().expect("an id"),
            stamp: Hlc {
                wall_ms: when.epoch_ms,
                counter: 0,
            },
            terminal: terminal(1),
            clerk: clerk.then(|| "clerk".parse().expect("an id")),
            at: when,
            subject,
            event,
        }
    };
    let receipt = CaseworkEvent::Received {
        case_type: CaseType::CivilFirstInstance,
        category: None,
        channel: Channel::Desk,
    };
    records.push(make(
        "a",
        0,
        false,
        Subject::Filing(filing_id()),
        receipt.clone(),
    ));
    records.push(make(
        "b",
        1,
        false,
        Subject::Filing("other".parse().expect("id")),
        receipt,
    ));
    records.push(make(
        "c",
        2,
        false,
        Subject::Filing(filing_id()),
        CaseworkEvent::DecisionPending,
    ));
    let folded = Filing::from_events(&filing_id(), &records, &CaseworkRules::default());
    let refused: Vec<(&str, &str)> = folded
        .refused
        .iter()
        .map(|r| (r.record.as_str(), r.error.code()))
        .collect();
    assert_eq!(
        refused,
        vec![("c", "clerk_required")],
        "a pending decision is a clerk's"
    );
    let filing = folded.state.expect("received");
    assert_eq!(
        filing.status,
        courtdesk_casework::RegistrationStatus::Received
    );
}
