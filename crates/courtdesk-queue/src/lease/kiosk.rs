//! A kiosk's own supply of ticket numbers: the blocks the server granted it,
//! used lowest number first.

use std::collections::BTreeMap;

use courtdesk_core::TerminalId;
use serde::{Deserialize, Serialize};

use super::NumberBlock;
use crate::{QueueService, QueueServiceId, ServiceDay, TicketNumber};

/// The number blocks one kiosk holds. The kiosk persists this together with
/// the `Issued` event of every number it takes, in one transaction, so that a
/// crash can neither reissue a number nor lose the record of one.
///
/// Used-up blocks are kept until their day is forgotten, so that a block the
/// server delivers twice is recognised and not used a second time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskNumbers {
    kiosk: TerminalId,
    low_water: u32,
    /// Days before this one were forgotten; their blocks are refused, so a
    /// late redelivery cannot bring back numbers already issued.
    forgotten_before: Option<ServiceDay>,
    held: BTreeMap<ServiceDay, BTreeMap<QueueServiceId, Vec<Held>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Held {
    start: u32,
    /// The next number to issue; the block is used up when it reaches `end`.
    next: u32,
    end: u32,
}

/// What became of a delivered block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    New,
    /// The same block was delivered before; nothing changed.
    AlreadyHeld,
}

/// A block refused, or a number the kiosk cannot issue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KioskNumbersError {
    #[error("the block was granted to terminal {kiosk}, not to this kiosk")]
    NotOurs { kiosk: TerminalId },
    #[error("the block [{start}, {end}) holds no usable number")]
    Unusable { start: u32, end: u32 },
    #[error("the block is for {day}, a day this kiosk has already closed")]
    PastDay { day: ServiceDay },
    #[error("the block [{start}, {end}) overlaps a block this kiosk already holds")]
    Overlaps { start: u32, end: u32 },
    #[error(
        "no ticket numbers left for {service} on {day}; a new block must be leased from the server"
    )]
    OutOfNumbers {
        service: QueueServiceId,
        day: ServiceDay,
    },
}

impl KioskNumbers {
    /// An empty supply for `kiosk`, which should lease another block whenever
    /// fewer than `low_water` numbers are left (10 is a good start: a few
    /// minutes of a rush, enough to ride out a slow answer from the server).
    pub fn new(kiosk: TerminalId, low_water: u32) -> Self {
        KioskNumbers {
            kiosk,
            low_water,
            forgotten_before: None,
            held: BTreeMap::new(),
        }
    }

    pub fn kiosk(&self) -> &TerminalId {
        &self.kiosk
    }

    /// Takes in a block granted by the server.
    pub fn accept(&mut self, block: NumberBlock) -> Result<Accepted, KioskNumbersError> {
        if block.kiosk != self.kiosk {
            return Err(KioskNumbersError::NotOurs { kiosk: block.kiosk });
        }
        if self.forgotten_before.is_some_and(|first| block.day < first) {
            return Err(KioskNumbersError::PastDay { day: block.day });
        }
        let (start, end) = (block.start, block.end);
        if start == 0 || end <= start {
            return Err(KioskNumbersError::Unusable { start, end });
        }
        let held = self
            .held
            .entry(block.day)
            .or_default()
            .entry(block.service)
            .or_default();
        if held.iter().any(|h| h.start == start && h.end == end) {
            return Ok(Accepted::AlreadyHeld);
        }
        if held.iter().any(|h| h.start < end && start < h.end) {
            return Err(KioskNumbersError::Overlaps { start, end });
        }
        let at = held.partition_point(|h| h.start < start);
        held.insert(
            at,
            Held {
                start,
                next: start,
                end,
            },
        );
        Ok(Accepted::New)
    }

    /// Issues the lowest number not issued yet of `service` on `day`. A
    /// number taken is gone even if its ticket is then voided: the `Issued`
    /// event may already have reached other terminals.
    pub fn take(
        &mut self,
        service: &QueueService,
        day: ServiceDay,
    ) -> Result<TicketNumber, KioskNumbersError> {
        let out = || KioskNumbersError::OutOfNumbers {
            service: service.id.clone(),
            day,
        };
        let held = self
            .held
            .get_mut(&day)
            .and_then(|s| s.get_mut(&service.id))
            .ok_or_else(out)?;
        let block = held.iter_mut().find(|h| h.next < h.end).ok_or_else(out)?;
        let number = TicketNumber::new(service.prefix, block.next).map_err(|_| out())?;
        block.next += 1;
        Ok(number)
    }

    /// How many numbers of `service` on `day` are left to issue.
    pub fn remaining(&self, service: &QueueServiceId, day: ServiceDay) -> u32 {
        self.held
            .get(&day)
            .and_then(|s| s.get(service))
            .map_or(0, |held| {
                held.iter()
                    .fold(0u32, |sum, h| sum.saturating_add(h.end - h.next))
            })
    }

    /// Whether to ask the server for another block now, before the numbers
    /// run out, so that a kiosk that then loses the network keeps issuing.
    pub fn wants_lease(&self, service: &QueueServiceId, day: ServiceDay) -> bool {
        self.remaining(service, day) < self.low_water
    }

