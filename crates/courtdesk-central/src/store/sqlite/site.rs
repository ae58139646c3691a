//! Site configuration versions in the SQLite store.

use rusqlite::{OptionalExtension, Row, params};

use super::SqliteStore;
use super::rows::{parse_digest, sql_u64, u64_from_sql};
use crate::store::{SiteVersionWrite, StoreError, StoredSiteVersion};

const COLUMNS: &str = "court_id, site_id, number, parent_digest, digest, version_json, \
     signature, made_by, made_ms";

pub(super) fn add_site_version(
    store: &SqliteStore,
    version: &StoredSiteVersion,
) -> Result<SiteVersionWrite, StoreError> {
    let version = version.clone();
    store.write(move |tx| {
        let head: Option<(i64, String)> = tx
            .prepare_cached(
                "SELECT number, digest FROM site_config_versions
                 WHERE court_id = ?1 AND site_id = ?2 ORDER BY number DESC LIMIT 1",
            )?
            .query_row(params![version.court_id, version.site_id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let head = head
            .map(|(number, digest)| {
                Ok::<_, StoreError>((u64_from_sql(number)?, parse_digest(&digest)?))
            })
            .transpose()?;
        let follows = match &head {
            None => version.number == 1 && version.parent_digest.is_none(),
            Some((number, digest)) => {
                version.number == number + 1 && version.parent_digest.as_ref() == Some(digest)
            }
        };
        if !follows {
            return Ok(SiteVersionWrite::Conflict {
                head: head.map(|(number, _)| number),
            });
        }
        tx.prepare_cached(&format!(
            "INSERT INTO site_config_versions ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ))?
        .execute(params![
            version.court_id,
            version.site_id,
            sql_u64(version.number),
            version.parent_digest.map(|d| d.to_hex()),
            version.digest.to_hex(),
            version.version_json,
            version.signature,
            version.made_by,
            sql_u64(version.made_ms),
        ])?;
        Ok(SiteVersionWrite::Kept)
    })
}

fn from_row(row: &Row<'_>) -> Result<StoredSiteVersion, StoreError> {
    let parent: Option<String> = row.get(3)?;
    Ok(StoredSiteVersion {
        court_id: row.get(0)?,
        site_id: row.get(1)?,
        number: u64_from_sql(row.get(2)?)?,
        parent_digest: parent.as_deref().map(parse_digest).transpose()?,
        digest: parse_digest(&row.get::<_, String>(4)?)?,
        version_json: row.get(5)?,
        signature: row.get(6)?,
        made_by: row.get(7)?,
        made_ms: u64_from_sql(row.get(8)?)?,
    })
}

pub(super) fn site_versions(
    store: &SqliteStore,
    court_id: &str,
    site_id: &str,
) -> Result<Vec<StoredSiteVersion>, StoreError> {
    let connection = store.readers.get()?;
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM site_config_versions
         WHERE court_id = ?1 AND site_id = ?2 ORDER BY number"
    ))?;
    let rows = statement.query_map(params![court_id, site_id], |row| Ok(from_row(row)))?;
    rows.map(|row| row?).collect()
}

pub(super) fn site_head(
    store: &SqliteStore,
    court_id: &str,
    site_id: &str,
) -> Result<Option<StoredSiteVersion>, StoreError> {
    let connection = store.readers.get()?;
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM site_config_versions
         WHERE court_id = ?1 AND site_id = ?2 ORDER BY number DESC LIMIT 1"
    ))?;
    statement
        .query_row(params![court_id, site_id], |row| Ok(from_row(row)))
        .optional()?
        .transpose()
}
