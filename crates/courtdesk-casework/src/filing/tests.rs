//! Every registration, mediation and confirmation step of a filing, and
//! every refusal.

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

#[test]
fn the_receipt_date_is_the_site_date_not_the_utc_date() {
    // 00:30 on New Year's Day in Beijing is still 2026 in UTC.
    let filing = traffic_filing(at(2027, 1, 1, 0, 30));
    assert_eq!(filing.received_on, date(2027, 1, 1));
    assert_eq!(filing.status, RegistrationStatus::Received);
}

#[test]
fn mediation_and_confirmation_numbers_are_not_filing_types() {
    for t in [
        CaseType::PreLitigationMediation,
        CaseType::CivilSpecialProcedure,
    ] {
        let made = Filing::receive(
            "f".parse().expect("id"),
            t,
            None,
            Channel::Desk,
            at(2026, 12, 7, 9, 0),
        );
        assert_eq!(
            made.err(),
            Some(CaseworkError::NotAFilingType { case_type: t })
        );
    }
}

#[test]
fn registering_on_the_receipt_day_is_on_the_spot() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let done = step(
        &filing,
        CaseworkEvent::Registered {
            number: civil(2026, 123),
        },
        at(2026, 12, 7, 9, 20),
    );
    let RegistrationStatus::RegisteredOnTheSpot(r) = &done.status else {
        panic!(
            "same day, straight from review: on the spot, got {:?}",
            done.status
        );
    };
    assert_eq!(r.route, Route::Direct);
    assert_eq!(r.number.to_string(), "（2026）湘1102民初123号");
    assert_eq!(done.registered_within_period(), Some(true));
}

#[test]
fn registering_a_later_day_without_a_pending_decision_is_not_on_the_spot() {
    let filing = traffic_filing(at(2026, 12, 28, 16, 0));
    let done = step(
        &filing,
        CaseworkEvent::Registered {
            number: civil(2027, 1),
        },
        at(2027, 1, 5, 9, 0),
    );
    let RegistrationStatus::Registered(r) = &done.status else {
        panic!("a later day is not on the spot, got {:?}", done.status);
    };
    assert_eq!(r.deadline, date(2027, 1, 4), "seven days after 28 December");
    assert_eq!(done.registered_within_period(), Some(false));
}

#[test]
fn a_pending_decision_is_due_seven_days_after_receipt_across_the_year_end() {
    let filing = traffic_filing(at(2026, 12, 28, 10, 0));
    let pending = step(
        &filing,
        CaseworkEvent::DecisionPending,
        at(2026, 12, 28, 10, 5),
    );
    assert_eq!(
        pending.status,
        RegistrationStatus::PendingDecision {
            deadline: date(2027, 1, 4)
        }
    );
    assert!(!pending.overdue(date(2027, 1, 4), &rules()));
    assert!(pending.overdue(date(2027, 1, 5), &rules()));
    assert_eq!(
        refused(
            &pending,
            CaseworkEvent::DecisionPending,
            at(2026, 12, 29, 9, 0)
        ),
        CaseworkError::AlreadyPending
    );

    // 23:59 on the last day in Beijing is within the period; 00:00 next day is not.
    let last_minute = step(
        &pending,
        CaseworkEvent::Registered {
            number: civil(2027, 4),
        },
        at(2027, 1, 4, 23, 59),
    );
    assert_eq!(last_minute.registered_within_period(), Some(true));
    let RegistrationStatus::Registered(r) = &last_minute.status else {
        panic!("registered after a decision, got {:?}", last_minute.status);
    };
    assert_eq!(r.route, Route::AfterDecision);
    let next_day = step(
        &pending,
        CaseworkEvent::Registered {
            number: civil(2027, 4),
        },
        at(2027, 1, 5, 0, 0),
    );
    assert_eq!(next_day.registered_within_period(), Some(false));
}

