//! The Debian package's parts: the systemd unit (checked by
//! `systemd-analyze`, from Debian's `systemd` package, which the test
//! script installs), the configuration file it ships and the maintainer
//! scripts. Building the package itself is `scripts/package.sh`.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use courtdesk_central::ConfigFile;

const UNIT: &str = include_str!("../../packaging/courtdesk-central.service");
const CONFIG: &str = include_str!("../../packaging/central.toml");
const INSTALLED_BINARY: &str = "/usr/bin/courtdesk-central";

/// Whether `systemd-analyze` runs here; a run without it is skipped with
/// the reason printed, and fails under CI, which must check the unit.
fn systemd_analyze_or_skip(test: &str) -> bool {
    let found = Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "systemd-analyze is missing: install Debian's systemd package"
        );
        let _ = writeln!(
            std::io::stderr(),
            "skipping {test}: systemd-analyze is not installed (Debian package systemd)"
        );
    }
    found
}

/// The unit as shipped, but starting the binary these tests built:
/// `verify` refuses a unit whose program does not exist.
fn unit_on_this_machine(dir: &Path) -> std::path::PathBuf {
    let unit = UNIT.replace(INSTALLED_BINARY, env!("CARGO_BIN_EXE_courtdesk-central"));
    assert_ne!(unit, UNIT, "the unit starts {INSTALLED_BINARY}");
    let path = dir.join("courtdesk-central.service");
    std::fs::write(&path, unit).expect("write the unit");
    path
}

#[test]
fn the_unit_passes_systemd_analyze_verify_without_a_warning() {
    if !systemd_analyze_or_skip("the_unit_passes_systemd_analyze_verify_without_a_warning") {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let unit = unit_on_this_machine(dir.path());
    let output = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&unit)
        .output()
        .expect("systemd-analyze runs");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "verify failed: {said}");
    // An unknown or misspelt directive is only a warning, with success.
    assert!(said.trim().is_empty(), "verify warned: {said}");

    // The hardening, as systemd scores it (0 safest, 10 exposed): the unit
    // scores 1.8; 3.0 leaves room for a directive systemd adds later.
    let output = Command::new("systemd-analyze")
        .args(["security", "--offline=yes", "--threshold=30", "--no-pager"])
        .arg(&unit)
        .output()
        .expect("systemd-analyze runs");
    assert!(
        output.status.success(),
        "the unit is more exposed than 3.0:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_unit_runs_as_its_own_user_with_the_promised_hardening() {
    let lines: Vec<&str> = UNIT.lines().map(str::trim).collect();
    for directive in [
        "User=courtdesk",
        "Group=courtdesk",
        "ExecStart=/usr/bin/courtdesk-central --config /etc/courtdesk/central.toml serve",
        "Restart=on-failure",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
        "StateDirectory=courtdesk",
        "StateDirectoryMode=0700",
        "ConfigurationDirectory=courtdesk",
        "WantedBy=multi-user.target",
    ] {
        assert!(lines.contains(&directive), "the unit lacks {directive}");
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("StandardOutput=") || l.starts_with("LogsDirectory=")),
        "logs go to the journal"
    );
}

#[test]
fn the_shipped_configuration_is_valid_and_keeps_metrics_on_loopback() {
    let file = ConfigFile::parse(CONFIG, Path::new("packaging/central.toml"))
        .expect("the shipped file passes the server's own check");
    assert_eq!(
        file.data_dir.as_deref(),
        Some(Path::new("/var/lib/courtdesk")),
        "the state folder is the unit's StateDirectory"
    );
    let metrics = file.metrics_listen.expect("metrics are on by default");
    assert!(
        metrics.ip().is_loopback(),
        "metrics must not reach the hall"
    );
    assert!(
        file.database_url.is_none(),
        "no password ships in the package"
    );
}

#[test]
fn the_maintainer_scripts_are_valid_sh_and_create_the_user() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/debian");
    for script in ["postinst", "postrm"] {
        let path = dir.join(script);
        let status = Command::new("sh")
            .arg("-n")
            .arg(&path)
            .status()
            .expect("sh runs");
        assert!(status.success(), "{script} is not valid sh");
        let text = std::fs::read_to_string(&path).expect("the script");
        assert!(
            text.contains("#DEBHELPER#"),
            "{script} leaves room for the unit's generated steps"
        );
    }
    let postinst = std::fs::read_to_string(dir.join("postinst")).expect("postinst");
    assert!(postinst.contains("adduser --system --group"));
}
