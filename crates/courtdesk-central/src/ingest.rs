//! The rules of a push, kept apart from storage so every store applies the
//! same ones: what is a retry, what is new, what is refused.

use std::collections::HashMap;

use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{MAX_PUSH_RECORDS, PushOutcome, PushRequest};
use courtdesk_protocol::chain::{AuditEntry, ChainHead, verify_continuation};
use courtdesk_protocol::record::RecordId;

/// Why a whole push was refused. Nothing of it is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushRefusal {
    #[error("a push carries at most {MAX_PUSH_RECORDS} records, this one {0}")]
    TooMany(usize),
    #[error("{0}")]
    Malformed(String),
    #[error("record {0} is already stored with different content")]
    Conflict(RecordId),
    #[error("the audit chain does not continue: {0}")]
    ChainBroken(String),
}

/// A push that was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushAccepted {
    pub outcomes: Vec<PushOutcome>,
    pub chain_head: ChainHead,
}

/// What to do with each record of an accepted batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Store the record at this index of the batch.
    Insert(usize),
    /// Already stored at this server sequence number.
    Stored(u64),
    /// The same record as an earlier one of this batch.
    SameAs(usize),
}

/// The accepted plan: one step per record, the audit entries to append and
/// the terminal's new chain head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushPlan {
    pub steps: Vec<Step>,
    pub new_entries: Vec<AuditEntry>,
    pub head: ChainHead,
}

/// Checks that the batch is well formed: within the size limit, one audit
/// entry per record, in order, naming that record and its digest.
pub fn check_shape(batch: &PushRequest) -> Result<(), PushRefusal> {
    if batch.records.len() > MAX_PUSH_RECORDS {
        return Err(PushRefusal::TooMany(batch.records.len()));
    }
    if batch.records.len() != batch.audit.len() {
        return Err(PushRefusal::Malformed(format!(
            "{} records but {} audit entries",
            batch.records.len(),
            batch.audit.len()
        )));
    }
    for (record, entry) in batch.records.iter().zip(&batch.audit) {
        if entry.record_id != record.id || entry.record_digest != record.digest() {
            return Err(PushRefusal::Malformed(format!(
                "audit entry {} does not name record {} and its digest",
                entry.seq, record.id
            )));
        }
    }
    Ok(())
}

/// Decides what a well-formed batch does, given the terminal's chain head,
/// its stored entries from the batch's first sequence number up to the head,
/// and the stored digest and sequence number of every record id in the batch.
pub fn plan(
    head: ChainHead,
    batch: &PushRequest,
    stored_entries: &HashMap<u64, AuditEntry>,
    stored_records: &HashMap<RecordId, (Digest, u64)>,
) -> Result<PushPlan, PushRefusal> {
    // Entries at or below the head are a retry after a lost reply; they must
    // be exactly what was stored, and consecutive, or the terminal is lying
    // about its past.
    let retried = batch.audit.iter().take_while(|e| e.seq <= head.seq).count();
    for (i, entry) in batch.audit[..retried].iter().enumerate() {
        if i > 0 && entry.seq != batch.audit[i - 1].seq + 1 {
            return Err(PushRefusal::ChainBroken(format!(
                "retried entries {} and {} are not consecutive",
                batch.audit[i - 1].seq,
                entry.seq
            )));
        }
        if stored_entries.get(&entry.seq) != Some(entry) {
            return Err(PushRefusal::ChainBroken(format!(
                "entry {} differs from the stored one",
                entry.seq
            )));
        }
    }
    let fresh = &batch.audit[retried..];
    let new_head =
        verify_continuation(head, fresh).map_err(|e| PushRefusal::ChainBroken(e.to_string()))?;

    let mut steps = Vec::with_capacity(batch.records.len());
    let mut planned: HashMap<&RecordId, (Digest, usize)> = HashMap::new();
    for (i, record) in batch.records.iter().enumerate() {
        let digest = batch.audit[i].record_digest;
        let step = if let Some((stored, seq)) = stored_records.get(&record.id) {
            if *stored != digest {
                return Err(PushRefusal::Conflict(record.id.clone()));
            }
            Step::Stored(*seq)
        } else if let Some((earlier, index)) = planned.get(&record.id) {
            if *earlier != digest {
                return Err(PushRefusal::Conflict(record.id.clone()));
            }
            Step::SameAs(*index)
        } else if i < retried {
            // A retried entry whose record never arrived: the stored chain
            // names a record the server does not hold.
            return Err(PushRefusal::ChainBroken(format!(
                "entry {} was stored without its record",
                batch.audit[i].seq
            )));
        } else {
            planned.insert(&record.id, (digest, i));
            Step::Insert(i)
        };
        steps.push(step);
    }
    Ok(PushPlan {
        steps,
        new_entries: fresh.to_vec(),
        head: new_head,
    })
}

#[cfg(test)]
mod tests {
    use courtdesk_protocol::hlc::Hlc;
    use courtdesk_protocol::record::Record;
    use serde_json::json;

    use super::*;

    fn record(bits: u128, body: serde_json::Value) -> Record {
        Record {
            id: RecordId::from_bits(bits),
            kind: "test".into(),
            hlc: Hlc::default(),
            body,
        }
    }

    fn chained(head: ChainHead, records: Vec<Record>) -> PushRequest {
        let mut head = head;
        let audit = records
            .iter()
            .map(|r| {
                let entry = AuditEntry::append(head, r);
                head = entry.head();
                entry
            })
            .collect();
        PushRequest { records, audit }
    }

    #[test]
    fn a_repeated_record_within_one_batch_is_stored_once() {
        let same = record(1, json!(1));
        let batch = chained(ChainHead::EMPTY, vec![same.clone(), same]);
        let plan = plan(ChainHead::EMPTY, &batch, &HashMap::new(), &HashMap::new()).expect("ok");
        assert_eq!(plan.steps, vec![Step::Insert(0), Step::SameAs(0)]);
        assert_eq!(plan.head.seq, 2);
    }

    #[test]
    fn a_retried_prefix_is_recognized_and_the_rest_appended() {
        let first = chained(ChainHead::EMPTY, vec![record(1, json!(1))]);
        let head = first.audit[0].head();
        let rest = chained(head, vec![record(2, json!(2))]);
        let batch = PushRequest {
            records: [first.records.clone(), rest.records.clone()].concat(),
            audit: [first.audit.clone(), rest.audit.clone()].concat(),
        };
        let entries = HashMap::from([(1, first.audit[0].clone())]);
        let records = HashMap::from([(
            first.records[0].id.clone(),
            (first.audit[0].record_digest, 7),
        )]);
        let plan = plan(head, &batch, &entries, &records).expect("ok");
        assert_eq!(plan.steps, vec![Step::Stored(7), Step::Insert(1)]);
        assert_eq!(plan.new_entries, rest.audit);
    }

    #[test]
    fn a_retried_entry_without_its_stored_record_breaks_the_chain() {
        let batch = chained(ChainHead::EMPTY, vec![record(1, json!(1))]);
        let head = batch.audit[0].head();
        let entries = HashMap::from([(1, batch.audit[0].clone())]);
        let refused = plan(head, &batch, &entries, &HashMap::new());
        assert!(
            matches!(refused, Err(PushRefusal::ChainBroken(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn a_mismatched_entry_is_malformed() {
        let mut batch = chained(ChainHead::EMPTY, vec![record(1, json!(1))]);
        batch.records[0].body = json!(2);
        assert!(matches!(
            check_shape(&batch),
            Err(PushRefusal::Malformed(_))
        ));
    }
}
