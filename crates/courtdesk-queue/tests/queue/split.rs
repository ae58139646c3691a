//! Terminals that lose each other and meet again: a morning at the hall with
//! a network split between two desks, merged back to one story.

use std::num::NonZeroU32;

use courtdesk_protocol::hlc::{Hlc, HlcClock};
use courtdesk_queue::{
    CallLane, Dispense, DispenserRules, Issue, KioskNumbers, LeaseLedger, LocalTime, OpenSpan,
    OpeningHours, PriorityClass, QueueEvent, QueueLog, QueueRules, QueueService, Refusal,
    ServiceWindow, SiteClock, TicketChange, TicketPrefix, TransitionError, WindowId,
    dispense_check, estimate_wait, next_call,
};

use crate::support::{MIN, NINE_AM, day, service, terminal, ticket_id};

/// One terminal: its clock, its id and its merged log.
struct Terminal {
    id: u128,
    clock: HlcClock,
    log: QueueLog,
    made: u32,
}

impl Terminal {
    fn new(id: u128) -> Self {
        Terminal {
            id,
            clock: HlcClock::default(),
            log: QueueLog::new(QueueRules::default()),
            made: 0,
        }
    }

    /// Records a local event at `now_ms` and returns it for the others.
    fn record(&mut self, now_ms: u64, ticket: &str, change: TicketChange) -> QueueEvent {
        self.made += 1;
        let hlc: Hlc = self.clock.tick(now_ms);
        let event = QueueEvent {
            clerk: None,
            id: format!("{}-{}", self.id, self.made)
                .parse()
                .expect("a valid id"),
            hlc,
            origin: terminal(self.id),
            ticket: ticket_id(ticket),
            change,
        };
        self.log.merge(event.clone()).expect("a fresh id");
        event
    }

    /// Takes in events recorded elsewhere.
    fn receive(&mut self, events: &[QueueEvent], now_ms: u64) {
        for event in events {
            self.clock.observe(event.hlc, now_ms);
        }
        self.log.merge_all(events.iter().cloned());
    }
}

#[test]
fn two_desks_that_call_the_same_ticket_offline_agree_once_they_reconnect() {
    let filing = QueueService {
        id: service("filing"),
        prefix: TicketPrefix::new('A').expect("a letter"),
    };
    let (mut kiosk, mut desk_1, mut desk_2) =
        (Terminal::new(100), Terminal::new(1), Terminal::new(2));

    // The kiosk opens at 08:30 and leases its numbers from the server.
    let hours = DispenserRules {
        hours: OpeningHours::weekdays(&[OpenSpan {
            from: LocalTime::new(8, 30).expect("a time"),
            to: LocalTime::new(17, 0).expect("a time"),
        }]),
        daily_quota: Some(200),
        ..DispenserRules::default()
    };
    let mut ledger = LeaseLedger::new(NonZeroU32::new(50).expect("nonzero"));
    let mut numbers = KioskNumbers::new(terminal(100), 10);
    assert!(numbers.wants_lease(&filing.id, day()));
    let block = ledger
        .grant(&filing.id, day(), &terminal(100))
        .expect("a block");
    numbers.accept(block).expect("accepted");

    let mut issued = Vec::new();
    for (i, priority) in [
        PriorityClass::Normal,
        PriorityClass::Normal,
        PriorityClass::Elderly,
    ]
    .into_iter()
    .enumerate()
    {
        let now = NINE_AM + i as u64 * MIN;
        let count = kiosk.log.state().issued_count(&filing.id, day());
        assert_eq!(
            dispense_check(&hours, SiteClock::CHINA, now, count),
            Dispense::Open
        );
        let issue = Issue {
            service: filing.id.clone(),
            number: numbers.take(&filing, day()).expect("numbers left"),
            day: day(),
            priority,
            appointment: None,
            people_ahead: kiosk.log.state().waiting_count(&filing.id, day()),
        };
        issued.push(kiosk.record(now, &format!("t{i}"), TicketChange::Issued(issue)));
    }
    assert_eq!(
        kiosk
            .log
            .state()
            .ticket(&ticket_id("t2"))
            .map(|t| t.people_ahead),
        Some(2)
    );
    desk_1.receive(&issued, NINE_AM + 5 * MIN);
    desk_2.receive(&issued, NINE_AM + 5 * MIN);

    // The network splits. Both desks call A003 (the elderly litigant); desk 2
    // does so a minute earlier. Desk 1 goes on to serve it.
    let window = |id| ServiceWindow {
        id: WindowId(id),
        services: vec![filing.id.clone()],
    };
    let pick = |t: &Terminal, w: u16, now| {
        let state = t.log.state();
        next_call(
            state,
            &window(w),
            &state.call_history(day(), WindowId(w)),
            day(),
            now,
        )
        .expect("someone waits")
    };
    let at_desk_2 = pick(&desk_2, 2, NINE_AM + 9 * MIN);
    let at_desk_1 = pick(&desk_1, 1, NINE_AM + 10 * MIN);
    assert_eq!(
        (at_desk_1.ticket.as_str(), at_desk_1.lane),
        ("t2", CallLane::Priority)
    );
    let from_2 = vec![desk_2.record(NINE_AM + 9 * MIN, "t2", at_desk_2.change(WindowId(2)))];
    let from_1 = vec![
        desk_1.record(NINE_AM + 10 * MIN, "t2", at_desk_1.change(WindowId(1))),
        desk_1.record(NINE_AM + 11 * MIN, "t2", TicketChange::ServingStarted),
    ];

    // The network heals; every terminal receives what it missed.
    desk_1.receive(&from_2, NINE_AM + 12 * MIN);
    desk_2.receive(&from_1, NINE_AM + 12 * MIN);
    kiosk.receive(&[from_1, from_2].concat(), NINE_AM + 12 * MIN);
    assert_eq!(desk_1.log.state(), desk_2.log.state());
    assert_eq!(desk_1.log.state(), kiosk.log.state());

    let state = desk_1.log.state();
    let held = state
        .ticket(&ticket_id("t2"))
        .and_then(|t| t.status.held_call())
        .map(|c| c.window);
    assert_eq!(held, Some(WindowId(2)), "the earlier call wins");
    let lost: Vec<&Refusal> = state.conflicts().iter().map(|c| &c.refusal).collect();
    let by_desk_2 = |source| Refusal::Transition {
        ticket: ticket_id("t2"),
        source,
    };
    assert_eq!(
        lost,
        [
            &by_desk_2(TransitionError::CalledElsewhere {
                window: WindowId(2),
                desk: terminal(2)
            }),
            &by_desk_2(TransitionError::HeldByAnotherDesk {
                window: WindowId(2),
                desk: terminal(2)
            }),
        ],
        "desk 1's call and its serving are kept as conflicts for the staff screen"
    );

    // Desk 1 moves on to the next ticket; the estimate still has no history.
    let next = pick(&desk_1, 1, NINE_AM + 13 * MIN);
    assert_eq!(next.ticket, ticket_id("t0"));
    let estimate = estimate_wait(state, &filing.id, 1, 2, 6 * MIN).expect("windows open");
    assert_eq!(estimate.minutes(), 3);
}
