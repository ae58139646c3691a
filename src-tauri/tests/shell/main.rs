//! The Tauri shell on Tauri's mock runtime: the real context, capabilities
//! and commands, without a display.

use std::path::Path;

use courtdesk_core::Mode;
use courtdesk_terminal::api::{COMMANDS, commands_for};
use courtdesk_terminal::{ConfigLocation, ConfigSource, Terminal, TerminalConfig};
use serde_json::{Value, json};
use tauri::async_runtime::block_on;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow};

struct Harness {
    app: App<MockRuntime>,
    mode: Mode,
    _dir: tempfile::TempDir,
}

impl Harness {
    fn start(mode: Mode) -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("courtdesk.toml");
        std::fs::write(&path, format!("mode = \"{mode}\"\n")).expect("write config");
        let config = TerminalConfig::load(&ConfigLocation {
            path,
            source: ConfigSource::CommandLine,
        })
        .expect("valid config");
        let terminal = Terminal::start(config).expect("terminal starts");
        let app = courtdesk_app::build_app(mock_builder(), terminal, courtdesk_app::context())
            .expect("the app builds");
        Harness {
            app,
            mode,
            _dir: dir,
        }
    }

    fn window(&self) -> WebviewWindow<MockRuntime> {
        self.app
            .get_webview_window(self.mode.as_str())
            .expect("the mode's window is open")
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("app url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window(), request)
            .map(|body| body.deserialize::<Value>().expect("a JSON response"))
    }

    fn terminal_id(&self) -> String {
        self.app
            .state::<courtdesk_app::CommandThread>()
            .terminal()
            .id()
            .to_string()
    }
}

#[test]
fn each_mode_opens_exactly_its_own_window() {
    for mode in Mode::ALL {
        let harness = Harness::start(mode);
        let labels: Vec<String> = harness.app.webview_windows().into_keys().collect();
        assert_eq!(labels, vec![mode.as_str().to_owned()]);
    }
}

#[test]
fn terminal_info_round_trips_through_the_real_command_layer() {
    for mode in Mode::ALL {
        let harness = Harness::start(mode);
        let info = harness
            .invoke("terminal_info", json!({}))
            .expect("allowed in every mode");
        assert_eq!(info["mode"], json!(mode.as_str()));
        assert_eq!(info["terminal_id"], json!(harness.terminal_id()));
        assert_eq!(info["locale"], json!("zh-CN"), "Chinese first");
        assert_eq!(info["version"], json!(env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn a_window_is_refused_every_command_its_mode_is_not_granted() {
    for mode in Mode::ALL {
        let harness = Harness::start(mode);
        for spec in COMMANDS.iter().filter(|spec| !spec.modes.contains(&mode)) {
            let args = json!({ "locale": "en" });
            let refused = harness.invoke(spec.name, args);
            assert!(
                refused.is_err(),
                "a {mode} window must not reach {}: got {refused:?}",
                spec.name
            );
        }
    }
}

#[test]
fn a_staff_desk_remembers_its_language_across_calls() {
    let harness = Harness::start(Mode::Staff);
    let saved = harness
        .invoke("set_locale", json!({ "locale": "en" }))
        .expect("staff may choose a language");
    assert_eq!(saved, json!({ "remembered": true }));
    let info = harness.invoke("terminal_info", json!({})).expect("info");
    assert_eq!(info["locale"], json!("en"));
    assert_eq!(info["default_locale"], json!("zh-CN"));
    assert_eq!(
        info["site_utc_offset_minutes"],
        json!(480),
        "China's clock unless the site sets another"
    );
}

#[test]
fn a_language_the_ui_does_not_know_is_refused_and_nothing_changes() {
    let harness = Harness::start(Mode::Staff);
    let refused = harness.invoke("set_locale", json!({ "locale": "fr" }));
    assert!(refused.is_err(), "fr must be refused: {refused:?}");
    let info = harness.invoke("terminal_info", json!({})).expect("info");
    assert_eq!(info["locale"], json!("zh-CN"));
}

#[test]
fn the_kiosk_lists_its_service_tiles() {
    let harness = Harness::start(Mode::Kiosk);
    let tiles = harness
        .invoke("kiosk_services", json!({}))
        .expect("kiosk may list");
    let services: Vec<&str> = tiles
        .as_array()
        .expect("a list")
        .iter()
        .map(|tile| tile["service"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        services,
        [
            "queue_ticket",
            "submit_materials",
            "receive_documents",
            "case_enquiry"
        ]
    );
}

/// The capability files are the enforcement; `COMMANDS` is the documented
/// intent. They must say the same thing.
#[test]
fn capability_files_grant_exactly_the_commands_of_their_mode() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    for mode in Mode::ALL {
        let text = std::fs::read_to_string(dir.join(format!("{mode}.json"))).expect("capability");
        let capability: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(capability["windows"], json!([mode.as_str()]));
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .map(|p| p.as_str().expect("a permission name").to_owned())
            .collect();
        let mut expected: Vec<String> = commands_for(mode)
            .map(|name| format!("allow-{}", name.replace('_', "-")))
            .collect();
        granted.sort();
        expected.sort();
        assert_eq!(granted, expected, "capabilities/{mode}.json");
    }
}

#[test]
fn a_staff_desk_that_was_never_enrolled_says_so() {
    let harness = Harness::start(Mode::Staff);
    let view = harness
        .invoke("sync_status", json!({}))
        .expect("staff may ask");
    assert_eq!(view["enrolled"], json!(false));
    assert_eq!(view["backlog"], json!(0));
    let again = harness
        .invoke("sync_now", json!({}))
        .expect("staff may ask");
    assert_eq!(
        again, view,
        "nothing to wake on a terminal without a server"
    );
}

#[test]
fn commands_run_one_at_a_time_on_their_own_thread_and_outlive_a_panic() {
    let harness = Harness::start(Mode::Kiosk);
    let commands = harness.app.state::<courtdesk_app::CommandThread>();
    let thread = block_on(commands.run(|_| Ok(std::thread::current().name().map(str::to_owned))))
        .expect("answered");
    assert_eq!(thread.as_deref(), Some("courtdesk-commands"));

    // A slow command sent first finishes before a quick one sent after it.
    let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (slow_order, quick_order) = (order.clone(), order.clone());
    let slow = commands.run(move |_| {
        std::thread::sleep(std::time::Duration::from_millis(200));
        slow_order.lock().expect("lock").push("slow");
        Ok(())
    });
    let quick = commands.run(move |_| {
        quick_order.lock().expect("lock").push("quick");
        Ok(())
    });
    block_on(async { tokio::join!(slow, quick) })
        .0
        .expect("slow answered");
    assert_eq!(*order.lock().expect("lock"), ["slow", "quick"]);

    let refused = block_on(commands.run::<(), _>(|_| panic!("a failing command")))
        .expect_err("a panic is an error, not a hang");
    assert_eq!(
        serde_json::to_value(&refused).expect("serialises")["code"],
        "internal"
    );
    let id = block_on(commands.run(|terminal| Ok(terminal.id().to_string()))).expect("answered");
    assert_eq!(id, harness.terminal_id());
}
