//! A used face as PDF objects: a Type0 font with Identity-H encoding over a
//! CIDFontType2 whose CIDs are the TrueType glyph ids, its descriptor, the
//! per-document subset as `FontFile2`, and a ToUnicode map so that the text
//! can be extracted (`pdftotext`, screen readers, search).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::PdfError;
use super::font::FontUse;
use super::subset::subset;
use super::writer::{ObjId, PdfWriter};

/// Writes `font` and returns the id of its Type0 font dictionary.
pub(super) fn embed(writer: &mut PdfWriter, font: &FontUse) -> Result<ObjId, PdfError> {
    let type0 = writer.reserve();
    let cid_font = writer.reserve();
    let descriptor = writer.reserve();
    let file = writer.reserve();
    let to_unicode = writer.reserve();

    let glyphs: BTreeSet<u16> = font.used.keys().copied().collect();
    // A subset's name carries a six-letter tag that differs between subsets
    // (ISO 32000-1, 9.6.4), so a viewer never mixes up two tickets' fonts.
    let name = format!("{}+{}", subset_tag(&glyphs), font.weight.base_name());

    writer.object(
        type0,
        &format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{cid_font}] /ToUnicode {to_unicode} >>"
        ),
    );

    let mut widths = String::new();
    for glyph in &glyphs {
        let _ = write!(widths, "{glyph} [{}] ", font.advance(*glyph).round());
    }
    writer.object(
        cid_font,
        &format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {descriptor} /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>"
        ),
    );

    let [x_min, y_min, x_max, y_max] = font.bbox();
    // Flags 4: symbolic, the usual choice for a CID font whose glyphs are
    // addressed by id rather than through a standard encoding.
    writer.object(
        descriptor,
        &format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 4 \
             /FontBBox [{x_min} {y_min} {x_max} {y_max}] /ItalicAngle 0 \
             /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {file} >>",
            font.ascent(),
            font.descent(),
            font.cap_height()
        ),
    );

    let program = subset(font.data(), &glyphs)?;
    writer.stream(file, &format!("/Length1 {}", program.len()), &program)?;
    writer.stream(to_unicode, "", to_unicode_cmap(font).as_bytes())?;
    Ok(type0)
}

/// Six capital letters derived from the glyph set.
fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for glyph in glyphs {
        for byte in glyph.to_be_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

fn to_unicode_cmap(font: &FontUse) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = font.used.iter().collect();
    // A bfchar section may hold at most 100 entries.
    for chunk in entries.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (glyph, c) in chunk {
            let mut utf16 = String::new();
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(utf16, "{unit:04X}");
            }
            let _ = writeln!(cmap, "<{glyph:04X}> <{utf16}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals_and_depend_on_the_glyphs() {
        let a = subset_tag(&BTreeSet::from([1, 2, 3]));
        let b = subset_tag(&BTreeSet::from([1, 2, 4]));
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
        assert_ne!(a, b, "different subsets get different names");
    }
}
