//! `desk_board` and `desk_act`: a service window's waiting lists and its
//! current ticket, and every action a clerk takes on the queue.

use courtdesk_queue::{
    CallLane, Claim, OutcomeCode, QueueLog, QueueServiceId, ServiceDay, ServiceWindow, StatusKind,
    TicketChange, TicketId, TicketNumber, TicketStatus, WaitingStatus, WindowId, call_chosen,
    next_call, waiting_list,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use courtdesk_identity::staff::StaffAction;

use crate::queue::book::QueueBook;
use crate::queue::views::{Priority, ServiceName};
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// One waiting ticket on the desk's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WaitingView {
    pub ticket_id: String,
    pub number: String,
    pub priority: Priority,
    /// `ready`, `awaiting_check_in` or `parked`.
    pub status: String,
    /// Why it would be called next: `appointment`, `priority`, `aged`,
    /// `normal`; none when not callable.
    pub lane: Option<String>,
    #[ts(type = "number")]
    pub waited_minutes: u64,
    pub transferred: bool,
}

/// A service the window calls, with its waiting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeskService {
    pub service: ServiceName,
    pub waiting: Vec<WaitingView>,
}

/// The ticket this desk holds a call on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeskTicket {
    pub ticket_id: String,
    pub number: String,
    pub service: ServiceName,
    pub priority: Priority,
    /// `called` or `serving`.
    pub state: String,
    pub recalls: u8,
    pub recalls_left: u8,
}

/// Everything the desk's screen shows of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeskBoard {
    pub window: u16,
    pub services: Vec<DeskService>,
    pub current: Option<DeskTicket>,
    /// The services a ticket can be transferred to.
    pub all_services: Vec<ServiceName>,
    /// Actions of this desk the queue refused after a network split (the
    /// same ticket called elsewhere first).
    pub conflicts: u32,
}

/// A clerk's action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum DeskAction {
    CallNext,
    /// Call a ticket picked from the list.
    Call {
        ticket_id: String,
    },
    /// Call a ticket by its printed number (e.g. `A017`), as typed.
    CallNumber {
        number: String,
    },
    Recall,
    NoShow,
    Start,
    Finish {
        outcome: String,
    },
    Park,
    Resume {
        ticket_id: String,
    },
    Transfer {
        service: String,
        window: Option<u16>,
    },
}

fn lane_name(lane: CallLane) -> &'static str {
    match lane {
        CallLane::Appointment => "appointment",
        CallLane::Priority => "priority",
        CallLane::Aged => "aged",
        CallLane::Normal => "normal",
        CallLane::Chosen => "chosen",
    }
}

fn bad(message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadInput, message)
}

/// The ticket this desk holds a call on, at its window, today.
fn held(
    book: &QueueBook,
    log: &QueueLog,
    desk: &courtdesk_core::TerminalId,
    day: ServiceDay,
) -> Option<TicketId> {
    log.state()
        .tickets()
        .filter(|t| t.day == day)
        .filter(|t| {
            t.status
                .held_call()
                .is_some_and(|c| &c.desk == desk && c.window == book.desk().window)
        })
        .max_by_key(|t| t.status.held_call().map(|c| c.at))
        .map(|t| t.id.clone())
}

fn board(
    book: &QueueBook,
    log: &QueueLog,
    desk: &courtdesk_core::TerminalId,
    day: ServiceDay,
    now: u64,
) -> DeskBoard {
    let state = log.state();
    let choice = book.desk();
    let services = choice
        .services
        .iter()
        .filter_map(|id| book.hall.service(id))
        .map(|service| DeskService {
            service: ServiceName::of(service),
            waiting: waiting_list(state, &service.service.id, day, now)
                .into_iter()
                .map(|entry| {
                    let (status, lane) = match entry.status {
                        WaitingStatus::Ready { lane } => {
                            ("ready", Some(lane_name(lane).to_owned()))
                        }
                        WaitingStatus::AwaitingCheckIn => ("awaiting_check_in", None),
                        WaitingStatus::Parked => ("parked", None),
                    };
                    WaitingView {
                        ticket_id: entry.ticket.to_string(),
                        number: entry.number.to_string(),
                        priority: entry.priority.into(),
                        status: status.to_owned(),
                        lane,
                        waited_minutes: entry.waited_ms / 60_000,
                        transferred: entry.transferred_from.is_some(),
                    }
                })
                .collect(),
        })
        .collect();
    let current = held(book, log, desk, day)
        .and_then(|id| state.ticket(&id))
        .and_then(|ticket| {
            let call = ticket.status.held_call()?;
            Some(DeskTicket {
                ticket_id: ticket.id.to_string(),
                number: ticket.number.to_string(),
                service: ServiceName::of_ticket(&book.hall, ticket),
                priority: ticket.priority.into(),
                state: match ticket.status.kind() {
                    StatusKind::Serving => "serving",
                    _ => "called",
                }
                .to_owned(),
                recalls: call.recalls,
                recalls_left: state.rules().max_recalls.saturating_sub(call.recalls),
            })
        });
    let conflicts = state
        .conflicts()
        .iter()
        .filter(|c| &c.origin == desk)
        .count();
    DeskBoard {
        window: choice.window.0,
        services,
        current,
        all_services: book.hall.services.iter().map(ServiceName::of).collect(),
        conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
    }
}

