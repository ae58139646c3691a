//! The documents the terminal still owes the server: queued with the record
//! that names them, uploaded by the sync, and marked once the server has
//! verified their hash.

use std::path::PathBuf;

use courtdesk_protocol::Digest;
use rusqlite::{OptionalExtension, params};

use crate::audit::to_i64;
use crate::outbox::Recorder;
use crate::{Store, StoreError};

/// A blob waiting for upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingBlob {
    pub sha256: Digest,
    pub path: PathBuf,
    pub size: u64,
}

impl Recorder<'_> {
    /// Queues the file at `path` (already written and hashed by the caller)
    /// for upload, in the transaction of the record that names it. Queuing
    /// the same blob twice keeps the first entry: the bytes are the same.
    pub fn queue_blob(
        &self,
        sha256: Digest,
        path: &std::path::Path,
        size: u64,
    ) -> Result<(), StoreError> {
        let text = path
            .to_str()
            .ok_or_else(|| StoreError::NotUtf8Path(path.to_path_buf()))?;
        self.connection().execute(
            "INSERT INTO blob_uploads (sha256, path, size, queued_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (sha256) DO NOTHING",
            params![sha256.to_hex(), text, to_i64(size), self.now_ms],
        )?;
        Ok(())
    }
}

impl Store {
    /// Blobs not yet verified by the server nor refused, oldest first.
    pub fn pending_blobs(&self) -> Result<Vec<PendingBlob>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT sha256, path, size FROM blob_uploads
                 WHERE verified_ms IS NULL AND refused IS NULL ORDER BY queued_ms, sha256",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })?;
            let mut pending = Vec::new();
            for row in rows {
                let (sha256, path, size) = row?;
                pending.push(PendingBlob {
                    sha256: sha256
                        .parse()
                        .map_err(|_| StoreError::Corrupt { what: "blob hash" })?,
                    path: PathBuf::from(path),
                    size: u64::try_from(size).unwrap_or(0),
                });
            }
            Ok(pending)
        })
    }

    /// Records that the server verified the blob; only now may its file go.
    pub fn mark_blob_verified(&self, sha256: &Digest, now_ms: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE blob_uploads SET verified_ms = COALESCE(verified_ms, ?1) WHERE sha256 = ?2",
                params![now_ms, sha256.to_hex()],
            )?;
            Ok(())
        })
    }

    /// Records that the server refused the bytes for good, with the code.
    pub fn mark_blob_refused(&self, sha256: &Digest, code: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE blob_uploads SET refused = ?1 WHERE sha256 = ?2",
                params![code, sha256.to_hex()],
            )?;
            Ok(())
        })
    }

    /// Whether the server has verified the blob.
    pub fn blob_verified(&self, sha256: &Digest) -> Result<bool, StoreError> {
        Ok(matches!(self.blob_upload(sha256)?, Some(Some(_))))
    }

    /// Whether this terminal never queued the blob for upload, or queued it
    /// and the server has verified it: either way the server holds it (a
    /// queued blob not yet verified, or refused, it may not).
    pub fn blob_not_owed(&self, sha256: &Digest) -> Result<bool, StoreError> {
        Ok(!matches!(self.blob_upload(sha256)?, Some(None)))
    }

    /// The blob's upload: absent if never queued, else when it was verified.
    fn blob_upload(&self, sha256: &Digest) -> Result<Option<Option<i64>>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT verified_ms FROM blob_uploads WHERE sha256 = ?1",
                    [sha256.to_hex()],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use courtdesk_protocol::record::RecordId;
    use serde_json::json;

    use super::*;

    fn digest(byte: u8) -> Digest {
        Digest([byte; 32])
    }

    #[test]
    fn a_blob_is_queued_with_its_record_and_leaves_the_queue_once_verified() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        let path = dir.path().join("doc.pdf");
        store
            .write_recorded(1_000, |recorder| {
                recorder.record(
                    RecordId::from_bits(1),
                    "intake.item",
                    json!({"sha256": digest(7).to_hex()}),
                )?;
                recorder.queue_blob(digest(7), &path, 42)?;
                recorder.queue_blob(digest(7), &path, 42)
            })
            .expect("recorded");
        let pending = store.pending_blobs().expect("pending");
        assert_eq!(
            pending,
            vec![PendingBlob {
                sha256: digest(7),
                path: path.clone(),
                size: 42
            }]
        );
        assert!(!store.blob_verified(&digest(7)).expect("read"));
        assert!(
            !store.blob_not_owed(&digest(7)).expect("read"),
            "owed while queued"
        );
        assert!(
            store.blob_not_owed(&digest(8)).expect("read"),
            "never queued"
        );
        store.mark_blob_verified(&digest(7), 2_000).expect("mark");
        assert!(store.blob_verified(&digest(7)).expect("read"));
        assert!(store.blob_not_owed(&digest(7)).expect("read"), "verified");
        assert!(store.pending_blobs().expect("pending").is_empty());
    }

    #[test]
    fn a_failed_transaction_queues_no_blob() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        let failed: Result<(), StoreError> = store.write_recorded(1_000, |recorder| {
            recorder.queue_blob(digest(1), &dir.path().join("a"), 1)?;
            Err(StoreError::Corrupt { what: "capability" })
        });
        assert!(failed.is_err());
        assert!(store.pending_blobs().expect("pending").is_empty());
    }

    #[test]
    fn a_refused_blob_leaves_the_queue_and_is_not_verified() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        store
            .write_recorded(1_000, |recorder| {
                recorder.queue_blob(digest(2), &dir.path().join("b"), 1)
            })
            .expect("queued");
        store
            .mark_blob_refused(&digest(2), "blob_mismatch")
            .expect("mark");
        assert!(store.pending_blobs().expect("pending").is_empty());
        assert!(!store.blob_verified(&digest(2)).expect("read"));
        assert!(
            !store.blob_not_owed(&digest(2)).expect("read"),
            "the server may not hold it"
        );
    }
}
