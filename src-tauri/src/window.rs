//! The terminal's one window, shaped by its mode.

use courtdesk_core::Mode;
use courtdesk_terminal::navigation::is_app_url;
use tauri::webview::NewWindowResponse;
use tauri::{Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::placement::Placement;

/// Opens the window for `mode`, labelled with the mode's name so that the
/// matching capability file applies to it.
///
/// - kiosk: fullscreen, undecorated, always on top, never devtools;
/// - staff: a normal resizable window;
/// - display: fullscreen and undecorated, with the pointer hidden.
///
/// With a `placement` the window is neither fullscreen nor on top but where
/// it says, so several terminals can share one screen; the rest of the mode's
/// shape stays.
///
/// In every mode the window only ever shows the app's own pages and opens
/// no other windows.
pub(crate) fn open<R: Runtime, M: Manager<R>>(
    manager: &M,
    mode: Mode,
    placement: Option<Placement>,
) -> tauri::Result<WebviewWindow<R>> {
    let builder =
        WebviewWindowBuilder::new(manager, mode.as_str(), WebviewUrl::App("index.html".into()))
            .title("CourtDesk")
            .on_navigation(|url| {
                let allowed = is_app_url(url);
                if !allowed {
                    tracing::warn!(
                        scheme = url.scheme(),
                        "refused navigation away from the app"
                    );
                }
                allowed
            })
            .on_new_window(|_, _| NewWindowResponse::Deny)
            .zoom_hotkeys_enabled(false);

    let builder = match mode {
        Mode::Kiosk => builder
            .fullscreen(true)
            .decorations(false)
            .resizable(false)
            .always_on_top(true)
            .skip_taskbar(true)
            .devtools(false),
        Mode::Display => builder
            .fullscreen(true)
            .decorations(false)
            .resizable(false)
            .focused(false)
            .devtools(cfg!(debug_assertions)),
        Mode::Staff => builder
            .inner_size(1280.0, 800.0)
            .min_inner_size(1024.0, 640.0)
            .resizable(true)
            .devtools(cfg!(debug_assertions)),
    };
    let builder = match placement {
        None => builder,
        Some(place) => {
            let (width, height) = (f64::from(place.width), f64::from(place.height));
            builder
                .fullscreen(false)
                .always_on_top(false)
                .min_inner_size(width, height)
                .inner_size(width, height)
                .position(f64::from(place.x), f64::from(place.y))
        }
    };
    let window = builder.visible(false).build()?;
    match placement {
        None if mode.is_fullscreen() => cover_monitor(&window)?,
        None => {}
        Some(place) if place.zoom != 1.0 => window.set_zoom(place.zoom)?,
        Some(_) => {}
    }
    if mode == Mode::Display {
        window.set_cursor_visible(false)?;
    }
    window.show()?;
    Ok(window)
}

/// Sizes the window to its whole monitor. Kiosks and hall displays often run a
/// bare X session with no window manager, where a fullscreen request alone
/// leaves the window at its default size in a corner.
fn cover_monitor<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    let monitor = match window.current_monitor()? {
        Some(monitor) => Some(monitor),
        None => window.primary_monitor()?,
    };
    if let Some(monitor) = monitor {
        window.set_position(*monitor.position())?;
        window.set_size(*monitor.size())?;
    }
    Ok(())
}
