//! The terminal's sync against the real central server, and the headless
//! terminal CLI.

mod cli;
