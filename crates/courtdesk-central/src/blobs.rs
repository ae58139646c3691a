//! Content-addressed blobs (scanned documents, photos) uploaded in chunks
//! that survive a dropped connection: the terminal asks for the next offset
//! and carries on. A blob is kept only once its SHA-256 matches its name.
//!
//! Files live in `<data>/blobs/<sha256>`, partial uploads in
//! `<data>/blobs/partial/<terminal>/<sha256>`: an unfinished upload belongs
//! to the terminal that began it, so no other terminal can append to it or
//! spoil its completion. One lock serializes writes.
//!
//! Who may see a blob is the store's business (`blob_holders`): a terminal
//! whose site does not hold a blob is answered as if it did not exist, and
//! uploads it whole to become a holder, even when the bytes are already on
//! the shelf. That costs a second site's upload of a shared document and
//! tells no terminal what other sites hold.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use courtdesk_core::TerminalId;
use courtdesk_protocol::Digest;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// The largest blob accepted.
pub const MAX_BLOB_BYTES: u64 = 1 << 30;

/// Where an upload stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BlobStatus {
    pub sha256: Digest,
    /// The offset of the next chunk to send (the bytes held so far).
    pub next_offset: u64,
    /// Whether the blob is complete and verified.
    pub complete: bool,
}

/// Why a chunk or a completion was refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BlobRefusal {
    #[error("the next chunk starts at offset {expected}")]
    WrongOffset { expected: u64 },
    #[error("a blob is at most {MAX_BLOB_BYTES} bytes")]
    TooLarge,
    #[error("the uploaded bytes hash to {found}, not to the blob's name; upload again from 0")]
    Mismatch { found: Digest },
    #[error("no upload of this blob was started")]
    Unknown,
    #[error("blob storage failed")]
    Io(#[from] io::Error),
}

#[derive(Debug, Clone)]
pub(crate) struct BlobShelf {
    root: PathBuf,
    writing: Arc<Mutex<()>>,
}

impl BlobShelf {
    pub(crate) fn new(data_dir: &Path) -> BlobShelf {
        BlobShelf {
            root: data_dir.join("blobs"),
            writing: Arc::new(Mutex::new(())),
        }
    }

    fn done(&self, sha: &Digest) -> PathBuf {
        self.root.join(sha.to_hex())
    }

    fn partial(&self, sha: &Digest, terminal: &TerminalId) -> PathBuf {
        self.root
            .join("partial")
            .join(terminal.as_str())
            .join(sha.to_hex())
    }

    fn length(path: &Path) -> io::Result<Option<u64>> {
        match fs::metadata(path) {
            Ok(meta) => Ok(Some(meta.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Where `terminal`'s upload stands; `held` says whether its site holds
    /// the blob already (then it is complete if the shelf has it).
    pub(crate) fn status(
        &self,
        sha: &Digest,
        terminal: &TerminalId,
        held: bool,
    ) -> io::Result<BlobStatus> {
        let kept = if held {
            Self::length(&self.done(sha))?
        } else {
            None
        };
        let (next_offset, complete) = match kept {
            Some(len) => (len, true),
            None => (
                Self::length(&self.partial(sha, terminal))?.unwrap_or(0),
                false,
            ),
        };
        Ok(BlobStatus {
            sha256: *sha,
            next_offset,
            complete,
        })
    }

    /// Appends a chunk at `offset`. A chunk the server already holds (a
    /// retry) changes nothing; the final hash check catches any difference.
    pub(crate) fn put_chunk(
        &self,
        sha: &Digest,
        terminal: &TerminalId,
        held: bool,
        offset: u64,
        bytes: &[u8],
    ) -> Result<BlobStatus, BlobRefusal> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let status = self.status(sha, terminal, held)?;
        let end = offset.saturating_add(bytes.len() as u64);
        if status.complete || (offset < status.next_offset && end <= status.next_offset) {
            return Ok(status);
        }
        if offset != status.next_offset {
            return Err(BlobRefusal::WrongOffset {
                expected: status.next_offset,
            });
        }
        if end > MAX_BLOB_BYTES {
            return Err(BlobRefusal::TooLarge);
        }
        let partial = self.partial(sha, terminal);
        if let Some(folder) = partial.parent() {
            fs::create_dir_all(folder)?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        Ok(self.status(sha, terminal, held)?)
    }

    /// Keeps `bytes` whole under their SHA-256, durably; `true` when this
    /// call stored them, `false` when the blob was already kept. Written to
    /// a private temporary name and renamed into place, so a blob under its
    /// name is always complete.
    pub(crate) fn keep(&self, bytes: &[u8]) -> io::Result<(Digest, bool)> {
        let sha = Digest::of(bytes);
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        if Self::length(&self.done(&sha))?.is_some() {
            return Ok((sha, false));
        }
        let folder = self.root.join("partial");
        fs::create_dir_all(&folder)?;
        // Another process (the command line beside the server) may keep the
        // same bytes at once: each writes a file of its own.
        let temporary = folder.join(format!(
            "{}.whole-{:016x}",
            sha.to_hex(),
            rand::random::<u64>()
        ));
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, self.done(&sha))?;
        Ok((sha, true))
    }

    /// A kept blob's bytes, `None` when there is none under this name.
    pub(crate) fn read(&self, sha: &Digest) -> io::Result<Option<Vec<u8>>> {
        match fs::read(self.done(sha)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Removes a kept blob, for the caller that just stored it and then
    /// failed to record what names it.
    pub(crate) fn discard(&self, sha: &Digest) -> io::Result<()> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        match fs::remove_file(self.done(sha)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Verifies `terminal`'s uploaded bytes against the name and keeps the
    /// blob; a mismatch discards the upload so the next attempt starts
    /// clean. The caller then records the terminal's site as a holder.
    pub(crate) fn complete(
        &self,
        sha: &Digest,
        terminal: &TerminalId,
        held: bool,
    ) -> Result<BlobStatus, BlobRefusal> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let status = self.status(sha, terminal, held)?;
        if status.complete {
            return Ok(status);
        }
        let partial = self.partial(sha, terminal);
        let mut file = match fs::File::open(&partial) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(BlobRefusal::Unknown),
            Err(e) => return Err(e.into()),
        };
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let read = file.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
        }
        let found = Digest(hasher.finalize().into());
        if found != *sha {
            fs::remove_file(&partial)?;
            return Err(BlobRefusal::Mismatch { found });
        }
        if Self::length(&self.done(sha))?.is_some() {
            // Another site's upload kept the same bytes already.
            fs::remove_file(&partial)?;
        } else {
            fs::rename(&partial, self.done(sha))?;
        }
        Ok(self.status(sha, terminal, true)?)
    }
}
