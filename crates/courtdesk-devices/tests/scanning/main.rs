//! Scanning through SANE's `test` device with the real `scanimage`, pages
//! bound into a PDF, and the intake receipt as the tools of a print chain
//! read it. Tests that need a tool skip with a note on stderr when it is
//! missing, and fail instead when `CI` is set.

mod receipt;
mod scanner;
#[path = "../devices/support.rs"]
#[allow(
    dead_code,
    reason = "shared with the devices tests, which use the rest of it"
)]
mod support;
