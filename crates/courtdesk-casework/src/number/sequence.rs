//! The server's ledger of sequence numbers: each series (court, year, type)
//! counts from 1, and each claim gets its number once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{CaseNumber, CaseType, CourtCode, RecordId};

/// The series a case number is counted in: a court, a year and a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CaseSeries {
    pub court_code: CourtCode,
    pub year: u16,
    pub type_code: CaseType,
}

impl CaseSeries {
    /// The case number with sequence number `seq` in this series.
    pub fn number(&self, seq: u32) -> CaseNumber {
        CaseNumber {
            year: self.year,
            court_code: self.court_code.clone(),
            type_code: self.type_code,
            seq,
        }
    }
}

/// A number handed out by a [`Sequence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assigned {
    pub seq: u32,
    /// False when the claim already had this number: a retried request.
    pub fresh: bool,
}

/// Why a [`Sequence`] refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SequenceError {
    /// The claim already holds a number of another series; a record cannot
    /// change what it registers by being sent again.
    #[error("record {claim} already holds number {seq} of another series")]
    ClaimedInAnotherSeries { claim: RecordId, seq: u32 },
    /// The series has used every number there is.
    #[error("the series has no numbers left")]
    Exhausted,
    /// Rebuilding found one number held by two claims.
    #[error("number {seq} is held by both {first} and {second}")]
    HeldTwice {
        seq: u32,
        first: RecordId,
        second: RecordId,
    },
}

/// Numbers per series, handed out once and never twice.
///
/// Architecture invariant: only the server holds a `Sequence`, and it
/// persists the assignment in the same transaction as the record it answers,
/// so two desks registering at the same moment are serialized by the
/// server's store and get consecutive numbers. A claim is the id of the
/// record that asks for a number (a registration, or a provisional
/// registration being reconciled): asking again with the same claim, as a
/// retry after a lost answer does, gives back the same number, so numbers
/// have no gaps from retries. A number is never taken back: a registration
/// later found to be wrong keeps its number, as paper registers do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence<K: Ord + Clone> {
    last: BTreeMap<K, u32>,
    claims: BTreeMap<RecordId, (K, u32)>,
}

impl<K: Ord + Clone> Default for Sequence<K> {
    fn default() -> Self {
        Sequence {
            last: BTreeMap::new(),
            claims: BTreeMap::new(),
        }
    }
}

impl<K: Ord + Clone> Sequence<K> {
    /// Rebuilds the ledger from the assignments the server has stored.
    pub fn from_assigned(
        assigned: impl IntoIterator<Item = (RecordId, K, u32)>,
    ) -> Result<Self, SequenceError> {
        let mut ledger = Sequence::default();
        let mut holders: BTreeMap<(K, u32), RecordId> = BTreeMap::new();
        for (claim, key, seq) in assigned {
            if let Some(first) = holders.get(&(key.clone(), seq)) {
                if *first != claim {
                    return Err(SequenceError::HeldTwice {
                        seq,
                        first: first.clone(),
                        second: claim,
                    });
                }
            }
            holders.insert((key.clone(), seq), claim.clone());
            let last = ledger.last.entry(key.clone()).or_insert(0);
            *last = (*last).max(seq);
            ledger.claims.insert(claim, (key, seq));
        }
        Ok(ledger)
    }

    /// The number for `claim` in `series`: the next one if the claim is new,
    /// the one it already has otherwise.
    pub fn assign(&mut self, claim: &RecordId, series: &K) -> Result<Assigned, SequenceError> {
        if let Some((held_series, seq)) = self.claims.get(claim) {
            return if held_series == series {
                Ok(Assigned {
                    seq: *seq,
                    fresh: false,
                })
            } else {
                Err(SequenceError::ClaimedInAnotherSeries {
                    claim: claim.clone(),
                    seq: *seq,
                })
            };
        }
        let last = self.last(series);
        let seq = last.checked_add(1).ok_or(SequenceError::Exhausted)?;
        self.last.insert(series.clone(), seq);
        self.claims.insert(claim.clone(), (series.clone(), seq));
        Ok(Assigned { seq, fresh: true })
    }

