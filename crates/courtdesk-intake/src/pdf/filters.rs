//! Decoding the streams the check must read (object streams), with a cap on
//! the bytes produced so a decompression bomb costs nothing.

use super::lexer::is_whitespace;
use super::object::{Dict, Obj};
use crate::hash::hex_value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DecodeError {
    /// A filter or predictor this check does not implement.
    Unsupported,
    /// The output would pass the remaining decompression budget.
    TooLarge,
}

/// The decoded data of a stream with `dict`, producing at most `cap` bytes.
///
/// Supported: FlateDecode (with or without PNG predictors), ASCIIHexDecode
/// and ASCII85Decode, alone or chained. Corrupt Flate data yields what was
/// decoded before the damage, which is all any reader could see of it.
pub(super) fn decode(data: &[u8], dict: &Dict, cap: u64) -> Result<Vec<u8>, DecodeError> {
    let filters: Vec<&[u8]> = match dict.get(b"Filter") {
        None | Some(Obj::Null) => Vec::new(),
        Some(Obj::Name(name)) => vec![name.as_slice()],
        Some(Obj::Array(items)) => items
            .iter()
            .map(|item| item.as_name().ok_or(DecodeError::Unsupported))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(DecodeError::Unsupported),
    };
    let parameters: Vec<Option<&Dict>> = match dict.get(b"DecodeParms") {
        Some(Obj::Dict(parameters)) => vec![Some(parameters)],
        Some(Obj::Array(items)) => items.iter().map(Obj::as_dict).collect(),
        _ => Vec::new(),
    };
    let mut current = data.to_vec();
    if current.len() as u64 > cap {
        return Err(DecodeError::TooLarge);
    }
    for (index, filter) in filters.iter().enumerate() {
        let parameters = parameters.get(index).copied().flatten();
        current = match *filter {
            b"FlateDecode" | b"Fl" => {
                let inflated = inflate(&current, cap)?;
                predict(inflated, parameters)?
            }
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&current),
            b"ASCII85Decode" | b"A85" => ascii85(&current),
            _ => return Err(DecodeError::Unsupported),
        };
        if current.len() as u64 > cap {
            return Err(DecodeError::TooLarge);
        }
    }
    Ok(current)
}

fn inflate(data: &[u8], cap: u64) -> Result<Vec<u8>, DecodeError> {
    let out = inflate_with(data, cap, true)?;
    if out.is_empty() {
        // Some writers leave out the zlib header; lenient readers accept that.
        return inflate_with(data, cap, false);
    }
    Ok(out)
}

/// Inflates until the end of the deflate stream, the first damage, or the
/// end of the input, whichever comes first, keeping all output so far.
fn inflate_with(data: &[u8], cap: u64, zlib_header: bool) -> Result<Vec<u8>, DecodeError> {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut inflater = Decompress::new(zlib_header);
    let mut out: Vec<u8> = Vec::new();
    loop {
        if out.len() as u64 > cap {
            return Err(DecodeError::TooLarge);
        }
        if out.capacity() - out.len() < 16 * 1024 {
            // Growth in steps the size of what is there, never far past the cap.
            let room = usize::try_from(cap + 1 - out.len() as u64).unwrap_or(usize::MAX);
            out.reserve_exact(out.len().max(64 * 1024).min(room).max(1));
        }
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let rest = usize::try_from(read).map_or(&[][..], |at| data.get(at..).unwrap_or(&[]));
        match inflater.decompress_vec(rest, &mut out, FlushDecompress::None) {
            Ok(Status::StreamEnd) | Err(_) => break,
            Ok(_) if inflater.total_in() == read && inflater.total_out() == written => break,
            Ok(_) => {}
        }
    }
    if out.len() as u64 > cap {
        return Err(DecodeError::TooLarge);
    }
    Ok(out)
}

