//! The hall's queue: ticket numbers and the blocks of them leased to kiosks.
//!
//! Architecture invariant: this crate performs no I/O and never reads the
//! clock or a random source. Times and ids are passed in.
//!
//! **Service days and numbering.** A ticket belongs to the site's local
//! calendar day ([`ServiceDay`]), computed by [`SiteClock`] from a fixed UTC
//! offset that each site configures (UTC+8, [`SiteClock::CHINA`], for
//! Chinese courts). Numbers restart at 1 at local midnight and are unique per
//! (service, day). A number prints as the service's prefix letter and at
//! least three digits: `A017`, `A1234`.
//!
//! **Leases.** The server's [`LeaseLedger`] grants a kiosk the next block
//! `[start, end)` of a service's numbers for a day, never overlapping,
//! starting at 1. A kiosk's [`KioskNumbers`] issues only from its own blocks,
//! lowest number first, and asks for another block below a low-water mark.

#![forbid(unsafe_code)]

mod clock;
mod day;
mod ids;
mod lease;
mod number;

pub use clock::{InvalidLocalTime, LocalMoment, LocalTime, SiteClock};
pub use day::{InvalidServiceDay, ServiceDay, Weekday};
pub use ids::{EventId, InvalidName, OutcomeCode, QueueServiceId, TicketId, WindowId};
pub use lease::{Accepted, KioskNumbers, KioskNumbersError, LeaseError, LeaseLedger, NumberBlock};
pub use number::{InvalidTicketNumber, QueueService, TicketNumber, TicketPrefix};
