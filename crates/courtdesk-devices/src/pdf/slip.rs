//! The slip builder: blocks stacked from the top of a roll-wide page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use super::font::{FontUse, Weight};
use super::writer::{PdfWriter, num, text_string};
use super::{PT_PER_MM, PdfError, embed};

/// Line height as a multiple of the font size; CJK text needs more room
/// than Latin because its glyphs fill the whole em.
const LINE_HEIGHT: f32 = 1.3;
/// Baseline below the top of a line box: half the spare room above the em
/// box, plus the part of the em box above the baseline (0.88 in Noto CJK).
const BASELINE: f32 = (LINE_HEIGHT - 1.0) / 2.0 + 0.88;
/// Modules of white around a QR code, as the QR standard requires.
const QUIET_ZONE: usize = 4;

/// Where a line sits between the margins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// Size, face and alignment of a text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size_pt: f32,
    pub weight: Weight,
    pub align: Align,
}

impl TextStyle {
    /// Regular, left-aligned text of `size_pt` points.
    pub fn new(size_pt: f32) -> TextStyle {
        TextStyle {
            size_pt,
            weight: Weight::Regular,
            align: Align::Left,
        }
    }

    pub fn bold(self) -> TextStyle {
        TextStyle {
            weight: Weight::Bold,
            ..self
        }
    }

    pub fn centered(self) -> TextStyle {
        TextStyle {
            align: Align::Center,
            ..self
        }
    }

    pub fn right(self) -> TextStyle {
        TextStyle {
            align: Align::Right,
            ..self
        }
    }
}

#[derive(Debug, Clone)]
enum Block {
    Text {
        text: String,
        style: TextStyle,
    },
    Row {
        label: String,
        value: String,
        style: TextStyle,
    },
    Gap {
        mm: f32,
    },
    Rule,
    Qr {
        data: String,
        size_mm: f32,
    },
}

/// A receipt-sized page built from the top down; its height follows its
/// content, as a roll printer cuts wherever the page ends.
///
/// ```
/// use courtdesk_devices::pdf::{Slip, TextStyle};
/// let mut slip = Slip::thermal_80mm();
/// slip.text("收件回执 Intake receipt", TextStyle::new(12.0).centered())
///     .rule()
///     .row("材料 Documents", "3", TextStyle::new(10.0))
///     .qr("R-2026-000123", 25.0);
/// let pdf = slip.render()?;
/// assert!(pdf.starts_with(b"%PDF-"));
/// # Ok::<(), courtdesk_devices::pdf::PdfError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Slip {
    width_mm: f32,
    margin_mm: f32,
    min_height_mm: f32,
    title: String,
    blocks: Vec<Block>,
}

impl Slip {
    /// An empty slip `width_mm` wide with 4 mm margins.
    pub fn new(width_mm: f32) -> Slip {
        Slip {
            width_mm,
            margin_mm: 4.0,
            min_height_mm: 0.0,
            title: String::new(),
            blocks: Vec::new(),
        }
    }

    /// An empty slip for the common 80 mm thermal roll (72 mm printable).
    pub fn thermal_80mm() -> Slip {
        Slip::new(80.0)
    }

    pub fn with_margin_mm(mut self, margin_mm: f32) -> Slip {
        self.margin_mm = margin_mm;
        self
    }

    /// The page is at least this long, even with little content.
    pub fn with_min_height_mm(mut self, min_height_mm: f32) -> Slip {
        self.min_height_mm = min_height_mm;
        self
    }

    /// The document title print queues and viewers show.
    pub fn with_title(mut self, title: impl Into<String>) -> Slip {
        self.title = title.into();
        self
    }

    /// A paragraph, wrapped to the width between the margins; `\n` starts
    /// a new line and an empty string is a blank line.
    pub fn text(&mut self, text: impl Into<String>, style: TextStyle) -> &mut Slip {
        self.blocks.push(Block::Text {
            text: text.into(),
            style,
        });
        self
    }

    /// A label on the left and its value on the right of one line; the
    /// value moves to a line of its own when both do not fit.
    pub fn row(
        &mut self,
        label: impl Into<String>,
        value: impl Into<String>,
        style: TextStyle,
    ) -> &mut Slip {
        self.blocks.push(Block::Row {
            label: label.into(),
            value: value.into(),
            style,
        });
        self
    }

    pub fn gap(&mut self, mm: f32) -> &mut Slip {
        self.blocks.push(Block::Gap { mm });
        self
    }

