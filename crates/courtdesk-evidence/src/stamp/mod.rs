//! The served stamp: a copy of a served document with the line "Served
//! electronically on 2026-11-28 at 10:31 (UTC+8)" (or "于 2026年11月28日
//! 10:31 电子送达") at the bottom left of every page.
//!
//! The copy is the original file with an incremental update appended: the
//! stamp is a form XObject set in the slips' embedded CJK face (so it is
//! real, extractable text on any viewer), and each page gets new content
//! streams around its own, `q` before and `Q` plus the stamp after, so
//! nothing the page's content leaves in the graphics state moves the stamp.
//! The original bytes are a prefix of the copy: anyone can cut the copy at
//! the original's length and find the hash the evidence records.

mod file;
mod object;
mod update;

use courtdesk_core::Locale;
use courtdesk_devices::pdf::{PdfError, Slip, TextStyle};

use file::PdfFile;
use object::{Dict, Object};
use update::{Update, placement, visible_box};

/// When a document was served: the instant, and the UTC offset of the
/// court's local time to show it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServedAt {
    /// Unix milliseconds.
    pub utc_ms: u64,
    /// Minutes east of UTC, e.g. 480 for China Standard Time.
    pub utc_offset_minutes: i16,
}

/// Why a document could not be stamped.
#[derive(Debug, thiserror::Error)]
pub enum StampError {
    #[error("the document is not a PDF file")]
    NotAPdf,
    #[error("the PDF file is encrypted")]
    Encrypted,
    #[error("the PDF file is damaged beyond repair: {0}")]
    Malformed(&'static str),
    #[error("the PDF file has no pages")]
    NoPages,
    #[error("the UTC offset is beyond ±14 hours")]
    InvalidOffset,
    #[error("the stamp could not be set in the slip face")]
    Render {
        #[source]
        source: PdfError,
    },
}

impl StampError {
    pub fn code(&self) -> &'static str {
        match self {
            StampError::NotAPdf => "not_a_pdf",
            StampError::Encrypted => "pdf_encrypted",
            StampError::Malformed(_) => "pdf_malformed",
            StampError::NoPages => "pdf_no_pages",
            StampError::InvalidOffset => "invalid_utc_offset",
            StampError::Render { .. } => "stamp_render_failed",
        }
    }
}

/// The size of the stamp's text, in points.
const STAMP_SIZE_PT: f32 = 9.0;
/// The distance from the page's visible edges to the stamp, in points
/// (about 8 mm, inside the margin of any court document).
const STAMP_MARGIN_PT: f64 = 22.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The stamp's text: "Served electronically on 2026-11-28 at 10:31
/// (UTC+8)" in English, "于 2026年11月28日 10:31 电子送达" in Chinese (which
/// names the offset only when it is not Beijing time's).
pub fn stamp_text(served_at: ServedAt, locale: Locale) -> String {
    let offset_ms = i64::from(served_at.utc_offset_minutes) * 60_000;
    let local_ms = i64::try_from(served_at.utc_ms)
        .unwrap_or(i64::MAX)
        .saturating_add(offset_ms);
    let days = local_ms.div_euclid(86_400_000);
    let minute_of_day = local_ms.rem_euclid(86_400_000) / 60_000;
    let (year, month, day) = civil_from_days(days);
    let (hour, minute) = (minute_of_day / 60, minute_of_day % 60);
    let offset = utc_offset(served_at.utc_offset_minutes);
    match locale {
        Locale::En => format!(
            "Served electronically on {year:04}-{month:02}-{day:02} at {hour:02}:{minute:02} ({offset})"
        ),
        Locale::ZhCn if served_at.utc_offset_minutes == 480 => {
            format!("于 {year}年{month}月{day}日 {hour:02}:{minute:02} 电子送达")
        }
        Locale::ZhCn => {
            format!("于 {year}年{month}月{day}日 {hour:02}:{minute:02} ({offset}) 电子送达")
        }
    }
}

fn utc_offset(minutes: i16) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let minutes = minutes.unsigned_abs();
    match minutes % 60 {
        0 => format!("UTC{sign}{}", minutes / 60),
        rest => format!("UTC{sign}{}:{rest:02}", minutes / 60),
    }
}

