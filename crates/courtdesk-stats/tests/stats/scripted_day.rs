//! A scripted day at a Beijing site, Friday 2025-03-07 ("D"), with every
//! figure computed by hand in the comments and written out in the asserts.

use std::collections::BTreeMap;

use courtdesk_protocol::delivery::ServiceMethod;
use courtdesk_queue::{LocalTime, OpenSpan, PriorityClass, SiteClock, Weekday, WindowId};
use courtdesk_stats::{
    AvailabilityFacts, Bucket, ConfirmationRuling, DayAggregate, DecisionFacts, DecisionKind,
    DeliveryFacts, Fact, Figures, Grouping, LockerEvent, LockerFacts, MediationEnd, MediationFacts,
    Period, RatingFacts, RatingLevel, RefusalFacts, RegistrationFacts, RegistrationOutcome, Report,
    Scope, StatsRules, SubmissionFacts, aggregate_days, days_of, ticket_facts,
};

use crate::support::{Script, at, beijing, clerk_at, day, desk, kiosk, service};

/// The queue's script. Times are Beijing's; waits and service times in the
/// comments are in seconds.
pub(crate) fn queue_script() -> Script {
    let mut s = Script::default();
    let normal = PriorityClass::Normal;
    // t1: filing, called at window 1 after 600, served 480, done.
    s.issue(at(0, 9, 0), "t1", "filing", 1, normal, None);
    s.call(at(0, 9, 10), "t1", 1);
    s.serve(at(0, 9, 11), "t1", 1);
    s.finish(at(0, 9, 19), "t1", 1, "done");
    // t2: elderly, called at window 2 after 180, served 720.
    s.issue(at(0, 9, 5), "t2", "filing", 2, PriorityClass::Elderly, None);
    s.call(at(0, 9, 8), "t2", 2);
    s.serve(at(0, 9, 9), "t2", 2);
    s.finish(at(0, 9, 21), "t2", 2, "materials_missing");
    // t3: called at window 1 after 600, never came.
    s.issue(at(0, 9, 20), "t3", "filing", 3, normal, None);
    s.call(at(0, 9, 30), "t3", 1);
    s.no_show(at(0, 9, 33), "t3", 1);
    // t4: materials, first called at window 2 after 900, transferred to
    // filing while being served, served again at window 1 for 600.
    s.issue(at(0, 9, 25), "t4", "materials", 1, normal, None);
    s.call(at(0, 9, 40), "t4", 2);
    s.serve(at(0, 9, 41), "t4", 2);
    s.transfer(at(0, 9, 45), "t4", 2, "filing");
    s.call(at(0, 9, 50), "t4", 1);
    s.serve(at(0, 9, 51), "t4", 1);
    s.finish(at(0, 10, 1), "t4", 1, "done");
    // t5: failed to print.
    s.issue(at(0, 9, 30), "t5", "filing", 4, normal, None);
    s.void(at(0, 9, 30) + 5_000, "t5");
    // t6: appointment for 10:00, printed at 09:40, checked in at 09:50,
    // called at window 2 at 10:00: a wait of 600 from check-in.
    s.issue(at(0, 9, 40), "t6", "filing", 5, normal, Some(at(0, 10, 0)));
    s.check_in(at(0, 9, 50), "t6");
    s.call(at(0, 10, 0), "t6", 2);
    s.serve(at(0, 10, 1), "t6", 2);
    s.finish(at(0, 10, 6), "t6", 2, "done");
    // t7: issued before midnight, called (900) and served (600) after it.
    s.issue(at(0, 23, 50), "t7", "filing", 6, normal, None);
    s.call(at(1, 0, 5), "t7", 1);
    s.serve(at(1, 0, 6), "t7", 1);
    s.finish(at(1, 0, 16), "t7", 1, "done");
    s
}

fn submission(id: &str, submitted_ms: u64, decision: Option<(u64, DecisionKind)>) -> Fact {
    Fact::from(SubmissionFacts {
        submission_id: id.into(),
        submitted_ms,
        resubmission: id == "s3",
        decision: decision.map(|(decided_ms, decision)| DecisionFacts {
            decided_ms,
            clerk: "li".into(),
            decision,
        }),
    })
}

