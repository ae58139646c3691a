//! Reading a whole PDF into what the checks need, front to back, without
//! its cross-reference table: objects by number (every version of each),
//! trailers, and the decoded content of object streams. A damaged or lying
//! xref cannot hide an object from a reader that never follows it.

use std::collections::HashMap;

use super::filters::{self, DecodeError};
use super::lexer::{Lexer, Token, is_regular, is_whitespace};
use super::names::{self, NameCounts};
use super::object::{Dict, Obj, Overrun, Parser, Seen};
use crate::error::IntakeError;
use crate::limits::IntakeLimits;

#[derive(Debug, Default)]
pub(super) struct Document {
    /// Every version of each object, in file order: incremental updates
    /// redefine objects, and the checks look at all versions.
    pub(super) objects: HashMap<u32, Vec<Obj>>,
    /// Trailer dictionaries and cross-reference stream dictionaries, in
    /// file order.
    pub(super) trailers: Vec<Dict>,
    pub(super) seen: Seen,
    pub(super) names: NameCounts,
}

impl Document {
    /// The newest version of object `number`.
    pub(super) fn latest(&self, number: u32) -> Option<&Obj> {
        self.objects
            .get(&number)
            .and_then(|versions| versions.last())
    }
}

/// How many regions of stream data that look like they hide objects are
/// read as objects, one inside another, before the file is given up on.
const MAX_REGION_DEPTH: u32 = 4;
/// An object header hidden in stream data needs an `obj` keyword; past this
/// many candidates in one stream, the stream is read as objects outright
/// rather than each candidate looked at.
const MAX_HEADER_CANDIDATES: usize = 10_000;
/// Comments between an object's number and `obj` longer than this make the
/// stream suspect without looking further.
const MAX_COMMENT_LOOKBACK: usize = 4096;

pub(super) fn read(data: &[u8], limits: &IntakeLimits) -> Result<Document, IntakeError> {
    let mut reader = Reader {
        data,
        limits,
        document: Document::default(),
        inflated: 0,
    };
    reader.region(0, data.len(), 0)?;
    Ok(reader.document)
}

struct Reader<'a, 'l> {
    data: &'a [u8],
    limits: &'l IntakeLimits,
    document: Document,
    inflated: u64,
}

fn overrun(overrun: Overrun) -> IntakeError {
    IntakeError::PdfUninspectable {
        reason: match overrun {
            Overrun::Values => "more structure than the check reads",
            Overrun::Nesting => "values nested too deeply",
        },
    }
}

impl Reader<'_, '_> {
    /// Reads `data[start..end]` as top-level PDF: objects, streams,
    /// trailers, and whatever else is there.
    fn region(&mut self, start: usize, end: usize, depth: u32) -> Result<(), IntakeError> {
        let data = self.data;
        let mut lexer = Lexer::new(&data[..end], start);
        // Bytes before this have been given to the raw name scan.
        let mut scanned = start;
        loop {
            let before = lexer.pos;
            let Some(token) = lexer.next_token() else {
                break;
            };
            match token {
                Token::Int(number) => {
                    let after_number = lexer.pos;
                    let header = matches!(
                        (lexer.next_token(), lexer.next_token()),
                        (Some(Token::Int(_)), Some(Token::Keyword(b"obj")))
                    );
                    if !header {
                        lexer.pos = after_number;
                        continue;
                    }
                    let value = self.value(&mut lexer)?;
                    let after_value = lexer.pos;
                    match lexer.next_token() {
                        Some(Token::Keyword(b"stream")) => {
                            let stream = stream_extent(&data[..end], lexer.pos, &value)?;
                            names::scan(&data[scanned..stream.start], &mut self.document.names);
                            scanned = stream.after;
                            lexer.pos = stream.after;
                            self.stream(&value, stream.start, stream.end, depth)?;
                        }
                        Some(Token::Keyword(b"endobj")) => {}
                        _ => lexer.pos = after_value,
                    }
                    if let Ok(number) = u32::try_from(number) {
                        self.document.objects.entry(number).or_default().push(value);
                    }
                }
                Token::Keyword(b"trailer") => {
                    if let Obj::Dict(dict) = self.value(&mut lexer)? {
                        self.document.trailers.push(dict);
                    }
                }
                // Stream data outside any object is still data a reader
                // might be pointed into.
                Token::Keyword(b"stream") => {
                    let stream = stream_extent(&data[..end], lexer.pos, &Obj::Null)?;
                    names::scan(&data[scanned..stream.start], &mut self.document.names);
                    scanned = stream.after;
                    lexer.pos = stream.after;
                    self.stream(&Obj::Null, stream.start, stream.end, depth)?;
                }
                Token::DictOpen | Token::ArrayOpen => {
                    lexer.pos = before;
                    self.value(&mut lexer)?;
                }
                _ => {}
            }
        }
        names::scan(&data[scanned..end], &mut self.document.names);
        Ok(())
    }

