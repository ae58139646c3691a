//! The faults switched on at the moment, shared by every connection, and the
//! counters tests assert on.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;

/// What a partition does with a connection attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    /// Accepted and reset at once: the client fails fast.
    Refuse,
    /// Accepted and never answered until [`FaultHandle::heal`], like a
    /// cable pulled somewhere down the line: the client waits for its timeout.
    BlackHole,
}

/// The faults in force; read afresh for every chunk, so a change applies to
/// connections that are already open.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Faults {
    pub(crate) latency: Duration,
    pub(crate) bytes_per_second: Option<u64>,
    pub(crate) cut_upload_after: Option<u64>,
    pub(crate) lose_replies_after: Option<u64>,
    pub(crate) partition: Option<Partition>,
}

/// What passed through the proxy since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Connections accepted, whatever became of them.
    pub accepted: u64,
    /// Connections that reached the upstream.
    pub forwarded: u64,
    /// Connections a partition refused or black-holed.
    pub partitioned: u64,
    /// Connections ended abruptly by a fault (reset, cut, lost reply).
    pub broken: u64,
    /// Bytes delivered to the upstream.
    pub upstream_bytes: u64,
    /// Bytes delivered back to clients.
    pub downstream_bytes: u64,
    /// Bytes from the upstream that a lost-reply fault threw away.
    pub swallowed_bytes: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) accepted: AtomicU64,
    pub(crate) forwarded: AtomicU64,
    pub(crate) partitioned: AtomicU64,
    pub(crate) broken: AtomicU64,
    pub(crate) upstream_bytes: AtomicU64,
    pub(crate) downstream_bytes: AtomicU64,
    pub(crate) swallowed_bytes: AtomicU64,
}

impl Tally {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// State shared by the handle and every connection.
#[derive(Debug)]
pub(crate) struct Shared {
    faults: Mutex<Faults>,
    pub(crate) tally: Tally,
    /// Bumped to drop every open connection.
    pub(crate) resets: watch::Sender<u64>,
    /// Bumped to release black-holed connections.
    pub(crate) heals: watch::Sender<u64>,
}

impl Shared {
    pub(crate) fn faults(&self) -> Faults {
        *self.lock()
    }

    fn lock(&self) -> MutexGuard<'_, Faults> {
        // A panic while holding the lock cannot leave the plain values torn.
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Switches the proxy's faults at run time. Clones control the same proxy.
#[derive(Debug, Clone)]
pub struct FaultHandle(Arc<Shared>);

impl FaultHandle {
    pub(crate) fn new() -> FaultHandle {
        FaultHandle(Arc::new(Shared {
            faults: Mutex::new(Faults::default()),
            tally: Tally::default(),
            resets: watch::Sender::new(0),
            heals: watch::Sender::new(0),
        }))
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.0
    }

    /// Delays every chunk, in both directions, by `latency`.
    pub fn set_latency(&self, latency: Duration) {
        self.0.lock().latency = latency;
    }

    /// Limits each direction of each connection to about `bytes_per_second`.
    pub fn set_bandwidth(&self, bytes_per_second: u64) {
        self.0.lock().bytes_per_second = Some(bytes_per_second.max(1));
    }

    /// Breaks every connection once it has carried `bytes` towards the
    /// upstream: an upload cut part of the way through.
    pub fn cut_uploads_after(&self, bytes: u64) {
        self.0.lock().cut_upload_after = Some(bytes);
    }

    /// Once a connection has carried `bytes` towards the upstream, whatever
    /// the upstream answers is thrown away and the connection is broken when
    /// both sides fall quiet: the server acted on the request, the reply is
    /// lost. `bytes` should exceed the TLS handshake so it falls in a request.
    pub fn lose_replies_after(&self, bytes: u64) {
        self.0.lock().lose_replies_after = Some(bytes);
    }

    /// Drops every open connection abruptly (TCP reset); new ones proceed.
    pub fn reset_all(&self) {
        self.0.resets.send_modify(|generation| *generation += 1);
    }

    /// Cuts the network: open connections are dropped and new ones are
    /// handled as `partition` says, until [`FaultHandle::heal`].
    pub fn partition(&self, partition: Partition) {
        self.0.lock().partition = Some(partition);
        self.reset_all();
    }

    /// Switches every fault off and releases black-holed connections (they
    /// are closed, so their clients retry on a fresh connection).
    pub fn heal(&self) {
        *self.0.lock() = Faults::default();
        self.0.heals.send_modify(|generation| *generation += 1);
    }

    pub fn counters(&self) -> Counters {
        let t = &self.0.tally;
        let read = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Counters {
            accepted: read(&t.accepted),
            forwarded: read(&t.forwarded),
            partitioned: read(&t.partitioned),
            broken: read(&t.broken),
            upstream_bytes: read(&t.upstream_bytes),
            downstream_bytes: read(&t.downstream_bytes),
            swallowed_bytes: read(&t.swallowed_bytes),
        }
    }
}