fn locker(id: &str, event: LockerEvent, at_ms: u64) -> Fact {
    Fact::from(LockerFacts {
        submission_id: id.into(),
        event,
        at_ms,
    })
}

fn delivery(id: &str, method: ServiceMethod, published_ms: u64) -> DeliveryFacts {
    DeliveryFacts {
        delivery_id: id.into(),
        method,
        published_ms,
        opened_ms: None,
        acknowledged_ms: None,
        refused: None,
        expired_ms: None,
    }
}

fn filing(id: &str, received_ms: u64, outcome: Option<RegistrationOutcome>) -> RegistrationFacts {
    RegistrationFacts {
        filing_id: id.into(),
        received_ms,
        deferred_ms: None,
        completed_ms: None,
        outcome,
    }
}

fn mediation(id: &str, referred_ms: u64) -> MediationFacts {
    MediationFacts {
        mediation_id: id.into(),
        referred_ms,
        ended: None,
        confirmation_applied_ms: None,
        confirmation: None,
        returned_to_registration_ms: None,
    }
}

fn rating(ticket: &str, window: u16, clerk: &str, level: RatingLevel, rated_ms: u64) -> Fact {
    Fact::from(RatingFacts {
        rated_ms,
        ticket: ticket.parse().expect("a ticket id"),
        number: "A001".into(),
        service: service("filing"),
        window: WindowId(window),
        clerk: Some(clerk.into()),
        level,
        reason: (level == RatingLevel::Dissatisfied).then(|| "slow".into()),
    })
}

