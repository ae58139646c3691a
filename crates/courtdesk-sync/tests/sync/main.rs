//! The terminal's sync against the real central server on `127.0.0.1`, and
//! the headless terminal CLI.

// The central server's own test support: which backend, and a fresh
// database of it per test.
#[path = "../../../courtdesk-central/tests/server/backend.rs"]
#[allow(
    dead_code,
    reason = "shared with the server's tests, which use all of it"
)]
mod backend;
mod blobs;
mod cli;
mod court;
mod crash;
mod delivery;
mod enrollment;
mod faults;
