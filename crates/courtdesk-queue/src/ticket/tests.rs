use proptest::prelude::*;

use super::*;
use crate::fixtures::{MIN, NINE_AM, day, kiosk, number, service, terminal, ticket_id};
use crate::{CallLane, ChangeKind, QueueRules, TicketChange};

fn waiting(appointment: Option<Appointment>) -> Ticket {
    let issue = Issue {
        service: service("filing"),
        number: number("filing", 1),
        day: day(),
        priority: PriorityClass::Normal,
        appointment,
        people_ahead: 0,
    };
    Ticket::issue(ticket_id("t1"), &issue, &kiosk(), stamp(0))
}

fn stamp(minutes: u64) -> Hlc {
    Hlc {
        wall_ms: NINE_AM + minutes * MIN,
        counter: 0,
    }
}

fn called_at(window: u16) -> TicketChange {
    TicketChange::Called {
        window: WindowId(window),
        lane: CallLane::Normal,
    }
}

fn to_mediation() -> TicketChange {
    TicketChange::Transferred {
        service: service("mediation"),
        window: None,
    }
}

fn step(ticket: &Ticket, desk: u128, change: TicketChange) -> Result<Ticket, TransitionError> {
    ticket.after(&change, &terminal(desk), stamp(1), &QueueRules::default())
}

fn ok(ticket: &Ticket, desk: u128, change: TicketChange) -> Ticket {
    step(ticket, desk, change).expect("a legal change")
}

#[test]
fn a_ticket_goes_from_waiting_through_called_and_serving_to_finished() {
    let called = ok(&waiting(None), 1, called_at(3));
    let serving = ok(&called, 1, TicketChange::ServingStarted);
    let done: crate::OutcomeCode = "done".parse().expect("a slug");
    let finished = ok(
        &serving,
        1,
        TicketChange::Finished {
            outcome: done.clone(),
        },
    );
    match finished.status {
        TicketStatus::Finished { call, outcome, .. } => {
            assert_eq!(
                (call.window, call.desk, outcome),
                (WindowId(3), terminal(1), done)
            );
        }
        other => panic!("expected finished, got {other:?}"),
    }
}

#[test]
fn a_call_can_be_announced_again_twice_then_only_served_or_marked_a_no_show() {
    let mut called = ok(&waiting(None), 1, called_at(3));
    called = ok(&called, 1, TicketChange::Recalled);
    called = ok(&called, 1, TicketChange::Recalled);
    assert_eq!(called.status.held_call().map(|c| c.recalls), Some(2));
    for after_the_limit in [TicketChange::Recalled, TicketChange::Parked, to_mediation()] {
        assert_eq!(
            step(&called, 1, after_the_limit),
            Err(TransitionError::RecallLimit { limit: 2 })
        );
    }
    assert_eq!(
        ok(&called, 1, TicketChange::NoShow).status.kind(),
        StatusKind::NoShow
    );
    assert_eq!(
        ok(&called, 1, TicketChange::ServingStarted).status.kind(),
        StatusKind::Serving
    );
}

#[test]
fn a_second_desk_calling_a_called_ticket_is_told_who_holds_it() {
    let called = ok(&waiting(None), 1, called_at(3));
    assert_eq!(
        step(&called, 2, called_at(5)),
        Err(TransitionError::CalledElsewhere {
            window: WindowId(3),
            desk: terminal(1)
        })
    );
    assert_eq!(
        step(&called, 2, TicketChange::ServingStarted),
        Err(TransitionError::HeldByAnotherDesk {
            window: WindowId(3),
            desk: terminal(1)
        })
    );
}

#[test]
fn parking_and_resuming_returns_the_ticket_to_waiting_with_its_issue_stamp() {
    let parked = ok(
        &ok(&waiting(None), 1, called_at(3)),
        1,
        TicketChange::Parked,
    );
    assert_eq!(parked.status.kind(), StatusKind::Parked);
    let resumed = ok(&parked, 2, TicketChange::Resumed);
    assert_eq!(resumed.status, TicketStatus::Waiting);
    assert_eq!(
        resumed.issued_at,
        stamp(0),
        "the place by issue order is kept"
    );
}

