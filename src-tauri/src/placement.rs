//! Where a window goes when it is not where its mode puts it.
//!
//! A hall runs each terminal on its own screen, so the mode decides the window
//! (a kiosk covers its monitor). Trying the whole hall on one screen needs the
//! three windows side by side instead: `COURTDESK_WINDOW=960x540+0+0*0.5` puts
//! the window's inside at 960×540 pixels with its corner at (0, 0), and draws
//! the page at half size, so a kiosk laid out for 1920×1080 shows whole in it.

use std::fmt;
use std::str::FromStr;

/// The environment variable that places the window.
pub const WINDOW_ENV: &str = "COURTDESK_WINDOW";

/// A window's size and position in logical pixels, and the page's zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub width: u32,
    pub height: u32,
    pub x: i32,
    pub y: i32,
    /// 1.0 draws the page as it is; 0.5 at half size, with twice the room.
    pub zoom: f64,
}

/// A placement that is not `WIDTHxHEIGHT+X+Y[*ZOOM]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementError(String);

impl fmt::Display for PlacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{WINDOW_ENV}={:?} is not WIDTHxHEIGHT+X+Y with an optional *ZOOM \
             (0.25 to 4), like 960x540+0+0*0.5",
            self.0
        )
    }
}

impl std::error::Error for PlacementError {}

impl FromStr for Placement {
    type Err = PlacementError;

    fn from_str(text: &str) -> Result<Placement, PlacementError> {
        let bad = || PlacementError(text.to_owned());
        let (geometry, zoom) = match text.split_once('*') {
            Some((geometry, zoom)) => (geometry, zoom.parse::<f64>().map_err(|_| bad())?),
            None => (text, 1.0),
        };
        let (size, position) = geometry.split_once('+').ok_or_else(bad)?;
        let (width, height) = size.split_once('x').ok_or_else(bad)?;
        let (x, y) = position.split_once('+').ok_or_else(bad)?;
        let placement = Placement {
            width: width.parse().map_err(|_| bad())?,
            height: height.parse().map_err(|_| bad())?,
            x: x.parse().map_err(|_| bad())?,
            y: y.parse().map_err(|_| bad())?,
            zoom,
        };
        // A window too small to click or a page too small to read is a typo.
        let sensible = placement.width >= 200
            && placement.height >= 200
            && (0.25..=4.0).contains(&placement.zoom);
        if sensible { Ok(placement) } else { Err(bad()) }
    }
}

impl fmt::Display for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}x{}+{}+{}*{}",
            self.width, self.height, self.x, self.y, self.zoom
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_size_position_and_zoom() {
        let placed: Placement = "960x540+960+0*0.5".parse().expect("valid");
        assert_eq!(
            placed,
            Placement {
                width: 960,
                height: 540,
                x: 960,
                y: 0,
                zoom: 0.5
            }
        );
        let unzoomed: Placement = "1280x800+0+0".parse().expect("valid");
        assert_eq!(unzoomed.zoom, 1.0, "no zoom draws the page as it is");
    }

    #[test]
    fn refuses_what_is_not_a_placement() {
        for text in [
            "",
            "960x540",
            "960x540+0",
            "960*540+0+0",
            "10x10+0+0",
            "960x540+0+0*0",
            "960x540+0+0*big",
        ] {
            assert!(
                text.parse::<Placement>().is_err(),
                "{text:?} should be refused"
            );
        }
    }
}
