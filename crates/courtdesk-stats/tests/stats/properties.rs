//! Properties over generated facts: figures do not depend on the order facts
//! or events arrive in, and merging day aggregates, however the facts were
//! split, equals computing over all the facts at once.

use std::collections::BTreeMap;

use courtdesk_protocol::delivery::ServiceMethod;
use courtdesk_queue::{OutcomeCode, PriorityClass, QueueRules, SiteClock, WindowId};
use courtdesk_stats::{
    CallFacts, DayAggregate, DecisionFacts, DecisionKind, DeliveryFacts, Fact, Figures, Grouping,
    Merge, Period, RatingFacts, RatingLevel, RefusalFacts, RegistrationFacts, RegistrationOutcome,
    Report, Scope, ServingFacts, StatsRules, SubmissionFacts, TicketFacts, aggregate_days,
    ticket_facts,
};
use proptest::prelude::*;

use crate::scripted_day::{all_facts, queue_script};
use crate::support::{HOUR, MIN, at, clerk_at, day, service};

/// A moment within four days around D, at minute resolution plus seconds.
fn moment() -> impl Strategy<Value = u64> {
    (0u64..4 * 24 * 60, 0u64..60)
        .prop_map(|(minute, second)| at(-1, 0, 0) + minute * MIN + second * 1000)
}

fn call(window: u16, at_ms: u64) -> CallFacts {
    CallFacts {
        at_ms,
        service: service(if window == 1 { "filing" } else { "materials" }),
        window: WindowId(window),
        clerk: (window < 3).then(|| if window == 1 { "li" } else { "wang" }.into()),
    }
}

fn ticket() -> impl Strategy<Value = Fact> {
    (
        (0u32..1000, moment(), any::<bool>(), 0usize..4),
        (0u8..5, 1u16..4, 0u64..3 * HOUR, 0u64..HOUR),
        (any::<bool>(), 0u32..3),
    )
        .prop_map(
            |(
                (id, issued_ms, appointment, class),
                (fate, window, wait, took),
                (late, transfers),
            )| {
                let first_call = call(window, issued_ms + wait);
                let started_ms = first_call.at_ms + MIN;
                let mut facts = TicketFacts {
                    ticket: format!("t{id}").parse().expect("an id"),
                    service: service("filing"),
                    priority: [
                        PriorityClass::Normal,
                        PriorityClass::Elderly,
                        PriorityClass::Disabled,
                        PriorityClass::Pregnant,
                    ][class],
                    appointment,
                    issued_ms,
                    checked_in_ms: appointment.then_some(issued_ms + wait / 2),
                    first_call: None,
                    first_transfer_ms: (transfers > 0).then_some(issued_ms + wait / 3),
                    transfers,
                    no_show: None,
                    serving: None,
                    voided_ms: None,
                };
                match fate {
                    0 => facts.voided_ms = Some(issued_ms + 1000),
                    1 => {}
                    2 => {
                        facts.no_show = Some(call(window, first_call.at_ms + 2 * MIN));
                        facts.first_call = Some(first_call);
                    }
                    _ => {
                        facts.serving = Some(ServingFacts {
                            started_ms,
                            finished_ms: (fate == 4).then_some(started_ms + took),
                            outcome: Some(if late { "done" } else { "referred" })
                                .map(|c| c.parse::<OutcomeCode>().expect("a code")),
                            service: first_call.service.clone(),
                            window: first_call.window,
                            clerk: first_call.clerk.clone(),
                        });
                        facts.first_call = Some(first_call);
                    }
                }
                Fact::from(facts)
            },
        )
}

fn other() -> impl Strategy<Value = Fact> {
    (0u8..5, 0u32..1000, moment(), 0u64..30 * HOUR, 0u8..4).prop_map(
        |(kind, id, start, span, choice)| match kind {
            0 => Fact::from(SubmissionFacts {
                submission_id: format!("s{id}"),
                submitted_ms: start,
                resubmission: choice == 0,
                decision: (choice > 0).then(|| DecisionFacts {
                    decided_ms: start + span,
                    clerk: "li".into(),
                    decision: match choice {
                        1 => DecisionKind::Accepted,
                        2 => DecisionKind::Returned {
                            reason: "illegible".into(),
                        },
                        _ => DecisionKind::Forwarded {
                            department: "civil_2".into(),
                        },
                    },
                }),
            }),
            1 => Fact::from(DeliveryFacts {
                delivery_id: format!("d{id}"),
                method: if choice == 0 {
                    ServiceMethod::Paper
                } else {
                    ServiceMethod::Electronic
                },
                published_ms: start,
                opened_ms: (choice > 1).then_some(start + span / 2),
                acknowledged_ms: (choice == 2).then_some(start + span),
                refused: (choice == 3).then(|| RefusalFacts {
                    at_ms: start + span,
                    code: "wrong_person".into(),
                }),
                expired_ms: (choice == 1).then_some(start + span),
            }),
            2 => Fact::from(RegistrationFacts {
                filing_id: format!("f{id}"),
                received_ms: start,
                deferred_ms: (choice == 1).then_some(start + MIN),
                completed_ms: None,
                outcome: match choice {
                    0 | 1 => Some(RegistrationOutcome::Registered {
                        at_ms: start + span * 8,
                    }),
                    2 => Some(RegistrationOutcome::NotRegistered {
                        at_ms: start + span,
                        reason: "time_barred".into(),
                    }),
                    _ => None,
                },
            }),
            _ => Fact::from(RatingFacts {
                rated_ms: start,
                ticket: format!("t{id}").parse().expect("an id"),
                number: format!("A{id:03}"),
                service: service("filing"),
                window: WindowId(u16::from(choice) + 1),
                clerk: (choice < 2).then(|| "li".into()),
                level: [
                    RatingLevel::Satisfied,
                    RatingLevel::FairlySatisfied,
                    RatingLevel::Dissatisfied,
                ][usize::from(choice % 3)],
                reason: None,
            }),
        },
    )
}

