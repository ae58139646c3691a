//! `hall_board`: what the waiting-hall display shows — the current call of
//! each window, the last calls, the waiting counts — and which calls are new
//! since it last looked, to be announced.

use std::collections::BTreeMap;

use courtdesk_queue::{QueueLog, ServiceDay, TicketChange};
use serde::Serialize;
use ts_rs::TS;

use crate::queue::book::QueueBook;
use crate::queue::views::ServiceName;
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// How many past calls the display lists.
pub const RECENT_CALLS: usize = 8;

/// One call (or recall) of a ticket to a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WindowCall {
    /// The event that made the call; a recall is a new call to announce.
    pub call_id: String,
    pub window: u16,
    pub number: String,
    pub service: ServiceName,
    #[ts(type = "number")]
    pub called_at_ms: u64,
}

/// A service's waiting count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ServiceWaiting {
    pub service: ServiceName,
    pub waiting: u32,
}

/// The display's board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HallBoard {
    pub site_name: String,
    /// The latest call of each window, by window.
    pub windows: Vec<WindowCall>,
    /// The last calls, newest first.
    pub recent: Vec<WindowCall>,
    pub waiting: Vec<ServiceWaiting>,
    /// Calls made since the previous board, oldest first: to be announced.
    pub announce: Vec<WindowCall>,
}

/// Every call and recall of `day`, oldest first.
fn calls(book: &QueueBook, log: &QueueLog, day: ServiceDay) -> Vec<WindowCall> {
    let state = log.state();
    let mut calls = Vec::new();
    for event in log.events() {
        let Some(ticket) = state.ticket(&event.ticket) else {
            continue;
        };
        if ticket.day != day {
            continue;
        }
        let window = match &event.change {
            TicketChange::Called { window, .. } => *window,
            // A recall repeats the ticket's current call at its window.
            TicketChange::Recalled => match calls
                .iter()
                .rev()
                .find(|c: &&WindowCall| c.number == ticket.number.to_string())
            {
                Some(previous) => courtdesk_queue::WindowId(previous.window),
                None => continue,
            },
            _ => continue,
        };
        // A call the queue refused (the ticket was called elsewhere first)
        // is not shown.
        if state.conflicts().iter().any(|c| c.event == event.id) {
            continue;
        }
        calls.push(WindowCall {
            call_id: event.id.to_string(),
            window: window.0,
            number: ticket.number.to_string(),
            service: ServiceName::of_ticket(&book.hall, ticket),
            called_at_ms: event.hlc.wall_ms,
        });
    }
    calls
}

impl Terminal {
    pub fn hall_board(&self) -> Result<HallBoard, ApiError> {
        let book = self
            .queue()
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the queue is not set up"))?;
        let now = now_ms();
        let (all, waiting) = book.read(self.store(), now, |log, day| {
            let waiting = book
                .hall
                .services
                .iter()
                .map(|service| ServiceWaiting {
                    service: ServiceName::of(service),
                    waiting: log.state().waiting_count(&service.service.id, day),
                })
                .collect::<Vec<_>>();
            (calls(book, log, day), waiting)
        })?;
        let mut windows: BTreeMap<u16, WindowCall> = BTreeMap::new();
        for call in &all {
            windows.insert(call.window, call.clone());
        }
        let announce = self.announcements().fresh(&all);
        self.speaker().say(&announce);
        Ok(HallBoard {
            site_name: book.hall.site_name.clone(),
            windows: windows.into_values().collect(),
            recent: all.iter().rev().take(RECENT_CALLS).cloned().collect(),
            waiting,
            announce,
        })
    }
}
