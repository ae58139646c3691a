//! The administrator's operations: enrollment codes, the terminal list,
//! revocation, chain verification and export. They block on the store, so
//! async callers run them on the blocking pool.

use std::io::Write;
use std::sync::Arc;

use courtdesk_core::{Mode, TerminalId};
use courtdesk_protocol::chain::{ChainHead, verify_continuation};

use crate::code::{CODE_LIFETIME_MS, EnrollmentCode};
use crate::settings::Settings;
use crate::state::now_ms;
use crate::store::{self, CentralStore, NewEnrollmentCode, StoreError, TerminalStanding};

/// Why an administrative operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no terminal {0} is enrolled")]
    UnknownTerminal(TerminalId),
    #[error("a court or site id is 1 to 64 visible characters, got {0:?}")]
    BadName(String),
    #[error("terminal {0} is not a kiosk; only kiosks read ID cards")]
    NotAKiosk(TerminalId),
}

/// One entry of a terminal's audit trail as `courtdesk-central audit`
/// shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    pub seq: u64,
    pub record_id: String,
    /// `None` when the entry's record is missing (`verify-chain` says more).
    pub kind: Option<String>,
    /// The record's own time (the terminal's clock stamp).
    pub made_ms: Option<u64>,
    /// The clerk the record names, for a desk's records.
    pub clerk: Option<String>,
    /// Why a supervisor has it flagged, if it is.
    pub flag: Option<String>,
}

/// The outcome of re-verifying a terminal's stored chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainReport {
    /// Every entry links from GENESIS and names its record as stored.
    Intact { head: ChainHead },
    /// The first bad entry and what is wrong with it.
    Broken { seq: u64, reason: String },
}

/// The administration of one central store.
#[derive(Clone, Debug)]
pub struct Registry {
    store: Arc<dyn CentralStore>,
}

pub(crate) fn check_name(name: &str) -> Result<(), AdminError> {
    let fine = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_graphic());
    if fine {
        Ok(())
    } else {
        Err(AdminError::BadName(name.to_owned()))
    }
}

impl Registry {
    /// Opens the store the settings name. Blocking, like every method here.
    pub fn open(settings: &Settings) -> Result<Registry, StoreError> {
        Ok(Registry::with_store(store::open(&settings.database())?))
    }

    pub fn with_store(store: Arc<dyn CentralStore>) -> Registry {
        Registry { store }
    }

    /// A new single-use code binding a terminal of `mode` to
    /// `court_id`/`site_id`, valid for seven days. Only its hash is stored:
    /// show it once.
    pub fn create_enrollment_code(
        &self,
        court_id: &str,
        site_id: &str,
        mode: Mode,
    ) -> Result<EnrollmentCode, AdminError> {
        check_name(court_id)?;
        check_name(site_id)?;
        let code = EnrollmentCode::generate(&mut rand::rngs::OsRng);
        let now = now_ms();
        self.store.add_enrollment_code(&NewEnrollmentCode {
            code_hash: code.hash(),
            court_id: court_id.to_owned(),
            site_id: site_id.to_owned(),
            mode,
            created_ms: now,
            expires_ms: now + CODE_LIFETIME_MS,
        })?;
        Ok(code)
    }

    pub fn terminals(&self) -> Result<Vec<TerminalStanding>, AdminError> {
        Ok(self.store.terminals()?)
    }

    pub fn terminal(&self, id: &TerminalId) -> Result<TerminalStanding, AdminError> {
        self.store
            .terminal(id)?
            .ok_or_else(|| AdminError::UnknownTerminal(id.clone()))
    }

    /// Refuses every later request of the terminal with 403.
    pub fn revoke(&self, id: &TerminalId) -> Result<(), AdminError> {
        if self.store.revoke(id, now_ms())? {
            Ok(())
        } else {
            Err(AdminError::UnknownTerminal(id.clone()))
        }
    }

