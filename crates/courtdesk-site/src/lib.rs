//! A site's configuration as the court server keeps it and every terminal of
//! the site runs it: the hall's name and clock, its services (letters, hours,
//! holidays, quotas, priority classes, appointment slots, state), windows,
//! visit outcome codes, the departments submissions go to, the mediation
//! organizations, and the thresholds a supervisor's screen marks.
//!
//! Architecture invariant: this crate performs no I/O and never reads the
//! clock or a random source. Times (epoch milliseconds, service days), the
//! account making a change, the tickets issued today and the ids records
//! refer to are passed in; the server stores and signs, the terminals apply.
//!
//! - [`SiteConfig`] and its parts are the model; [`SiteConfig::validate`]
//!   returns every [`Problem`], each naming its field by path with a
//!   [`ProblemCode`] and a message in zh-CN and English.
//! - [`next_version`] makes a [`SiteConfigVersion`]: numbered, chained to its
//!   parent by digest, with the bytes the server signs
//!   ([`SiteConfigVersion::signing_bytes`]) and their verification.
//! - [`diff`] lists what changed between two configurations, for people.
//! - The effect rules (module `effects`): letters change the next service
//!   day ([`effective_letter`]); hours, quotas, pause and lock apply at once
//!   ([`ServiceConfig::dispenser_rules`]).
//! - [`import_terminal_toml`] reads the `[queue]` table terminals carried
//!   before the server kept the configuration, keeping letters, and so
//!   numbering, as they were.

#![forbid(unsafe_code)]

mod diff;
mod effects;
mod import;
mod model;
mod names;
mod problem;
mod validate;
mod version;

pub use diff::{Change, ChangeKind, Subject, diff};
pub use effects::{effective_letter, effective_letters};
pub use import::{ImportError, import_terminal_toml, import_terminal_tomls};
pub use model::{
    AppointmentSlot, Department, MediationOrganization, OrganizationKind, OutcomeCodeConfig,
    ServiceConfig, ServiceState, SiteConfig, Thresholds, WindowConfig,
};
pub use names::{AccountId, DepartmentId, DisputeType, InvalidId, Names, OrganizationId};
pub use problem::{Problem, ProblemCode, ProblemKind};
pub use validate::{ReferencedIds, ValidationContext};
pub use version::{SIGNING_DOMAIN, SiteConfigVersion, VersionError, next_version, verify_chain};
