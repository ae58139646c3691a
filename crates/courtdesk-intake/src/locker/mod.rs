//! Locker compartments for paper: the driver interface of a locker
//! controller, a simulator of one, and the assignment of compartments to
//! submissions with single-use pickup codes.
//!
//! A real controller (an RS-485 or network lock board, usually with a
//! vendor protocol of "open door n" and "read door and occupancy sensors")
//! goes behind [`LockerController`] in a module of its own; nothing else
//! changes. None can be attached here, so [`SimulatedLocker`] keeps its
//! state in a JSON file, where a jammed door can be switched on.

mod assignments;
mod simulated;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use assignments::{
    AssignmentError, CODE_DIGITS, DepositState, Issued, LockerAssignments, MAX_LOCKOUT_MS,
    PickupCode, PickupPolicy,
};
pub use simulated::SimulatedLocker;

/// A compartment's number, as printed on its door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CompartmentId(pub u16);

impl fmt::Display for CompartmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Sizes in increasing order: a folder of A4 papers fits a small one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompartmentSize {
    Small,
    Medium,
    Large,
}

/// A compartment and what its sensors say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compartment {
    pub id: CompartmentId,
    pub size: CompartmentSize,
    pub door_closed: bool,
    /// The occupancy sensor sees something inside.
    pub occupied: bool,
    /// Taken out of service by the controller (a fault it detected) or by
    /// staff; never assigned.
    pub out_of_service: bool,
}

/// Why the controller could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum LockerError {
    #[error("there is no compartment {0}")]
    NoSuchCompartment(CompartmentId),
    /// The lock was driven but the door did not open.
    #[error("the door of compartment {0} did not open")]
    DoorJammed(CompartmentId),
    /// The controller does not answer, or its state cannot be read.
    #[error("the locker controller is not available")]
    Unavailable {
        #[source]
        source: std::io::Error,
    },
}

impl LockerError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            LockerError::NoSuchCompartment(_) => "locker_no_such_compartment",
            LockerError::DoorJammed(_) => "locker_door_jammed",
            LockerError::Unavailable { .. } => "locker_unavailable",
        }
    }
}

/// A locker controller: the doors and sensors of one bank of compartments.
///
/// Implementations talk to hardware and keep no assignments of their own;
/// [`LockerAssignments`] decides which compartment holds what.
pub trait LockerController: fmt::Debug + Send + Sync {
    /// Every compartment with its size and its sensors' state now.
    fn compartments(&self) -> Result<Vec<Compartment>, LockerError>;

    /// One compartment's state now: whether its door is closed and whether
    /// something is inside.
    fn status(&self, id: CompartmentId) -> Result<Compartment, LockerError>;

    /// Unlocks the door of `id`, returning once the controller reports it
    /// open; a door that stays shut is [`LockerError::DoorJammed`]. Doors
    /// lock again by themselves when closed.
    fn open(&self, id: CompartmentId) -> Result<(), LockerError>;
}
