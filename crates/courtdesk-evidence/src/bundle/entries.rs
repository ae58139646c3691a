//! Reading a bundle's ZIP entries defensively: names that could escape a
//! folder, duplicated names, oversized or unreadable entries are findings,
//! and no entry is trusted to be as small as its header says.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::Limits;
use super::finding::Finding;

/// The entries of an archive that could be read, by name, in archive order
/// of first appearance.
pub(crate) struct Entries {
    pub(crate) files: BTreeMap<String, Vec<u8>>,
}

/// The folder entries some archivers add; they carry nothing and are
/// accepted.
const FOLDERS: [&str; 4] = ["documents/", "served/", "evidence/", "signatures/"];

pub(crate) fn read_entries(
    bytes: &[u8],
    limits: &Limits,
    findings: &mut Vec<Finding>,
) -> Option<Entries> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        findings.push(Finding::NotAZip);
        return None;
    };
    let names = central_directory_names(bytes);
    let count = names.as_ref().map_or(archive.len(), Vec::len);
    if count > limits.max_entries {
        findings.push(Finding::TooManyEntries { count });
        return None;
    }
    // The ZIP reader keeps one entry per name, so duplicates are found in
    // the central directory itself.
    if let Some(names) = &names {
        let mut seen = std::collections::BTreeSet::new();
        for name in names {
            if !seen.insert(name.as_slice()) {
                findings.push(Finding::DuplicateEntry {
                    name: String::from_utf8_lossy(name).into_owned(),
                });
            }
        }
    }
    let mut files = BTreeMap::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(index) else {
            findings.push(Finding::EntryUnreadable {
                name: format!("entry #{index}"),
            });
            continue;
        };
        let Ok(name) = std::str::from_utf8(entry.name_raw()).map(str::to_owned) else {
            findings.push(Finding::UnsafeEntryName {
                name: String::from_utf8_lossy(entry.name_raw()).into_owned(),
            });
            continue;
        };
        if !safe_name(&name) {
            findings.push(Finding::UnsafeEntryName { name });
            continue;
        }
        if entry.is_dir() && FOLDERS.contains(&name.as_str()) {
            continue;
        }
        let limit = limits.for_entry(&name);
        if entry.size() > limit {
            findings.push(Finding::EntryTooLarge { name, limit });
            continue;
        }
        let mut data = Vec::new();
        // The header's size may lie (a ZIP bomb): read at most one byte
        // past the limit whatever it says.
        match (&mut entry).take(limit + 1).read_to_end(&mut data) {
            Ok(_) if data.len() as u64 > limit => {
                findings.push(Finding::EntryTooLarge { name, limit });
                continue;
            }
            Ok(_) => {}
            Err(_) => {
                findings.push(Finding::EntryUnreadable { name });
                continue;
            }
        }
        total += data.len() as u64;
        if total > limits.max_total_bytes {
            findings.push(Finding::EntryTooLarge {
                name,
                limit: limits.max_total_bytes,
            });
            return None;
        }
        files.insert(name, data);
    }
    Some(Entries { files })
}

/// A name that stays inside the folder it is unpacked into on any system:
/// relative, `/`-separated, no empty, `.` or `..` component, no backslash,
/// no drive letter or other colon, no control character.
pub(crate) fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name
            .chars()
            .any(|c| c.is_control() || c == '\\' || c == ':')
        && name
            .trim_end_matches('/')
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The raw names in the central directory, or `None` when it cannot be
/// walked simply (ZIP64, or a damaged archive the reader still opened).
fn central_directory_names(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const HEADER: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    let search_from = bytes.len().saturating_sub(22 + 0xffff);
    let eocd = (search_from..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&at| bytes[at..at + 4] == EOCD)?;
    let u16_at = |at: usize| -> Option<usize> {
        Some(usize::from(u16::from_le_bytes(
            bytes.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let u32_at = |at: usize| -> Option<usize> {
        usize::try_from(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()
    };
    let count = u16_at(eocd + 10)?;
    let offset = u32_at(eocd + 16)?;
    if count == 0xffff || offset == 0xffff_ffff {
        return None;
    }
    let mut names = Vec::with_capacity(count);
    let mut at = offset;
    for _ in 0..count {
        if bytes.get(at..at + 4)? != HEADER {
            return None;
        }
        let name_len = u16_at(at + 28)?;
        let extra_len = u16_at(at + 30)?;
        let comment_len = u16_at(at + 32)?;
        names.push(bytes.get(at + 46..at + 46 + name_len)?.to_vec());
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_escape_are_unsafe() {
        for name in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "C:/x",
            "c:x",
            "a\\b",
            "a//b",
            "./a",
            "",
            "a\u{0}b",
        ] {
            assert!(!safe_name(name), "{name:?}");
        }
        for name in [
            "manifest.json",
            "documents/判决书.pdf",
            "evidence/0001.json",
            "documents/",
        ] {
            assert!(safe_name(name), "{name:?}");
        }
    }
}
