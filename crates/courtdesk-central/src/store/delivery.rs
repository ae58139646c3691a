//! What the stores keep about deliveries, their evidence and the API
//! clients that publish them.
//!
//! The statements are written once, here, against [`Sql`] (see
//! [`super::sql`]); each backend runs these functions inside its own
//! transaction.

use std::sync::Arc;

use courtdesk_evidence::{ChainLink, CountersignedRecord};
use courtdesk_protocol::Digest;
use courtdesk_protocol::delivery::{
    DeliveryDocument, DeliveryState, DocumentKind, EvidenceHead, ServiceMethod,
};

use super::StoreError;
pub(crate) use super::sql::{Cells, Sql, Value};
use crate::delivery::Refusal;

/// A case system's credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub id: String,
    pub name: String,
    /// SHA-256 of the bearer token; the token itself is never stored.
    pub token_hash: Digest,
    pub created_ms: u64,
    pub revoked_ms: Option<u64>,
    /// The one court it acts for; `None` for a client made before clients
    /// named a court, which acts for any (re-issue it with `--court`).
    pub court_id: Option<String>,
}

/// A delivery as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDelivery {
    pub id: String,
    /// `terminal:<id>`, `api:<client id>` or `admin`.
    pub publisher: String,
    /// The clerk signed in at the desk that published it; `None` for the
    /// case system and the command line.
    pub clerk: Option<String>,
    pub request_id: String,
    pub request_sha256: Digest,
    pub case_number: String,
    pub party_id: String,
    /// The keyed hash of the party's ID number.
    pub party_lookup: String,
    pub resident_id_masked: String,
    pub court_id: String,
    pub site_id: String,
    pub title: String,
    pub kind: DocumentKind,
    pub method: ServiceMethod,
    pub consent: bool,
    pub deadline_ms: u64,
    pub published_ms: u64,
    /// As stored: never `expired`, which [`StoredDelivery::state_at`] derives.
    pub state: DeliveryState,
    pub state_ms: u64,
    pub documents: Vec<DeliveryDocument>,
    /// Filled when read; ignored when stored.
    pub evidence_head: Option<EvidenceHead>,
}

impl StoredDelivery {
    /// The state at `now_ms`: a delivery still open when its deadline passed
    /// has expired.
    pub fn state_at(&self, now_ms: u64) -> DeliveryState {
        let open = matches!(
            self.state,
            DeliveryState::Published | DeliveryState::Available | DeliveryState::Opened
        );
        if open && now_ms >= self.deadline_ms {
            DeliveryState::Expired
        } else {
            self.state
        }
    }
}

/// What became of a publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishOutcome {
    Inserted,
    /// The publisher had used the request id before: the delivery it made.
    Existing(Box<StoredDelivery>),
}

/// Which deliveries to list; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryFilter {
    pub court_id: String,
    pub site_id: String,
    pub case_number: String,
    pub party_lookup: String,
}

/// A countersigned record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvidence {
    pub seq: u64,
    pub record: CountersignedRecord,
}

/// Checks a record against a delivery and its chain head and countersigns
/// it with the next server sequence number, or refuses it; it also gives
/// the delivery's state after the record. Run inside the store's
/// transaction, so the head and the number cannot change meanwhile.
pub type Countersigner = Arc<
    dyn Fn(
            &StoredDelivery,
            Option<ChainLink>,
            u64,
        ) -> Result<(CountersignedRecord, DeliveryState), Refusal>
        + Send
        + Sync,
>;

/// What became of an evidence record.
#[derive(Debug, Clone)]
pub enum EvidenceOutcome {
    Accepted {
        record: Box<CountersignedRecord>,
        state: DeliveryState,
    },
    /// Countersigned before: the stored countersignature.
    Duplicate {
        record: Box<CountersignedRecord>,
        state: DeliveryState,
    },
    Refused(Refusal),
}