fn facts() -> impl Strategy<Value = Vec<Fact>> {
    (
        prop::collection::vec(ticket(), 0..40),
        prop::collection::vec(other(), 0..40),
    )
        .prop_map(|(mut tickets, others)| {
            tickets.extend(others);
            tickets
        })
}

fn rules() -> impl Strategy<Value = StatsRules> {
    prop_oneof![Just(480), Just(0), Just(-300), Just(345)].prop_map(|offset| {
        StatsRules::new(SiteClock {
            utc_offset_minutes: offset,
        })
    })
}

/// Every day the generated facts can fall on, at any offset tried.
fn wide_period() -> Period {
    Period::new(day(2025, 3, 5), day(2025, 3, 12)).expect("ordered")
}

fn scope() -> Scope {
    Scope {
        court: "c".into(),
        site: None,
    }
}

proptest! {
    #[test]
    fn ticket_facts_do_not_depend_on_event_order(
        events in Just(queue_script().events).prop_shuffle(),
    ) {
        let in_order = ticket_facts(QueueRules::default(), &queue_script().events, clerk_at);
        prop_assert_eq!(ticket_facts(QueueRules::default(), &events, clerk_at), in_order);
    }

    #[test]
    fn day_aggregates_do_not_depend_on_fact_order(
        (original, shuffled) in facts().prop_flat_map(|f| (Just(f.clone()), Just(f).prop_shuffle())),
        rules in rules(),
    ) {
        prop_assert_eq!(aggregate_days(&rules, &shuffled), aggregate_days(&rules, &original));
    }

    #[test]
    fn merged_days_equal_the_figures_over_all_facts(
        facts in facts(),
        parts in prop::collection::vec(0usize..3, 80),
        rules in rules(),
        grouping in prop_oneof![Just(Grouping::Day), Just(Grouping::IsoWeek), Just(Grouping::Month)],
    ) {
        // The facts are split into three batches, as if from three sites or
        // three loads, each aggregated alone and then merged day by day.
        let mut batches: [Vec<Fact>; 3] = Default::default();
        for (i, fact) in facts.iter().enumerate() {
            batches[parts[i % parts.len()]].push(fact.clone());
        }
        let mut merged: BTreeMap<_, DayAggregate> = BTreeMap::new();
        for batch in &batches {
            for aggregate in aggregate_days(&rules, batch) {
                match merged.get_mut(&aggregate.day()) {
                    Some(stored) => stored.merge(&aggregate).expect("same day"),
                    None => {
                        merged.insert(aggregate.day(), aggregate);
                    }
                }
            }
        }
        let at_once = aggregate_days(&rules, &facts);
        prop_assert_eq!(merged.values().cloned().collect::<Vec<_>>(), at_once.clone());

        let period = wide_period();
        let report = Report::from_days(scope(), period, grouping, merged.values());
        prop_assert_eq!(&report.total, &Figures::over(&rules, period, &facts));
        let mut groups = Figures::default();
        for group in &report.groups {
            groups.merge_from(&group.figures);
        }
        prop_assert_eq!(&groups, &report.total);
        // The groups tile the period: no day left out, none counted twice.
        prop_assert_eq!(report.groups.first().map(|g| g.first), Some(period.first()));
        prop_assert_eq!(report.groups.last().map(|g| g.last), Some(period.last()));
        for pair in report.groups.windows(2) {
            prop_assert_eq!(pair[0].last.next(), pair[1].first);
        }
    }
}

#[test]
fn the_scripted_day_is_the_same_in_any_grouping() {
    let rules = StatsRules::new(SiteClock::CHINA);
    let facts = all_facts(&queue_script());
    let days = aggregate_days(&rules, &facts);
    let period = wide_period();
    let totals: Vec<Figures> = [Grouping::Day, Grouping::IsoWeek, Grouping::Month]
        .into_iter()
        .map(|g| Report::from_days(scope(), period, g, &days).total)
        .collect();
    assert_eq!(totals[0], totals[1]);
    assert_eq!(totals[1], totals[2]);
    let weeks = Report::from_days(scope(), period, Grouping::IsoWeek, &days);
    let names: Vec<String> = weeks.groups.iter().map(|g| g.bucket.to_string()).collect();
    assert_eq!(
        names,
        ["2025-W10", "2025-W11"],
        "03-05 to 03-09, then 03-10 to 03-12"
    );
}
