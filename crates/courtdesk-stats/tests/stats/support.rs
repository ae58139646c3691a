//! Builders shared by the tests: a hall whose events are recorded with the
//! times a script gives, and shorthands for ids and days.

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;
use courtdesk_queue::{
    Appointment, CallLane, Issue, OutcomeCode, PriorityClass, QueueEvent, QueueServiceId,
    ServiceDay, SiteClock, TicketChange, TicketNumber, TicketPrefix, WindowId,
};
use courtdesk_stats::{Clerk, StatsRules};

pub(crate) const MIN: u64 = 60_000;
/// 2025-03-07 (a Friday) 00:00 in Beijing.
pub(crate) const MIDNIGHT: u64 = 1_741_276_800_000;
pub(crate) const HOUR: u64 = 60 * MIN;

/// Epoch milliseconds of `hh:mm` on 2025-03-07 in Beijing, plus `days`.
pub(crate) fn at(days: i64, hour: u64, minute: u64) -> u64 {
    let base = MIDNIGHT.wrapping_add_signed(days * 24 * HOUR as i64);
    base + hour * HOUR + minute * MIN
}

pub(crate) fn day(y: u16, m: u8, d: u8) -> ServiceDay {
    ServiceDay::new(y, m, d).expect("a real date")
}

pub(crate) fn beijing() -> StatsRules {
    StatsRules::new(SiteClock::CHINA)
}

pub(crate) fn service(name: &str) -> QueueServiceId {
    name.parse().expect("a valid service slug")
}

pub(crate) fn outcome(code: &str) -> OutcomeCode {
    code.parse().expect("a valid outcome code")
}

pub(crate) fn kiosk() -> TerminalId {
    TerminalId::from_bits(100)
}

pub(crate) fn desk(window: u16) -> TerminalId {
    TerminalId::from_bits(u128::from(window))
}

/// The clerk signed in at each desk all day: `li` at window 1, `wang` at
/// window 2.
pub(crate) fn clerk_at(desk_id: &TerminalId, _at_ms: u64) -> Option<Clerk> {
    if *desk_id == desk(1) {
        Some(Clerk::from("li"))
    } else if *desk_id == desk(2) {
        Some(Clerk::from("wang"))
    } else {
        None
    }
}

/// Queue events recorded in the order a script writes them.
#[derive(Debug, Default)]
pub(crate) struct Script {
    pub(crate) events: Vec<QueueEvent>,
}

impl Script {
    fn record(&mut self, at_ms: u64, origin: TerminalId, ticket: &str, change: TicketChange) {
        let n = self.events.len();
        self.events.push(QueueEvent {
            clerk: None,
            id: format!("e{n}").parse().expect("a valid event id"),
            hlc: Hlc {
                wall_ms: at_ms,
                counter: 0,
            },
            origin,
            ticket: ticket.parse().expect("a valid ticket id"),
            change,
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn issue(
        &mut self,
        at_ms: u64,
        ticket: &str,
        service_name: &str,
        number: u32,
        priority: PriorityClass,
        appointment_ms: Option<u64>,
    ) {
        let letter = if service_name == "filing" { 'A' } else { 'B' };
        let issue = Issue {
            service: service(service_name),
            number: TicketNumber::new(TicketPrefix::new(letter).expect("a letter"), number)
                .expect("a number above zero"),
            day: SiteClock::CHINA.day(at_ms),
            priority,
            appointment: appointment_ms.map(|slot_ms| Appointment { slot_ms }),
            people_ahead: 0,
        };
        self.record(at_ms, kiosk(), ticket, TicketChange::Issued(issue));
    }

    pub(crate) fn call(&mut self, at_ms: u64, ticket: &str, window: u16) {
        let change = TicketChange::Called {
            window: WindowId(window),
            lane: CallLane::Chosen,
        };
        self.record(at_ms, desk(window), ticket, change);
    }

    pub(crate) fn serve(&mut self, at_ms: u64, ticket: &str, window: u16) {
        self.record(at_ms, desk(window), ticket, TicketChange::ServingStarted);
    }

    pub(crate) fn finish(&mut self, at_ms: u64, ticket: &str, window: u16, code: &str) {
        let change = TicketChange::Finished {
            outcome: outcome(code),
        };
        self.record(at_ms, desk(window), ticket, change);
    }

    pub(crate) fn no_show(&mut self, at_ms: u64, ticket: &str, window: u16) {
        self.record(at_ms, desk(window), ticket, TicketChange::NoShow);
    }

    pub(crate) fn transfer(&mut self, at_ms: u64, ticket: &str, window: u16, to: &str) {
        let change = TicketChange::Transferred {
            service: service(to),
            window: None,
        };
        self.record(at_ms, desk(window), ticket, change);
    }

    pub(crate) fn check_in(&mut self, at_ms: u64, ticket: &str) {
        self.record(at_ms, kiosk(), ticket, TicketChange::CheckedIn);
    }

    pub(crate) fn void(&mut self, at_ms: u64, ticket: &str) {
        self.record(at_ms, kiosk(), ticket, TicketChange::Voided);
    }
}
