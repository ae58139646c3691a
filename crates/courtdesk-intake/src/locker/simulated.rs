//! A locker controller simulated in a JSON file, for development and tests:
//!
//! ```json
//! { "compartments": [
//!     { "id": 1, "size": "small", "door_closed": true, "occupied": false,
//!       "out_of_service": false, "jammed": false }
//! ] }
//! ```
//!
//! `jammed` is the fault switch: opening that door fails with
//! [`LockerError::DoorJammed`]. The file is read on every call, so it can
//! be edited while a kiosk runs; [`SimulatedLocker::close_door`] plays the
//! person at the locker.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Compartment, CompartmentId, CompartmentSize, LockerController, LockerError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    compartments: Vec<SimulatedCompartment>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulatedCompartment {
    id: CompartmentId,
    size: CompartmentSize,
    door_closed: bool,
    occupied: bool,
    #[serde(default)]
    out_of_service: bool,
    #[serde(default)]
    jammed: bool,
}

impl SimulatedCompartment {
    fn public(&self) -> Compartment {
        Compartment {
            id: self.id,
            size: self.size,
            door_closed: self.door_closed,
            occupied: self.occupied,
            out_of_service: self.out_of_service,
        }
    }
}

/// A locker whose doors and sensors are a JSON file.
#[derive(Debug, Clone)]
pub struct SimulatedLocker {
    state_file: PathBuf,
    // One process drives a locker; the lock keeps its own threads from
    // interleaving a read and a write of the file.
    lock: std::sync::Arc<std::sync::Mutex<()>>,
}

impl SimulatedLocker {
    /// A locker over an existing state file.
    pub fn new(state_file: impl Into<PathBuf>) -> SimulatedLocker {
        SimulatedLocker {
            state_file: state_file.into(),
            lock: Default::default(),
        }
    }

    /// Writes a state file of empty, closed compartments numbered from 1,
    /// one per size given, and returns the locker over it.
    pub fn create(
        state_file: impl Into<PathBuf>,
        sizes: &[CompartmentSize],
    ) -> Result<SimulatedLocker, LockerError> {
        let locker = SimulatedLocker::new(state_file);
        let compartments = (1u16..)
            .zip(sizes)
            .map(|(id, size)| SimulatedCompartment {
                id: CompartmentId(id),
                size: *size,
                door_closed: true,
                occupied: false,
                out_of_service: false,
                jammed: false,
            })
            .collect();
        locker.save(&State { compartments })?;
        Ok(locker)
    }

    /// The person at the locker closes the door of `id`, leaving it
    /// `occupied` or empty.
    pub fn close_door(&self, id: CompartmentId, occupied: bool) -> Result<(), LockerError> {
        self.change(id, |c| {
            c.door_closed = true;
            c.occupied = occupied;
            Ok(())
        })
    }

    /// The fault switch: while `jammed`, the door of `id` does not open.
    pub fn set_jammed(&self, id: CompartmentId, jammed: bool) -> Result<(), LockerError> {
        self.change(id, |c| {
            c.jammed = jammed;
            Ok(())
        })
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn load(&self) -> Result<State, LockerError> {
        let text = std::fs::read(&self.state_file).map_err(unavailable)?;
        serde_json::from_slice(&text).map_err(|error| unavailable(error.into()))
    }

    fn save(&self, state: &State) -> Result<(), LockerError> {
        let json = serde_json::to_vec_pretty(state).map_err(|error| unavailable(error.into()))?;
        write_atomically(&self.state_file, &json).map_err(unavailable)
    }

    fn change(
        &self,
        id: CompartmentId,
        apply: impl FnOnce(&mut SimulatedCompartment) -> Result<(), LockerError>,
    ) -> Result<(), LockerError> {
        let _guard = self.guard();
        let mut state = self.load()?;
        let compartment = state
            .compartments
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or(LockerError::NoSuchCompartment(id))?;
        apply(compartment)?;
        self.save(&state)
    }
}

fn unavailable(source: std::io::Error) -> LockerError {
    LockerError::Unavailable { source }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

impl LockerController for SimulatedLocker {
    fn compartments(&self) -> Result<Vec<Compartment>, LockerError> {
        let _guard = self.guard();
        Ok(self
            .load()?
            .compartments
            .iter()
            .map(SimulatedCompartment::public)
            .collect())
    }

    fn status(&self, id: CompartmentId) -> Result<Compartment, LockerError> {
        let _guard = self.guard();
        self.load()?
            .compartments
            .iter()
            .find(|c| c.id == id)
            .map(SimulatedCompartment::public)
            .ok_or(LockerError::NoSuchCompartment(id))
    }

    fn open(&self, id: CompartmentId) -> Result<(), LockerError> {
        self.change(id, |c| {
            if c.jammed {
                return Err(LockerError::DoorJammed(id));
            }
            c.door_closed = false;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doors_open_close_and_jam_as_the_file_says() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("locker.json");
        let locker =
            SimulatedLocker::create(&file, &[CompartmentSize::Small, CompartmentSize::Large])
                .expect("created");
        let all = locker.compartments().expect("listed");
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|c| c.door_closed && !c.occupied));

        locker.open(CompartmentId(2)).expect("opens");
        assert!(!locker.status(CompartmentId(2)).expect("status").door_closed);
        locker.close_door(CompartmentId(2), true).expect("closed");
        let status = locker.status(CompartmentId(2)).expect("status");
        assert!(status.door_closed && status.occupied);

        locker.set_jammed(CompartmentId(1), true).expect("switched");
        let error = locker.open(CompartmentId(1)).expect_err("jammed");
        assert_eq!(error.code(), "locker_door_jammed");
        assert!(
            locker.status(CompartmentId(1)).expect("status").door_closed,
            "still shut"
        );
        assert_eq!(
            locker.open(CompartmentId(9)).expect_err("none").code(),
            "locker_no_such_compartment"
        );
    }

    #[test]
    fn a_missing_or_broken_state_file_is_an_unavailable_controller() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("locker.json");
        let locker = SimulatedLocker::new(&file);
        assert_eq!(
            locker.compartments().expect_err("no file").code(),
            "locker_unavailable"
        );
        std::fs::write(&file, "{not json").expect("written");
        assert_eq!(
            locker.compartments().expect_err("broken").code(),
            "locker_unavailable"
        );
    }
}
