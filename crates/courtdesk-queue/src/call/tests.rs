use super::*;
use crate::fixtures::{Hall, MIN, NINE_AM, day, service, terminal, ticket_id};
use crate::{Appointment, PriorityClass};

use PriorityClass::{Elderly, Normal, Pregnant};

fn window(id: u16, services: &[&str]) -> ServiceWindow {
    ServiceWindow {
        id: WindowId(id),
        services: services.iter().map(|s| service(s)).collect(),
    }
}

fn filing_window() -> ServiceWindow {
    window(1, &["filing"])
}

/// The ticket window 1 calls next at `minutes` past nine.
fn next(hall: &Hall, history: &CallHistory, minutes: u64) -> Option<(String, CallLane)> {
    next_call(
        &hall.state,
        &filing_window(),
        history,
        day(),
        NINE_AM + minutes * MIN,
    )
    .map(|pick| (pick.ticket.to_string(), pick.lane))
}

fn pick(ticket: &str, lane: CallLane) -> Option<(String, CallLane)> {
    Some((ticket.to_owned(), lane))
}

#[test]
fn nobody_waiting_means_nothing_to_call() {
    assert_eq!(next(&Hall::new(), &CallHistory::default(), 0), None);
}

#[test]
fn normal_tickets_go_by_issue_order() {
    let mut hall = Hall::new();
    // Ids sort the other way round, so only the issue stamps decide.
    hall.issue(NINE_AM, "z-first", "filing", Normal);
    hall.issue(NINE_AM, "y-second", "filing", Normal);
    hall.issue(NINE_AM + MIN, "x-third", "filing", Normal);
    assert_eq!(
        next(&hall, &CallHistory::default(), 2),
        pick("z-first", CallLane::Normal)
    );
}

#[test]
fn a_priority_class_goes_ahead_of_earlier_normal_tickets() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "normal", "filing", Normal);
    hall.issue(NINE_AM + MIN, "elderly", "filing", Elderly);
    assert_eq!(
        next(&hall, &CallHistory::default(), 2),
        pick("elderly", CallLane::Priority)
    );
}

#[test]
fn after_two_priority_calls_in_a_row_a_waiting_normal_ticket_goes_next() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "normal", "filing", Normal);
    hall.issue(NINE_AM + MIN, "elderly", "filing", Elderly);
    let two = CallHistory::new([CallLane::Priority, CallLane::Priority]);
    assert_eq!(next(&hall, &two, 2), pick("normal", CallLane::Normal));
    let one = CallHistory::new([CallLane::Normal, CallLane::Priority]);
    assert_eq!(next(&hall, &one, 2), pick("elderly", CallLane::Priority));
}

#[test]
fn the_streak_limit_does_not_hold_back_priority_when_no_normal_ticket_waits() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "elderly", "filing", Elderly);
    let three = CallHistory::new([CallLane::Priority; 3]);
    assert_eq!(next(&hall, &three, 1), pick("elderly", CallLane::Priority));
}

#[test]
fn appointments_and_hand_picked_calls_neither_break_nor_extend_a_streak() {
    let history = CallHistory::new([
        CallLane::Priority,
        CallLane::Appointment,
        CallLane::Chosen,
        CallLane::Priority,
    ]);
    assert_eq!(history.priority_streak(), 2);
    assert_eq!(
        CallHistory::new([CallLane::Priority, CallLane::Aged]).priority_streak(),
        0
    );
}

#[test]
fn a_normal_ticket_waiting_over_thirty_minutes_competes_as_a_priority_one() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "normal", "filing", Normal);
    hall.issue(NINE_AM + 10 * MIN, "pregnant", "filing", Pregnant);
    let fresh = CallHistory::default();
    assert_eq!(
        next(&hall, &fresh, 30),
        pick("pregnant", CallLane::Priority),
        "30 minutes is not over 30"
    );
    assert_eq!(
        next(&hall, &fresh, 31),
        pick("normal", CallLane::Aged),
        "issued first, so first in the lane"
    );
}

#[test]
fn checked_in_appointments_on_time_go_first_by_slot() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "elderly", "filing", Elderly);
    for (ticket, slot) in [("ten", 60), ("half-past-nine", 30)] {
        let appointment = Some(Appointment {
            slot_ms: NINE_AM + slot * MIN,
        });
        hall.issue_with(NINE_AM + MIN, ticket, "filing", Normal, appointment);
    }
    for ticket in ["ten", "half-past-nine"] {
        hall.record(
            NINE_AM + 2 * MIN,
            &terminal(100),
            ticket,
            TicketChange::CheckedIn,
        )
        .expect("checks in");
    }
    // At 9:30 both have checked in within their window (9:02 is early for
    // the 10:00 slot, whose window opens at 9:30).
    assert_eq!(
        next(&hall, &CallHistory::default(), 30),
        pick("half-past-nine", CallLane::Appointment)
    );
}

