//! Electronic delivery at a kiosk: fetched documents, the deliveries last
//! seen for each party, and the evidence records the terminal signed with
//! the court's countersignatures once they come back (migration 8).

use courtdesk_protocol::hlc::{Hlc, HlcClock};
use rusqlite::OptionalExtension;

use crate::sync_state;
use crate::{Store, StoreError};

/// An evidence record as built and signed, to be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    /// The evidence digest, hex.
    pub evidence_sha256: String,
    pub delivery_id: String,
    pub seq: u64,
    /// The record digest, hex.
    pub record_sha256: String,
    /// The record's canonical JSON.
    pub record: String,
    /// The terminal's signature, base64.
    pub terminal_signature: String,
}

/// A kept evidence record, with the server's receipt once countersigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow {
    pub evidence: NewEvidence,
    pub created_at_ms: i64,
    /// The receipt's JSON; `None` while the record waits to be sent.
    pub receipt: Option<String>,
    pub countersigned_at_ms: Option<i64>,
}

const EVIDENCE_COLUMNS: &str = "evidence_sha256, delivery_id, seq, record_sha256, record, \
     terminal_signature, created_at_ms, receipt, countersigned_at_ms";

fn evidence_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<EvidenceRow> {
    let seq: i64 = row.get(2)?;
    Ok(EvidenceRow {
        evidence: NewEvidence {
            evidence_sha256: row.get(0)?,
            delivery_id: row.get(1)?,
            seq: u64::try_from(seq).unwrap_or(0),
            record_sha256: row.get(3)?,
            record: row.get(4)?,
            terminal_signature: row.get(5)?,
        },
        created_at_ms: row.get(6)?,
        receipt: row.get(7)?,
        countersigned_at_ms: row.get(8)?,
    })
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// Keeps a document's bytes under its SHA-256 (hex); kept once.
    pub fn put_delivery_document(
        &self,
        sha256: &str,
        bytes: &[u8],
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO delivery_document (sha256, bytes, fetched_at_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (sha256) DO NOTHING",
                (sha256, bytes, now_ms),
            )?;
            Ok(())
        })
    }

    /// A kept document's bytes by its SHA-256 (hex).
    pub fn delivery_document(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT bytes FROM delivery_document WHERE sha256 = ?1",
                    [sha256],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }

    /// Replaces what was last seen for the party `party_key`: pairs of a
    /// delivery id and the delivery's JSON.
    pub fn put_party_deliveries(
        &self,
        party_key: &str,
        deliveries: &[(String, String)],
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM delivery_seen WHERE party_key = ?1",
                [party_key],
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO delivery_seen (party_key, delivery_id, delivery, seen_at_ms)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (id, delivery) in deliveries {
                insert.execute((party_key, id, delivery, now_ms))?;
            }
            Ok(())
        })
    }

    /// The deliveries' JSON last seen for the party `party_key`, by id.
    pub fn party_deliveries(&self, party_key: &str) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT delivery FROM delivery_seen WHERE party_key = ?1 ORDER BY delivery_id",
            )?;
            let rows = statement.query_map([party_key], |row| row.get(0))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?)
        })
    }

    /// Builds and keeps one evidence record in one transaction: `build` is
    /// given the terminal's next clock stamp and the delivery's last kept
    /// record (`seq`, record digest hex), and its record is stored with the
    /// advanced clock, or nothing is when it fails.
    pub fn record_evidence<E: From<StoreError>>(
        &self,
        delivery_id: &str,
        now_ms: i64,
        build: impl FnOnce(Hlc, Option<(u64, String)>) -> Result<NewEvidence, E>,
    ) -> Result<EvidenceRow, E> {
        let mut failure = None;
        let written = self.write(|tx| {
            let mut clock = HlcClock::resume(sync_state::last_hlc(tx)?);
            let hlc = clock.tick(u64::try_from(now_ms).unwrap_or(0));
            let head = tx
                .query_row(
                    "SELECT seq, record_sha256 FROM delivery_evidence WHERE delivery_id = ?1
                     ORDER BY seq DESC LIMIT 1",
                    [delivery_id],
                    |row| {
                        Ok((
                            u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                            row.get(1)?,
                        ))
                    },
                )
                .optional()?;
            let evidence = match build(hlc, head) {
                Ok(evidence) => evidence,
                Err(error) => {
                    failure = Some(error);
                    return Err(StoreError::Corrupt {
                        what: "evidence record not built",
                    });
                }
            };
            tx.execute(
                "INSERT INTO delivery_evidence (evidence_sha256, delivery_id, seq, record_sha256,
                     record, terminal_signature, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (
                    &evidence.evidence_sha256,
                    &evidence.delivery_id,
                    to_i64(evidence.seq),
                    &evidence.record_sha256,
                    &evidence.record,
                    &evidence.terminal_signature,
                    now_ms,
                ),
            )?;
            sync_state::save_hlc(tx, clock.last())?;
            Ok(EvidenceRow {
                evidence,
                created_at_ms: now_ms,
                receipt: None,
                countersigned_at_ms: None,
            })
        });
        match (written, failure) {
            (_, Some(error)) => Err(error),
            (written, None) => written.map_err(E::from),
        }
    }

    /// Evidence records still waiting for the court's countersignature,
    /// oldest first (so a delivery's chain is sent in order); a record the
    /// court refused for good waits no more.
    pub fn pending_evidence(&self) -> Result<Vec<EvidenceRow>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {EVIDENCE_COLUMNS} FROM delivery_evidence
                 WHERE receipt IS NULL AND refused_code IS NULL
                 ORDER BY created_at_ms, delivery_id, seq"
            ))?;
            let rows = statement.query_map([], evidence_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// The records this terminal kept for one delivery, in chain order,
    /// with the court's reason for each it refused for good.
    pub fn delivery_evidence(
        &self,
        delivery_id: &str,
    ) -> Result<Vec<(EvidenceRow, Option<String>)>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {EVIDENCE_COLUMNS}, refused_code FROM delivery_evidence
                 WHERE delivery_id = ?1 ORDER BY seq"
            ))?;
            let rows = statement.query_map([delivery_id], |row| {
                Ok((evidence_from_row(row)?, row.get::<_, Option<String>>(9)?))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// One kept evidence record by its evidence digest (hex).
    pub fn evidence(&self, evidence_sha256: &str) -> Result<Option<EvidenceRow>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    &format!(
                        "SELECT {EVIDENCE_COLUMNS} FROM delivery_evidence
                         WHERE evidence_sha256 = ?1"
                    ),
                    [evidence_sha256],
                    evidence_from_row,
                )
                .optional()?)
        })
    }

    /// Marks a record the court refused for good, with the court's reason
    /// (its error code), so it is no longer sent. A record already
    /// countersigned or refused is left as it is.
    pub fn evidence_refused(
        &self,
        evidence_sha256: &str,
        code: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE delivery_evidence SET refused_code = ?2, refused_at_ms = ?3
                 WHERE evidence_sha256 = ?1 AND receipt IS NULL AND refused_code IS NULL",
                (evidence_sha256, code, now_ms),
            )?;
            Ok(())
        })
    }

    /// The court's reason for refusing a record for good, if it did.
    pub fn evidence_refusal(&self, evidence_sha256: &str) -> Result<Option<String>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT refused_code FROM delivery_evidence WHERE evidence_sha256 = ?1",
                    [evidence_sha256],
                    |row| row.get::<_, Option<String>>(0),
                )
                .optional()?
                .flatten())
        })
    }

    /// Keeps the court's receipt with its record. A second receipt for the
    /// same record leaves the first.
    pub fn evidence_countersigned(
        &self,
        evidence_sha256: &str,
        receipt: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE delivery_evidence SET receipt = ?2, countersigned_at_ms = ?3
                 WHERE evidence_sha256 = ?1 AND receipt IS NULL",
                (evidence_sha256, receipt, now_ms),
            )?;
            Ok(())
        })
    }
}
