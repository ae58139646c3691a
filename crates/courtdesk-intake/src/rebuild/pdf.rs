//! A PDF written anew by `lopdf` from the objects its final trailer
//! reaches: what follows the last `%%EOF`, objects an incremental update
//! replaced or orphaned, comments, and the old cross-reference sections do
//! not survive the rewrite, and the objects are renumbered from 1.
//!
//! On the way, everything that acts when a reader opens, clicks or fills
//! the document is taken out:
//! - every action but `/GoTo` (a move within the document): `/URI`,
//!   `/SubmitForm`, `/GoToR`, `/GoToE`, `/ImportData`, `/Launch`,
//!   `/JavaScript`, `/ResetForm`, `/Named`, media and the rest, wherever it
//!   sits (an annotation's `/A`, an outline item, a chain's `/Next`, an
//!   unknown key), and the `/Next` of the `/GoTo` actions kept;
//! - `/OpenAction` and every `/AA` (the file opens at its first page);
//! - the form (`/AcroForm`): fields no longer submit, calculate or
//!   validate; each widget's appearance stays as a plain annotation, so
//!   what was filled in still shows (removed, not flattened into the page);
//! - file specifications, file-attachment, sound, movie, screen, rich-media
//!   and 3D annotations, the `/JavaScript` and `/EmbeddedFiles` name trees,
//!   the catalog's base `/URI`, and a stream's external data (`/F`).
//!
//! A file whose cross-reference table does not lead to its pages is read
//! again with a table rebuilt from its `N G obj` headers, as viewers repair
//! it; an encrypted file is refused.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, xref::XrefType};

use crate::error::IntakeError;
use crate::kind::FileKind;

/// Action types that leave the document, change it or run something;
/// `/GoTo` is the only one kept.
const FOREIGN_ACTIONS: &[&[u8]] = &[
    b"GoToR",
    b"GoToE",
    b"GoToDp",
    b"Launch",
    b"Thread",
    b"URI",
    b"Sound",
    b"Movie",
    b"Hide",
    b"Named",
    b"SubmitForm",
    b"ResetForm",
    b"ImportData",
    b"JavaScript",
    b"SetOCGState",
    b"Rendition",
    b"Trans",
    b"GoTo3DView",
    b"RichMediaExecute",
];

/// Annotations that play, open or carry something rather than mark a page.
const FOREIGN_ANNOTATIONS: &[&[u8]] = &[
    b"FileAttachment",
    b"Sound",
    b"Movie",
    b"Screen",
    b"RichMedia",
    b"3D",
];

/// Keys dropped from every dictionary: automatic actions, the form, name
/// trees of scripts and attachments, the base URI, and a stream's data
/// kept in another file.
const DROPPED_KEYS: &[&[u8]] = &[
    b"AA",
    b"OpenAction",
    b"AcroForm",
    b"JavaScript",
    b"EmbeddedFiles",
    b"URI",
    b"XFA",
];

const DROPPED_STREAM_KEYS: &[&[u8]] = &[b"F", b"FFilter", b"FDecodeParms"];

fn not_rebuildable(reason: &'static str) -> IntakeError {
    IntakeError::NotRebuildable {
        kind: FileKind::Pdf,
        reason,
    }
}

pub(crate) fn rebuild(data: &[u8]) -> Result<Vec<u8>, IntakeError> {
    let body = through_last_eof(data);
    let mut document = match Document::load_mem(body) {
        Ok(document) if has_pages(&document) => document,
        _ => repaired(body).ok_or_else(|| not_rebuildable("the PDF cannot be read"))?,
    };
    if document.is_encrypted() || document.encryption_state.is_some() {
        return Err(IntakeError::PdfEncrypted);
    }
    let root = document
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| not_rebuildable("no document catalog"))?;
    let info = document
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .ok();
    // Only the catalog and the document information are carried over: no
    // /Prev, /XRefStm, /Encrypt or anything else an earlier writer left.
    let mut trailer = Dictionary::new();
    trailer.set("Root", root);
    if let Some(info) = info {
        trailer.set("Info", info);
    }
    document.trailer = trailer;
    prune(&mut document);

    let banned: HashSet<ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| is_foreign(object))
        .map(|(id, _)| *id)
        .collect();
    for id in &banned {
        document.objects.remove(id);
    }
    for object in document.objects.values_mut() {
        clean(object, &banned);
    }
    prune(&mut document);
    renumber(&mut document);
    document.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    let mut out = Vec::new();
    document
        .save_to(&mut out)
        .map_err(|_| not_rebuildable("the PDF cannot be written"))?;
    Ok(out)
}