#[test]
fn an_appointment_not_checked_in_is_not_called() {
    let mut hall = Hall::new();
    let appointment = Some(Appointment { slot_ms: NINE_AM });
    hall.issue_with(NINE_AM - 60 * MIN, "booked", "filing", Normal, appointment);
    assert_eq!(next(&hall, &CallHistory::default(), 0), None);
}

#[test]
fn only_tickets_of_the_day_and_of_the_window_s_services_are_called() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "mediation", "mediation", Elderly);
    assert_eq!(next(&hall, &CallHistory::default(), 1), None);
    let both = window(2, &["filing", "mediation"]);
    let picked = next_call(&hall.state, &both, &CallHistory::default(), day(), NINE_AM);
    assert_eq!(picked.map(|p| p.ticket), Some(ticket_id("mediation")));
    let tomorrow = day().next();
    assert_eq!(
        next_call(
            &hall.state,
            &both,
            &CallHistory::default(),
            tomorrow,
            NINE_AM
        ),
        None
    );
}

#[test]
fn a_ticket_transferred_to_a_window_is_called_only_there() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "moved", "filing", Normal);
    let to_window_5 = TicketChange::Transferred {
        service: service("filing"),
        window: Some(WindowId(5)),
    };
    hall.record(NINE_AM + MIN, &terminal(1), "moved", to_window_5)
        .expect("transfers");
    assert_eq!(
        next(&hall, &CallHistory::default(), 2),
        None,
        "window 1 skips it"
    );
    let window_5 = window(5, &["mediation"]);
    let picked = next_call(
        &hall.state,
        &window_5,
        &CallHistory::default(),
        day(),
        NINE_AM,
    );
    assert_eq!(
        picked.map(|p| p.ticket),
        Some(ticket_id("moved")),
        "even though 5 serves mediation"
    );
}

#[test]
fn a_transferred_ticket_keeps_its_original_issue_time_in_its_new_service() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "moved", "mediation", Normal);
    hall.issue(NINE_AM + MIN, "waiting", "filing", Normal);
    hall.call(NINE_AM + 2 * MIN, 2, "moved", 2, CallLane::Normal);
    let to_filing = TicketChange::Transferred {
        service: service("filing"),
        window: None,
    };
    hall.record(NINE_AM + 3 * MIN, &terminal(2), "moved", to_filing)
        .expect("transfers");
    assert_eq!(
        next(&hall, &CallHistory::default(), 4),
        pick("moved", CallLane::Normal)
    );
}

#[test]
fn the_state_keeps_each_window_s_history_from_the_call_events() {
    let mut hall = Hall::new();
    for ticket in ["p1", "p2", "p3"] {
        hall.issue(NINE_AM, ticket, "filing", Elderly);
    }
    hall.issue(NINE_AM + MIN, "normal", "filing", Normal);
    for (minutes, ticket) in [(2, "p1"), (3, "p2")] {
        let history = hall.state.call_history(day(), WindowId(1));
        let pick = next_call(
            &hall.state,
            &filing_window(),
            &history,
            day(),
            NINE_AM + minutes * MIN,
        )
        .expect("someone waits");
        assert_eq!(pick.ticket, ticket_id(ticket));
        hall.record(
            NINE_AM + minutes * MIN,
            &terminal(1),
            ticket,
            pick.change(WindowId(1)),
        )
        .expect("calls");
    }
    let history = hall.state.call_history(day(), WindowId(1));
    assert_eq!(next(&hall, &history, 4), pick("normal", CallLane::Normal));
}

#[test]
fn a_clerk_can_call_any_waiting_ticket_by_hand() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "first", "filing", Normal);
    hall.issue(NINE_AM, "second", "filing", Normal);
    let chosen = call_chosen(&hall.state, &ticket_id("second")).expect("waiting");
    assert_eq!(chosen.lane, CallLane::Chosen);
    hall.call(NINE_AM + MIN, 1, "second", 1, CallLane::Chosen);
    assert_eq!(
        call_chosen(&hall.state, &ticket_id("second")),
        Err(CallError::NotWaiting {
            number: crate::fixtures::number("filing", 2),
            status: StatusKind::Called
        })
    );
    assert!(matches!(
        call_chosen(&hall.state, &ticket_id("nobody")),
        Err(CallError::UnknownTicket { .. })
    ));
}
