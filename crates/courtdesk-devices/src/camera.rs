//! A document camera (or any video camera) at the kiosk: one still photo
//! per call, as a JPEG.
//!
//! [`FfmpegCamera`] (Linux) runs `ffmpeg` once per photo: it opens the
//! device through Video4Linux (`-f v4l2 -i /dev/video0`), lets the first
//! frames pass so exposure settles, and writes one frame as JPEG to its
//! output. Any other input ffmpeg knows can stand in for the device, which
//! is how the tests take photos without a camera: its `lavfi` test source
//! (`-f lavfi -i testsrc=size=1280x720`). A Windows build would use
//! `-f dshow -i video=...` the same way.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::process::{RunError, run};

/// A camera the kiosk can take a photo with.
pub trait Camera {
    /// Whether the camera is there now (its device exists).
    fn present(&self) -> bool;

    /// Takes one photo: a complete JPEG file.
    fn photo(&self) -> Result<Vec<u8>, CameraError>;
}

/// Why no photo was taken. Each has a stable [`code`](Self::code) for the
/// UI to translate.
#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    /// No camera is set up, the device is gone, or ffmpeg is not installed.
    #[error("no camera: {detail}")]
    NoCamera { detail: String },
    /// Another program holds the device.
    #[error("the camera is busy")]
    Busy,
    #[error("the camera did not answer within {0:?}")]
    TimedOut(Duration),
    #[error("the photo failed: {detail}")]
    Failed { detail: String },
}

impl CameraError {
    pub fn code(&self) -> &'static str {
        match self {
            CameraError::NoCamera { .. } => "no_camera",
            CameraError::Busy => "camera_busy",
            CameraError::TimedOut(_) => "camera_timed_out",
            CameraError::Failed { .. } => "camera_failed",
        }
    }
}

/// A camera read through `ffmpeg`.
#[derive(Debug, Clone)]
pub struct FfmpegCamera {
    program: PathBuf,
    /// ffmpeg's input format: `v4l2` for a camera.
    format: String,
    /// The device (`/dev/video0`) or the input's description.
    input: String,
    /// Frames let pass before the one kept, while exposure settles.
    settle_frames: u32,
    timeout: Duration,
}

impl FfmpegCamera {
    /// The Video4Linux camera at `device`, e.g. `/dev/video0`.
    pub fn v4l2(device: impl Into<String>) -> FfmpegCamera {
        FfmpegCamera {
            program: PathBuf::from("ffmpeg"),
            format: "v4l2".into(),
            input: device.into(),
            settle_frames: 10,
            timeout: Duration::from_secs(20),
        }
    }

    /// Any ffmpeg input, e.g. format `lavfi` and input
    /// `testsrc=size=1280x720` for a picture without a camera.
    pub fn input(format: impl Into<String>, input: impl Into<String>) -> FfmpegCamera {
        FfmpegCamera {
            format: format.into(),
            input: input.into(),
            settle_frames: 0,
            ..FfmpegCamera::v4l2("")
        }
    }

    pub fn with_program(mut self, program: impl Into<PathBuf>) -> FfmpegCamera {
        self.program = program.into();
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> FfmpegCamera {
        self.timeout = timeout;
        self
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command
            .args(["-hide_banner", "-nostdin", "-loglevel", "error"])
            .args(["-f", &self.format, "-i", &self.input]);
        if self.settle_frames > 0 {
            // Keeps the last of the first frames: a camera's first frames
            // are often dark while its exposure settles.
            command.args(["-vf", &format!("select=gte(n\\,{})", self.settle_frames)]);
        }
        command.args([
            "-frames:v",
            "1",
            "-q:v",
            "3",
            "-c:v",
            "mjpeg",
            "-f",
            "image2pipe",
            "-",
        ]);
        command
    }
}

fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.ends_with(&[0xFF, 0xD9])
}

impl Camera for FfmpegCamera {
    fn present(&self) -> bool {
        self.format != "v4l2" || std::path::Path::new(&self.input).exists()
    }

    fn photo(&self) -> Result<Vec<u8>, CameraError> {
        if !self.present() {
            return Err(CameraError::NoCamera {
                detail: format!("{} is not there", self.input),
            });
        }
        let finished =
            run(&mut self.command(), None, self.timeout).map_err(|error| match error {
                RunError::Missing { program, .. } => CameraError::NoCamera {
                    detail: format!("{program} is not installed"),
                },
                RunError::TimedOut { timeout, .. } => CameraError::TimedOut(timeout),
                RunError::Io { source, .. } => CameraError::Failed {
                    detail: source.to_string(),
                },
            })?;
        let reason = finished.reason();
        if !finished.status.success() {
            return Err(if reason.contains("Device or resource busy") {
                CameraError::Busy
            } else if reason.contains("No such file or directory") {
                CameraError::NoCamera { detail: reason }
            } else {
                CameraError::Failed { detail: reason }
            });
        }
        if !is_jpeg(&finished.stdout) {
            return Err(CameraError::Failed {
                detail: "ffmpeg wrote no JPEG".into(),
            });
        }
        Ok(finished.stdout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ffmpeg_present() -> bool {
        let present = Command::new("ffmpeg")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !present {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have ffmpeg installed"
            );
            eprintln!("skipping: ffmpeg is not installed");
        }
        present
    }

    #[test]
    fn a_photo_from_ffmpegs_test_source_is_one_jpeg_of_its_size() {
        if !ffmpeg_present() {
            return;
        }
        let camera = FfmpegCamera::input("lavfi", "testsrc=size=640x480:rate=5");
        assert!(camera.present());
        let jpeg = camera.photo().expect("a photo");
        assert!(is_jpeg(&jpeg));
        // The frame's size from the JPEG's SOF0 marker.
        let sof = jpeg
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame header");
        let height = u16::from_be_bytes([jpeg[sof + 5], jpeg[sof + 6]]);
        let width = u16::from_be_bytes([jpeg[sof + 7], jpeg[sof + 8]]);
        assert_eq!((width, height), (640, 480));
    }

    #[test]
    fn a_missing_device_a_missing_program_and_a_bad_input_are_told_apart() {
        let gone = FfmpegCamera::v4l2("/dev/video-courtdesk-none");
        assert!(!gone.present());
        assert_eq!(gone.photo().expect_err("no device").code(), "no_camera");
        let no_program =
            FfmpegCamera::input("lavfi", "testsrc").with_program("/nonexistent/ffmpeg");
        assert_eq!(
            no_program.photo().expect_err("no ffmpeg").code(),
            "no_camera"
        );
        if ffmpeg_present() {
            let bad = FfmpegCamera::input("lavfi", "no_such_filter_courtdesk");
            assert_eq!(bad.photo().expect_err("bad input").code(), "camera_failed");
        }
    }
}
