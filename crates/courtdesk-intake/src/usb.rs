//! Files from a USB stick: a listing that reads no content, and opening
//! only what the litigant picked from it, by an id the listing issued.
//!
//! Nothing from the stick is ever taken as a path: ids index the listing,
//! and opening walks from the mount root one listed name at a time without
//! following a symbolic link, so no name on the stick can lead outside it.
//! Finding and mounting the stick (udisks, or a drive letter) is the
//! caller's part.

use std::ffi::OsString;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::name::sanitize_display_name;

/// Folders deeper than this below the root are not listed.
pub const MAX_DEPTH: usize = 8;
/// At most this many files are listed; a stick holding more is listed in
/// part, and the listing says so.
pub const MAX_ENTRIES: usize = 2000;

/// Names of folders and files that operating systems put on sticks for
/// themselves, never the litigant's documents. Names starting with `.` are
/// skipped too (hidden on Linux and macOS, `._` resource forks).
const SYSTEM_NAMES: &[&str] = &[
    "System Volume Information",
    "$RECYCLE.BIN",
    "$Recycle.Bin",
    "RECYCLER",
    "RECYCLED",
    "__MACOSX",
    "LOST.DIR",
    "FOUND.000",
    "Thumbs.db",
    "desktop.ini",
];

/// Extensions the listing marks as likely accepted. A hint for sorting
/// and showing only: what is accepted is decided by the content.
const LIKELY_EXTENSIONS: &[&str] = &["pdf", "jpg", "jpeg", "png", "tif", "tiff"];

/// An id for one file of one listing. Ids of an older listing are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UsbEntryId(u64);

/// One file as listed: what the picker shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsbEntry {
    pub id: UsbEntryId,
    /// The file name, sanitized for display.
    pub name: String,
    /// The folders above it, sanitized and joined with ` / `; empty at the
    /// root.
    pub folder: String,
    pub size: u64,
    /// Last modification, in milliseconds since the Unix epoch, if known.
    pub modified_ms: Option<i64>,
    /// Whether the extension is one of an accepted kind.
    pub looks_supported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsbListing {
    pub entries: Vec<UsbEntry>,
    /// More files were there than [`MAX_ENTRIES`], or deeper than
    /// [`MAX_DEPTH`].
    pub truncated: bool,
}

/// Why a stick or a file on it could not be read.
#[derive(Debug, thiserror::Error)]
pub enum UsbError {
    /// The stick's folder cannot be read: removed, or not mounted.
    #[error("the USB stick cannot be read")]
    Unavailable {
        #[source]
        source: std::io::Error,
    },
    /// The id is not from the current listing.
    #[error("no such file in the current listing")]
    UnknownEntry,
    /// On the way to the file, or at it, is a symbolic link, a device, a
    /// pipe or a folder: never opened.
    #[error("the listed path is not a plain file any more")]
    NotAFile,
    /// The file was removed since the listing.
    #[error("the file is no longer on the USB stick")]
    Gone,
    /// A different file is at the listed place now.
    #[error("the file changed since it was listed")]
    Changed,
    #[error("reading the USB stick failed")]
    Io {
        #[source]
        source: std::io::Error,
    },
}

impl UsbError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            UsbError::Unavailable { .. } => "usb_unavailable",
            UsbError::UnknownEntry => "usb_entry_unknown",
            UsbError::NotAFile => "usb_entry_refused",
            UsbError::Gone => "usb_file_gone",
            UsbError::Changed => "usb_file_changed",
            UsbError::Io { .. } => "usb_read_failed",
        }
    }
}

#[derive(Debug, Clone)]
struct Listed {
    /// Names from the root down, the file's own last.
    components: Vec<OsString>,
    identity: Identity,
    display: UsbEntry,
}

/// What tells one file from another that replaced it at the same path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    device: u64,
    inode: u64,
    size: u64,
    modified_ms: Option<i64>,
}

impl Identity {
    fn of(metadata: &Metadata) -> Identity {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            (metadata.dev(), metadata.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Identity {
            device,
            inode,
            size: metadata.len(),
            modified_ms: modified_ms(metadata),
        }
    }
}

fn modified_ms(metadata: &Metadata) -> Option<i64> {
    let modified = metadata.modified().ok()?;
    let since = modified.duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(since.as_millis()).ok()
}

/// A mounted USB stick.
#[derive(Debug)]
pub struct UsbSource {
    root: PathBuf,
    generation: u32,
    listed: Vec<Listed>,
}

impl UsbSource {
    /// The stick mounted at `root`.
    pub fn new(root: impl AsRef<Path>) -> Result<UsbSource, UsbError> {
        let root =
            std::fs::canonicalize(root).map_err(|source| UsbError::Unavailable { source })?;
        Ok(UsbSource {
            root,
            generation: 0,
            listed: Vec::new(),
        })
    }

