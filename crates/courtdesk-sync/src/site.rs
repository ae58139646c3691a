//! A site's configuration as the terminal receives it: fetched from the
//! server, then verified before anything keeps it — the version is of this
//! terminal's court and site, its digest matches its content, the court key
//! signed that digest, and it follows the version the terminal runs (never
//! an older one, and naming it as parent when it is the next).
//!
//! The court key is read once from the server over the pinned connection
//! (`GET /v1/court-key`) and kept by the terminal; the signature then proves
//! each version came from the court's server as the administrator kept it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_protocol::delivery::{CourtKey, paths as deliveries};
use courtdesk_protocol::site::{SITE_CONFIG, SignedSiteConfig, SiteConfigAnswer};
use courtdesk_site::{SiteConfigVersion, VersionError};
use ed25519_dalek::{Signature, VerifyingKey};
use reqwest::Method;

use crate::{Central, SyncError};

const JSON: &str = "application/json";

impl Central {
    /// The court's public key, which signs evidence and site configuration.
    pub async fn court_key(&self) -> Result<VerifyingKey, SyncError> {
        let key: CourtKey = self
            .signed(
                Method::GET,
                deliveries::COURT_KEY.to_owned(),
                Vec::new(),
                JSON,
            )
            .await?;
        let bytes: [u8; 32] = STANDARD
            .decode(&key.public_key)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(SyncError::IncompleteAnswer)?;
        VerifyingKey::from_bytes(&bytes).map_err(|_| SyncError::IncompleteAnswer)
    }

    /// The current configuration of this terminal's site; `unchanged` when
    /// it is version `have`.
    pub async fn site_config(&self, have: Option<u64>) -> Result<SiteConfigAnswer, SyncError> {
        let path = match have {
            Some(have) => format!("{SITE_CONFIG}?have={have}"),
            None => SITE_CONFIG.to_owned(),
        };
        self.signed(Method::GET, path, Vec::new(), JSON).await
    }
}

/// Why a received configuration was not kept. The terminal keeps running
/// the version it had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiteConfigRefusal {
    #[error("the configuration received is not a version the terminal can read: {0}")]
    Unreadable(String),
    #[error("the configuration received is for {got}, but this terminal is of {expected}")]
    OtherSite { expected: String, got: String },
    #[error("the answer's number or digest is not the version's own")]
    Mismatch,
    #[error("version {got} is not newer than version {running}, which the terminal runs")]
    NotNewer { running: u64, got: u64 },
    #[error(
        "version {number} does not name version {running}, which the terminal runs, as its parent"
    )]
    BrokenChain { number: u64, running: u64 },
    #[error(transparent)]
    Version(#[from] VersionError),
}

