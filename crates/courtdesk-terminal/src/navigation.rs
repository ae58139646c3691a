//! Which addresses the terminal's window may show: its own pages, nothing else.

use url::Url;

/// Whether `url` is one of the app's own pages, served from the binary.
/// Tauri serves them as `tauri://localhost` on Linux and macOS and as
/// `http(s)://tauri.localhost` on Windows. Everything else (a link in a
/// document, a redirect, a typed address) is refused, so a kiosk can never be
/// turned into a web browser.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(url: &str) -> bool {
        is_app_url(&Url::parse(url).expect("a valid url"))
    }

    #[test]
    fn the_app_pages_are_allowed() {
        assert!(allowed("tauri://localhost/"));
        assert!(allowed("tauri://localhost/index.html#/kiosk"));
        assert!(allowed("http://tauri.localhost/index.html"));
        assert!(allowed("https://tauri.localhost/"));
    }

    #[test]
    fn anything_else_is_refused() {
        for url in [
            "https://www.court.gov.cn/",
            "http://localhost:1420/",
            "http://tauri.localhost.evil.example/",
            "http://tauri.localhost:8080/",
            "file:///etc/passwd",
            "tauri://evil/",
            "javascript:alert(1)",
            "data:text/html,<h1>x</h1>",
            "about:blank",
        ] {
            assert!(!allowed(url), "{url} must be refused");
        }
    }
}
