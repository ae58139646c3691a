//! `queue_offer` and `take_ticket`: the kiosk's services with their waits,
//! and issuing a ticket from this kiosk's leased numbers.

use courtdesk_queue::{
    Issue, KioskNumbers, KioskNumbersError, QueueServiceId, QueueState, ServiceDay, TicketChange,
    TicketId, dispense_check, estimate_wait,
};
use courtdesk_store::{Store, StoreError, put_queue_value};
use serde::Serialize;
use ts_rs::TS;

use crate::queue::book::QueueBook;
use crate::queue::settings::HallService;
use crate::queue::views::{DispenseView, Priority, ServiceName};
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// The named value holding this kiosk's leased numbers.
pub(crate) const KIOSK_NUMBERS: &str = "kiosk_numbers";
/// Below this many numbers left, the kiosk leases another block.
pub(crate) const LOW_WATER: u32 = 10;

/// One service as the kiosk offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ServiceOffer {
    pub service: ServiceName,
    pub dispense: DispenseView,
    /// Tickets waiting now.
    pub waiting: u32,
    /// The estimated wait of a ticket taken now, in minutes.
    #[ts(type = "number | null")]
    pub wait_minutes: Option<u64>,
}

/// A ticket as the kiosk shows (and prints) it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TicketView {
    pub ticket_id: String,
    pub number: String,
    pub service: ServiceName,
    pub priority: Priority,
    pub people_ahead: u32,
    #[ts(type = "number | null")]
    pub wait_minutes: Option<u64>,
    /// Site-local `YYYY-MM-DD HH:MM`.
    pub issued_at: String,
    /// Whether a slip was printed (a kiosk without a printer shows the
    /// ticket on screen only).
    pub printed: bool,
}

/// What taking a ticket came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TakeTicket {
    Issued {
        ticket: TicketView,
    },
    /// The service does not dispense now: closed, quota reached or locked.
    NotDispensing {
        dispense: DispenseView,
    },
}

fn open_windows(state: &QueueState, service: &QueueServiceId, day: ServiceDay) -> u32 {
    let windows: std::collections::BTreeSet<u16> = state
        .tickets()
        .filter(|t| t.day == day && &t.service == service)
        .filter_map(|t| match &t.status {
            courtdesk_queue::TicketStatus::Called(call)
            | courtdesk_queue::TicketStatus::Serving { call, .. }
            | courtdesk_queue::TicketStatus::Finished { call, .. } => Some(call.window.0),
            _ => None,
        })
        .collect();
    u32::try_from(windows.len()).unwrap_or(u32::MAX).max(1)
}

fn wait_minutes(
    state: &QueueState,
    service: &HallService,
    ahead: u32,
    day: ServiceDay,
) -> Option<u64> {
    let windows = open_windows(state, &service.service.id, day);
    estimate_wait(
        state,
        &service.service.id,
        ahead,
        windows,
        service.default_ticket_ms,
    )
    .map(|estimate| estimate.minutes())
}

fn offer(
    book: &QueueBook,
    service: &HallService,
    state: &QueueState,
    day: ServiceDay,
    now: u64,
) -> ServiceOffer {
    let issued = state.issued_count(&service.service.id, day);
    let waiting = state.waiting_count(&service.service.id, day);
    ServiceOffer {
        service: ServiceName::of(service),
        dispense: dispense_check(&service.dispenser, book.hall.clock, now, issued).into(),
        waiting,
        wait_minutes: wait_minutes(state, service, waiting, day),
    }
}

/// This kiosk's numbers as stored, or none yet.
pub(crate) fn stored_numbers(
    store: &Store,
    kiosk: &courtdesk_core::TerminalId,
) -> Result<KioskNumbers, StoreError> {
    parse_numbers(store.queue_value(KIOSK_NUMBERS)?, kiosk)
}

/// The kiosk's numbers from their stored text, or a fresh set without any.
pub(crate) fn parse_numbers(
    text: Option<String>,
    kiosk: &courtdesk_core::TerminalId,
) -> Result<KioskNumbers, StoreError> {
    match text {
        Some(text) => serde_json::from_str(&text).map_err(|_| StoreError::Corrupt {
            what: "kiosk numbers",
        }),
        None => Ok(KioskNumbers::new(kiosk.clone(), LOW_WATER)),
    }
}

pub(crate) fn save_numbers(
    conn: &rusqlite::Connection,
    numbers: &KioskNumbers,
) -> Result<(), StoreError> {
    let text = serde_json::to_string(numbers).map_err(|_| StoreError::Corrupt {
        what: "kiosk numbers",
    })?;
    put_queue_value(conn, KIOSK_NUMBERS, &text)
}

impl Terminal {
    fn queue_book(&self) -> Result<&QueueBook, ApiError> {
        self.queue()
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the queue is not set up"))
    }

    pub fn queue_offer(&self) -> Result<Vec<ServiceOffer>, ApiError> {
        let book = self.queue_book()?;
        let now = now_ms();
        book.read(self.store(), now, |log, day| {
            book.hall
                .services
                .iter()
                .map(|service| offer(book, service, log.state(), day, now))
                .collect()
        })
    }

    pub fn take_ticket(&self, service: &str, priority: Priority) -> Result<TakeTicket, ApiError> {
        let book = self.queue_book()?;
        let id: QueueServiceId = service
            .parse()
            .map_err(|_| ApiError::new(ErrorCode::BadInput, "no such service"))?;
        let hall_service = book
            .hall
            .service(&id)
            .ok_or_else(|| ApiError::new(ErrorCode::BadInput, "no such service"))?
            .clone();
        let now = now_ms();
        let (current, day) = book.read(self.store(), now, |log, day| {
            (offer(book, &hall_service, log.state(), day, now), day)
        })?;
        if current.dispense != DispenseView::Open {
            return Ok(TakeTicket::NotDispensing {
                dispense: current.dispense,
            });
        }
        // One ticket at a time: two taps must not take the same number.
        let _issuing = book.issuing();
        let mut numbers = stored_numbers(self.store(), self.id())?;
        let number = numbers
            .take(&hall_service.service, day)
            .map_err(|error| match error {
                KioskNumbersError::OutOfNumbers { .. } => ApiError::new(
                    ErrorCode::OutOfNumbers,
                    "no leased numbers left for this service today",
                ),
                other => ApiError::new(ErrorCode::Internal, other.to_string()),
            })?;
        // Named by its number, so a desk that never sees this issue can
        // still name the ticket from the printed slip.
        let ticket = TicketId::for_number(&id, day, number);
        let issue = Issue {
            service: id,
            number,
            day,
            priority: priority.into(),
            appointment: None,
            people_ahead: current.waiting,
        };
        book.act(
            self.store(),
            now,
            ticket.clone(),
            TicketChange::Issued(issue),
            |recorder| save_numbers(recorder.connection(), &numbers),
        )?;
        let view = TicketView {
            ticket_id: ticket.to_string(),
            number: number.to_string(),
            service: ServiceName::of(&hall_service),
            priority,
            people_ahead: current.waiting,
            wait_minutes: current.wait_minutes,
            issued_at: book.hall.clock.local(now).to_string(),
            printed: false,
        };
        self.wake_leases();
        if let Err(reason) = self.print_ticket(&view) {
            // The ticket was written but not printed: it does not count.
            book.act(self.store(), now_ms(), ticket, TicketChange::Voided, |_| {
                Ok(())
            })?;
            return Err(ApiError::new(ErrorCode::PrintFailed, reason));
        }
        Ok(TakeTicket::Issued {
            ticket: TicketView {
                printed: book.hall.printer.is_some(),
                ..view
            },
        })
    }
}
