//! Numbers leased in blocks: whatever kiosks do, in whatever interleaving,
//! no number is issued twice for one service on one day.

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU32;

use courtdesk_queue::{
    Accepted, KioskNumbers, KioskNumbersError, LeaseLedger, NumberBlock, QueueService, ServiceDay,
    TicketPrefix,
};
use proptest::prelude::*;

use crate::support::{day, service, terminal};

#[derive(Debug, Clone)]
enum Step {
    /// The kiosk asks the server for a block.
    Lease,
    /// The server's last answer to the kiosk arrives again.
    Redeliver,
    /// The kiosk issues a ticket.
    Issue,
    /// The kiosk drops the blocks of days before the second day.
    ForgetFirstDay,
}

fn step() -> impl Strategy<Value = (usize, usize, usize, Step)> {
    let step = prop_oneof![
        2 => Just(Step::Lease),
        1 => Just(Step::Redeliver),
        8 => Just(Step::Issue),
        1 => Just(Step::ForgetFirstDay),
    ];
    (0usize..3, 0usize..2, 0usize..2, step)
}

fn services() -> [QueueService; 2] {
    let make = |name: &str, letter| QueueService {
        id: service(name),
        prefix: TicketPrefix::new(letter).expect("a letter"),
    };
    [make("filing", 'A'), make("mediation", 'B')]
}

proptest! {
    #[test]
    fn no_number_is_issued_twice_per_service_per_day(
        block_size in 1u32..8,
        steps in proptest::collection::vec(step(), 0..300),
    ) {
        let services = services();
        let days: [ServiceDay; 2] = [day(), day().next()];
        let mut ledger = LeaseLedger::new(NonZeroU32::new(block_size).expect("nonzero"));
        let mut kiosks: Vec<KioskNumbers> =
            (0..3).map(|k| KioskNumbers::new(terminal(k + 1), 2)).collect();
        let mut last_block: Vec<Option<NumberBlock>> = vec![None; 3];
        let mut issued = BTreeSet::new();
        let mut by_kiosk: BTreeMap<(usize, usize, usize), Vec<u32>> = BTreeMap::new();

        for (k, s, d, step) in steps {
            let kiosk = &mut kiosks[k];
            match step {
                Step::Lease => {
                    let block = ledger
                        .grant(&services[s].id, days[d], kiosk.kiosk())
                        .expect("small blocks never run out");
                    // A block for a day the kiosk has closed is refused; its
                    // numbers are only lost, never issued.
                    let accepted = kiosk.accept(block.clone());
                    prop_assert!(matches!(
                        accepted,
                        Ok(Accepted::New) | Err(KioskNumbersError::PastDay { .. })
                    ), "{:?}", accepted);
                    last_block[k] = Some(block);
                }
                Step::Redeliver => {
                    if let Some(block) = last_block[k].clone() {
                        // Already held, or its day was closed: a redelivery
                        // is never taken as new numbers.
                        let accepted = kiosk.accept(block);
                        prop_assert!(matches!(
                            accepted,
                            Ok(Accepted::AlreadyHeld) | Err(KioskNumbersError::PastDay { .. })
                        ), "{:?}", accepted);
                    }
                }
                Step::Issue => {
                    if let Ok(number) = kiosk.take(&services[s], days[d]) {
                        prop_assert_eq!(number.prefix(), services[s].prefix);
                        prop_assert!(
                            issued.insert((s, d, number.number())),
                            "{} issued twice on {}", number, days[d]
                        );
                        by_kiosk.entry((k, s, d)).or_default().push(number.number());
                    }
                }
                Step::ForgetFirstDay => kiosk.forget_before(days[1]),
            }
        }

        for ((k, s, d), numbers) in by_kiosk {
            prop_assert!(numbers.windows(2).all(|w| w[0] < w[1]), "a kiosk issues in ascending order");
            let grants = ledger.grants(&services[s].id, days[d]);
            let owner = terminal(k as u128 + 1);
            for number in numbers {
                prop_assert!(
                    grants.iter().any(|b| b.kiosk == owner && b.contains(number)),
                    "number {} was never granted to kiosk {}", number, k
                );
            }
        }
    }
}