    /// The last number handed out in `series`, 0 before the first.
    pub fn last(&self, series: &K) -> u32 {
        self.last.get(series).copied().unwrap_or(0)
    }

    /// The number `claim` holds, if any.
    pub fn held_by(&self, claim: &RecordId) -> Option<(&K, u32)> {
        self.claims.get(claim).map(|(k, seq)| (k, *seq))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(year: u16, t: CaseType) -> CaseSeries {
        CaseSeries {
            court_code: "湘1102".parse().expect("a court code"),
            year,
            type_code: t,
        }
    }

    fn claim(s: &str) -> RecordId {
        s.parse().expect("a record id")
    }

    #[test]
    fn a_retried_claim_gets_its_number_back_and_takes_no_other() {
        let civil = series(2026, CaseType::CivilFirstInstance);
        let mut ledger = Sequence::default();
        assert_eq!(
            ledger.assign(&claim("r1"), &civil),
            Ok(Assigned {
                seq: 1,
                fresh: true
            })
        );
        assert_eq!(
            ledger.assign(&claim("r1"), &civil),
            Ok(Assigned {
                seq: 1,
                fresh: false
            })
        );
        assert_eq!(
            ledger.assign(&claim("r2"), &civil),
            Ok(Assigned {
                seq: 2,
                fresh: true
            })
        );
        assert_eq!(civil.number(2).to_string(), "（2026）湘1102民初2号");
    }

    #[test]
    fn a_claim_cannot_move_to_another_series() {
        let mut ledger = Sequence::default();
        ledger
            .assign(&claim("r1"), &series(2026, CaseType::CivilFirstInstance))
            .expect("first assignment");
        let moved = ledger.assign(
            &claim("r1"),
            &series(2026, CaseType::AdministrativeFirstInstance),
        );
        assert_eq!(
            moved,
            Err(SequenceError::ClaimedInAnotherSeries {
                claim: claim("r1"),
                seq: 1
            })
        );
        assert_eq!(
            ledger.last(&series(2026, CaseType::AdministrativeFirstInstance)),
            0
        );
    }

    #[test]
    fn types_and_years_count_separately() {
        let mut ledger = Sequence::default();
        let civil = series(2026, CaseType::CivilFirstInstance);
        let admin = series(2026, CaseType::AdministrativeFirstInstance);
        let next_year = series(2027, CaseType::CivilFirstInstance);
        for i in 0..3 {
            ledger
                .assign(&claim(&format!("c{i}")), &civil)
                .expect("civil");
        }
        assert_eq!(ledger.assign(&claim("a0"), &admin).map(|a| a.seq), Ok(1));
        assert_eq!(
            ledger.assign(&claim("n0"), &next_year).map(|a| a.seq),
            Ok(1)
        );
        assert_eq!(ledger.last(&civil), 3);
    }

    #[test]
    fn rebuilding_continues_after_the_highest_number_and_refuses_a_double() {
        let civil = series(2026, CaseType::CivilFirstInstance);
        let mut ledger = Sequence::from_assigned([
            (claim("r1"), civil.clone(), 1),
            (claim("r2"), civil.clone(), 2),
        ])
        .expect("a clean store");
        assert_eq!(ledger.assign(&claim("r3"), &civil).map(|a| a.seq), Ok(3));
        assert_eq!(ledger.assign(&claim("r1"), &civil).map(|a| a.seq), Ok(1));
        let doubled =
            Sequence::from_assigned([(claim("r1"), civil.clone(), 1), (claim("r2"), civil, 1)]);
        assert!(matches!(
            doubled,
            Err(SequenceError::HeldTwice { seq: 1, .. })
        ));
    }

    #[test]
    fn the_last_number_of_a_series_is_not_handed_out_twice() {
        let civil = series(2026, CaseType::CivilFirstInstance);
        let mut ledger =
            Sequence::from_assigned([(claim("r1"), civil.clone(), u32::MAX)]).expect("store");
        assert_eq!(
            ledger.assign(&claim("r2"), &civil),
            Err(SequenceError::Exhausted)
        );
    }
}