    fn value(&mut self, lexer: &mut Lexer<'_>) -> Result<Obj, IntakeError> {
        let mut parser = Parser {
            lexer: lexer.clone(),
            seen: &mut self.document.seen,
            max_values: self.limits.max_pdf_values,
        };
        let value = parser.value(0).map_err(overrun)?;
        lexer.pos = parser.lexer.pos;
        Ok(value.unwrap_or(Obj::Null))
    }

    fn stream(
        &mut self,
        value: &Obj,
        start: usize,
        end: usize,
        depth: u32,
    ) -> Result<(), IntakeError> {
        let empty = Dict::default();
        let dict = value.as_dict().unwrap_or(&empty);
        if dict.has_name(b"Type", b"XRef") {
            self.document.trailers.push(dict.clone());
        }
        let raw = &self.data[start..end];
        if is_object_stream(dict) {
            let cap = self
                .limits
                .max_pdf_inflated_bytes
                .saturating_sub(self.inflated);
            let decoded = filters::decode(raw, dict, cap).map_err(|error| match error {
                DecodeError::Unsupported => IntakeError::PdfUninspectable {
                    reason: "an object stream in an encoding the check does not read",
                },
                DecodeError::TooLarge => IntakeError::PdfUninspectable {
                    reason: "compressed objects that inflate past the limit",
                },
            })?;
            self.inflated += decoded.len() as u64;
            names::scan(&decoded, &mut self.document.names);
            self.object_stream(&decoded, dict)?;
        } else if hides_object(raw) {
            if depth >= MAX_REGION_DEPTH {
                return Err(IntakeError::PdfUninspectable {
                    reason: "objects hidden inside stream data",
                });
            }
            self.region(start, end, depth + 1)?;
        }
        Ok(())
    }

    /// The objects of an object stream (7.5.7): `N` pairs of object number
    /// and offset, then the objects from `First`.
    fn object_stream(&mut self, decoded: &[u8], dict: &Dict) -> Result<(), IntakeError> {
        let count = dict.int(b"N").filter(|n| (0..=1_000_000).contains(n));
        let first = dict
            .int(b"First")
            .and_then(|f| usize::try_from(f).ok())
            .filter(|f| *f <= decoded.len());
        let (Some(count), Some(first)) = (count, first) else {
            // Not a readable index: read every value so that nothing in it
            // goes unchecked, even if no object can be numbered.
            let mut lexer = Lexer::new(decoded, 0);
            while lexer.pos < decoded.len() {
                let before = lexer.pos;
                self.value(&mut lexer)?;
                if lexer.pos == before {
                    lexer.next_token();
                }
            }
            return Ok(());
        };
        let mut index = Lexer::new(&decoded[..first], 0);
        let mut entries = Vec::new();
        for _ in 0..count {
            match (index.next_token(), index.next_token()) {
                (Some(Token::Int(number)), Some(Token::Int(offset))) => {
                    entries.push((number, offset))
                }
                _ => break,
            }
        }
        for (number, offset) in entries {
            let Some(at) = usize::try_from(offset)
                .ok()
                .and_then(|offset| first.checked_add(offset))
                .filter(|at| *at < decoded.len())
            else {
                continue;
            };
            let mut lexer = Lexer::new(decoded, at);
            let value = self.value(&mut lexer)?;
            if let Ok(number) = u32::try_from(number) {
                self.document.objects.entry(number).or_default().push(value);
            }
        }
        Ok(())
    }
}

/// Readers find an object stream by `/N` and `/First` whatever its `/Type`
/// says, so either marks one.
fn is_object_stream(dict: &Dict) -> bool {
    dict.has_name(b"Type", b"ObjStm") || (dict.int(b"N").is_some() && dict.int(b"First").is_some())
}

struct StreamExtent {
    /// The first byte of data.
    start: usize,
    /// One past the last byte of data.
    end: usize,
    /// Just after `endstream`.
    after: usize,
}

