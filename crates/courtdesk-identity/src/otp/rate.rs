//! Rolling-window send logs that decide when another code may be issued.

use serde::{Deserialize, Serialize};

/// When codes were issued for one phone or one terminal, oldest first, kept
/// only while they still count against a window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SendLog(Vec<u64>);

impl SendLog {
    /// Forgets sends that no longer count: a send at `t` counts while `now < t + window`.
    pub(crate) fn forget_before(&mut self, now_ms: u64, window_ms: u64) {
        self.0.retain(|&t| t.saturating_add(window_ms) > now_ms);
    }

    pub(crate) fn record(&mut self, now_ms: u64) {
        self.0.push(now_ms);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How long until another send is allowed under "at most `max` per
    /// `window_ms`", or 0 if it is allowed now. Expects `forget_before` first.
    pub(crate) fn wait_for_window(&self, now_ms: u64, max: u32, window_ms: u64) -> u64 {
        let max = max as usize;
        if max == 0 {
            // A limit of zero allows nothing; a full window is the honest
            // answer to "when may I try again".
            return window_ms;
        }
        match self.0.len().checked_sub(max) {
            // The send whose expiry brings the count below `max`.
            Some(index) => self.0[index]
                .saturating_add(window_ms)
                .saturating_sub(now_ms),
            None => 0,
        }
    }

    /// How long until `min_interval_ms` has passed since the last send.
    pub(crate) fn wait_for_interval(&self, now_ms: u64, min_interval_ms: u64) -> u64 {
        self.0.last().map_or(0, |&last| {
            last.saturating_add(min_interval_ms).saturating_sub(now_ms)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: u64 = 3_600_000;

    fn log(times: &[u64]) -> SendLog {
        SendLog(times.to_vec())
    }

    #[test]
    fn the_window_frees_a_slot_when_its_oldest_counted_send_ages_out() {
        let sends = log(&[0, 100, 200]);
        assert_eq!(sends.wait_for_window(300, 4, HOUR), 0, "three of four used");
        assert_eq!(sends.wait_for_window(300, 3, HOUR), HOUR - 300);
        assert_eq!(sends.wait_for_window(300, 2, HOUR), HOUR + 100 - 300);
    }

    #[test]
    fn forgetting_drops_exactly_the_sends_out_of_the_window() {
        let mut sends = log(&[0, 10, 20]);
        sends.forget_before(HOUR + 10, HOUR);
        assert_eq!(
            sends,
            log(&[20]),
            "a send at 10 stops counting at 10 + window"
        );
    }

    #[test]
    fn the_interval_counts_from_the_last_send() {
        let sends = log(&[0, 5_000]);
        assert_eq!(sends.wait_for_interval(20_000, 60_000), 45_000);
        assert_eq!(sends.wait_for_interval(65_000, 60_000), 0);
        assert_eq!(SendLog::default().wait_for_interval(0, 60_000), 0);
    }

    #[test]
    fn a_zero_limit_never_allows_a_send() {
        assert_eq!(SendLog::default().wait_for_window(0, 0, HOUR), HOUR);
    }
}
