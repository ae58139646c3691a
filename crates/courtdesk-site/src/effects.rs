//! When a change of configuration takes effect, turned into the queue
//! crate's own types.
//!
//! - **Letters change the next service day.** Numbers are unique per service
//!   and day, and a ticket's number carries its letter; if a letter changed
//!   mid-day, `A017` would be followed by `E018` and a hall already calling
//!   `A` numbers would see two series for one service. So the letter a
//!   service prints on a day is the one it had in the version in force when
//!   the day began ([`effective_letter`]); a service added during the day
//!   prints the letter it was added with. A letter freed by a change stays
//!   taken until the day ends ([`crate::ValidationContext::letters_today`]).
//! - **Hours, holidays and quotas apply at once** to the next ticket. They
//!   decide only whether a ticket may be dispensed, never its number, so
//!   tickets already issued keep their numbers and places.
//! - **Pause, lock and retirement apply at once**: the current version's
//!   state is what [`ServiceConfig::dispenser_rules`] reads.

use std::collections::BTreeMap;

use courtdesk_queue::{
    DispenserRules, OpeningHours, QueueServiceId, ServiceDay, ServiceWindow, TicketPrefix, Weekday,
};

use crate::{ServiceConfig, ServiceState, SiteConfig, SiteConfigVersion};

/// How far the dispenser looks for the next opening (the queue crate's 60
/// days, rounded up to whole weeks).
const LOOKAHEAD_WEEKS: usize = 9;

impl ServiceConfig {
    /// The queue's dispensing rules for this service on `day`.
    ///
    /// On an extra working day whose weekday has no hours of its own, the
    /// service keeps a Monday's hours. The queue's rules know hours only per
    /// weekday, so that weekday's hours are set for the day and the same
    /// weekday of the following weeks is closed, unless it is an extra working
    /// day too; other extra working days ahead are not seen, so a "reopens"
    /// promise may name a later day than the real one, never an earlier one.
    pub fn dispenser_rules(&self, day: ServiceDay) -> DispenserRules {
        let mut hours = self.hours.clone();
        let mut closed_days = self.holidays.clone();
        let weekday = day.weekday();
        let own_hours = hours
            .weekly
            .get(&weekday)
            .is_some_and(|spans| !spans.is_empty());
        if self.extra_working_days.contains(&day) && !own_hours {
            let monday = self
                .hours
                .weekly
                .get(&Weekday::Monday)
                .cloned()
                .unwrap_or_default();
            hours.weekly.insert(weekday, monday);
            let mut later = day;
            for _ in 0..LOOKAHEAD_WEEKS {
                for _ in 0..7 {
                    later = later.next();
                }
                if !self.extra_working_days.contains(&later) {
                    closed_days.insert(later);
                }
            }
        }
        DispenserRules {
            hours: OpeningHours {
                weekly: hours.weekly,
            },
            closed_days,
            daily_quota: self.daily_quota,
            locked: self.state.stops_dispensing(),
        }
    }
}

impl SiteConfig {
    /// The windows the queue calls for, retired ones left out, each with the
    /// services it may call that are not retired, in the order they are
    /// listed.
    pub fn service_windows(&self) -> Vec<ServiceWindow> {
        self.windows
            .iter()
            .filter(|window| !window.retired)
            .map(|window| ServiceWindow {
                id: window.number,
                services: self
                    .services
                    .iter()
                    .filter(|s| s.state != ServiceState::Retired && window.services.contains(&s.id))
                    .map(|s| s.id.clone())
                    .collect(),
            })
            .collect()
    }
}

/// The service day a version was made on, by its own site clock.
fn made_on(version: &SiteConfigVersion) -> ServiceDay {
    version.config.clock().day(version.made_at_ms)
}

/// The letter tickets of `service` carry on `day`, from the site's versions
/// oldest first: its letter in the last version made before `day`, or, for a
/// service added on `day`, the letter of the first version of that day that
/// has it (or brings it back from retirement). `None` when the service
/// prints no tickets that day (unknown, or retired all day).
pub fn effective_letter(
    history: &[SiteConfigVersion],
    service: &QueueServiceId,
    day: ServiceDay,
) -> Option<TicketPrefix> {
    let in_force = history.iter().rev().find(|version| made_on(version) < day);
    let live = |config: &SiteConfig| {
        config
            .service(service)
            .filter(|found| found.state != ServiceState::Retired)
            .map(|found| found.letter)
    };
    if let Some(letter) = in_force.and_then(|version| live(&version.config)) {
        return Some(letter);
    }
    history
        .iter()
        .filter(|version| made_on(version) == day)
        .find_map(|version| live(&version.config))
}

/// Every letter printed on `day` and the service printing it, for
/// [`crate::ValidationContext::letters_today`].
pub fn effective_letters(
    history: &[SiteConfigVersion],
    day: ServiceDay,
) -> BTreeMap<TicketPrefix, QueueServiceId> {
    let mut ids: Vec<&QueueServiceId> = history
        .iter()
        .flat_map(|version| version.config.services.iter().map(|s| &s.id))
        .collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| effective_letter(history, id, day).map(|letter| (letter, id.clone())))
        .collect()
}
