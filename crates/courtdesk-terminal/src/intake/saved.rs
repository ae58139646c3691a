//! Drafts saved at the kiosk to be carried on at a later visit.
//!
//! Saving moves the visit's draft folder to `<data>/intake/drafts/<draft_id>`
//! and keeps `draft.json`'s content in the encrypted store under a keyed
//! hash of the party and an 8-digit resume code; the code is shown and
//! printed once and never stored. Resuming, by the same person identified
//! again at this kiosk, moves the folder back into the visit and forgets
//! the row. 5 wrong codes in a row lock resuming for that person for 15
//! minutes. A saved draft is kept `[intake] draft_keep_days` (default 7),
//! then swept with its files at start.
//!
//! Order on disk: the folder moves first and the row is written second, so
//! a crash in between leaves a folder without a row, which the sweep
//! removes (the litigant never got a code for it). Resuming moves the
//! folder back before forgetting the row; a crash in between leaves a row
//! whose folder is gone, which the sweep forgets.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use courtdesk_protocol::Digest;
use courtdesk_store::{SavedDraft, Store, StoreError, TerminalSecret};

use super::draft::{Draft, DraftFolder};

/// Digits in a resume code.
pub(crate) const CODE_DIGITS: usize = 8;
/// Wrong codes in a row before resuming is locked for the person.
pub(crate) const MAX_FAILURES: u32 = 5;
/// How long the lock lasts.
pub(crate) const LOCKOUT_MS: u64 = 15 * 60 * 1000;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Where saved drafts' folders are.
pub(crate) fn drafts_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("intake").join("drafts")
}