#[test]
fn a_supplemented_filing_keeps_its_first_receipt_date_and_restarts_the_period() {
    let filing = traffic_filing(at(2026, 11, 30, 15, 0));
    let missing = step(&filing, notice(), at(2026, 11, 30, 15, 10));
    assert!(matches!(
        missing.status,
        RegistrationStatus::MaterialsMissing { .. }
    ));
    let back = step(&missing, CaseworkEvent::Supplemented, at(2026, 12, 3, 9, 0));
    assert_eq!(
        back.status,
        RegistrationStatus::Supplemented {
            on: date(2026, 12, 3)
        }
    );
    assert_eq!(back.decision_deadline(&rules()), Some(date(2026, 12, 10)));
    let done = step(
        &back,
        CaseworkEvent::Registered {
            number: civil(2026, 9),
        },
        at(2026, 12, 3, 9, 30),
    );
    let RegistrationStatus::RegisteredOnTheSpot(r) = &done.status else {
        panic!(
            "registered the day the materials were complete, got {:?}",
            done.status
        );
    };
    assert_eq!(
        r.received_on,
        date(2026, 11, 30),
        "the first receipt date stays"
    );
    assert_eq!(r.on, date(2026, 12, 3));
    assert!(done.notice.is_some(), "the notice stays in the trace");
}

#[test]
fn the_one_time_notice_is_issued_once() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let missing = step(&filing, notice(), at(2026, 12, 7, 9, 5));
    assert_eq!(
        refused(&missing, notice(), at(2026, 12, 7, 9, 6)),
        CaseworkError::NoticeAlreadyIssued
    );
    let back = step(&missing, CaseworkEvent::Supplemented, at(2026, 12, 8, 9, 0));
    assert_eq!(
        refused(&back, notice(), at(2026, 12, 8, 9, 5)),
        CaseworkError::NoticeAlreadyIssued
    );
    let pending = step(&back, CaseworkEvent::DecisionPending, at(2026, 12, 8, 9, 5));
    assert_eq!(
        refused(&pending, notice(), at(2026, 12, 9, 9, 5)),
        CaseworkError::NoticeAlreadyIssued
    );
}

#[test]
fn a_pending_filing_can_still_get_its_notice() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let pending = step(
        &filing,
        CaseworkEvent::DecisionPending,
        at(2026, 12, 7, 9, 5),
    );
    let missing = step(&pending, notice(), at(2026, 12, 9, 9, 0));
    assert!(matches!(
        missing.status,
        RegistrationStatus::MaterialsMissing { .. }
    ));
}

#[test]
fn nothing_is_decided_while_materials_are_missing_except_refusal() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let missing = step(&filing, notice(), at(2026, 12, 7, 9, 5));
    let when = at(2026, 12, 8, 9, 0);
    assert_eq!(
        refused(
            &missing,
            CaseworkEvent::Registered {
                number: civil(2026, 1)
            },
            when
        ),
        CaseworkError::AwaitingSupplement
    );
    assert_eq!(
        refused(&missing, CaseworkEvent::DecisionPending, when),
        CaseworkError::AwaitingSupplement
    );
    assert_eq!(
        refused(&missing, offer(Choice::Consented), when),
        CaseworkError::AwaitingSupplement
    );
    let ruling = CaseworkEvent::NotAccepted {
        ruling_ref: "（2026）湘1102民初5号之一".to_owned(),
    };
    let refused_filing = step(&missing, ruling, when);
    assert!(matches!(
        refused_filing.status,
        RegistrationStatus::NotAccepted { .. }
    ));
}

#[test]
fn a_supplement_needs_an_outstanding_notice() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    assert_eq!(
        refused(&filing, CaseworkEvent::Supplemented, at(2026, 12, 7, 9, 1)),
        CaseworkError::NoNoticeOutstanding
    );
}

#[test]
fn a_decided_filing_refuses_every_further_decision() {
    let when = at(2026, 12, 7, 10, 0);
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let registered = step(
        &filing,
        CaseworkEvent::Registered {
            number: civil(2026, 1),
        },
        when,
    );
    let not_accepted = step(
        &filing,
        CaseworkEvent::NotAccepted {
            ruling_ref: "裁定书 7 号".to_owned(),
        },
        when,
    );
    for event in [
        CaseworkEvent::Registered {
            number: civil(2026, 2),
        },
        CaseworkEvent::DecisionPending,
        notice(),
        CaseworkEvent::NotAccepted {
            ruling_ref: "x".to_owned(),
        },
        offer(Choice::Consented),
    ] {
        assert_eq!(
            refused(&registered, event.clone(), when),
            CaseworkError::AlreadyRegistered
        );
        assert_eq!(
            refused(&not_accepted, event, when),
            CaseworkError::AlreadyRefused
        );
    }
    assert_eq!(
        refused(
            &filing,
            CaseworkEvent::NotAccepted {
                ruling_ref: "  ".to_owned()
            },
            when
        ),
        CaseworkError::EmptyRulingReference
    );
}

