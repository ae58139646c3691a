//! Deliveries, their evidence and API clients in the SQLite store: the
//! statements of [`crate::store::delivery`] run on the writer for writes
//! and on a read-only connection for reads.

use courtdesk_protocol::Digest;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql};

use super::SqliteStore;
use crate::store::cases;
use crate::store::delivery::{self as shared, Cells, Sql, Value};
use crate::store::{
    ApiClient, CaseToPut, Countersigner, DeliveryFilter, EvidenceOutcome, PartyOnFile,
    PublishOutcome, StoreError, StoredDelivery, StoredEvidence, StoredPartyCase,
};

/// A connection seen through [`Sql`].
struct Lite<'a>(&'a Connection);

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Value::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
        })
    }
}

impl Sql for Lite<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let changed = self
            .0
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(params))?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Cells>, StoreError> {
        let mut statement = self.0.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut cells = Vec::with_capacity(columns);
            for i in 0..columns {
                cells.push(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Text(text) => Value::Text(
                        String::from_utf8(text.to_vec())
                            .map_err(|_| StoreError::Corrupt(format!("column {i} is not UTF-8")))?,
                    ),
                    other => {
                        return Err(StoreError::Corrupt(format!(
                            "column {i} has type {:?}",
                            other.data_type()
                        )));
                    }
                });
            }
            out.push(Cells(cells));
        }
        Ok(out)
    }

    fn for_update(&self) -> &'static str {
        ""
    }
}

impl SqliteStore {
    fn read_with<T>(
        &self,
        action: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let connection = self.readers.get()?;
        action(&mut Lite(&connection))
    }

    fn write_with<T: Send + 'static>(
        &self,
        action: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.write(move |tx| action(&mut Lite(tx)))
    }
}

pub(super) fn party_by_id(
    store: &SqliteStore,
    id: &str,
) -> Result<Option<PartyOnFile>, StoreError> {
    let connection = store.readers.get()?;
    let lookup: Option<String> = connection
        .prepare_cached("SELECT resident_id_lookup FROM parties WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    drop(connection);
    match lookup {
        Some(lookup) => super::identity::party_by_lookup(store, &lookup),
        None => Ok(None),
    }
}

pub(super) fn set_party_address(
    store: &SqliteStore,
    party_id: &str,
    sealed: &str,
) -> Result<bool, StoreError> {
    let (party_id, sealed) = (party_id.to_owned(), sealed.to_owned());
    store.write_with(move |sql| shared::set_party_address(sql, &party_id, &sealed))
}

pub(super) fn party_address(
    store: &SqliteStore,
    party_id: &str,
) -> Result<Option<String>, StoreError> {
    store.read_with(|sql| shared::party_address(sql, party_id))
}

pub(super) fn add_api_client(store: &SqliteStore, client: &ApiClient) -> Result<bool, StoreError> {
    let client = client.clone();
    store.write_with(move |sql| shared::add_api_client(sql, &client))
}

pub(super) fn api_clients(store: &SqliteStore) -> Result<Vec<ApiClient>, StoreError> {
    store.read_with(shared::api_clients)
}

pub(super) fn api_client_by_token(
    store: &SqliteStore,
    token_hash: &Digest,
) -> Result<Option<ApiClient>, StoreError> {
    store.read_with(|sql| shared::api_client_by_token(sql, token_hash))
}

pub(super) fn revoke_api_client(
    store: &SqliteStore,
    name: &str,
    now_ms: u64,
) -> Result<bool, StoreError> {
    let name = name.to_owned();
    store.write_with(move |sql| shared::revoke_api_client(sql, &name, now_ms))
}

pub(super) fn publish_delivery(
    store: &SqliteStore,
    delivery: &StoredDelivery,
) -> Result<PublishOutcome, StoreError> {
    let delivery = delivery.clone();
    store.write_with(move |sql| shared::publish(sql, &delivery))
}

pub(super) fn delivery(
    store: &SqliteStore,
    id: &str,
) -> Result<Option<StoredDelivery>, StoreError> {
    store.read_with(|sql| shared::delivery(sql, id))
}

pub(super) fn delivery_by_request(
    store: &SqliteStore,
    publisher: &str,
    request_id: &str,
) -> Result<Option<StoredDelivery>, StoreError> {
    store.read_with(|sql| shared::delivery_by_request(sql, publisher, request_id))
}

pub(super) fn deliveries(
    store: &SqliteStore,
    filter: &DeliveryFilter,
) -> Result<Vec<StoredDelivery>, StoreError> {
    store.read_with(|sql| shared::deliveries(sql, filter))
}

pub(super) fn site_holds_document(
    store: &SqliteStore,
    court_id: &str,
    site_id: &str,
    sha256: &Digest,
) -> Result<bool, StoreError> {
    store.read_with(|sql| shared::site_holds_document(sql, court_id, site_id, sha256))
}

pub(super) fn mark_available(
    store: &SqliteStore,
    ids: &[String],
    now_ms: u64,
) -> Result<(), StoreError> {
    let ids = ids.to_vec();
    store.write_with(move |sql| shared::mark_available(sql, &ids, now_ms))
}

pub(super) fn add_evidence(
    store: &SqliteStore,
    delivery_id: &str,
    record_sha256: &Digest,
    countersign: Countersigner,
    now_ms: u64,
) -> Result<EvidenceOutcome, StoreError> {
    let (delivery_id, record_sha256) = (delivery_id.to_owned(), *record_sha256);
    store.write_with(move |sql| {
        shared::add_evidence(sql, &delivery_id, &record_sha256, &countersign, now_ms)
    })
}

pub(super) fn evidence(
    store: &SqliteStore,
    delivery_id: &str,
) -> Result<Vec<StoredEvidence>, StoreError> {
    store.read_with(|sql| shared::evidence(sql, delivery_id))
}

pub(super) fn put_case(store: &SqliteStore, case: &CaseToPut) -> Result<(), StoreError> {
    let case = case.clone();
    store.write_with(move |sql| cases::put_case(sql, &case))
}

pub(super) fn case_parties(
    store: &SqliteStore,
    court_id: &str,
    case_number: &str,
) -> Result<Vec<crate::store::StoredCaseParty>, StoreError> {
    store.read_with(|sql| cases::case_parties(sql, court_id, case_number))
}

pub(super) fn party_cases(
    store: &SqliteStore,
    court_id: &str,
    party_lookup: &str,
) -> Result<Vec<StoredPartyCase>, StoreError> {
    store.read_with(|sql| cases::party_cases(sql, court_id, party_lookup))
}
