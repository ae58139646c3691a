//! PDF objects (ISO 32000-1, 7.3): parsing them from a file's bytes and
//! writing them back. Only what an incremental update needs: no content
//! stream operators, no decryption.

use std::fmt::Write as _;

/// One PDF object. Names and strings are kept as raw bytes; real numbers as
/// the text they were written with, so that they are written back exactly.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(String),
    String(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Object>),
    Dict(Dict),
    Ref(u32, u16),
    Stream(Dict, Vec<u8>),
}

/// A dictionary, in the order its entries were written.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Dict(pub(crate) Vec<(Vec<u8>, Object)>);

impl Dict {
    pub(crate) fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub(crate) fn set(&mut self, key: &[u8], value: Object) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key.to_vec(), value)),
        }
    }
}

impl Object {
    pub(crate) fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn as_number(&self) -> Option<f64> {
        match self {
            Object::Int(i) => Some(*i as f64),
            Object::Real(text) => text.parse().ok(),
            _ => None,
        }
    }

    pub(crate) fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(name) => Some(name),
            _ => None,
        }
    }

    pub(crate) fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(dict) | Object::Stream(dict, _) => Some(dict),
            _ => None,
        }
    }
}

/// Deeper nesting than this is refused rather than followed, so a hostile
/// file cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// A cursor over a PDF file's bytes.
pub(crate) struct Lexer<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
}

pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(bytes: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer { bytes, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn starts_with(&self, text: &[u8]) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(text))
    }

    /// Skips white space and comments.
    pub(crate) fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(b) = self.peek() {
                    if b == b'\r' || b == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (a keyword or a number), after space.
    pub(crate) fn word(&mut self) -> &'a [u8] {
        self.skip_space();
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    /// Consumes `keyword` if it comes next (after space).
    pub(crate) fn keyword(&mut self, keyword: &[u8]) -> bool {
        let save = self.pos;
        if self.word() == keyword {
            true
        } else {
            self.pos = save;
            false
        }
    }

    pub(crate) fn unsigned(&mut self) -> Option<u64> {
        let save = self.pos;
        let word = self.word();
        let value = std::str::from_utf8(word).ok().and_then(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                w.parse().ok()
            } else {
                None
            }
        });
        if value.is_none() {
            self.pos = save;
        }
        value
    }

    /// The next object, without the `stream` part of a stream (which only
    /// an indirect object can have, see [`Lexer::indirect`]).
    pub(crate) fn object(&mut self) -> Option<Object> {
        self.object_at_depth(0)
    }

    fn object_at_depth(&mut self, depth: usize) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'<' if self.starts_with(b"<<") => {
                self.pos += 2;
                let mut dict = Dict::default();
                loop {
                    self.skip_space();
                    if self.starts_with(b">>") {
                        self.pos += 2;
                        return Some(Object::Dict(dict));
                    }
                    let Object::Name(key) = self.object_at_depth(depth + 1)? else {
                        return None;
                    };
                    let value = self.object_at_depth(depth + 1)?;
                    // A null value means the entry is absent (7.3.7).
                    if value != Object::Null {
                        dict.set(&key, value);
                    }
                }
            }
            b'<' => self.hex_string(),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(Object::Array(items));
                    }
                    items.push(self.object_at_depth(depth + 1)?);
                }
            }
            b'(' => self.literal_string(),
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                Some(Object::Name(decode_name(self.bytes.get(start..self.pos)?)))
            }
            _ => self.number_or_keyword(),
        }
    }

    fn number_or_keyword(&mut self) -> Option<Object> {
        let word = self.word();
        match word {
            b"true" => return Some(Object::Bool(true)),
            b"false" => return Some(Object::Bool(false)),
            b"null" => return Some(Object::Null),
            _ => {}
        }
        let text = std::str::from_utf8(word).ok()?;
        if let Ok(int) = text.parse::<i64>() {
            // `n g R` is a reference; anything else leaves the integer alone.
            let save = self.pos;
            if let (Ok(number), Some(generation)) = (u32::try_from(int), self.unsigned()) {
                if let Ok(generation) = u16::try_from(generation) {
                    if self.keyword(b"R") {
                        return Some(Object::Ref(number, generation));
                    }
                }
            }
            self.pos = save;
            return Some(Object::Int(int));
        }
        let numeric = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
            && text.parse::<f64>().is_ok();
        numeric.then(|| Object::Real(text.to_owned()))
    }

    fn hex_string(&mut self) -> Option<Object> {
        self.pos += 1;
        let mut digits = Vec::new();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'>' => break,
                b if b.is_ascii_hexdigit() => digits.push(b),
                b if is_whitespace(b) => {}
                _ => return None,
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(b'0');
        }
        let bytes = digits
            .chunks(2)
            .map(|pair| {
                let text = std::str::from_utf8(pair).ok()?;
                u8::from_str_radix(text, 16).ok()
            })
            .collect::<Option<Vec<u8>>>()?;
        Some(Object::String(bytes))
    }

    fn literal_string(&mut self) -> Option<Object> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut nesting = 0usize;
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'(' => {
                    nesting += 1;
                    out.push(b);
                }
                b')' if nesting == 0 => return Some(Object::String(out)),
                b')' => {
                    nesting -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0c'),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    /// An indirect object at the cursor: `n g obj ... endobj`, with its
    /// stream data if it is a stream. `length` resolves an indirect
    /// `/Length`.
    pub(crate) fn indirect(
        &mut self,
        length: &mut dyn FnMut(&Object) -> Option<usize>,
    ) -> Option<((u32, u16), Object)> {
        let number = u32::try_from(self.unsigned()?).ok()?;
        let generation = u16::try_from(self.unsigned()?).ok()?;
        if !self.keyword(b"obj") {
            return None;
        }
        let object = self.object()?;
        let save = self.pos;
        if let (Object::Dict(dict), true) = (&object, self.keyword(b"stream")) {
            // The keyword is followed by CRLF or LF (7.3.8.1); a lone CR is
            // tolerated.
            if self.starts_with(b"\r\n") {
                self.pos += 2;
            } else if self.peek().is_some_and(|b| b == b'\n' || b == b'\r') {
                self.pos += 1;
            }
            let start = self.pos;
            let declared = dict.get(b"Length").and_then(&mut *length);
            let end = declared
                .and_then(|len| start.checked_add(len))
                .filter(|&end| {
                    let mut after = Lexer::new(self.bytes, end);
                    end <= self.bytes.len() && after.keyword(b"endstream")
                })
                .or_else(|| find_endstream(self.bytes, start))?;
            let data = self.bytes.get(start..end)?.to_vec();
            self.pos = end;
            self.keyword(b"endstream");
            return Some(((number, generation), Object::Stream(dict.clone(), data)));
        }
        self.pos = save;
        Some(((number, generation), object))
    }
}