/// Drops every object the trailer does not reach. `lopdf`'s own
/// `prune_objects` keeps the reached ids in a list and searches it for each
/// reference, quadratic in the object count: a file of a few hundred
/// thousand tiny objects would keep a worker busy for hours. A set keeps
/// it linear.
fn prune(document: &mut Document) {
    let mut reached = HashSet::new();
    let mut next = Vec::new();
    for (_, value) in document.trailer.iter() {
        references(value, &mut next);
    }
    while let Some(id) = next.pop() {
        if reached.insert(id) {
            if let Some(object) = document.objects.get(&id) {
                references(object, &mut next);
            }
        }
    }
    document.objects.retain(|id, _| reached.contains(id));
}

fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|item| references(item, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, value)| references(value, out)),
        Object::Stream(stream) => stream
            .dict
            .iter()
            .for_each(|(_, value)| references(value, out)),
        _ => {}
    }
}

/// Numbers the objects 1, 2, 3... in their present order, generation 0,
/// and points every reference at the new number; a reference to an object
/// the file does not hold becomes `null`, which is what a reader takes it
/// for. Linear, for the reason given at [`prune`].
fn renumber(document: &mut Document) {
    let renumbered: HashMap<ObjectId, ObjectId> = document
        .objects
        .keys()
        .zip(1u32..)
        .map(|(old, new)| (*old, (new, 0)))
        .collect();
    let objects = std::mem::take(&mut document.objects);
    document.objects = objects
        .into_iter()
        .filter_map(|(old, mut object)| {
            repoint(&mut object, &renumbered);
            Some((*renumbered.get(&old)?, object))
        })
        .collect();
    for (_, value) in document.trailer.iter_mut() {
        repoint(value, &renumbered);
    }
    document.max_id = u32::try_from(document.objects.len()).unwrap_or(u32::MAX);
}

fn repoint(object: &mut Object, renumbered: &HashMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => match renumbered.get(id) {
            Some(new) => *id = *new,
            None => *object = Object::Null,
        },
        Object::Array(items) => items.iter_mut().for_each(|item| repoint(item, renumbered)),
        Object::Dictionary(dict) => dict
            .iter_mut()
            .for_each(|(_, value)| repoint(value, renumbered)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, value)| repoint(value, renumbered)),
        _ => {}
    }
}

/// The file up to and including its last `%%EOF` (and the line end after
/// it): whatever was appended after the end is never read.
fn through_last_eof(data: &[u8]) -> &[u8] {
    let Some(at) = memchr::memmem::rfind(data, b"%%EOF") else {
        return data;
    };
    let mut end = at + b"%%EOF".len();
    while end < data.len() && matches!(data[end], b'\r' | b'\n') && end < at + 7 {
        end += 1;
    }
    &data[..end]
}

fn has_pages(document: &Document) -> bool {
    document.catalog().is_ok() && !document.get_pages().is_empty()
}

/// The document read through a cross-reference table made from the `N G
/// obj` headers found at the start of a line (the last of each number
/// wins, as in an incremental update) and the last `/Root` in the file.
fn repaired(body: &[u8]) -> Option<Document> {
    let mut offsets: std::collections::BTreeMap<u32, (u16, usize)> = Default::default();
    for at in memchr::memmem::find_iter(body, b"obj") {
        if let Some((number, generation, start)) = object_header_before(body, at) {
            offsets.insert(number, (generation, start));
        }
    }
    let root = memchr::memmem::rfind(body, b"/Root")
        .and_then(|at| reference_after(&body[at + b"/Root".len()..]))?;
    let size = offsets.keys().next_back().copied()? + 1;
    let mut fixed = body.to_vec();
    fixed.push(b'\n');
    let xref_at = fixed.len();
    fixed.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    for number in 0..size {
        let entry = match offsets.get(&number) {
            Some((generation, offset)) => format!("{offset:010} {generation:05} n \n"),
            None => "0000000000 65535 f \n".to_owned(),
        };
        fixed.extend_from_slice(entry.as_bytes());
    }
    fixed.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root {} {} R >>\nstartxref\n{xref_at}\n%%EOF\n",
            root.0, root.1
        )
        .as_bytes(),
    );
    Document::load_mem(&fixed).ok().filter(has_pages)
}