/// Why a draft was not saved or resumed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SavedError {
    #[error("no saved draft of this person has that code")]
    WrongCode { attempts_left: u32 },
    #[error("too many wrong codes; retry in {retry_after_ms} ms")]
    Locked { retry_after_ms: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a saved draft could not be moved: {0}")]
    Io(#[from] std::io::Error),
    #[error("a saved draft cannot be read: {0}")]
    Corrupt(#[from] serde_json::Error),
}

fn code_key(secret: &TerminalSecret, party_key: &str, code: &str) -> String {
    Digest::of_parts(&[
        b"courtdesk-terminal/saved-draft/v1\n",
        secret.expose(),
        party_key.as_bytes(),
        b"\n",
        code.as_bytes(),
    ])
    .to_hex()
}

fn fresh_code() -> String {
    // 122 random bits from the OS's CSPRNG; the remainder's bias is below
    // 2^-90.
    let bits = uuid::Uuid::new_v4().as_u128();
    format!("{:0width$}", bits % 100_000_000, width = CODE_DIGITS)
}

/// Whether `code` has the shape of a resume code (spaces allowed between
/// groups); the digits alone if so.
pub(crate) fn normalized_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| *c != ' ').collect();
    (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Wrong resume codes per person, kept in memory only.
#[derive(Debug, Default)]
pub(crate) struct ResumeAttempts {
    failures: Mutex<HashMap<String, (u32, u64)>>,
}

impl ResumeAttempts {
    fn locked(&self, party_key: &str, now_ms: u64) -> Option<u64> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match failures.get(party_key) {
            Some(&(count, last)) if count >= MAX_FAILURES && now_ms < last + LOCKOUT_MS => {
                Some(last + LOCKOUT_MS - now_ms)
            }
            _ => None,
        }
    }

    /// Counts a wrong code; the attempts left before the lock.
    fn fail(&self, party_key: &str, now_ms: u64) -> u32 {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let entry = failures.entry(party_key.to_owned()).or_insert((0, now_ms));
        if entry.0 >= MAX_FAILURES {
            // The lock ran out: a fresh count.
            *entry = (0, now_ms);
        }
        entry.0 += 1;
        entry.1 = now_ms;
        MAX_FAILURES - entry.0
    }

    fn succeed(&self, party_key: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(party_key);
    }
}

/// A draft saved: the code to resume it with.
#[derive(Debug)]
pub(crate) struct Saved {
    pub(crate) code: String,
    pub(crate) saved_at_ms: u64,
}

/// Moves the visit's draft out of the visit and keeps it for `party_key`.
pub(crate) fn save(
    store: &Store,
    secret: &TerminalSecret,
    data_dir: &Path,
    party_key: &str,
    folder: &DraftFolder,
    draft: &Draft,
    now_ms: u64,
) -> Result<Saved, SavedError> {
    folder.save(draft)?;
    let root = drafts_dir(data_dir);
    std::fs::create_dir_all(&root)?;
    let kept = root.join(&draft.draft_id);
    std::fs::rename(folder.dir(), &kept)?;
    let row = SavedDraft {
        party_key: party_key.to_owned(),
        draft_id: draft.draft_id.clone(),
        draft: serde_json::to_string(draft)?,
        saved_at_ms: i64::try_from(now_ms).unwrap_or(i64::MAX),
    };
    let written = (|| {
        // A code already taken by this person (1 in 10^8) is drawn again.
        for _ in 0..8 {
            let code = fresh_code();
            if store.put_saved_draft(&code_key(secret, party_key, &code), &row)? {
                return Ok(Some(code));
            }
        }
        Ok::<_, StoreError>(None)
    })();
    match written {
        Ok(Some(code)) => Ok(Saved {
            code,
            saved_at_ms: now_ms,
        }),
        other => {
            // Not kept: the draft goes back into the visit as it was.
            std::fs::rename(&kept, folder.dir())?;
            Err(match other {
                Err(error) => SavedError::Store(error),
                _ => SavedError::Io(std::io::Error::other("no free resume code")),
            })
        }
    }
}

/// Moves the draft saved under `code` for `party_key` into the visit's
/// folder (replacing any draft there) and forgets the saved one.
#[allow(clippy::too_many_arguments)]
pub(crate) fn resume(
    store: &Store,
    secret: &TerminalSecret,
    data_dir: &Path,
    attempts: &ResumeAttempts,
    party_key: &str,
    code: &str,
    folder: &DraftFolder,
    now_ms: u64,
) -> Result<Draft, SavedError> {
    if let Some(retry_after_ms) = attempts.locked(party_key, now_ms) {
        return Err(SavedError::Locked { retry_after_ms });
    }
    let found = store
        .saved_draft(&code_key(secret, party_key, code))?
        .filter(|row| row.party_key == party_key);
    let kept = found
        .as_ref()
        .map(|row| drafts_dir(data_dir).join(&row.draft_id))
        .filter(|dir| dir.is_dir());
    let (Some(row), Some(kept)) = (found, kept) else {
        let attempts_left = attempts.fail(party_key, now_ms);
        return Err(if attempts_left == 0 {
            SavedError::Locked {
                retry_after_ms: LOCKOUT_MS,
            }
        } else {
            SavedError::WrongCode { attempts_left }
        });
    };
    let draft: Draft = serde_json::from_str(&row.draft)?;
    folder.clear()?;
    if let Some(parent) = folder.dir().parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::rename(&kept, folder.dir())?;
    store.delete_saved_draft(&row.draft_id)?;
    attempts.succeed(party_key);
    Ok(draft)
}

/// What a sweep of saved drafts did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Swept {
    /// Drafts past their time, forgotten with their files.
    pub(crate) expired: usize,
    /// Folders without a row and rows without a folder, from a crash.
    pub(crate) orphans: usize,
}

/// Forgets saved drafts older than `keep_days` with their files, folders
/// no row names, and rows whose folder is gone.
pub(crate) fn sweep(
    store: &Store,
    data_dir: &Path,
    keep_days: u32,
    now_ms: u64,
) -> Result<Swept, SavedError> {
    let root = drafts_dir(data_dir);
    let cutoff = now_ms.saturating_sub(u64::from(keep_days) * DAY_MS);
    let mut swept = Swept::default();
    let rows = store.saved_draft_ids()?;
    for (draft_id, saved_at_ms) in &rows {
        let dir = root.join(draft_id);
        let expired = u64::try_from(*saved_at_ms).unwrap_or(0) < cutoff;
        if expired || !dir.is_dir() {
            store.delete_saved_draft(draft_id)?;
            remove_dir(&dir)?;
            if expired {
                swept.expired += 1;
            } else {
                swept.orphans += 1;
            }
        }
    }
    let named: std::collections::HashSet<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
    let entries = match std::fs::read_dir(&root) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(swept),
        Err(error) => return Err(error.into()),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        if !named.contains(name.to_string_lossy().as_ref()) {
            remove_dir(&entry.path())?;
            swept.orphans += 1;
        }
    }
    Ok(swept)
}

