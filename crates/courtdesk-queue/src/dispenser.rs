//! Whether a kiosk may dispense a ticket of a service now and, if not, when
//! the litigant should come back.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{LocalMoment, LocalTime, ServiceDay, SiteClock, Weekday};

/// How far ahead the next opening is looked for: long enough to cross the
/// Spring Festival and National Day holidays.
const LOOKAHEAD_DAYS: usize = 60;

/// Opening hours `[from, to)` in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSpan {
    pub from: LocalTime,
    pub to: LocalTime,
}

/// The hours a service dispenses tickets, per weekday; several spans a day
/// allow for the lunch break most courts keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub weekly: BTreeMap<Weekday, Vec<OpenSpan>>,
}

impl OpeningHours {
    /// The same spans Monday to Friday, closed at weekends.
    pub fn weekdays(spans: &[OpenSpan]) -> Self {
        let weekly = Weekday::ALL[..5]
            .iter()
            .map(|day| (*day, spans.to_vec()))
            .collect();
        OpeningHours { weekly }
    }

    fn spans(&self, day: ServiceDay) -> &[OpenSpan] {
        self.weekly.get(&day.weekday()).map_or(&[], Vec::as_slice)
    }
}

/// A service's dispensing rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispenserRules {
    pub hours: OpeningHours,
    /// Days the court is closed whatever the weekday (public holidays).
    pub closed_days: BTreeSet<ServiceDay>,
    /// At most this many tickets a day (voided ones do not count).
    pub daily_quota: Option<u32>,
    /// Set by staff to stop a service dispensing at once.
    pub locked: bool,
}

/// Whether a ticket can be dispensed, and when to come back if not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "dispense", rename_all = "snake_case")]
pub enum Dispense {
    Open,
    /// Outside opening hours; `None` when no opening is scheduled.
    Closed {
        reopens: Option<LocalMoment>,
    },
    /// Today's quota is used up; the next opening is on a later day.
    QuotaReached {
        next_open: Option<LocalMoment>,
    },
    /// Stopped by staff; no reopening can be promised.
    Locked,
}

/// Checks, in this order, the lock, the opening hours and the quota, at
/// `now_ms` with `issued_today` tickets of the service issued today (see
/// [`QueueState::issued_count`](crate::QueueState::issued_count)). A kiosk
/// offline can only count the tickets it knows of, so the quota may be
/// overrun by what other offline kiosks issue meanwhile.
pub fn dispense_check(
    rules: &DispenserRules,
    clock: SiteClock,
    now_ms: u64,
    issued_today: u32,
) -> Dispense {
    if rules.locked {
        return Dispense::Locked;
    }
    let now = clock.local(now_ms);
    let open_now = !rules.closed_days.contains(&now.day)
        && rules
            .hours
            .spans(now.day)
            .iter()
            .any(|span| span.from <= now.time && now.time < span.to);
    if !open_now {
        return Dispense::Closed {
            reopens: next_opening(rules, now),
        };
    }
    if rules.daily_quota.is_some_and(|quota| issued_today >= quota) {
        let tomorrow = LocalMoment {
            day: now.day.next(),
            time: LocalTime::MIDNIGHT,
        };
        return Dispense::QuotaReached {
            next_open: next_opening(rules, tomorrow),
        };
    }
    Dispense::Open
}

/// The first opening at or after `after`, skipping closed days.
fn next_opening(rules: &DispenserRules, after: LocalMoment) -> Option<LocalMoment> {
    let mut day = after.day;
    for _ in 0..=LOOKAHEAD_DAYS {
        if !rules.closed_days.contains(&day) {
            let opening = rules
                .hours
                .spans(day)
                .iter()
                .filter(|span| span.from < span.to)
                .map(|span| span.from)
                .filter(|from| day > after.day || *from >= after.time)
                .min();
            if let Some(time) = opening {
                return Some(LocalMoment { day, time });
            }
        }
        day = day.next();
    }
    None
}

#[cfg(test)]
mod tests;
