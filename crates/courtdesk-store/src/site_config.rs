//! The site's configuration the terminal runs, kept only after the sync
//! link verified it, and the court key it was verified with. The store does
//! not judge a version; it keeps the one it is given.

use rusqlite::OptionalExtension;

use crate::audit::{to_i64, to_u64};
use crate::{Store, StoreError};

/// The kept version, as received from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptSiteConfig {
    pub number: u64,
    pub digest: String,
    pub version_json: String,
    pub signature: String,
    pub received_ms: i64,
}

impl Store {
    /// The configuration version the terminal runs, if it has one.
    pub fn site_config(&self) -> Result<Option<KeptSiteConfig>, StoreError> {
        self.read(|conn| {
            let row: Option<(i64, String, String, String, i64)> = conn
                .query_row(
                    "SELECT number, digest, version_json, signature, received_ms
                     FROM site_config WHERE singleton = 1",
                    [],
                    |row| {
                        Ok((
                            row.get(0)?,
                            row.get(1)?,
                            row.get(2)?,
                            row.get(3)?,
                            row.get(4)?,
                        ))
                    },
                )
                .optional()?;
            row.map(|(number, digest, version_json, signature, received_ms)| {
                Ok(KeptSiteConfig {
                    number: to_u64(number, "site configuration number")?,
                    digest,
                    version_json,
                    signature,
                    received_ms,
                })
            })
            .transpose()
        })
    }

    /// Replaces the kept configuration with a verified newer one.
    pub fn put_site_config(&self, kept: &KeptSiteConfig) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO site_config
                     (singleton, number, digest, version_json, signature, received_ms)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (singleton) DO UPDATE SET
                     number = excluded.number, digest = excluded.digest,
                     version_json = excluded.version_json,
                     signature = excluded.signature, received_ms = excluded.received_ms",
                (
                    to_i64(kept.number),
                    &kept.digest,
                    &kept.version_json,
                    &kept.signature,
                    kept.received_ms,
                ),
            )?;
            Ok(())
        })
    }

    /// The court key kept from the server (base64), if any.
    pub fn court_key(&self) -> Result<Option<String>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT public_key FROM court_key WHERE singleton = 1",
                    [],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }

    /// Keeps the court key read from the server. The first one stays: a
    /// key that changes later is not taken on the server's word.
    pub fn keep_court_key(&self, public_key: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO court_key (singleton, public_key) VALUES (1, ?1)
                 ON CONFLICT (singleton) DO NOTHING",
                [public_key],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_version_is_replaced_and_the_first_court_key_stays() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("a store");
        assert_eq!(store.site_config().expect("read"), None);
        let mut kept = KeptSiteConfig {
            number: 1,
            digest: "ab".repeat(32),
            version_json: "{}".into(),
            signature: "c2ln".into(),
            received_ms: 5,
        };
        store.put_site_config(&kept).expect("kept");
        kept.number = 2;
        store.put_site_config(&kept).expect("replaced");
        assert_eq!(store.site_config().expect("read"), Some(kept));

        store.keep_court_key("Zmlyc3Q=").expect("kept");
        store.keep_court_key("c2Vjb25k").expect("ignored");
        assert_eq!(
            store.court_key().expect("read").as_deref(),
            Some("Zmlyc3Q=")
        );
    }
}
