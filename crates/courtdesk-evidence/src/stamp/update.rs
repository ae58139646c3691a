//! The incremental update (ISO 32000-1, 7.5.6) that adds the stamp: new
//! versions of the page objects and new objects appended after the
//! original bytes, with a cross-reference section of the same kind as the
//! file's newest one. The original bytes are left untouched, so the served
//! copy begins with exactly the document whose hash the evidence records.

use std::collections::BTreeMap;

use super::StampError;
use super::file::{Page, PdfFile, XrefKind};
use super::object::{Dict, Object, write_object};

/// Objects to append: new versions of existing ones and new ones.
pub(crate) struct Update {
    next: u32,
    objects: BTreeMap<u32, (u16, Object)>,
}

impl Update {
    pub(crate) fn new(next: u32) -> Update {
        Update {
            next,
            objects: BTreeMap::new(),
        }
    }

    /// Adds a new object and returns a reference to it.
    pub(crate) fn add(&mut self, object: Object) -> Object {
        let number = self.next;
        self.next += 1;
        self.objects.insert(number, (0, object));
        Object::Ref(number, 0)
    }

    /// Reserves a number for an object written later with [`Update::put`].
    pub(crate) fn reserve(&mut self) -> u32 {
        let number = self.next;
        self.next += 1;
        number
    }

    /// Writes (a new version of) object `number`.
    pub(crate) fn put(&mut self, number: u32, generation: u16, object: Object) {
        self.objects.insert(number, (generation, object));
    }

    /// The original bytes followed by the update.
    pub(crate) fn write(mut self, file: &PdfFile<'_>) -> Result<Vec<u8>, StampError> {
        let original = file.bytes;
        let mut out = Vec::with_capacity(original.len() + 64 * 1024);
        out.extend_from_slice(original);
        if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
            out.push(b'\n');
        }
        let mut offsets: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
        let objects = std::mem::take(&mut self.objects);
        for (number, (generation, object)) in &objects {
            offsets.insert(*number, (*generation, out.len()));
            out.extend_from_slice(format!("{number} {generation} obj\n").as_bytes());
            write_object(object, &mut out);
            out.extend_from_slice(b"\nendobj\n");
        }
        let mut trailer = Dict::default();
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Some(value) = file.trailer.get(key) {
                trailer.set(key, value.clone());
            }
        }
        // A file read by scanning has no sound section to chain to: the
        // update then lists every object, so that it stands on its own.
        let chained = file.startxref > 0;
        if chained {
            trailer.set(b"Prev", Object::Int(file.startxref as i64));
        } else {
            for (number, offset) in file.object_numbers() {
                offsets.entry(number).or_insert((0, offset));
            }
        }
        let xref_at = out.len();
        match file.xref_kind {
            XrefKind::Table => {
                trailer.set(b"Size", Object::Int(i64::from(self.next)));
                out.extend_from_slice(&xref_table(&offsets, chained));
                out.extend_from_slice(b"trailer\n");
                write_object(&Object::Dict(trailer), &mut out);
                out.push(b'\n');
            }
            XrefKind::Stream => {
                let number = self.reserve();
                offsets.insert(number, (0, xref_at));
                trailer.set(b"Type", Object::Name(b"XRef".to_vec()));
                trailer.set(b"Size", Object::Int(i64::from(self.next)));
                let (index, widths, data) = xref_stream(&offsets);
                trailer.set(b"Index", Object::Array(index));
                trailer.set(b"W", Object::Array(widths));
                out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
                write_object(&Object::Stream(trailer, data), &mut out);
                out.extend_from_slice(b"\nendobj\n");
            }
        }
        out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
        Ok(out)
    }
}

/// Runs of consecutive object numbers: `(first, entries)`.
fn runs(offsets: &BTreeMap<u32, (u16, usize)>) -> Vec<(u32, Vec<(u16, usize)>)> {
    let mut runs: Vec<(u32, Vec<(u16, usize)>)> = Vec::new();
    for (&number, &entry) in offsets {
        match runs.last_mut() {
            Some((first, entries)) if *first + entries.len() as u32 == number => {
                entries.push(entry)
            }
            _ => runs.push((number, vec![entry])),
        }
    }
    runs
}

fn xref_table(offsets: &BTreeMap<u32, (u16, usize)>, chained: bool) -> Vec<u8> {
    let mut out = b"xref\n".to_vec();
    if !chained && !offsets.contains_key(&0) {
        out.extend_from_slice(b"0 1\n0000000000 65535 f\r\n");
    }
    for (first, entries) in runs(offsets) {
        out.extend_from_slice(format!("{first} {}\n", entries.len()).as_bytes());
        for (generation, offset) in entries {
            // Each entry is exactly 20 bytes, ending in CR LF (7.5.4).
            out.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
        }
    }
    out
}

