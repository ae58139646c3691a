//! A push inside its transaction: the locks that stand in for SQLite's
//! single writer, then the shared rules of [`crate::ingest`].

use std::collections::HashMap;

use courtdesk_protocol::api::{PushOutcome, PushRequest};
use courtdesk_protocol::chain::ChainHead;
use postgres::Transaction;

use super::rows::{body_text, entry_at, parse_digest, sql_u64, u64_from_sql};
use crate::ingest::{self, PushAccepted, PushRefusal, Step};
use crate::store::{StoreError, TerminalStanding};

/// Plans and writes the push; a refusal leaves the caller to roll back.
pub(super) fn push_in(
    tx: &mut Transaction<'_>,
    terminal: &TerminalStanding,
    batch: &PushRequest,
    now_ms: u64,
) -> Result<Result<PushAccepted, PushRefusal>, StoreError> {
    let id = terminal.id.as_str();
    // Lock order: the terminal's row, then the counter. Every push takes
    // both in this order, so pushes wait for each other but never deadlock.
    let row = tx.query_one(
        "SELECT head_seq, head_hash FROM terminals WHERE id = $1 FOR UPDATE",
        &[&id],
    )?;
    let head = ChainHead {
        seq: u64_from_sql(row.try_get(0)?)?,
        hash: parse_digest(&row.try_get::<_, String>(1)?)?,
    };
    let last_seq: i64 = tx
        .query_one("SELECT last_seq FROM record_sequence FOR UPDATE", &[])?
        .try_get(0)?;

    let mut stored_entries = HashMap::new();
    if let Some(first) = batch.audit.first() {
        let rows = tx.query(
            "SELECT seq, record_id, record_digest, prev, hash FROM audit_entries
             WHERE terminal_id = $1 AND seq >= $2 AND seq <= $3",
            &[&id, &sql_u64(first.seq), &sql_u64(head.seq)],
        )?;
        for row in &rows {
            let entry = entry_at(row, 0)?;
            stored_entries.insert(entry.seq, entry);
        }
    }
    let ids: Vec<&str> = batch.records.iter().map(|r| r.id.as_str()).collect();
    let mut stored_records = HashMap::new();
    for row in tx.query(
        "SELECT record_id, digest, seq FROM records WHERE record_id = ANY($1)",
        &[&ids],
    )? {
        let record_id: String = row.try_get(0)?;
        let record_id = record_id
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("record id {record_id:?}")))?;
        let digest = parse_digest(&row.try_get::<_, String>(1)?)?;
        stored_records.insert(record_id, (digest, u64_from_sql(row.try_get(2)?)?));
    }
    let plan = match ingest::plan(head, batch, &stored_entries, &stored_records) {
        Ok(plan) => plan,
        Err(refusal) => return Ok(Err(refusal)),
    };

    let insert = tx.prepare(
        "INSERT INTO records (seq, record_id, origin, court_id, site_id, kind, hlc_wall, hlc_counter, body, digest, received_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )?;
    let mut next = last_seq;
    let mut seqs: Vec<u64> = Vec::with_capacity(plan.steps.len());
    let mut outcomes = Vec::with_capacity(plan.steps.len());
    for (i, step) in plan.steps.iter().enumerate() {
        let record_id = batch.records[i].id.clone();
        let (seq, outcome) = match step {
            Step::Insert(index) => {
                let record = &batch.records[*index];
                next += 1;
                tx.execute(
                    &insert,
                    &[
                        &next,
                        &record.id.as_str(),
                        &id,
                        &terminal.court_id,
                        &terminal.site_id,
                        &record.kind,
                        &sql_u64(record.hlc.wall_ms),
                        &i64::from(record.hlc.counter),
                        &body_text(record)?,
                        &record.digest().to_hex(),
                        &sql_u64(now_ms),
                    ],
                )?;
                let seq = u64_from_sql(next)?;
                (seq, PushOutcome::Applied { id: record_id, seq })
            }
            Step::Stored(seq) => (
                *seq,
                PushOutcome::Duplicate {
                    id: record_id,
                    seq: *seq,
                },
            ),
            Step::SameAs(index) => {
                let seq = seqs[*index];
                (seq, PushOutcome::Duplicate { id: record_id, seq })
            }
        };
        seqs.push(seq);
        outcomes.push(outcome);
    }
    if next != last_seq {
        tx.execute("UPDATE record_sequence SET last_seq = $1", &[&next])?;
    }
    let entry = tx.prepare(
        "INSERT INTO audit_entries (terminal_id, seq, record_id, record_digest, prev, hash)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )?;
    for e in &plan.new_entries {
        tx.execute(
            &entry,
            &[
                &id,
                &sql_u64(e.seq),
                &e.record_id.as_str(),
                &e.record_digest.to_hex(),
                &e.prev.to_hex(),
                &e.hash.to_hex(),
            ],
        )?;
    }
    tx.execute(
        "UPDATE terminals SET head_seq = $1, head_hash = $2 WHERE id = $3",
        &[&sql_u64(plan.head.seq), &plan.head.hash.to_hex(), &id],
    )?;
    Ok(Ok(PushAccepted {
        outcomes,
        chain_head: plan.head,
    }))
}
