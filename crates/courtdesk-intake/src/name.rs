//! The name a file is shown under. It comes from the litigant's device and
//! is only ever displayed: stored files are named by their SHA-256, so no
//! declared name is ever used as a path.

/// The longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest display name in UTF-8 bytes, so that it fits a file name on
/// any file system should a clerk save the file under it.
pub const MAX_NAME_BYTES: usize = 240;
/// An extension longer than this is treated as part of the stem.
const MAX_EXTENSION_CHARS: usize = 10;

/// A declared file name made safe to show and to offer as a download name:
///
/// - only the last path component is kept (`/` and `\` both separate);
/// - control characters (NUL included), and invisible format characters
///   that reorder or hide text (the right-to-left override that makes
///   `exe.pdf` out of `fdp.exe`) are removed;
/// - characters Windows forbids in names (`<>:"|?*`) and slash look-alikes
///   become `_`;
/// - runs of dots become one dot, so the result never holds `..`; leading and
///   trailing dots and spaces are trimmed, and runs of spaces become one;
/// - the name is cut to [`MAX_NAME_CHARS`] characters and [`MAX_NAME_BYTES`]
///   bytes, keeping its extension;
/// - a Windows device name (`CON`, `NUL`, `COM1`...) gets a leading `_`.
///
/// The result may be empty (a name of only dots or control characters);
/// [`crate::intake_file`] then names the file by its short hash.
pub fn sanitize_display_name(declared: &str) -> String {
    let last = declared.rsplit(['/', '\\']).next().unwrap_or("");
    let mut cleaned = String::with_capacity(last.len());
    for c in last.chars() {
        if c.is_control() || is_invisible_format(c) {
            continue;
        }
        let c = if is_forbidden(c) { '_' } else { c };
        let previous = cleaned.chars().next_back();
        if (c == '.' && previous == Some('.')) || (c == ' ' && previous == Some(' ')) {
            continue;
        }
        cleaned.push(c);
    }
    let trimmed = trim_dots_and_spaces(&cleaned);
    if is_windows_device_name(trimmed) {
        bound_length(&format!("_{trimmed}"))
    } else {
        bound_length(trimmed)
    }
}

fn trim_dots_and_spaces(name: &str) -> &str {
    name.trim_matches(|c: char| c == '.' || c.is_whitespace())
}

fn bound_length(name: &str) -> String {
    let fits = |text: &str| text.chars().count() <= MAX_NAME_CHARS && text.len() <= MAX_NAME_BYTES;
    if fits(name) {
        return name.to_owned();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension))
            if !stem.is_empty()
                && !extension.is_empty()
                && extension.chars().count() <= MAX_EXTENSION_CHARS =>
        {
            (stem, Some(extension))
        }
        _ => (name, None),
    };
    let reserve_chars = extension.map_or(0, |e| e.chars().count() + 1);
    let reserve_bytes = extension.map_or(0, |e| e.len() + 1);
    let mut cut = String::new();
    for c in stem.chars() {
        if cut.chars().count() + 1 + reserve_chars > MAX_NAME_CHARS
            || cut.len() + c.len_utf8() + reserve_bytes > MAX_NAME_BYTES
        {
            break;
        }
        cut.push(c);
    }
    let stem = trim_dots_and_spaces(&cut);
    match extension {
        Some(extension) => format!("{stem}.{extension}"),
        None => stem.to_owned(),
    }
}

/// Format characters that change how text around them is shown: bidi
/// controls, zero-width characters and the byte-order mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

fn is_forbidden(c: char) -> bool {
    matches!(
        c,
        '<' | '>' | ':' | '"' | '|' | '?' | '*'
        // Fraction slash, division slash, big solidus, full-width solidus
        // and reverse solidus: they look like separators.
        | '\u{2044}' | '\u{2215}' | '\u{29F8}' | '\u{FF0F}' | '\u{FF3C}'
    )
}

fn is_windows_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_names_are_kept() {
        assert_eq!(sanitize_display_name("起诉状.pdf"), "起诉状.pdf");
        assert_eq!(
            sanitize_display_name("Evidence 3 (photo).JPG"),
            "Evidence 3 (photo).JPG"
        );
    }

    #[test]
    fn paths_and_traversal_leave_only_the_name() {
        assert_eq!(sanitize_display_name("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitize_display_name("C:\\Users\\张三\\证据.pdf"),
            "证据.pdf"
        );
        assert_eq!(sanitize_display_name(".."), "");
        assert_eq!(sanitize_display_name("a/.."), "");
        assert_eq!(sanitize_display_name("report..pdf"), "report.pdf");
        assert_eq!(sanitize_display_name("...hidden"), "hidden");
    }

    #[test]
    fn control_and_spoofing_characters_are_removed() {
        assert_eq!(sanitize_display_name("evil.pdf\0.exe"), "evil.pdf.exe");
        assert_eq!(sanitize_display_name("a\nb\tc\x1b[31m.pdf"), "abc[31m.pdf");
        // "invoice\u{202E}fdp.exe" shows as "invoiceexe.pdf" in a bidi-aware UI.
        assert_eq!(
            sanitize_display_name("invoice\u{202E}fdp.exe"),
            "invoicefdp.exe"
        );
        assert_eq!(sanitize_display_name("a<b>:c|d?*.pdf"), "a_b__c_d__.pdf");
        assert_eq!(sanitize_display_name("合同／附件.pdf"), "合同_附件.pdf");
    }

    #[test]
    fn long_names_are_cut_keeping_the_extension() {
        let name = sanitize_display_name(&format!("{}.pdf", "长".repeat(300)));
        assert!(name.ends_with(".pdf"), "{name}");
        assert!(name.chars().count() <= MAX_NAME_CHARS);
        assert!(name.len() <= MAX_NAME_BYTES);
        let name = sanitize_display_name(&"x".repeat(500));
        assert_eq!(name.len(), MAX_NAME_CHARS);
    }

    #[test]
    fn device_names_are_defused() {
        assert_eq!(sanitize_display_name("CON.pdf"), "_CON.pdf");
        assert_eq!(sanitize_display_name("com1"), "_com1");
        assert_eq!(sanitize_display_name("console.pdf"), "console.pdf");
    }

    proptest! {
        #[test]
        fn a_sanitized_name_is_never_a_path(declared in any::<String>()) {
            let name = sanitize_display_name(&declared);
            prop_assert!(!name.contains('/') && !name.contains('\\'), "{name:?}");
            prop_assert!(!name.contains(".."), "{name:?}");
            prop_assert!(!name.chars().any(char::is_control), "{name:?}");
            prop_assert!(!name.starts_with('.') && !name.ends_with('.'), "{name:?}");
            prop_assert!(name.chars().count() <= MAX_NAME_CHARS && name.len() <= MAX_NAME_BYTES);
        }

        #[test]
        fn separators_and_dots_in_any_mix_never_survive(
            parts in proptest::collection::vec(
                prop_oneof![Just("/"), Just("\\"), Just(".."), Just("."), Just("\0"), Just("a"), Just("证")],
                0..40,
            )
        ) {
            let name = sanitize_display_name(&parts.concat());
            prop_assert!(!name.contains('/') && !name.contains('\\') && !name.contains(".."));
            prop_assert!(!name.contains('\0'));
        }
    }
}
