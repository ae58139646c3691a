//! Taking one file in: read it once (hashing as it arrives), check it in
//! memory, and only then write it under its SHA-256, durably and
//! atomically. A refused file never touches the disk; a failed write leaves
//! no temporary file behind.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

use courtdesk_sealed::SealKey;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::error::IntakeError;
use crate::hash::ContentHash;
use crate::image;
use crate::kind::{FileKind, SNIFF_LEN, sniff};
use crate::limits::IntakeLimits;
use crate::name::sanitize_display_name;
use crate::pdf;
use crate::rebuild;

/// A file that passed every check, rebuilt, and stored as
/// `<store_dir>/<sha256 hex>`. Every field describes the rebuilt file:
/// its hash, size and kind are what is kept, shown and uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedFile {
    pub sha256: ContentHash,
    pub size: u64,
    pub kind: FileKind,
    /// Pages of a PDF or TIFF; 1 for a JPEG or PNG.
    pub pages: u32,
    /// The size of an image (the first page of a TIFF); `None` for a PDF.
    pub pixels: Option<PixelSize>,
    /// The declared name made safe to show ([`sanitize_display_name`]), or
    /// `<short hash>.<extension>` when nothing of it was left. Never a path.
    pub display_name: String,
    /// Where the content is stored.
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PixelSize {
    pub width: u32,
    pub height: u32,
}

/// Temporary files in the store start with this, so that a sweep after a
/// crash ([`sweep_temporaries`]) can tell them from stored content.
pub const TEMP_PREFIX: &str = ".intake-";

/// Bytes asked of the source per read: large enough that a 50 MB file is
/// a few dozen system calls.
const CHUNK: u64 = 1 << 20;

/// Checks the file `reader` yields and stores it in `store_dir` under its
/// SHA-256, within `limits.max_file_bytes`. See the crate documentation for
/// what is checked. On any error nothing is left in `store_dir`.
pub fn intake_file(
    reader: impl Read,
    declared_name: &str,
    limits: &IntakeLimits,
    store_dir: &Path,
) -> Result<AcceptedFile, IntakeError> {
    intake_one(reader, declared_name, limits, store_dir, None)
}

/// [`intake_file`], keeping the file sealed under `key` (see
/// `courtdesk-sealed`): what a terminal keeps of a litigant's files is
/// encrypted at rest. `AcceptedFile::size` and `sha256` are the plaintext's.
pub fn intake_file_sealed(
    reader: impl Read,
    declared_name: &str,
    limits: &IntakeLimits,
    store_dir: &Path,
    key: &SealKey,
) -> Result<AcceptedFile, IntakeError> {
    intake_one(reader, declared_name, limits, store_dir, Some(key))
}

/// One file on its own: the file's limit is the only one.
fn intake_one(
    reader: impl Read,
    declared_name: &str,
    limits: &IntakeLimits,
    store_dir: &Path,
    seal: Option<&SealKey>,
) -> Result<AcceptedFile, IntakeError> {
    let limit = limits.max_file_bytes;
    let over = || IntakeError::TooLarge { limit };
    intake_within(reader, declared_name, limits, store_dir, limit, &over, seal)
}

/// [`intake_file`] keeping at most `room` bytes, and `over_room` the error
/// when the rebuilt file is longer. The file brought in is read up to
/// `limits.max_file_bytes` whatever the room, since only its rebuild, the
/// file kept, counts against a submission's total.
pub(crate) fn intake_within(
    reader: impl Read,
    declared_name: &str,
    limits: &IntakeLimits,
    store_dir: &Path,
    room: u64,
    over_room: &dyn Fn() -> IntakeError,
    seal: Option<&SealKey>,
) -> Result<AcceptedFile, IntakeError> {
    let limit = limits.max_file_bytes;
    let data = read_sniffing(reader, limit, &|| IntakeError::TooLarge { limit })?;
    let original_size = data.len();
    let rebuilt = rebuild::check_and_rebuild(data, limits);
    if let Err(error) = &rebuilt {
        tracing::info!(code = error.code(), size = original_size, "file refused");
    }
    let rebuilt = rebuilt?;
    // A re-encoded image can come out larger than it went in.
    if rebuilt.data.len() as u64 > limit {
        return Err(IntakeError::TooLarge { limit });
    }
    if rebuilt.data.len() as u64 > room {
        return Err(over_room());
    }
    let kind = rebuilt.kind;
    let pages = rebuilt.pages;
    let pixels = rebuilt.pixels;
    let data = rebuilt.data;
    let sha256 = ContentHash::from_bytes(sha2::Sha256::digest(&data).into());
    let path = store(store_dir, &sha256, &data, seal)?;
    let mut display_name = sanitize_display_name(declared_name);
    if display_name.is_empty() {
        display_name = format!("{}.{}", sha256.short(), kind.extension());
    }
    tracing::info!(
        sha256 = %sha256.short(),
        original_size,
        size = data.len(),
        kind = kind.as_str(),
        pages,
        "file accepted, rebuilt"
    );
    Ok(AcceptedFile {
        sha256,
        size: data.len() as u64,
        kind,
        pages,
        pixels,
        display_name,
        path,
    })
}

