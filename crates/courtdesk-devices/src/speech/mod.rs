//! Spoken calls in the waiting hall: the [`Announcer`] trait the display
//! announces through, and its implementations by operating system
//! ([`espeak`] on Linux).
//!
//! An announcement that cannot be heard must never stop a call: the display
//! shows the call first and announces it after, and an [`Announcer`]
//! reports a missing sound output as its own error,
//! [`SpeechError::NoAudioOutput`], which the display logs as a warning.

pub mod espeak;
mod wav;

pub use espeak::EspeakAnnouncer;

/// A number called to a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// The ticket number as printed, e.g. `A017`.
    pub number: String,
    pub window: u16,
}

impl Announcement {
    /// The Chinese call as written: `请 A017 号到 3 号窗口`.
    pub fn text_zh(&self) -> String {
        format!("请 {} 号到 {} 号窗口", self.number, self.window)
    }

    /// The English call as written: `Number A017, please go to window 3`.
    pub fn text_en(&self) -> String {
        format!(
            "Number {}, please go to window {}",
            self.number, self.window
        )
    }

    /// The Chinese call for a speech engine, with the ticket number spelt
    /// out: engines read `A017` as the number seventeen.
    pub fn spoken_zh(&self) -> String {
        format!("请 {} 号到 {} 号窗口", self.spelt_number(), self.window)
    }

    /// The English call for a speech engine, number spelt out.
    pub fn spoken_en(&self) -> String {
        format!(
            "Number {}, please go to window {}",
            self.spelt_number(),
            self.window
        )
    }

    /// The number's characters one by one; anything but letters and digits
    /// (a stray dash, a quote) is left out, as it has no call to read.
    fn spelt_number(&self) -> String {
        let characters: Vec<String> = self
            .number
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(String::from)
            .collect();
        characters.join(" ")
    }
}

/// Something that can say a call out loud.
pub trait Announcer {
    /// Says `announcement`, returning once it has been played.
    fn announce(&self, announcement: &Announcement) -> Result<(), SpeechError>;
}

/// Why a call was not announced. Each has a stable [`code`](Self::code).
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// The speech engine is not installed.
    #[error("the speech engine is not installed")]
    EngineMissing {
        #[source]
        source: std::io::Error,
    },
    /// The engine ran but produced no usable audio (a missing voice, an
    /// unexpected format, a crash).
    #[error("the speech engine failed: {detail}")]
    Engine { detail: String },
    /// The call was synthesised but there is nothing to play it on: no
    /// sound card, no sound server, or no player program. The call itself
    /// is unaffected.
    #[error("there is no audio output to play the announcement on")]
    NoAudioOutput,
    /// A player was found but playing failed.
    #[error("playing the announcement failed: {detail}")]
    Playback { detail: String },
}

impl SpeechError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            SpeechError::EngineMissing { .. } => "speech_engine_missing",
            SpeechError::Engine { .. } => "speech_engine_failed",
            SpeechError::NoAudioOutput => "no_audio_output",
            SpeechError::Playback { .. } => "speech_playback_failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> Announcement {
        Announcement {
            number: "A017".to_owned(),
            window: 3,
        }
    }

    #[test]
    fn written_calls_keep_the_number_whole() {
        assert_eq!(call().text_zh(), "请 A017 号到 3 号窗口");
        assert_eq!(call().text_en(), "Number A017, please go to window 3");
    }

    #[test]
    fn spoken_calls_spell_the_number() {
        assert_eq!(call().spoken_zh(), "请 A 0 1 7 号到 3 号窗口");
        assert_eq!(call().spoken_en(), "Number A 0 1 7, please go to window 3");
        let odd = Announcement {
            number: "-B-02".to_owned(),
            window: 12,
        };
        assert_eq!(odd.spoken_en(), "Number B 0 2, please go to window 12");
    }
}
