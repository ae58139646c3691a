//! The central court server: enrollment, authenticated sync and audit-chain
//! verification over HTTPS.
//!
//! - [`launch`] serves the API ([`courtdesk_protocol::api`]) on a listener;
//! - [`Registry`] is the administrator's side: enrollment codes, the terminal
//!   list, revocation, chain verification, export;
//! - [`store`] keeps the state behind the [`CentralStore`] trait.

mod auth;
mod blob_routes;
mod blobs;
mod code;
mod error;
pub mod ingest;
mod rate;
mod registry;
mod routes;
mod server;
mod settings;
mod state;
pub mod store;
mod tls;

pub use blobs::{BlobStatus, MAX_BLOB_BYTES};
pub use code::{CODE_LIFETIME_MS, EnrollmentCode, hash_code};
pub use registry::{AdminError, ChainReport, Registry};
pub use server::{LaunchError, Running, launch, launch_with_store};
pub use settings::{DEFAULT_BODY_LIMIT, RateLimit, Settings, TlsFiles};
pub use store::{CentralStore, StoreError, TerminalStanding};
pub use tls::{ServerIdentity, TlsError, generated_paths, load_identity};