/// The proleptic Gregorian date of a day counted from 1970-01-01
/// (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A copy of `pdf` with the served stamp on every page, in `locale`.
pub fn stamp_served(
    pdf: &[u8],
    served_at: ServedAt,
    locale: Locale,
) -> Result<Vec<u8>, StampError> {
    if served_at.utc_offset_minutes.unsigned_abs() > 14 * 60 {
        return Err(StampError::InvalidOffset);
    }
    let mut file = PdfFile::parse(pdf)?;
    let pages = file.pages()?;
    let mut update = Update::new(file.next_number());
    let (form, form_width, form_height) = stamp_form(&stamp_text(served_at, locale), &mut update)?;
    let open = update.add(Object::Stream(Dict::default(), b"q\n".to_vec()));
    for page in pages {
        let visible = visible_box(&mut file, &page);
        let mut matrix = placement(visible, page.rotate, form_width, STAMP_MARGIN_PT);
        let mut resources = page
            .resources
            .as_ref()
            .and_then(|r| file.resolve(r))
            .and_then(|r| r.as_dict().cloned())
            .unwrap_or_default();
        let mut xobjects = resources
            .get(b"XObject")
            .and_then(|x| file.resolve(x))
            .and_then(|x| x.as_dict().cloned())
            .unwrap_or_default();
        // A copy stamped before (served again, or in the other language)
        // keeps its stamps; each new one goes above the last.
        let mut name = b"CourtDeskServed".to_vec();
        let mut earlier = 0.0;
        while xobjects.get(&name).is_some() {
            name.push(b'X');
            earlier += 1.0;
        }
        let lift = earlier * (form_height + 2.0);
        matrix[4] += lift * matrix[2];
        matrix[5] += lift * matrix[3];
        xobjects.set(&name, form.clone());
        resources.set(b"XObject", Object::Dict(xobjects));

        let mut contents = vec![open.clone()];
        match page.dict.get(b"Contents") {
            Some(reference @ Object::Ref(..)) => match file.resolve(reference) {
                Some(Object::Array(items)) => contents.extend(items),
                Some(_) => contents.push(reference.clone()),
                None => {}
            },
            Some(Object::Array(items)) => contents.extend(items.iter().cloned()),
            _ => {}
        }
        let mut stamp = b"\nQ\nq ".to_vec();
        for value in matrix {
            stamp.extend_from_slice(format_number(value).as_bytes());
            stamp.push(b' ');
        }
        stamp.extend_from_slice(b"cm /");
        stamp.extend_from_slice(&name);
        stamp.extend_from_slice(b" Do Q\n");
        contents.push(update.add(Object::Stream(Dict::default(), stamp)));

        let mut dict = page.dict.clone();
        dict.set(b"Resources", Object::Dict(resources));
        dict.set(b"Contents", Object::Array(contents));
        update.put(page.id.0, page.id.1, Object::Dict(dict));
    }
    update.write(&file)
}

