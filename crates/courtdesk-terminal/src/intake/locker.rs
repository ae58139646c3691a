//! A kiosk's locker for paper materials: the `[locker]` settings, the
//! controller they name, and the assignments kept in the terminal's store.
//!
//! The assignments ([`LockerAssignments`]) keep only a salted hash of each
//! pickup code. The code itself must reach the court, in the
//! `intake.locker_deposited` record, once the papers are in; until then it
//! is kept here as a [`PendingDeposit`], in the encrypted store, and
//! dropped in the transaction that writes the record.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use courtdesk_intake::locker::{
    CompartmentId, LockerAssignments, LockerController, PickupPolicy, SimulatedLocker,
};
use courtdesk_store::{Store, StoreError};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The controller driving the locker's doors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockerDriver {
    /// Doors and sensors in a JSON file (`simulator_state`), until a real
    /// board's protocol is known.
    #[default]
    Simulated,
}

/// `[locker]` in `courtdesk.toml` (a kiosk only; without it the kiosk
/// offers no locker):
///
/// ```toml
/// [locker]
/// driver = "simulated"
/// simulator_state = "locker.json"   # relative to the configuration's folder
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockerSettings {
    #[serde(default)]
    pub driver: LockerDriver,
    /// The simulated controller's state file.
    pub simulator_state: Option<PathBuf>,
}

/// A `[locker]` table that cannot be used; the message names the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[locker] {0}")]
pub struct LockerSettingsError(String);

impl LockerSettings {
    /// Checks the table's shape for a terminal of `mode`.
    pub fn check(&self, mode: courtdesk_core::Mode) -> Result<(), LockerSettingsError> {
        if mode != courtdesk_core::Mode::Kiosk {
            return Err(LockerSettingsError(format!(
                "is for a kiosk only; remove it from this {mode} terminal's file"
            )));
        }
        match self.driver {
            LockerDriver::Simulated => match &self.simulator_state {
                Some(path) if !path.as_os_str().is_empty() => Ok(()),
                _ => Err(LockerSettingsError(
                    "simulator_state must name the simulated locker's JSON file".into(),
                )),
            },
        }
    }
}

/// A pickup code issued for a compartment whose papers are not in yet.
/// `Debug` hides the code.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PendingDeposit {
    pub(crate) submission_id: String,
    pub(crate) compartment: CompartmentId,
    pub(crate) pickup_code: String,
}

impl fmt::Debug for PendingDeposit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingDeposit")
            .field("submission_id", &self.submission_id)
            .field("compartment", &self.compartment)
            .finish_non_exhaustive()
    }
}

/// What the store keeps of the locker.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct LockerState {
    pub(crate) assignments: LockerAssignments,
    #[serde(default)]
    pub(crate) pending: Vec<PendingDeposit>,
}

impl LockerState {
    fn empty() -> LockerState {
        LockerState {
            assignments: LockerAssignments::new(PickupPolicy::default()),
            pending: Vec::new(),
        }
    }

    fn parse(text: Option<String>) -> Result<LockerState, StoreError> {
        match text {
            None => Ok(LockerState::empty()),
            Some(text) => serde_json::from_str(&text).map_err(|_| StoreError::Corrupt {
                what: "locker assignments",
            }),
        }
    }

    /// The state as last committed.
    pub(crate) fn load(store: &Store) -> Result<LockerState, StoreError> {
        LockerState::parse(store.locker_state()?)
    }

    /// Writes the state in the caller's transaction.
    pub(crate) fn save_in(&self, conn: &Connection) -> Result<(), StoreError> {
        let text = serde_json::to_string(self).map_err(|_| StoreError::Corrupt {
            what: "locker assignments",
        })?;
        courtdesk_store::put_locker_state(conn, &text)
    }

    /// Writes the state in a transaction of its own.
    pub(crate) fn save(&self, store: &Store) -> Result<(), StoreError> {
        let text = serde_json::to_string(self).map_err(|_| StoreError::Corrupt {
            what: "locker assignments",
        })?;
        store.put_locker_state(&text)
    }

    pub(crate) fn pending_for(&self, submission_id: &str) -> Option<&PendingDeposit> {
        self.pending
            .iter()
            .find(|p| p.submission_id == submission_id)
    }
}

/// The kiosk's locker: its controller and a lock that keeps one change of
/// its assignments at a time.
#[derive(Debug)]
pub(crate) struct KioskLocker {
    controller: Box<dyn LockerController>,
    lock: Mutex<()>,
}

impl KioskLocker {
    /// The controller `settings` name, with relative paths resolved by
    /// `resolve`.
    pub(crate) fn new(
        settings: &LockerSettings,
        resolve: impl Fn(&std::path::Path) -> PathBuf,
    ) -> KioskLocker {
        let controller: Box<dyn LockerController> = match settings.driver {
            LockerDriver::Simulated => Box::new(SimulatedLocker::new(resolve(
                settings
                    .simulator_state
                    .as_deref()
                    .unwrap_or(std::path::Path::new("locker.json")),
            ))),
        };
        KioskLocker {
            controller,
            lock: Mutex::new(()),
        }
    }

    pub(crate) fn controller(&self) -> &dyn LockerController {
        self.controller.as_ref()
    }

    pub(crate) fn guard(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use courtdesk_core::Mode;

    #[test]
    fn a_locker_table_needs_a_kiosk_and_its_state_file() {
        let good = LockerSettings {
            driver: LockerDriver::Simulated,
            simulator_state: Some("locker.json".into()),
        };
        assert!(good.check(Mode::Kiosk).is_ok());
        let error = good.check(Mode::Staff).expect_err("a desk has no locker");
        assert!(error.to_string().contains("kiosk only"), "{error}");
        for missing in [None, Some(PathBuf::new())] {
            let settings = LockerSettings {
                simulator_state: missing,
                ..good.clone()
            };
            let error = settings.check(Mode::Kiosk).expect_err("no state file");
            assert!(error.to_string().contains("simulator_state"), "{error}");
        }
    }

    #[test]
    fn kept_state_round_trips_and_hides_codes_from_debug() {
        let mut state = LockerState::empty();
        state.pending.push(PendingDeposit {
            submission_id: "s".into(),
            compartment: CompartmentId(3),
            pickup_code: "123456".into(),
        });
        let text = serde_json::to_string(&state).expect("serializes");
        let back = LockerState::parse(Some(text)).expect("parses");
        assert_eq!(back.pending, state.pending);
        assert!(!format!("{back:?}").contains("123456"));
        assert!(LockerState::parse(Some("{".into())).is_err());
    }
}
