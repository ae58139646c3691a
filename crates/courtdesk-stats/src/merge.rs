//! Adding one aggregate into another. Every aggregate of the crate merges
//! by adding counts, so merging is associative and commutative: a range's
//! figures are the same whichever way its days are combined.

use std::collections::BTreeMap;

/// An aggregate that absorbs another of the same kind.
pub trait Merge {
    fn merge_from(&mut self, other: &Self);
}

impl Merge for u64 {
    fn merge_from(&mut self, other: &Self) {
        *self = self.saturating_add(*other);
    }
}

impl<K: Ord + Clone, V: Merge + Default> Merge for BTreeMap<K, V> {
    fn merge_from(&mut self, other: &Self) {
        for (key, value) in other {
            self.entry(key.clone()).or_default().merge_from(value);
        }
    }
}

/// Adds 1 to the count kept under `key`.
pub(crate) fn bump<K: Ord>(map: &mut BTreeMap<K, u64>, key: K) {
    *map.entry(key).or_default() += 1;
}
