//! The full paths of the issue, written as the records the terminals make
//! and rebuilt with the fold, as the server and the statistics will.

use courtdesk_casework::{
    Attendee, AttendeeRole, CaseSeries, CaseType, CaseworkEvent, CaseworkRules, Channel, Choice,
    DisputeCategory, Filing, Material, MediationOutcome, MissingItem, NumberRef, OneTimeNotice,
    Petition, PetitionSeries, PetitionStatus, ProvisionalNumber, RegistrationStatus, Route,
    Sequence, Session, Subject, Venue, Wording,
};
use courtdesk_core::Locale;

use crate::support::{Script, assigned, at, date, terminal};

fn filing_script() -> Script {
    let mut script = Script::new(Subject::Filing("f-traffic".parse().expect("an id")));
    script.kiosk(
        at(2026, 12, 7, 9, 0),
        CaseworkEvent::Received {
            case_type: CaseType::CivilFirstInstance,
            category: Some(DisputeCategory::new("traffic_accident")),
            channel: Channel::Kiosk,
        },
    );
    script
}

fn fold(script: &Script) -> Filing {
    let Subject::Filing(id) = &script.subject else {
        panic!("a filing script");
    };
    let folded = Filing::from_events(id, &script.records, &CaseworkRules::default());
    assert_eq!(folded.refused, vec![], "every step of the path applies");
    folded.state.expect("the filing was received")
}

fn session(on: courtdesk_identity::CivilDate, venue: Venue) -> CaseworkEvent {
    CaseworkEvent::MediationSession {
        session: Session {
            on,
            venue,
            attendees: vec![
                Attendee {
                    role: AttendeeRole::Applicant,
                    reference: "party-1".to_owned(),
                },
                Attendee {
                    role: AttendeeRole::Respondent,
                    reference: "party-2".to_owned(),
                },
            ],
        },
    }
}

fn consent_and_open(script: &mut Script) {
    script
        .kiosk(
            at(2026, 12, 7, 9, 3),
            CaseworkEvent::MediationOffered {
                shown_text:
                    "您的纠纷可以先由调解员免费调解，调解不成可直接立案，无需再次提交。是否同意？"
                        .to_owned(),
                locale: Locale::ZhCn,
                choice: Choice::Consented,
            },
        )
        .desk(
            at(2026, 12, 7, 10, 0),
            CaseworkEvent::MediationOpened {
                number: assigned(CaseType::PreLitigationMediation, 2026, 311),
                organization: "traffic-committee".parse().expect("an id"),
                mediator: "m-zhang".parse().expect("an id"),
            },
        );
}

#[test]
fn consent_two_sessions_agreement_and_judicial_confirmation() {
    let mut script = filing_script();
    consent_and_open(&mut script);
    script
        .desk(
            at(2026, 12, 14, 16, 0),
            session(date(2026, 12, 14), Venue::Place("第二调解室".to_owned())),
        )
        .desk(
            at(2026, 12, 21, 11, 0),
            session(date(2026, 12, 21), Venue::Online("移动微法院".to_owned())),
        )
        .desk(
            at(2026, 12, 21, 11, 30),
            CaseworkEvent::MediationConcluded {
                outcome: MediationOutcome::Agreement {
                    document_sha256: "0f".repeat(32).parse().expect("a digest"),
                },
            },
        )
        .kiosk(
            at(2027, 1, 8, 9, 0),
            CaseworkEvent::ConfirmationApplied {
                number: assigned(CaseType::CivilSpecialProcedure, 2027, 12),
            },
        )
        .desk(
            at(2027, 1, 12, 15, 0),
            CaseworkEvent::ConfirmationRuled {
                confirmed: true,
                ruling_ref: "（2027）湘1102民特12号".to_owned(),
            },
        );
    let filing = fold(&script);
    let mediation = filing.mediation.as_ref().expect("mediated");
    assert_eq!(mediation.number.to_string(), "（2026）湘1102民诉前调311号");
    assert_eq!(mediation.sessions.len(), 2);
    assert_eq!(mediation.agreement_on(), Some(date(2026, 12, 21)));
    let confirmation = filing.confirmation.as_ref().expect("applied");
    assert_eq!(confirmation.number.to_string(), "（2027）湘1102民特12号");
    assert!(confirmation.ruling.as_ref().is_some_and(|r| r.confirmed));
    assert_eq!(
        filing.status,
        RegistrationStatus::Received,
        "a dispute settled by agreement is not registered as a lawsuit"
    );
}

