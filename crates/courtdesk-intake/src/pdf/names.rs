//! The raw name scan: every `/Name` in every byte outside stream data,
//! whatever the tokenizer made of the bytes around it. A name inside a
//! string or a comment counts too, so a reader that tokenizes a damaged
//! file differently from this check still finds nothing the check missed.

use super::lexer::{decode_name, is_regular};
use crate::error::ActiveContent;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct NameCounts {
    /// The first active-content name found.
    pub(super) active: Option<ActiveContent>,
    pub(super) encrypt: bool,
    pub(super) open_action: u64,
    pub(super) additional_actions: u64,
}

/// The feature a name marks, if it marks one that gets a PDF refused.
fn active(name: &[u8]) -> Option<ActiveContent> {
    match name {
        b"JavaScript" | b"JS" => Some(ActiveContent::JavaScript),
        b"Launch" => Some(ActiveContent::Launch),
        b"EmbeddedFile" | b"EmbeddedFiles" => Some(ActiveContent::EmbeddedFile),
        b"XFA" => Some(ActiveContent::Xfa),
        // RichMedia, RichMediaContent, RichMediaExecute...
        _ if name.starts_with(b"RichMedia") => Some(ActiveContent::RichMedia),
        _ => None,
    }
}

pub(super) fn scan(region: &[u8], counts: &mut NameCounts) {
    for slash in memchr::memchr_iter(b'/', region) {
        let start = slash + 1;
        let end = region[start..]
            .iter()
            .position(|b| !is_regular(*b))
            .map_or(region.len(), |n| start + n);
        let raw = &region[start..end];
        // An escaped name is at most three times its decoded length, and
        // none of the names looked for is longer than 32 bytes.
        if raw.is_empty() || raw.len() > 3 * 32 {
            continue;
        }
        let name = decode_name(raw);
        if counts.active.is_none() {
            counts.active = active(&name);
        }
        match name.as_slice() {
            b"Encrypt" => counts.encrypt = true,
            b"OpenAction" => counts.open_action += 1,
            b"AA" => counts.additional_actions += 1,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &[u8]) -> NameCounts {
        let mut counts = NameCounts::default();
        scan(text, &mut counts);
        counts
    }

    #[test]
    fn names_are_found_escaped_in_strings_and_next_to_delimiters() {
        assert_eq!(
            counts(b"<</S/JavaScript>>").active,
            Some(ActiveContent::JavaScript)
        );
        assert_eq!(
            counts(b"/J#61vaScript").active,
            Some(ActiveContent::JavaScript)
        );
        assert_eq!(
            counts(b"/#4A#53 (x)").active,
            Some(ActiveContent::JavaScript)
        );
        assert_eq!(
            counts(b"(hidden /Launch)").active,
            Some(ActiveContent::Launch)
        );
        assert_eq!(
            counts(b"/RichMediaContent").active,
            Some(ActiveContent::RichMedia)
        );
        assert_eq!(
            counts(b"/EmbeddedFiles").active,
            Some(ActiveContent::EmbeddedFile)
        );
        assert!(counts(b"/Encrypt 5 0 R").encrypt);
        let c = counts(b"/OpenAction [3 0 R /Fit] /AA<</O 4 0 R>> /AA");
        assert_eq!((c.open_action, c.additional_actions), (1, 2));
    }

    #[test]
    fn lookalike_names_are_not_active_content() {
        for text in [
            &b"/JSX"[..],
            b"/javascript",
            b"/JavaScripts",
            b"/Launched",
            b"/XFAX",
            b"JS",
        ] {
            assert_eq!(
                counts(text).active,
                None,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
