//! The evidence bundle of one delivery: a ZIP file holding the documents,
//! every evidence record with its signatures, and a manifest, which anyone
//! can check with the court's public key (see `FORMAT.md`, section
//! "Bundle").
//!
//! ```text
//! manifest.json            what is in the bundle, with every file's SHA-256
//! README.txt               how to verify, for whoever receives the bundle
//! documents/<name>         the documents as published
//! served/<name>            the served copies (optional), stamped by appending
//! evidence/0001.json       record 1, its exact signed bytes
//! signatures/0001.json     record 1's terminal signature and countersignature
//! ```

mod entries;
mod export;
mod finding;
mod manifest;
mod verify;

pub use export::{BundleDocument, BundleInput, ExportError, export_bundle};
pub use finding::Finding;
pub use verify::{Limits, VerifiedBundle, VerifiedRecord, verify_bundle, verify_bundle_with};

/// The `format` of a bundle's manifest.
pub const BUNDLE_FORMAT: &str = "courtdesk-evidence-bundle/1";

/// The path of a record's bytes in a bundle, numbered from 1.
pub(crate) fn record_path(index: usize) -> String {
    format!("evidence/{index:04}.json")
}

/// The path of a record's signatures in a bundle.
pub(crate) fn signatures_path(index: usize) -> String {
    format!("signatures/{index:04}.json")
}

/// The text of a bundle's README.txt.
pub(crate) const README: &str = include_str!("README.txt");
