//! Counting pages: the leaves of the page tree from the catalog, with the
//! tree's own `/Count` and, for a file whose tree cannot be followed, the
//! `/Type /Page` objects.

use std::collections::HashSet;

use super::document::Document;
use super::object::Obj;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pages {
    /// The pages a reader shows.
    pub(super) counted: u64,
    /// The largest count the file claims anywhere, checked against the
    /// limit: viewers size the document by the root's `/Count`.
    pub(super) most: u64,
}

/// How deep a page tree may be; a balanced tree of 500 pages is three or
/// four levels.
const MAX_DEPTH: usize = 64;

pub(super) fn count(document: &Document) -> Option<Pages> {
    let root = catalog(document);
    let tree = root.and_then(|root| {
        let pages = match root.as_dict()?.get(b"Pages")? {
            Obj::Ref(number) => *number,
            _ => return None,
        };
        let claimed = document
            .latest(pages)
            .and_then(Obj::as_dict)
            .and_then(|dict| dict.int(b"Count"))
            .and_then(|count| u64::try_from(count).ok())
            .unwrap_or(0);
        Some((leaves(document, pages), claimed))
    });
    let objects = page_objects(document);
    let (counted, claimed) = match tree {
        Some((counted, claimed)) if counted > 0 => (counted, claimed),
        Some((_, claimed)) => (objects, claimed),
        None => (objects, 0),
    };
    (counted > 0).then_some(Pages {
        counted,
        most: counted.max(claimed),
    })
}

/// The catalog the newest trailer names, or the newest `/Type /Catalog`.
fn catalog(document: &Document) -> Option<&Obj> {
    let named = document
        .trailers
        .iter()
        .rev()
        .find_map(|trailer| match trailer.get(b"Root") {
            Some(Obj::Ref(number)) => document.latest(*number),
            _ => None,
        });
    named.or_else(|| {
        let mut catalogs: Vec<(&u32, &Obj)> = document
            .objects
            .iter()
            .filter_map(|(number, versions)| Some((number, versions.last()?)))
            .filter(|(_, obj)| {
                obj.as_dict()
                    .is_some_and(|d| d.has_name(b"Type", b"Catalog"))
            })
            .collect();
        catalogs.sort_by_key(|(number, _)| **number);
        catalogs.last().map(|(_, obj)| *obj)
    })
}

fn leaves(document: &Document, root: u32) -> u64 {
    let mut count = 0;
    let mut visited = HashSet::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((number, depth)) = stack.pop() {
        if depth > MAX_DEPTH || !visited.insert(number) {
            continue;
        }
        let Some(node) = document.latest(number).and_then(Obj::as_dict) else {
            continue;
        };
        if node.has_name(b"Type", b"Page") {
            count += 1;
            continue;
        }
        match node.get(b"Kids") {
            Some(Obj::Array(kids)) => {
                for kid in kids.iter().rev() {
                    if let Obj::Ref(kid) = kid {
                        stack.push((*kid, depth + 1));
                    }
                }
            }
            // A node without /Type and without /Kids is a page to readers.
            _ if node.get(b"Type").is_none() => count += 1,
            _ => {}
        }
    }
    count
}

fn page_objects(document: &Document) -> u64 {
    document
        .objects
        .values()
        .filter_map(|versions| versions.last())
        .filter(|obj| obj.as_dict().is_some_and(|d| d.has_name(b"Type", b"Page")))
        .count() as u64
}
