//! A site's configuration as a terminal receives it: the version the court
//! server keeps for the terminal's own site, signed with the court key.
//!
//! The version's JSON is `courtdesk_site::SiteConfigVersion`; this crate
//! carries it as JSON because the configuration's rules depend on this
//! crate, not the other way round. A terminal verifies the digest against
//! the content and the signature against the court key before it keeps it.

use serde::{Deserialize, Serialize};

/// The path of `GET /v1/site/config?have=N`.
pub const SITE_CONFIG: &str = "/v1/site/config";

/// The query of `GET /v1/site/config`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfigQuery {
    /// The version number the terminal runs; when it is the current one,
    /// the answer is `unchanged` and carries no configuration.
    #[serde(default)]
    pub have: Option<u64>,
}

/// The answer of `GET /v1/site/config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SiteConfigAnswer {
    /// The site has no configuration yet: the terminal must not run a hall.
    NotConfigured,
    /// The terminal's version (`have`) is the current one.
    Unchanged { number: u64 },
    /// The current version.
    Current(SignedSiteConfig),
}

/// A version of a site's configuration and the court key's signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedSiteConfig {
    pub number: u64,
    /// Lowercase hex SHA-256 of the version's canonical JSON, as in `version`.
    pub digest: String,
    /// Standard base64 of the court key's Ed25519 signature over the
    /// domain tag `courtdesk.site-config.v1\0` followed by the 32 digest
    /// bytes.
    pub signature: String,
    /// The version (`number`, `parent_digest`, `digest`, `made_by`,
    /// `made_at_ms`, `config`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub version: serde_json::Value,
}