/// The whole content as the litigant brought it. The type is decided from
/// the first bytes, so an archive or a program is refused before the rest
/// of it is read. It is never hashed or kept: only its rebuild is.
fn read_sniffing(
    mut reader: impl Read,
    max_bytes: u64,
    over: &dyn Fn() -> IntakeError,
) -> Result<Vec<u8>, IntakeError> {
    let mut data = Vec::new();
    let mut sniffed = false;
    loop {
        // One byte past the limit tells a file of exactly the limit from a
        // longer one.
        let want = (max_bytes + 1).saturating_sub(data.len() as u64).min(CHUNK);
        let read = reader
            .by_ref()
            .take(want)
            .read_to_end(&mut data)
            .map_err(|source| IntakeError::Read { source })?;
        if data.len() as u64 > max_bytes {
            return Err(over());
        }
        // Fewer bytes than asked for means the source has ended.
        let ended = (read as u64) < want;
        if !sniffed && (data.len() >= SNIFF_LEN || ended) {
            if data.is_empty() {
                return Err(IntakeError::Empty);
            }
            sniff(&data).map_err(|detected| IntakeError::UnsupportedType { detected })?;
            sniffed = true;
        }
        if ended {
            break;
        }
    }
    Ok(data)
}

/// The kind, page count and pixel size of an acceptable file.
pub(crate) fn check(
    data: &[u8],
    limits: &IntakeLimits,
) -> Result<(FileKind, u32, Option<PixelSize>), IntakeError> {
    let kind = sniff(data).map_err(|detected| IntakeError::UnsupportedType { detected })?;
    let image = match kind {
        FileKind::Pdf => {
            let facts = pdf::inspect_pdf(data, limits)?;
            return Ok((kind, facts.pages, None));
        }
        FileKind::Jpeg => image::inspect_jpeg(data, limits)?,
        FileKind::Png => image::inspect_png(data, limits)?,
        FileKind::Tiff => image::inspect_tiff(data, limits)?,
    };
    Ok((
        kind,
        image.pages,
        Some(PixelSize {
            width: image.width,
            height: image.height,
        }),
    ))
}

/// Writes `data` to a temporary file in `store_dir`, flushes it to disk and
/// renames it to its hash; the directory is flushed too, so the name
/// survives a power cut.
fn store(
    store_dir: &Path,
    sha256: &ContentHash,
    data: &[u8],
    seal: Option<&SealKey>,
) -> Result<PathBuf, IntakeError> {
    let failed = |source| IntakeError::Store { source };
    let path = store_dir.join(sha256.hex());
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(store_dir)
        .map_err(failed)?;
    match seal {
        Some(key) => {
            let mut writer = std::io::BufWriter::new(temp.as_file_mut());
            courtdesk_sealed::seal(key, data, &mut writer).map_err(failed)?;
            writer.flush().map_err(failed)?;
        }
        None => temp.write_all(data).map_err(failed)?,
    }
    temp.as_file().sync_all().map_err(failed)?;
    // Replacing an earlier copy of the same content is harmless and repairs
    // a damaged one.
    temp.persist(&path).map_err(|error| failed(error.error))?;
    sync_directory(store_dir).map_err(failed)?;
    Ok(path)
}

#[cfg(unix)]
fn sync_directory(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a file to flush it; NTFS journals
/// the rename.
#[cfg(not(unix))]
fn sync_directory(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Removes temporary files a crash or power cut left in `store_dir`, and
/// returns how many. Call it at start-up, before any intake runs.
pub fn sweep_temporaries(store_dir: &Path) -> std::io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(store_dir)? {
        let entry = entry?;
        let is_temp = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(TEMP_PREFIX));
        if is_temp && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}
