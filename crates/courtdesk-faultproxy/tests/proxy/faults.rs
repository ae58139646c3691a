//! Each fault against the echo server.

use std::time::{Duration, Instant};

use courtdesk_faultproxy::{FaultProxy, Partition};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::echo::{BOUND, echo_server, payload, round_trip};

async fn proxy() -> FaultProxy {
    FaultProxy::start(echo_server().await)
        .await
        .expect("the proxy starts")
}

#[tokio::test]
async fn bytes_pass_both_ways_untouched_and_are_counted() {
    let proxy = proxy().await;
    let sent = payload(100_000);
    let back = round_trip(proxy.addr(), &sent).await.expect("echoed");
    assert!(back == sent, "the echo comes back byte for byte");
    let counters = proxy.handle().counters();
    assert_eq!((counters.accepted, counters.forwarded), (1, 1));
    assert_eq!(counters.upstream_bytes, 100_000);
    assert_eq!(counters.downstream_bytes, 100_000);
    assert_eq!(counters.broken, 0);
}

#[tokio::test]
async fn latency_and_bandwidth_slow_the_exchange_down() {
    let proxy = proxy().await;
    let faults = proxy.handle();
    faults.set_latency(Duration::from_millis(50));
    faults.set_bandwidth(100_000);
    let started = Instant::now();
    let back = round_trip(proxy.addr(), &payload(20_000))
        .await
        .expect("echoed");
    let took = started.elapsed();
    assert_eq!(back.len(), 20_000);
    // 20 kB each way at 100 kB/s is 0.4 s, plus at least two chunk latencies.
    assert!(took >= Duration::from_millis(400), "{took:?}");

    faults.heal();
    let started = Instant::now();
    round_trip(proxy.addr(), &payload(20_000))
        .await
        .expect("echoed");
    assert!(started.elapsed() < took, "healing lifts the limits");
}

#[tokio::test]
async fn reset_all_breaks_open_connections_and_new_ones_work() {
    let proxy = proxy().await;
    let mut open = TcpStream::connect(proxy.addr()).await.expect("connect");
    open.write_all(b"ping").await.expect("write");
    let mut four = [0u8; 4];
    open.read_exact(&mut four).await.expect("echo");

    proxy.handle().reset_all();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(BOUND, open.read_to_end(&mut rest))
        .await
        .expect("the reset is noticed at once");
    assert!(read.is_err() || rest.is_empty(), "{read:?}");
    assert_eq!(proxy.handle().counters().broken, 1);
    assert_eq!(
        round_trip(proxy.addr(), b"again").await.expect("new"),
        b"again"
    );
}

#[tokio::test]
async fn an_upload_is_cut_after_the_given_bytes() {
    let proxy = proxy().await;
    proxy.handle().cut_uploads_after(1_000);
    let result = round_trip(proxy.addr(), &payload(50_000)).await;
    let counters = proxy.handle().counters();
    assert_eq!(
        counters.upstream_bytes, 1_000,
        "exactly the first 1000 bytes"
    );
    assert!(
        result.map(|back| back.len() <= 1_000).unwrap_or(true),
        "nothing past the cut comes back"
    );
    assert_eq!(counters.broken, 1);
}

#[tokio::test]
async fn replies_are_lost_once_the_request_went_through() {
    let proxy = proxy().await;
    let faults = proxy.handle();
    faults.lose_replies_after(1_000);
    // A short exchange stays under the threshold and is answered.
    let mut stream = TcpStream::connect(proxy.addr()).await.expect("connect");
    stream.write_all(b"hello").await.expect("write");
    let mut five = [0u8; 5];
    stream.read_exact(&mut five).await.expect("echo");

    stream.write_all(&payload(5_000)).await.expect("write");
    let mut rest = Vec::new();
    let read = tokio::time::timeout(BOUND, stream.read_to_end(&mut rest))
        .await
        .expect("the connection is broken once both sides are quiet");
    assert!(
        read.is_err() || rest.is_empty(),
        "no reply arrives: {read:?}"
    );
    let counters = faults.counters();
    assert_eq!(counters.upstream_bytes, 5_005, "the request went through");
    assert_eq!(counters.swallowed_bytes, 5_000, "the reply was thrown away");
}

#[tokio::test]
async fn a_refusing_partition_fails_connections_until_healed() {
    let proxy = proxy().await;
    let faults = proxy.handle();
    let mut open = TcpStream::connect(proxy.addr()).await.expect("connect");
    // An echo proves the connection was forwarded before the partition.
    open.write_all(b"up").await.expect("write");
    let mut two = [0u8; 2];
    open.read_exact(&mut two).await.expect("echo");
    faults.partition(Partition::Refuse);
    let mut rest = Vec::new();
    let read = tokio::time::timeout(BOUND, open.read_to_end(&mut rest))
        .await
        .expect("open connections are dropped");
    assert!(read.is_err() || rest.is_empty());
    assert!(
        round_trip(proxy.addr(), b"x")
            .await
            .map(|b| b.is_empty())
            .unwrap_or(true)
    );
    assert_eq!(faults.counters().partitioned, 1);

    faults.heal();
    assert_eq!(
        round_trip(proxy.addr(), b"back").await.expect("healed"),
        b"back"
    );
}

#[tokio::test]
async fn a_black_hole_answers_nothing_until_healed() {
    let proxy = proxy().await;
    let faults = proxy.handle();
    faults.partition(Partition::BlackHole);
    let mut held = TcpStream::connect(proxy.addr()).await.expect("accepted");
    held.write_all(b"anyone?").await.expect("write");
    let mut byte = [0u8; 1];
    let silent = tokio::time::timeout(Duration::from_millis(300), held.read(&mut byte)).await;
    assert!(silent.is_err(), "nothing comes back while partitioned");

    faults.heal();
    let released = tokio::time::timeout(BOUND, held.read(&mut byte))
        .await
        .expect("healing releases the held connection");
    assert!(matches!(released, Ok(0) | Err(_)), "{released:?}");
    assert_eq!(
        round_trip(proxy.addr(), b"ok").await.expect("healed"),
        b"ok"
    );
}