fn remove_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Sweeps now, logging what it did; a failed sweep is tried again at the
/// next start.
pub(crate) fn sweep_logged(store: &Store, data_dir: &Path, keep_days: u32) {
    match sweep(store, data_dir, keep_days, crate::terminal::now_ms()) {
        Ok(Swept {
            expired: 0,
            orphans: 0,
        }) => {}
        Ok(swept) => tracing::info!(
            expired = swept.expired,
            orphans = swept.orphans,
            keep_days,
            "saved intake drafts past their time removed"
        ),
        Err(error) => tracing::warn!(%error, "saved intake drafts could not be swept"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_digits_and_spaces_between_groups_are_allowed() {
        for _ in 0..100 {
            let code = fresh_code();
            assert_eq!(normalized_code(&code).as_deref(), Some(code.as_str()));
        }
        assert_eq!(normalized_code("4821 3907").as_deref(), Some("48213907"));
        for bad in [
            "",
            "4821390",
            "482139071",
            "4821-3907",
            "４８２１３９０７",
            "abcdefgh",
        ] {
            assert_eq!(normalized_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn five_wrong_codes_lock_that_person_only_until_the_time_is_up() {
        let attempts = ResumeAttempts::default();
        for left in (0..MAX_FAILURES).rev() {
            assert_eq!(attempts.locked("p", 1000), None);
            assert_eq!(attempts.fail("p", 1000), left);
        }
        assert_eq!(attempts.locked("p", 1000), Some(LOCKOUT_MS));
        assert_eq!(attempts.locked("q", 1000), None, "another person");
        assert_eq!(attempts.locked("p", 1000 + LOCKOUT_MS), None);
        assert_eq!(attempts.fail("p", 1000 + LOCKOUT_MS), MAX_FAILURES - 1);
        attempts.succeed("p");
        assert_eq!(attempts.fail("p", 2000 + LOCKOUT_MS), MAX_FAILURES - 1);
    }
}

#[cfg(test)]
mod sweep_tests {
    use courtdesk_store::{SavedDraft, Store};

    use super::{DAY_MS, Swept, drafts_dir, sweep};

    #[test]
    fn expired_drafts_and_crash_leftovers_go_and_the_rest_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("t.sqlite3")).expect("open");
        let root = drafts_dir(dir.path());
        let now = 100 * DAY_MS;
        for (id, age_days, folder) in [("old", 8, true), ("fresh", 6, true), ("lost", 1, false)] {
            let saved = SavedDraft {
                party_key: "p".into(),
                draft_id: id.into(),
                draft: "{}".into(),
                saved_at_ms: i64::try_from(now - age_days * DAY_MS).expect("fits"),
            };
            assert!(store.put_saved_draft(id, &saved).expect("put"));
            if folder {
                std::fs::create_dir_all(root.join(id).join("files")).expect("folder");
            }
        }
        std::fs::create_dir_all(root.join("unnamed")).expect("a folder without a row");

        let swept = sweep(&store, dir.path(), 7, now).expect("swept");
        assert_eq!(
            swept,
            Swept {
                expired: 1,
                orphans: 2
            }
        );
        let ids: Vec<String> = store
            .saved_draft_ids()
            .expect("ids")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["fresh"]);
        let mut left: Vec<String> = std::fs::read_dir(&root)
            .expect("root")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["fresh"]);
        assert_eq!(
            sweep(&store, dir.path(), 7, now).expect("again"),
            Swept::default()
        );
    }
}