#[test]
fn a_number_of_another_type_or_year_is_refused() {
    let filing = traffic_filing(at(2026, 12, 31, 23, 0));
    let admin = number(CaseType::AdministrativeFirstInstance, 2026, 1);
    assert_eq!(
        refused(
            &filing,
            CaseworkEvent::Registered { number: admin },
            at(2026, 12, 31, 23, 30)
        ),
        CaseworkError::WrongCaseType {
            expected: CaseType::CivilFirstInstance,
            got: CaseType::AdministrativeFirstInstance
        }
    );
    // Registered after midnight in Beijing: the number must be of 2027.
    assert_eq!(
        refused(
            &filing,
            CaseworkEvent::Registered {
                number: civil(2026, 5)
            },
            at(2027, 1, 1, 0, 10)
        ),
        CaseworkError::WrongYear {
            number_year: 2026,
            record_year: 2027
        }
    );
}

fn provisional(seq: u32) -> ProvisionalNumber {
    ProvisionalNumber {
        terminal: TerminalId::from_bits(7),
        seq,
    }
}

#[test]
fn a_provisional_registration_takes_the_number_the_server_assigns() {
    let filing = traffic_filing(at(2026, 12, 31, 9, 0));
    let offline = step(
        &filing,
        CaseworkEvent::Registered {
            number: NumberRef::Provisional(provisional(3)),
        },
        at(2026, 12, 31, 9, 10),
    );
    assert!(
        matches!(offline.status, RegistrationStatus::RegisteredOnTheSpot(_)),
        "provisional registration counts as made"
    );
    // Reconciled in January, it still takes a number of the registration's year.
    let real = CaseNumber {
        year: 2026,
        court_code: "湘1102".parse().expect("code"),
        type_code: CaseType::CivilFirstInstance,
        seq: 88,
    };
    let assign = CaseworkEvent::NumberAssigned {
        provisional: provisional(3),
        number: real.clone(),
    };
    let done = step(&offline, assign, at(2027, 1, 2, 8, 0));
    let r = done.status.registration().expect("registered");
    assert_eq!(r.number, NumberRef::Assigned(real.clone()));
    assert_eq!(r.on, date(2026, 12, 31));

    let unknown = CaseworkEvent::NumberAssigned {
        provisional: provisional(4),
        number: real.clone(),
    };
    assert_eq!(
        refused(&offline, unknown, at(2027, 1, 2, 8, 0)),
        CaseworkError::NoSuchProvisional {
            provisional: provisional(4)
        }
    );
    let next_year = CaseworkEvent::NumberAssigned {
        provisional: provisional(3),
        number: CaseNumber { year: 2027, ..real },
    };
    assert_eq!(
        refused(&offline, next_year, at(2027, 1, 2, 8, 0)),
        CaseworkError::WrongYear {
            number_year: 2027,
            record_year: 2026
        }
    );
}

#[test]
fn mediation_is_offered_only_for_suitable_filings_with_the_text_shown() {
    let when = at(2026, 12, 7, 9, 5);
    let sale = Filing::receive(
        "f2".parse().expect("id"),
        CaseType::CivilFirstInstance,
        Some(DisputeCategory::new("sale_contract")),
        Channel::Kiosk,
        at(2026, 12, 7, 9, 0),
    )
    .expect("a filing");
    assert_eq!(
        refused(&sale, offer(Choice::Consented), when),
        CaseworkError::NotSuitableForMediation {
            case_type: CaseType::CivilFirstInstance
        }
    );
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let blank = CaseworkEvent::MediationOffered {
        shown_text: " ".to_owned(),
        locale: courtdesk_core::Locale::ZhCn,
        choice: Choice::Consented,
    };
    assert_eq!(refused(&filing, blank, when), CaseworkError::EmptyOfferText);
    let offered = step(&filing, offer(Choice::Refused), when);
    let recorded = offered.offer.as_ref().expect("the offer is kept");
    assert_eq!(recorded.at, when);
    assert!(recorded.shown_text.contains("诉前调解"));
    assert_eq!(
        refused(&offered, offer(Choice::Consented), when),
        CaseworkError::AlreadyOffered
    );
}