    /// A dashed line across, between sections.
    pub fn rule(&mut self) -> &mut Slip {
        self.blocks.push(Block::Rule);
        self
    }

    /// A centred QR code `size_mm` square, quiet zone included.
    pub fn qr(&mut self, data: impl Into<String>, size_mm: f32) -> &mut Slip {
        self.blocks.push(Block::Qr {
            data: data.into(),
            size_mm,
        });
        self
    }

    /// The slip as a one-page PDF.
    pub fn render(&self) -> Result<Vec<u8>, PdfError> {
        let mut layout = Layout {
            left: self.margin_mm * PT_PER_MM,
            width: (self.width_mm - 2.0 * self.margin_mm) * PT_PER_MM,
            cursor: self.margin_mm * PT_PER_MM,
            fonts: BTreeMap::new(),
            draws: Vec::new(),
        };
        for block in &self.blocks {
            layout.block(block)?;
        }
        let height =
            (layout.cursor + self.margin_mm * PT_PER_MM).max(self.min_height_mm * PT_PER_MM);
        let width = self.width_mm * PT_PER_MM;
        let content = layout.content(height);

        let mut writer = PdfWriter::new();
        let catalog = writer.reserve();
        let pages = writer.reserve();
        let page = writer.reserve();
        let contents = writer.reserve();
        let info = writer.reserve();
        let mut font_refs = String::new();
        for font in layout.fonts.values() {
            let id = embed::embed(&mut writer, font)?;
            let _ = write!(font_refs, "/{} {id} ", font.weight.resource());
        }
        writer.object(catalog, &format!("<< /Type /Catalog /Pages {pages} >>"));
        writer.object(
            pages,
            &format!("<< /Type /Pages /Kids [{page}] /Count 1 >>"),
        );
        writer.object(
            page,
            &format!(
                "<< /Type /Page /Parent {pages} /MediaBox [0 0 {} {}] \
                 /Resources << /Font << {font_refs}>> >> /Contents {contents} >>",
                num(width),
                num(height)
            ),
        );
        writer.stream(contents, "", content.as_bytes())?;
        writer.object(
            info,
            &format!(
                "<< /Producer (CourtDesk) /Title {} >>",
                text_string(&self.title)
            ),
        );
        writer.finish(catalog, info)
    }
}

/// Something to draw, placed from the top of the page (the page height is
/// known only once every block is laid out).
#[derive(Debug)]
enum Draw {
    Text {
        weight: Weight,
        size: f32,
        x: f32,
        baseline: f32,
        glyphs: Vec<u16>,
    },
    Rects(Vec<[f32; 4]>),
    Rule {
        x0: f32,
        x1: f32,
        y: f32,
    },
}

#[derive(Debug)]
struct Layout {
    left: f32,
    width: f32,
    /// Distance from the top of the page to the next block, in points.
    cursor: f32,
    fonts: BTreeMap<Weight, FontUse>,
    draws: Vec<Draw>,
}