const CLIENT_COLUMNS: &str = "id, name, token_hash, created_ms, revoked_ms, court_id";

const DELIVERY_COLUMNS: &str = "id, publisher, request_id, request_sha256, case_number, \
     party_id, party_lookup, resident_id_masked, court_id, site_id, title, kind, method, \
     consent, deadline_ms, published_ms, state, state_ms, clerk";

fn client_from(cells: &Cells) -> Result<ApiClient, StoreError> {
    Ok(ApiClient {
        id: cells.text(0)?,
        name: cells.text(1)?,
        token_hash: cells.digest(2)?,
        created_ms: cells.u64(3)?,
        revoked_ms: cells.opt_u64(4)?,
        court_id: cells.opt_text(5)?,
    })
}

pub(crate) fn add_api_client(sql: &mut dyn Sql, client: &ApiClient) -> Result<bool, StoreError> {
    let inserted = sql.execute(
        &format!(
            "INSERT INTO api_clients ({CLIENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (name) DO NOTHING"
        ),
        &[
            client.id.as_str().into(),
            client.name.as_str().into(),
            client.token_hash.to_hex().into(),
            client.created_ms.into(),
            client.revoked_ms.into(),
            client.court_id.as_deref().map_or(Value::Null, Value::from),
        ],
    )?;
    Ok(inserted == 1)
}

pub(crate) fn api_clients(sql: &mut dyn Sql) -> Result<Vec<ApiClient>, StoreError> {
    sql.query(
        &format!("SELECT {CLIENT_COLUMNS} FROM api_clients ORDER BY name"),
        &[],
    )?
    .iter()
    .map(client_from)
    .collect()
}

pub(crate) fn api_client_by_token(
    sql: &mut dyn Sql,
    token_hash: &Digest,
) -> Result<Option<ApiClient>, StoreError> {
    sql.query(
        &format!("SELECT {CLIENT_COLUMNS} FROM api_clients WHERE token_hash = $1"),
        &[token_hash.to_hex().into()],
    )?
    .first()
    .map(client_from)
    .transpose()
}

pub(crate) fn revoke_api_client(
    sql: &mut dyn Sql,
    name: &str,
    now_ms: u64,
) -> Result<bool, StoreError> {
    let changed = sql.execute(
        "UPDATE api_clients SET revoked_ms = COALESCE(revoked_ms, $1) WHERE name = $2",
        &[now_ms.into(), name.into()],
    )?;
    Ok(changed == 1)
}

pub(crate) fn set_party_address(
    sql: &mut dyn Sql,
    party_id: &str,
    sealed: &str,
) -> Result<bool, StoreError> {
    let exists = !sql
        .query("SELECT id FROM parties WHERE id = $1", &[party_id.into()])?
        .is_empty();
    if !exists {
        return Ok(false);
    }
    sql.execute(
        "INSERT INTO party_addresses (party_id, address_sealed) VALUES ($1, $2)
         ON CONFLICT (party_id) DO UPDATE SET address_sealed = excluded.address_sealed",
        &[party_id.into(), sealed.into()],
    )?;
    Ok(true)
}

pub(crate) fn party_address(
    sql: &mut dyn Sql,
    party_id: &str,
) -> Result<Option<String>, StoreError> {
    sql.query(
        "SELECT address_sealed FROM party_addresses WHERE party_id = $1",
        &[party_id.into()],
    )?
    .first()
    .map(|cells| cells.text(0))
    .transpose()
}

fn parse_name<T>(text: String, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(&text).ok_or_else(|| StoreError::Corrupt(format!("delivery field {text:?}")))
}

