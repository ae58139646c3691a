//! The hall's queue: ticket numbers leased in blocks, tickets and their state
//! machine, the event log every terminal merges identically, calling with
//! priority and fairness, appointments, estimated waits and dispenser rules.
//!
//! Architecture invariant: this crate performs no I/O and never reads the
//! clock or a random source. Times (epoch milliseconds, hybrid logical clock
//! stamps, local days) and ids are passed in, so every rule is deterministic
//! and every terminal reaches the same answer from the same events.
//!
//! # Policies
//!
//! **Service days and numbering.** A ticket belongs to the site's local
//! calendar day ([`ServiceDay`]), computed by [`SiteClock`] from a fixed UTC
//! offset that each site configures (UTC+8, [`SiteClock::CHINA`], for
//! Chinese courts, which keep it all year). Numbers restart at 1 at local
//! midnight and are unique per (service, day). A number prints as the
//! service's prefix letter and at least three digits: `A017`, `A1234`.
//! Each service of a site needs its own letter.
//!
//! **Leases.** The server's [`LeaseLedger`] is the only authority over
//! numbers: it grants a kiosk the next block `[start, end)` of a service's
//! numbers for a day, 50 numbers a block by default, never overlapping,
//! starting at 1. A kiosk's [`KioskNumbers`] issues only from its own blocks,
//! lowest number first, asks for another block when fewer than its low-water
//! mark (10 by default) are left, refuses with
//! [`KioskNumbersError::OutOfNumbers`] when none are, and forgets past days.
//! A number taken is never reused, even if its ticket is voided; unused
//! numbers of a block only leave gaps. After forgetting a day, a kiosk
//! refuses blocks for it, so a late redelivery cannot bring numbers back.
//! The kiosk persists its [`KioskNumbers`] in the same transaction as the
//! `Issued` event of each number it takes; the server persists its ledger
//! before answering a lease request.
//!
//! **Ticket states.** `Waiting → Called → Serving → Finished`; a call may be
//! announced again at most [`QueueRules::max_recalls`] times (2), after which
//! the desk can only serve the ticket or mark it a no-show (not park or
//! transfer it, which would keep a place for someone who did not come);
//! `Called → NoShow`;
//! `Waiting | Called → Parked → Waiting` keeps the ticket's place, since
//! places go by issue time; `Waiting → Voided` when printing fails, and a
//! voided ticket counts neither as issued nor as waiting. A transfer takes a
//! waiting, parked, called or being-served ticket to another service and/or
//! window, where it waits again — being served is included because that is
//! when a clerk finds the litigant is at the wrong window. Once a desk holds
//! a call (called or serving), only that desk can change the ticket.
//!
//! **Transfer ordering.** A transferred ticket keeps its original issue time
//! and competes in its new service as a walk-in of its priority class, so it
//! usually goes near the front: the litigant already waited once. Transferred
//! to a window, it is called only by that window's "call next" (any window
//! may still call it by hand).
//!
//! **Conflict rule.** Events are applied in one total order: hybrid logical
//! clock stamp, then origin terminal id, then event kind, then event id
//! ([`EventOrder`]). When two desks call the same ticket during a network
//! split, the call that sorts first wins; the other is refused and recorded
//! as a [`Conflict`] in the state, as is every refused event. The state
//! therefore depends only on the set of events: [`QueueState::from_events`]
//! sorts first, and [`QueueLog`] replays from the start when an event arrives
//! that sorts before one already applied (a hall's day is a few thousand
//! events, so a replay takes milliseconds). Events are idempotent by id. A
//! ticket's number must be free for its service and day, or the `Issued`
//! event is refused. The state is not stored: terminals store events and
//! rebuild it, and all of them must run with the same [`QueueRules`], since
//! the recall limit takes part in the build.
//!
//! **Printed numbers a desk has not seen.** A kiosk names each ticket by its
//! number ([`TicketId::for_number`]: service, day, number). A desk cut off
//! from the server can therefore serve a litigant whose ticket's issue has
//! not reached it: typing the printed number records a [`Claim`] of that
//! ticket (priority taken as normal, nobody ahead), then the call. When the
//! kiosk's issue arrives it completes the claimed ticket where it stands
//! (class, appointment, people ahead), whichever of the two sorts first; a
//! claim of a ticket already issued changes nothing
//! ([`Applied::Unchanged`]). A claim is refused if its number is held by a
//! ticket named otherwise.
//!
//! **Times.** An event happens at its stamp's wall time: a check-in is on
//! time if the `CheckedIn` event's wall time is in the window, and serving
//! times are measured between two stamps of the same desk, so skew between
//! terminals does not distort them. People ahead at issue are the tickets
//! waiting in the service (parked ones excluded).
//!
//! **Call next** ([`next_call`]). Among the tickets waiting for a window:
//! checked-in appointments on time first, by slot; then priority classes
//! (elderly, disabled, pregnant) ahead of normal tickets, but never more than
//! [`QueueRules::priority_streak_limit`] (2) priority calls in a row at a
//! window while a normal ticket waits; a normal ticket that has waited longer
//! than [`QueueRules::aged_after_minutes`] (30) competes as a priority one;
//! ties go by issue order. Appointments and hand-picked calls
//! ([`call_chosen`]) neither extend nor break a streak.
//!
//! **Appointments** ([`AppointmentWindow`]). Checking in from 30 minutes
//! before the slot to 10 minutes after it puts the ticket ahead of the
//! service's walk-ins. Checking in earlier, the ticket waits as a walk-in
//! issued when the window opens (slot − 30 min), and is on time from then
//! on. Checking in later, it is a walk-in issued at check-in. An appointment
//! ticket not checked in is not called by "call next".
//!
//! **Estimated wait** ([`estimate_wait`]). The median serving time of the
//! service's last 20 finished tickets (a configured default before there is
//! any), times the people ahead, divided among the windows open for it.
//!
//! **Dispenser** ([`dispense_check`]). In this order: a staff lock; opening
//! hours per weekday (several spans a day) and closed days; a daily quota of
//! tickets not voided. When closed, the kiosk is told the next opening.