    /// Lists the stick's files, the root's first and each folder's
    /// together, reading only directory entries and metadata. Ids of any earlier listing stop
    /// working.
    pub fn list(&mut self) -> Result<UsbListing, UsbError> {
        self.generation = self.generation.wrapping_add(1);
        self.listed.clear();
        let mut truncated = false;
        let mut found = Vec::new();
        walk(&self.root, &mut Vec::new(), &mut found, &mut truncated)
            .map_err(|source| UsbError::Unavailable { source })?;
        // A folder's files together, each folder's own files before those
        // of its subfolders, the root's first.
        found.sort_by(|a: &Listed, b: &Listed| {
            let key = |l: &'_ Listed| {
                let (name, folders) = l
                    .components
                    .split_last()
                    .map_or((None, &[][..]), |(n, f)| (Some(n.clone()), f));
                (folders.to_vec(), name)
            };
            key(a).cmp(&key(b))
        });
        for (index, mut listed) in found.into_iter().enumerate() {
            listed.display.id = UsbEntryId(u64::from(self.generation) << 32 | index as u64);
            self.listed.push(listed);
        }
        Ok(UsbListing {
            entries: self.listed.iter().map(|l| l.display.clone()).collect(),
            truncated,
        })
    }

    /// Opens a listed file for reading, if it is still the plain file that
    /// was listed there.
    pub fn open(&self, id: UsbEntryId) -> Result<UsbFile, UsbError> {
        let generation = (id.0 >> 32) as u32;
        let index = (id.0 & u64::from(u32::MAX)) as usize;
        let listed = self
            .listed
            .get(index)
            .filter(|_| generation == self.generation)
            .ok_or(UsbError::UnknownEntry)?;
        let mut path = self.root.clone();
        let last = listed.components.len() - 1;
        for (depth, component) in listed.components.iter().enumerate() {
            path.push(component);
            let metadata = match std::fs::symlink_metadata(&path) {
                Ok(metadata) => metadata,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    return Err(UsbError::Gone);
                }
                Err(source) => return Err(UsbError::Io { source }),
            };
            let expected = if depth == last {
                metadata.file_type().is_file()
            } else {
                metadata.file_type().is_dir()
            };
            if !expected {
                return Err(UsbError::NotAFile);
            }
        }
        let file = File::open(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => UsbError::Gone,
            _ => UsbError::Io { source },
        })?;
        // The checks above and the open are two steps; the open file's own
        // identity closes the gap.
        let metadata = file.metadata().map_err(|source| UsbError::Io { source })?;
        if !metadata.is_file() {
            return Err(UsbError::NotAFile);
        }
        if Identity::of(&metadata) != listed.identity {
            return Err(UsbError::Changed);
        }
        Ok(UsbFile {
            file,
            entry: listed.display.clone(),
        })
    }
}

/// A picked file, open for reading.
#[derive(Debug)]
pub struct UsbFile {
    file: File,
    entry: UsbEntry,
}

impl UsbFile {
    /// The entry as it was listed; its `name` is the declared name to pass
    /// to [`crate::intake_file`].
    pub fn entry(&self) -> &UsbEntry {
        &self.entry
    }
}

impl Read for UsbFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || SYSTEM_NAMES.iter().any(|s| s.eq_ignore_ascii_case(name))
}

fn walk(
    dir: &Path,
    components: &mut Vec<OsString>,
    found: &mut Vec<Listed>,
    truncated: &mut bool,
) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // The root must be readable; a folder below it that is not is
        // left out, as a file manager would show it empty.
        Err(error) if !components.is_empty() => {
            tracing::debug!(%error, "a folder on the USB stick could not be read");
            return Ok(());
        }
        Err(error) => return Err(error),
    };
    for entry in entries {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        if is_skipped(&name.to_string_lossy()) {
            continue;
        }
        // `DirEntry::metadata` does not follow symbolic links.
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        let kind = metadata.file_type();
        if kind.is_dir() {
            if components.len() + 1 >= MAX_DEPTH {
                *truncated = true;
                continue;
            }
            components.push(name);
            walk(&entry.path(), components, found, truncated)?;
            components.pop();
        } else if kind.is_file() {
            if found.len() >= MAX_ENTRIES {
                *truncated = true;
                return Ok(());
            }
            let display_name = sanitize_display_name(&name.to_string_lossy());
            let looks_supported = Path::new(&name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| LIKELY_EXTENSIONS.iter().any(|l| l.eq_ignore_ascii_case(e)));
            let folder = components
                .iter()
                .map(|c| sanitize_display_name(&c.to_string_lossy()))
                .collect::<Vec<_>>()
                .join(" / ");
            let mut path = components.clone();
            path.push(name);
            found.push(Listed {
                components: path,
                identity: Identity::of(&metadata),
                display: UsbEntry {
                    id: UsbEntryId(0),
                    name: display_name,
                    folder,
                    size: metadata.len(),
                    modified_ms: modified_ms(&metadata),
                    looks_supported,
                },
            });
        }
        // Symbolic links, devices, pipes and sockets are not listed.
    }
    Ok(())
}
