//! The fault proxy as a process, for tests that run the real terminals as
//! separate programs: forwards `127.0.0.1:<port>` to an upstream address and
//! takes commands on standard input, one a line.
//!
//! ```text
//! courtdesk-faultproxy 127.0.0.1:8443
//! listening on 127.0.0.1:40123
//! cut          # refuse new connections and reset open ones: a network cut
//! heal         # back to a clean link
//! ```
//!
//! Each command is answered with `ok <command>` once it is in force; an
//! unknown one with `unknown <command>`. End of input stops the proxy.

#![allow(
    clippy::print_stdout,
    reason = "the listening address and the acknowledgements are the interface"
)]

use std::io::Write;
use std::net::SocketAddr;

use courtdesk_faultproxy::{FaultProxy, Partition};
use tokio::io::{AsyncBufReadExt, BufReader};

fn main() -> std::process::ExitCode {
    let Some(upstream) = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<SocketAddr>().ok())
    else {
        eprintln!("usage: courtdesk-faultproxy <upstream ip:port>");
        return std::process::ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("courtdesk-faultproxy: no runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let proxy = match FaultProxy::start(upstream).await {
            Ok(proxy) => proxy,
            Err(error) => {
                eprintln!("courtdesk-faultproxy: {error}");
                return std::process::ExitCode::FAILURE;
            }
        };
        say(&format!("listening on {}", proxy.addr()));
        let faults = proxy.handle();
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            match line.trim() {
                "cut" => {
                    faults.partition(Partition::Refuse);
                    faults.reset_all();
                    say("ok cut");
                }
                "heal" => {
                    faults.heal();
                    say("ok heal");
                }
                "" => {}
                other => say(&format!("unknown {other}")),
            }
        }
        std::process::ExitCode::SUCCESS
    })
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    // A closed stdout only means nobody listens any more.
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}
