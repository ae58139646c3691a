//! PDF values (7.3) parsed from tokens, with the recovery readers use for
//! damaged files, inside a budget of values and nesting.

use super::lexer::{Lexer, Token};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Obj {
    Null,
    Bool,
    Int(i64),
    Real,
    Str,
    Name(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    /// An indirect reference; the generation is not needed to check a file.
    Ref(u32),
    /// A keyword out of place, or a stray delimiter.
    Other,
}

impl Obj {
    pub(super) fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(dict) => Some(dict),
            _ => None,
        }
    }

    pub(super) fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(name) => Some(name),
            _ => None,
        }
    }
}

/// A dictionary's entries in file order. A key may repeat in a hostile
/// file; readers disagree on which one wins, so checks look at them all.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Dict(pub(super) Vec<(Vec<u8>, Obj)>);

impl Dict {
    pub(super) fn all<'s, 'k>(
        &'s self,
        key: &'k [u8],
    ) -> impl Iterator<Item = &'s Obj> + use<'s, 'k> {
        self.0
            .iter()
            .filter(move |(k, _)| k.as_slice() == key)
            .map(|(_, v)| v)
    }

    /// The last value of `key`, the one most readers use.
    pub(super) fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.all(key).last()
    }

    pub(super) fn has_name(&self, key: &[u8], name: &[u8]) -> bool {
        self.all(key).any(|v| v.as_name() == Some(name))
    }

    pub(super) fn int(&self, key: &[u8]) -> Option<i64> {
        match self.get(key) {
            Some(Obj::Int(n)) => Some(*n),
            _ => None,
        }
    }
}

/// Why parsing had to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Overrun {
    Values,
    Nesting,
}

/// How deep arrays and dictionaries may nest; real files stay under ten.
const MAX_DEPTH: u32 = 64;

/// Which kind of automatic action a dictionary key announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trigger {
    /// `/OpenAction`: run when the document opens.
    Open,
    /// `/AA`: additional actions run on page, field or document events.
    Additional,
}

/// What the parser saw that the checks need beyond the values themselves.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// Every `/OpenAction` and `/AA` entry, with its value.
    pub(super) triggers: Vec<(Trigger, Obj)>,
    pub(super) values: u64,
}

pub(super) struct Parser<'a, 's> {
    pub(super) lexer: Lexer<'a>,
    pub(super) seen: &'s mut Seen,
    pub(super) max_values: u64,
}

/// Keywords that end any value under construction: a reader meeting one
/// inside an unterminated dictionary or array closes it there.
fn ends_values(keyword: &[u8]) -> bool {
    matches!(
        keyword,
        b"obj" | b"endobj" | b"stream" | b"endstream" | b"xref" | b"trailer" | b"startxref"
    )
}

impl Parser<'_, '_> {
    fn count(&mut self) -> Result<(), Overrun> {
        self.seen.values += 1;
        if self.seen.values > self.max_values {
            return Err(Overrun::Values);
        }
        Ok(())
    }

    /// The next value, or `None` at the end of the data or before a
    /// structural keyword (left unread).
    pub(super) fn value(&mut self, depth: u32) -> Result<Option<Obj>, Overrun> {
        if depth > MAX_DEPTH {
            return Err(Overrun::Nesting);
        }
        let before = self.lexer.pos;
        let Some(token) = self.lexer.next_token() else {
            return Ok(None);
        };
        self.count()?;
        Ok(Some(match token {
            Token::Int(n) => self.int_or_reference(n),
            Token::Real => Obj::Real,
            Token::Str => Obj::Str,
            Token::Name(name) => Obj::Name(name),
            Token::DictOpen => Obj::Dict(self.dict(depth)?),
            Token::ArrayOpen => Obj::Array(self.array(depth)?),
            Token::Keyword(b"true" | b"false") => Obj::Bool,
            Token::Keyword(b"null") => Obj::Null,
            Token::Keyword(keyword) if ends_values(keyword) => {
                self.lexer.pos = before;
                return Ok(None);
            }
            Token::Keyword(_) | Token::DictClose | Token::ArrayClose | Token::Stray => Obj::Other,
        }))
    }

