//! The server's ledger of leased number blocks: the single authority that
//! makes offline numbering collision-free.

use std::collections::BTreeMap;
use std::num::NonZeroU32;

use courtdesk_core::TerminalId;
use serde::{Deserialize, Serialize};

use super::NumberBlock;
use crate::{QueueServiceId, ServiceDay};

/// Every block granted so far, per day and service. The server must persist
/// the ledger before it answers a lease request: a ledger that forgot a grant
/// after a crash would grant the same numbers again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseLedger {
    block_size: NonZeroU32,
    days: BTreeMap<ServiceDay, BTreeMap<QueueServiceId, Granted>>,
}

/// The grants of one service on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Granted {
    /// The first number no block has covered yet.
    next: u32,
    blocks: Vec<(TerminalId, u32, u32)>,
}

/// A lease the ledger cannot grant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeaseError {
    #[error("every number of {service} on {day} has been leased")]
    Exhausted {
        service: QueueServiceId,
        day: ServiceDay,
    },
}

impl LeaseLedger {
    /// A ledger that grants blocks of `block_size` numbers. 50 suits a hall
    /// kiosk: a morning rush rarely issues more than that offline, and an
    /// unused block only leaves a gap in the numbering.
    pub fn new(block_size: NonZeroU32) -> Self {
        LeaseLedger {
            block_size,
            days: BTreeMap::new(),
        }
    }

    pub fn block_size(&self) -> NonZeroU32 {
        self.block_size
    }

    /// Grants `kiosk` the next unleased block of `service` on `day`. Each call
    /// grants a new block, so a request retried after a lost answer costs a
    /// block of numbers but never duplicates one.
    pub fn grant(
        &mut self,
        service: &QueueServiceId,
        day: ServiceDay,
        kiosk: &TerminalId,
    ) -> Result<NumberBlock, LeaseError> {
        let granted = self
            .days
            .entry(day)
            .or_default()
            .entry(service.clone())
            .or_insert(Granted {
                next: 1,
                blocks: Vec::new(),
            });
        let start = granted.next;
        let end = start.saturating_add(self.block_size.get());
        if end == start {
            return Err(LeaseError::Exhausted {
                service: service.clone(),
                day,
            });
        }
        granted.next = end;
        granted.blocks.push((kiosk.clone(), start, end));
        Ok(NumberBlock {
            service: service.clone(),
            day,
            kiosk: kiosk.clone(),
            start,
            end,
        })
    }

    /// The blocks granted for `service` on `day`, oldest first.
    pub fn grants(&self, service: &QueueServiceId, day: ServiceDay) -> Vec<NumberBlock> {
        let Some(granted) = self.days.get(&day).and_then(|s| s.get(service)) else {
            return Vec::new();
        };
        granted
            .blocks
            .iter()
            .map(|(kiosk, start, end)| NumberBlock {
                service: service.clone(),
                day,
                kiosk: kiosk.clone(),
                start: *start,
                end: *end,
            })
            .collect()
    }

    /// Drops the grants of days before `day`; their numbers can no longer be
    /// issued, since a number is only valid on its own day.
    pub fn forget_before(&mut self, day: ServiceDay) {
        self.days = self.days.split_off(&day);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> QueueServiceId {
        "filing".parse().expect("valid slug")
    }

    fn day(d: u8) -> ServiceDay {
        ServiceDay::new(2025, 3, d).expect("a real date")
    }

    fn ledger(size: u32) -> LeaseLedger {
        LeaseLedger::new(NonZeroU32::new(size).expect("nonzero"))
    }

    #[test]
    fn blocks_follow_each_other_from_one_across_kiosks() {
        let mut ledger = ledger(50);
        let (k1, k2) = (TerminalId::from_bits(1), TerminalId::from_bits(2));
        let first = ledger.grant(&service(), day(7), &k1).expect("grants");
        let second = ledger.grant(&service(), day(7), &k2).expect("grants");
        assert_eq!((first.start, first.end), (1, 51), "numbering starts at 1");
        assert_eq!((second.start, second.end), (51, 101), "no overlap");
        assert_eq!(ledger.grants(&service(), day(7)), vec![first, second]);
    }

    #[test]
    fn each_day_and_service_numbers_from_one_again() {
        let mut ledger = ledger(10);
        let kiosk = TerminalId::from_bits(1);
        ledger.grant(&service(), day(7), &kiosk).expect("grants");
        let tomorrow = ledger.grant(&service(), day(8), &kiosk).expect("grants");
        let other: QueueServiceId = "mediation".parse().expect("valid slug");
        let other_service = ledger.grant(&other, day(7), &kiosk).expect("grants");
        assert_eq!(tomorrow.start, 1);
        assert_eq!(other_service.start, 1);
    }

    #[test]
    fn the_last_block_is_cut_short_and_then_leasing_stops() {
        let mut ledger = ledger(u32::MAX);
        let kiosk = TerminalId::from_bits(1);
        let only = ledger.grant(&service(), day(7), &kiosk).expect("grants");
        assert_eq!((only.start, only.end), (1, u32::MAX));
        assert!(matches!(
            ledger.grant(&service(), day(7), &kiosk),
            Err(LeaseError::Exhausted { .. })
        ));
    }

    #[test]
    fn past_days_are_forgotten_and_the_ledger_round_trips_through_json() {
        let mut ledger = ledger(10);
        let kiosk = TerminalId::from_bits(1);
        ledger.grant(&service(), day(6), &kiosk).expect("grants");
        ledger.grant(&service(), day(7), &kiosk).expect("grants");
        ledger.forget_before(day(7));
        assert!(ledger.grants(&service(), day(6)).is_empty());
        assert_eq!(ledger.grants(&service(), day(7)).len(), 1);
        let json = serde_json::to_string(&ledger).expect("serializes");
        let back: LeaseLedger = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, ledger);
    }
}
