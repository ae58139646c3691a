//! The merged state depends only on the set of events: every terminal,
//! whatever order events reach it in, ends in the same state; no ticket is
//! lost, no number is held twice and only legal moves are made.

use std::collections::BTreeSet;

use courtdesk_protocol::hlc::Hlc;
use courtdesk_queue::{
    Applied, Appointment, CallLane, ChangeKind, Issue, PriorityClass, QueueEvent, QueueLog,
    QueueRules, QueueState, TicketChange, TicketNumber, TicketPrefix, WindowId,
};
use proptest::prelude::*;

use crate::support::{MIN, NINE_AM, day, event, legal, service, terminal};

const SERVICES: [(&str, char); 2] = [("filing", 'A'), ("mediation", 'B')];

fn issue() -> impl Strategy<Value = TicketChange> {
    let priority = prop_oneof![
        3 => Just(PriorityClass::Normal),
        1 => Just(PriorityClass::Elderly),
        1 => Just(PriorityClass::Disabled),
        1 => Just(PriorityClass::Pregnant),
    ];
    let appointment = proptest::option::weighted(
        0.2,
        (0u64..60).prop_map(|m| Appointment {
            slot_ms: NINE_AM + m * MIN,
        }),
    );
    (
        0usize..2,
        1u32..4,
        proptest::bool::weighted(0.1),
        priority,
        appointment,
    )
        .prop_map(|(s, n, tomorrow, priority, appointment)| {
            let (name, letter) = SERVICES[s];
            let prefix = TicketPrefix::new(letter).expect("a letter");
            TicketChange::Issued(Issue {
                service: service(name),
                number: TicketNumber::new(prefix, n).expect("nonzero"),
                day: if tomorrow { day().next() } else { day() },
                priority,
                appointment,
                people_ahead: 0,
            })
        })
}

fn later_change() -> impl Strategy<Value = TicketChange> {
    let lane = prop_oneof![
        Just(CallLane::Normal),
        Just(CallLane::Priority),
        Just(CallLane::Chosen),
    ];
    prop_oneof![
        1 => Just(TicketChange::CheckedIn),
        3 => (1u16..3, lane).prop_map(|(w, lane)| TicketChange::Called { window: WindowId(w), lane }),
        1 => Just(TicketChange::Recalled),
        1 => Just(TicketChange::NoShow),
        1 => Just(TicketChange::Parked),
        1 => Just(TicketChange::Resumed),
        1 => (0usize..2, proptest::option::of(1u16..3)).prop_map(|(s, window)| {
            TicketChange::Transferred { service: service(SERVICES[s].0), window: window.map(WindowId) }
        }),
        2 => Just(TicketChange::ServingStarted),
        2 => Just(TicketChange::Finished { outcome: "done".parse().expect("a slug") }),
        1 => Just(TicketChange::Voided),
    ]
}

/// Up to 40 events about 5 tickets from 3 terminals, issues stamped early
/// so that most later events find their ticket.
fn events() -> impl Strategy<Value = Vec<QueueEvent>> {
    let raw = prop_oneof![
        2 => (0u64..10, issue()),
        3 => (0u64..40, later_change()),
    ];
    proptest::collection::vec((raw, 0u32..2, 1u128..4, 0usize..5), 0..40).prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, ((minute, change), counter, origin, ticket))| {
                let hlc = Hlc {
                    wall_ms: NINE_AM + minute * MIN,
                    counter,
                };
                event(
                    &format!("e{i}"),
                    hlc,
                    &terminal(origin),
                    &format!("t{ticket}"),
                    change,
                )
            })
            .collect()
    })
}

/// A set of events and the same events in another order, some twice.
fn events_and_arrival() -> impl Strategy<Value = (Vec<QueueEvent>, Vec<QueueEvent>)> {
    events().prop_flat_map(|events| {
        let doubled: Vec<QueueEvent> = events
            .iter()
            .chain(events.iter().step_by(3))
            .cloned()
            .collect();
        (Just(events), Just(doubled).prop_shuffle())
    })
}

fn build(events: &[QueueEvent]) -> QueueState {
    QueueState::from_events(QueueRules::default(), events)
}

proptest! {
    #[test]
    fn the_state_depends_only_on_the_set_of_events((events, arrival) in events_and_arrival()) {
        prop_assert_eq!(build(&arrival), build(&events));
    }

    #[test]
    fn merging_events_one_by_one_as_they_arrive_ends_where_a_fresh_build_does(
        (events, arrival) in events_and_arrival(),
    ) {
        let mut log = QueueLog::new(QueueRules::default());
        for event in arrival {
            log.merge(event).expect("ids are never reused here");
        }
        prop_assert_eq!(log.state(), &build(&events));
        prop_assert_eq!(log.len(), events.len());
    }

    #[test]
    fn merging_events_in_batches_ends_where_a_fresh_build_does(
        (events, arrival) in events_and_arrival(), batch in 1usize..8,
    ) {
        let mut log = QueueLog::new(QueueRules::default());
        for chunk in arrival.chunks(batch) {
            let report = log.merge_all(chunk.iter().cloned());
            prop_assert!(report.rejected.is_empty());
        }
        prop_assert_eq!(log.state(), &build(&events));
    }

    /// Replaying in order, every event is either applied as a legal move or
    /// recorded as a conflict; every issue either creates its ticket or is
    /// recorded; and no number is held by two tickets.
    #[test]
    fn no_ticket_is_lost_no_number_is_held_twice_and_only_legal_moves_happen(events in events()) {
        let mut sorted = events.clone();
        sorted.sort_by_key(QueueEvent::order);
        let mut state = QueueState::new(QueueRules::default());
        let (mut applied, mut refused, mut created) = (0, 0, BTreeSet::new());
        for event in &sorted {
            match state.apply(event) {
                Ok(Applied::Changed { ticket, change, from, to }) => {
                    prop_assert!(legal(from, change, to), "{:?} --{:?}--> {:?}", from, change, to);
                    if change == ChangeKind::Issued {
                        prop_assert!(created.insert(ticket));
                    }
                    applied += 1;
                }
                Ok(Applied::AlreadySeen) => prop_assert!(false, "every event id is distinct"),
                Ok(Applied::Unchanged { .. }) => applied += 1,
                Err(_) => refused += 1,
            }
        }
        prop_assert_eq!(applied + refused, events.len());
        prop_assert_eq!(state.conflicts().len(), refused);

        let in_state: BTreeSet<_> = state.tickets().map(|t| t.id.clone()).collect();
        prop_assert_eq!(&in_state, &created, "every ticket created is still there");
        let issues = events.iter().filter(|e| e.change.kind() == ChangeKind::Issued).count();
        let refused_issues =
            state.conflicts().iter().filter(|c| c.change == ChangeKind::Issued).count();
        prop_assert_eq!(issues, created.len() + refused_issues);

        let numbers: BTreeSet<_> =
            state.tickets().map(|t| (t.issued_for.clone(), t.day, t.number)).collect();
        prop_assert_eq!(numbers.len(), in_state.len(), "no number held by two tickets");
    }
}