    fn int_or_reference(&mut self, n: i64) -> Obj {
        let before = self.lexer.pos;
        if let (Some(Token::Int(_)), Some(Token::Keyword(b"R"))) =
            (self.lexer.next_token(), self.lexer.next_token())
        {
            if let Ok(number) = u32::try_from(n) {
                return Obj::Ref(number);
            }
            return Obj::Null;
        }
        self.lexer.pos = before;
        Obj::Int(n)
    }

    fn dict(&mut self, depth: u32) -> Result<Dict, Overrun> {
        let mut dict = Dict::default();
        loop {
            let before = self.lexer.pos;
            match self.lexer.next_token() {
                None | Some(Token::DictClose) => return Ok(dict),
                Some(Token::Keyword(keyword)) if ends_values(keyword) => {
                    self.lexer.pos = before;
                    return Ok(dict);
                }
                Some(Token::Name(key)) => {
                    self.count()?;
                    let value = self.value(depth + 1)?.unwrap_or(Obj::Null);
                    let trigger = match key.as_slice() {
                        b"OpenAction" => Some(Trigger::Open),
                        b"AA" => Some(Trigger::Additional),
                        _ => None,
                    };
                    if let Some(trigger) = trigger {
                        self.seen.triggers.push((trigger, value.clone()));
                    }
                    dict.0.push((key, value));
                }
                // A key that is not a name is dropped on its own, token by
                // token, as pdf.js does; the raw name count catches any
                // disagreement this causes about what is a key.
                Some(_) => self.count()?,
            }
        }
    }

    fn array(&mut self, depth: u32) -> Result<Vec<Obj>, Overrun> {
        let mut items = Vec::new();
        loop {
            let before = self.lexer.pos;
            match self.lexer.next_token() {
                None | Some(Token::ArrayClose) => return Ok(items),
                Some(_) => self.lexer.pos = before,
            }
            match self.value(depth + 1)? {
                Some(value) => items.push(value),
                None => return Ok(items),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> (Option<Obj>, Seen) {
        let mut seen = Seen::default();
        let mut parser = Parser {
            lexer: Lexer::new(text, 0),
            seen: &mut seen,
            max_values: 1000,
        };
        let value = parser.value(0).expect("within budget");
        (value, seen)
    }

    #[test]
    fn references_dictionaries_and_arrays_parse() {
        let (value, _) = parse(b"<< /Kids [3 0 R 4 0 R] /Count 2 /Type /Pages >>");
        let dict = value
            .as_ref()
            .and_then(Obj::as_dict)
            .expect("a dictionary")
            .clone();
        assert_eq!(
            dict.get(b"Kids"),
            Some(&Obj::Array(vec![Obj::Ref(3), Obj::Ref(4)]))
        );
        assert_eq!(dict.int(b"Count"), Some(2));
        assert!(dict.has_name(b"Type", b"Pages"));
    }

    #[test]
    fn triggers_are_recorded_with_their_values() {
        let (_, seen) = parse(b"<< /OpenAction 5 0 R /Pages << /AA << /O 6 0 R >> >> >>");
        assert_eq!(seen.triggers.len(), 2);
        assert_eq!(seen.triggers[0], (Trigger::Open, Obj::Ref(5)));
        assert_eq!(seen.triggers[1].0, Trigger::Additional);
    }

    #[test]
    fn an_unterminated_dictionary_stops_at_endobj() {
        let text = b"<< /A 1 endobj 5 0 obj";
        let mut seen = Seen::default();
        let mut parser = Parser {
            lexer: Lexer::new(text, 0),
            seen: &mut seen,
            max_values: 1000,
        };
        assert!(matches!(parser.value(0), Ok(Some(Obj::Dict(_)))));
        assert_eq!(parser.lexer.next_token(), Some(Token::Keyword(b"endobj")));
    }

    #[test]
    fn deep_nesting_and_too_many_values_stop_the_parse() {
        let deep = "[".repeat(100);
        let mut seen = Seen::default();
        let mut parser = Parser {
            lexer: Lexer::new(deep.as_bytes(), 0),
            seen: &mut seen,
            max_values: 1000,
        };
        assert_eq!(parser.value(0), Err(Overrun::Nesting));
        let many = "1 ".repeat(2000);
        let text = format!("[{many}]");
        let mut seen = Seen::default();
        let mut parser = Parser {
            lexer: Lexer::new(text.as_bytes(), 0),
            seen: &mut seen,
            max_values: 1000,
        };
        assert_eq!(parser.value(0), Err(Overrun::Values));
    }
}