#[test]
fn no_agreement_goes_to_registration_with_the_first_receipt_date() {
    let mut script = filing_script();
    consent_and_open(&mut script);
    script
        .desk(
            at(2026, 12, 15, 10, 0),
            session(date(2026, 12, 15), Venue::Place("第一调解室".to_owned())),
        )
        .desk(
            at(2026, 12, 15, 11, 0),
            CaseworkEvent::MediationConcluded {
                outcome: MediationOutcome::NoAgreement,
            },
        )
        .desk(
            at(2026, 12, 16, 9, 0),
            CaseworkEvent::Registered {
                number: assigned(CaseType::CivilFirstInstance, 2026, 1207),
            },
        );
    let filing = fold(&script);
    let registration = filing.status.registration().expect("registered");
    assert_eq!(registration.received_on, date(2026, 12, 7));
    assert_eq!(registration.on, date(2026, 12, 16));
    assert_eq!(registration.route, Route::AfterMediation);
    assert_eq!(registration.number.to_string(), "（2026）湘1102民初1207号");
    assert_eq!(filing.registered_within_period(), Some(true));
    // The rebuilt filing travels to the desk and the kiosk as JSON unchanged.
    let json = serde_json::to_string(&filing).expect("serializes");
    let back: Filing = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, filing);
}

#[test]
fn missing_materials_notice_supplement_and_registration() {
    let notice = OneTimeNotice::new(
        vec![
            MissingItem {
                material: Material::ComplaintCopies,
                reason: Wording::both("被告两人，仅交一份", "two defendants, one copy given"),
            },
            MissingItem {
                material: Material::Other(Wording::both(
                    "交通事故认定书",
                    "Traffic accident report",
                )),
                reason: Wording::both("未提交", "not submitted"),
            },
        ],
        Some(date(2026, 12, 14)),
    )
    .expect("a valid notice");
    let mut script = filing_script();
    script
        .desk(
            at(2026, 12, 7, 9, 20),
            CaseworkEvent::NoticeIssued {
                notice: notice.clone(),
            },
        )
        .kiosk(at(2026, 12, 10, 14, 0), CaseworkEvent::Supplemented)
        .desk(
            at(2026, 12, 10, 14, 30),
            CaseworkEvent::Registered {
                number: assigned(CaseType::CivilFirstInstance, 2026, 1190),
            },
        );
    let filing = fold(&script);
    let RegistrationStatus::RegisteredOnTheSpot(registration) = &filing.status else {
        panic!(
            "registered the day the supplement came: {:?}",
            filing.status
        );
    };
    assert_eq!(registration.received_on, date(2026, 12, 7));
    let issued = filing.notice.as_ref().expect("the notice is kept");
    let zh = issued
        .notice
        .lines(Locale::ZhCn, filing.received_on, issued.issued_on);
    assert!(
        zh.iter().any(|l| l == "2. 交通事故认定书（原因：未提交）"),
        "{zh:?}"
    );
    let en = issued
        .notice
        .lines(Locale::En, filing.received_on, issued.issued_on);
    assert!(
        en.iter()
            .any(|l| l == "2. Traffic accident report (reason: not submitted)"),
        "{en:?}"
    );
}