/// Where the data of a stream whose `stream` keyword ends at `keyword_end`
/// lies. The data ends at the first `endstream`, or sooner when `/Length`
/// says so and `endstream` follows right there: a `/Length` that reaches
/// past an `endstream` cannot carry the check over bytes a reader may
/// take for objects.
fn stream_extent(
    data: &[u8],
    keyword_end: usize,
    value: &Obj,
) -> Result<StreamExtent, IntakeError> {
    let mut start = keyword_end;
    if data.get(start) == Some(&b'\r') {
        start += 1;
    }
    if data.get(start) == Some(&b'\n') {
        start += 1;
    }
    let start = start.min(data.len());
    let Some(first) = memchr::memmem::find(&data[start..], b"endstream").map(|at| start + at)
    else {
        return Err(IntakeError::PdfMalformed {
            reason: "a stream without endstream",
        });
    };
    let by_length = value
        .as_dict()
        .and_then(|dict| dict.int(b"Length"))
        .and_then(|length| usize::try_from(length).ok())
        .and_then(|length| start.checked_add(length))
        .filter(|end| *end <= first)
        .filter(|end| data[*end..first].iter().all(|b| is_whitespace(*b)));
    Ok(StreamExtent {
        start,
        end: by_length.unwrap_or(first),
        after: first + b"endstream".len(),
    })
}

/// Whether stream data holds something a reader could take for an object
/// header (`12 0 obj`, comments allowed between the parts), which it would
/// if a cross-reference entry pointed there.
fn hides_object(data: &[u8]) -> bool {
    for (seen, at) in memchr::memmem::find_iter(data, b"obj").enumerate() {
        if seen >= MAX_HEADER_CANDIDATES {
            return true;
        }
        if data.get(at + 3).is_some_and(|b| is_regular(*b)) {
            continue;
        }
        match header_before(data, at) {
            Header::Found | Header::TooFar => return true,
            Header::None => {}
        }
    }
    false
}

enum Header {
    Found,
    None,
    /// A comment ran back further than the check looks.
    TooFar,
}

/// Whether `data[..at]` ends with `<digits> <digits> ` (whitespace and
/// comments between).
fn header_before(data: &[u8], at: usize) -> Header {
    let mut pos = at;
    for _ in 0..2 {
        let Some(spaced) = skip_space_back(data, pos) else {
            return Header::TooFar;
        };
        if spaced == pos {
            return Header::None;
        }
        pos = spaced;
        let digits_end = pos;
        while pos > 0 && data[pos - 1].is_ascii_digit() {
            pos -= 1;
        }
        if pos == digits_end {
            return Header::None;
        }
    }
    // What comes before the number does not matter: a reader sent to this
    // offset by a cross-reference entry starts reading at the number.
    Header::Found
}

/// The position before the whitespace and comments that end at `pos`;
/// `None` when a comment runs back too far to tell.
fn skip_space_back(data: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        while pos > 0 && is_whitespace(data[pos - 1]) {
            pos -= 1;
        }
        let floor = pos.saturating_sub(MAX_COMMENT_LOOKBACK);
        let line_start = data[floor..pos]
            .iter()
            .rposition(|b| *b == b'\n' || *b == b'\r')
            .map(|i| floor + i + 1);
        let line_start = match line_start {
            Some(line_start) => line_start,
            None if floor == 0 => 0,
            // A line longer than the look-back may be one long comment.
            None => return None,
        };
        match data[line_start..pos].iter().position(|b| *b == b'%') {
            Some(percent) => pos = line_start + percent,
            None => return Some(pos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_headers_are_found_in_data_with_or_without_comments() {
        assert!(hides_object(b"\xff\xfe 12 0 obj << /S /JavaScript >>"));
        assert!(hides_object(b"x\n7 0 % a comment\nobj"));
        assert!(hides_object(b"7 %c\n0 obj"));
        assert!(
            hides_object(b"a12 0 obj"),
            "an xref entry may point at the 1"
        );
        assert!(!hides_object(b"12 0 objects"), "objects is not obj");
        assert!(!hides_object(b"12 0obj"));
        assert!(!hides_object(b"no headers here, just obj"));
    }

    #[test]
    fn a_long_comment_before_obj_is_suspect() {
        let mut data = b"7 0 %".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_COMMENT_LOOKBACK + 10));
        data.extend_from_slice(b"\nobj");
        assert!(hides_object(&data));
    }

    #[test]
    fn stream_data_ends_at_length_or_at_the_first_endstream() {
        let data = b"stream\nABCDEFGH\nendstream";
        let dict = Obj::Dict(Dict(vec![(b"Length".to_vec(), Obj::Int(8))]));
        let extent = stream_extent(data, 6, &dict).expect("a stream");
        assert_eq!(&data[extent.start..extent.end], b"ABCDEFGH");
        // A length reaching past endstream is not believed.
        let long = Obj::Dict(Dict(vec![(b"Length".to_vec(), Obj::Int(100))]));
        let extent = stream_extent(data, 6, &long).expect("a stream");
        assert_eq!(&data[extent.start..extent.end], b"ABCDEFGH\n");
        assert!(stream_extent(b"stream\nABC", 6, &dict).is_err());
    }
}
