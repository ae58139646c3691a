//! Versions of a site's configuration: numbered from 1, each naming its
//! parent's digest, who made it and when, and signed by the server.
//!
//! The digest is the SHA-256 of the version's canonical JSON (object keys
//! sorted, no whitespace; [`canonical_json`]) without the digest itself. The
//! server signs [`SiteConfigVersion::signing_bytes`]: a domain tag and the
//! digest, so the signature covers the content through the digest and can
//! never be mistaken for a signature the server makes for anything else.

use courtdesk_protocol::Digest;
use courtdesk_protocol::record::canonical_json;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::{AccountId, Problem, SiteConfig, ValidationContext};

/// The tag that starts every signed message of a configuration version.
pub const SIGNING_DOMAIN: &[u8] = b"courtdesk.site-config.v1\0";

/// One version of a site's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfigVersion {
    /// 1 for a site's first version, then one more each time.
    pub number: u64,
    /// The digest of version `number - 1`; none for the first.
    pub parent_digest: Option<Digest>,
    pub digest: Digest,
    pub made_by: AccountId,
    /// When the server kept it, in epoch milliseconds.
    pub made_at_ms: u64,
    pub config: SiteConfig,
}

/// Why a version was not made or does not check out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("the configuration has {} problem(s): {}", .0.len(), first_problem(.0))]
    Invalid(Vec<Problem>),
    #[error("the configuration is the same as version {0}; nothing to keep")]
    Unchanged(u64),
    #[error("the configuration is for {got}, but the versions are of {expected}")]
    OtherSite { expected: String, got: String },
    #[error("the version is dated before its parent, which was made at {parent_ms}")]
    BeforeParent { parent_ms: u64 },
    #[error("version {number} does not match its digest")]
    DigestMismatch { number: u64 },
    #[error("version {number} does not follow version {previous} or names another parent")]
    BrokenChain { number: u64, previous: u64 },
    #[error("version {number} is not signed by the server's key")]
    BadSignature { number: u64 },
}

fn first_problem(problems: &[Problem]) -> String {
    problems
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The part of a version the digest covers: everything but the digest.
#[derive(Serialize)]
struct Content<'a> {
    number: u64,
    parent_digest: Option<Digest>,
    made_by: &'a AccountId,
    made_at_ms: u64,
    config: &'a SiteConfig,
}

impl SiteConfigVersion {
    /// The canonical JSON the digest is computed over.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let content = Content {
            number: self.number,
            parent_digest: self.parent_digest,
            made_by: &self.made_by,
            made_at_ms: self.made_at_ms,
            config: &self.config,
        };
        // Serializing plain data to a JSON value cannot fail: every map key
        // of the configuration is a string or a unit enum.
        let value = serde_json::to_value(&content).unwrap_or_default();
        canonical_json(&value)
    }

    /// The digest this version's content has.
    pub fn computed_digest(&self) -> Digest {
        Digest::of(&self.canonical_bytes())
    }

    /// The exact bytes the server signs and terminals verify.
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut bytes = SIGNING_DOMAIN.to_vec();
        bytes.extend_from_slice(&self.digest.0);
        bytes
    }

    /// Checks that the digest matches the content, then lets `verify` check a
    /// signature over [`SiteConfigVersion::signing_bytes`] (for a key kept
    /// elsewhere, such as a hardware module).
    pub fn verify_with(&self, verify: impl FnOnce(&[u8]) -> bool) -> Result<(), VersionError> {
        if self.computed_digest() != self.digest {
            return Err(VersionError::DigestMismatch {
                number: self.number,
            });
        }
        if verify(&self.signing_bytes()) {
            Ok(())
        } else {
            Err(VersionError::BadSignature {
                number: self.number,
            })
        }
    }

    /// [`SiteConfigVersion::verify_with`] for an Ed25519 key.
    pub fn verify(&self, key: &VerifyingKey, signature: &Signature) -> Result<(), VersionError> {
        self.verify_with(|bytes| key.verify(bytes, signature).is_ok())
    }

    fn seal(
        number: u64,
        parent_digest: Option<Digest>,
        made_by: AccountId,
        made_at_ms: u64,
        config: SiteConfig,
    ) -> SiteConfigVersion {
        let mut version = SiteConfigVersion {
            number,
            parent_digest,
            digest: Digest([0; 32]),
            made_by,
            made_at_ms,
            config,
        };
        version.digest = version.computed_digest();
        version
    }
}

/// The version that follows `previous` (none for a site's first) with
/// `config`, made by `who` at `when_ms`. Refused when the configuration has a
/// problem, is the same as the previous one, belongs to another site, or is
/// dated before its parent (the letter in force on a day is read from the
/// versions' dates, so they must not go backwards).
pub fn next_version(
    previous: Option<&SiteConfigVersion>,
    config: SiteConfig,
    who: AccountId,
    when_ms: u64,
    context: &ValidationContext,
) -> Result<SiteConfigVersion, VersionError> {
    if let Some(previous) = previous {
        let site = |c: &SiteConfig| format!("{}/{}", c.court_id, c.site_id);
        if site(&previous.config) != site(&config) {
            return Err(VersionError::OtherSite {
                expected: site(&previous.config),
                got: site(&config),
            });
        }
        if previous.config == config {
            return Err(VersionError::Unchanged(previous.number));
        }
        if when_ms < previous.made_at_ms {
            return Err(VersionError::BeforeParent {
                parent_ms: previous.made_at_ms,
            });
        }
    }
    let problems = config.validate(previous.map(|p| &p.config), context);
    if !problems.is_empty() {
        return Err(VersionError::Invalid(problems));
    }
    let (number, parent) = match previous {
        Some(previous) => (previous.number + 1, Some(previous.digest)),
        None => (1, None),
    };
    Ok(SiteConfigVersion::seal(
        number, parent, who, when_ms, config,
    ))
}

/// Checks a site's history, oldest first: numbers from 1 without gaps, each
/// version naming its parent's digest, every digest matching its content.
/// Signatures are checked one by one with [`SiteConfigVersion::verify`].
pub fn verify_chain(versions: &[SiteConfigVersion]) -> Result<(), VersionError> {
    let mut parent: Option<&SiteConfigVersion> = None;
    for version in versions {
        if version.computed_digest() != version.digest {
            return Err(VersionError::DigestMismatch {
                number: version.number,
            });
        }
        let follows = match parent {
            None => version.number == 1 && version.parent_digest.is_none(),
            Some(parent) => {
                version.number == parent.number + 1
                    && version.parent_digest == Some(parent.digest)
                    && version.made_at_ms >= parent.made_at_ms
            }
        };
        if !follows {
            return Err(VersionError::BrokenChain {
                number: version.number,
                previous: parent.map_or(0, |p| p.number),
            });
        }
        parent = Some(version);
    }
    Ok(())
}
