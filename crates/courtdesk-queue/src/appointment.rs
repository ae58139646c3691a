//! Appointments: when a booked litigant who checks in goes ahead of the
//! walk-ins of the service, and when they simply join them.

use serde::{Deserialize, Serialize};

const MS_PER_MINUTE: u64 = 60_000;

/// A booked slot, carried by the ticket of a litigant who made an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    /// The start of the booked slot, in epoch milliseconds.
    pub slot_ms: u64,
}

/// The check-in window around a slot: checking in from `early_minutes` before
/// the slot to `late_minutes` after it is on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentWindow {
    pub early_minutes: u32,
    pub late_minutes: u32,
}

impl Default for AppointmentWindow {
    fn default() -> Self {
        AppointmentWindow {
            early_minutes: 30,
            late_minutes: 10,
        }
    }
}

/// How a check-in relates to the slot's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    Early,
    OnTime,
    Late,
}

/// Where a checked-in appointment stands in its service's queue at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Ahead of every walk-in; appointments among themselves go by slot.
    Appointment { slot_ms: u64 },
    /// Among the walk-ins, ordered as if issued at `queued_ms`.
    WalkIn { queued_ms: u64 },
}

impl AppointmentWindow {
    /// When on-time check-in opens for `slot_ms`.
    pub fn opens_ms(self, slot_ms: u64) -> u64 {
        slot_ms.saturating_sub(u64::from(self.early_minutes) * MS_PER_MINUTE)
    }

    /// When on-time check-in closes for `slot_ms` (inclusive).
    pub fn closes_ms(self, slot_ms: u64) -> u64 {
        slot_ms.saturating_add(u64::from(self.late_minutes) * MS_PER_MINUTE)
    }

    /// Whether a check-in at `checked_in_ms` is early, on time or late.
    pub fn arrival(self, slot_ms: u64, checked_in_ms: u64) -> Arrival {
        if checked_in_ms < self.opens_ms(slot_ms) {
            Arrival::Early
        } else if checked_in_ms <= self.closes_ms(slot_ms) {
            Arrival::OnTime
        } else {
            Arrival::Late
        }
    }

    /// Where a ticket issued at `issued_ms` for `appointment`, checked in at
    /// `checked_in_ms`, stands at `now_ms`:
    ///
    /// - on time: ahead of the walk-ins;
    /// - early: a walk-in queued as if issued when the window opens, until the
    ///   window opens; from then on it is on time, since the litigant is
    ///   present for their slot. Coming early thus never jumps the queue, but
    ///   an early arrival can be called early when the hall is quiet;
    /// - late: a walk-in queued from the check-in (or the issue, if later), so
    ///   a ticket booked the day before does not carry its old issue time
    ///   into the walk-in queue.
    pub fn standing(
        self,
        appointment: Appointment,
        issued_ms: u64,
        checked_in_ms: u64,
        now_ms: u64,
    ) -> Standing {
        let slot_ms = appointment.slot_ms;
        match self.arrival(slot_ms, checked_in_ms) {
            Arrival::OnTime => Standing::Appointment { slot_ms },
            Arrival::Early if now_ms >= self.opens_ms(slot_ms) => Standing::Appointment { slot_ms },
            Arrival::Early => Standing::WalkIn {
                queued_ms: self.opens_ms(slot_ms),
            },
            Arrival::Late => Standing::WalkIn {
                queued_ms: checked_in_ms.max(issued_ms),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = MS_PER_MINUTE;
    const SLOT: u64 = 1_000 * MIN;

    fn window() -> AppointmentWindow {
        AppointmentWindow::default()
    }

    #[test]
    fn the_window_runs_from_thirty_minutes_before_to_ten_after_both_ends_included() {
        assert_eq!(window().arrival(SLOT, SLOT - 30 * MIN - 1), Arrival::Early);
        assert_eq!(window().arrival(SLOT, SLOT - 30 * MIN), Arrival::OnTime);
        assert_eq!(window().arrival(SLOT, SLOT), Arrival::OnTime);
        assert_eq!(window().arrival(SLOT, SLOT + 10 * MIN), Arrival::OnTime);
        assert_eq!(window().arrival(SLOT, SLOT + 10 * MIN + 1), Arrival::Late);
    }

    #[test]
    fn an_on_time_check_in_goes_ahead_of_walk_ins_for_good() {
        let standing = window().standing(
            Appointment { slot_ms: SLOT },
            0,
            SLOT - 5 * MIN,
            SLOT + 90 * MIN,
        );
        assert_eq!(
            standing,
            Standing::Appointment { slot_ms: SLOT },
            "a slow hall does not cost the appointment its place"
        );
    }

    #[test]
    fn an_early_check_in_waits_as_if_issued_when_the_window_opens_then_goes_ahead() {
        let appointment = Appointment { slot_ms: SLOT };
        let checked_in = SLOT - 60 * MIN;
        assert_eq!(
            window().standing(appointment, checked_in, checked_in, SLOT - 45 * MIN),
            Standing::WalkIn {
                queued_ms: SLOT - 30 * MIN
            }
        );
        assert_eq!(
            window().standing(appointment, checked_in, checked_in, SLOT - 30 * MIN),
            Standing::Appointment { slot_ms: SLOT }
        );
    }

    #[test]
    fn a_late_check_in_is_a_walk_in_from_the_moment_it_checks_in() {
        let booked_yesterday = 0;
        let checked_in = SLOT + 20 * MIN;
        assert_eq!(
            window().standing(
                Appointment { slot_ms: SLOT },
                booked_yesterday,
                checked_in,
                checked_in
            ),
            Standing::WalkIn {
                queued_ms: checked_in
            }
        );
    }
}