/// Every fact of the day but the tickets'.
pub(crate) fn other_facts() -> Vec<Fact> {
    let registered = |ms| Some(RegistrationOutcome::Registered { at_ms: ms });
    let minute = |h, m| LocalTime::new(h, m).expect("a time of day");
    let mut facts = vec![
        // Intake: s1 accepted after 1080; s2 returned after 1800; s3
        // corrects s2 and is forwarded the next morning; s4 waits.
        submission(
            "s1",
            at(0, 9, 12),
            Some((at(0, 9, 30), DecisionKind::Accepted)),
        ),
        submission(
            "s2",
            at(0, 9, 40),
            Some((
                at(0, 10, 10),
                DecisionKind::Returned {
                    reason: "incomplete".into(),
                },
            )),
        ),
        submission(
            "s3",
            at(0, 10, 30),
            Some((
                at(1, 9, 0),
                DecisionKind::Forwarded {
                    department: "civil_1".into(),
                },
            )),
        ),
        submission("s4", at(0, 16, 0), None),
        locker("s1", LockerEvent::Deposited, at(0, 9, 15)),
        locker("s1", LockerEvent::Collected, at(0, 14, 0)),
        locker("s4", LockerEvent::Deposited, at(0, 16, 5)),
        locker("s4", LockerEvent::Collected, at(1, 8, 30)),
    ];
    // E-delivery: dl1 published the day before and acknowledged on D after
    // 18 h 35 min (66 900); dl2 refused; dl3 expired to paper; dl4 on
    // paper from the start; dl5 not yet seen.
    let mut dl1 = delivery("dl1", ServiceMethod::Electronic, at(-1, 15, 0));
    dl1.opened_ms = Some(at(0, 9, 30));
    dl1.acknowledged_ms = Some(at(0, 9, 35));
    let mut dl2 = delivery("dl2", ServiceMethod::Electronic, at(0, 8, 0));
    dl2.opened_ms = Some(at(0, 10, 0));
    dl2.refused = Some(RefusalFacts {
        at_ms: at(0, 10, 2),
        code: "not_the_addressee".into(),
    });
    let mut dl3 = delivery("dl3", ServiceMethod::Electronic, at(0, 8, 30));
    dl3.expired_ms = Some(at(0, 17, 0));
    facts.extend([
        Fact::from(dl1),
        Fact::from(dl2),
        Fact::from(dl3),
        Fact::from(delivery("dl4", ServiceMethod::Paper, at(0, 11, 0))),
        Fact::from(delivery("dl5", ServiceMethod::Electronic, at(0, 12, 0))),
    ]);
    // Registration: f1 on the spot; f2 the same day but after a deferral
    // (within the period); f3 ten days after receipt (late); f4 two days
    // after its supplements were complete (within); f5 not registered; f6
    // pending.
    let mut f2 = filing("f2", at(0, 10, 0), registered(at(0, 15, 0)));
    f2.deferred_ms = Some(at(0, 10, 20));
    let mut f3 = filing("f3", at(-10, 9, 0), registered(at(0, 11, 0)));
    f3.deferred_ms = Some(at(-10, 9, 30));
    let mut f4 = filing("f4", at(-9, 9, 0), registered(at(0, 9, 0)));
    f4.deferred_ms = Some(at(-9, 9, 10));
    f4.completed_ms = Some(at(-2, 15, 0));
    let f5 = filing(
        "f5",
        at(0, 13, 0),
        Some(RegistrationOutcome::NotRegistered {
            at_ms: at(0, 13, 30),
            reason: "not_civil_matter".into(),
        }),
    );
    facts.extend(
        [
            filing("f1", at(0, 9, 0), registered(at(0, 9, 40))),
            f2,
            f3,
            f4,
            f5,
            filing("f6", at(0, 16, 0), None),
        ]
        .map(Fact::from),
    );
    // Mediation: m1 agreed on D, confirmation applied on D and granted on
    // D+1; m2 referred on D; m3 failed on D and went to registration.
    let mut m1 = mediation("m1", at(-20, 10, 0));
    m1.ended = Some((MediationEnd::Agreement, at(0, 10, 0)));
    m1.confirmation_applied_ms = Some(at(0, 14, 0));
    m1.confirmation = Some(ConfirmationRuling {
        at_ms: at(1, 9, 0),
        granted: true,
    });
    let mut m3 = mediation("m3", at(-5, 10, 0));
    m3.ended = Some((MediationEnd::NoAgreement, at(0, 11, 0)));
    m3.returned_to_registration_ms = Some(at(0, 11, 30));
    facts.extend([m1, mediation("m2", at(0, 9, 30)), m3].map(Fact::from));
    facts.extend([
        rating("t1", 1, "li", RatingLevel::Satisfied, at(0, 9, 20)),
        rating("t2", 2, "wang", RatingLevel::Dissatisfied, at(0, 9, 22)),
        rating("t6", 2, "wang", RatingLevel::FairlySatisfied, at(0, 10, 7)),
    ]);
    // The kiosk is open 09:00-12:00 and 13:00-17:00 (7 h) and sends a
    // heartbeat a minute, each vouching for 90 s; the network is cut from
    // 13:00 to 14:00, so it is online 6 h of 7.
    let heartbeats = (0..180)
        .map(|k| at(0, 9, 0) + k * 60_000)
        .chain((0..180).map(|k| at(0, 14, 0) + k * 60_000))
        .collect();
    facts.push(Fact::from(AvailabilityFacts {
        terminal: kiosk(),
        day: day(2025, 3, 7),
        open: vec![
            OpenSpan {
                from: minute(9, 0),
                to: minute(12, 0),
            },
            OpenSpan {
                from: minute(13, 0),
                to: minute(17, 0),
            },
        ],
        heartbeats_ms: heartbeats,
        cover_ms: 90_000,
    }));
    facts
}

pub(crate) fn all_facts(script: &Script) -> Vec<Fact> {
    let mut facts: Vec<Fact> = ticket_facts(Default::default(), &script.events, clerk_at)
        .into_iter()
        .map(Fact::from)
        .collect();
    facts.extend(other_facts());
    facts
}

fn figures_of(days: &[DayAggregate], wanted: courtdesk_queue::ServiceDay) -> Figures {
    days.iter()
        .find(|d| d.day() == wanted)
        .map(|d| d.figures().clone())
        .unwrap_or_default()
}

fn scope() -> Scope {
    Scope {
        court: "hunan-1102".into(),
        site: Some("hall".into()),
    }
}

