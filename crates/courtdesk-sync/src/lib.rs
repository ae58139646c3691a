//! The terminal's side of sync: the pinned HTTPS client, enrollment, and the
//! drain that moves the store's outbox to the central server and pulls its
//! changes back.
//!
//! - [`Central`]: the server, trusted by certificate pin, requests signed;
//! - [`enroll`]: binding the terminal to a server with a one-time code;
//! - [`Drain`]: one pass, or a background task with backoff and a trigger;
//! - [`SyncStatus`]: what the UI shows about it;
//! - [`Central::upload_blob`]: a document sent in resumable chunks;
//! - [`Central::request_otp`], [`Central::verify_otp`],
//!   [`Central::staff_sign_in`]: identity, refused with an [`IdentityError`];
//! - [`Central::site_config`] and [`verify_site_config`]: the site's
//!   configuration, received and verified before the terminal keeps it.

mod backoff;
mod blob;
mod central;
mod delivery;
mod drain;
mod enroll;
mod error;
mod identity;
mod key;
mod pin;
mod site;
mod status;

use std::time::{SystemTime, UNIX_EPOCH};

pub use backoff::Backoff;
pub use blob::{BLOB_CHUNK, BlobStatus};
pub use central::{Central, Credentials};
pub use delivery::DeliveryError;
pub use drain::{Drain, DrainHandle, DrainReport, PULL_PAGE, PUSH_BATCH, Schedule, SyncTrigger};
pub use enroll::{enroll, enrolled_central};
pub use error::SyncError;
pub use identity::IdentityError;
pub use key::TerminalKey;
pub use pin::Fingerprint;
pub use site::{SiteConfigRefusal, verify_site_config};
pub use status::{SyncStatus, UploadProgress};

/// The wall clock in Unix milliseconds: the one place this crate reads it.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