#[test]
fn a_petition_is_lodged_referred_and_replied() {
    let series = PetitionSeries {
        court_code: "湘1102".parse().expect("a court code"),
        year: 2026,
    };
    let mut numbers = Sequence::default();
    let lodging = "r0".parse().expect("an id");
    let seq = numbers.assign(&lodging, &series).expect("a number").seq;
    let id = "p-1".parse().expect("an id");
    let mut script = Script::new(Subject::Petition(Clone::clone(&id)));
    script
        .kiosk(
            at(2026, 12, 7, 9, 0),
            CaseworkEvent::PetitionLodged {
                number: series.number(seq),
                case_number: "（2026）湘1102民初123号".parse().ok(),
                request: "请求说明案件延期开庭的原因".to_owned(),
            },
        )
        .desk(
            at(2026, 12, 8, 9, 0),
            CaseworkEvent::PetitionReferred {
                department: "civil-division-1".parse().expect("an id"),
            },
        )
        .desk(
            at(2026, 12, 18, 16, 0),
            CaseworkEvent::PetitionReplied {
                text: "因鉴定未完成延期，鉴定完成后即安排开庭。".to_owned(),
            },
        );
    let folded = Petition::from_events(&id, &script.records);
    assert_eq!(folded.refused, vec![]);
    let petition = folded.state.expect("lodged");
    assert_eq!(petition.number.to_string(), "（2026）湘1102信访1号");
    assert!(matches!(
        &petition.status,
        PetitionStatus::Replied { referred_to: Some(d), on, .. }
            if d.as_str() == "civil-division-1" && *on == date(2026, 12, 18)
    ));
    assert!(!petition.overdue(at(2027, 6, 1, 9, 0), &CaseworkRules::default()));
}

#[test]
fn a_provisional_registration_is_reconciled_on_reconnect() {
    let rules = CaseworkRules::default();
    let offline_desk = terminal(9);
    let provisional = ProvisionalNumber {
        terminal: offline_desk.clone(),
        seq: 1,
    };
    let mut script = filing_script();
    script.push(
        at(2026, 12, 31, 16, 0),
        offline_desk.clone(),
        Some("clerk-wang"),
        CaseworkEvent::Registered {
            number: NumberRef::Provisional(provisional.clone()),
        },
    );
    let registration_record = script.records[1].id.clone();

    // While the desk was cut off, the server numbered another desk's case.
    let civil_2026 = CaseSeries {
        court_code: "湘1102".parse().expect("a court code"),
        year: 2026,
        type_code: CaseType::CivilFirstInstance,
    };
    let mut ledger = Sequence::default();
    let other = ledger
        .assign(&"online".parse().expect("an id"), &civil_2026)
        .expect("a number");
    assert_eq!(other.seq, 1);

    // On reconnect in January the server numbers the registration in the
    // series of its own date, and a retried upload gets the same number.
    let registered = fold(&script);
    let on = registered.status.registration().expect("registered").on;
    let series = CaseSeries {
        year: u16::try_from(on.year()).expect("a four-digit year"),
        ..civil_2026.clone()
    };
    let first = ledger
        .assign(&registration_record, &series)
        .expect("a number");
    let retry = ledger
        .assign(&registration_record, &series)
        .expect("the same number");
    assert_eq!((first.seq, first.fresh), (2, true));
    assert_eq!((retry.seq, retry.fresh), (2, false));
    script.push(
        at(2027, 1, 2, 8, 0),
        terminal(0),
        None,
        CaseworkEvent::NumberAssigned {
            provisional,
            number: series.number(first.seq),
        },
    );
    let folded = Filing::from_events(
        &"f-traffic".parse().expect("an id"),
        &script.records,
        &rules,
    );
    assert_eq!(folded.refused, vec![]);
    let filing = folded.state.expect("received");
    let registration = filing.status.registration().expect("registered");
    assert_eq!(registration.number.to_string(), "（2026）湘1102民初2号");
    assert_eq!(registration.on, date(2026, 12, 31));
}
