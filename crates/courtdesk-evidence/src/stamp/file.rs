//! Reading an existing PDF file: its cross-reference sections (tables,
//! streams, hybrids, the `/Prev` chain), objects in object streams, and the
//! page tree. A file whose cross-reference offsets are wrong is read by
//! scanning for its objects instead.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read as _;

use flate2::read::ZlibDecoder;

use super::StampError;
use super::object::{Dict, Lexer, Object};

/// Where an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    Offset(usize),
    InStream { stream: u32, index: usize },
}

/// How the newest cross-reference section is written; the update is
/// written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum XrefKind {
    Table,
    Stream,
}

/// The largest stream this reader decompresses (object and xref streams).
const MAX_DECODED: u64 = 64 << 20;
/// The most pages a document may have here, and the deepest page tree.
const MAX_PAGES: usize = 100_000;
const MAX_TREE_DEPTH: usize = 32;

pub(crate) struct PdfFile<'a> {
    pub(crate) bytes: &'a [u8],
    locations: HashMap<u32, Location>,
    pub(crate) trailer: Dict,
    pub(crate) startxref: usize,
    pub(crate) xref_kind: XrefKind,
    object_streams: HashMap<u32, Vec<(u32, Object)>>,
    /// How many lookups are under way, so that a file whose objects refer
    /// to each other in a loop (a `/Length` naming a stream whose `/Length`
    /// names the first) is refused rather than followed forever.
    depth: usize,
}

/// A page and what it inherits from its ancestors.
pub(crate) struct Page {
    pub(crate) id: (u32, u16),
    pub(crate) dict: Dict,
    pub(crate) resources: Option<Object>,
    pub(crate) media_box: Option<Object>,
    pub(crate) crop_box: Option<Object>,
    pub(crate) rotate: i64,
}

