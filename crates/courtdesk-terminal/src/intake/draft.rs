//! The submission being put together at the kiosk: a `draft.json` and the
//! accepted files under their SHA-256 (sealed, as are the scanned pages
//! kept for rescanning), both in the visit's scratch folder
//! (`<data>/visit/intake`), so a finished visit wipes them with the rest.
//! `draft.json` is replaced whole (written aside, flushed, renamed), so a
//! crash leaves the previous or the next state, never half of one.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use courtdesk_devices::scanner::{PageFormat, ScannedPage};
use courtdesk_intake::{
    AcceptedFile, ContentHash, Duplicate, IntakeError, IntakeLimits, SealKey, Submission,
    duplicate_of,
};
use courtdesk_protocol::Digest;
use serde::{Deserialize, Serialize};

use super::records::CaseRef;

/// One accepted file of the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DraftItem {
    pub(crate) item_id: String,
    /// Chosen by the litigant; `None` until then.
    pub(crate) material: Option<String>,
    pub(crate) display_name: String,
    pub(crate) media_type: String,
    pub(crate) pages: u32,
    pub(crate) size: u64,
    pub(crate) sha256: String,
    /// Set when the case (or this draft) holds the same content already;
    /// cleared when the litigant chooses to keep it.
    pub(crate) duplicate: Option<Duplicate>,
    /// A scan's page images in order, kept so one page can be scanned
    /// again; empty for a file from a USB stick.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) scan_pages: Vec<ScanPage>,
}

/// One scanned page of a draft item, kept under `pages/<sha256>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ScanPage {
    pub(crate) sha256: String,
    pub(crate) format: PageFormat,
    pub(crate) dpi: u32,
}

/// The draft as kept in `draft.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Draft {
    pub(crate) draft_id: String,
    pub(crate) case: CaseRef,
    pub(crate) replaces: Option<String>,
    pub(crate) items: Vec<DraftItem>,
    /// How many scans were added, to name the next one.
    pub(crate) scans: u32,
    /// How many photos were taken, to name the next one.
    #[serde(default)]
    pub(crate) photos: u32,
}

/// The draft's folder. Its files and pages are sealed under the
/// terminal's key (`courtdesk-sealed`); `draft.json` names no person.
#[derive(Debug, Clone)]
pub(crate) struct DraftFolder {
    dir: PathBuf,
    seal: SealKey,
}

impl DraftFolder {
    pub(crate) fn new(scratch: &Path, seal: SealKey) -> DraftFolder {
        DraftFolder {
            dir: scratch.join("intake"),
            seal,
        }
    }

    /// An item's file, read and checked against its hash.
    pub(crate) fn read_file(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let bytes = courtdesk_sealed::read_sealed(&self.seal, &self.file(sha256))?;
        if Digest::of(&bytes).to_hex() != sha256 {
            return Err(std::io::Error::other(
                "a draft file does not match its hash",
            ));
        }
        Ok(bytes)
    }

    /// The folder holding `draft.json`, `files/` and `pages/`.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn json(&self) -> PathBuf {
        self.dir.join("draft.json")
    }

    pub(crate) fn files(&self) -> PathBuf {
        self.dir.join("files")
    }

    pub(crate) fn file(&self, sha256: &str) -> PathBuf {
        self.files().join(sha256)
    }

    /// The draft, if one was started in this visit.
    pub(crate) fn load(&self) -> std::io::Result<Option<Draft>> {
        match std::fs::read(self.json()) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(std::io::Error::other),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Replaces the kept draft with `draft`.
    pub(crate) fn save(&self, draft: &Draft) -> std::io::Result<()> {
        std::fs::create_dir_all(self.files())?;
        let bytes = serde_json::to_vec(draft).map_err(std::io::Error::other)?;
        let aside = self.dir.join(".draft.json.new");
        let mut file = std::fs::File::create(&aside)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&aside, self.json())
    }

    /// Starts a new draft, dropping any earlier one and its files.
    pub(crate) fn start(&self, draft: &Draft) -> std::io::Result<()> {
        self.clear()?;
        self.save(draft)
    }

    /// Deletes the draft and its files.
    pub(crate) fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_dir_all(&self.dir) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Checks the file `reader` yields and, if accepted, stores it in the
    /// draft's folder. Nothing is written for a refused file.
    pub(crate) fn accept(
        &self,
        draft: &Draft,
        reader: impl std::io::Read,
        declared_name: &str,
        limits: IntakeLimits,
        earlier: &HashSet<ContentHash>,
    ) -> Result<(AcceptedFile, Option<Duplicate>), IntakeError> {
        std::fs::create_dir_all(self.files()).map_err(|source| IntakeError::Store { source })?;
        let used: u64 = draft.items.iter().map(|i| i.size).sum();
        let limits = IntakeLimits {
            max_submission_bytes: limits.max_submission_bytes.saturating_sub(used),
            ..limits
        };
        let mut submission =
            Submission::new(self.files(), limits, []).sealed_with(self.seal.clone());
        let added = submission.add(reader, declared_name)?;
        let held: Vec<ContentHash> = draft
            .items
            .iter()
            .filter_map(|i| i.sha256.parse().ok())
            .collect();
        let duplicate = duplicate_of(&added.file.sha256, earlier, held.iter());
        Ok((added.file, duplicate))
    }

    fn page_path(&self, sha256: &str) -> PathBuf {
        self.dir.join("pages").join(sha256)
    }

    /// Keeps a scanned page's image (flushed) for rescanning it later.
    pub(crate) fn keep_page(&self, page: &ScannedPage) -> std::io::Result<ScanPage> {
        let sha256 = Digest::of(&page.data).to_hex();
        std::fs::create_dir_all(self.dir.join("pages"))?;
        courtdesk_sealed::write_sealed(&self.seal, &self.page_path(&sha256), &page.data)?;
        Ok(ScanPage {
            sha256,
            format: page.format,
            dpi: page.dpi,
        })
    }

    /// A kept page's image, checked against its hash.
    pub(crate) fn read_page(&self, page: &ScanPage) -> std::io::Result<ScannedPage> {
        let data = courtdesk_sealed::read_sealed(&self.seal, &self.page_path(&page.sha256))?;
        if Digest::of(&data).to_hex() != page.sha256 {
            return Err(std::io::Error::other("a kept page does not match its hash"));
        }
        ScannedPage::new(page.format, data, page.dpi)
            .ok_or_else(|| std::io::Error::other("a kept page is not an image of its format"))
    }

    /// Deletes a page image unless an item of the draft still uses it.
    pub(crate) fn forget_page(&self, draft: &Draft, sha256: &str) -> std::io::Result<()> {
        if draft
            .items
            .iter()
            .any(|i| i.scan_pages.iter().any(|p| p.sha256 == sha256))
        {
            return Ok(());
        }
        match std::fs::remove_file(self.page_path(sha256)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Deletes an item's file unless another item of the draft holds the
    /// same content.
    pub(crate) fn forget_file(&self, draft: &Draft, sha256: &str) -> std::io::Result<()> {
        if draft.items.iter().any(|i| i.sha256 == sha256) {
            return Ok(());
        }
        match std::fs::remove_file(self.file(sha256)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }
}