#[test]
fn refusing_mediation_never_blocks_registration() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let offered = step(&filing, offer(Choice::Refused), at(2026, 12, 7, 9, 5));
    assert_eq!(
        refused(&offered, open_mediation(2026), at(2026, 12, 7, 9, 6)),
        CaseworkError::NoConsent
    );
    let done = step(
        &offered,
        CaseworkEvent::Registered {
            number: civil(2026, 3),
        },
        at(2026, 12, 7, 9, 10),
    );
    assert!(matches!(
        done.status,
        RegistrationStatus::RegisteredOnTheSpot(_)
    ));
}

#[test]
fn a_mediation_needs_consent_and_holds_registration_while_open() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    assert_eq!(
        refused(&filing, open_mediation(2026), at(2026, 12, 7, 9, 1)),
        CaseworkError::NoConsent
    );
    let consented = step(&filing, offer(Choice::Consented), at(2026, 12, 7, 9, 5));
    let wrong = CaseworkEvent::MediationOpened {
        number: civil(2026, 1),
        organization: "org".parse().expect("id"),
        mediator: "m".parse().expect("id"),
    };
    assert_eq!(
        refused(&consented, wrong, at(2026, 12, 7, 9, 6)),
        CaseworkError::WrongCaseType {
            expected: CaseType::PreLitigationMediation,
            got: CaseType::CivilFirstInstance
        }
    );
    let mediating = step(&consented, open_mediation(2026), at(2026, 12, 7, 9, 6));
    let m = mediating.mediation.as_ref().expect("opened");
    assert_eq!(m.deadline, date(2027, 1, 6), "thirty days after 7 December");
    assert_eq!(
        mediating.decision_deadline(&rules()),
        None,
        "no registration is due while mediating"
    );
    let when = at(2026, 12, 8, 9, 0);
    assert_eq!(
        refused(&mediating, open_mediation(2026), when),
        CaseworkError::MediationAlreadyOpen
    );
    assert_eq!(
        refused(
            &mediating,
            CaseworkEvent::Registered {
                number: civil(2026, 1)
            },
            when
        ),
        CaseworkError::MediationUnderway
    );
    assert_eq!(
        refused(&mediating, notice(), when),
        CaseworkError::MediationUnderway
    );
}

#[test]
fn mediation_steps_need_a_mediation() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let when = at(2026, 12, 8, 9, 0);
    assert_eq!(
        refused(&filing, session(date(2026, 12, 8)), when),
        CaseworkError::NoMediation
    );
    assert_eq!(
        refused(&filing, concluded(MediationOutcome::NoAgreement), when),
        CaseworkError::NoMediation
    );
    let extend = CaseworkEvent::MediationExtended {
        days: 10,
        applicant_consented: true,
        respondent_consented: true,
    };
    assert_eq!(refused(&filing, extend, when), CaseworkError::NoMediation);
}

fn mediating() -> Filing {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let consented = step(&filing, offer(Choice::Consented), at(2026, 12, 7, 9, 5));
    step(&consented, open_mediation(2026), at(2026, 12, 7, 9, 6))
}

#[test]
fn an_extension_needs_both_parties_and_a_running_period() {
    let m = mediating();
    let extend = |a, r, days| CaseworkEvent::MediationExtended {
        days,
        applicant_consented: a,
        respondent_consented: r,
    };
    let when = at(2027, 1, 5, 9, 0);
    assert_eq!(
        refused(&m, extend(true, false, 10), when),
        CaseworkError::ExtensionNeedsBothParties
    );
    assert_eq!(
        refused(&m, extend(false, true, 10), when),
        CaseworkError::ExtensionNeedsBothParties
    );
    assert_eq!(
        refused(&m, extend(true, true, 0), when),
        CaseworkError::EmptyExtension
    );
    assert_eq!(
        refused(&m, extend(true, true, 10), at(2027, 1, 7, 9, 0)),
        CaseworkError::MediationPeriodOver {
            deadline: date(2027, 1, 6)
        }
    );
    let longer = step(&m, extend(true, true, 10), when);
    let mediation = longer.mediation.as_ref().expect("mediating");
    assert_eq!(mediation.deadline, date(2027, 1, 16));
    assert_eq!(mediation.extensions.len(), 1);
    assert_eq!(mediation.extensions[0].on, date(2027, 1, 5));
}