#[test]
fn a_transfer_moves_the_ticket_to_another_queue_and_remembers_where_from() {
    let serving = ok(
        &ok(&waiting(None), 1, called_at(3)),
        1,
        TicketChange::ServingStarted,
    );
    let moved = ok(
        &serving,
        1,
        TicketChange::Transferred {
            service: service("mediation"),
            window: Some(WindowId(7)),
        },
    );
    assert_eq!(moved.status, TicketStatus::Waiting);
    assert_eq!(
        (moved.service.as_str(), moved.window),
        ("mediation", Some(WindowId(7)))
    );
    assert_eq!(
        moved.issued_for,
        service("filing"),
        "the number stays the filing number"
    );
    assert_eq!(
        moved.transferred_from,
        Some(TransferOrigin {
            service: service("filing"),
            window: Some(WindowId(3))
        })
    );
    let nowhere = TicketChange::Transferred {
        service: service("filing"),
        window: None,
    };
    assert_eq!(
        step(&waiting(None), 1, nowhere),
        Err(TransitionError::TransferGoesNowhere)
    );
}

#[test]
fn only_a_waiting_ticket_can_be_voided_and_a_voided_one_does_not_count() {
    let voided = ok(&waiting(None), 100, TicketChange::Voided);
    assert!(!voided.counts_as_issued());
    let called = ok(&waiting(None), 1, called_at(3));
    assert_eq!(
        step(&called, 1, TicketChange::Voided),
        Err(TransitionError::Illegal {
            from: StatusKind::Called,
            change: ChangeKind::Voided
        })
    );
}

#[test]
fn only_an_appointment_checks_in_and_only_once() {
    assert_eq!(
        step(&waiting(None), 100, TicketChange::CheckedIn),
        Err(TransitionError::NoAppointment)
    );
    let booked = waiting(Some(Appointment { slot_ms: NINE_AM }));
    assert!(booked.awaits_check_in());
    let present = ok(&booked, 100, TicketChange::CheckedIn);
    assert_eq!(present.checked_in_ms, Some(stamp(1).wall_ms));
    assert!(!present.awaits_check_in());
    assert_eq!(
        step(&present, 100, TicketChange::CheckedIn),
        Err(TransitionError::AlreadyCheckedIn)
    );
}

fn any_change() -> impl Strategy<Value = (u128, TicketChange)> {
    let change = prop_oneof![
        Just(TicketChange::CheckedIn),
        (1u16..3).prop_map(called_at),
        Just(TicketChange::Recalled),
        Just(TicketChange::NoShow),
        Just(TicketChange::Parked),
        Just(TicketChange::Resumed),
        Just(TicketChange::ServingStarted),
        Just(TicketChange::Finished {
            outcome: "done".parse().expect("a slug")
        }),
        Just(TicketChange::Voided),
        Just(TicketChange::Transferred {
            service: service("mediation"),
            window: None
        }),
    ];
    (1u128..3, change)
}

/// The legal moves, written out independently of the implementation.
fn legal(from: StatusKind, change: ChangeKind, to: StatusKind) -> bool {
    use ChangeKind as C;
    use StatusKind as S;
    matches!(
        (from, change, to),
        (S::Waiting, C::CheckedIn, S::Waiting)
            | (S::Waiting, C::Called, S::Called)
            | (S::Called, C::Recalled, S::Called)
            | (S::Called, C::NoShow, S::NoShow)
            | (S::Called, C::ServingStarted, S::Serving)
            | (S::Serving, C::Finished, S::Finished)
            | (S::Waiting | S::Called, C::Parked, S::Parked)
            | (S::Parked, C::Resumed, S::Waiting)
            | (
                S::Waiting | S::Parked | S::Called | S::Serving,
                C::Transferred,
                S::Waiting
            )
            | (S::Waiting, C::Voided, S::Voided)
    )
}

proptest! {
    /// Whatever is tried, every accepted change is a legal move and keeps the
    /// ticket's identity and number.
    #[test]
    fn every_accepted_change_is_a_legal_move(
        changes in proptest::collection::vec(any_change(), 0..40),
        booked in any::<bool>(),
    ) {
        let mut ticket = waiting(booked.then_some(Appointment { slot_ms: NINE_AM }));
        for (desk, change) in changes {
            if let Ok(next) = step(&ticket, desk, change.clone()) {
                let (from, to) = (ticket.status.kind(), next.status.kind());
                prop_assert!(legal(from, change.kind(), to), "{:?} --{:?}--> {:?}", from, change.kind(), to);
                prop_assert_eq!(&next.id, &ticket.id);
                prop_assert_eq!(next.number, ticket.number);
                ticket = next;
            }
        }
    }
}