impl<'a> PdfFile<'a> {
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<PdfFile<'a>, StampError> {
        if !bytes.starts_with(b"%PDF-") {
            // A few producers put junk before the header; PDF readers accept
            // it within the first kilobyte, and so does this one.
            let head = bytes.get(..1024).unwrap_or(bytes);
            if !head.windows(5).any(|w| w == b"%PDF-") {
                return Err(StampError::NotAPdf);
            }
        }
        let mut file = PdfFile {
            bytes,
            locations: HashMap::new(),
            trailer: Dict::default(),
            startxref: 0,
            xref_kind: XrefKind::Table,
            object_streams: HashMap::new(),
            depth: 0,
        };
        if file.read_xref().is_none() || !file.root_is_sound() {
            file.reconstruct()?;
        }
        if file.trailer.get(b"Encrypt").is_some() {
            return Err(StampError::Encrypted);
        }
        Ok(file)
    }

    fn root_is_sound(&mut self) -> bool {
        let root = self.trailer.get(b"Root").cloned();
        root.and_then(|root| self.resolve(&root))
            .and_then(|root| root.as_dict().and_then(|d| d.get(b"Pages")).cloned())
            .is_some()
    }

    fn read_xref(&mut self) -> Option<()> {
        let tail_start = self.bytes.len().saturating_sub(2048);
        let tail = self.bytes.get(tail_start..)?;
        let at = tail.windows(9).rposition(|w| w == b"startxref")?;
        let mut lexer = Lexer::new(self.bytes, tail_start + at + 9);
        let start = usize::try_from(lexer.unsigned()?).ok()?;
        self.startxref = start;
        let mut next = Some(start);
        let mut seen = BTreeSet::new();
        let mut newest = true;
        while let Some(offset) = next {
            if !seen.insert(offset) || seen.len() > 1000 {
                break;
            }
            let (trailer, kind) = self.read_section(offset)?;
            if newest {
                self.trailer = trailer.clone();
                self.xref_kind = kind;
                newest = false;
            }
            if let Some(stream_at) = trailer.get(b"XRefStm").and_then(Object::as_int) {
                let stream_at = usize::try_from(stream_at).ok()?;
                if seen.insert(stream_at) {
                    self.read_section(stream_at)?;
                }
            }
            next = trailer
                .get(b"Prev")
                .and_then(Object::as_int)
                .and_then(|p| usize::try_from(p).ok());
        }
        Some(())
    }

    /// Reads one section; entries already known (from newer sections) win.
    fn read_section(&mut self, offset: usize) -> Option<(Dict, XrefKind)> {
        let mut lexer = Lexer::new(self.bytes, offset);
        if lexer.keyword(b"xref") {
            loop {
                if lexer.keyword(b"trailer") {
                    let Object::Dict(trailer) = lexer.object()? else {
                        return None;
                    };
                    return Some((trailer, XrefKind::Table));
                }
                let first = u32::try_from(lexer.unsigned()?).ok()?;
                let count = u32::try_from(lexer.unsigned()?).ok()?;
                for number in first..first.checked_add(count)? {
                    let position = lexer.unsigned()?;
                    let _generation = lexer.unsigned()?;
                    let kind = lexer.word();
                    if kind == b"n" && position > 0 {
                        self.locations
                            .entry(number)
                            .or_insert(Location::Offset(usize::try_from(position).ok()?));
                    } else {
                        // A free entry still hides the object from older
                        // sections.
                        self.locations.entry(number).or_insert(Location::Offset(0));
                    }
                }
            }
        }
        let ((_, _), object) =
            lexer.indirect(&mut |len| len.as_int().and_then(|n| usize::try_from(n).ok()))?;
        let Object::Stream(dict, data) = object else {
            return None;
        };
        if dict.get(b"Type").and_then(Object::as_name) != Some(b"XRef") {
            return None;
        }
        let data = decode(&dict, &data)?;
        let widths: Vec<usize> = match dict.get(b"W")? {
            Object::Array(items) => items
                .iter()
                .map(|w| {
                    w.as_int()
                        .and_then(|w| usize::try_from(w).ok())
                        .filter(|&w| w <= 8)
                })
                .collect::<Option<Vec<_>>>()?,
            _ => return None,
        };
        let [w0, w1, w2] = widths[..] else {
            return None;
        };
        let size = dict.get(b"Size").and_then(Object::as_int)?;
        let index: Vec<i64> = match dict.get(b"Index") {
            Some(Object::Array(items)) => items
                .iter()
                .map(Object::as_int)
                .collect::<Option<Vec<_>>>()?,
            _ => vec![0, size],
        };
        let row = w0 + w1 + w2;
        if row == 0 {
            return None;
        }
        let mut rows = data.chunks_exact(row);
        for pair in index.chunks(2) {
            let [first, count] = pair else {
                return None;
            };
            let first = u32::try_from(*first).ok()?;
            let count = u32::try_from(*count).ok()?;
            for number in first..first.checked_add(count)? {
                let entry = rows.next()?;
                let field = |from: usize, width: usize| -> u64 {
                    entry[from..from + width]
                        .iter()
                        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
                };
                let kind = if w0 == 0 { 1 } else { field(0, w0) };
                let second = field(w0, w1);
                let third = field(w0 + w1, w2);
                let location = match kind {
                    1 => Location::Offset(usize::try_from(second).ok()?),
                    2 => Location::InStream {
                        stream: u32::try_from(second).ok()?,
                        index: usize::try_from(third).ok()?,
                    },
                    _ => Location::Offset(0),
                };
                self.locations.entry(number).or_insert(location);
            }
        }
        Some((dict, XrefKind::Stream))
    }

    /// Rebuilds the object locations by scanning for `n g obj`, the way
    /// viewers repair a file, and takes the trailer from the last
    /// `trailer` dictionary or cross-reference stream.
    fn reconstruct(&mut self) -> Result<(), StampError> {
        self.locations.clear();
        self.object_streams.clear();
        let bytes = self.bytes;
        let mut trailer = None;
        let mut at = 0;
        while let Some(found) = bytes
            .get(at..)
            .and_then(|rest| rest.windows(3).position(|w| w == b"obj"))
        {
            let obj_at = at + found;
            at = obj_at + 3;
            if let Some(start) = object_start(bytes, obj_at) {
                let mut lexer = Lexer::new(bytes, start);
                if let (Some(number), Some(_)) = (lexer.unsigned(), lexer.unsigned()) {
                    if let Ok(number) = u32::try_from(number) {
                        self.locations.insert(number, Location::Offset(start));
                    }
                }
            }
        }
        let mut search = 0;
        while let Some(found) = bytes
            .get(search..)
            .and_then(|rest| rest.windows(7).position(|w| w == b"trailer"))
        {
            let mut lexer = Lexer::new(bytes, search + found + 7);
            if let Some(Object::Dict(dict)) = lexer.object() {
                if dict.get(b"Root").is_some() {
                    trailer = Some(dict);
                }
            }
            search += found + 7;
        }
        if trailer.is_none() {
            // Cross-reference streams carry the trailer entries.
            let numbers: Vec<u32> = self.locations.keys().copied().collect();
            for number in numbers {
                if let Some(Object::Stream(dict, _)) = self.get(number) {
                    if dict.get(b"Type").and_then(Object::as_name) == Some(b"XRef")
                        && dict.get(b"Root").is_some()
                    {
                        trailer = Some(dict);
                    }
                }
            }
        }
        self.trailer = trailer.ok_or(StampError::Malformed("no trailer"))?;
        self.xref_kind = XrefKind::Table;
        // The update's `/Prev` must point at a cross-reference section;
        // without a sound one, the update carries a complete table instead.
        self.startxref = 0;
        if !self.root_is_sound() {
            return Err(StampError::Malformed("no document catalog"));
        }
        Ok(())
    }

    /// Every object number the file defines, for a complete table.
    pub(crate) fn object_numbers(&self) -> Vec<(u32, usize)> {
        let mut numbers: Vec<(u32, usize)> = self
            .locations
            .iter()
            .filter_map(|(&n, &location)| match location {
                Location::Offset(offset) if offset > 0 => Some((n, offset)),
                _ => None,
            })
            .collect();
        numbers.sort_unstable();
        numbers
    }

    /// One more than the highest object number in use.
    pub(crate) fn next_number(&self) -> u32 {
        let size = self
            .trailer
            .get(b"Size")
            .and_then(Object::as_int)
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(0);
        let highest = self.locations.keys().max().map_or(0, |n| n + 1);
        size.max(highest)
    }

    /// The object numbered `number`, or `None` when it is free or unreadable.
    pub(crate) fn get(&mut self, number: u32) -> Option<Object> {
        if self.depth > 8 {
            return None;
        }
        self.depth += 1;
        let object = self.lookup(number);
        self.depth -= 1;
        object
    }

    fn lookup(&mut self, number: u32) -> Option<Object> {
        match *self.locations.get(&number)? {
            Location::Offset(0) => None,
            Location::Offset(offset) => self.object_at(offset, number),
            Location::InStream { stream, index } => {
                if !self.object_streams.contains_key(&stream) {
                    let objects = self.read_object_stream(stream)?;
                    self.object_streams.insert(stream, objects);
                }
                let objects = self.object_streams.get(&stream)?;
                objects
                    .get(index)
                    .filter(|(n, _)| *n == number)
                    .or_else(|| objects.iter().find(|(n, _)| *n == number))
                    .map(|(_, object)| object.clone())
            }
        }
    }

    fn object_at(&mut self, offset: usize, number: u32) -> Option<Object> {
        let mut lengths = Vec::new();
        // A `/Length` given by reference is read first, then the object
        // again with it known.
        let mut lexer = Lexer::new(self.bytes, offset);
        let first = lexer.indirect(&mut |len| match len {
            Object::Int(n) => usize::try_from(*n).ok(),
            Object::Ref(n, _) => {
                lengths.push(*n);
                None
            }
            _ => None,
        })?;
        if first.0.0 != number {
            return None;
        }
        let Some(&length_ref) = lengths.first() else {
            return Some(first.1);
        };
        if length_ref == number {
            return Some(first.1);
        }
        let length = self
            .get(length_ref)
            .and_then(|l| l.as_int())
            .and_then(|l| usize::try_from(l).ok());
        let mut lexer = Lexer::new(self.bytes, offset);
        lexer.indirect(&mut |_| length).map(|(_, object)| object)
    }

    fn read_object_stream(&mut self, stream: u32) -> Option<Vec<(u32, Object)>> {
        let Location::Offset(offset) = *self.locations.get(&stream)? else {
            return None;
        };
        let Object::Stream(dict, data) = self.object_at(offset, stream)? else {
            return None;
        };
        let data = decode(&dict, &data)?;
        let count = usize::try_from(dict.get(b"N")?.as_int()?).ok()?;
        let first = usize::try_from(dict.get(b"First")?.as_int()?).ok()?;
        let mut header = Lexer::new(&data, 0);
        let mut entries = Vec::with_capacity(count.min(10_000));
        for _ in 0..count {
            let number = u32::try_from(header.unsigned()?).ok()?;
            let relative = usize::try_from(header.unsigned()?).ok()?;
            entries.push((number, relative));
        }
        entries
            .into_iter()
            .map(|(number, relative)| {
                let mut lexer = Lexer::new(&data, first.checked_add(relative)?);
                Some((number, lexer.object()?))
            })
            .collect()
    }

    /// Follows a reference (a few levels deep at most); other objects are
    /// returned as they are.
    pub(crate) fn resolve(&mut self, object: &Object) -> Option<Object> {
        let mut current = object.clone();
        for _ in 0..8 {
            match current {
                Object::Ref(number, _) => current = self.get(number)?,
                other => return Some(other),
            }
        }
        None
    }

    /// The pages, in order, with their inherited attributes.
    pub(crate) fn pages(&mut self) -> Result<Vec<Page>, StampError> {
        let root = self
            .trailer
            .get(b"Root")
            .cloned()
            .ok_or(StampError::Malformed("no catalog"))?;
        let catalog = self
            .resolve(&root)
            .ok_or(StampError::Malformed("no catalog"))?;
        let pages_ref = catalog
            .as_dict()
            .and_then(|d| d.get(b"Pages"))
            .cloned()
            .ok_or(StampError::Malformed("no page tree"))?;
        let mut pages = Vec::new();
        let mut visited = BTreeSet::new();
        let inherited = Inherited::default();
        self.walk(&pages_ref, &inherited, 0, &mut visited, &mut pages)?;
        if pages.is_empty() {
            return Err(StampError::NoPages);
        }
        Ok(pages)
    }

    fn walk(
        &mut self,
        node_ref: &Object,
        inherited: &Inherited,
        depth: usize,
        visited: &mut BTreeSet<u32>,
        pages: &mut Vec<Page>,
    ) -> Result<(), StampError> {
        let Object::Ref(number, generation) = *node_ref else {
            return Err(StampError::Malformed(
                "a page tree node is not an indirect object",
            ));
        };
        if depth > MAX_TREE_DEPTH || !visited.insert(number) || pages.len() >= MAX_PAGES {
            return Err(StampError::Malformed("the page tree loops or is too deep"));
        }
        let node = self
            .get(number)
            .and_then(|o| o.as_dict().cloned())
            .ok_or(StampError::Malformed("a page tree node cannot be read"))?;
        let mut here = inherited.clone();
        for (key, slot) in [
            (&b"Resources"[..], &mut here.resources),
            (b"MediaBox", &mut here.media_box),
            (b"CropBox", &mut here.crop_box),
            (b"Rotate", &mut here.rotate),
        ] {
            if let Some(value) = node.get(key) {
                *slot = Some(value.clone());
            }
        }
        let is_pages = node.get(b"Type").and_then(Object::as_name) == Some(b"Pages")
            || (node.get(b"Type").is_none() && node.get(b"Kids").is_some());
        if is_pages {
            let kids = node
                .get(b"Kids")
                .cloned()
                .ok_or(StampError::Malformed("a page tree node has no kids"))?;
            let Some(Object::Array(kids)) = self.resolve(&kids) else {
                return Err(StampError::Malformed(
                    "a page tree node's kids are not an array",
                ));
            };
            for kid in &kids {
                self.walk(kid, &here, depth + 1, visited, pages)?;
            }
            return Ok(());
        }
        let rotate = here
            .rotate
            .as_ref()
            .and_then(|r| self.resolve(r))
            .and_then(|r| r.as_int())
            .unwrap_or(0);
        pages.push(Page {
            id: (number, generation),
            dict: node,
            resources: here.resources,
            media_box: here.media_box,
            crop_box: here.crop_box,
            rotate,
        });
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
struct Inherited {
    resources: Option<Object>,
    media_box: Option<Object>,
    crop_box: Option<Object>,
    rotate: Option<Object>,
}

/// The start of `n g obj` whose keyword is at `obj_at`, if it is one.
fn object_start(bytes: &[u8], obj_at: usize) -> Option<usize> {
    let after = bytes.get(obj_at + 3).copied();
    if after.is_some_and(|b| !super::object::is_whitespace(b) && !b"<[(/%".contains(&b)) {
        return None;
    }
    let mut i = obj_at;
    let mut numbers = 0;
    while numbers < 2 {
        let end = i;
        while i > 0
            && bytes
                .get(i - 1)
                .is_some_and(|b| super::object::is_whitespace(*b))
        {
            i -= 1;
        }
        if i == end {
            return None;
        }
        let digits_end = i;
        while i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_digit) {
            i -= 1;
        }
        if i == digits_end {
            return None;
        }
        numbers += 1;
    }
    if i > 0
        && bytes
            .get(i - 1)
            .is_some_and(|b| !super::object::is_whitespace(*b))
    {
        return None;
    }
    Some(i)
}