impl Layout {
    fn font(&mut self, weight: Weight) -> Result<&mut FontUse, PdfError> {
        Ok(match self.fonts.entry(weight) {
            std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(FontUse::new(weight)?)
            }
        })
    }

    fn block(&mut self, block: &Block) -> Result<(), PdfError> {
        match block {
            Block::Text { text, style } => {
                let width = self.width;
                let lines = wrap(self.font(style.weight)?, text, style.size_pt, width)?;
                for line in lines {
                    self.line(&line, *style)?;
                }
            }
            Block::Row {
                label,
                value,
                style,
            } => {
                let font = self.font(style.weight)?;
                let label_width = font.width(label, style.size_pt)?;
                let value_width = font.width(value, style.size_pt)?;
                // At least one em between label and value, so they read as two.
                if label_width + style.size_pt + value_width <= self.width {
                    let top = self.cursor;
                    self.line(label, style.align(Align::Left))?;
                    self.cursor = top;
                    self.line(value, style.align(Align::Right))?;
                } else {
                    self.block(&Block::Text {
                        text: label.clone(),
                        style: style.align(Align::Left),
                    })?;
                    self.block(&Block::Text {
                        text: value.clone(),
                        style: style.align(Align::Right),
                    })?;
                }
            }
            Block::Gap { mm } => self.cursor += mm * PT_PER_MM,
            Block::Rule => {
                let y = self.cursor + PT_PER_MM;
                self.draws.push(Draw::Rule {
                    x0: self.left,
                    x1: self.left + self.width,
                    y,
                });
                self.cursor = y + PT_PER_MM;
            }
            Block::Qr { data, size_mm } => self.qr(data, size_mm * PT_PER_MM)?,
        }
        Ok(())
    }

    /// One line of text at the cursor, which moves down a line.
    fn line(&mut self, text: &str, style: TextStyle) -> Result<(), PdfError> {
        let (left, width, top) = (self.left, self.width, self.cursor);
        let font = self.font(style.weight)?;
        let line_width = font.width(text, style.size_pt)?;
        let glyphs = font.set(text)?;
        let x = match style.align {
            Align::Left => left,
            Align::Center => left + (width - line_width) / 2.0,
            Align::Right => left + width - line_width,
        };
        self.draws.push(Draw::Text {
            weight: style.weight,
            size: style.size_pt,
            x,
            baseline: top + style.size_pt * BASELINE,
            glyphs,
        });
        self.cursor = top + style.size_pt * LINE_HEIGHT;
        Ok(())
    }

    fn qr(&mut self, data: &str, size: f32) -> Result<(), PdfError> {
        // Level M survives a smudged or creased slip and keeps a ticket id
        // at version 2 or 3, large modules at a small size.
        let code = QrCode::with_error_correction_level(data, EcLevel::M)
            .map_err(|source| PdfError::QrData { source })?;
        let modules = code.width();
        let module = size / (modules + 2 * QUIET_ZONE) as f32;
        let origin_x = self.left + (self.width - size) / 2.0 + QUIET_ZONE as f32 * module;
        let origin_y = self.cursor + QUIET_ZONE as f32 * module;
        let mut rects = Vec::new();
        for y in 0..modules {
            // One rectangle per run of dark modules keeps the stream short
            // and leaves no hairline gaps between neighbours when rasterised.
            let mut x = 0;
            while x < modules {
                if code[(x, y)] == Color::Dark {
                    let start = x;
                    while x < modules && code[(x, y)] == Color::Dark {
                        x += 1;
                    }
                    rects.push([
                        origin_x + start as f32 * module,
                        origin_y + y as f32 * module,
                        (x - start) as f32 * module,
                        module,
                    ]);
                } else {
                    x += 1;
                }
            }
        }
        self.draws.push(Draw::Rects(rects));
        self.cursor += size;
        Ok(())
    }

    /// The page's content stream, turning top-down positions into PDF's
    /// bottom-up ones.
    fn content(&self, height: f32) -> String {
        let mut out = String::new();
        for draw in &self.draws {
            match draw {
                Draw::Text {
                    weight,
                    size,
                    x,
                    baseline,
                    glyphs,
                } => {
                    let mut hex = String::with_capacity(glyphs.len() * 4);
                    for glyph in glyphs {
                        let _ = write!(hex, "{glyph:04X}");
                    }
                    let _ = writeln!(
                        out,
                        "BT /{} {} Tf {} {} Td <{hex}> Tj ET",
                        weight.resource(),
                        num(*size),
                        num(*x),
                        num(height - baseline)
                    );
                }
                Draw::Rects(rects) => {
                    for [x, top, w, h] in rects {
                        let _ = writeln!(
                            out,
                            "{} {} {} {} re",
                            num(*x),
                            num(height - top - h),
                            num(*w),
                            num(*h)
                        );
                    }
                    out.push_str("f\n");
                }
                Draw::Rule { x0, x1, y } => {
                    let y = num(height - y);
                    let _ = writeln!(
                        out,
                        "q [2 2] 0 d 0.6 w {} {y} m {} {y} l S Q",
                        num(*x0),
                        num(*x1)
                    );
                }
            }
        }
        out
    }
}

impl TextStyle {
    fn align(self, align: Align) -> TextStyle {
        TextStyle { align, ..self }
    }
}

