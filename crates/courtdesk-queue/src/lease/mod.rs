//! Blocks of ticket numbers leased by the server to kiosks, so that a kiosk
//! cut off from the server can keep issuing numbers nobody else will issue.
//!
//! The server's [`LeaseLedger`] is the only authority over numbers: for each
//! (service, day) it hands out consecutive blocks `[start, end)` starting at 1
//! and never hands out a number twice. A kiosk's [`KioskNumbers`] only issues
//! numbers from blocks granted to it, lowest first, and asks for a new block
//! while it still has a few numbers left.

mod kiosk;
mod ledger;

use courtdesk_core::TerminalId;
use serde::{Deserialize, Serialize};

use crate::{QueueServiceId, ServiceDay};

pub use kiosk::{Accepted, KioskNumbers, KioskNumbersError};
pub use ledger::{LeaseError, LeaseLedger};

/// Numbers `[start, end)` of one service on one day, granted to one kiosk.
/// This is what the server sends a kiosk in answer to a lease request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberBlock {
    pub service: QueueServiceId,
    pub day: ServiceDay,
    pub kiosk: TerminalId,
    pub start: u32,
    pub end: u32,
}

impl NumberBlock {
    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, number: u32) -> bool {
        (self.start..self.end).contains(&number)
    }
}
