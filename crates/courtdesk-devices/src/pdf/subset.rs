//! Per-document TrueType subsetting.
//!
//! A ticket uses a few dozen of the 7,600 glyphs of the committed face, and
//! embedding all of them would make every ticket a 2 MB print job. This
//! keeps every glyph id where it is (so the PDF can address glyphs by their
//! ids, `/CIDToGIDMap /Identity`) but empties the outlines of the glyphs a
//! document does not use: `glyf` shrinks to the used outlines, and `loca`
//! and `hmtx`, which still hold one entry per glyph, are runs of repeated
//! values that Flate compresses to almost nothing.

use std::collections::BTreeSet;

use super::PdfError;

/// Tables a PDF viewer or printer's rasteriser reads from an embedded
/// TrueType font (ISO 32000-1, 9.9); `cmap` and `post` are not among them
/// because the PDF maps codes to glyphs itself.
const KEPT: [&[u8; 4]; 10] = [
    b"OS/2", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep",
];

/// A font with only the outlines of `glyphs` (and of the glyphs those are
/// composed of) left in it.
pub(super) fn subset(font: &[u8], glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, PdfError> {
    let tables = Tables::parse(font).ok_or(PdfError::FontData("table directory"))?;
    let head = tables.get(b"head").ok_or(PdfError::FontData("head"))?;
    let maxp = tables.get(b"maxp").ok_or(PdfError::FontData("maxp"))?;
    let loca = tables.get(b"loca").ok_or(PdfError::FontData("loca"))?;
    let glyf = tables.get(b"glyf").ok_or(PdfError::FontData("glyf"))?;
    let glyph_count = usize::from(read_u16(maxp, 4).ok_or(PdfError::FontData("maxp"))?);
    let long_offsets = read_u16(head, 50).ok_or(PdfError::FontData("head"))? == 1;
    let outline = |glyph: usize| -> Option<&[u8]> {
        let (start, end) = if long_offsets {
            (
                read_u32(loca, glyph * 4)? as usize,
                read_u32(loca, glyph * 4 + 4)? as usize,
            )
        } else {
            (
                usize::from(read_u16(loca, glyph * 2)?) * 2,
                usize::from(read_u16(loca, glyph * 2 + 2)?) * 2,
            )
        };
        glyf.get(start..end)
    };

    // .notdef stays whatever happens: renderers fall back to it.
    let mut keep: BTreeSet<u16> = glyphs.clone();
    keep.insert(0);
    let mut pending: Vec<u16> = keep.iter().copied().collect();
    while let Some(glyph) = pending.pop() {
        let data = outline(usize::from(glyph)).ok_or(PdfError::FontData("loca"))?;
        for component in components(data).ok_or(PdfError::FontData("glyf"))? {
            if keep.insert(component) {
                pending.push(component);
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((glyph_count + 1) * 4);
    for glyph in 0..glyph_count {
        new_loca.extend_from_slice(&offset_u32(new_glyf.len())?.to_be_bytes());
        if u16::try_from(glyph).is_ok_and(|g| keep.contains(&g)) {
            new_glyf.extend_from_slice(outline(glyph).ok_or(PdfError::FontData("loca"))?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&offset_u32(new_glyf.len())?.to_be_bytes());

    let mut new_head = head.to_vec();
    // Long loca offsets from now on; the checksum adjustment is recomputed.
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes());
    new_head[8..12].copy_from_slice(&[0; 4]);

    let mut out: Vec<(&[u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEPT {
        let data = match tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"head" => std::mem::take(&mut new_head),
            _ => match tables.get(tag) {
                Some(data) => data.to_vec(),
                None => continue,
            },
        };
        out.push((tag, data));
    }
    write_font(&out)
}

fn offset_u32(n: usize) -> Result<u32, PdfError> {
    u32::try_from(n).map_err(|_| PdfError::FontData("glyf too large"))
}

/// The glyph ids a composite glyph is built from (none for a simple one).
fn components(glyph: &[u8]) -> Option<Vec<u16>> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAVE_X_AND_Y_SCALE: u16 = 0x0040;
    const HAVE_TWO_BY_TWO: u16 = 0x0080;

    if glyph.is_empty() || read_u16(glyph, 0)? & 0x8000 == 0 {
        return Some(Vec::new());
    }
    let mut found = Vec::new();
    let mut at = 10;
    loop {
        let flags = read_u16(glyph, at)?;
        found.push(read_u16(glyph, at + 2)?);
        at += 4;
        at += if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & HAVE_SCALE != 0 {
            at += 2;
        } else if flags & HAVE_X_AND_Y_SCALE != 0 {
            at += 4;
        } else if flags & HAVE_TWO_BY_TWO != 0 {
            at += 8;
        }
        if flags & MORE_COMPONENTS == 0 {
            return Some(found);
        }
    }
}

/// An sfnt file from its tables, which must come sorted by tag.
fn write_font(tables: &[(&[u8; 4], Vec<u8>)]) -> Result<Vec<u8>, PdfError> {
    let count = u16::try_from(tables.len()).map_err(|_| PdfError::FontData("tables"))?;
    // The binary-search fields of the sfnt header, from the table count.
    let mut power = 1u16;
    let mut log2 = 0u16;
    while power * 2 <= count {
        power *= 2;
        log2 += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&(power * 16).to_be_bytes());
    out.extend_from_slice(&log2.to_be_bytes());
    out.extend_from_slice(&(count * 16 - power * 16).to_be_bytes());

    let mut offset = 12 + tables.len() * 16;
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&offset_u32(offset)?.to_be_bytes());
        out.extend_from_slice(&offset_u32(data.len())?.to_be_bytes());
        if *tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    Ok(out)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The table directory of an sfnt file.
struct Tables<'a> {
    font: &'a [u8],
    records: Vec<([u8; 4], usize, usize)>,
}

impl<'a> Tables<'a> {
    fn parse(font: &'a [u8]) -> Option<Tables<'a>> {
        let count = usize::from(read_u16(font, 4)?);
        let mut records = Vec::with_capacity(count);
        for i in 0..count {
            let at = 12 + i * 16;
            let tag: [u8; 4] = font.get(at..at + 4)?.try_into().ok()?;
            let offset = read_u32(font, at + 8)? as usize;
            let length = read_u32(font, at + 12)? as usize;
            font.get(offset..offset.checked_add(length)?)?;
            records.push((tag, offset, length));
        }
        Some(Tables { font, records })
    }

    fn get(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        let (_, offset, length) = self.records.iter().find(|(t, _, _)| t == tag)?;
        self.font.get(*offset..*offset + *length)
    }
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::font::{FontUse, Weight};

    #[test]
    fn a_subset_keeps_the_used_outlines_and_parses_as_a_font() {
        let font = FontUse::new(Weight::Regular).expect("the committed font parses");
        let used: BTreeSet<u16> = "法院A7"
            .chars()
            .map(|c| font.glyph(c).expect("covered"))
            .collect();
        let subset = subset(font.data(), &used).expect("subset");
        assert!(
            subset.len() < 200_000,
            "a handful of outlines plus per-glyph index tables, not the whole face ({} bytes)",
            subset.len()
        );
        let face = ttf_parser::Face::parse(&subset, 0).expect("the subset is a valid font");
        for glyph in &used {
            let mut bounds = Bounds;
            assert!(
                face.outline_glyph(ttf_parser::GlyphId(*glyph), &mut bounds)
                    .is_some(),
                "glyph {glyph} kept its outline"
            );
        }
        let unused = font.glyph('海').expect("covered");
        assert!(
            face.outline_glyph(ttf_parser::GlyphId(unused), &mut Bounds)
                .is_none(),
            "an unused glyph is emptied"
        );
    }

    struct Bounds;
    impl ttf_parser::OutlineBuilder for Bounds {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
}
