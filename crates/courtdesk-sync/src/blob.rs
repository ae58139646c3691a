//! Uploading a document (a scan, a photo) to the server's content-addressed
//! blob store, in chunks that survive a dropped connection: the server says
//! where the upload stands and the terminal carries on from there.

use std::io::SeekFrom;
use std::path::Path;

use courtdesk_protocol::Digest;
use courtdesk_protocol::api::ErrorCode;
use courtdesk_sealed::{SealKey, SealedFile};
use reqwest::Method;
use serde::Deserialize;
use tokio::fs::File;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::{Central, SyncError};

/// The bytes one chunk carries: half the server's default 8 MiB body limit,
/// so the request head and any limit lowered a little still fit.
pub const BLOB_CHUNK: u64 = 4 * 1024 * 1024;

/// How many wrong-offset answers in a row are taken as "re-ask and carry
/// on" before giving up: another upload of the same blob racing this one
/// moves the offset, but it cannot do so forever.
const MAX_CONFLICTS: u32 = 8;

const OCTETS: &str = "application/octet-stream";

/// Where an upload stands: the wire shape of the server's `BlobStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BlobStatus {
    pub sha256: Digest,
    /// The offset of the next chunk to send (the bytes the server holds).
    pub next_offset: u64,
    /// Whether the blob is complete and verified against its name.
    pub complete: bool,
}

impl Central {
    /// Where the upload of `sha256` stands; offset 0 when none was started.
    pub async fn blob_status(&self, sha256: &Digest) -> Result<BlobStatus, SyncError> {
        let path = format!("/v1/blobs/{}", sha256.to_hex());
        self.signed(Method::GET, path, Vec::new(), OCTETS).await
    }

    /// Uploads the file at `path`, whose SHA-256 the caller computed when the
    /// document was taken in, resuming from wherever the server stands.
    ///
    /// The file is read one chunk at a time, never whole. `progress` gets
    /// `(sent, total)` as the server acknowledges bytes, ending at
    /// `(total, total)`. A network failure is returned as is (retryable): the
    /// next call resumes after the chunks already held. Bytes that do not
    /// hash to `sha256` end in [`SyncError::BlobMismatch`], which is
    /// permanent; the server has discarded them.
    pub async fn upload_blob(
        &self,
        path: &Path,
        sha256: Digest,
        progress: impl Fn(u64, u64),
    ) -> Result<BlobStatus, SyncError> {
        let file = File::open(path).await.map_err(SyncError::File)?;
        let total = file.metadata().await.map_err(SyncError::File)?.len();
        self.upload_from(Source::Plain(file), total, sha256, progress)
            .await
    }

    /// [`upload_blob`](Self::upload_blob) of a file sealed at rest under
    /// `key` (`courtdesk-sealed`): the server gets the plaintext, which is
    /// what `sha256` names; a file changed on disk fails as
    /// [`SyncError::File`] with `InvalidData`.
    pub async fn upload_sealed_blob(
        &self,
        path: &Path,
        key: &SealKey,
        sha256: Digest,
        progress: impl Fn(u64, u64),
    ) -> Result<BlobStatus, SyncError> {
        let file = SealedFile::open(key, path).map_err(SyncError::File)?;
        let total = file.plain_len();
        self.upload_from(Source::Sealed(Box::new(file)), total, sha256, progress)
            .await
    }

    async fn upload_from(
        &self,
        mut file: Source,
        total: u64,
        sha256: Digest,
        progress: impl Fn(u64, u64),
    ) -> Result<BlobStatus, SyncError> {
        let mut status = self.blob_status(&sha256).await?;
        let mut conflicts = 0;
        // An empty file still needs one (empty) chunk, or the server has no
        // upload to complete.
        let mut started = total > 0 || status.next_offset > 0;
        loop {
            progress(status.next_offset.min(total), total);
            if status.complete {
                return Ok(status);
            }
            if status.next_offset >= total && started {
                break;
            }
            let offset = status.next_offset;
            let chunk = read_chunk(&mut file, offset).await?;
            match self.put_chunk(&sha256, offset, chunk).await {
                Ok(next) => {
                    started = true;
                    conflicts = 0;
                    status = next;
                }
                Err(SyncError::Refused {
                    code: ErrorCode::Conflict,
                    ..
                }) if conflicts < MAX_CONFLICTS => {
                    conflicts += 1;
                    status = self.blob_status(&sha256).await?;
                }
                Err(error) => return Err(error),
            }
        }
        let path = format!("/v1/blobs/{}/complete", sha256.to_hex());
        match self.signed(Method::POST, path, Vec::new(), OCTETS).await {
            Err(SyncError::Refused {
                code: ErrorCode::Conflict,
                ..
            }) => Err(SyncError::BlobMismatch),
            other => other,
        }
    }

    /// The kept bytes of a blob a record of this desk's site names (staff
    /// desks only), checked against `sha256` before they are handed back: a
    /// mismatch is [`SyncError::DownloadMismatch`]. A blob the site does
    /// not name, or not uploaded yet, is refused with `not_found`.
    pub async fn blob_content(&self, sha256: &Digest) -> Result<Vec<u8>, SyncError> {
        let path = format!("/v1/blobs/{}/content", sha256.to_hex());
        let response = self
            .signed_response(Method::GET, path, Vec::new(), OCTETS)
            .await?;
        if !response.status().is_success() {
            return Err(crate::central::refusal(response).await);
        }
        let bytes = response.bytes().await.map_err(SyncError::Decode)?;
        if Digest::of(&bytes) != *sha256 {
            return Err(SyncError::DownloadMismatch);
        }
        Ok(bytes.to_vec())
    }

    async fn put_chunk(
        &self,
        sha256: &Digest,
        offset: u64,
        chunk: Vec<u8>,
    ) -> Result<BlobStatus, SyncError> {
        let path = format!("/v1/blobs/{}/chunks/{offset}", sha256.to_hex());
        self.signed(Method::PUT, path, chunk, OCTETS).await
    }
}

/// A file being uploaded: plain, or sealed at rest.
enum Source {
    Plain(File),
    Sealed(Box<SealedFile>),
}

/// Up to [`BLOB_CHUNK`] bytes of `file` from `offset`; fewer at the end.
async fn read_chunk(file: &mut Source, offset: u64) -> Result<Vec<u8>, SyncError> {
    match file {
        Source::Plain(file) => {
            file.seek(SeekFrom::Start(offset))
                .await
                .map_err(SyncError::File)?;
            let mut chunk = Vec::with_capacity(BLOB_CHUNK as usize);
            file.take(BLOB_CHUNK)
                .read_to_end(&mut chunk)
                .await
                .map_err(SyncError::File)?;
            Ok(chunk)
        }
        // Decrypting 4 MiB takes a few milliseconds: not worth a thread.
        Source::Sealed(file) => file
            .read_at(offset, BLOB_CHUNK as usize)
            .map_err(SyncError::File),
    }
}
