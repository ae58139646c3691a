//! The `report` command: the figures of a court or site over a period, as
//! JSON, CSV or XLSX, for scripts and the court's own BI.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use courtdesk_central::Settings;
use courtdesk_central::report::{
    DEFAULT_UTC_OFFSET_MINUTES, Format, Lang, ReportRequest, compute, write_csv, write_xlsx,
};

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    #[arg(long)]
    court: String,
    /// One site of the court; every site when unset.
    #[arg(long)]
    site: Option<String>,
    /// The first site-local day, YYYY-MM-DD.
    #[arg(long)]
    from: String,
    /// The last site-local day, YYYY-MM-DD, included.
    #[arg(long)]
    to: String,
    /// day, week (ISO weeks) or month.
    #[arg(long, default_value = "day")]
    group: String,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// The language of the CSV and XLSX headers.
    #[arg(long, value_enum, default_value = "zh")]
    lang: Lang,
    /// The file to write; standard output when unset (not for xlsx).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The site's UTC offset. Reports do not read the site's kept
    /// configuration (`site show`) yet; until they do, it is given here.
    #[arg(long, default_value_t = DEFAULT_UTC_OFFSET_MINUTES, allow_negative_numbers = true)]
    utc_offset_minutes: i32,
}

pub(crate) fn report(settings: &Settings, args: ReportArgs) -> anyhow::Result<()> {
    // Everything the command line says is checked before the database is
    // opened, so a mistake reads nothing and writes no file.
    let request = ReportRequest::parse(
        &args.court,
        args.site.as_deref(),
        &args.from,
        &args.to,
        Some(&args.group),
        Some(args.utc_offset_minutes),
    )?;
    if args.format == Format::Xlsx && args.out.is_none() {
        anyhow::bail!("an XLSX report needs --out FILE");
    }
    let store =
        courtdesk_central::store::open(&settings.database()).context("opening the database")?;
    let document = compute(store.as_ref(), &request, now_ms()).context("computing the report")?;
    let mut bytes = Vec::new();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut bytes, &document)?;
            bytes.push(b'\n');
        }
        Format::Csv => write_csv(&document, args.lang, &mut bytes)?,
        Format::Xlsx => {
            let out = args.out.as_deref().context("an XLSX report needs --out")?;
            write_xlsx(&document, args.lang, out)
                .with_context(|| format!("writing {}", out.display()))?;
            return Ok(());
        }
    }
    match &args.out {
        Some(out) => {
            std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))
        }
        None => std::io::stdout()
            .write_all(&bytes)
            .context("writing to standard output"),
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