/// Verifies a received version for the terminal of `court_id`/`site_id`
/// running `running` (none yet), with the court key; the version to keep.
pub fn verify_site_config(
    received: &SignedSiteConfig,
    court_key: &VerifyingKey,
    court_id: &str,
    site_id: &str,
    running: Option<&SiteConfigVersion>,
) -> Result<SiteConfigVersion, SiteConfigRefusal> {
    let version: SiteConfigVersion = serde_json::from_value(received.version.clone())
        .map_err(|error| SiteConfigRefusal::Unreadable(error.to_string()))?;
    let (court, site) = (&version.config.court_id, &version.config.site_id);
    if court != court_id || site != site_id {
        return Err(SiteConfigRefusal::OtherSite {
            expected: format!("{court_id}/{site_id}"),
            got: format!("{court}/{site}"),
        });
    }
    if received.number != version.number || received.digest != version.digest.to_hex() {
        return Err(SiteConfigRefusal::Mismatch);
    }
    let signature: [u8; 64] = STANDARD
        .decode(&received.signature)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(SiteConfigRefusal::Version(VersionError::BadSignature {
            number: version.number,
        }))?;
    version.verify(court_key, &Signature::from_bytes(&signature))?;
    if let Some(running) = running {
        if version.number <= running.number {
            return Err(SiteConfigRefusal::NotNewer {
                running: running.number,
                got: version.number,
            });
        }
        // A terminal that was off for several versions cannot check the
        // link to its own; the signature then vouches for the version.
        if version.number == running.number + 1 && version.parent_digest != Some(running.digest) {
            return Err(SiteConfigRefusal::BrokenChain {
                number: version.number,
                running: running.number,
            });
        }
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use courtdesk_site::{ValidationContext, import_terminal_toml, next_version};
    use ed25519_dalek::{Signer, SigningKey};

    use super::*;

    const TOML: &str = r#"
[queue]
[[queue.services]]
id = "filing"
prefix = "F"
name_zh = "立案"
name_en = "Filing"
"#;

    fn court() -> SigningKey {
        SigningKey::from_bytes(&[3; 32])
    }

    fn signed(version: &SiteConfigVersion, key: &SigningKey) -> SignedSiteConfig {
        SignedSiteConfig {
            number: version.number,
            digest: version.digest.to_hex(),
            signature: STANDARD.encode(key.sign(&version.signing_bytes()).to_bytes()),
            version: serde_json::to_value(version).expect("serializes"),
        }
    }

    fn versions() -> (SiteConfigVersion, SiteConfigVersion) {
        let config = import_terminal_toml(TOML, "court-1", "hall-a").expect("imported");
        let who = "admin".parse().expect("an account");
        let context = ValidationContext::default();
        let first = next_version(None, config.clone(), who, 1_000, &context).expect("v1");
        let mut changed = config;
        changed.services[0].daily_quota = Some(40);
        let who = "admin".parse().expect("an account");
        let second = next_version(Some(&first), changed, who, 2_000, &context).expect("v2");
        (first, second)
    }

    fn check(
        received: &SignedSiteConfig,
        running: Option<&SiteConfigVersion>,
    ) -> Result<SiteConfigVersion, SiteConfigRefusal> {
        verify_site_config(
            received,
            &court().verifying_key(),
            "court-1",
            "hall-a",
            running,
        )
    }

    #[test]
    fn a_version_signed_by_the_court_and_following_the_running_one_is_kept() {
        let (first, second) = versions();
        assert_eq!(check(&signed(&first, &court()), None), Ok(first.clone()));
        assert_eq!(
            check(&signed(&second, &court()), Some(&first)),
            Ok(second.clone())
        );
    }

    #[test]
    fn a_tampered_or_foreign_version_is_refused() {
        let (first, second) = versions();

        let mut received = signed(&second, &court());
        received.version["config"]["services"][0]["letter"] = "Z".into();
        assert_eq!(
            check(&received, Some(&first)),
            Err(SiteConfigRefusal::Version(VersionError::DigestMismatch {
                number: 2
            }))
        );

        // Altered and its digest recomputed: the court never signed it.
        let mut altered = second.clone();
        altered.config.services[0].daily_quota = Some(1);
        altered.digest = altered.computed_digest();
        let mut received = signed(&altered, &court());
        received.signature = signed(&second, &court()).signature;
        assert_eq!(
            check(&received, Some(&first)),
            Err(SiteConfigRefusal::Version(VersionError::BadSignature {
                number: 2
            }))
        );

        let stranger = SigningKey::from_bytes(&[9; 32]);
        assert_eq!(
            check(&signed(&second, &stranger), Some(&first)),
            Err(SiteConfigRefusal::Version(VersionError::BadSignature {
                number: 2
            }))
        );

        let refusal = verify_site_config(
            &signed(&first, &court()),
            &court().verifying_key(),
            "court-1",
            "hall-b",
            None,
        );
        assert!(
            matches!(refusal, Err(SiteConfigRefusal::OtherSite { .. })),
            "{refusal:?}"
        );

        let mut received = signed(&second, &court());
        received.number = 3;
        assert_eq!(
            check(&received, Some(&first)),
            Err(SiteConfigRefusal::Mismatch)
        );
    }

    #[test]
    fn an_older_version_or_one_off_the_chain_is_refused() {
        let (first, second) = versions();
        assert_eq!(
            check(&signed(&first, &court()), Some(&second)),
            Err(SiteConfigRefusal::NotNewer { running: 2, got: 1 })
        );
        assert_eq!(
            check(&signed(&second, &court()), Some(&second)),
            Err(SiteConfigRefusal::NotNewer { running: 2, got: 2 })
        );

        // A version 2 signed by the court but made from another version 1.
        let (_, other_second) = {
            let config = import_terminal_toml(TOML, "court-1", "hall-a").expect("imported");
            let mut renamed = config.clone();
            renamed.name.en = "Another hall".into();
            let context = ValidationContext::default();
            let who = || "admin".parse().expect("an account");
            let other_first = next_version(None, renamed, who(), 500, &context).expect("v1");
            let mut changed = other_first.config.clone();
            changed.services[0].daily_quota = Some(7);
            let second =
                next_version(Some(&other_first), changed, who(), 600, &context).expect("v2");
            (other_first, second)
        };
        assert_eq!(
            check(&signed(&other_second, &court()), Some(&first)),
            Err(SiteConfigRefusal::BrokenChain {
                number: 2,
                running: 1
            })
        );
    }
}