#[test]
fn sessions_are_dated_within_the_mediation_and_have_attendees() {
    let m = mediating();
    let when = at(2026, 12, 10, 17, 0);
    assert_eq!(
        refused(&m, session(date(2026, 12, 6)), when),
        CaseworkError::SessionOutOfPeriod {
            opened_on: date(2026, 12, 7)
        }
    );
    assert_eq!(
        refused(&m, session(date(2026, 12, 11)), when),
        CaseworkError::SessionOutOfPeriod {
            opened_on: date(2026, 12, 7)
        },
        "a session is recorded once held, not ahead"
    );
    assert_eq!(
        refused(&m, session(date(2027, 1, 7)), at(2027, 1, 8, 9, 0)),
        CaseworkError::MediationPeriodOver {
            deadline: date(2027, 1, 6)
        }
    );
    let mut empty = session(date(2026, 12, 10));
    if let CaseworkEvent::MediationSession { session } = &mut empty {
        session.attendees.clear();
    }
    assert_eq!(refused(&m, empty, when), CaseworkError::NoAttendees);
    let held = step(&m, session(date(2026, 12, 10)), when);
    assert_eq!(held.mediation.as_ref().map(|m| m.sessions.len()), Some(1));
}

#[test]
fn an_agreement_is_reached_within_the_period_but_failure_can_be_recorded_late() {
    let m = mediating();
    let late = at(2027, 1, 7, 9, 0);
    assert_eq!(
        refused(&m, agreement(), late),
        CaseworkError::MediationPeriodOver {
            deadline: date(2027, 1, 6)
        }
    );
    assert!(
        m.mediation
            .as_ref()
            .is_some_and(|x| x.overdue(date(2027, 1, 7)))
    );
    let failed = step(&m, concluded(MediationOutcome::NoAgreement), late);
    for event in [
        agreement(),
        session(date(2027, 1, 7)),
        concluded(MediationOutcome::Withdrawn),
    ] {
        assert_eq!(refused(&failed, event, late), CaseworkError::MediationEnded);
    }
}

#[test]
fn after_no_agreement_or_withdrawal_the_filing_is_registered_with_its_receipt_date() {
    for outcome in [MediationOutcome::NoAgreement, MediationOutcome::Withdrawn] {
        let failed = step(&mediating(), concluded(outcome), at(2026, 12, 20, 16, 0));
        assert_eq!(
            failed.decision_deadline(&rules()),
            Some(date(2026, 12, 27)),
            "the period runs from the mediation's end"
        );
        let done = step(
            &failed,
            CaseworkEvent::Registered {
                number: civil(2026, 40),
            },
            at(2026, 12, 21, 9, 0),
        );
        let RegistrationStatus::Registered(r) = &done.status else {
            panic!("registered after mediation, got {:?}", done.status);
        };
        assert_eq!(r.route, Route::AfterMediation);
        assert_eq!(r.received_on, date(2026, 12, 7));
        assert!(r.within_period());
    }
}

#[test]
fn an_agreement_settles_the_dispute_and_opens_judicial_confirmation() {
    let settled = step(&mediating(), agreement(), at(2026, 12, 20, 16, 0));
    assert_eq!(
        refused(
            &settled,
            CaseworkEvent::Registered {
                number: civil(2026, 1)
            },
            at(2026, 12, 21, 9, 0)
        ),
        CaseworkError::SettledByMediation
    );
    let special = |seq| CaseworkEvent::ConfirmationApplied {
        number: number(CaseType::CivilSpecialProcedure, 2027, seq),
    };
    // Thirty days after 20 December is 19 January.
    assert_eq!(
        refused(&settled, special(1), at(2027, 1, 20, 9, 0)),
        CaseworkError::ConfirmationPeriodOver {
            deadline: date(2027, 1, 19)
        }
    );
    let wrong = CaseworkEvent::ConfirmationApplied {
        number: civil(2027, 1),
    };
    assert_eq!(
        refused(&settled, wrong, at(2027, 1, 19, 9, 0)),
        CaseworkError::WrongCaseType {
            expected: CaseType::CivilSpecialProcedure,
            got: CaseType::CivilFirstInstance
        }
    );
    let ruled_early = CaseworkEvent::ConfirmationRuled {
        confirmed: true,
        ruling_ref: "r".to_owned(),
    };
    assert_eq!(
        refused(&settled, ruled_early, at(2027, 1, 19, 9, 0)),
        CaseworkError::NoConfirmationApplied
    );
    let applied = step(&settled, special(1), at(2027, 1, 19, 17, 0));
    assert_eq!(
        refused(&applied, special(2), at(2027, 1, 19, 17, 1)),
        CaseworkError::ConfirmationAlreadyApplied
    );
    let blank = CaseworkEvent::ConfirmationRuled {
        confirmed: false,
        ruling_ref: " ".to_owned(),
    };
    assert_eq!(
        refused(&applied, blank, at(2027, 1, 25, 9, 0)),
        CaseworkError::EmptyRulingReference
    );
    let rule = |confirmed| CaseworkEvent::ConfirmationRuled {
        confirmed,
        ruling_ref: "（2027）湘1102民特1号".to_owned(),
    };
    let ruled = step(&applied, rule(false), at(2027, 1, 25, 9, 0));
    let ruling = ruled
        .confirmation
        .as_ref()
        .and_then(|c| c.ruling.as_ref())
        .expect("ruled");
    assert!(!ruling.confirmed, "a ruling may refuse to confirm");
    assert_eq!(
        refused(&ruled, rule(true), at(2027, 1, 26, 9, 0)),
        CaseworkError::ConfirmationAlreadyRuled
    );
}