/// The decoded data of a stream: no filter or FlateDecode, with the PNG
/// and TIFF predictors cross-reference and object streams use.
pub(crate) fn decode(dict: &Dict, data: &[u8]) -> Option<Vec<u8>> {
    let filter = match dict.get(b"Filter") {
        None => None,
        Some(Object::Name(name)) => Some(name.as_slice()),
        Some(Object::Array(items)) if items.is_empty() => None,
        Some(Object::Array(items)) if items.len() == 1 => items[0].as_name(),
        _ => return None,
    };
    let decoded = match filter {
        None => data.to_vec(),
        Some(b"FlateDecode") => {
            let mut out = Vec::new();
            ZlibDecoder::new(data)
                .take(MAX_DECODED + 1)
                .read_to_end(&mut out)
                .ok()?;
            if out.len() as u64 > MAX_DECODED {
                return None;
            }
            out
        }
        Some(_) => return None,
    };
    let params = match dict.get(b"DecodeParms") {
        Some(Object::Dict(params)) => params.clone(),
        Some(Object::Array(items)) => items
            .first()
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default(),
        _ => Dict::default(),
    };
    let predictor = params
        .get(b"Predictor")
        .and_then(Object::as_int)
        .unwrap_or(1);
    let columns = params
        .get(b"Columns")
        .and_then(Object::as_int)
        .and_then(|c| usize::try_from(c).ok())
        .unwrap_or(1);
    let colors = params
        .get(b"Colors")
        .and_then(Object::as_int)
        .and_then(|c| usize::try_from(c).ok())
        .unwrap_or(1);
    let bits = params
        .get(b"BitsPerComponent")
        .and_then(Object::as_int)
        .and_then(|c| usize::try_from(c).ok())
        .unwrap_or(8);
    let bpp = (colors * bits).div_ceil(8).max(1);
    let row = (columns.checked_mul(colors)?.checked_mul(bits)?).div_ceil(8);
    match predictor {
        1 => Some(decoded),
        2 => Some(tiff_predictor(decoded, row, bpp)),
        10..=15 => png_predictor(&decoded, row, bpp),
        _ => None,
    }
}

