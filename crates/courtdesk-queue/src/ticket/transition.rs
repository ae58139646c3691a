//! The ticket state machine: which change is legal in which state, and what
//! it leads to. An illegal change is refused with a reason and changes nothing.

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::Hlc;
use serde::{Deserialize, Serialize};

use super::{Call, StatusKind, Ticket, TicketStatus, TransferOrigin};
use crate::{ChangeKind, QueueRules, TicketChange, WindowId};

/// Why a ticket refused a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum TransitionError {
    #[error("a ticket that is {from} cannot be {change}")]
    Illegal {
        from: StatusKind,
        change: ChangeKind,
    },
    /// The losing side of two desks calling the same ticket.
    #[error("the ticket is already called to window {window} by terminal {desk}")]
    CalledElsewhere { window: WindowId, desk: TerminalId },
    #[error(
        "the call was already announced again {limit} times; the ticket can only be served or marked a no-show"
    )]
    RecallLimit { limit: u8 },
    #[error(
        "the ticket is held by terminal {desk} at window {window}; only that desk can change it"
    )]
    HeldByAnotherDesk { window: WindowId, desk: TerminalId },
    #[error("the ticket has no appointment to check in for")]
    NoAppointment,
    #[error("the ticket is already checked in")]
    AlreadyCheckedIn,
    #[error("a transfer must change the service or the window")]
    TransferGoesNowhere,
    #[error("the ticket is already issued")]
    AlreadyIssued,
}

impl Ticket {
    /// The ticket after `change`, recorded by `origin` at `at`, or the reason
    /// it is refused. `self` is never modified.
    ///
    /// Once a desk holds a call (the ticket is called or being served), only
    /// that desk may change the ticket: a desk that lost a call race during a
    /// network split cannot then serve, park or transfer the ticket either.
    pub fn after(
        &self,
        change: &TicketChange,
        origin: &TerminalId,
        at: Hlc,
        rules: &QueueRules,
    ) -> Result<Ticket, TransitionError> {
        let illegal = || TransitionError::Illegal {
            from: self.status.kind(),
            change: change.kind(),
        };
        if let Some(call) = self.status.held_call() {
            if &call.desk != origin {
                return Err(match change {
                    TicketChange::Called { .. } => TransitionError::CalledElsewhere {
                        window: call.window,
                        desk: call.desk.clone(),
                    },
                    _ => TransitionError::HeldByAnotherDesk {
                        window: call.window,
                        desk: call.desk.clone(),
                    },
                });
            }
        }
        // A call announced the maximum number of times ends in serving or a
        // no-show: parking or transferring it then would let a litigant who
        // did not come keep a place others waited for.
        if let TicketStatus::Called(call) = &self.status {
            let ends_the_call = matches!(
                change,
                TicketChange::ServingStarted | TicketChange::NoShow | TicketChange::Called { .. }
            );
            if call.recalls >= rules.max_recalls && !ends_the_call {
                return Err(TransitionError::RecallLimit {
                    limit: rules.max_recalls,
                });
            }
        }
        let mut next = self.clone();
        next.status = match (&self.status, change) {
            (_, TicketChange::Issued(_) | TicketChange::Claimed(_)) => {
                return Err(TransitionError::AlreadyIssued);
            }
            (TicketStatus::Waiting, TicketChange::CheckedIn) => {
                if self.appointment.is_none() {
                    return Err(TransitionError::NoAppointment);
                }
                if self.checked_in_ms.is_some() {
                    return Err(TransitionError::AlreadyCheckedIn);
                }
                next.checked_in_ms = Some(at.wall_ms);
                TicketStatus::Waiting
            }
            (TicketStatus::Waiting, TicketChange::Called { window, lane }) => {
                next.window = None;
                TicketStatus::Called(Call {
                    window: *window,
                    desk: origin.clone(),
                    at,
                    recalls: 0,
                    lane: *lane,
                })
            }
            (TicketStatus::Called(call), TicketChange::Recalled) => {
                let mut call = call.clone();
                call.recalls += 1;
                TicketStatus::Called(call)
            }
            (TicketStatus::Called(call), TicketChange::NoShow) => TicketStatus::NoShow {
                call: call.clone(),
                at,
            },
            (TicketStatus::Called(call), TicketChange::ServingStarted) => TicketStatus::Serving {
                call: call.clone(),
                started: at,
            },
            (TicketStatus::Serving { call, started }, TicketChange::Finished { outcome }) => {
                TicketStatus::Finished {
                    call: call.clone(),
                    started: *started,
                    finished: at,
                    outcome: outcome.clone(),
                }
            }
            (TicketStatus::Waiting | TicketStatus::Called(_), TicketChange::Parked) => {
                TicketStatus::Parked { since: at }
            }
            (TicketStatus::Parked { .. }, TicketChange::Resumed) => TicketStatus::Waiting,
            (
                TicketStatus::Waiting
                | TicketStatus::Parked { .. }
                | TicketStatus::Called(_)
                | TicketStatus::Serving { .. },
                TicketChange::Transferred { service, window },
            ) => {
                let held_window = self.status.held_call().map(|call| call.window);
                if service == &self.service && window == &self.window && held_window.is_none() {
                    return Err(TransitionError::TransferGoesNowhere);
                }
                next.transferred_from = Some(TransferOrigin {
                    service: self.service.clone(),
                    window: held_window.or(self.window),
                });
                next.service = service.clone();
                next.window = *window;
                TicketStatus::Waiting
            }
            (TicketStatus::Waiting, TicketChange::Voided) => TicketStatus::Voided { at },
            _ => return Err(illegal()),
        };
        Ok(next)
    }
}
