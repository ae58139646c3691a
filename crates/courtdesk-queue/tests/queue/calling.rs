//! A window calling until its queue is empty: every ticket is called once,
//! and the fairness rule holds at every call.

use std::collections::BTreeSet;

use courtdesk_protocol::hlc::Hlc;
use courtdesk_queue::{
    CallLane, Issue, PriorityClass, QueueEvent, QueueLog, QueueRules, ServiceWindow, Ticket,
    TicketChange, TicketNumber, TicketPrefix, TicketStatus, WindowId, next_call,
};
use proptest::prelude::*;

use crate::support::{MIN, NINE_AM, day, event, service, terminal};

fn priority() -> impl Strategy<Value = PriorityClass> {
    prop_oneof![
        2 => Just(PriorityClass::Normal),
        1 => Just(PriorityClass::Elderly),
        1 => Just(PriorityClass::Pregnant),
    ]
}

/// Records events with strictly increasing stamps.
struct Desk {
    log: QueueLog,
    seq: u32,
}

impl Desk {
    fn record(&mut self, at_ms: u64, origin: u128, ticket: &str, change: TicketChange) {
        self.seq += 1;
        let hlc = Hlc {
            wall_ms: at_ms,
            counter: self.seq,
        };
        let recorded: QueueEvent = event(
            &format!("e{}", self.seq),
            hlc,
            &terminal(origin),
            ticket,
            change,
        );
        self.log.merge(recorded).expect("fresh ids");
    }
}

fn waiting(desk: &Desk) -> Vec<Ticket> {
    desk.log
        .state()
        .tickets()
        .filter(|t| t.status == TicketStatus::Waiting)
        .cloned()
        .collect()
}

proptest! {
    #[test]
    fn a_window_calls_every_ticket_once_and_never_starves_normal_tickets(
        tickets in proptest::collection::vec((priority(), 0u64..60), 1..30),
        service_minutes in 1u64..6,
    ) {
        let rules = QueueRules::default();
        let mut desk = Desk { log: QueueLog::new(rules), seq: 0 };
        let prefix = TicketPrefix::new('A').expect("a letter");
        for (i, (priority, minute)) in tickets.iter().enumerate() {
            let issue = Issue {
                service: service("filing"),
                number: TicketNumber::new(prefix, i as u32 + 1).expect("nonzero"),
                day: day(),
                priority: *priority,
                appointment: None,
                people_ahead: 0,
            };
            desk.record(NINE_AM + minute * MIN, 100, &format!("t{i}"), TicketChange::Issued(issue));
        }
        let window = ServiceWindow { id: WindowId(1), services: vec![service("filing")] };
        let mut now = NINE_AM + 60 * MIN;
        let mut called = BTreeSet::new();
        while let Some(pick) = {
            let history = desk.log.state().call_history(day(), window.id);
            next_call(desk.log.state(), &window, &history, day(), now)
        } {
            let history = desk.log.state().call_history(day(), window.id);
            let streak_spent = history.priority_streak() >= usize::from(rules.priority_streak_limit);
            let queue = waiting(&desk);
            let picked = queue.iter().find(|t| t.id == pick.ticket).expect("a waiting ticket");
            let oldest = |priority: bool| {
                queue.iter().filter(|t| t.priority.is_priority() == priority).map(|t| (t.issued_at, &t.id)).min()
            };
            if streak_spent && oldest(false).is_some() {
                prop_assert!(!picked.priority.is_priority(), "a third priority call in a row while a normal ticket waits");
            }
            if pick.lane == CallLane::Normal {
                prop_assert!(streak_spent || oldest(true).is_none(), "a normal call while a priority ticket could go");
            }
            if matches!(pick.lane, CallLane::Normal | CallLane::Aged) && !streak_spent {
                prop_assert!(oldest(true).is_none_or(|p| pick.lane == CallLane::Aged && (picked.issued_at, &picked.id) < p));
            }
            if !picked.priority.is_priority() {
                prop_assert_eq!(oldest(false), Some((picked.issued_at, &picked.id)), "normal tickets go by issue order");
            }
            prop_assert!(called.insert(pick.ticket.clone()), "called twice");
            let ticket = pick.ticket.to_string();
            desk.record(now, 1, &ticket, pick.change(window.id));
            desk.record(now, 1, &ticket, TicketChange::ServingStarted);
            now += service_minutes * MIN;
            let done = TicketChange::Finished { outcome: "done".parse().expect("a slug") };
            desk.record(now, 1, &ticket, done);
        }
        prop_assert_eq!(called.len(), tickets.len(), "every ticket was called");
    }
}
