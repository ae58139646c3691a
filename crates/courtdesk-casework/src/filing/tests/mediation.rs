//! Mediation first, its period, sessions and outcome, and judicial
//! confirmation of an agreement.

use super::*;

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
