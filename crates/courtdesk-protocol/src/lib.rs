//! Everything that crosses the wire between a terminal and the central court
//! server. Both sides import these types, so nothing is copied by hand.
//!
//! - [`api`]: the endpoints, their request and response bodies, the error body;
//! - [`auth`]: how a terminal signs each request with its Ed25519 key;
//! - [`record`]: a synced record, its id and its canonical digest;
//! - [`chain`]: the per-terminal hash-chained audit log;
//! - [`delivery`]: electronic delivery of court documents and its evidence;
//! - [`hlc`]: the hybrid logical clock that orders records across terminals;
//! - [`rights`]: which mode may push which record kind, and what each receives;
//! - [`site`]: a site's configuration as terminals receive it.
//!
//! Architecture invariant: this crate does no I/O and reads no clock.

pub mod api;
pub mod auth;
pub mod cases;
pub mod chain;
pub mod delivery;
mod digest;
pub mod hlc;
pub mod record;
pub mod rights;
#[cfg(feature = "openapi")]
mod schema;
pub mod site;

pub use digest::{Digest, InvalidDigest};
