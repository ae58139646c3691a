use super::*;
use crate::fixtures::{Hall, MIN, NINE_AM, service, terminal};
use crate::{CallLane, PriorityClass, TicketChange};

/// A hall where filing tickets took these many minutes each, in order.
fn hall_with_durations(minutes: &[u64]) -> Hall {
    let mut hall = Hall::new();
    let names: Vec<String> = (0..minutes.len()).map(|i| format!("t{i}")).collect();
    for name in &names {
        hall.issue(NINE_AM, name, "filing", PriorityClass::Normal);
    }
    let mut at = NINE_AM + MIN;
    for (name, length) in names.iter().zip(minutes) {
        hall.call(at, 1, name, 1, CallLane::Normal);
        hall.record(at, &terminal(1), name, TicketChange::ServingStarted)
            .expect("serves");
        at += length * MIN;
        let done = TicketChange::Finished {
            outcome: "done".parse().expect("a slug"),
        };
        hall.record(at, &terminal(1), name, done).expect("finishes");
    }
    hall
}

#[test]
fn without_history_the_service_default_is_used() {
    let hall = Hall::new();
    let estimate =
        estimate_wait(&hall.state, &service("filing"), 3, 1, 5 * MIN).expect("a window is open");
    assert_eq!(estimate.basis, EstimateBasis::Default);
    assert_eq!(estimate.wait_ms, 15 * MIN);
    assert_eq!(estimate.minutes(), 15);
}

#[test]
fn the_median_of_recent_serving_times_is_shared_among_open_windows() {
    // One very long case does not move the median.
    let hall = hall_with_durations(&[4, 6, 5, 120, 5]);
    let estimate = estimate_wait(&hall.state, &service("filing"), 4, 2, MIN).expect("windows open");
    assert_eq!(estimate.basis, EstimateBasis::History { samples: 5 });
    assert_eq!(estimate.per_ticket_ms, 5 * MIN);
    assert_eq!(estimate.wait_ms, 10 * MIN, "4 people × 5 min / 2 windows");
}

#[test]
fn only_the_last_twenty_finished_tickets_count() {
    let mut minutes = vec![60; 10];
    minutes.extend([3; 20]);
    let hall = hall_with_durations(&minutes);
    let estimate =
        estimate_wait(&hall.state, &service("filing"), 1, 1, MIN).expect("a window is open");
    assert_eq!(estimate.basis, EstimateBasis::History { samples: 20 });
    assert_eq!(
        estimate.per_ticket_ms,
        3 * MIN,
        "the morning's slow hour has scrolled out"
    );
}

#[test]
fn an_even_count_takes_the_mean_of_the_middle_two() {
    let hall = hall_with_durations(&[2, 4, 6, 8]);
    let estimate =
        estimate_wait(&hall.state, &service("filing"), 1, 1, MIN).expect("a window is open");
    assert_eq!(estimate.per_ticket_ms, 5 * MIN);
}

#[test]
fn no_open_window_means_no_estimate_and_nobody_ahead_means_no_wait() {
    let hall = Hall::new();
    assert_eq!(
        estimate_wait(&hall.state, &service("filing"), 3, 0, MIN),
        None
    );
    let now = estimate_wait(&hall.state, &service("filing"), 0, 1, MIN).expect("a window is open");
    assert_eq!(now.minutes(), 0);
}

#[test]
fn partial_minutes_round_up() {
    let estimate = WaitEstimate {
        wait_ms: MIN + 1,
        per_ticket_ms: MIN,
        basis: EstimateBasis::Default,
    };
    assert_eq!(estimate.minutes(), 2);
}
