use super::*;
use crate::fixtures::{Hall, MIN, NINE_AM, day, service, terminal};
use crate::{Appointment, TicketChange};

use PriorityClass::{Disabled, Normal};

fn listed(hall: &Hall, minutes: u64) -> Vec<(String, WaitingStatus, u64)> {
    waiting_list(
        &hall.state,
        &service("filing"),
        day(),
        NINE_AM + minutes * MIN,
    )
    .into_iter()
    .map(|e| (e.ticket.to_string(), e.status, e.waited_ms / MIN))
    .collect()
}

fn ready(lane: CallLane) -> WaitingStatus {
    WaitingStatus::Ready { lane }
}

#[test]
fn the_list_follows_the_call_order_then_awaited_and_parked_tickets() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "old", "filing", Normal);
    hall.issue(NINE_AM + MIN, "parked", "filing", Normal);
    hall.issue_with(
        NINE_AM + 2 * MIN,
        "booked",
        "filing",
        Normal,
        Some(Appointment {
            slot_ms: NINE_AM + 60 * MIN,
        }),
    );
    hall.issue(NINE_AM + 35 * MIN, "new", "filing", Normal);
    hall.issue(NINE_AM + 36 * MIN, "wheelchair", "filing", Disabled);
    hall.issue(NINE_AM + 37 * MIN, "elsewhere", "mediation", Disabled);
    hall.record(
        NINE_AM + 38 * MIN,
        &terminal(1),
        "parked",
        TicketChange::Parked,
    )
    .expect("parks");
    assert_eq!(
        listed(&hall, 40),
        vec![
            ("old".to_owned(), ready(CallLane::Aged), 40),
            ("wheelchair".to_owned(), ready(CallLane::Priority), 4),
            ("new".to_owned(), ready(CallLane::Normal), 5),
            ("booked".to_owned(), WaitingStatus::AwaitingCheckIn, 38),
            ("parked".to_owned(), WaitingStatus::Parked, 39),
        ]
    );
}

#[test]
fn a_checked_in_appointment_moves_to_the_top_when_its_window_opens() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "walk-in", "filing", Normal);
    let appointment = Some(Appointment {
        slot_ms: NINE_AM + 45 * MIN,
    });
    hall.issue_with(NINE_AM + MIN, "booked", "filing", Normal, appointment);
    hall.record(
        NINE_AM + MIN,
        &terminal(100),
        "booked",
        TicketChange::CheckedIn,
    )
    .expect("checks in");
    let order = |minutes| -> Vec<String> {
        listed(&hall, minutes)
            .into_iter()
            .map(|(t, _, _)| t)
            .collect()
    };
    assert_eq!(
        order(10),
        ["walk-in", "booked"],
        "early: queued from 9:15, behind the 9:00 walk-in"
    );
    assert_eq!(
        order(15),
        ["booked", "walk-in"],
        "from 9:15 the appointment is on time"
    );
}

#[test]
fn called_and_finished_tickets_are_not_listed() {
    let mut hall = Hall::new();
    hall.issue(NINE_AM, "t1", "filing", Normal);
    hall.call(NINE_AM + MIN, 1, "t1", 1, CallLane::Normal);
    assert!(listed(&hall, 2).is_empty());
}