impl Terminal {
    fn desk_book(&self) -> Result<&QueueBook, ApiError> {
        self.queue()
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the queue is not set up"))
    }

    /// Chooses the window this desk serves and the services it calls there.
    pub fn desk_setup(&self, window: u16, services: Vec<String>) -> Result<DeskBoard, ApiError> {
        self.staff_desk()
            .authorize(StaffAction::CallTicket, now_ms())?;
        let book = self.desk_book()?;
        if window == 0 || window > 999 {
            return Err(bad("a window number is between 1 and 999"));
        }
        let mut chosen = Vec::new();
        for id in &services {
            let id: QueueServiceId = id
                .parse()
                .ok()
                .filter(|id| book.hall.service(id).is_some())
                .ok_or_else(|| bad("no such service"))?;
            if !chosen.contains(&id) {
                chosen.push(id);
            }
        }
        if chosen.is_empty() {
            return Err(bad("a window calls at least one service"));
        }
        book.choose_desk(
            self.store(),
            crate::queue::book::DeskChoice {
                window: WindowId(window),
                services: chosen,
            },
        )?;
        self.desk_board()
    }

    pub fn desk_board(&self) -> Result<DeskBoard, ApiError> {
        let book = self.desk_book()?;
        let now = now_ms();
        // Reading the board is not input: it keeps no session alive.
        if self.staff_desk().current(now).is_none() {
            return Err(ApiError::new(
                ErrorCode::SignInRequired,
                "sign in at this desk first",
            ));
        }
        book.read(self.store(), now, |log, day| {
            board(book, log, self.id(), day, now)
        })
    }

    pub fn desk_act(&self, action: DeskAction) -> Result<DeskBoard, ApiError> {
        let book = self.desk_book()?;
        let now = now_ms();
        let needs = match action {
            DeskAction::Transfer { .. } => StaffAction::TransferTicket,
            DeskAction::Start | DeskAction::Finish { .. } => StaffAction::ServeTicket,
            _ => StaffAction::CallTicket,
        };
        let clerk = self.staff_desk().authorize(needs, now)?.username;
        let window = book.desk().window;
        if let DeskAction::CallNumber { number } = &action {
            self.claim_if_unseen(book, number, now, &clerk)?;
        }
        let (ticket, change) = book.read(self.store(), now, |log, day| {
            plan(book, log, self.id(), window, day, now, action)
        })??;
        book.act_as(self.store(), now, ticket, change, Some(clerk), |_| Ok(()))?;
        if let Some(link) = self.sync_link() {
            link.sync_now();
        }
        self.desk_board()
    }
}

impl Terminal {
    /// Prints a ticket's slip again on this desk's printer, for a litigant
    /// whose slip was lost or unreadable. A voided ticket never counted and
    /// is not reprinted; neither is one already finished or a no-show.
    pub fn desk_reprint(&self, number: &str) -> Result<(), ApiError> {
        let book = self.desk_book()?;
        let now = now_ms();
        self.staff_desk().authorize(StaffAction::ServeTicket, now)?;
        let number = parse_number(number)?;
        let view = book.read(self.store(), now, |log, day| {
            let ticket = log
                .state()
                .tickets()
                .find(|t| t.day == day && t.number == number)?;
            let live = matches!(
                ticket.status.kind(),
                StatusKind::Waiting | StatusKind::Called | StatusKind::Serving | StatusKind::Parked
            );
            live.then(|| crate::commands::queue_kiosk::TicketView {
                ticket_id: ticket.id.to_string(),
                number: ticket.number.to_string(),
                service: ServiceName::of_ticket(&book.hall, ticket),
                priority: ticket.priority.into(),
                people_ahead: ticket.people_ahead,
                wait_minutes: None,
                issued_at: book.hall.clock.local(ticket.issued_at.wall_ms).to_string(),
                printed: false,
            })
        })?;
        let Some(view) = view else {
            return Err(ApiError::new(
                ErrorCode::UnknownTicket,
                "no live ticket has this number today",
            ));
        };
        if book.hall.printer.is_none() {
            return Err(ApiError::new(
                ErrorCode::PrintFailed,
                "this desk has no printer configured",
            )
            .with_detail("no_printer"));
        }
        self.print_ticket(&view).map_err(|code| {
            ApiError::new(ErrorCode::PrintFailed, "the slip did not print").with_detail(code)
        })
    }