    /// Registers (or unregisters) a resident ID card reader at a kiosk: only
    /// a kiosk with one registered may present card reads.
    pub fn set_card_reader(&self, id: &TerminalId, on: bool) -> Result<(), AdminError> {
        let standing = self.terminal(id)?;
        if on && standing.mode != Mode::Kiosk {
            return Err(AdminError::NotAKiosk(id.clone()));
        }
        if self.store.set_card_reader(id, on)? {
            Ok(())
        } else {
            Err(AdminError::UnknownTerminal(id.clone()))
        }
    }

    /// The card reads kiosks presented, oldest first: of one terminal, or
    /// all.
    pub fn card_reads(
        &self,
        terminal: Option<&TerminalId>,
    ) -> Result<Vec<crate::store::CardRead>, AdminError> {
        Ok(self.store.card_reads(terminal)?)
    }

    /// What a terminal recorded, in its chain's order: each entry's record
    /// with the clerk it names (a desk's records name one) and the flag a
    /// supervisor has on it, if any.
    pub fn audit(&self, id: &TerminalId) -> Result<Vec<AuditLine>, AdminError> {
        self.terminal(id)?;
        let flags: std::collections::HashMap<String, String> = self
            .store
            .flagged_records()?
            .into_iter()
            .filter(|flag| flag.terminal_id == id.as_str())
            .map(|flag| (flag.record_id, flag.reason))
            .collect();
        Ok(self
            .store
            .audit_trail(id)?
            .into_iter()
            .map(|audited| {
                let record = audited.record;
                AuditLine {
                    seq: audited.entry.seq,
                    record_id: audited.entry.record_id.to_string(),
                    flag: flags.get(&audited.entry.record_id.to_string()).cloned(),
                    kind: record.as_ref().map(|r| r.kind.clone()),
                    made_ms: record.as_ref().map(|r| r.hlc.wall_ms),
                    clerk: record.as_ref().and_then(|r| {
                        r.body
                            .get("clerk")
                            .and_then(|c| c.as_str())
                            .map(str::to_owned)
                    }),
                }
            })
            .collect())
    }

    /// Re-verifies the terminal's stored chain from GENESIS, the records it
    /// names, and that it ends at the stored head.
    pub fn verify_chain(&self, id: &TerminalId) -> Result<ChainReport, AdminError> {
        let standing = self.terminal(id)?;
        let mut head = ChainHead::EMPTY;
        for audited in self.store.audit_trail(id)? {
            let seq = audited.entry.seq;
            match verify_continuation(head, std::slice::from_ref(&audited.entry)) {
                Ok(next) => head = next,
                Err(error) => {
                    return Ok(ChainReport::Broken {
                        seq,
                        reason: error.to_string(),
                    });
                }
            }
            let reason = match &audited.record {
                None => Some(format!("record {} is missing", audited.entry.record_id)),
                Some(record) if record.digest() != audited.entry.record_digest => {
                    Some(format!("record {} was altered", record.id))
                }
                Some(_) => None,
            };
            if let Some(reason) = reason {
                return Ok(ChainReport::Broken { seq, reason });
            }
        }
        if head != standing.chain_head {
            return Ok(ChainReport::Broken {
                seq: head.seq + 1,
                reason: format!(
                    "the stored head is entry {} but the entries end at {}",
                    standing.chain_head.seq, head.seq
                ),
            });
        }
        Ok(ChainReport::Intact { head })
    }

    /// The records desks made for clerks the server could not vouch for,
    /// for a supervisor to review.
    pub fn flagged(&self) -> Result<Vec<crate::store::FlaggedRecord>, AdminError> {
        Ok(self.store.flagged_records()?)
    }

    /// Writes every record as one JSON line (a pulled `Change`), in server
    /// order, and returns how many.
    pub fn export(&self, out: &mut dyn Write) -> Result<u64, AdminError> {
        let mut sink = |change: courtdesk_protocol::api::Change| {
            serde_json::to_writer(&mut *out, &change).map_err(|e| StoreError::Export(e.into()))?;
            out.write_all(b"\n").map_err(StoreError::Export)
        };
        let count = self.store.export(&mut sink)?;
        out.flush().map_err(StoreError::Export)?;
        Ok(count)
    }
}
