//! Integration tests of the evidence crate: a delivery's records from the
//! kiosk to the court and into a bundle, tampering of every kind, the
//! served stamp read back with poppler, and the independent Python
//! verifier.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bundle;
mod court;
mod fixtures;
mod python;
mod stamp;
