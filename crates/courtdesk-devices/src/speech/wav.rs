//! 16-bit mono PCM in RIFF WAVE files: reading a speech engine's output,
//! the call chime, and writing the joined announcement.

use std::f32::consts::TAU;

/// Mono 16-bit samples at a rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pcm {
    pub(crate) sample_rate: u32,
    pub(crate) samples: Vec<i16>,
}

impl Pcm {
    /// Reads a PCM WAVE file. The data chunk may claim more bytes than the
    /// file holds: engines that stream to a pipe (`espeak-ng --stdout`)
    /// cannot seek back to fill in the sizes, so they write a maximum.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Pcm, String> {
        if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
            return Err("not a RIFF WAVE file".to_owned());
        }
        let mut at = 12;
        let mut format = None;
        while at + 8 <= bytes.len() {
            let id = &bytes[at..at + 4];
            let declared = u32_at(bytes, at + 4) as usize;
            let body = &bytes[at + 8..(at + 8).saturating_add(declared).min(bytes.len())];
            match id {
                b"fmt " => {
                    if body.len() < 16 {
                        return Err("short fmt chunk".to_owned());
                    }
                    let (tag, channels, rate, bits) = (
                        u16_at(body, 0),
                        u16_at(body, 2),
                        u32_at(body, 4),
                        u16_at(body, 14),
                    );
                    if (tag, channels, bits) != (1, 1, 16) {
                        return Err(format!(
                            "format {tag}, {channels} channels, {bits} bits; expected 16-bit mono PCM"
                        ));
                    }
                    format = Some(rate);
                }
                b"data" => {
                    let sample_rate = format.ok_or("data before fmt")?;
                    let samples = body
                        .chunks_exact(2)
                        .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
                        .collect();
                    return Ok(Pcm {
                        sample_rate,
                        samples,
                    });
                }
                _ => {}
            }
            at += 8 + declared + declared % 2;
        }
        Err("no data chunk".to_owned())
    }

    /// A canonical 44-byte-header WAVE file.
    pub(crate) fn to_wav(&self) -> Vec<u8> {
        let data_len = u32::try_from(self.samples.len() * 2).unwrap_or(u32::MAX - 36);
        let mut out = Vec::with_capacity(44 + self.samples.len() * 2);
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&(36 + data_len).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes()); // PCM
        out.extend_from_slice(&1u16.to_le_bytes()); // mono
        out.extend_from_slice(&self.sample_rate.to_le_bytes());
        out.extend_from_slice(&(self.sample_rate * 2).to_le_bytes()); // bytes per second
        out.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        for sample in &self.samples {
            out.extend_from_slice(&sample.to_le_bytes());
        }
        out
    }

    pub(crate) fn seconds(&self) -> f32 {
        self.samples.len() as f32 / self.sample_rate as f32
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// `ms` milliseconds of silence.
pub(crate) fn silence(sample_rate: u32, ms: u32) -> Vec<i16> {
    vec![0; (sample_rate as usize * ms as usize) / 1000]
}

/// A two-tone "ding-dong" (E5 then C5, a major third down, as hall
/// announcement chimes go), each a struck-bell tone: a fast attack, an
/// exponential decay and a quieter octave overtone.
pub(crate) fn chime(sample_rate: u32) -> Vec<i16> {
    let mut out = bell(sample_rate, 659.25, 0.55);
    out.extend(bell(sample_rate, 523.25, 0.9));
    out
}

fn bell(sample_rate: u32, frequency: f32, seconds: f32) -> Vec<i16> {
    let rate = sample_rate as f32;
    let count = (rate * seconds) as usize;
    (0..count)
        .map(|i| {
            let t = i as f32 / rate;
            let attack = (t / 0.008).min(1.0);
            let decay = (-3.5 * t).exp();
            // Fade the tail to zero so the tone does not end in a click.
            let tail = ((seconds - t) / 0.03).min(1.0);
            let wave = (TAU * frequency * t).sin() + 0.3 * (TAU * 2.0 * frequency * t).sin();
            // 0.45 of full scale leaves headroom under the speech's peaks.
            (wave / 1.3 * attack * decay * tail * 0.45 * f32::from(i16::MAX)) as i16
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_reads_back_the_same() {
        let pcm = Pcm {
            sample_rate: 22_050,
            samples: vec![0, 1, -1, i16::MAX, i16::MIN],
        };
        let wav = pcm.to_wav();
        assert_eq!(wav.len(), 44 + 10);
        assert_eq!(Pcm::parse(&wav), Ok(pcm));
    }

    #[test]
    fn a_streamed_file_with_oversized_lengths_is_read_to_its_end() {
        let mut wav = Pcm {
            sample_rate: 22_050,
            samples: vec![5, 6, 7],
        }
        .to_wav();
        wav[40..44].copy_from_slice(&0x7fff_f000u32.to_le_bytes());
        assert_eq!(Pcm::parse(&wav).expect("parses").samples, [5, 6, 7]);
    }

    #[test]
    fn other_formats_are_refused() {
        assert!(Pcm::parse(b"RIFX....WAVE").is_err());
        let mut stereo = Pcm {
            sample_rate: 8_000,
            samples: vec![0; 4],
        }
        .to_wav();
        stereo[22] = 2;
        assert!(Pcm::parse(&stereo).is_err());
    }

    #[test]
    fn the_chime_is_two_tones_that_fade_out_without_clipping() {
        let chime = chime(22_050);
        let seconds = chime.len() as f32 / 22_050.0;
        assert!((1.3..1.6).contains(&seconds), "{seconds} s");
        let peak = chime.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
        assert!(
            peak > 8_000 && peak < 20_000,
            "audible, with headroom: {peak}"
        );
        let first_end = (0.55 * 22_050.0) as usize;
        assert!(
            chime[first_end - 1].unsigned_abs() < 200,
            "the ding ends quietly"
        );
        assert!(chime.last().is_some_and(|s| s.unsigned_abs() < 200));
    }
}