    /// Drops the blocks of days before `day` and refuses any block for them
    /// from now on: numbers are only valid on their own day.
    pub fn forget_before(&mut self, day: ServiceDay) {
        self.held = self.held.split_off(&day);
        self.forgotten_before = self.forgotten_before.max(Some(day));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TicketPrefix;

    fn filing() -> QueueService {
        QueueService {
            id: "filing".parse().expect("valid slug"),
            prefix: TicketPrefix::new('A').expect("a letter"),
        }
    }

    fn day(d: u8) -> ServiceDay {
        ServiceDay::new(2025, 3, d).expect("a real date")
    }

    fn block(kiosk: &TerminalId, d: u8, start: u32, end: u32) -> NumberBlock {
        NumberBlock {
            service: filing().id,
            day: day(d),
            kiosk: kiosk.clone(),
            start,
            end,
        }
    }

    fn take(numbers: &mut KioskNumbers, d: u8) -> Result<String, KioskNumbersError> {
        numbers.take(&filing(), day(d)).map(|n| n.to_string())
    }

    #[test]
    fn numbers_come_lowest_first_across_blocks_whatever_their_arrival_order() {
        let kiosk = TerminalId::from_bits(1);
        let mut numbers = KioskNumbers::new(kiosk.clone(), 1);
        numbers
            .accept(block(&kiosk, 7, 101, 103))
            .expect("accepted");
        numbers.accept(block(&kiosk, 7, 1, 3)).expect("accepted");
        let issued: Vec<String> = (0..4)
            .map(|_| take(&mut numbers, 7).expect("left"))
            .collect();
        assert_eq!(issued, ["A001", "A002", "A101", "A102"]);
    }

    #[test]
    fn an_empty_supply_refuses_with_a_clear_error() {
        let kiosk = TerminalId::from_bits(1);
        let mut numbers = KioskNumbers::new(kiosk.clone(), 1);
        assert!(matches!(
            take(&mut numbers, 7),
            Err(KioskNumbersError::OutOfNumbers { .. })
        ));
        numbers.accept(block(&kiosk, 7, 1, 2)).expect("accepted");
        take(&mut numbers, 7).expect("one number");
        let refused = take(&mut numbers, 7).expect_err("used up");
        assert_eq!(
            refused.to_string(),
            "no ticket numbers left for filing on 2025-03-07; a new block must be leased from the server"
        );
    }

    #[test]
    fn a_lease_is_wanted_below_the_low_water_mark() {
        let kiosk = TerminalId::from_bits(1);
        let mut numbers = KioskNumbers::new(kiosk.clone(), 3);
        assert!(
            numbers.wants_lease(&filing().id, day(7)),
            "nothing held yet"
        );
        numbers.accept(block(&kiosk, 7, 1, 5)).expect("accepted");
        assert!(!numbers.wants_lease(&filing().id, day(7)), "four left");
        take(&mut numbers, 7).expect("left");
        take(&mut numbers, 7).expect("left");
        assert_eq!(numbers.remaining(&filing().id, day(7)), 2);
        assert!(
            numbers.wants_lease(&filing().id, day(7)),
            "two left, below three"
        );
    }

    #[test]
    fn a_redelivered_block_is_not_used_twice_and_foreign_or_overlapping_blocks_are_refused() {
        let kiosk = TerminalId::from_bits(1);
        let mut numbers = KioskNumbers::new(kiosk.clone(), 1);
        numbers.accept(block(&kiosk, 7, 1, 2)).expect("accepted");
        take(&mut numbers, 7).expect("A001");
        assert_eq!(
            numbers.accept(block(&kiosk, 7, 1, 2)),
            Ok(Accepted::AlreadyHeld)
        );
        assert!(take(&mut numbers, 7).is_err(), "A001 must not come back");
        let other = TerminalId::from_bits(2);
        assert!(matches!(
            numbers.accept(block(&other, 7, 10, 20)),
            Err(KioskNumbersError::NotOurs { .. })
        ));
        assert!(matches!(
            numbers.accept(block(&kiosk, 7, 1, 5)),
            Err(KioskNumbersError::Overlaps { .. })
        ));
        assert!(matches!(
            numbers.accept(block(&kiosk, 7, 0, 5)),
            Err(KioskNumbersError::Unusable { .. })
        ));
    }

    #[test]
    fn past_days_are_forgotten_and_the_supply_round_trips_through_json() {
        let kiosk = TerminalId::from_bits(1);
        let mut numbers = KioskNumbers::new(kiosk.clone(), 1);
        numbers.accept(block(&kiosk, 6, 1, 10)).expect("accepted");
        numbers.accept(block(&kiosk, 7, 1, 10)).expect("accepted");
        take(&mut numbers, 7).expect("left");
        let json = serde_json::to_string(&numbers).expect("serializes");
        let back: KioskNumbers = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, numbers);
        numbers.forget_before(day(7));
        assert_eq!(numbers.remaining(&filing().id, day(6)), 0);
        assert_eq!(numbers.remaining(&filing().id, day(7)), 8);
        assert_eq!(
            numbers.accept(block(&kiosk, 6, 1, 10)),
            Err(KioskNumbersError::PastDay { day: day(6) }),
            "a late redelivery must not bring yesterday's numbers back"
        );
    }
}
