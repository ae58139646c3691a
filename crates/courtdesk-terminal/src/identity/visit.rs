//! The litigant's visit at a kiosk: who they said they are, how that was
//! checked, and the scratch folder their session may fill. All of it lives
//! in memory and in `<data>/visit`, and [`Visit::wipe`] clears both for the
//! next person (idle countdown, or "finish and clear").

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use courtdesk_identity::ResidentId;

/// How the litigant was identified; recorded in evidence, never the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// The resident ID number typed, confirmed by a one-time code sent to
    /// the phone on file at the court.
    ResidentIdOtp,
    /// The resident ID card on the kiosk's reader.
    IdCard,
}

impl Method {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Method::ResidentIdOtp => "resident_id_otp",
            Method::IdCard => "id_card",
        }
    }
}

/// Where the visit stands.
#[derive(Debug)]
pub(crate) enum Stage {
    /// A code went to the phone on file; waiting for it to be typed.
    CodeSent,
    /// The litigant is identified.
    Verified {
        method: Method,
        display_name: String,
        /// The server's short-lived reference to the party, when the server
        /// confirmed them (not after an offline card read).
        party_ref: Option<String>,
        /// After a card read: the digest of the card data the reader
        /// released, which the server asks for with the number.
        card_digest: Option<String>,
    },
}

/// One litigant's identity at the kiosk. `Debug` (through [`ResidentId`])
/// shows only the masked number.
#[derive(Debug)]
pub(crate) struct Visitor {
    pub(crate) resident_id: ResidentId,
    pub(crate) stage: Stage,
}

/// The current visit, if any, and its scratch folder.
#[derive(Debug)]
pub(crate) struct Visit {
    visitor: Mutex<Option<Visitor>>,
    scratch: PathBuf,
}

impl Visit {
    /// The visit of a kiosk whose data folder is `data_dir`. Whatever a
    /// previous run left in the scratch folder (a crash mid-visit) is wiped.
    pub(crate) fn open(data_dir: &Path) -> Visit {
        let visit = Visit {
            visitor: Mutex::new(None),
            scratch: data_dir.join("visit"),
        };
        visit.wipe();
        visit
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Option<Visitor>> {
        // A panic while holding the lock cannot leave a half-written visitor
        // (each change is one assignment), so a poisoned lock is used as is.
        self.visitor.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The folder where this visit's files (scans, imports) go until they
    /// are submitted; created on demand.
    pub(crate) fn scratch(&self) -> std::io::Result<&Path> {
        std::fs::create_dir_all(&self.scratch)?;
        Ok(&self.scratch)
    }

    /// Forgets the visitor and deletes the scratch folder. Returns how many
    /// files were deleted.
    pub(crate) fn wipe(&self) -> usize {
        let previous = self.lock().take();
        drop(previous);
        let files = count_files(&self.scratch);
        match std::fs::remove_dir_all(&self.scratch) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => tracing::error!(%error, "the visit's scratch folder could not be wiped"),
        }
        files
    }
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.file_type().is_ok_and(|t| t.is_dir()) {
                        count_files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}
