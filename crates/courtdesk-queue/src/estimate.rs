//! The estimated wait printed on a ticket and shown in the hall, from how long
//! the service's recent tickets took at the window.

use serde::{Deserialize, Serialize};

use crate::{QueueServiceId, QueueState};

/// How many recent finished tickets the estimate looks at: enough to smooth
/// out one long case, few enough to follow the pace of the day.
pub const ESTIMATE_SAMPLES: usize = 20;

/// Where an estimate's time per ticket came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum EstimateBasis {
    /// The median of this many recent serving times.
    History { samples: u32 },
    /// The service's configured default, before any ticket was finished.
    Default,
}

/// An estimated wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitEstimate {
    pub wait_ms: u64,
    /// The typical serving time of one ticket at one window.
    pub per_ticket_ms: u64,
    pub basis: EstimateBasis,
}

impl WaitEstimate {
    /// The wait in whole minutes, rounded up so a litigant is not told "0
    /// minutes" while someone is still ahead.
    pub fn minutes(&self) -> u64 {
        self.wait_ms.div_ceil(60_000)
    }
}

/// The wait of someone with `people_ahead` tickets ahead of them in
/// `service`, while `open_windows` windows serve it: the median serving time
/// of the last [`ESTIMATE_SAMPLES`] finished tickets (or `default_ticket_ms`
/// without any), times the people ahead, shared among the open windows.
/// `None` when no window is open, since no wait can be promised then.
///
/// The median, not the mean, so that one two-hour case does not tell the
/// whole hall to come back tomorrow.
pub fn estimate_wait(
    state: &QueueState,
    service: &QueueServiceId,
    people_ahead: u32,
    open_windows: u32,
    default_ticket_ms: u64,
) -> Option<WaitEstimate> {
    if open_windows == 0 {
        return None;
    }
    let mut durations = state.service_durations(service, ESTIMATE_SAMPLES);
    let (per_ticket_ms, basis) = match median(&mut durations) {
        Some(median) => (
            median,
            EstimateBasis::History {
                samples: u32::try_from(durations.len()).unwrap_or(u32::MAX),
            },
        ),
        None => (default_ticket_ms, EstimateBasis::Default),
    };
    let total = u128::from(per_ticket_ms) * u128::from(people_ahead) / u128::from(open_windows);
    Some(WaitEstimate {
        wait_ms: u64::try_from(total).unwrap_or(u64::MAX),
        per_ticket_ms,
        basis,
    })
}

/// The median, the mean of the two middle values for an even count.
fn median(values: &mut [u64]) -> Option<u64> {
    values.sort_unstable();
    let mid = values.len() / 2;
    match values.len() {
        0 => None,
        n if n % 2 == 1 => values.get(mid).copied(),
        _ => {
            let (low, high) = (values.get(mid - 1)?, values.get(mid)?);
            Some(low / 2 + high / 2 + (low % 2 + high % 2) / 2)
        }
    }
}

#[cfg(test)]
mod tests;