/// `N G obj` ending at `at` (where `obj` starts), beginning a line.
fn object_header_before(body: &[u8], at: usize) -> Option<(u32, u16, usize)> {
    if body.get(at + 3).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let mut pos = at;
    let skip_space = |pos: &mut usize| {
        let start = *pos;
        while *pos > 0 && matches!(body[*pos - 1], b' ' | b'\t') {
            *pos -= 1;
        }
        *pos < start
    };
    let digits = |pos: &mut usize| {
        let end = *pos;
        while *pos > 0 && body[*pos - 1].is_ascii_digit() && end - *pos < 10 {
            *pos -= 1;
        }
        std::str::from_utf8(&body[*pos..end])
            .ok()?
            .parse::<u64>()
            .ok()
    };
    if !skip_space(&mut pos) {
        return None;
    }
    let generation = u16::try_from(digits(&mut pos)?).ok()?;
    if !skip_space(&mut pos) {
        return None;
    }
    let number = u32::try_from(digits(&mut pos)?).ok()?;
    let line_start = pos == 0 || matches!(body[pos - 1], b'\n' | b'\r');
    (line_start && number > 0).then_some((number, generation, pos))
}

/// `N G R` at the start of `rest`, after white space.
fn reference_after(rest: &[u8]) -> Option<(u32, u16)> {
    let text = std::str::from_utf8(&rest[..rest.len().min(40)])
        .ok()
        .or_else(|| {
            let cut = rest
                .iter()
                .take(40)
                .position(|b| !b.is_ascii())
                .unwrap_or(0);
            std::str::from_utf8(&rest[..cut]).ok()
        })?;
    let mut words = text.split_ascii_whitespace();
    let number = words.next()?.parse().ok()?;
    let generation = words.next()?.parse().ok()?;
    words
        .next()?
        .starts_with('R')
        .then_some((number, generation))
}

fn name_in(dict: &Dictionary, key: &[u8], list: &[&[u8]]) -> bool {
    dict.get(key)
        .and_then(Object::as_name)
        .is_ok_and(|name| list.contains(&name))
}

/// An action other than `/GoTo`, a file specification, or an annotation
/// that plays or opens something: removed with every reference to it.
fn is_foreign(object: &Object) -> bool {
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &stream.dict,
        _ => return false,
    };
    name_in(dict, b"S", FOREIGN_ACTIONS)
        || name_in(dict, b"Subtype", FOREIGN_ANNOTATIONS)
        || name_in(dict, b"Type", &[b"Filespec"])
}

fn refers_to_foreign(object: &Object, banned: &HashSet<ObjectId>) -> bool {
    match object {
        Object::Reference(id) => banned.contains(id),
        other => is_foreign(other),
    }
}

fn clean(object: &mut Object, banned: &HashSet<ObjectId>) {
    match object {
        Object::Dictionary(dict) => clean_dict(dict, banned),
        Object::Stream(stream) => {
            for key in DROPPED_STREAM_KEYS {
                stream.dict.remove(key);
            }
            clean_dict(&mut stream.dict, banned);
        }
        Object::Array(items) => {
            items.retain(|item| !refers_to_foreign(item, banned));
            for item in items {
                clean(item, banned);
            }
        }
        _ => {}
    }
}

fn clean_dict(dict: &mut Dictionary, banned: &HashSet<ObjectId>) {
    for key in DROPPED_KEYS {
        dict.remove(key);
    }
    if name_in(dict, b"S", &[b"GoTo"]) {
        dict.remove(b"Next");
    }
    let foreign: Vec<Vec<u8>> = dict
        .iter()
        .filter(|(_, value)| refers_to_foreign(value, banned))
        .map(|(key, _)| key.clone())
        .collect();
    for key in foreign {
        dict.remove(&key);
    }
    for (_, value) in dict.iter_mut() {
        clean(value, banned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_the_last_eof_and_its_line_end() {
        assert_eq!(
            through_last_eof(b"%PDF x %%EOF\r\nPK\x03\x04"),
            b"%PDF x %%EOF\r\n"
        );
        assert_eq!(through_last_eof(b"a %%EOF\n b %%EOF"), b"a %%EOF\n b %%EOF");
    }

    #[test]
    fn object_headers_are_found_only_at_a_line_start() {
        let body = b"x\n12 0 obj\n<<>>\nendobj\n(3 0 obj)\n";
        let at = memchr::memmem::find(body, b"obj").expect("one header");
        assert_eq!(object_header_before(body, at), Some((12, 0, 2)));
        let inner = memchr::memmem::rfind(body, b"obj)").expect("in a string");
        assert_eq!(object_header_before(body, inner), None);
        assert_eq!(reference_after(b" 7 0 R >>"), Some((7, 0)));
        assert_eq!(reference_after(b" 7 0 obj"), None);
    }
}