#[test]
fn the_queue_figures_of_the_day_match_the_hand_count() {
    let days = aggregate_days(&beijing(), &all_facts(&queue_script()));
    let q = figures_of(&days, day(2025, 3, 7)).queue;
    // t1 t2 t3 t4 t6 t7 issued; t5 voided and not issued.
    assert_eq!((q.all.issued, q.all.voided), (6, 1));
    // t1 t2 t4 t6 finished on D; t7 finishes on D+1.
    assert_eq!(q.all.served, 4);
    assert_eq!((q.all.no_shows, q.all.transferred), (1, 1));
    // Waits on D: 180, 600, 600, 600, 900 (t7's is D+1's).
    let waits = q.all.waits.summary();
    assert_eq!(waits.count, 5);
    assert_eq!(waits.median_seconds, Some(600), "rank 3 of 5");
    assert_eq!(waits.p90_seconds, Some(900), "rank 5 of 5");
    assert_eq!(waits.mean_seconds, Some(576.0));
    assert_eq!(q.all.called_within(600), Some(0.8), "4 of 5 within 10 min");
    assert_eq!(q.all.called_within(599), Some(0.2), "only t2's 180");
    // Service times on D: 300, 480, 600, 720.
    let service_times = q.all.service_times.summary();
    assert_eq!(service_times.median_seconds, Some(480), "rank 2 of 4");
    assert_eq!(service_times.p90_seconds, Some(720), "rank 4 of 4");
    assert_eq!(service_times.mean_seconds, Some(525.0));
    let outcomes: Vec<(&str, u64)> = q
        .all
        .outcomes
        .iter()
        .map(|(code, n)| (code.as_str(), *n))
        .collect();
    assert_eq!(outcomes, [("done", 3), ("materials_missing", 1)]);
}

#[test]
fn the_queue_breakdowns_follow_where_each_part_happened() {
    let days = aggregate_days(&beijing(), &all_facts(&queue_script()));
    let q = figures_of(&days, day(2025, 3, 7)).queue;
    // Window 1 (li): t1 and t3 called there, t1 and t4 finished there, t3
    // a no-show. Window 2 (wang): t2, t4 (its first call) and t6 called,
    // t2 and t6 finished.
    let w1 = &q.by_window[&WindowId(1)];
    assert_eq!((w1.waits.count(), w1.served, w1.no_shows), (2, 2, 1));
    assert_eq!(w1.service_times.median(), Some(480), "480 and 600");
    let w2 = &q.by_window[&WindowId(2)];
    assert_eq!((w2.waits.count(), w2.served, w2.no_shows), (3, 2, 0));
    assert_eq!(w2.waits.median(), Some(600), "180, 600, 900");
    assert_eq!(q.by_clerk[&"li".into()], *w1, "li sat at window 1 all day");
    assert_eq!(q.by_clerk[&"wang".into()], *w2);
    assert_eq!(w1.issued + w2.issued, 0, "issuing happens at no window");
    // Filing issued t1 t2 t3 t6 t7 and voided t5; it served t4 after the
    // transfer. Materials issued t4, called it first and transferred it.
    let filing = &q.by_service[&service("filing")];
    assert_eq!((filing.issued, filing.voided, filing.served), (5, 1, 4));
    let materials = &q.by_service[&service("materials")];
    assert_eq!(
        (
            materials.issued,
            materials.waits.count(),
            materials.transferred
        ),
        (1, 1, 1)
    );
    let elderly = &q.by_priority[&PriorityClass::Elderly];
    assert_eq!((elderly.issued, elderly.waits.median()), (1, Some(180)));
    let appointments = &q.by_arrival[&courtdesk_stats::Arrival::Appointment];
    assert_eq!(
        (appointments.issued, appointments.waits.median()),
        (1, Some(600)),
        "t6 waited from check-in, not from printing"
    );
    // Issued at 09:xx: t1 t2 t3 t4 t6; at 23:50: t7.
    assert_eq!(q.by_hour[&9].issued, 5);
    assert_eq!(q.by_hour[&23].issued, 1);
    // At 10:xx: t6 called; t4 and t6 finished.
    assert_eq!(
        (q.by_hour[&10].waits.count(), q.by_hour[&10].served),
        (1, 2)
    );
}

#[test]
fn a_ticket_spanning_midnight_counts_issued_on_one_day_and_served_on_the_next() {
    let days = aggregate_days(&beijing(), &all_facts(&queue_script()));
    let next = figures_of(&days, day(2025, 3, 8)).queue;
    assert_eq!((next.all.issued, next.all.served), (0, 1));
    assert_eq!(next.all.waits.median(), Some(900));
    assert_eq!(next.all.service_times.median(), Some(600));
    assert_eq!(next.by_hour[&0].served, 1);
}