    /// Takes in a printed ticket this desk has never seen issued (its kiosk
    /// cut off from the server, or this desk cut off), so that the clerk can
    /// serve the litigant holding it. Nothing happens for a ticket already
    /// known; the issue, when it arrives, completes the claimed ticket.
    fn claim_if_unseen(
        &self,
        book: &QueueBook,
        typed: &str,
        now: u64,
        clerk: &str,
    ) -> Result<(), ApiError> {
        let number = parse_number(typed)?;
        let Some(service) = book
            .hall
            .services
            .iter()
            .find(|s| s.service.prefix == number.prefix())
        else {
            return Err(ApiError::new(
                ErrorCode::UnknownTicket,
                "no service here gives numbers with this letter",
            ));
        };
        let id = service.service.id.clone();
        let (known, day) = book.read(self.store(), now, |log, day| {
            let known = log
                .state()
                .tickets()
                .any(|t| t.day == day && t.issued_for == id && t.number == number);
            (known, day)
        })?;
        if known {
            return Ok(());
        }
        tracing::info!(%number, "a printed number not seen here is taken in");
        book.act_as(
            self.store(),
            now,
            TicketId::for_number(&id, day, number),
            TicketChange::Claimed(Claim {
                service: id,
                number,
                day,
            }),
            Some(clerk.to_owned()),
            |_| Ok(()),
        )?;
        Ok(())
    }
}

fn parse_number(typed: &str) -> Result<TicketNumber, ApiError> {
    typed
        .trim()
        .to_uppercase()
        .parse()
        .map_err(|_| bad("a ticket number is a letter and three digits, like A017"))
}

/// The ticket and change an action comes to, or why it cannot be taken.
fn plan(
    book: &QueueBook,
    log: &QueueLog,
    desk: &courtdesk_core::TerminalId,
    window: WindowId,
    day: ServiceDay,
    now: u64,
    action: DeskAction,
) -> Result<(TicketId, TicketChange), ApiError> {
    let state = log.state();
    let current = || {
        held(book, log, desk, day).ok_or_else(|| {
            ApiError::new(
                ErrorCode::IllegalAction,
                "this window holds no called ticket",
            )
        })
    };
    let chosen = |id: &TicketId| {
        call_chosen(state, id)
            .map(|pick| (pick.ticket.clone(), pick.change(window)))
            .map_err(|error| ApiError::new(ErrorCode::IllegalAction, error.to_string()))
    };
    let ticket_id = |text: &str| {
        text.parse::<TicketId>()
            .map_err(|_| bad("malformed ticket id"))
    };
    match action {
        DeskAction::CallNext => {
            let service_window = ServiceWindow {
                id: window,
                services: book.desk().services,
            };
            let history = state.call_history(day, window);
            let pick = next_call(state, &service_window, &history, day, now).ok_or_else(|| {
                ApiError::new(ErrorCode::NothingWaiting, "no ticket waits for this window")
            })?;
            Ok((pick.ticket.clone(), pick.change(window)))
        }
        DeskAction::Call { ticket_id: id } => chosen(&ticket_id(&id)?),
        DeskAction::CallNumber { number } => {
            let number = parse_number(&number)?;
            let ticket = state
                .tickets()
                .find(|t| t.day == day && t.number == number && t.status == TicketStatus::Waiting)
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::UnknownTicket,
                        "no waiting ticket has this number here",
                    )
                })?;
            chosen(&ticket.id.clone())
        }
        DeskAction::Recall => Ok((current()?, TicketChange::Recalled)),
        DeskAction::NoShow => Ok((current()?, TicketChange::NoShow)),
        DeskAction::Start => Ok((current()?, TicketChange::ServingStarted)),
        DeskAction::Finish { outcome } => {
            let outcome: OutcomeCode = outcome.parse().map_err(|_| bad("unknown outcome code"))?;
            Ok((current()?, TicketChange::Finished { outcome }))
        }
        DeskAction::Park => Ok((current()?, TicketChange::Parked)),
        DeskAction::Resume { ticket_id: id } => Ok((ticket_id(&id)?, TicketChange::Resumed)),
        DeskAction::Transfer { service, window } => {
            let service: QueueServiceId = service
                .parse()
                .ok()
                .filter(|id| book.hall.service(id).is_some())
                .ok_or_else(|| bad("no such service"))?;
            Ok((
                current()?,
                TicketChange::Transferred {
                    service,
                    window: window.map(WindowId),
                },
            ))
        }
    }
}
