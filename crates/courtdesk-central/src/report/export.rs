//! The report written as CSV (every section one after the other, each
//! under a line naming it) or XLSX (a sheet per section and a definitions
//! sheet), with Chinese headers by default.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

use super::ReportDocument;
use super::definitions::DEFINITIONS;
use super::tables::{Cell, Table, tables};

/// What shows in place of a figure with nothing to measure.
const NOTHING: &str = "—";

/// The file a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

/// The language of the headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// zh-CN, the default.
    Zh,
    En,
}

/// Writing an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing the report failed")]
    Io(#[from] std::io::Error),
    #[error("writing the XLSX workbook failed")]
    Xlsx(#[from] XlsxError),
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Count(n) => n.to_string(),
        Cell::Seconds(Some(s)) => s.to_string(),
        Cell::Mean(Some(m)) => format!("{m:.1}"),
        Cell::Share(Some(share)) => format!("{:.1}%", share * 100.0),
        Cell::Seconds(None) | Cell::Mean(None) | Cell::Share(None) => NOTHING.to_owned(),
    }
}

fn csv_line(out: &mut impl Write, fields: impl IntoIterator<Item = String>) -> std::io::Result<()> {
    let line: Vec<String> = fields.into_iter().map(|f| csv_field(&f)).collect();
    // CRLF, as RFC 4180 and spreadsheet programs expect.
    write!(out, "{}\r\n", line.join(","))
}

/// Writes every section as a table: a line naming the section, the header
/// row, the rows, and an empty line. UTF-8 with a byte-order mark, which
/// spreadsheet programs need to read the Chinese headers as UTF-8.
pub fn write_csv(doc: &ReportDocument, lang: Lang, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    for table in tables(doc, lang) {
        csv_line(out, [format!("[{}]", table.name)])?;
        csv_line(out, table.headers.iter().map(|h| (*h).to_owned()))?;
        for row in &table.rows {
            csv_line(out, row.iter().map(cell_text))?;
        }
        out.write_all(b"\r\n")?;
    }
    Ok(())
}

fn write_sheet(workbook: &mut Workbook, table: &Table) -> Result<(), XlsxError> {
    let bold = CellFormat::new().set_bold();
    let percent = CellFormat::new().set_num_format("0.0%");
    let one_decimal = CellFormat::new().set_num_format("0.0");
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.name)?;
    for (col, header) in (0u16..).zip(&table.headers) {
        sheet.write_string_with_format(0, col, *header, &bold)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) => sheet.write_string(row, col, text)?,
                Cell::Count(n) => sheet.write_number(row, col, *n as f64)?,
                Cell::Seconds(Some(s)) => sheet.write_number(row, col, *s as f64)?,
                Cell::Mean(Some(m)) => {
                    sheet.write_number_with_format(row, col, *m, &one_decimal)?
                }
                Cell::Share(Some(s)) => sheet.write_number_with_format(row, col, *s, &percent)?,
                Cell::Seconds(None) | Cell::Mean(None) | Cell::Share(None) => {
                    sheet.write_string(row, col, NOTHING)?
                }
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The definitions sheet, always named in both languages.
pub(super) const DEFINITIONS_SHEET: &str = "定义 Definitions";

fn definitions(lang: Lang) -> Table {
    let rows = DEFINITIONS
        .iter()
        .map(|d| {
            let (name, text) = match lang {
                Lang::Zh => (d.zh, d.definition_zh),
                Lang::En => (d.en, d.definition_en),
            };
            vec![Cell::Text(name.to_owned()), Cell::Text(text.to_owned())]
        })
        .collect();
    let headers = match lang {
        Lang::Zh => vec!["指标", "定义"],
        Lang::En => vec!["Figure", "Definition"],
    };
    Table {
        name: DEFINITIONS_SHEET,
        headers,
        rows,
    }
}

/// Writes a workbook of one sheet per section and the definitions sheet
/// to `path`.
pub fn write_xlsx(doc: &ReportDocument, lang: Lang, path: &Path) -> Result<(), ExportError> {
    let mut workbook = Workbook::new();
    for table in tables(doc, lang) {
        write_sheet(&mut workbook, &table)?;
    }
    write_sheet(&mut workbook, &definitions(lang))?;
    workbook.save(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_with_separators_are_quoted() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
