//! Spoken calls from the real espeak-ng.

use courtdesk_devices::speech::{Announcement, Announcer, EspeakAnnouncer, SpeechError};

use crate::support::tool_or_skip;

fn call() -> Announcement {
    Announcement {
        number: "A017".to_owned(),
        window: 3,
    }
}

fn u16_at(wav: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([wav[at], wav[at + 1]])
}

fn u32_at(wav: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([wav[at], wav[at + 1], wav[at + 2], wav[at + 3]])
}

/// Root-mean-square level of 16-bit samples.
fn rms(samples: &[i16]) -> f64 {
    let sum: f64 = samples.iter().map(|s| f64::from(*s).powi(2)).sum();
    (sum / samples.len().max(1) as f64).sqrt()
}

#[test]
fn a_call_is_one_valid_wav_of_chime_then_speech() {
    if !tool_or_skip(
        "espeak-ng",
        "--version",
        "a_call_is_one_valid_wav_of_chime_then_speech",
    ) {
        return;
    }
    let wav = EspeakAnnouncer::new()
        .synthesize(&call())
        .expect("espeak-ng speaks the call");

    assert_eq!(&wav[0..4], b"RIFF");
    assert_eq!(&wav[8..16], b"WAVEfmt ");
    assert_eq!(
        u32_at(&wav, 4) as usize,
        wav.len() - 8,
        "RIFF size is the file's"
    );
    assert_eq!(u16_at(&wav, 20), 1, "PCM");
    assert_eq!(u16_at(&wav, 22), 1, "mono");
    let rate = u32_at(&wav, 24);
    assert_eq!(rate, 22_050, "espeak-ng's rate");
    assert_eq!(u16_at(&wav, 34), 16, "16-bit");
    assert_eq!(&wav[36..40], b"data");
    let data_len = u32_at(&wav, 40) as usize;
    assert_eq!(data_len, wav.len() - 44, "the data chunk fills the file");

    let samples: Vec<i16> = wav[44..]
        .chunks_exact(2)
        .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    let seconds = samples.len() as f64 / f64::from(rate);
    // Chime (1.45 s) and two sentences: several seconds, not a glitch.
    assert!((3.0..30.0).contains(&seconds), "{seconds} s");
    let second = rate as usize;
    assert!(
        rms(&samples[..second]) > 1_000.0,
        "the chime opens the call"
    );
    assert!(
        rms(&samples[2 * second..]) > 500.0,
        "speech follows the chime and its pause"
    );
}

#[test]
fn a_missing_voice_is_an_engine_failure() {
    if !tool_or_skip(
        "espeak-ng",
        "--version",
        "a_missing_voice_is_an_engine_failure",
    ) {
        return;
    }
    let error = EspeakAnnouncer::new()
        .with_voices("xx-no-such-voice", "en")
        .synthesize(&call())
        .expect_err("there is no such voice");
    assert!(matches!(error, SpeechError::Engine { .. }), "{error:?}");
    assert_eq!(error.code(), "speech_engine_failed");
}

#[test]
fn a_missing_engine_is_told_apart() {
    let error = EspeakAnnouncer::new()
        .with_program("/nonexistent/espeak-ng")
        .synthesize(&call())
        .expect_err("no engine");
    assert!(
        matches!(error, SpeechError::EngineMissing { .. }),
        "{error:?}"
    );
    assert_eq!(error.code(), "speech_engine_missing");
}

#[test]
fn without_a_sound_output_the_call_is_synthesised_and_reported_unheard() {
    let test = "without_a_sound_output_the_call_is_synthesised_and_reported_unheard";
    if !tool_or_skip("espeak-ng", "--version", test) {
        return;
    }
    let has_card = std::fs::read_to_string("/proc/asound/cards").is_ok_and(|cards| {
        cards
            .lines()
            .any(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    });
    let has_pulse = std::env::var_os("PULSE_SERVER").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("pulse/native").exists());
    if has_card || has_pulse {
        crate::support::skip(test, "this machine has a sound output");
        return;
    }
    let error = EspeakAnnouncer::new()
        .announce(&call())
        .expect_err("nothing to play on");
    assert!(matches!(error, SpeechError::NoAudioOutput), "{error:?}");
    assert_eq!(error.code(), "no_audio_output");
}
