//! A small hall for unit tests: one day, two services, events recorded with
//! increasing stamps so they can be applied as they are made.

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;

use crate::{
    Applied, Appointment, CallLane, Issue, PriorityClass, QueueEvent, QueueRules, QueueServiceId,
    QueueState, Refusal, ServiceDay, TicketChange, TicketId, TicketNumber, TicketPrefix, WindowId,
};

pub(crate) const MIN: u64 = 60_000;
/// 2025-03-07 09:00 in Beijing.
pub(crate) const NINE_AM: u64 = 1_741_309_200_000;

pub(crate) fn day() -> ServiceDay {
    ServiceDay::new(2025, 3, 7).expect("a real date")
}

pub(crate) fn service(name: &str) -> QueueServiceId {
    name.parse().expect("a valid service slug")
}

pub(crate) fn ticket_id(name: &str) -> TicketId {
    name.parse().expect("a valid ticket id")
}

pub(crate) fn terminal(n: u128) -> TerminalId {
    TerminalId::from_bits(n)
}

pub(crate) fn kiosk() -> TerminalId {
    terminal(100)
}

pub(crate) fn number(service: &str, n: u32) -> TicketNumber {
    let letter = if service == "filing" { 'A' } else { 'B' };
    TicketNumber::new(TicketPrefix::new(letter).expect("a letter"), n).expect("nonzero")
}

/// A queue state fed by events the test records one after the other.
#[derive(Debug)]
pub(crate) struct Hall {
    pub(crate) state: QueueState,
    pub(crate) events: Vec<QueueEvent>,
    numbers: u32,
}

impl Hall {
    pub(crate) fn new() -> Self {
        Hall::with_rules(QueueRules::default())
    }

    pub(crate) fn with_rules(rules: QueueRules) -> Self {
        Hall {
            state: QueueState::new(rules),
            events: Vec::new(),
            numbers: 0,
        }
    }

    /// Records and applies an event at `at_ms`; the counter keeps stamps of
    /// the same millisecond in recording order.
    pub(crate) fn record(
        &mut self,
        at_ms: u64,
        origin: &TerminalId,
        ticket: &str,
        change: TicketChange,
    ) -> Result<Applied, Refusal> {
        let seq = u32::try_from(self.events.len()).expect("few events");
        let event = QueueEvent {
            clerk: None,
            id: format!("e{seq}").parse().expect("a valid event id"),
            hlc: Hlc {
                wall_ms: at_ms,
                counter: seq,
            },
            origin: origin.clone(),
            ticket: ticket_id(ticket),
            change,
        };
        self.events.push(event.clone());
        self.state.apply(&event)
    }

    /// Issues `ticket` in `service` with the next number, at `at_ms`.
    pub(crate) fn issue(
        &mut self,
        at_ms: u64,
        ticket: &str,
        service_name: &str,
        priority: PriorityClass,
    ) {
        self.issue_with(at_ms, ticket, service_name, priority, None);
    }

    pub(crate) fn issue_with(
        &mut self,
        at_ms: u64,
        ticket: &str,
        service_name: &str,
        priority: PriorityClass,
        appointment: Option<Appointment>,
    ) {
        self.numbers += 1;
        let issue = Issue {
            service: service(service_name),
            number: number(service_name, self.numbers),
            day: day(),
            priority,
            appointment,
            people_ahead: self.state.waiting_count(&service(service_name), day()),
        };
        self.record(at_ms, &kiosk(), ticket, TicketChange::Issued(issue))
            .expect("a fresh ticket is issued");
    }

    pub(crate) fn call(
        &mut self,
        at_ms: u64,
        desk: u128,
        ticket: &str,
        window: u16,
        lane: CallLane,
    ) {
        let change = TicketChange::Called {
            window: WindowId(window),
            lane,
        };
        self.record(at_ms, &terminal(desk), ticket, change)
            .expect("a waiting ticket can be called");
    }
}