fn xref_stream(offsets: &BTreeMap<u32, (u16, usize)>) -> (Vec<Object>, Vec<Object>, Vec<u8>) {
    let largest = offsets.values().map(|&(_, o)| o).max().unwrap_or(0);
    let width = if largest > u32::MAX as usize { 8 } else { 4 };
    let mut index = Vec::new();
    let mut data = Vec::new();
    for (first, entries) in runs(offsets) {
        index.push(Object::Int(i64::from(first)));
        index.push(Object::Int(entries.len() as i64));
        for (generation, offset) in entries {
            data.push(1);
            data.extend_from_slice(&(offset as u64).to_be_bytes()[8 - width..]);
            data.extend_from_slice(&generation.to_be_bytes());
        }
    }
    let widths = vec![Object::Int(1), Object::Int(width as i64), Object::Int(2)];
    (index, widths, data)
}

/// The visible area of a page in user space: its crop box within its media
/// box, `[x0, y0, x1, y1]` with `x0 < x1`, `y0 < y1`.
pub(crate) fn visible_box(file: &mut PdfFile<'_>, page: &Page) -> [f64; 4] {
    let mut read = |object: &Option<Object>| -> Option<[f64; 4]> {
        let Some(Object::Array(items)) = file.resolve(object.as_ref()?) else {
            return None;
        };
        let numbers: Vec<f64> = items
            .iter()
            .map(|item| file.resolve(item).and_then(|i| i.as_number()))
            .collect::<Option<Vec<_>>>()?;
        let [a, b, c, d] = numbers[..] else {
            return None;
        };
        Some([a.min(c), b.min(d), a.max(c), b.max(d)])
    };
    // US Letter is what a page without a media box is taken to be by most
    // viewers; a court document always has one.
    let media = read(&page.media_box).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    match read(&page.crop_box) {
        Some(crop) => {
            let clipped = [
                crop[0].max(media[0]),
                crop[1].max(media[1]),
                crop[2].min(media[2]),
                crop[3].min(media[3]),
            ];
            if clipped[0] < clipped[2] && clipped[1] < clipped[3] {
                clipped
            } else {
                media
            }
        }
        None => media,
    }
}

/// The `cm` matrix that places a form `width` points wide at the bottom
/// left of the page as displayed (after `/Rotate`), `margin` points in from
/// both edges, upright for the reader and scaled down if the page is too
/// narrow.
pub(crate) fn placement(visible: [f64; 4], rotate: i64, width: f64, margin: f64) -> [f64; 6] {
    let [x0, y0, x1, y1] = visible;
    let rotate = rotate.rem_euclid(360);
    let shown_width = if rotate == 90 || rotate == 270 {
        y1 - y0
    } else {
        x1 - x0
    };
    let scale = ((shown_width - 2.0 * margin) / width).clamp(0.1, 1.0);
    // For each rotation: the user-space directions of the reader's right
    // and up, and the page corner the reader sees at the bottom left.
    let (right, up, corner) = match rotate {
        90 => ((0.0, 1.0), (-1.0, 0.0), (x1, y0)),
        180 => ((-1.0, 0.0), (0.0, -1.0), (x1, y1)),
        270 => ((0.0, -1.0), (1.0, 0.0), (x0, y1)),
        _ => ((1.0, 0.0), (0.0, 1.0), (x0, y0)),
    };
    let origin = (
        corner.0 + margin * (right.0 + up.0),
        corner.1 + margin * (right.1 + up.1),
    );
    [
        right.0 * scale,
        right.1 * scale,
        up.0 * scale,
        up.1 * scale,
        origin.0,
        origin.1,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_sits_bottom_left_as_the_reader_sees_the_page() {
        let a4 = [0.0, 0.0, 595.0, 842.0];
        assert_eq!(
            placement(a4, 0, 300.0, 20.0),
            [1.0, 0.0, 0.0, 1.0, 20.0, 20.0]
        );
        // Turned a quarter clockwise, the reader's bottom left is the
        // bottom right corner of user space, and text runs up the page.
        assert_eq!(
            placement(a4, 90, 300.0, 20.0),
            [0.0, 1.0, -1.0, 0.0, 575.0, 20.0]
        );
        assert_eq!(
            placement(a4, 180, 300.0, 20.0),
            [-1.0, 0.0, 0.0, -1.0, 575.0, 822.0]
        );
        assert_eq!(
            placement(a4, -90, 300.0, 20.0),
            [0.0, -1.0, 1.0, 0.0, 20.0, 822.0]
        );
        let narrow = placement([0.0, 0.0, 200.0, 300.0], 0, 320.0, 20.0);
        assert!((narrow[0] - 0.5).abs() < 1e-9, "scaled to fit: {narrow:?}");
    }

    #[test]
    fn table_entries_are_twenty_bytes_in_runs() {
        let mut offsets = BTreeMap::new();
        offsets.insert(3, (0, 17));
        offsets.insert(4, (0, 2000));
        offsets.insert(9, (1, 5));
        let table = String::from_utf8(xref_table(&offsets, true)).expect("ascii");
        assert_eq!(
            table,
            "xref\n3 2\n0000000017 00000 n\r\n0000002000 00000 n\r\n9 1\n0000000005 00001 n\r\n"
        );
    }
}
