//! The smallest Tauri 2 app: one window, one static page. It exists only to
//! be measured beside CourtDesk, as the floor this stack allows.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the hello-world app failed to run");
}
