//! PDF tokens (ISO 32000-1, 7.2 and 7.3), read without ever failing: any
//! byte sequence is some sequence of tokens, so a damaged or hostile file
//! is read as far as it goes instead of panicking.

use crate::hash::hex_value;

/// One token. Strings keep no content: nothing in them is checked, except
/// by the raw name scan that reads every byte outside stream data.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token<'a> {
    Int(i64),
    Real,
    /// A name with its `#xx` escapes decoded.
    Name(Vec<u8>),
    Str,
    DictOpen,
    DictClose,
    ArrayOpen,
    ArrayClose,
    Keyword(&'a [u8]),
    /// A stray `)`, `>`, `{` or `}`.
    Stray,
}

pub(super) fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

pub(super) fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

pub(super) fn is_regular(byte: u8) -> bool {
    !is_whitespace(byte) && !is_delimiter(byte)
}

/// Decodes a name's characters (after its `/`): `#xx` with two hex digits
/// is the byte xx, as in `/J#61vaScript`; a `#` without them stays as it is,
/// which is what lenient readers do.
pub(super) fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let escaped = if raw[i] == b'#' {
            raw.get(i + 1)
                .copied()
                .and_then(hex_value)
                .zip(raw.get(i + 2).copied().and_then(hex_value))
        } else {
            None
        };
        match escaped {
            Some((high, low)) => {
                out.push(high << 4 | low);
                i += 3;
            }
            None => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
pub(super) struct Lexer<'a> {
    data: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(data: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer { data, pos }
    }

    fn peek_byte(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips whitespace and comments.
    pub(super) fn skip_space(&mut self) {
        while let Some(byte) = self.peek_byte() {
            if is_whitespace(byte) {
                self.pos += 1;
            } else if byte == b'%' {
                while let Some(byte) = self.peek_byte() {
                    if byte == b'\n' || byte == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end. Always advances.
    pub(super) fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_space();
        let byte = self.peek_byte()?;
        self.pos += 1;
        Some(match byte {
            b'(' => {
                self.skip_literal_string();
                Token::Str
            }
            b'<' if self.peek_byte() == Some(b'<') => {
                self.pos += 1;
                Token::DictOpen
            }
            b'<' => {
                while let Some(byte) = self.peek_byte() {
                    self.pos += 1;
                    if byte == b'>' {
                        break;
                    }
                }
                Token::Str
            }
            b'>' if self.peek_byte() == Some(b'>') => {
                self.pos += 1;
                Token::DictClose
            }
            b'[' => Token::ArrayOpen,
            b']' => Token::ArrayClose,
            b'/' => {
                let start = self.pos;
                self.skip_regular();
                Token::Name(decode_name(&self.data[start..self.pos]))
            }
            b')' | b'>' | b'{' | b'}' => Token::Stray,
            _ => {
                let start = self.pos - 1;
                self.skip_regular();
                number_or_keyword(&self.data[start..self.pos])
            }
        })
    }

    fn skip_regular(&mut self) {
        while self.peek_byte().is_some_and(is_regular) {
            self.pos += 1;
        }
    }

    /// After the opening `(`: balanced parentheses, `\` escaping the next
    /// byte; an unterminated string runs to the end.
    fn skip_literal_string(&mut self) {
        let mut depth = 1u32;
        while let Some(byte) = self.peek_byte() {
            self.pos += 1;
            match byte {
                b'\\' => self.pos += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
        self.pos = self.pos.min(self.data.len());
    }
}

fn number_or_keyword(text: &[u8]) -> Token<'_> {
    let digits = text
        .strip_prefix(b"+")
        .or_else(|| text.strip_prefix(b"-"))
        .unwrap_or(text);
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        // Integers too long for i64 are no object number or count anyway.
        return std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse().ok())
            .map_or(Token::Real, Token::Int);
    }
    let numeric = !digits.is_empty()
        && digits.iter().all(|b| b.is_ascii_digit() || *b == b'.')
        && digits.iter().filter(|b| **b == b'.').count() == 1
        && digits.iter().any(u8::is_ascii_digit);
    if numeric {
        Token::Real
    } else {
        Token::Keyword(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &[u8]) -> Vec<Token<'_>> {
        let mut lexer = Lexer::new(text, 0);
        std::iter::from_fn(|| lexer.next_token()).collect()
    }

    #[test]
    fn a_dictionary_reads_as_its_tokens() {
        assert_eq!(
            tokens(b"<< /Type /Page /Kids [3 0 R] /Count -1.5 >>"),
            [
                Token::DictOpen,
                Token::Name(b"Type".to_vec()),
                Token::Name(b"Page".to_vec()),
                Token::Name(b"Kids".to_vec()),
                Token::ArrayOpen,
                Token::Int(3),
                Token::Int(0),
                Token::Keyword(b"R"),
                Token::ArrayClose,
                Token::Name(b"Count".to_vec()),
                Token::Real,
                Token::DictClose,
            ]
        );
    }

    #[test]
    fn escaped_names_are_decoded() {
        assert_eq!(decode_name(b"J#61vaScript"), b"JavaScript");
        assert_eq!(decode_name(b"#4A#53"), b"JS");
        assert_eq!(
            decode_name(b"A#zz#4"),
            b"A#zz#4",
            "a # without two hex digits stays"
        );
    }

    #[test]
    fn strings_and_comments_hide_their_content_from_the_tokens() {
        assert_eq!(
            tokens(b"(a (nested) \\) /JS) % /JS here\n<4A53> /X"),
            [Token::Str, Token::Str, Token::Name(b"X".to_vec())]
        );
    }

    #[test]
    fn any_bytes_end_without_a_panic() {
        for input in [
            &b"(((("[..],
            b"<",
            b"<<",
            b"/",
            b"%",
            b"\\",
            b"(\\",
            b"#",
            b"1.2.3",
        ] {
            let _ = tokens(input);
        }
    }
}
