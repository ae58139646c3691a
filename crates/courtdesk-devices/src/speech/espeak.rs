//! [`Announcer`] on Linux: `espeak-ng` speaks, a chime made here comes
//! first, and `paplay` (PulseAudio or PipeWire) or `aplay` (ALSA) plays
//! the joined WAV. Needs the `espeak-ng` package; playing needs
//! `pulseaudio-utils` or `alsa-utils` and a sound device.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::wav::{self, Pcm};
use super::{Announcement, Announcer, SpeechError};
use crate::process::{self, RunError};

/// How long synthesis may take; espeak-ng needs about 20 ms per sentence.
const SYNTHESIS_TIMEOUT: Duration = Duration::from_secs(10);

/// Speaks calls with espeak-ng voices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EspeakAnnouncer {
    program: PathBuf,
    chinese_voice: String,
    english_voice: String,
    words_per_minute: u16,
}

impl Default for EspeakAnnouncer {
    fn default() -> EspeakAnnouncer {
        EspeakAnnouncer::new()
    }
}

impl EspeakAnnouncer {
    /// Mandarin with the `cmn-latn-pinyin` voice (the plain `cmn` voice
    /// reads 请, 号 and 口 as English spellings), English with `en`, both a
    /// little slower than espeak's default to carry across a hall.
    pub fn new() -> EspeakAnnouncer {
        EspeakAnnouncer {
            program: PathBuf::from("espeak-ng"),
            chinese_voice: "cmn-latn-pinyin".to_owned(),
            english_voice: "en".to_owned(),
            words_per_minute: 150,
        }
    }

    /// The engine's executable, when it is not `espeak-ng` on the `PATH`
    /// (Windows installs it under Program Files).
    pub fn with_program(mut self, program: impl Into<PathBuf>) -> EspeakAnnouncer {
        self.program = program.into();
        self
    }

    pub fn with_voices(
        mut self,
        chinese: impl Into<String>,
        english: impl Into<String>,
    ) -> EspeakAnnouncer {
        self.chinese_voice = chinese.into();
        self.english_voice = english.into();
        self
    }

    pub fn with_words_per_minute(mut self, words_per_minute: u16) -> EspeakAnnouncer {
        self.words_per_minute = words_per_minute;
        self
    }

    /// The whole announcement as one 16-bit mono WAV file: the chime, the
    /// Chinese call, then the English one, with short pauses between.
    pub fn synthesize(&self, announcement: &Announcement) -> Result<Vec<u8>, SpeechError> {
        let chinese = self.speak(&self.chinese_voice, &announcement.spoken_zh())?;
        let english = self.speak(&self.english_voice, &announcement.spoken_en())?;
        if chinese.sample_rate != english.sample_rate {
            return Err(SpeechError::Engine {
                detail: format!(
                    "the voices speak at {} Hz and {} Hz",
                    chinese.sample_rate, english.sample_rate
                ),
            });
        }
        let rate = chinese.sample_rate;
        let mut samples = wav::chime(rate);
        samples.extend(wav::silence(rate, 300));
        samples.extend(chinese.samples);
        samples.extend(wav::silence(rate, 400));
        samples.extend(english.samples);
        samples.extend(wav::silence(rate, 200));
        Ok(Pcm {
            sample_rate: rate,
            samples,
        }
        .to_wav())
    }

    fn speak(&self, voice: &str, text: &str) -> Result<Pcm, SpeechError> {
        // The text goes on stdin, so nothing in it can be taken for an option.
        let done = process::run(
            Command::new(&self.program)
                .arg("-v")
                .arg(voice)
                .arg("-s")
                .arg(self.words_per_minute.to_string())
                .arg("--stdout")
                .arg("--stdin"),
            Some(text.as_bytes()),
            SYNTHESIS_TIMEOUT,
        )
        .map_err(|error| match error {
            RunError::Missing { source, .. } => SpeechError::EngineMissing { source },
            other => SpeechError::Engine {
                detail: other.to_string(),
            },
        })?;
        if !done.status.success() {
            return Err(SpeechError::Engine {
                detail: format!("espeak-ng voice {voice}: {}", done.reason()),
            });
        }
        let pcm = Pcm::parse(&done.stdout).map_err(|detail| SpeechError::Engine {
            detail: format!("espeak-ng voice {voice}: {detail}"),
        })?;
        if pcm.samples.is_empty() {
            return Err(SpeechError::Engine {
                detail: format!("espeak-ng voice {voice} produced no sound"),
            });
        }
        Ok(pcm)
    }
}

impl Announcer for EspeakAnnouncer {
    /// Synthesises, then plays the call. Without a sound server or card, or
    /// without a player program, returns [`SpeechError::NoAudioOutput`]
    /// after synthesising, so that a broken engine is still noticed.
    fn announce(&self, announcement: &Announcement) -> Result<(), SpeechError> {
        let wav = self.synthesize(announcement)?;
        let player = Player::find().ok_or(SpeechError::NoAudioOutput)?;
        let dir = tempfile::Builder::new()
            .prefix("courtdesk-call-")
            .tempdir()
            .map_err(|error| SpeechError::Playback {
                detail: error.to_string(),
            })?;
        let file = dir.path().join("call.wav");
        std::fs::write(&file, &wav).map_err(|error| SpeechError::Playback {
            detail: error.to_string(),
        })?;
        player.play(&file, audio_seconds(&wav))
    }
}

fn audio_seconds(wav: &[u8]) -> f32 {
    Pcm::parse(wav).map(|pcm| pcm.seconds()).unwrap_or(30.0)
}

/// A program that can play a WAV file on this machine's sound output.
#[derive(Debug)]
enum Player {
    /// PulseAudio or PipeWire's Pulse server, where a desktop session runs.
    Pulse(PathBuf),
    /// ALSA directly, for a kiosk without a sound server.
    Alsa(PathBuf),
}

impl Player {
    fn find() -> Option<Player> {
        if pulse_server_running() {
            if let Some(paplay) = on_path("paplay") {
                return Some(Player::Pulse(paplay));
            }
        }
        if alsa_has_card() {
            if let Some(aplay) = on_path("aplay") {
                return Some(Player::Alsa(aplay));
            }
        }
        None
    }

    fn play(&self, file: &Path, seconds: f32) -> Result<(), SpeechError> {
        let mut command = match self {
            Player::Pulse(program) => Command::new(program),
            Player::Alsa(program) => {
                let mut command = Command::new(program);
                command.arg("-q");
                command
            }
        };
        command.arg(file);
        // Room for the device to open and drain, beyond the audio itself.
        let timeout = Duration::from_secs_f32(seconds) + Duration::from_secs(10);
        let done =
            process::run(&mut command, None, timeout).map_err(|error| SpeechError::Playback {
                detail: error.to_string(),
            })?;
        if done.status.success() {
            Ok(())
        } else {
            Err(SpeechError::Playback {
                detail: done.reason(),
            })
        }
    }
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

fn pulse_server_running() -> bool {
    if std::env::var_os("PULSE_SERVER").is_some() {
        return true;
    }
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(|dir| Path::new(&dir).join("pulse/native").exists())
        .unwrap_or(false)
}

fn alsa_has_card() -> bool {
    // Lists one block per card, or " --- no soundcards ---".
    std::fs::read_to_string("/proc/asound/cards")
        .map(|cards| {
            cards
                .lines()
                .any(|line| line.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        })
        .unwrap_or(false)
}
