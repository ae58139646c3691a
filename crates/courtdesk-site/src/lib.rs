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
//!
//! # Policies
//!
//! **Retire, never delete, what records refer to.** Services, windows,
//! outcome codes, departments and organizations carry a retired flag (a
//! service a state). The caller passes the ids its records refer to
//! ([`ReferencedIds`]); a new version that leaves one out is refused with
//! [`ProblemCode::DeletedWhileReferenced`], so every record keeps a name.
//! Nothing may use a retired item: a window a retired service, a service a
//! retired outcome code.
//!
//! **Letters.** The services not retired each have their own letter. A
//! letter changes the next service day: [`effective_letter`] gives the letter
//! a service prints on a day from the version history, and a letter still
//! printed today by one service cannot be given to another
//! ([`ValidationContext::letters_today`]). Tickets already issued keep their
//! numbers whatever changes, since numbering depends on the service and day
//! only.
//!
//! **Quotas.** A quota below the tickets already issued today (passed in,
//! [`ValidationContext::issued_today`]) is refused; one equal to it closes the
//! service for the rest of the day.
//!
//! **Holidays and extra working days** are dates per service; a date cannot
//! be both. An extra working day takes a Monday's hours.
//!
//! **Versions.** Numbered from 1, chained by SHA-256 digest of the canonical
//! JSON (the protocol crate's [`canonical_json`](courtdesk_protocol::record::canonical_json)),
//! never dated before their parent, never the same as their parent. The
//! server signs the domain tag and the digest; a terminal verifies the digest
//! against the content, then the signature, before applying a version.

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