#![forbid(unsafe_code)]

mod appointment;
mod call;
mod clock;
mod day;
mod dispenser;
mod estimate;
mod event;
mod ids;
mod lease;
mod log;
mod number;
mod place;
mod rules;
mod state;
mod ticket;
mod waiting;

pub use appointment::{Appointment, AppointmentWindow, Arrival, Standing};
pub use call::{CallError, CallHistory, CallLane, CallPick, ServiceWindow, call_chosen, next_call};
pub use clock::{InvalidLocalTime, LocalMoment, LocalTime, SiteClock};
pub use day::{InvalidServiceDay, ServiceDay, Weekday};
pub use dispenser::{Dispense, DispenserRules, OpenSpan, OpeningHours, dispense_check};
pub use estimate::{ESTIMATE_SAMPLES, EstimateBasis, WaitEstimate, estimate_wait};
pub use event::{ChangeKind, Claim, EventOrder, Issue, QueueEvent, TicketChange};
pub use ids::{EventId, InvalidName, OutcomeCode, QueueServiceId, TicketId, WindowId};
pub use lease::{Accepted, KioskNumbers, KioskNumbersError, LeaseError, LeaseLedger, NumberBlock};
pub use log::{MergeError, MergeReport, Merged, QueueLog};
pub use number::{InvalidTicketNumber, QueueService, TicketNumber, TicketPrefix};
pub use rules::QueueRules;
pub use state::{Applied, Conflict, QueueState, Refusal};
pub use ticket::{
    Call, PriorityClass, StatusKind, Ticket, TicketStatus, TransferOrigin, TransitionError,
};
pub use waiting::{WaitingEntry, WaitingStatus, waiting_list};

#[cfg(test)]
mod fixtures;
