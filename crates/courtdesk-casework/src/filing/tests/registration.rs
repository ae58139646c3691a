//! Registration: on the spot, pending, the one-time notice, refusal and
//! provisional numbers.

use super::*;

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