#[test]
fn intake_delivery_casework_ratings_and_terminals_match_the_hand_count() {
    let days = aggregate_days(&beijing(), &all_facts(&queue_script()));
    let d = figures_of(&days, day(2025, 3, 7));
    let i = &d.intake;
    assert_eq!((i.received, i.resubmitted, i.decided_same_day), (4, 1, 2));
    assert_eq!(i.same_day_share(), Some(0.5));
    assert_eq!(i.accepted, 1);
    assert_eq!(i.returned, BTreeMap::from([("incomplete".to_string(), 1)]));
    assert!(i.forwarded.is_empty(), "s3 is forwarded on D+1");
    assert_eq!(i.turnaround.median(), Some(1080), "1080 and 1800");
    assert_eq!(i.turnaround.mean(), Some(1440.0));
    assert_eq!((i.locker_deposits, i.locker_collections), (2, 1));
    let next = figures_of(&days, day(2025, 3, 8));
    assert_eq!(next.intake.forwarded_total(), 1);
    assert_eq!(next.intake.turnaround.median(), Some(81_000), "22.5 h");
    assert_eq!(next.intake.locker_collections, 1);

    let e = &d.delivery;
    assert_eq!((e.published, e.published_paper, e.read), (3, 1, 2));
    assert_eq!(
        (e.acknowledged, e.refused_total(), e.expired_to_paper),
        (1, 1, 1)
    );
    assert_eq!(e.to_acknowledgement.median(), Some(66_900));
    assert_eq!(
        e.acknowledged_share(),
        Some(0.25),
        "1 of ack, refused, expired, paper"
    );

    let c = &d.casework;
    assert_eq!(c.filings_received, 4, "f1 f2 f5 f6 received on D");
    assert_eq!(
        (
            c.registered_on_the_spot,
            c.registered_within_period,
            c.registered_late
        ),
        (1, 2, 1)
    );
    assert_eq!(c.on_the_spot_rate(), Some(0.25));
    assert_eq!(c.not_registered.values().sum::<u64>(), 1);
    assert_eq!((c.mediation_referrals, c.mediation_agreements), (1, 1));
    assert_eq!(
        (c.mediation_no_agreement, c.returned_to_registration),
        (1, 1)
    );
    assert_eq!(c.mediation_success_rate(), Some(0.5));
    assert_eq!((c.confirmations_applied, c.confirmations_granted), (1, 0));
    assert_eq!(next.casework.confirmations_granted, 1);

    let r = &d.ratings;
    assert_eq!(
        (r.all.satisfied, r.all.fairly_satisfied, r.all.dissatisfied),
        (1, 1, 1)
    );
    assert_eq!(r.by_window[&WindowId(2)].total(), 2);
    assert_eq!(r.by_clerk[&"li".into()].satisfaction_rate(), Some(1.0));
    let listed: Vec<&str> = r.dissatisfied.iter().map(|x| x.ticket.as_str()).collect();
    assert_eq!(listed, ["t2"]);

    let uptime = &d.availability.by_terminal[&kiosk()];
    assert_eq!(
        (uptime.open_ms, uptime.online_ms),
        (7 * 3_600_000, 6 * 3_600_000)
    );
}

#[test]
fn a_site_at_another_offset_counts_the_same_stamps_on_its_own_days() {
    // UTC-5: 09:00 in Beijing is 20:00 the evening before; t7's 23:50 and
    // 00:05 in Beijing are 10:50 and 11:05 of D there.
    let rules = StatsRules::new(SiteClock {
        utc_offset_minutes: -300,
    });
    let facts: Vec<Fact> = ticket_facts(Default::default(), &queue_script().events, clerk_at)
        .into_iter()
        .map(Fact::from)
        .collect();
    let days = aggregate_days(&rules, &facts);
    let eve = figures_of(&days, day(2025, 3, 6)).queue;
    assert_eq!((eve.all.issued, eve.all.served), (5, 4));
    assert_eq!(eve.by_hour[&20].issued, 5, "09:xx in Beijing is 20:xx");
    let d = figures_of(&days, day(2025, 3, 7)).queue;
    assert_eq!((d.all.issued, d.all.served), (1, 1), "t7 within one day");
    assert_eq!(d.by_hour[&10].issued, 1);
    assert_eq!(days.len(), 2);
}

