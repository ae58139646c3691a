//! What the stores keep of a site's configuration: every version, as the
//! server signed it. The rules (validation, the digest chain) live in
//! `courtdesk-site`; a store only keeps rows and refuses a version that
//! does not follow the current head.

use courtdesk_protocol::Digest;

/// One stored version of a site's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSiteVersion {
    pub court_id: String,
    pub site_id: String,
    pub number: u64,
    pub parent_digest: Option<Digest>,
    pub digest: Digest,
    /// The version's JSON (`courtdesk_site::SiteConfigVersion`) as signed.
    pub version_json: String,
    /// Base64 of the court key's Ed25519 signature.
    pub signature: String,
    pub made_by: String,
    pub made_ms: u64,
}

/// What became of a new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteVersionWrite {
    Kept,
    /// The version does not follow the site's head (another version was
    /// kept since it was made); nothing was written.
    Conflict {
        head: Option<u64>,
    },
}
