//! The site configuration's integration tests, through the public API only:
//! every validation rule, versions and their digests and signatures, the
//! effect rules, diffs, the import of terminal files, and properties over
//! arbitrary configurations.

mod diff;
mod effects;
mod import;
mod properties;
mod support;
mod validation;
mod versions;
