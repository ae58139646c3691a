//! The domain of the litigation service center: which terminal is which, which
//! languages it speaks and which services the hall offers.
//!
//! Architecture invariant: this crate performs no I/O and never reads the clock
//! or a random source. Time and identifiers are passed in by the caller, so every
//! rule here is deterministic and testable in isolation.

mod locale;
mod mode;
mod service;
mod terminal_id;

pub use locale::{Locale, UnknownLocale};
pub use mode::{Mode, UnknownMode};
pub use service::{Availability, Service, ServiceTile, kiosk_services};
pub use terminal_id::{InvalidTerminalId, TerminalId};
