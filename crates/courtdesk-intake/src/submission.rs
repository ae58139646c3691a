//! The files of one submission as they come in: the submission's total
//! kept within its limit, and a file already submitted flagged.

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use courtdesk_sealed::SealKey;

use crate::error::IntakeError;
use crate::hash::ContentHash;
use crate::limits::IntakeLimits;
use crate::store::{AcceptedFile, intake_within};

/// A file whose content the case already holds. The file is stored and
/// listed either way; the caller asks the litigant whether to keep it and
/// calls [`Submission::remove`] if not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duplicate {
    /// Submitted to the same case before.
    EarlierSubmission,
    /// Already added to this submission.
    ThisSubmission,
}

/// Whether `sha256` repeats a file of the case: one of `earlier` (the
/// hashes of the case's earlier submissions) or of `this_submission`.
pub fn duplicate_of<'a>(
    sha256: &ContentHash,
    earlier: &HashSet<ContentHash>,
    this_submission: impl IntoIterator<Item = &'a ContentHash>,
) -> Option<Duplicate> {
    if this_submission.into_iter().any(|hash| hash == sha256) {
        Some(Duplicate::ThisSubmission)
    } else if earlier.contains(sha256) {
        Some(Duplicate::EarlierSubmission)
    } else {
        None
    }
}

/// What [`Submission::add`] took in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub file: AcceptedFile,
    pub duplicate: Option<Duplicate>,
}

/// One submission being put together at the kiosk.
#[derive(Debug, Clone)]
pub struct Submission {
    store_dir: PathBuf,
    limits: IntakeLimits,
    earlier: HashSet<ContentHash>,
    files: Vec<AcceptedFile>,
    seal: Option<SealKey>,
}

impl Submission {
    /// A submission storing into `store_dir`, for a case whose earlier
    /// submissions hold the files hashed in `earlier`.
    pub fn new(
        store_dir: impl Into<PathBuf>,
        limits: IntakeLimits,
        earlier: impl IntoIterator<Item = ContentHash>,
    ) -> Submission {
        Submission {
            store_dir: store_dir.into(),
            limits,
            earlier: earlier.into_iter().collect(),
            files: Vec::new(),
            seal: None,
        }
    }

    /// Keeps the accepted files sealed under `key` (encrypted at rest).
    pub fn sealed_with(mut self, key: SealKey) -> Submission {
        self.seal = Some(key);
        self
    }

    /// Checks and stores one more file, refusing it with
    /// `submission_too_large` when the submission's total would pass
    /// [`IntakeLimits::max_submission_bytes`].
    pub fn add(&mut self, reader: impl Read, declared_name: &str) -> Result<Added, IntakeError> {
        let used = self.total_bytes();
        let room = self.limits.max_submission_bytes.saturating_sub(used);
        let limit = self.limits.max_submission_bytes;
        let over = move || IntakeError::SubmissionTooLarge { limit, used };
        let file = intake_within(
            reader,
            declared_name,
            &self.limits,
            &self.store_dir,
            room,
            &over,
            self.seal.as_ref(),
        )?;
        let duplicate = duplicate_of(
            &file.sha256,
            &self.earlier,
            self.files.iter().map(|f| &f.sha256),
        );
        self.files.push(file.clone());
        Ok(Added { file, duplicate })
    }

    /// Takes a file back out of the submission (a duplicate the litigant
    /// chose not to keep, or a mistake). Its stored content stays: the same
    /// content may belong to another submission.
    pub fn remove(&mut self, index: usize) -> Option<AcceptedFile> {
        (index < self.files.len()).then(|| self.files.remove(index))
    }

    pub fn files(&self) -> &[AcceptedFile] {
        &self.files
    }

    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    pub fn into_files(self) -> Vec<AcceptedFile> {
        self.files
    }
}