fn delivery_from(sql: &mut dyn Sql, cells: &Cells) -> Result<StoredDelivery, StoreError> {
    let id = cells.text(0)?;
    let documents = sql
        .query(
            "SELECT name, sha256, size FROM delivery_documents WHERE delivery_id = $1
             ORDER BY position",
            &[id.as_str().into()],
        )?
        .iter()
        .map(|row| {
            Ok(DeliveryDocument {
                name: row.text(0)?,
                sha256: row.digest(1)?,
                size: row.u64(2)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let evidence_head = sql
        .query(
            "SELECT seq, record_sha256 FROM delivery_evidence WHERE delivery_id = $1
             ORDER BY seq DESC LIMIT 1",
            &[id.as_str().into()],
        )?
        .first()
        .map(|row| {
            Ok::<_, StoreError>(EvidenceHead {
                seq: row.u64(0)?,
                record_sha256: row.digest(1)?,
            })
        })
        .transpose()?;
    Ok(StoredDelivery {
        id,
        publisher: cells.text(1)?,
        request_id: cells.text(2)?,
        request_sha256: cells.digest(3)?,
        case_number: cells.text(4)?,
        party_id: cells.text(5)?,
        party_lookup: cells.text(6)?,
        resident_id_masked: cells.text(7)?,
        court_id: cells.text(8)?,
        site_id: cells.text(9)?,
        title: cells.text(10)?,
        kind: parse_name(cells.text(11)?, DocumentKind::parse)?,
        method: parse_name(cells.text(12)?, ServiceMethod::parse)?,
        consent: cells.u64(13)? != 0,
        deadline_ms: cells.u64(14)?,
        published_ms: cells.u64(15)?,
        state: parse_name(cells.text(16)?, DeliveryState::parse)?,
        state_ms: cells.u64(17)?,
        clerk: cells.opt_text(18)?,
        documents,
        evidence_head,
    })
}

fn deliveries_where(
    sql: &mut dyn Sql,
    condition: &str,
    params: &[Value],
    lock: &str,
) -> Result<Vec<StoredDelivery>, StoreError> {
    let rows = sql.query(
        &format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE {condition}
             ORDER BY published_ms DESC, id{lock}"
        ),
        params,
    )?;
    rows.iter().map(|row| delivery_from(sql, row)).collect()
}

pub(crate) fn delivery(sql: &mut dyn Sql, id: &str) -> Result<Option<StoredDelivery>, StoreError> {
    Ok(deliveries_where(sql, "id = $1", &[id.into()], "")?
        .into_iter()
        .next())
}

pub(crate) fn delivery_by_request(
    sql: &mut dyn Sql,
    publisher: &str,
    request_id: &str,
) -> Result<Option<StoredDelivery>, StoreError> {
    Ok(deliveries_where(
        sql,
        "publisher = $1 AND request_id = $2",
        &[publisher.into(), request_id.into()],
        "",
    )?
    .into_iter()
    .next())
}

pub(crate) fn deliveries(
    sql: &mut dyn Sql,
    filter: &DeliveryFilter,
) -> Result<Vec<StoredDelivery>, StoreError> {
    deliveries_where(
        sql,
        "($1 = '' OR court_id = $1) AND ($2 = '' OR site_id = $2)
         AND ($3 = '' OR case_number = $3) AND ($4 = '' OR party_lookup = $4)",
        &[
            filter.court_id.as_str().into(),
            filter.site_id.as_str().into(),
            filter.case_number.as_str().into(),
            filter.party_lookup.as_str().into(),
        ],
        "",
    )
}

pub(crate) fn publish(
    sql: &mut dyn Sql,
    delivery: &StoredDelivery,
) -> Result<PublishOutcome, StoreError> {
    let inserted = sql.execute(
        &format!(
            "INSERT INTO deliveries ({DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7,
             $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
             ON CONFLICT (publisher, request_id) DO NOTHING"
        ),
        &[
            delivery.id.as_str().into(),
            delivery.publisher.as_str().into(),
            delivery.request_id.as_str().into(),
            delivery.request_sha256.to_hex().into(),
            delivery.case_number.as_str().into(),
            delivery.party_id.as_str().into(),
            delivery.party_lookup.as_str().into(),
            delivery.resident_id_masked.as_str().into(),
            delivery.court_id.as_str().into(),
            delivery.site_id.as_str().into(),
            delivery.title.as_str().into(),
            delivery.kind.as_str().into(),
            delivery.method.as_str().into(),
            u64::from(delivery.consent).into(),
            delivery.deadline_ms.into(),
            delivery.published_ms.into(),
            delivery.state.as_str().into(),
            delivery.state_ms.into(),
            delivery.clerk.as_deref().into(),
        ],
    )?;
    if inserted == 0 {
        let existing = delivery_by_request(sql, &delivery.publisher, &delivery.request_id)?
            .ok_or_else(|| StoreError::Corrupt("a conflicting publication vanished".into()))?;
        return Ok(PublishOutcome::Existing(Box::new(existing)));
    }
    for (position, document) in delivery.documents.iter().enumerate() {
        sql.execute(
            "INSERT INTO delivery_documents (delivery_id, position, name, sha256, size)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                delivery.id.as_str().into(),
                (position as u64).into(),
                document.name.as_str().into(),
                document.sha256.to_hex().into(),
                document.size.into(),
            ],
        )?;
    }
    Ok(PublishOutcome::Inserted)
}

pub(crate) fn site_holds_document(
    sql: &mut dyn Sql,
    court_id: &str,
    site_id: &str,
    sha256: &Digest,
) -> Result<bool, StoreError> {
    Ok(!sql
        .query(
            "SELECT dd.delivery_id FROM delivery_documents dd
             JOIN deliveries d ON d.id = dd.delivery_id
             WHERE dd.sha256 = $1 AND d.court_id = $2 AND d.site_id = $3 LIMIT 1",
            &[sha256.to_hex().into(), court_id.into(), site_id.into()],
        )?
        .is_empty())
}

pub(crate) fn mark_available(
    sql: &mut dyn Sql,
    ids: &[String],
    now_ms: u64,
) -> Result<(), StoreError> {
    for id in ids {
        sql.execute(
            "UPDATE deliveries SET state = 'available', state_ms = $1
             WHERE id = $2 AND state = 'published'",
            &[now_ms.into(), id.as_str().into()],
        )?;
    }
    Ok(())
}

fn countersigned_from(text: &str) -> Result<CountersignedRecord, StoreError> {
    serde_json::from_str(text)
        .map_err(|error| StoreError::Corrupt(format!("stored evidence: {error}")))
}

pub(crate) fn evidence(
    sql: &mut dyn Sql,
    delivery_id: &str,
) -> Result<Vec<StoredEvidence>, StoreError> {
    sql.query(
        "SELECT seq, countersigned FROM delivery_evidence WHERE delivery_id = $1 ORDER BY seq",
        &[delivery_id.into()],
    )?
    .iter()
    .map(|row| {
        Ok(StoredEvidence {
            seq: row.u64(0)?,
            record: countersigned_from(&row.text(1)?)?,
        })
    })
    .collect()
}

/// Checks, countersigns and stores one record, in the caller's transaction.
pub(crate) fn add_evidence(
    sql: &mut dyn Sql,
    delivery_id: &str,
    record_sha256: &Digest,
    countersign: &Countersigner,
    now_ms: u64,
) -> Result<EvidenceOutcome, StoreError> {
    // Locked first, so two records of one delivery are taken one after the
    // other and each sees the chain the other left.
    let lock = sql.for_update();
    let Some(delivery) = deliveries_where(sql, "id = $1", &[delivery_id.into()], lock)?
        .into_iter()
        .next()
    else {
        return Ok(EvidenceOutcome::Refused(Refusal::unknown_delivery()));
    };
    let stored = sql.query(
        "SELECT countersigned FROM delivery_evidence WHERE delivery_id = $1 AND record_sha256 = $2",
        &[delivery_id.into(), record_sha256.to_hex().into()],
    )?;
    if let Some(row) = stored.first() {
        return Ok(EvidenceOutcome::Duplicate {
            record: Box::new(countersigned_from(&row.text(0)?)?),
            state: delivery.state_at(now_ms),
        });
    }
    let head = delivery.evidence_head.map(|head| ChainLink {
        seq: head.seq,
        sha256: head.record_sha256,
    });
    let next = sql
        .query(
            &format!("SELECT last FROM evidence_sequence WHERE only_row = 1{lock}"),
            &[],
        )?
        .first()
        .ok_or_else(|| StoreError::Corrupt("the evidence sequence row is missing".into()))?
        .u64(0)?
        + 1;
    let (record, state) = match countersign(&delivery, head, next) {
        Ok(done) => done,
        Err(refusal) => return Ok(EvidenceOutcome::Refused(refusal)),
    };
    let countersignature = record.countersignature();
    let event = record.signed().record().event.as_str();
    let json = serde_json::to_string(&record)
        .map_err(|error| StoreError::Corrupt(format!("evidence to store: {error}")))?;
    sql.execute(
        "INSERT INTO delivery_evidence (delivery_id, seq, record_sha256, evidence_sha256, event,
             terminal_id, received_at_ms, server_seq, countersigned)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            delivery_id.into(),
            record.signed().record().seq.into(),
            record_sha256.to_hex().into(),
            countersignature.evidence_sha256.to_hex().into(),
            event.into(),
            record.signed().record().terminal_id.to_string().into(),
            countersignature.received_at_ms.into(),
            countersignature.server_seq.into(),
            json.into(),
        ],
    )?;
    sql.execute(
        "UPDATE evidence_sequence SET last = $1 WHERE only_row = 1",
        &[next.into()],
    )?;
    if state != delivery.state {
        sql.execute(
            "UPDATE deliveries SET state = $1, state_ms = $2 WHERE id = $3",
            &[state.as_str().into(), now_ms.into(), delivery_id.into()],
        )?;
    }
    let mut after = delivery;
    after.state = state;
    Ok(EvidenceOutcome::Accepted {
        record: Box::new(record),
        state: after.state_at(now_ms),
    })
}

