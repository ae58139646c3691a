//! From the server's own delivery tables to [`DeliveryFacts`]: the
//! publication, and the first countersigned evidence record of each kind at
//! the terminal's time.

use courtdesk_evidence::EventKind;
use courtdesk_protocol::delivery::{DeliveryState, ServiceMethod};
use courtdesk_stats::{DeliveryFacts, Fact, RefusalFacts, Scope};

use crate::store::{CentralStore, DeliveryFilter, StoreError};

/// The facts of every delivery of the scope. An electronic delivery neither
/// acknowledged nor refused whose deadline passed by `now_ms` (or that was
/// since served on paper) expired at its deadline.
pub(super) fn delivery_facts(
    store: &dyn CentralStore,
    scope: &Scope,
    now_ms: u64,
) -> Result<Vec<Fact>, StoreError> {
    let filter = DeliveryFilter {
        court_id: scope.court.clone(),
        site_id: scope.site.clone().unwrap_or_default(),
        case_number: String::new(),
        party_lookup: String::new(),
    };
    let mut facts = Vec::new();
    // One read of the evidence per delivery: fine for a day's or a month's
    // deliveries, and among the reads the stored day aggregates will remove.
    for delivery in store.deliveries(&filter)? {
        let mut fact = DeliveryFacts {
            delivery_id: delivery.id.clone(),
            method: delivery.method,
            published_ms: delivery.published_ms,
            opened_ms: None,
            acknowledged_ms: None,
            refused: None,
            expired_ms: None,
        };
        for evidence in store.evidence(&delivery.id)? {
            let record = evidence.record.signed().record();
            let at_ms = record.terminal_time_ms;
            let first = |kept: Option<u64>| Some(kept.map_or(at_ms, |k| k.min(at_ms)));
            match record.event {
                EventKind::Opened => fact.opened_ms = first(fact.opened_ms),
                EventKind::Acknowledged => fact.acknowledged_ms = first(fact.acknowledged_ms),
                EventKind::Refused => {
                    let earlier = fact.refused.as_ref().is_some_and(|r| r.at_ms <= at_ms);
                    if let (false, Some(refusal)) = (earlier, &record.refusal) {
                        fact.refused = Some(RefusalFacts {
                            at_ms,
                            code: refusal.code.clone(),
                        });
                    }
                }
                EventKind::MadeAvailable | EventKind::Printed => {}
            }
        }
        let lapsed = matches!(
            delivery.state_at(now_ms),
            DeliveryState::Expired | DeliveryState::Paper
        );
        if delivery.method == ServiceMethod::Electronic
            && lapsed
            && fact.acknowledged_ms.is_none()
            && fact.refused.is_none()
        {
            fact.expired_ms = Some(delivery.deadline_ms);
        }
        facts.push(Fact::from(fact));
    }
    Ok(facts)
}