/// Where a stream's data ends when its `/Length` is wrong: before the end
/// of line that precedes the next `endstream`.
fn find_endstream(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = bytes.get(start..)?;
    let at = rest.windows(9).position(|w| w == b"endstream")?;
    let mut end = start + at;
    if end > start && bytes.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > start && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    Some(end)
}

fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Writes `object` in PDF syntax; strings as hex, names escaped, so any
/// bytes survive.
pub(crate) fn write_object(object: &Object, out: &mut Vec<u8>) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(text) => out.extend_from_slice(text.as_bytes()),
        Object::String(bytes) => {
            let mut hex = String::with_capacity(bytes.len() * 2 + 2);
            hex.push('<');
            for b in bytes {
                let _ = write!(hex, "{b:02X}");
            }
            hex.push('>');
            out.extend_from_slice(hex.as_bytes());
        }
        Object::Name(name) => write_name(name, out),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(item, out);
            }
            out.push(b']');
        }
        Object::Dict(dict) => write_dict(dict, out),
        Object::Ref(number, generation) => {
            out.extend_from_slice(format!("{number} {generation} R").as_bytes());
        }
        Object::Stream(dict, data) => {
            let mut dict = dict.clone();
            dict.set(b"Length", Object::Int(data.len() as i64));
            write_dict(&dict, out);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream");
        }
    }
}

fn write_dict(dict: &Dict, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<<");
    for (key, value) in &dict.0 {
        write_name(key, out);
        out.push(b' ');
        write_object(value, out);
        out.push(b' ');
    }
    out.extend_from_slice(b">>");
}

fn write_name(name: &[u8], out: &mut Vec<u8>) {
    out.push(b'/');
    for &b in name {
        if is_regular(b) && b != b'#' && (0x21..=0x7e).contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<Object> {
        Lexer::new(text.as_bytes(), 0).object()
    }

    #[test]
    fn objects_parse_and_write_back() {
        let object = parse("<< /Type /Page /Kids [1 0 R 2 0 R] /N -3 /R 0.5 /S (a\\(b\\)\\101) /H <414> /E /A#20B /Z null >>")
            .expect("parses");
        let Object::Dict(dict) = &object else {
            panic!("a dict: {object:?}");
        };
        assert_eq!(
            dict.get(b"Kids"),
            Some(&Object::Array(vec![Object::Ref(1, 0), Object::Ref(2, 0)]))
        );
        assert_eq!(dict.get(b"S"), Some(&Object::String(b"a(b)A".to_vec())));
        assert_eq!(dict.get(b"H"), Some(&Object::String(b"A@".to_vec())));
        assert_eq!(dict.get(b"E"), Some(&Object::Name(b"A B".to_vec())));
        assert_eq!(dict.get(b"Z"), None, "a null entry is an absent one");
        let mut out = Vec::new();
        write_object(&object, &mut out);
        assert_eq!(
            parse(std::str::from_utf8(&out).expect("ascii")),
            Some(object)
        );
    }

    #[test]
    fn indirect_streams_use_their_length_or_find_endstream() {
        let file = b"4 0 obj << /Length 5 >> stream\nhello\nendstream endobj";
        let (id, object) = Lexer::new(file, 0)
            .indirect(&mut |l| l.as_int().map(|n| n as usize))
            .expect("parses");
        assert_eq!(id, (4, 0));
        assert!(matches!(object, Object::Stream(_, ref data) if data == b"hello"));
        let wrong = b"4 0 obj << /Length 99 >> stream\r\nhello\r\nendstream endobj";
        let (_, object) = Lexer::new(wrong, 0)
            .indirect(&mut |l| l.as_int().map(|n| n as usize))
            .expect("parses");
        assert!(matches!(object, Object::Stream(_, ref data) if data == b"hello"));
    }

    #[test]
    fn deep_nesting_is_refused_not_followed() {
        let deep = "[".repeat(10_000);
        assert_eq!(parse(&deep), None);
    }
}