fn tiff_predictor(mut data: Vec<u8>, row: usize, bpp: usize) -> Vec<u8> {
    if row == 0 {
        return data;
    }
    for line in data.chunks_mut(row) {
        for i in bpp..line.len() {
            line[i] = line[i].wrapping_add(line[i - bpp]);
        }
    }
    data
}

fn png_predictor(data: &[u8], row: usize, bpp: usize) -> Option<Vec<u8>> {
    if row == 0 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; row];
    for line in data.chunks(row + 1) {
        let (&kind, encoded) = line.split_first()?;
        let mut current = encoded.to_vec();
        current.resize(row, 0);
        for i in 0..row {
            let left = if i >= bpp { current[i - bpp] } else { 0 };
            let up = previous[i];
            let up_left = if i >= bpp { previous[i - bpp] } else { 0 };
            let add = match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => return None,
            };
            current[i] = current[i].wrapping_add(add);
        }
        out.extend_from_slice(&current[..encoded.len().min(row)]);
        previous = current;
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Object numbers mapped from one file into another.
pub(crate) type Renumbering = BTreeMap<u32, u32>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_up_predictor_adds_the_row_above() {
        // Two rows of 3 bytes, each prefixed with filter type 2 (Up).
        let encoded = [2, 1, 2, 3, 2, 1, 1, 1];
        assert_eq!(png_predictor(&encoded, 3, 1), Some(vec![1, 2, 3, 2, 3, 4]));
    }

    #[test]
    fn object_starts_are_found_before_obj_keywords() {
        let bytes = b"junk\n12 0 obj\n<<>>";
        let at = bytes.windows(3).position(|w| w == b"obj").expect("present");
        assert_eq!(object_start(bytes, at), Some(5));
        assert_eq!(object_start(b"xobj", 1), None);
    }
}
