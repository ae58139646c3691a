//! E-delivery figures: deliveries published, read, acknowledged, refused and
//! expired to paper service, from the delivery's publication and its
//! countersigned evidence records (`made_available`, `opened`,
//! `acknowledged`, `refused`).

use std::collections::BTreeMap;

use courtdesk_protocol::delivery::ServiceMethod;
use serde::{Deserialize, Serialize};

use crate::durations::{Durations, ratio, seconds_between};
use crate::merge::{Merge, bump};
use crate::{DaySink, StatsRules};

/// A refusal of receipt, from a `refused` evidence record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalFacts {
    pub at_ms: u64,
    /// The refusal's code, e.g. `not_the_addressee`.
    pub code: String,
}

/// One delivery and the first evidence record of each kind. Evidence times
/// are the records' `terminal_time_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryFacts {
    pub delivery_id: String,
    pub method: ServiceMethod,
    pub published_ms: u64,
    /// The first `opened` record.
    pub opened_ms: Option<u64>,
    pub acknowledged_ms: Option<u64>,
    pub refused: Option<RefusalFacts>,
    /// When the server turned an electronic delivery whose deadline passed
    /// unacknowledged over to paper service.
    pub expired_ms: Option<u64>,
}

/// A day's e-delivery figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryDay {
    /// Electronic deliveries, on the day published.
    pub published: u64,
    /// Deliveries published for paper service from the start.
    pub published_paper: u64,
    /// Electronic deliveries first opened, on that day.
    pub read: u64,
    pub acknowledged: u64,
    pub refused: BTreeMap<String, u64>,
    pub expired_to_paper: u64,
    /// Publication to acknowledgement, on the day acknowledged.
    pub to_acknowledgement: Durations,
}

impl DeliveryDay {
    pub fn refused_total(&self) -> u64 {
        self.refused.values().sum()
    }

    /// Of the deliveries concluded in the days, the share acknowledged at a
    /// kiosk: acknowledged / (acknowledged + refused + expired to paper +
    /// published for paper). A delivery concludes when acknowledged,
    /// refused or expired, or at publication when it is for paper.
    pub fn acknowledged_share(&self) -> Option<f64> {
        let concluded =
            self.acknowledged + self.refused_total() + self.expired_to_paper + self.published_paper;
        ratio(self.acknowledged, concluded)
    }
}

impl Merge for DeliveryDay {
    fn merge_from(&mut self, other: &Self) {
        self.published.merge_from(&other.published);
        self.published_paper.merge_from(&other.published_paper);
        self.read.merge_from(&other.read);
        self.acknowledged.merge_from(&other.acknowledged);
        self.refused.merge_from(&other.refused);
        self.expired_to_paper.merge_from(&other.expired_to_paper);
        self.to_acknowledgement
            .merge_from(&other.to_acknowledgement);
    }
}

pub(crate) fn record(delivery: &DeliveryFacts, rules: &StatsRules, sink: &mut impl DaySink) {
    let mut at = |at_ms: u64, count: &dyn Fn(&mut DeliveryDay)| {
        if let Some(figures) = sink.at(rules.site.day(at_ms)) {
            count(&mut figures.delivery);
        }
    };
    if delivery.method == ServiceMethod::Paper {
        at(delivery.published_ms, &|d| d.published_paper += 1);
        return;
    }
    at(delivery.published_ms, &|d| d.published += 1);
    if let Some(opened_ms) = delivery.opened_ms {
        at(opened_ms, &|d| d.read += 1);
    }
    // A delivery ends once; should records disagree, acknowledgement wins
    // over refusal, and either over expiry, as the evidence chain does.
    if let Some(acknowledged_ms) = delivery.acknowledged_ms {
        let took = seconds_between(delivery.published_ms, acknowledged_ms);
        at(acknowledged_ms, &|d| {
            d.acknowledged += 1;
            d.to_acknowledgement.add(took);
        });
    } else if let Some(refused) = &delivery.refused {
        at(refused.at_ms, &|d| {
            bump(&mut d.refused, refused.code.clone())
        });
    } else if let Some(expired_ms) = delivery.expired_ms {
        at(expired_ms, &|d| d.expired_to_paper += 1);
    }
}

#[cfg(test)]
mod tests {
    use courtdesk_queue::{ServiceDay, SiteClock};

    use super::*;
    use crate::{DayAggregate, Fact};

    #[test]
    fn an_acknowledgement_wins_over_a_refusal_and_an_expiry() {
        // 2025-03-07 09:00 in Beijing.
        let nine = 1_741_309_200_000;
        let fact = Fact::from(DeliveryFacts {
            delivery_id: "d".into(),
            method: ServiceMethod::Electronic,
            published_ms: nine,
            opened_ms: Some(nine + 1_000),
            acknowledged_ms: Some(nine + 61_000),
            refused: Some(RefusalFacts {
                at_ms: nine + 2_000,
                code: "late".into(),
            }),
            expired_ms: Some(nine + 3_000),
        });
        let mut day = DayAggregate::new(ServiceDay::new(2025, 3, 7).expect("a day"));
        day.add(&StatsRules::new(SiteClock::CHINA), &fact);
        let delivery = &day.figures().delivery;
        assert_eq!(delivery.acknowledged, 1);
        assert_eq!(delivery.refused_total() + delivery.expired_to_paper, 0);
        assert_eq!(delivery.to_acknowledgement.median(), Some(61));
        assert_eq!(delivery.acknowledged_share(), Some(1.0));
    }
}