/// A delivery for unit tests: published at 0, due at 1,000, no documents.
#[cfg(test)]
pub(crate) fn sample(state: DeliveryState, method: ServiceMethod) -> StoredDelivery {
    StoredDelivery {
        id: "D-1".into(),
        publisher: "admin".into(),
        clerk: None,
        request_id: "r".into(),
        request_sha256: Digest::of(b"r"),
        case_number: "c".into(),
        party_id: "p".into(),
        party_lookup: "l".into(),
        resident_id_masked: "m".into(),
        court_id: "court".into(),
        site_id: "site".into(),
        title: "t".into(),
        kind: DocumentKind::Summons,
        method,
        consent: true,
        deadline_ms: 1_000,
        published_ms: 0,
        state,
        state_ms: 0,
        documents: Vec::new(),
        evidence_head: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(state: DeliveryState, deadline_ms: u64) -> StoredDelivery {
        StoredDelivery {
            deadline_ms,
            ..sample(state, ServiceMethod::Electronic)
        }
    }

    #[test]
    fn an_open_delivery_past_its_deadline_reads_as_expired_and_a_final_one_does_not() {
        for open in [
            DeliveryState::Published,
            DeliveryState::Available,
            DeliveryState::Opened,
        ] {
            assert_eq!(delivery(open, 100).state_at(99), open);
            assert_eq!(delivery(open, 100).state_at(100), DeliveryState::Expired);
        }
        for closed in [
            DeliveryState::Acknowledged,
            DeliveryState::Refused,
            DeliveryState::Paper,
        ] {
            assert_eq!(delivery(closed, 100).state_at(1_000), closed);
        }
    }
}