/// Renders the stamp line as a one-line slip and moves its page into the
/// update as a form XObject; returns the form and its width and height in
/// points.
fn stamp_form(text: &str, update: &mut Update) -> Result<(Object, f64, f64), StampError> {
    // Wide enough for the line, from the face's advances: Latin and digits
    // under 0.6 em, CJK one em; a slip too narrow would wrap to two lines,
    // which still reads.
    let ems: f32 = text
        .chars()
        .map(|c| if u32::from(c) >= 0x2E80 { 1.0 } else { 0.6 })
        .sum();
    let width_mm = ems * STAMP_SIZE_PT / PT_PER_MM + 4.0;
    let mut slip = Slip::new(width_mm).with_margin_mm(1.0);
    slip.text(text, TextStyle::new(STAMP_SIZE_PT));
    let rendered = slip
        .render()
        .map_err(|source| StampError::Render { source })?;

    let malformed = StampError::Malformed("the rendered stamp cannot be read");
    let mut stamp_file = PdfFile::parse(&rendered)?;
    let pages = stamp_file.pages()?;
    let page = pages.first().ok_or(StampError::NoPages)?;
    let [x0, y0, x1, y1] = visible_box(&mut stamp_file, page);
    let content = page
        .dict
        .get(b"Contents")
        .and_then(|c| stamp_file.resolve(c));
    let Some(Object::Stream(content_dict, data)) = content else {
        return Err(malformed);
    };
    let resources = page
        .resources
        .as_ref()
        .and_then(|r| stamp_file.resolve(r))
        .ok_or(malformed)?;
    let resources = import(&mut stamp_file, &resources, update);

    let mut form = Dict::default();
    form.set(b"Type", Object::Name(b"XObject".to_vec()));
    form.set(b"Subtype", Object::Name(b"Form".to_vec()));
    form.set(
        b"BBox",
        Object::Array(
            [x0, y0, x1, y1]
                .into_iter()
                .map(|v| Object::Real(format_number(v)))
                .collect(),
        ),
    );
    form.set(b"Resources", resources);
    for key in [&b"Filter"[..], b"DecodeParms"] {
        if let Some(value) = content_dict.get(key) {
            form.set(key, value.clone());
        }
    }
    Ok((update.add(Object::Stream(form, data)), x1 - x0, y1 - y0))
}

/// Copies `object` and every object it refers to from the stamp's file into
/// the update, under new numbers.
fn import(source: &mut PdfFile<'_>, object: &Object, update: &mut Update) -> Object {
    let mut numbers = std::collections::BTreeMap::new();
    let mut pending = Vec::new();
    let top = renumber(object, &mut numbers, &mut pending, update);
    while let Some(old) = pending.pop() {
        let copied = source.get(old).unwrap_or(Object::Null);
        let copied = renumber(&copied, &mut numbers, &mut pending, update);
        if let Some(&new) = numbers.get(&old) {
            update.put(new, 0, copied);
        }
    }
    top
}

fn renumber(
    object: &Object,
    numbers: &mut file::Renumbering,
    pending: &mut Vec<u32>,
    update: &mut Update,
) -> Object {
    match object {
        Object::Ref(old, _) => {
            let new = *numbers.entry(*old).or_insert_with(|| {
                pending.push(*old);
                update.reserve()
            });
            Object::Ref(new, 0)
        }
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|item| renumber(item, numbers, pending, update))
                .collect(),
        ),
        Object::Dict(dict) => Object::Dict(renumber_dict(dict, numbers, pending, update)),
        Object::Stream(dict, data) => {
            Object::Stream(renumber_dict(dict, numbers, pending, update), data.clone())
        }
        other => other.clone(),
    }
}

fn renumber_dict(
    dict: &Dict,
    numbers: &mut file::Renumbering,
    pending: &mut Vec<u32>,
    update: &mut Update,
) -> Dict {
    Dict(
        dict.0
            .iter()
            .map(|(key, value)| (key.clone(), renumber(value, numbers, pending, update)))
            .collect(),
    )
}

/// A number for a content stream or an array: at most three decimals.
fn format_number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_text_in_both_languages() {
        // 2026-11-28 02:31 UTC is 10:31 in Beijing.
        let at = ServedAt {
            utc_ms: 1_795_833_060_000,
            utc_offset_minutes: 480,
        };
        assert_eq!(
            stamp_text(at, Locale::En),
            "Served electronically on 2026-11-28 at 10:31 (UTC+8)"
        );
        assert_eq!(
            stamp_text(at, Locale::ZhCn),
            "于 2026年11月28日 10:31 电子送达"
        );
        let india = ServedAt {
            utc_offset_minutes: 330,
            ..at
        };
        assert_eq!(
            stamp_text(india, Locale::ZhCn),
            "于 2026年11月28日 08:01 (UTC+5:30) 电子送达"
        );
        let west = ServedAt {
            utc_offset_minutes: -300,
            ..at
        };
        assert_eq!(
            stamp_text(west, Locale::En),
            "Served electronically on 2026-11-27 at 21:31 (UTC-5)"
        );
    }

    #[test]
    fn civil_dates_across_leap_years() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_785), (2026, 11, 28));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(format_number(20.0), "20");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(-0.0001), "0");
    }
}
