//! Site configuration versions in the PostgreSQL store.

use postgres::Row;

use super::PgStore;
use super::rows::{parse_digest, sql_u64, u64_from_sql};
use crate::store::{SiteVersionWrite, StoreError, StoredSiteVersion};

const COLUMNS: &str = "court_id, site_id, number, parent_digest, digest, version_json, \
     signature, made_by, made_ms";

pub(super) fn add_site_version(
    store: &PgStore,
    version: &StoredSiteVersion,
) -> Result<SiteVersionWrite, StoreError> {
    store.write(|tx| {
        let head = tx
            .query_opt(
                "SELECT number, digest FROM site_config_versions
                 WHERE court_id = $1 AND site_id = $2 ORDER BY number DESC LIMIT 1",
                &[&version.court_id, &version.site_id],
            )?
            .map(|row| {
                let number: i64 = row.try_get(0)?;
                let digest: String = row.try_get(1)?;
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
        // Two administrators who read the same head both get here under
        // READ COMMITTED; the primary key keeps the first and the second
        // inserts nothing.
        let inserted = tx.execute(
            &format!(
                "INSERT INTO site_config_versions ({COLUMNS})
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (court_id, site_id, number) DO NOTHING"
            ),
            &[
                &version.court_id,
                &version.site_id,
                &sql_u64(version.number),
                &version.parent_digest.map(|d| d.to_hex()),
                &version.digest.to_hex(),
                &version.version_json,
                &version.signature,
                &version.made_by,
                &sql_u64(version.made_ms),
            ],
        )?;
        if inserted == 0 {
            return Ok(SiteVersionWrite::Conflict {
                head: Some(version.number),
            });
        }
        Ok(SiteVersionWrite::Kept)
    })
}

fn from_row(row: &Row) -> Result<StoredSiteVersion, StoreError> {
    let parent: Option<String> = row.try_get(3)?;
    let digest: String = row.try_get(4)?;
    Ok(StoredSiteVersion {
        court_id: row.try_get(0)?,
        site_id: row.try_get(1)?,
        number: u64_from_sql(row.try_get(2)?)?,
        parent_digest: parent.as_deref().map(parse_digest).transpose()?,
        digest: parse_digest(&digest)?,
        version_json: row.try_get(5)?,
        signature: row.try_get(6)?,
        made_by: row.try_get(7)?,
        made_ms: u64_from_sql(row.try_get(8)?)?,
    })
}

pub(super) fn site_versions(
    store: &PgStore,
    court_id: &str,
    site_id: &str,
) -> Result<Vec<StoredSiteVersion>, StoreError> {
    let rows = store.pool.get()?.query(
        &format!(
            "SELECT {COLUMNS} FROM site_config_versions
             WHERE court_id = $1 AND site_id = $2 ORDER BY number"
        ),
        &[&court_id, &site_id],
    )?;
    rows.iter().map(from_row).collect()
}

pub(super) fn site_head(
    store: &PgStore,
    court_id: &str,
    site_id: &str,
) -> Result<Option<StoredSiteVersion>, StoreError> {
    let row = store.pool.get()?.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM site_config_versions
             WHERE court_id = $1 AND site_id = $2 ORDER BY number DESC LIMIT 1"
        ),
        &[&court_id, &site_id],
    )?;
    row.as_ref().map(from_row).transpose()
}
