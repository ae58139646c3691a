//! Number allocation: whatever order the desks' requests reach the server
//! in, retries included, every series hands out 1, 2, 3… once each.

use std::collections::BTreeMap;

use courtdesk_casework::{CaseNumber, CaseSeries, CaseType, RecordId, Sequence};
use proptest::prelude::*;

const COURTS: [&str; 2] = ["湘1102", "湘11"];
const YEARS: [u16; 2] = [2026, 2027];
const TYPES: [CaseType; 3] = [
    CaseType::CivilFirstInstance,
    CaseType::AdministrativeFirstInstance,
    CaseType::PreLitigationMediation,
];

fn series(court: usize, year: usize, t: usize) -> CaseSeries {
    CaseSeries {
        court_code: COURTS[court].parse().expect("a court code"),
        year: YEARS[year],
        type_code: TYPES[t],
    }
}

/// One request reaching the server: a desk's new registration in a series,
/// or a retry of that desk's latest one (its answer was lost).
#[derive(Debug, Clone)]
enum Request {
    New {
        desk: usize,
        court: usize,
        year: usize,
        t: usize,
    },
    Retry {
        desk: usize,
    },
}

fn request() -> impl Strategy<Value = Request> {
    prop_oneof![
        4 => (0usize..4, 0usize..2, 0usize..2, 0usize..3)
            .prop_map(|(desk, court, year, t)| Request::New { desk, court, year, t }),
        1 => (0usize..4).prop_map(|desk| Request::Retry { desk }),
    ]
}

proptest! {
    #[test]
    fn every_series_is_distinct_and_gapless_from_one(requests in proptest::collection::vec(request(), 0..300)) {
        let mut ledger = Sequence::default();
        let mut latest: BTreeMap<usize, (RecordId, CaseSeries, u32)> = BTreeMap::new();
        let mut made: BTreeMap<usize, u32> = BTreeMap::new();
        let mut numbers: BTreeMap<CaseSeries, Vec<u32>> = BTreeMap::new();
        for r in requests {
            match r {
                Request::New { desk, court, year, t } => {
                    let n = made.entry(desk).or_insert(0);
                    *n += 1;
                    let claim: RecordId = format!("desk{desk}-{n}").parse().expect("an id");
                    let s = series(court, year, t);
                    let got = ledger.assign(&claim, &s).expect("a number");
                    prop_assert!(got.fresh, "a new claim takes a new number");
                    numbers.entry(s.clone()).or_default().push(got.seq);
                    latest.insert(desk, (claim, s, got.seq));
                }
                Request::Retry { desk } => {
                    if let Some((claim, s, seq)) = latest.get(&desk) {
                        let got = ledger.assign(claim, s).expect("the same number");
                        prop_assert!(!got.fresh);
                        prop_assert_eq!(got.seq, *seq, "a retry gets its number back");
                    }
                }
            }
        }
        for (s, seqs) in numbers {
            // Handed out in order, so distinct and gapless means exactly 1..=n.
            let expected: Vec<u32> = (1..=u32::try_from(seqs.len()).expect("small")).collect();
            prop_assert_eq!(&seqs, &expected, "series {:?}", s);
            prop_assert_eq!(ledger.last(&s), u32::try_from(seqs.len()).expect("small"));
        }
    }

    #[test]
    fn a_rebuilt_ledger_continues_where_the_stored_one_stopped(
        requests in proptest::collection::vec((0usize..2, 0usize..3), 1..60),
        split in 0usize..60,
    ) {
        let mut live = Sequence::default();
        let mut stored: Vec<(RecordId, CaseSeries, u32)> = Vec::new();
        let split = split.min(requests.len());
        for (i, (year, t)) in requests[..split].iter().enumerate() {
            let claim: RecordId = format!("c{i}").parse().expect("an id");
            let s = series(0, *year, *t);
            let got = live.assign(&claim, &s).expect("a number");
            stored.push((claim, s, got.seq));
        }
        let mut rebuilt = Sequence::from_assigned(stored).expect("a clean store");
        for (i, (year, t)) in requests[split..].iter().enumerate() {
            let claim: RecordId = format!("d{i}").parse().expect("an id");
            let s = series(0, *year, *t);
            prop_assert_eq!(rebuilt.assign(&claim, &s), live.assign(&claim, &s));
        }
    }
}

#[test]
fn a_new_year_restarts_at_one() {
    let mut ledger = Sequence::default();
    let civil_2026 = series(0, 0, 0);
    let civil_2027 = series(0, 1, 0);
    for i in 0..123 {
        ledger
            .assign(&format!("a{i}").parse().expect("an id"), &civil_2026)
            .expect("a number");
    }
    let first_of_2027 = ledger
        .assign(&"b0".parse().expect("an id"), &civil_2027)
        .expect("a number");
    assert_eq!(first_of_2027.seq, 1);
    let number: CaseNumber = civil_2027.number(first_of_2027.seq);
    assert_eq!(number.to_string(), "（2027）湘1102民初1号");
    assert_eq!(ledger.last(&civil_2026), 123);
}
