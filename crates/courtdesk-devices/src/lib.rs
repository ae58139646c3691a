//! The hall's attached hardware.

pub mod pdf;
pub mod printer;
mod process;
pub mod speech;
pub mod ticket;

pub use ticket::{TicketSlip, render_ticket_pdf};
