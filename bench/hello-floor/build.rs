//! Compiles the hello-world app's Tauri context.

fn main() {
    tauri_build::build();
}
