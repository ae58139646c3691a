//! A TCP proxy on `127.0.0.1` that injects network faults, switchable at run
//! time: latency, a bandwidth limit, resets, an upload cut mid-way, a reply
//! lost after the server acted on the request, and a partition.
//!
//! It copies bytes and understands none of them, so TLS passes through
//! untouched and a pinned certificate still matches behind it.
//!
//! - [`FaultProxy`]: the listener and its accept loop;
//! - [`FaultHandle`]: switches faults on and off, reads the [`Counters`];
//! - `link`: one proxied connection and its two directions.

#![forbid(unsafe_code)]

mod faults;
mod link;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use faults::{Counters, FaultHandle, Partition};

/// The proxy could not start.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    #[error("the proxy could not listen on 127.0.0.1")]
    Bind(#[source] std::io::Error),
}

/// A running proxy in front of one upstream address. Dropping it stops
/// accepting; connections already open end with their peers.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    handle: FaultHandle,
    accept: JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on `127.0.0.1:0` and forwards every accepted connection to
    /// `upstream`, with no fault switched on.
    pub async fn start(upstream: SocketAddr) -> Result<FaultProxy, ProxyError> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(ProxyError::Bind)?;
        let addr = listener.local_addr().map_err(ProxyError::Bind)?;
        let handle = FaultHandle::new();
        let accept = tokio::spawn(accept_loop(listener, upstream, handle.clone()));
        Ok(FaultProxy {
            addr,
            handle,
            accept,
        })
    }

    /// Where clients connect instead of the upstream.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Switches faults and reads counters; clones share the same proxy.
    pub fn handle(&self) -> FaultHandle {
        self.handle.clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept.abort();
        // Open connections would otherwise outlive the proxy that a test
        // believes it has torn down.
        self.handle.reset_all();
    }
}

async fn accept_loop(listener: TcpListener, upstream: SocketAddr, handle: FaultHandle) {
    let shared = Arc::clone(handle.shared());
    loop {
        let client = match listener.accept().await {
            Ok((client, _)) => client,
            // Running out of descriptors is passing; the next accept may work.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        tokio::spawn(link::serve(client, upstream, Arc::clone(&shared)));
    }
}
