//! Automatic actions: what `/OpenAction` and `/AA` may do.
//!
//! An action that runs without the reader clicking anything may only move
//! within the document: a destination (an array, or a named destination) or
//! a `/GoTo` action, through any `/Next` chain. Anything else (`/URI`,
//! `/SubmitForm`, `/ImportData`, `/GoToR`, `/GoToE`, `/Named` (printing,
//! for one), `/Rendition`, `/Sound`, `/Movie`, `/Hide`, `/SetOCGState`, and
//! of course `/JavaScript` and `/Launch`) gets the file refused. So does an
//! `/OpenAction` or `/AA` name the parser did not read as a dictionary key,
//! and a reference from one to an object the file does not visibly hold.

use std::collections::HashSet;

use super::document::Document;
use super::object::{Obj, Trigger};

/// How far references and `/Next` chains are followed; real chains are one
/// or two long.
const MAX_DEPTH: u32 = 32;

pub(super) fn check(document: &Document) -> Result<(), ()> {
    let (mut open, mut additional) = (0u64, 0u64);
    for (trigger, value) in &document.seen.triggers {
        let mut visited = HashSet::new();
        match trigger {
            Trigger::Open => {
                open += 1;
                action(document, value, 0, &mut visited)?;
            }
            Trigger::Additional => {
                additional += 1;
                triggers(document, value, 0, &mut visited)?;
            }
        }
    }
    if document.names.open_action > open || document.names.additional_actions > additional {
        return Err(());
    }
    Ok(())
}

/// An `/AA` dictionary: each of its entries is an action.
fn triggers(
    document: &Document,
    value: &Obj,
    depth: u32,
    visited: &mut HashSet<u32>,
) -> Result<(), ()> {
    match value {
        Obj::Dict(dict) => {
            for (_, entry) in &dict.0 {
                action(document, entry, depth + 1, visited)?;
            }
            Ok(())
        }
        Obj::Ref(number) => each_version(document, *number, depth, visited, triggers),
        _ => Ok(()),
    }
}

fn action(
    document: &Document,
    value: &Obj,
    depth: u32,
    visited: &mut HashSet<u32>,
) -> Result<(), ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    match value {
        // A destination, a named destination, or nothing.
        Obj::Array(_) | Obj::Name(_) | Obj::Str | Obj::Null => Ok(()),
        Obj::Ref(number) => each_version(document, *number, depth, visited, action),
        Obj::Dict(dict) => {
            let mut kinds = dict.all(b"S").peekable();
            if kinds.peek().is_none() {
                return Err(());
            }
            if !kinds.all(|kind| kind.as_name() == Some(b"GoTo")) {
                return Err(());
            }
            for next in dict.all(b"Next") {
                match next {
                    Obj::Array(items) => {
                        for item in items {
                            action(document, item, depth + 1, visited)?;
                        }
                    }
                    other => action(document, other, depth + 1, visited)?,
                }
            }
            Ok(())
        }
        Obj::Bool | Obj::Int(_) | Obj::Real | Obj::Other => Ok(()),
    }
}

/// Applies `check` to every version of object `number`: which version a
/// reader takes depends on an xref this check does not trust. An object
/// the file does not hold where this check reads (one hidden in a string
/// or a comment, which an xref entry can still point a reader to) fails.
fn each_version(
    document: &Document,
    number: u32,
    depth: u32,
    visited: &mut HashSet<u32>,
    check: fn(&Document, &Obj, u32, &mut HashSet<u32>) -> Result<(), ()>,
) -> Result<(), ()> {
    if !visited.insert(number) {
        return Ok(());
    }
    let versions = document.objects.get(&number).ok_or(())?;
    for version in versions {
        check(document, version, depth + 1, visited)?;
    }
    Ok(())
}
