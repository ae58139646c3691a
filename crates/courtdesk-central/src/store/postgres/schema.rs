//! Preparing a PostgreSQL database: the embedded, forward-only migrations
//! and the refusal of databases that are not ours or are newer than us.

use postgres::Client;

use crate::settings::PostgresUrl;
use crate::store::StoreError;

/// Applied in order, one transaction each, and never edited once released;
/// each file opens with a comment saying why it exists.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/postgres/0001_initial.sql"),
    include_str!("../../../migrations/postgres/0002_nonces_in_memory.sql"),
    include_str!("../../../migrations/postgres/0003_number_leases.sql"),
    include_str!("../../../migrations/postgres/0004_identity.sql"),
    include_str!("../../../migrations/postgres/0005_delivery.sql"),
    include_str!("../../../migrations/postgres/0006_case_parties.sql"),
    include_str!("../../../migrations/postgres/0007_who_acts.sql"),
    include_str!("../../../migrations/postgres/0008_card_reads.sql"),
    include_str!("../../../migrations/postgres/0009_site_config.sql"),
];

/// Serializes servers migrating the same database at once ("CDSC").
const MIGRATION_LOCK: i64 = 0x4344_5343;

/// Where the schema version is kept; its presence marks a CourtDesk
/// central database.
const VERSION_TABLE: &str = "courtdesk_schema";

pub(super) fn prepare(client: &mut Client, url: &PostgresUrl) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as i64;
    loop {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let version = match current_version(&mut tx)? {
            Some(version) => version,
            None => {
                let tables: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM information_schema.tables
                         WHERE table_schema = current_schema()",
                        &[],
                    )?
                    .get(0);
                if tables > 0 {
                    return Err(StoreError::ForeignPostgres(url.redacted()));
                }
                tx.batch_execute(&format!(
                    "CREATE TABLE {VERSION_TABLE} (version BIGINT NOT NULL);
                     INSERT INTO {VERSION_TABLE} (version) VALUES (0);"
                ))?;
                0
            }
        };
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            return Ok(tx.commit()?);
        };
        tx.batch_execute(sql)?;
        tx.execute(
            &format!("UPDATE {VERSION_TABLE} SET version = $1"),
            &[&(version + 1)],
        )?;
        tx.commit()?;
    }
}

fn current_version(tx: &mut postgres::Transaction<'_>) -> Result<Option<i64>, StoreError> {
    let exists: bool = tx
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&VERSION_TABLE])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = tx.query_one(&format!("SELECT version FROM {VERSION_TABLE}"), &[])?;
    Ok(Some(row.get(0)))
}
