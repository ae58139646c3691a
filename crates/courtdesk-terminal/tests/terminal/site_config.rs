//! The site's configuration reaching a terminal through its sync link: kept
//! once verified, shown by the version it runs, and a version altered at
//! the server after it was signed refused while the terminal keeps its own.

use std::time::Duration;

use courtdesk_central::site::cli_account;
use courtdesk_core::Mode;

use crate::court::{Court, eventually};

const TERMINAL_TOML: &str = r#"
mode = "kiosk"

[queue]
site_name = "东城诉讼服务中心"

[[queue.services]]
id = "filing"
prefix = "F"
name_zh = "立案"
name_en = "Filing"

[[queue.services]]
id = "enquiry"
prefix = "Q"
name_zh = "咨询"
name_en = "Enquiries"
"#;

fn running(terminal: &courtdesk_terminal::Terminal) -> Option<u64> {
    terminal
        .terminal_info()
        .expect("terminal info")
        .site_config_version
}

#[test]
fn a_kiosk_keeps_its_site_s_signed_versions_and_refuses_one_altered_after_signing() {
    let court = Court::start();
    let (_dir, kiosk) = court.terminal(Mode::Kiosk);
    assert_eq!(running(&kiosk), None, "no configuration yet");

    let configs = court.running.site_configs();
    let who = cli_account("it").expect("an account");
    let first = configs
        .import(TERMINAL_TOML, "court-1", "hall-a", None, None, &who)
        .expect("imported");
    kiosk.sync_now().expect("woken");
    eventually("version 1 at the kiosk", || {
        (running(&kiosk) == Some(1)).then_some(())
    });

    // Version 2, then altered in the server's database after signing: the
    // enquiry letter changed from Q to Z in the stored JSON.
    let mut config = first.version.config.clone();
    config.services[1].daily_quota = Some(80);
    configs.set(config, &who, Some(1)).expect("version 2");
    let database = court.data_dir().join("central.sqlite3");
    let db = rusqlite::Connection::open(&database).expect("the server's database");
    let original: String = db
        .query_row(
            "SELECT version_json FROM site_config_versions WHERE number = 2",
            [],
            |row| row.get(0),
        )
        .expect("version 2 stored");
    let altered = original.replace(r#""letter":"Q""#, r#""letter":"Z""#);
    assert_ne!(altered, original, "the letter is in the stored JSON");
    let set = |json: &str| {
        db.execute(
            "UPDATE site_config_versions SET version_json = ?1 WHERE number = 2",
            [json],
        )
        .expect("updated")
    };
    set(&altered);
    kiosk.sync_now().expect("woken");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        running(&kiosk),
        Some(1),
        "the altered version does not match its signed digest; the kiosk keeps version 1"
    );

    // Put back as signed, it is taken.
    set(&original);
    kiosk.sync_now().expect("woken");
    eventually("version 2 at the kiosk", || {
        (running(&kiosk) == Some(2)).then_some(())
    });
}
