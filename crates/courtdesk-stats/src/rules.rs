//! What the figures depend on besides the facts: the site's clock and the
//! legal periods. Both are configuration the caller passes in.

use courtdesk_queue::SiteClock;
use serde::{Deserialize, Serialize};

/// The settings facts are counted under. Aggregates built under different
/// rules must not be merged: the caller keeps one set per site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsRules {
    /// The site's UTC offset: it decides the local day and hour of every
    /// fact.
    pub site: SiteClock,
    /// The legal period for registering a filing that could not be
    /// registered on the spot, in site-local days (7 by the registration
    /// rules).
    pub registration_period_days: u16,
}

impl StatsRules {
    /// The rules of a site with `site`'s clock and the legal defaults.
    pub fn new(site: SiteClock) -> StatsRules {
        StatsRules {
            site,
            registration_period_days: 7,
        }
    }
}
