use super::*;
use crate::fixtures::{Hall, MIN, NINE_AM, day, kiosk, number, service, terminal, ticket_id};
use crate::{CallLane, Issue, PriorityClass};

fn event(id: &str, wall_ms: u64, origin: u128, ticket: &str, change: TicketChange) -> QueueEvent {
    QueueEvent {
        clerk: None,
        id: id.parse().expect("a valid id"),
        hlc: Hlc {
            wall_ms,
            counter: 0,
        },
        origin: terminal(origin),
        ticket: ticket_id(ticket),
        change,
    }
}

fn issued(n: u32) -> TicketChange {
    TicketChange::Issued(Issue {
        service: service("filing"),
        number: number("filing", n),
        day: day(),
        priority: PriorityClass::Normal,
        appointment: None,
        people_ahead: 0,
    })
}

fn called(window: u16) -> TicketChange {
    TicketChange::Called {
        window: WindowId(window),
        lane: CallLane::Normal,
    }
}

#[test]
fn applying_reports_the_move_each_event_made() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "t1", "filing", PriorityClass::Normal);
    let applied = hall.record(NINE_AM + MIN, &terminal(1), "t1", called(3));
    assert_eq!(
        applied,
        Ok(Applied::Changed {
            ticket: ticket_id("t1"),
            change: ChangeKind::Called,
            from: Some(StatusKind::Waiting),
            to: StatusKind::Called,
        })
    );
}

#[test]
fn of_two_desks_calling_one_ticket_during_a_split_the_earlier_call_wins_everywhere() {
    let issue = event("e0", NINE_AM, 100, "t1", issued(1));
    let desk_1 = event("e1", NINE_AM + 2 * MIN, 1, "t1", called(1));
    let desk_2 = event("e2", NINE_AM + MIN, 2, "t1", called(2));
    let desk_1_serves = event(
        "e3",
        NINE_AM + 3 * MIN,
        1,
        "t1",
        TicketChange::ServingStarted,
    );
    let orders = [
        vec![&issue, &desk_1, &desk_2, &desk_1_serves],
        vec![&desk_1_serves, &desk_2, &desk_1, &issue],
    ];
    let states: Vec<QueueState> = orders
        .iter()
        .map(|events| QueueState::from_events(QueueRules::default(), events.iter().copied()))
        .collect();
    assert_eq!(states[0], states[1], "arrival order does not matter");
    let state = &states[0];
    let call = state
        .ticket(&ticket_id("t1"))
        .and_then(|t| t.status.held_call());
    assert_eq!(
        call.map(|c| c.window),
        Some(WindowId(2)),
        "desk 2 called first"
    );
    let conflicts: Vec<(&str, &Refusal)> = state
        .conflicts()
        .iter()
        .map(|c| (c.event.as_str(), &c.refusal))
        .collect();
    let lost_call = Refusal::Transition {
        ticket: ticket_id("t1"),
        source: TransitionError::CalledElsewhere {
            window: WindowId(2),
            desk: terminal(2),
        },
    };
    let lost_serve = Refusal::Transition {
        ticket: ticket_id("t1"),
        source: TransitionError::HeldByAnotherDesk {
            window: WindowId(2),
            desk: terminal(2),
        },
    };
    assert_eq!(conflicts, vec![("e1", &lost_call), ("e3", &lost_serve)]);
}

#[test]
fn a_refused_event_changes_no_ticket_and_is_recorded() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "t1", "filing", PriorityClass::Normal);
    let before = hall.state.ticket(&ticket_id("t1")).cloned();
    let refused = hall.record(NINE_AM + MIN, &terminal(1), "t1", TicketChange::Resumed);
    assert!(matches!(refused, Err(Refusal::Transition { .. })));
    assert_eq!(hall.state.ticket(&ticket_id("t1")).cloned(), before);
    assert_eq!(hall.state.conflicts().len(), 1);
    assert_eq!(hall.state.conflicts()[0].change, ChangeKind::Resumed);
}

#[test]
fn a_number_or_a_ticket_id_issued_twice_is_refused() {
    let mut state = QueueState::new(QueueRules::default());
    state
        .apply(&event("e0", NINE_AM, 100, "t1", issued(1)))
        .expect("issued");
    let same_number = state.apply(&event("e1", NINE_AM + 1, 101, "t2", issued(1)));
    assert_eq!(
        same_number,
        Err(Refusal::NumberTaken {
            service: service("filing"),
            day: day(),
            number: number("filing", 1),
            holder: ticket_id("t1"),
        })
    );
    let same_ticket = state.apply(&event("e2", NINE_AM + 2, 100, "t1", issued(2)));
    assert_eq!(
        same_ticket,
        Err(Refusal::TicketExists {
            ticket: ticket_id("t1")
        })
    );
    assert!(state.ticket(&ticket_id("t2")).is_none());
}

