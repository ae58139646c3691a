//! The site's configuration kept in step with the server: fetched on the
//! sync link's runtime, verified (court key, digest, chain) before it is
//! kept, and read back at start so an offline terminal runs the version it
//! last had. A version that does not verify is refused and logged; the
//! terminal keeps the one it had.
//!
//! What the kept version drives (the kiosk's services, the desk's windows)
//! is read from the store by those parts; this module only keeps it.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_protocol::site::SiteConfigAnswer;
use courtdesk_site::SiteConfigVersion;
use courtdesk_store::{KeptSiteConfig, Store, StoreError};
use courtdesk_sync::{Central, SiteConfigRefusal, SyncError, verify_site_config};
use ed25519_dalek::VerifyingKey;
use tokio::sync::Notify;

/// How often the terminal asks for a new version when nothing wakes it.
const SITE_CONFIG_CHECK: Duration = Duration::from_secs(30);

/// What one check did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SiteConfigCheck {
    /// The site has no configuration at the server yet.
    NotConfigured,
    Unchanged(u64),
    /// A newer version was verified and kept.
    Kept(u64),
}

/// Why a check kept nothing.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SiteConfigError {
    #[error("the terminal is not enrolled")]
    NotEnrolled,
    #[error("cannot reach the server")]
    Sync(#[from] SyncError),
    #[error("the terminal's store failed")]
    Store(#[from] StoreError),
    #[error("the kept court key is not a key")]
    CourtKey,
    #[error("the configuration received was refused")]
    Refused(#[from] SiteConfigRefusal),
}

/// The version the terminal runs, if it has one it can read.
pub(crate) fn running_version(store: &Store) -> Result<Option<SiteConfigVersion>, StoreError> {
    Ok(store.site_config()?.and_then(|kept| {
        serde_json::from_str(&kept.version_json)
            .inspect_err(|error| {
                tracing::error!(%error, number = kept.number, "the kept site configuration is unreadable");
            })
            .ok()
    }))
}

/// The court key: kept, or read once from the server and kept.
async fn court_key(store: &Store, central: &Central) -> Result<VerifyingKey, SiteConfigError> {
    let text = match store.court_key()? {
        Some(text) => text,
        None => {
            let key = central.court_key().await?;
            let text = STANDARD.encode(key.as_bytes());
            store.keep_court_key(&text)?;
            // Another writer may have kept one first; the kept one stands.
            store.court_key()?.unwrap_or(text)
        }
    };
    let bytes: [u8; 32] = STANDARD
        .decode(&text)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(SiteConfigError::CourtKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| SiteConfigError::CourtKey)
}

/// Asks the server for the site's configuration and keeps a newer version
/// once it verifies.
pub(crate) async fn check(
    store: &Store,
    central: &Central,
    now_ms: u64,
) -> Result<SiteConfigCheck, SiteConfigError> {
    let enrollment = store.enrollment()?.ok_or(SiteConfigError::NotEnrolled)?;
    let key = court_key(store, central).await?;
    // A version kept before the terminal was enrolled again elsewhere is
    // not this site's: the new site's versions are numbered on their own.
    let running = running_version(store)?.filter(|version| {
        version.config.court_id == enrollment.court_id
            && version.config.site_id == enrollment.site_id
    });
    let answer = central
        .site_config(running.as_ref().map(|v| v.number))
        .await?;
    let signed = match answer {
        SiteConfigAnswer::NotConfigured => return Ok(SiteConfigCheck::NotConfigured),
        SiteConfigAnswer::Unchanged { number } => return Ok(SiteConfigCheck::Unchanged(number)),
        SiteConfigAnswer::Current(signed) => signed,
    };
    let version = verify_site_config(
        &signed,
        &key,
        &enrollment.court_id,
        &enrollment.site_id,
        running.as_ref(),
    )?;
    store.put_site_config(&KeptSiteConfig {
        number: version.number,
        digest: signed.digest.clone(),
        version_json: signed.version.to_string(),
        signature: signed.signature.clone(),
        received_ms: i64::try_from(now_ms).unwrap_or(i64::MAX),
    })?;
    tracing::info!(number = version.number, digest = %signed.digest, "site configuration kept");
    Ok(SiteConfigCheck::Kept(version.number))
}

/// Checks at start, when woken (a sync now) and every half minute; a failure
/// is logged and waits for the next turn, the kept version still running.
pub(crate) async fn keep_in_step(store: Arc<Store>, central: Central, wake: Arc<Notify>) {
    loop {
        match check(&store, &central, crate::terminal::now_ms()).await {
            Ok(SiteConfigCheck::NotConfigured) => {
                tracing::warn!("the court server has no configuration for this site yet");
            }
            Ok(SiteConfigCheck::Unchanged(_) | SiteConfigCheck::Kept(_)) => {}
            Err(SiteConfigError::Refused(refusal)) => {
                tracing::error!(%refusal, "refused the site configuration received; keeping the one this terminal runs");
            }
            Err(error) => tracing::warn!(%error, "could not check the site configuration"),
        }
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(SITE_CONFIG_CHECK) => {}
        }
    }
}
