//! The built binary with a configuration file: `serve` takes every setting
//! from it, the command line wins over it, and a bad file changes nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_courtdesk-central"));
    command
        .env("RUST_LOG", "warn")
        .env_remove("COURTDESK_CENTRAL_DATABASE_URL")
        .env_remove("COURTDESK_CENTRAL_CONFIG")
        .stdin(Stdio::null());
    command
}

fn run(args: &[&str], config: &Path) -> Output {
    binary()
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A plain HTTP/1.0 GET; the answer's whole text.
fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("the listener accepts");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
}

#[test]
fn serve_takes_its_settings_from_the_file_and_stops_cleanly_on_sigterm() {
    let home = tempfile::tempdir().expect("a folder");
    let data = home.path().join("state");
    let config = home.path().join("central.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {data:?}\nlisten = \"127.0.0.1:0\"\nmetrics_listen = \"127.0.0.1:0\"\n\
             court_name = \"某区人民法院\"\nsms_file = {:?}\n",
            home.path().join("sms.jsonl")
        ),
    )
    .expect("write the file");
    let mut child = binary()
        .arg("--config")
        .arg(&config)
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut metrics = None;
    let mut https = None;
    for line in lines.by_ref() {
        let line = line.expect("a line");
        if let Some(address) = line.strip_prefix("listening on https://") {
            https = Some(address.to_owned());
        }
        if let Some(url) = line.strip_prefix("metrics on http://") {
            metrics = Some(url.trim_end_matches("/metrics").to_owned());
            break;
        }
    }
    let metrics = metrics.expect("the metrics listener from the file is bound");
    assert!(https.is_some_and(|a| !a.ends_with(":0") && !a.ends_with(":8443")));
    assert!(get(&metrics, "/readyz").contains("\"ready\""));
    assert!(get(&metrics, "/metrics").contains("courtdesk_central_pulls_held"));
    assert!(
        data.join("central.sqlite3").exists(),
        "the database is in the file's data folder"
    );

    let stopped = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(stopped.success());
    let status = child.wait().expect("the server ends");
    assert!(
        status.success(),
        "SIGTERM (how systemd stops it) is a clean shutdown: {status}"
    );
}

#[test]
fn the_command_line_wins_over_the_file() {
    let home = tempfile::tempdir().expect("a folder");
    let (from_file, from_flag) = (home.path().join("file"), home.path().join("flag"));
    let config = home.path().join("central.toml");
    std::fs::write(&config, format!("data_dir = {from_file:?}\n")).expect("write");

    let args = [
        "enroll-code",
        "--court",
        "c",
        "--site",
        "s",
        "--mode",
        "kiosk",
    ];
    let output = run(&args, &config);
    assert!(output.status.success(), "{output:?}");
    assert!(from_file.join("central.sqlite3").exists());

    let flag = from_flag.to_str().expect("UTF-8");
    let mut with_flag = vec!["--data-dir", flag];
    with_flag.extend(args);
    let output = run(&with_flag, &config);
    assert!(output.status.success(), "{output:?}");
    assert!(
        from_flag.join("central.sqlite3").exists(),
        "--data-dir wins"
    );
}

#[test]
fn a_bad_file_is_refused_with_the_file_and_key_named_and_nothing_is_created() {
    let home = tempfile::tempdir().expect("a folder");
    let data = home.path().join("state");
    let config = home.path().join("central.toml");
    for (text, named) in [
        (
            format!("data_dir = {data:?}\nlisten_address = \"0.0.0.0:8443\"\n"),
            "listen_address",
        ),
        (
            format!("data_dir = {data:?}\nlisten = \"0.0.0.0\"\n"),
            "listen",
        ),
        (format!("data_dir = {data:?}\ncert = \"/c.pem\"\n"), "cert"),
        (format!("data_dir = {data:?}\n[listen\n"), "listen"),
    ] {
        std::fs::write(&config, &text).expect("write");
        let output = run(&["serve"], &config);
        assert!(!output.status.success(), "{text} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(config.to_str().expect("UTF-8")), "{stderr}");
        assert!(stderr.contains(named), "{named} is not named: {stderr}");
        assert!(!data.exists(), "a refused file created the data folder");
    }
    let missing = home.path().join("absent.toml");
    let output = run(&["terminals"], &missing);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("absent.toml"));
}