#[test]
fn an_event_for_an_unknown_ticket_is_refused() {
    let mut state = QueueState::new(QueueRules::default());
    let refused = state.apply(&event("e0", NINE_AM, 1, "ghost", called(1)));
    assert_eq!(
        refused,
        Err(Refusal::UnknownTicket {
            ticket: ticket_id("ghost")
        })
    );
}

#[test]
fn a_redelivered_event_is_a_no_op_and_a_late_one_is_refused_without_a_trace() {
    let mut state = QueueState::new(QueueRules::default());
    let first = event("e0", NINE_AM, 100, "t1", issued(1));
    state.apply(&first).expect("issued");
    state
        .apply(&event("e1", NINE_AM + MIN, 100, "t2", issued(2)))
        .expect("issued");
    assert_eq!(state.apply(&first), Ok(Applied::AlreadySeen));
    let snapshot = state.clone();
    let late = event("e9", NINE_AM + 1, 100, "t3", issued(3));
    assert_eq!(
        state.apply(&late),
        Err(Refusal::OutOfOrder {
            event: late.id.clone()
        })
    );
    assert_eq!(
        state, snapshot,
        "an out-of-order event must go through a replay instead"
    );
}

#[test]
fn counts_leave_out_voided_tickets_and_parked_ones_wait_outside_the_queue() {
    let mut hall = Hall::new();
    for ticket in ["t1", "t2", "t3", "t4"] {
        hall.issue(NINE_AM, ticket, "filing", PriorityClass::Normal);
    }
    hall.record(NINE_AM + MIN, &kiosk(), "t1", TicketChange::Voided)
        .expect("voids");
    hall.record(NINE_AM + MIN, &terminal(1), "t2", TicketChange::Parked)
        .expect("parks");
    hall.call(NINE_AM + MIN, 1, "t3", 1, CallLane::Normal);
    let filing = service("filing");
    assert_eq!(hall.state.issued_count(&filing, day()), 3);
    assert_eq!(
        hall.state.waiting_count(&filing, day()),
        1,
        "only t4 still waits"
    );
    assert_eq!(hall.state.issued_count(&filing, day().next()), 0);
}

#[test]
fn serving_durations_come_most_recent_first() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "t1", "filing", PriorityClass::Normal);
    hall.issue(NINE_AM, "t2", "filing", PriorityClass::Normal);
    for (ticket, start, minutes) in [("t1", 10, 4), ("t2", 20, 7)] {
        let at = NINE_AM + start * MIN;
        hall.call(at, 1, ticket, 1, CallLane::Normal);
        hall.record(at, &terminal(1), ticket, TicketChange::ServingStarted)
            .expect("serves");
        let done = TicketChange::Finished {
            outcome: "done".parse().expect("a slug"),
        };
        hall.record(at + minutes * MIN, &terminal(1), ticket, done)
            .expect("finishes");
    }
    let t1 = hall.state.ticket(&ticket_id("t1")).map(|t| t.status.kind());
    assert_eq!(t1, Some(StatusKind::Finished));
    assert_eq!(
        hall.state.service_durations(&service("filing"), 20),
        vec![7 * MIN, 4 * MIN]
    );
    assert_eq!(
        hall.state.service_durations(&service("filing"), 1),
        vec![7 * MIN]
    );
}

#[test]
fn checking_an_event_agrees_with_applying_it_and_changes_nothing() {
    let events = [
        event("e0", NINE_AM, 100, "t1", issued(1)),
        // The same number again: refused.
        event("e1", NINE_AM + MIN, 101, "t2", issued(1)),
        event("e2", NINE_AM + 2 * MIN, 1, "t1", called(3)),
        // Called again at another desk while held: refused.
        event("e3", NINE_AM + 3 * MIN, 2, "t1", called(4)),
        event(
            "e4",
            NINE_AM + 4 * MIN,
            1,
            "t1",
            TicketChange::ServingStarted,
        ),
        // A ticket nobody issued: refused.
        event("e5", NINE_AM + 5 * MIN, 1, "t9", TicketChange::NoShow),
        // Out of order: refused.
        event("e6", NINE_AM, 1, "t1", TicketChange::NoShow),
    ];
    let mut state = QueueState::new(QueueRules::default());
    for event in &events {
        let before = state.clone();
        let checked = state.check(event);
        assert_eq!(state, before, "checking changed the state");
        let applied = state.apply(event).map(|_| ());
        assert_eq!(checked, applied, "check and apply disagree on {}", event.id);
    }
    assert_eq!(state.conflicts().len(), 3, "three refusals were recorded");
}

fn claim_event(id: &str, wall_ms: u64, origin: u128, n: u32) -> QueueEvent {
    let claim = crate::Claim {
        service: service("filing"),
        number: number("filing", n),
        day: day(),
    };
    let ticket = TicketId::for_number(&claim.service, claim.day, claim.number);
    QueueEvent {
        clerk: None,
        id: id.parse().expect("a valid id"),
        hlc: Hlc {
            wall_ms,
            counter: 0,
        },
        origin: terminal(origin),
        ticket,
        change: TicketChange::Claimed(claim),
    }
}

