//! The nonces of signed requests still inside the freshness window, kept in
//! memory so that checking one costs no database write.
//!
//! A nonce is remembered until its request's timestamp leaves the freshness
//! window, after which the timestamp alone refuses a replay. What memory
//! does not cover is a replay across a restart of the server (or to another
//! server of the same database): that is safe because every signed request
//! is idempotent — a push is keyed by its records' ids, a blob chunk by its
//! hash and offset, and the rest only read.

use std::collections::HashMap;
use std::sync::Mutex;

use courtdesk_core::TerminalId;

/// Shards, so concurrent requests of different terminals rarely contend.
const SHARDS: usize = 16;

#[derive(Debug, Default)]
struct Shard {
    /// Per terminal: nonce → when it may be forgotten (Unix ms).
    seen: HashMap<TerminalId, HashMap<Box<str>, u64>>,
    /// When expired entries were last swept.
    swept_ms: u64,
}

/// Every terminal's recent nonces.
#[derive(Debug)]
pub(crate) struct NonceMemory {
    shards: Vec<Mutex<Shard>>,
}

impl Default for NonceMemory {
    fn default() -> Self {
        NonceMemory {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl NonceMemory {
    /// Remembers `nonce` until `expires_ms`; `false` when it is still
    /// remembered from an earlier request.
    pub(crate) fn admit(
        &self,
        terminal: &TerminalId,
        nonce: &str,
        now_ms: u64,
        expires_ms: u64,
    ) -> bool {
        let shard = &self.shards[shard_of(terminal)];
        // A poisoned lock only means another request panicked mid-update;
        // the map is still consistent entry by entry.
        let mut shard = shard.lock().unwrap_or_else(|e| e.into_inner());
        // Sweeping at most once a second keeps the cost per request flat
        // while bounding memory by about a freshness window of requests.
        if now_ms >= shard.swept_ms.saturating_add(1000) {
            shard.swept_ms = now_ms;
            shard.seen.retain(|_, nonces| {
                nonces.retain(|_, expires| *expires >= now_ms);
                !nonces.is_empty()
            });
        }
        let nonces = shard.seen.entry(terminal.clone()).or_default();
        match nonces.get(nonce) {
            Some(expires) if *expires >= now_ms => false,
            _ => {
                nonces.insert(nonce.into(), expires_ms);
                true
            }
        }
    }
}

fn shard_of(terminal: &TerminalId) -> usize {
    // Terminal ids are random hex, so their last characters spread evenly.
    terminal
        .as_str()
        .bytes()
        .rev()
        .take(4)
        .fold(0usize, |acc, b| {
            acc.wrapping_mul(31).wrapping_add(usize::from(b))
        })
        % SHARDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terminal(bits: u128) -> TerminalId {
        TerminalId::from_bits(bits)
    }

    #[test]
    fn a_nonce_is_admitted_once_while_fresh() {
        let memory = NonceMemory::default();
        assert!(memory.admit(&terminal(1), "n", 1_000, 5_000));
        assert!(!memory.admit(&terminal(1), "n", 2_000, 6_000), "a replay");
        assert!(
            memory.admit(&terminal(2), "n", 2_000, 6_000),
            "nonces are per terminal"
        );
    }

    #[test]
    fn an_expired_nonce_is_swept_and_may_be_reused() {
        let memory = NonceMemory::default();
        let id = terminal(1);
        assert!(memory.admit(&id, "old", 1_000, 5_000));
        assert!(memory.admit(&id, "new", 10_000, 14_000));
        let shard = memory.shards[shard_of(&id)]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let held: Vec<&str> = shard.seen[&id].keys().map(|k| &**k).collect();
        assert_eq!(held, ["new"], "the expired nonce was swept");
        drop(shard);
        // Past its expiry the timestamp check refuses a replay; memory may
        // let the nonce go.
        assert!(memory.admit(&id, "old", 10_000, 14_000));
    }
}
