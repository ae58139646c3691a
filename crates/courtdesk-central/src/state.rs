//! What every request handler shares: the store, the server's clock, the
//! rate limiter and the recent nonces.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use courtdesk_core::TerminalId;
use courtdesk_protocol::hlc::{Hlc, HlcClock};

use crate::blobs::BlobShelf;
use crate::delivery::Deliveries;
use crate::error::ApiError;
use crate::identity::Identity;
use crate::nonce::NonceMemory;
use crate::rate::{RateLimit, RateLimiter};
use crate::site::SiteConfigs;
use crate::store::{CentralStore, StoreError};

/// How far ahead of the server's clock a record's stamp may be and still
/// move it.
const MAX_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// How often a terminal's last contact is written: the terminal list needs
/// minutes, and a write per request would double the store's load.
const SEEN_EVERY_MS: u64 = 60_000;

/// Enrollment attempts per source address: ten at once, then one every six
/// seconds. A court enrolls a handful of terminals at a time; a spray of
/// guessed codes gets nowhere (a code has 160 random bits anyway).
pub(crate) const ENROLL_LIMIT: RateLimit = RateLimit {
    per_second: 1.0 / 6.0,
    burst: 10,
};

#[derive(Debug)]
pub(crate) struct Central {
    pub(crate) store: Arc<dyn CentralStore>,
    pub(crate) limiter: RateLimiter,
    /// Enrollment attempts by source address.
    pub(crate) enrollments: RateLimiter<IpAddr>,
    /// When each terminal's last contact was last written.
    seen: Mutex<HashMap<TerminalId, u64>>,
    pub(crate) blobs: BlobShelf,
    pub(crate) nonces: NonceMemory,
    /// Bumped after every push that stored something, so waiting pulls
    /// answer at once instead of at their timeout.
    pub(crate) changes: tokio::sync::watch::Sender<u64>,
    pub(crate) lease_block: u32,
    pub(crate) identity: Identity,
    pub(crate) deliveries: Deliveries,
    pub(crate) site_configs: SiteConfigs,
    /// Set when the server begins to shut down.
    pub(crate) closing: tokio::sync::watch::Sender<bool>,
    clock: Mutex<HlcClock>,
    pub(crate) metrics: crate::metrics::Metrics,
}

impl Central {
    #[expect(
        clippy::too_many_arguments,
        reason = "each is one part of the shared state, built once by launch_with_store"
    )]
    pub(crate) fn new(
        store: Arc<dyn CentralStore>,
        limiter: RateLimiter,
        enroll_limit: RateLimit,
        blobs: BlobShelf,
        lease_block: u32,
        identity: Identity,
        deliveries: Deliveries,
        site_configs: SiteConfigs,
    ) -> Central {
        Central {
            store,
            limiter,
            enrollments: RateLimiter::new(enroll_limit),
            seen: Mutex::default(),
            blobs,
            nonces: NonceMemory::default(),
            changes: tokio::sync::watch::Sender::new(0),
            lease_block,
            identity,
            deliveries,
            site_configs,
            closing: tokio::sync::watch::Sender::new(false),
            clock: Mutex::new(HlcClock::default()),
            metrics: crate::metrics::Metrics::default(),
        }
    }

    /// Runs a store call on the blocking pool, where SQLite may wait on disk.
    pub(crate) async fn with_store<T: Send + 'static>(
        &self,
        call: impl FnOnce(&dyn CentralStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = Arc::clone(&self.store);
        let outcome = tokio::task::spawn_blocking(move || call(store.as_ref())).await;
        if !matches!(outcome, Ok(Ok(_))) {
            self.metrics.store_error();
        }
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(ApiError::internal(&error)),
            Err(error) => Err(ApiError::internal(&error)),
        }
    }

    /// Whether the terminal's last contact is due to be written (at most
    /// once a minute per terminal); the caller writes it.
    pub(crate) fn seen_due(&self, terminal: &TerminalId, now: u64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        match seen.get(terminal) {
            Some(at) if now < at.saturating_add(SEEN_EVERY_MS) => false,
            _ => {
                seen.insert(terminal.clone(), now);
                true
            }
        }
    }

    /// The server's clock reading after taking in the stamps it was sent.
    pub(crate) fn stamp(&self, seen: impl IntoIterator<Item = Hlc>) -> Hlc {
        let now = now_ms();
        let mut clock = self.clock.lock().unwrap_or_else(|e| e.into_inner());
        for stamp in seen {
            // A stamp far in the future would drag every later server stamp
            // with it; such a terminal clock is wrong, not ahead.
            if stamp.wall_ms <= now.saturating_add(MAX_AHEAD_MS) {
                clock.observe(stamp, now);
            }
        }
        clock.tick(now)
    }
}

/// The wall clock in Unix milliseconds; the server is the one place allowed
/// to read it.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
