//! Ticket facts from queue events: only what the queue's merge accepted
//! counts, whatever the events' arrival.

use courtdesk_queue::{
    CallLane, Claim, PriorityClass, QueueRules, ServiceDay, TicketChange, TicketId, TicketNumber,
    TicketPrefix, WindowId,
};
use courtdesk_stats::{Clerk, TicketFacts, ticket_facts};

use crate::scripted_day::queue_script;
use crate::support::{Script, at, clerk_at, desk, service};

fn facts_of(script: &Script) -> Vec<TicketFacts> {
    ticket_facts(QueueRules::default(), &script.events, clerk_at)
}

fn find<'a>(facts: &'a [TicketFacts], id: &str) -> &'a TicketFacts {
    facts
        .iter()
        .find(|f| f.ticket.as_str() == id)
        .expect("the ticket has facts")
}

#[test]
fn a_transferred_ticket_keeps_its_first_call_and_its_last_serving() {
    let facts = facts_of(&queue_script());
    assert_eq!(facts.len(), 7);
    let t4 = find(&facts, "t4");
    let first = t4.first_call.as_ref().expect("t4 was called");
    assert_eq!(
        (first.window, first.service.as_str(), first.at_ms),
        (WindowId(2), "materials", at(0, 9, 40))
    );
    assert_eq!(first.clerk, Some(Clerk::from("wang")));
    assert_eq!(
        (t4.transfers, t4.first_transfer_ms),
        (1, Some(at(0, 9, 45)))
    );
    let serving = t4.serving.as_ref().expect("t4 was served");
    assert_eq!(
        (serving.window, serving.service.as_str(), serving.started_ms),
        (WindowId(1), "filing", at(0, 9, 51)),
        "the serving at window 2 was cut short by the transfer"
    );
    assert_eq!(serving.finished_ms, Some(at(0, 10, 1)));
    assert_eq!(serving.clerk, Some(Clerk::from("li")));
    let t3 = find(&facts, "t3");
    assert_eq!(t3.no_show.as_ref().map(|n| n.at_ms), Some(at(0, 9, 33)));
    assert!(t3.serving.is_none());
    assert_eq!(find(&facts, "t5").voided_ms, Some(at(0, 9, 30) + 5_000));
    let t6 = find(&facts, "t6");
    assert!(t6.appointment);
    assert_eq!(t6.wait_start_ms(), at(0, 9, 50), "from check-in");
    assert_eq!(find(&facts, "t2").priority, PriorityClass::Elderly);
}

#[test]
fn the_losing_call_of_a_network_split_does_not_count() {
    let mut s = Script::default();
    s.issue(at(0, 9, 0), "t1", "filing", 1, PriorityClass::Normal, None);
    // Both desks call t1 while cut off from each other; window 1's call
    // sorts first and wins, window 2's later actions are refused.
    s.call(at(0, 9, 10), "t1", 1);
    s.call(at(0, 9, 11), "t1", 2);
    s.serve(at(0, 9, 12), "t1", 2);
    s.finish(at(0, 9, 20), "t1", 2, "done");
    s.serve(at(0, 9, 13), "t1", 1);
    s.finish(at(0, 9, 25), "t1", 1, "done");
    let facts = facts_of(&s);
    let call = facts[0].first_call.as_ref().expect("called");
    assert_eq!((call.window, call.at_ms), (WindowId(1), at(0, 9, 10)));
    let serving = facts[0].serving.as_ref().expect("served");
    assert_eq!(
        (serving.window, serving.started_ms, serving.finished_ms),
        (WindowId(1), at(0, 9, 13), Some(at(0, 9, 25)))
    );
}

#[test]
fn redelivered_events_change_nothing() {
    let script = queue_script();
    let twice: Vec<_> = script.events.iter().chain(&script.events).collect();
    let again = ticket_facts(QueueRules::default(), twice, clerk_at);
    assert_eq!(again, facts_of(&script));
}

#[test]
fn a_claimed_ticket_takes_the_kiosks_time_and_class_once_its_issue_arrives() {
    let day: ServiceDay = "2025-03-07".parse().expect("a day");
    let number = TicketNumber::new(TicketPrefix::new('A').expect("a letter"), 9).expect("9");
    let id = TicketId::for_number(&service("filing"), day, number);
    let mut s = Script::default();
    // The desk, cut off from the kiosk, takes the printed A009 in.
    let claim = courtdesk_queue::QueueEvent {
        clerk: None,
        id: "claim".parse().expect("an id"),
        hlc: courtdesk_protocol::hlc::Hlc {
            wall_ms: at(0, 9, 20),
            counter: 0,
        },
        origin: desk(1),
        ticket: id.clone(),
        change: TicketChange::Claimed(Claim {
            service: service("filing"),
            number,
            day,
        }),
    };
    s.events.push(claim);
    s.events.push(courtdesk_queue::QueueEvent {
        clerk: None,
        id: "call".parse().expect("an id"),
        hlc: courtdesk_protocol::hlc::Hlc {
            wall_ms: at(0, 9, 21),
            counter: 0,
        },
        origin: desk(1),
        ticket: id.clone(),
        change: TicketChange::Called {
            window: WindowId(1),
            lane: CallLane::Chosen,
        },
    });
    let claimed = facts_of(&s);
    assert_eq!(
        claimed[0].issued_ms,
        at(0, 9, 20),
        "only the claim is known"
    );
    assert_eq!(claimed[0].priority, PriorityClass::Normal);
    // The kiosk's issue arrives hours later, stamped 09:05.
    s.issue(
        at(0, 9, 5),
        id.as_str(),
        "filing",
        9,
        PriorityClass::Pregnant,
        None,
    );
    let issued = facts_of(&s);
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].issued_ms, at(0, 9, 5));
    assert_eq!(issued[0].priority, PriorityClass::Pregnant);
    assert_eq!(
        issued[0].first_call.as_ref().map(|c| c.at_ms),
        Some(at(0, 9, 21))
    );
}

#[test]
fn a_serving_cut_short_by_a_transfer_is_forgotten_until_the_next_one() {
    let mut s = Script::default();
    s.issue(
        at(0, 9, 0),
        "t1",
        "materials",
        1,
        PriorityClass::Normal,
        None,
    );
    s.call(at(0, 9, 10), "t1", 2);
    s.serve(at(0, 9, 11), "t1", 2);
    s.transfer(at(0, 9, 15), "t1", 2, "filing");
    let facts = facts_of(&s);
    assert_eq!(facts[0].transfers, 1);
    assert!(
        facts[0].serving.is_none(),
        "the ticket waits again in filing; window 2's serving ended nothing"
    );
}
