//! The hall's attached hardware.
