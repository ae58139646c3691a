//! Deliveries, their evidence and API clients in the PostgreSQL store: the
//! statements of [`crate::store::delivery`], each call one transaction.

use courtdesk_protocol::Digest;
use postgres::types::{ToSql, Type};

use super::PgStore;
use crate::store::cases;
use crate::store::delivery::{self as shared, Cells, Sql, Value};
use crate::store::{
    ApiClient, CaseToPut, Countersigner, DeliveryFilter, EvidenceOutcome, PartyOnFile,
    PublishOutcome, StoreError, StoredDelivery, StoredEvidence, StoredPartyCase,
};

/// A transaction seen through [`Sql`].
struct Pg<'a, 'b>(&'a mut postgres::Transaction<'b>);

/// SQL NULL for a parameter of any type (an `Option` of one Rust type is
/// accepted only for columns of that type).
#[derive(Debug)]
struct Null;

impl ToSql for Null {
    fn to_sql(
        &self,
        _: &postgres::types::Type,
        _: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        Ok(postgres::types::IsNull::Yes)
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn bound(params: &[Value]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|value| -> Box<dyn ToSql + Sync> {
            match value {
                Value::Text(text) => Box::new(text.clone()),
                Value::Int(n) => Box::new(*n),
                Value::Null => Box::new(Null),
            }
        })
        .collect()
}

impl Sql for Pg<'_, '_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let owned = bound(params);
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        Ok(self.0.execute(sql, &refs)?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Cells>, StoreError> {
        let owned = bound(params);
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        let rows = self.0.query(sql, &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut cells = Vec::with_capacity(row.len());
            for (i, column) in row.columns().iter().enumerate() {
                let cell = match *column.type_() {
                    Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
                    Type::INT4 => row
                        .try_get::<_, Option<i32>>(i)?
                        .map(|n| Value::Int(i64::from(n))),
                    Type::BOOL => row
                        .try_get::<_, Option<bool>>(i)?
                        .map(|b| Value::Int(i64::from(b))),
                    _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
                };
                cells.push(cell.unwrap_or(Value::Null));
            }
            out.push(Cells(cells));
        }
        Ok(out)
    }

    fn for_update(&self) -> &'static str {
        " FOR UPDATE"
    }
}

impl PgStore {
    fn with_sql<T>(
        &self,
        action: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write(|tx| action(&mut Pg(tx)))
    }
}

pub(super) fn party_by_id(store: &PgStore, id: &str) -> Result<Option<PartyOnFile>, StoreError> {
    let lookup = store.with_sql(|sql| {
        sql.query(
            "SELECT resident_id_lookup FROM parties WHERE id = $1",
            &[id.into()],
        )?
        .first()
        .map(|cells| cells.text(0))
        .transpose()
    })?;
    match lookup {
        Some(lookup) => super::identity::party_by_lookup(store, &lookup),
        None => Ok(None),
    }
}

pub(super) fn set_party_address(
    store: &PgStore,
    party_id: &str,
    sealed: &str,
) -> Result<bool, StoreError> {
    store.with_sql(|sql| shared::set_party_address(sql, party_id, sealed))
}

pub(super) fn party_address(store: &PgStore, party_id: &str) -> Result<Option<String>, StoreError> {
    store.with_sql(|sql| shared::party_address(sql, party_id))
}

pub(super) fn add_api_client(store: &PgStore, client: &ApiClient) -> Result<bool, StoreError> {
    store.with_sql(|sql| shared::add_api_client(sql, client))
}

pub(super) fn api_clients(store: &PgStore) -> Result<Vec<ApiClient>, StoreError> {
    store.with_sql(shared::api_clients)
}

pub(super) fn api_client_by_token(
    store: &PgStore,
    token_hash: &Digest,
) -> Result<Option<ApiClient>, StoreError> {
    store.with_sql(|sql| shared::api_client_by_token(sql, token_hash))
}

pub(super) fn revoke_api_client(
    store: &PgStore,
    name: &str,
    now_ms: u64,
) -> Result<bool, StoreError> {
    store.with_sql(|sql| shared::revoke_api_client(sql, name, now_ms))
}

pub(super) fn publish_delivery(
    store: &PgStore,
    delivery: &StoredDelivery,
) -> Result<PublishOutcome, StoreError> {
    store.with_sql(|sql| shared::publish(sql, delivery))
}

pub(super) fn delivery(store: &PgStore, id: &str) -> Result<Option<StoredDelivery>, StoreError> {
    store.with_sql(|sql| shared::delivery(sql, id))
}

pub(super) fn delivery_by_request(
    store: &PgStore,
    publisher: &str,
    request_id: &str,
) -> Result<Option<StoredDelivery>, StoreError> {
    store.with_sql(|sql| shared::delivery_by_request(sql, publisher, request_id))
}

pub(super) fn deliveries(
    store: &PgStore,
    filter: &DeliveryFilter,
) -> Result<Vec<StoredDelivery>, StoreError> {
    store.with_sql(|sql| shared::deliveries(sql, filter))
}

pub(super) fn site_holds_document(
    store: &PgStore,
    court_id: &str,
    site_id: &str,
    sha256: &Digest,
) -> Result<bool, StoreError> {
    store.with_sql(|sql| shared::site_holds_document(sql, court_id, site_id, sha256))
}

pub(super) fn mark_available(
    store: &PgStore,
    ids: &[String],
    now_ms: u64,
) -> Result<(), StoreError> {
    store.with_sql(|sql| shared::mark_available(sql, ids, now_ms))
}

pub(super) fn add_evidence(
    store: &PgStore,
    delivery_id: &str,
    record_sha256: &Digest,
    countersign: Countersigner,
    now_ms: u64,
) -> Result<EvidenceOutcome, StoreError> {
    store
        .with_sql(|sql| shared::add_evidence(sql, delivery_id, record_sha256, &countersign, now_ms))
}

pub(super) fn evidence(
    store: &PgStore,
    delivery_id: &str,
) -> Result<Vec<StoredEvidence>, StoreError> {
    store.with_sql(|sql| shared::evidence(sql, delivery_id))
}

pub(super) fn put_case(store: &PgStore, case: &CaseToPut) -> Result<(), StoreError> {
    store.with_sql(|sql| cases::put_case(sql, case))
}

pub(super) fn case_parties(
    store: &PgStore,
    court_id: &str,
    case_number: &str,
) -> Result<Vec<crate::store::StoredCaseParty>, StoreError> {
    store.with_sql(|sql| cases::case_parties(sql, court_id, case_number))
}

pub(super) fn party_cases(
    store: &PgStore,
    court_id: &str,
    party_lookup: &str,
) -> Result<Vec<StoredPartyCase>, StoreError> {
    store.with_sql(|sql| cases::party_cases(sql, court_id, party_lookup))
}