#[test]
fn confirmation_needs_an_agreement() {
    let special = CaseworkEvent::ConfirmationApplied {
        number: number(CaseType::CivilSpecialProcedure, 2026, 1),
    };
    assert_eq!(
        refused(
            &traffic_filing(at(2026, 12, 7, 9, 0)),
            special.clone(),
            at(2026, 12, 8, 9, 0)
        ),
        CaseworkError::NoAgreement
    );
    assert_eq!(
        refused(&mediating(), special.clone(), at(2026, 12, 8, 9, 0)),
        CaseworkError::NoAgreement
    );
    let failed = step(
        &mediating(),
        concluded(MediationOutcome::NoAgreement),
        at(2026, 12, 8, 9, 0),
    );
    assert_eq!(
        refused(&failed, special, at(2026, 12, 8, 9, 5)),
        CaseworkError::NoAgreement
    );
}

#[test]
fn a_filing_refuses_a_second_receipt_and_petition_steps() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    let when = at(2026, 12, 7, 9, 1);
    let again = CaseworkEvent::Received {
        case_type: CaseType::CivilFirstInstance,
        category: None,
        channel: Channel::Desk,
    };
    assert_eq!(
        refused(&filing, again, when),
        CaseworkError::AlreadyReceived
    );
    assert_eq!(
        refused(&filing, CaseworkEvent::PetitionAccepted, when),
        CaseworkError::WrongSubject
    );
}

#[test]
fn deadlines_follow_the_site_date_across_month_ends() {
    // 00:10 on 28 February in Beijing is still 27 February in UTC: the
    // period runs from the 28th and ends on 7 March (2026 is not a leap year).
    let early = traffic_filing(at(2026, 2, 28, 0, 10));
    assert_eq!(early.received_on, date(2026, 2, 28));
    assert_eq!(early.decision_deadline(&rules()), Some(date(2026, 3, 7)));
    // 23:30 on 31 January in Beijing: the period ends on 7 February.
    let late = traffic_filing(at(2026, 1, 31, 23, 30));
    assert_eq!(late.decision_deadline(&rules()), Some(date(2026, 2, 7)));
    assert!(!late.overdue(date(2026, 2, 7), &rules()));
    assert!(late.overdue(date(2026, 2, 8), &rules()));
    // A mediation opened on 31 January runs to 2 March.
    let consented = step(&late, offer(Choice::Consented), at(2026, 1, 31, 23, 40));
    let mediating = step(&consented, open_mediation(2026), at(2026, 1, 31, 23, 50));
    assert_eq!(
        mediating.mediation.as_ref().map(|m| m.deadline),
        Some(date(2026, 3, 2))
    );
}

#[test]
fn only_registration_on_the_day_of_complete_materials_counts_as_on_the_spot() {
    let filing = traffic_filing(at(2026, 12, 7, 9, 0));
    assert!(!filing.registered_on_the_spot());
    let same_day = step(
        &filing,
        CaseworkEvent::Registered {
            number: civil(2026, 1),
        },
        at(2026, 12, 7, 17, 0),
    );
    assert!(same_day.registered_on_the_spot());
    let pending = step(
        &filing,
        CaseworkEvent::DecisionPending,
        at(2026, 12, 7, 9, 30),
    );
    let decided = step(
        &pending,
        CaseworkEvent::Registered {
            number: civil(2026, 1),
        },
        at(2026, 12, 7, 17, 0),
    );
    assert!(
        !decided.registered_on_the_spot(),
        "a pending decision is not on the spot even the same day"
    );
}
