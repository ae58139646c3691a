//! The per-terminal audit log: each entry names one record by its digest and
//! carries the hash of the entry before it, so removing, reordering or
//! altering any entry breaks every hash after it.
//!
//! `hash = SHA-256(parts("courtdesk-audit-v1", prev, seq as 8 big-endian
//! bytes, record id, record digest))`, where `parts` length-prefixes each
//! part (see [`Digest::of_parts`]). The first entry has `seq = 1` and
//! `prev` = [`GENESIS`].

use serde::{Deserialize, Serialize};

use crate::Digest;
use crate::record::{Record, RecordId};

/// The `prev` of a terminal's first entry.
pub const GENESIS: Digest = Digest([0; 32]);

const DOMAIN: &[u8] = b"courtdesk-audit-v1";

/// One entry of a terminal's audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: u64,
    pub record_id: RecordId,
    pub record_digest: Digest,
    pub prev: Digest,
    pub hash: Digest,
}

/// Where a chain stands: the last entry's sequence number and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainHead {
    pub seq: u64,
    pub hash: Digest,
}

impl ChainHead {
    /// The head of a chain with no entries.
    pub const EMPTY: ChainHead = ChainHead {
        seq: 0,
        hash: GENESIS,
    };
}

/// Why a chain does not verify, naming the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("audit entry {found} follows entry {head}: entries are missing or repeated")]
    Gap { head: u64, found: u64 },
    #[error("audit entry {seq} does not link to the entry before it")]
    BrokenLink { seq: u64 },
    #[error("audit entry {seq} does not hash to its recorded hash")]
    BadHash { seq: u64 },
    #[error("audit entry {seq} names a record that is not the one pushed with it")]
    WrongRecord { seq: u64 },
}

fn link_hash(prev: &Digest, seq: u64, record_id: &RecordId, record_digest: &Digest) -> Digest {
    Digest::of_parts(&[
        DOMAIN,
        &prev.0,
        &seq.to_be_bytes(),
        record_id.as_str().as_bytes(),
        &record_digest.0,
    ])
}

impl AuditEntry {
    /// The entry that appends `record` to the chain at `head`.
    pub fn append(head: ChainHead, record: &Record) -> AuditEntry {
        let seq = head.seq + 1;
        let record_digest = record.digest();
        AuditEntry {
            seq,
            record_id: record.id.clone(),
            record_digest,
            prev: head.hash,
            hash: link_hash(&head.hash, seq, &record.id, &record_digest),
        }
    }

    pub fn head(&self) -> ChainHead {
        ChainHead {
            seq: self.seq,
            hash: self.hash,
        }
    }
}

/// Checks that `entries` continue the chain at `head` without a gap or a
/// broken link, and returns the new head.
pub fn verify_continuation(
    head: ChainHead,
    entries: &[AuditEntry],
) -> Result<ChainHead, ChainError> {
    let mut head = head;
    for entry in entries {
        if entry.seq != head.seq + 1 {
            return Err(ChainError::Gap {
                head: head.seq,
                found: entry.seq,
            });
        }
        if entry.prev != head.hash {
            return Err(ChainError::BrokenLink { seq: entry.seq });
        }
        if entry.hash
            != link_hash(
                &entry.prev,
                entry.seq,
                &entry.record_id,
                &entry.record_digest,
            )
        {
            return Err(ChainError::BadHash { seq: entry.seq });
        }
        head = entry.head();
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::hlc::Hlc;

    fn records(n: u128) -> Vec<Record> {
        (1..=n)
            .map(|i| Record {
                id: RecordId::from_bits(i),
                kind: "test".into(),
                hlc: Hlc {
                    wall_ms: i as u64,
                    counter: 0,
                },
                body: json!({ "i": i as u64 }),
            })
            .collect()
    }

    fn chain(records: &[Record]) -> Vec<AuditEntry> {
        let mut head = ChainHead::EMPTY;
        records
            .iter()
            .map(|r| {
                let entry = AuditEntry::append(head, r);
                head = entry.head();
                entry
            })
            .collect()
    }

    #[test]
    fn a_chain_verifies_whole_and_in_pieces() {
        let entries = chain(&records(6));
        let end = verify_continuation(ChainHead::EMPTY, &entries).expect("sound");
        assert_eq!(end, entries[5].head());
        let middle = verify_continuation(ChainHead::EMPTY, &entries[..2]).expect("first part");
        assert_eq!(verify_continuation(middle, &entries[2..]), Ok(end));
    }

    #[test]
    fn a_missing_entry_is_a_gap() {
        let mut entries = chain(&records(4));
        entries.remove(1);
        assert_eq!(
            verify_continuation(ChainHead::EMPTY, &entries),
            Err(ChainError::Gap { head: 1, found: 3 })
        );
    }

    #[test]
    fn an_altered_entry_is_named() {
        let mut entries = chain(&records(4));
        entries[2].record_digest = Digest::of(b"forged");
        assert_eq!(
            verify_continuation(ChainHead::EMPTY, &entries),
            Err(ChainError::BadHash { seq: 3 })
        );
        let mut entries = chain(&records(4));
        entries[3].prev = Digest::of(b"elsewhere");
        assert_eq!(
            verify_continuation(ChainHead::EMPTY, &entries),
            Err(ChainError::BrokenLink { seq: 4 })
        );
    }
}
