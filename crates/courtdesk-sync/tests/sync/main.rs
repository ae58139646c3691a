//! The terminal's sync against the real central server on `127.0.0.1`, and
//! the headless terminal CLI.

mod blobs;
mod cli;
mod court;
mod crash;
mod delivery;
mod enrollment;
mod faults;