/// Splits `text` into lines no wider than `max` points: at `\n`, after
/// spaces, and between CJK characters (which need no spaces to break);
/// a word longer than a line is cut where it overflows.
fn wrap(font: &FontUse, text: &str, size: f32, max: f32) -> Result<Vec<String>, PdfError> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut widths = Vec::with_capacity(chars.len());
        for c in &chars {
            widths.push(font.advance(font.glyph(*c)?) * size / 1000.0);
        }
        let mut start = 0;
        let mut width = 0.0;
        let mut last_break: Option<usize> = None;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            // Closing punctuation never starts a line: it hangs into the
            // margin instead, as Chinese typesetting allows.
            if width + widths[i] > max && i > start && !closes(c) {
                let at = last_break.filter(|b| *b > start && *b <= i).unwrap_or(i);
                lines.push(
                    chars[start..at]
                        .iter()
                        .collect::<String>()
                        .trim_end()
                        .to_owned(),
                );
                start = at;
                while start < chars.len() && chars[start] == ' ' {
                    start += 1;
                }
                i = i.max(start);
                width = widths[start..i].iter().sum();
                last_break = None;
                continue;
            }
            width += widths[i];
            if is_cjk(c) && !closes(c) && i > start && !opens(chars[i - 1]) {
                last_break = Some(i);
            }
            if c == ' ' || (is_cjk(c) && !opens(c)) {
                last_break = Some(i + 1);
            }
            i += 1;
        }
        lines.push(
            chars[start..]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned(),
        );
    }
    Ok(lines)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

fn closes(c: char) -> bool {
    "，。、：；！？）》」』】〕〉”’…·,.;:!?)".contains(c)
}

fn opens(c: char) -> bool {
    "（《「『【〔〈“‘".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, max_em: f32) -> Vec<String> {
        let font = FontUse::new(Weight::Regular).expect("font");
        wrap(&font, text, 10.0, max_em * 10.0).expect("wrap")
    }

    #[test]
    fn latin_text_breaks_after_spaces() {
        assert_eq!(
            lines("Please keep this slip", 6.0),
            ["Please keep", "this slip"]
        );
    }

    #[test]
    fn chinese_text_breaks_between_characters() {
        assert_eq!(
            lines("北京市海淀区人民法院", 4.0),
            ["北京市海", "淀区人民", "法院"]
        );
    }

    #[test]
    fn closing_punctuation_hangs_instead_of_starting_a_line() {
        assert_eq!(lines("请您稍候，谢谢", 4.0), ["请您稍候，", "谢谢"]);
    }

    #[test]
    fn newlines_start_lines_and_short_text_stays_whole() {
        assert_eq!(lines("A\nB C", 20.0), ["A", "B C"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let got = lines("ABCDEFGHIJKLMNOP", 3.0);
        assert!(got.len() > 1, "{got:?}");
        assert_eq!(got.concat(), "ABCDEFGHIJKLMNOP");
    }

    #[test]
    fn a_character_outside_the_font_is_refused() {
        let mut slip = Slip::thermal_80mm();
        // U+4DB5 is a CJK Extension A ideograph, far outside GB2312.
        slip.text("法院\u{4DB5}", TextStyle::new(10.0));
        assert!(matches!(
            slip.render(),
            Err(PdfError::MissingGlyph('\u{4DB5}'))
        ));
        let mut slip = Slip::thermal_80mm();
        slip.text("号", TextStyle::new(10.0).bold());
        assert!(
            matches!(slip.render(), Err(PdfError::MissingGlyph('号'))),
            "the bold face covers ASCII only"
        );
    }

    #[test]
    fn the_page_grows_with_its_content() {
        let short = page_height(&Slip::thermal_80mm());
        let mut slip = Slip::thermal_80mm();
        slip.text("1\n2\n3\n4", TextStyle::new(20.0));
        let long = page_height(&slip);
        assert!(long > short + 4.0 * 20.0, "{short} then {long}");
        let min = page_height(&Slip::thermal_80mm().with_min_height_mm(100.0));
        assert!((min - 100.0 * PT_PER_MM).abs() < 0.01);
    }

    fn page_height(slip: &Slip) -> f32 {
        let pdf = String::from_utf8_lossy(&slip.render().expect("render")).into_owned();
        let at = pdf.find("/MediaBox [0 0 ").expect("media box") + 15;
        let rest = &pdf[at..];
        let end = rest.find(']').expect("end of box");
        let height = rest[..end].split(' ').nth(1).expect("height");
        height.parse().expect("a number")
    }

    #[test]
    fn rendering_is_deterministic() {
        let mut slip = Slip::thermal_80mm().with_title("A017");
        slip.text("民事立案", TextStyle::new(14.0)).qr("t-1", 20.0);
        assert_eq!(slip.render().expect("a"), slip.render().expect("b"));
    }
}
