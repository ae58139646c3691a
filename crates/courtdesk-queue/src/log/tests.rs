use courtdesk_protocol::hlc::Hlc;

use super::*;
use crate::fixtures::{MIN, NINE_AM, day, number, service, terminal, ticket_id};
use crate::{Issue, PriorityClass, TicketChange};

fn issued(id: &str, minutes: u64, ticket: &str, n: u32, on: ServiceDay) -> QueueEvent {
    QueueEvent {
        clerk: None,
        id: id.parse().expect("a valid id"),
        hlc: Hlc {
            wall_ms: NINE_AM + minutes * MIN,
            counter: 0,
        },
        origin: terminal(100),
        ticket: ticket_id(ticket),
        change: TicketChange::Issued(Issue {
            service: service("filing"),
            number: number("filing", n),
            day: on,
            priority: PriorityClass::Normal,
            appointment: None,
            people_ahead: 0,
        }),
    }
}

#[test]
fn an_event_in_order_is_appended_and_a_late_one_replays_to_the_same_state() {
    let mut log = QueueLog::new(QueueRules::default());
    let appended = log.merge(issued("e2", 2, "t2", 2, day())).expect("merges");
    assert!(matches!(appended, Merged::Appended(Ok(_))));
    let late = log.merge(issued("e1", 1, "t1", 1, day())).expect("merges");
    assert_eq!(late, Merged::Replayed);
    let scratch = QueueState::from_events(QueueRules::default(), log.events());
    assert_eq!(log.state(), &scratch);
    assert_eq!(log.len(), 2);
}

#[test]
fn the_same_event_twice_is_a_duplicate_and_a_reused_id_is_rejected() {
    let mut log = QueueLog::new(QueueRules::default());
    log.merge(issued("e1", 1, "t1", 1, day())).expect("merges");
    assert_eq!(
        log.merge(issued("e1", 1, "t1", 1, day())),
        Ok(Merged::Duplicate)
    );
    assert_eq!(
        log.merge(issued("e1", 5, "t9", 9, day())),
        Err(MergeError::IdReused {
            id: "e1".parse().expect("a valid id")
        })
    );
    assert_eq!(log.len(), 1);
}

#[test]
fn a_batch_is_applied_with_at_most_one_replay() {
    let mut log = QueueLog::new(QueueRules::default());
    let report = log.merge_all([
        issued("e3", 3, "t3", 3, day()),
        issued("e2", 2, "t2", 2, day()),
    ]);
    assert_eq!(
        (report.added, report.replayed),
        (2, false),
        "nothing applied yet, nothing to replay"
    );
    let report = log.merge_all([
        issued("e1", 1, "t1", 1, day()),
        issued("e3", 3, "t3", 3, day()),
        issued("e4", 4, "t4", 4, day()),
        issued("e3", 9, "t9", 9, day()),
    ]);
    assert_eq!(report.added, 2);
    assert_eq!(report.duplicates, 1);
    assert_eq!(report.rejected, vec!["e3".parse().expect("a valid id")]);
    assert!(report.replayed, "e1 sorts before e2");
    assert_eq!(
        log.state(),
        &QueueState::from_events(QueueRules::default(), log.events())
    );
    assert_eq!(log.state().tickets().count(), 4);
}

#[test]
fn past_days_are_forgotten_with_their_events() {
    let yesterday = ServiceDay::new(2025, 3, 6).expect("a real date");
    let mut log = QueueLog::from_events(
        QueueRules::default(),
        [
            issued("e1", 0, "old", 1, yesterday),
            issued("e2", 1, "new", 1, day()),
        ],
    );
    log.forget_before(day());
    let left: Vec<&str> = log.state().tickets().map(|t| t.id.as_str()).collect();
    assert_eq!(left, ["new"]);
    assert_eq!(log.len(), 1);
}
