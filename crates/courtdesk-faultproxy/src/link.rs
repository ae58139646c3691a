//! One proxied connection: the client's bytes copied to the upstream and the
//! upstream's back, each chunk passing through the faults in force.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{ReadHalf, WriteHalf};

use crate::faults::{Faults, Partition, Shared, Tally};

const CHUNK: usize = 16 * 1024;
/// How long both directions must be silent before a connection whose reply
/// is being thrown away is broken: long enough for the upstream to have
/// finished answering, short enough for tests.
const QUIET: Duration = Duration::from_millis(200);

/// How one direction ended.
enum End {
    /// The sender closed its side; the other direction may go on.
    Eof,
    /// A fault or an I/O error: the whole connection goes.
    Broken,
}

/// How far the upload of one connection has got.
struct Upload {
    sent: AtomicU64,
    last: Mutex<Instant>,
}

impl Upload {
    fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    fn advance(&self, n: u64) {
        self.sent.fetch_add(n, Ordering::Relaxed);
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    fn idle_for(&self) -> Duration {
        self.last
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }
}

pub(crate) async fn serve(client: TcpStream, upstream: SocketAddr, shared: Arc<Shared>) {
    // Subscribed before anything else, so a reset or heal issued while this
    // connection is being set up still reaches it.
    let mut resets = shared.resets.subscribe();
    let mut heals = shared.heals.subscribe();
    Tally::add(&shared.tally.accepted, 1);
    if let Some(partition) = shared.faults().partition {
        Tally::add(&shared.tally.partitioned, 1);
        if partition == Partition::BlackHole {
            tokio::select! {
                _ = heals.changed() => {}
                _ = resets.changed() => {}
            }
        }
        abort(&client);
        return;
    }
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        abort(&client);
        return;
    };
    Tally::add(&shared.tally.forwarded, 1);
    // Chunks are forwarded as they come; Nagle would only blur the faults.
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let mut client = client;
    let upload = Upload {
        sent: AtomicU64::new(0),
        last: Mutex::new(Instant::now()),
    };
    let broken = {
        let (client_in, client_out) = client.split();
        let (server_in, server_out) = server.split();
        let up = forward_up(client_in, server_out, &shared, &upload);
        let down = forward_down(server_in, client_out, &shared, &upload);
        tokio::pin!(up, down);
        let (mut up_done, mut down_done) = (false, false);
        loop {
            let end = tokio::select! {
                end = &mut up, if !up_done => { up_done = true; end }
                end = &mut down, if !down_done => { down_done = true; end }
                _ = resets.changed() => End::Broken,
            };
            match end {
                End::Broken => break true,
                End::Eof if up_done && down_done => break false,
                End::Eof => {}
            }
        }
    };
    if broken {
        Tally::add(&shared.tally.broken, 1);
        abort(&client);
        abort(&server);
    }
}

/// Makes the coming drop send a TCP reset instead of an orderly close, as a
/// failing network or a crashed middlebox would.
fn abort(stream: &TcpStream) {
    let _ = stream.set_zero_linger();
}

async fn forward_up(
    mut from: ReadHalf<'_>,
    mut to: WriteHalf<'_>,
    shared: &Shared,
    upload: &Upload,
) -> End {
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) => {
                let _ = to.shutdown().await;
                return End::Eof;
            }
            Ok(n) => n,
            Err(_) => return End::Broken,
        };
        let faults = shared.faults();
        let (keep, cut) = match faults.cut_upload_after {
            Some(limit) if upload.sent() + n as u64 >= limit => {
                let room = limit.saturating_sub(upload.sent());
                (usize::try_from(room).unwrap_or(n).min(n), true)
            }
            _ => (n, false),
        };
        delay(&faults, keep).await;
        if to.write_all(&buf[..keep]).await.is_err() {
            return End::Broken;
        }
        upload.advance(keep as u64);
        Tally::add(&shared.tally.upstream_bytes, keep as u64);
        if cut {
            return End::Broken;
        }
    }
}

async fn forward_down(
    mut from: ReadHalf<'_>,
    mut to: WriteHalf<'_>,
    shared: &Shared,
    upload: &Upload,
) -> End {
    let mut buf = vec![0u8; CHUNK];
    // Once a reply is being thrown away this connection can never be
    // trusted again, even if the fault is switched off meanwhile.
    let mut swallowing = false;
    loop {
        let n = match tokio::time::timeout(QUIET, from.read(&mut buf)).await {
            Err(_) if swallowing && upload.idle_for() >= QUIET => return End::Broken,
            Err(_) => continue,
            Ok(Ok(0)) if swallowing => return End::Broken,
            Ok(Ok(0)) => {
                let _ = to.shutdown().await;
                return End::Eof;
            }
            Ok(Ok(n)) => n,
            Ok(Err(_)) => return End::Broken,
        };
        let faults = shared.faults();
        if faults
            .lose_replies_after
            .is_some_and(|after| upload.sent() >= after)
        {
            swallowing = true;
        }
        if swallowing {
            Tally::add(&shared.tally.swallowed_bytes, n as u64);
            continue;
        }
        delay(&faults, n).await;
        if to.write_all(&buf[..n]).await.is_err() {
            return End::Broken;
        }
        Tally::add(&shared.tally.downstream_bytes, n as u64);
    }
}

/// The added latency plus the time `n` bytes take at the bandwidth limit.
async fn delay(faults: &Faults, n: usize) {
    let mut wait = faults.latency;
    if let Some(rate) = faults.bytes_per_second {
        wait += Duration::from_secs_f64(n as f64 / rate as f64);
    }
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
}
