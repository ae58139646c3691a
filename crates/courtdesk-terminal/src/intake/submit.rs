//! Filing a draft: its files are put under `<data>/intake/files/<sha256>`
//! first (content-addressed, so a file put there by a filing that then
//! crashed is merely unused), then the `intake.submitted` record, its kept
//! copy and every item's blob upload are written in one transaction. After
//! a crash the submission is complete or absent, never half; its files stay
//! until the server has verified them (the blob queue's rule).

use std::path::{Path, PathBuf};

use courtdesk_protocol::Digest;
use courtdesk_protocol::record::RecordId;
use courtdesk_store::{IntakeRecordRow, Recorder, Store, StoreError, insert_intake_record};

use super::draft::{Draft, DraftFolder};
use super::records::{ItemBody, SUBMITTED, SubmittedBody};

/// Why a draft could not be filed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FileError {
    #[error("a draft file could not be kept for upload")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a draft item has no material type")]
    MaterialMissing,
    #[error("the draft has no items")]
    Empty,
}

/// Who files, and when.
#[derive(Debug, Clone)]
pub(crate) struct Filing {
    pub(crate) party_masked_id: String,
    pub(crate) terminal_id: String,
    pub(crate) now_ms: u64,
}

/// Where submitted files are kept until (and after) the server verified
/// them: `<data>/intake/files`.
pub(crate) fn files_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("intake").join("files")
}

/// A random 128-bit id as 32 hex digits.
pub(crate) fn random_id() -> String {
    format!("{:032x}", uuid::Uuid::new_v4().as_u128())
}

/// The number a litigant quotes: the day in site time and six letters and
/// digits from the submission's random id (no 0/O or 1/I to misread).
pub(crate) fn submission_number(submission_id: &str, local_day: &str) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let bits = u128::from_str_radix(submission_id, 16).unwrap_or(0);
    let tail: String = (0..6)
        .map(|i| char::from(ALPHABET[((bits >> (5 * i)) & 31) as usize]))
        .collect();
    format!("SJ-{}-{tail}", local_day.replace('-', ""))
}

/// Files `draft`: returns the body recorded.
pub(crate) fn file_draft(
    store: &Store,
    data_dir: &Path,
    folder: &DraftFolder,
    draft: &Draft,
    filing: &Filing,
    local_day: &str,
) -> Result<SubmittedBody, FileError> {
    if draft.items.is_empty() {
        return Err(FileError::Empty);
    }
    let mut items = Vec::with_capacity(draft.items.len());
    for item in &draft.items {
        items.push(ItemBody {
            item_id: item.item_id.clone(),
            material: item.material.clone().ok_or(FileError::MaterialMissing)?,
            display_name: item.display_name.clone(),
            media_type: item.media_type.clone(),
            pages: item.pages,
            size: item.size,
            sha256: item.sha256.clone(),
        });
    }
    let kept = files_dir(data_dir);
    std::fs::create_dir_all(&kept)?;
    for item in &items {
        keep_file(&folder.file(&item.sha256), &kept, &item.sha256)?;
    }
    sync_dir(&kept)?;
    let submission_id = random_id();
    let body = SubmittedBody {
        number: submission_number(&submission_id, local_day),
        submission_id,
        status_token: random_id(),
        case: draft.case.clone(),
        party_masked_id: filing.party_masked_id.clone(),
        items,
        replaces: draft.replaces.clone(),
        terminal_id: filing.terminal_id.clone(),
        submitted_at_ms: filing.now_ms,
    };
    let value = serde_json::to_value(&body).map_err(std::io::Error::other)?;
    let now = i64::try_from(filing.now_ms).unwrap_or(i64::MAX);
    store.write_recorded(now, |recorder| {
        record_intake(
            recorder,
            SUBMITTED,
            &body.submission_id,
            &filing.terminal_id,
            value,
        )?;
        for item in &body.items {
            let digest: Digest = item.sha256.parse().map_err(|_| StoreError::Corrupt {
                what: "intake item hash",
            })?;
            recorder.queue_blob(digest, &kept.join(&item.sha256), item.size)?;
        }
        Ok(())
    })?;
    tracing::info!(
        items = body.items.len(),
        submission = %&body.submission_id[..8],
        "submission filed"
    );
    Ok(body)
}

/// Makes an intake record of `kind` about `submission_id` in the
/// recorder's transaction (queued for the server) and keeps its copy in
/// `intake_records`, so this terminal reads it at once.
pub(crate) fn record_intake(
    recorder: &mut Recorder<'_>,
    kind: &str,
    submission_id: &str,
    origin: &str,
    value: serde_json::Value,
) -> Result<(), StoreError> {
    let id = RecordId::from_bits(uuid::Uuid::new_v4().as_u128());
    let record = recorder.record(id, kind, value)?;
    insert_intake_record(
        recorder.connection(),
        &IntakeRecordRow {
            record_id: record.id.as_str().to_owned(),
            kind: kind.to_owned(),
            submission_id: submission_id.to_owned(),
            origin: origin.to_owned(),
            hlc_wall_ms: record.hlc.wall_ms,
            hlc_counter: record.hlc.counter,
            body: record.body.to_string(),
        },
    )?;
    Ok(())
}

/// Puts the draft file `from` at `<kept>/<sha256>` unless it is there: a
/// copy written aside, flushed and renamed, so the name always holds the
/// whole content.
fn keep_file(from: &Path, kept: &Path, sha256: &str) -> std::io::Result<()> {
    let to = kept.join(sha256);
    if to.exists() {
        return Ok(());
    }
    let aside = kept.join(format!(".{sha256}.{}", random_id()));
    let result = (|| {
        std::fs::copy(from, &aside)?;
        std::fs::File::open(&aside)?.sync_all()?;
        std::fs::rename(&aside, &to)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&aside);
    }
    result
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submission_number_has_the_day_and_six_unambiguous_characters() {
        let number = submission_number(&format!("{:032x}", 0x1234_5678_u128), "2026-11-29");
        assert!(number.starts_with("SJ-20261129-"), "{number}");
        let tail = &number["SJ-20261129-".len()..];
        assert_eq!(tail.len(), 6);
        assert!(!tail.contains(['0', 'O', '1', 'I']), "{tail}");
    }
}