fn issued_as_numbered(id: &str, wall_ms: u64, n: u32, priority: PriorityClass) -> QueueEvent {
    let mut event = event(id, wall_ms, 100, "placeholder", issued(n));
    if let TicketChange::Issued(issue) = &mut event.change {
        issue.priority = priority;
        issue.people_ahead = 4;
        event.ticket = TicketId::for_number(&issue.service, issue.day, issue.number);
    }
    event
}

fn called_numbered(id: &str, wall_ms: u64, origin: u128, n: u32, window: u16) -> QueueEvent {
    let ticket = TicketId::for_number(&service("filing"), day(), number("filing", n));
    QueueEvent {
        clerk: None,
        ticket,
        ..event(id, wall_ms, origin, "placeholder", called(window))
    }
}

#[test]
fn a_desk_cut_off_from_the_kiosk_serves_a_printed_number_and_the_late_issue_completes_it() {
    // The kiosk issued A001 at 9:00; the desk, cut off, claims and calls it
    // at 9:05; the issue arrives afterwards and sorts first.
    let issue = issued_as_numbered("e0", NINE_AM, 1, PriorityClass::Elderly);
    let claim = claim_event("e1", NINE_AM + 5 * MIN, 1, 1);
    let call = called_numbered("e2", NINE_AM + 5 * MIN + 1, 1, 1, 3);

    let mut at_the_desk = QueueState::new(QueueRules::default());
    at_the_desk.apply(&claim).expect("claimed");
    at_the_desk.apply(&call).expect("called");
    let ticket = at_the_desk
        .ticket(&call.ticket)
        .expect("known from the claim");
    assert!(ticket.claimed);
    assert_eq!(ticket.priority, PriorityClass::Normal);

    let everywhere = QueueState::from_events(QueueRules::default(), [&call, &issue, &claim]);
    let ticket = everywhere.ticket(&call.ticket).expect("one ticket");
    assert!(!ticket.claimed);
    assert_eq!(ticket.priority, PriorityClass::Elderly);
    assert_eq!(ticket.people_ahead, 4);
    assert_eq!(ticket.status.kind(), StatusKind::Called);
    assert!(
        everywhere.conflicts().is_empty(),
        "{:?}",
        everywhere.conflicts()
    );
    assert_eq!(everywhere.tickets().count(), 1);
}

#[test]
fn an_issue_that_sorts_after_the_claim_completes_the_ticket_where_it_stands() {
    // The kiosk's clock ran ahead: its issue sorts after the desk's call.
    let claim = claim_event("e1", NINE_AM, 1, 1);
    let call = called_numbered("e2", NINE_AM + 1, 1, 1, 3);
    let issue = issued_as_numbered("e3", NINE_AM + MIN, 1, PriorityClass::Pregnant);
    let state = QueueState::from_events(QueueRules::default(), [&issue, &call, &claim]);
    let ticket = state.ticket(&call.ticket).expect("one ticket");
    assert_eq!(ticket.status.kind(), StatusKind::Called);
    assert_eq!(ticket.priority, PriorityClass::Pregnant);
    assert!(!ticket.claimed);
    assert!(state.conflicts().is_empty(), "{:?}", state.conflicts());
}

#[test]
fn a_claim_of_a_ticket_already_issued_changes_nothing_and_a_foreign_holder_refuses_it() {
    let mut state = QueueState::new(QueueRules::default());
    let issue = issued_as_numbered("e0", NINE_AM, 1, PriorityClass::Normal);
    state.apply(&issue).expect("issued");
    assert_eq!(
        state.apply(&claim_event("e1", NINE_AM + MIN, 1, 1)),
        Ok(Applied::Unchanged {
            ticket: issue.ticket.clone()
        })
    );
    // Number 2 held by a ticket named otherwise (an older kiosk's id).
    state
        .apply(&event("e2", NINE_AM + 2 * MIN, 100, "t2", issued(2)))
        .expect("issued");
    assert!(matches!(
        state.apply(&claim_event("e3", NINE_AM + 3 * MIN, 1, 2)),
        Err(Refusal::NumberTaken { .. })
    ));
    // A claim naming a ticket other than its number's own is refused.
    let mut forged = claim_event("e4", NINE_AM + 4 * MIN, 1, 3);
    forged.ticket = ticket_id("t9");
    assert!(matches!(
        state.apply(&forged),
        Err(Refusal::UnknownTicket { .. })
    ));
    assert_eq!(state.tickets().count(), 2);
}

#[test]
fn a_claimed_ticket_issued_for_another_number_is_refused() {
    let mut state = QueueState::new(QueueRules::default());
    let claim = claim_event("e0", NINE_AM, 1, 1);
    state.apply(&claim).expect("claimed");
    let mut wrong = issued_as_numbered("e1", NINE_AM + MIN, 2, PriorityClass::Normal);
    wrong.ticket = claim.ticket.clone();
    assert_eq!(
        state.apply(&wrong),
        Err(Refusal::TicketExists {
            ticket: claim.ticket.clone()
        })
    );
}