#[test]
fn records_arriving_late_count_on_the_day_they_happened() {
    // Window 2's desk was cut off all day: its events reach the server the
    // next afternoon. The server stored aggregates from what it had, then
    // rebuilds the days the late facts touch.
    let rules = beijing();
    let script = queue_script();
    let (late, early): (Vec<_>, Vec<_>) = script.events.iter().partition(|e| e.origin == desk(2));
    let before: Vec<Fact> = ticket_facts(Default::default(), early.iter().copied(), clerk_at)
        .into_iter()
        .map(Fact::from)
        .collect();
    let mut stored: BTreeMap<_, DayAggregate> = aggregate_days(&rules, &before)
        .into_iter()
        .map(|d| (d.day(), d))
        .collect();
    let after: Vec<Fact> = ticket_facts(
        Default::default(),
        early.iter().chain(late.iter()).copied(),
        clerk_at,
    )
    .into_iter()
    .map(Fact::from)
    .collect();
    let touched: std::collections::BTreeSet<_> = after
        .iter()
        .filter(|f| !before.contains(f))
        .chain(before.iter().filter(|f| !after.contains(f)))
        .flat_map(|f| days_of(&rules, f))
        .collect();
    assert_eq!(
        touched.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        ["2025-03-07"]
    );
    for touched_day in &touched {
        let mut rebuilt = DayAggregate::new(*touched_day);
        for fact in &after {
            rebuilt.add(&rules, fact);
        }
        stored.insert(*touched_day, rebuilt);
    }
    let d = &stored[&day(2025, 3, 7)].figures().queue;
    assert_eq!((d.all.served, d.all.waits.count()), (4, 5));
    assert_eq!(d.by_window[&WindowId(2)].waits.median(), Some(600));
    let at_once: Vec<DayAggregate> = aggregate_days(&rules, &after);
    assert_eq!(stored.into_values().collect::<Vec<_>>(), at_once);
}

#[test]
fn a_report_groups_days_and_clips_groups_to_the_period() {
    let days = aggregate_days(&beijing(), &all_facts(&queue_script()));
    let period = Period::new(day(2025, 2, 20), day(2025, 3, 8)).expect("ordered");
    let report = Report::from_days(scope(), period, Grouping::Month, &days);
    let groups: Vec<(String, String, String)> = report
        .groups
        .iter()
        .map(|g| {
            (
                g.bucket.to_string(),
                g.first.to_string(),
                g.last.to_string(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("2025-02".into(), "2025-02-20".into(), "2025-02-28".into()),
            ("2025-03".into(), "2025-03-01".into(), "2025-03-08".into()),
        ]
    );
    // f3 (02-25) and f4 (02-26) were received in February.
    assert_eq!(report.groups[0].figures.casework.filings_received, 2);
    assert_eq!(report.total.queue.all.issued, 6);
    assert_eq!(report.total.queue.all.served, 5, "t7 on 03-08 is inside");
    assert_eq!(report.by_weekday[&Weekday::Friday].served, 4);
    assert_eq!(report.by_weekday[&Weekday::Saturday].served, 1);
    assert_eq!(
        report.total,
        Figures::over(&beijing(), period, &all_facts(&queue_script()))
    );

    let one_day = Report::from_days(scope(), Period::day(day(2025, 3, 7)), Grouping::Day, &days);
    assert_eq!(one_day.groups.len(), 1);
    assert_eq!(
        one_day.groups[0].bucket,
        Bucket::Day {
            day: day(2025, 3, 7)
        }
    );
    assert_eq!(one_day.total.queue.all.served, 4, "D+1's t7 is outside");
    let json = serde_json::to_string(&one_day).expect("a report serializes");
    let back: Report = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, one_day);
}

#[test]
fn facts_travel_as_json_tagged_by_kind() {
    let facts = all_facts(&queue_script());
    let json = serde_json::to_value(&facts).expect("facts serialize");
    assert_eq!(json[0]["fact"], "ticket");
    let back: Vec<Fact> = serde_json::from_value(json).expect("and read back");
    assert_eq!(back, facts);
}
