//! The two faces slips are set in, and what one document used of each.
//!
//! Both are subsets of Noto Sans CJK SC with TrueType outlines, committed
//! under `fonts/` with the script that regenerates them. Regular covers all
//! of GB2312 (both hanzi levels), ASCII and Latin-1; Bold covers ASCII only
//! and exists for the large ticket number.

use std::collections::BTreeMap;

use ttf_parser::{Face, GlyphId};

use super::PdfError;

static REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Regular-GB2312.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Bold-ASCII.ttf");

/// Which of the two faces a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Weight {
    /// Noto Sans CJK SC Regular: GB2312, ASCII and Latin-1.
    #[default]
    Regular,
    /// Noto Sans CJK SC Bold, printable ASCII only (ticket numbers).
    Bold,
}

impl Weight {
    fn data(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }

    /// The PostScript name the PDF gives the embedded face.
    pub(super) fn base_name(self) -> &'static str {
        match self {
            Weight::Regular => "NotoSansCJKsc-Regular",
            Weight::Bold => "NotoSansCJKsc-Bold",
        }
    }

    /// The resource name content streams select the face by.
    pub(super) fn resource(self) -> &'static str {
        match self {
            Weight::Regular => "R",
            Weight::Bold => "B",
        }
    }
}

/// Whether `c` can be printed in `weight`: slips refuse text they would
/// otherwise print as empty boxes.
pub fn has_glyph(weight: Weight, c: char) -> bool {
    Face::parse(weight.data(), 0)
        .ok()
        .and_then(|face| face.glyph_index(c))
        .is_some()
}

/// One face as used by one document: its metrics, and every glyph set in
/// it with the character it stands for (for the PDF's ToUnicode map, which
/// is what makes the text extractable and searchable).
#[derive(Debug)]
pub(super) struct FontUse {
    pub(super) weight: Weight,
    face: Face<'static>,
    pub(super) used: BTreeMap<u16, char>,
}

impl FontUse {
    pub(super) fn new(weight: Weight) -> Result<FontUse, PdfError> {
        let face = Face::parse(weight.data(), 0).map_err(|source| PdfError::Font { source })?;
        Ok(FontUse {
            weight,
            face,
            used: BTreeMap::new(),
        })
    }

    /// The glyph for `c`, failing rather than falling back to .notdef.
    pub(super) fn glyph(&self, c: char) -> Result<u16, PdfError> {
        match self.face.glyph_index(c) {
            Some(GlyphId(id)) if id != 0 => Ok(id),
            _ => Err(PdfError::MissingGlyph(c)),
        }
    }

    /// Advance of a glyph in thousandths of the font size (PDF text space).
    pub(super) fn advance(&self, glyph: u16) -> f32 {
        let advance = self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0);
        f32::from(advance) * 1000.0 / f32::from(self.face.units_per_em())
    }

    /// Width of `text` at `size` points; every character must have a glyph.
    pub(super) fn width(&self, text: &str, size: f32) -> Result<f32, PdfError> {
        let mut total = 0.0;
        for c in text.chars() {
            total += self.advance(self.glyph(c)?);
        }
        Ok(total * size / 1000.0)
    }

    /// Records `text` as set in this face and returns its glyph ids.
    pub(super) fn set(&mut self, text: &str) -> Result<Vec<u16>, PdfError> {
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            let glyph = self.glyph(c)?;
            self.used.entry(glyph).or_insert(c);
            glyphs.push(glyph);
        }
        Ok(glyphs)
    }

    pub(super) fn data(&self) -> &'static [u8] {
        self.weight.data()
    }

    /// Scales a font-unit value to the PDF's thousandths of an em.
    fn scaled(&self, units: i16) -> i32 {
        i32::from(units) * 1000 / i32::from(self.face.units_per_em())
    }

    pub(super) fn ascent(&self) -> i32 {
        self.scaled(self.face.ascender())
    }

    pub(super) fn descent(&self) -> i32 {
        self.scaled(self.face.descender())
    }

    pub(super) fn cap_height(&self) -> i32 {
        self.scaled(self.face.capital_height().unwrap_or(self.face.ascender()))
    }

    pub(super) fn bbox(&self) -> [i32; 4] {
        let b = self.face.global_bounding_box();
        [
            self.scaled(b.x_min),
            self.scaled(b.y_min),
            self.scaled(b.x_max),
            self.scaled(b.y_max),
        ]
    }
}