/// Undoes the PNG predictors (7.4.4.4) a Flate stream may declare.
fn predict(data: Vec<u8>, parameters: Option<&Dict>) -> Result<Vec<u8>, DecodeError> {
    let Some(parameters) = parameters else {
        return Ok(data);
    };
    let predictor = parameters.int(b"Predictor").unwrap_or(1);
    if predictor <= 1 {
        return Ok(data);
    }
    if predictor < 10 {
        return Err(DecodeError::Unsupported);
    }
    let colors = parameters.int(b"Colors").unwrap_or(1);
    let bits = parameters.int(b"BitsPerComponent").unwrap_or(8);
    let columns = parameters.int(b"Columns").unwrap_or(1);
    if !(1..=32).contains(&colors)
        || ![1, 2, 4, 8, 16].contains(&bits)
        || !(1..=1 << 20).contains(&columns)
    {
        return Err(DecodeError::Unsupported);
    }
    // The ranges above keep these products small.
    let (colors, bits, columns) = (colors as usize, bits as usize, columns as usize);
    let pixel = (colors * bits).div_ceil(8).max(1);
    let row = (colors * bits * columns).div_ceil(8);
    let mut out = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let (kind, raw) = (chunk[0], &chunk[1..]);
        let mut current = vec![0u8; row];
        current[..raw.len()].copy_from_slice(raw);
        for i in 0..row {
            let left = if i >= pixel { current[i - pixel] } else { 0 };
            let up = previous[i];
            let upper_left = if i >= pixel { previous[i - pixel] } else { 0 };
            current[i] = current[i].wrapping_add(match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, upper_left),
                _ => return Err(DecodeError::Unsupported),
            });
        }
        out.extend_from_slice(&current[..raw.len()]);
        previous = current;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut high: Option<u8> = None;
    for &byte in data {
        if byte == b'>' {
            break;
        }
        let Some(value) = hex_value(byte) else {
            continue;
        };
        match high.take() {
            Some(h) => out.push(h << 4 | value),
            None => high = Some(value),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5 + 4);
    let mut group = [0u32; 5];
    let mut filled = 0;
    for &byte in data {
        match byte {
            b'~' => break,
            b'z' if filled == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[filled] = u32::from(byte - b'!');
                filled += 1;
                if filled == 5 {
                    out.extend_from_slice(&base85(&group).to_be_bytes());
                    filled = 0;
                }
            }
            byte if is_whitespace(byte) => {}
            _ => {}
        }
    }
    if filled > 1 {
        for slot in group.iter_mut().skip(filled) {
            *slot = 84;
        }
        out.extend_from_slice(&base85(&group).to_be_bytes()[..filled - 1]);
    }
    out
}

fn base85(group: &[u32; 5]) -> u32 {
    group
        .iter()
        .fold(0u32, |acc, digit| acc.wrapping_mul(85).wrapping_add(*digit))
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn dict(entries: &[(&str, Obj)]) -> Dict {
        Dict(
            entries
                .iter()
                .map(|(k, v)| (k.as_bytes().to_vec(), v.clone()))
                .collect(),
        )
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(data).expect("in memory");
        encoder.finish().expect("in memory")
    }

    fn name(text: &str) -> Obj {
        Obj::Name(text.as_bytes().to_vec())
    }

    #[test]
    fn flate_ascii_hex_and_ascii85_decode_alone_and_chained() {
        let flate = dict(&[("Filter", name("FlateDecode"))]);
        assert_eq!(decode(&zlib(b"hello"), &flate, 100), Ok(b"hello".to_vec()));
        let hex = dict(&[("Filter", name("AHx"))]);
        assert_eq!(decode(b"48 65 6C6C 6f>", &hex, 100), Ok(b"Hello".to_vec()));
        let a85 = dict(&[("Filter", name("ASCII85Decode"))]);
        assert_eq!(
            decode(b"87cURD]i,\"Ebo80~>", &a85, 100),
            Ok(b"Hello World!".to_vec())
        );
        let hex_of_flate: String = zlib(b"chained")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let chain = dict(&[(
            "Filter",
            Obj::Array(vec![name("ASCIIHexDecode"), name("FlateDecode")]),
        )]);
        assert_eq!(
            decode(hex_of_flate.as_bytes(), &chain, 100),
            Ok(b"chained".to_vec())
        );
    }

    #[test]
    fn a_bomb_stops_at_the_cap() {
        let bomb = zlib(&vec![0u8; 10_000_000]);
        assert!(bomb.len() < 20_000);
        let flate = dict(&[("Filter", name("FlateDecode"))]);
        assert_eq!(decode(&bomb, &flate, 1_000_000), Err(DecodeError::TooLarge));
    }

    #[test]
    fn unknown_filters_are_unsupported_not_skipped() {
        let lzw = dict(&[("Filter", name("LZWDecode"))]);
        assert_eq!(decode(b"x", &lzw, 100), Err(DecodeError::Unsupported));
    }

    #[test]
    fn png_up_prediction_is_undone() {
        // Two rows of three bytes, the second stored as its difference.
        let rows = [0u8, 1, 2, 3, 2, 1, 1, 1];
        let flate = dict(&[
            ("Filter", name("FlateDecode")),
            (
                "DecodeParms",
                Obj::Dict(dict(&[
                    ("Predictor", Obj::Int(12)),
                    ("Columns", Obj::Int(3)),
                ])),
            ),
        ]);
        assert_eq!(
            decode(&zlib(&rows), &flate, 100),
            Ok(vec![1, 2, 3, 2, 3, 4])
        );
    }

    #[test]
    fn corrupt_flate_keeps_what_came_before_the_damage() {
        let text: String = (0..5000)
            .map(|n| format!("{n} 0 obj << /S /GoTo >> "))
            .collect();
        let mut data = zlib(text.as_bytes());
        let cut = data.len() / 2;
        data.truncate(cut);
        let flate = dict(&[("Filter", name("FlateDecode"))]);
        let out = decode(&data, &flate, 1_000_000).expect("partial output");
        assert!(
            out.len() > text.len() / 4,
            "{} of {} bytes",
            out.len(),
            text.len()
        );
        assert!(text.as_bytes().starts_with(&out));
    }
}
