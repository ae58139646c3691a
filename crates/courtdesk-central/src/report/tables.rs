//! The report laid out as tables, one per section, in Chinese or English:
//! what the CSV and XLSX exports both write, so the two never disagree.

use std::collections::BTreeMap;

use courtdesk_stats::{DeliveryDay, Durations, Figures, IntakeDay, QueueTally};
use serde::Serialize;

use super::ReportDocument;
use super::export::Lang;

/// One cell, typed so the XLSX keeps numbers as numbers.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Text(String),
    Count(u64),
    /// Whole seconds; `None` when there was nothing to measure ("—").
    Seconds(Option<u64>),
    /// A mean in seconds.
    Mean(Option<f64>),
    /// A share from 0 to 1, shown as a percentage.
    Share(Option<f64>),
}

/// A section of the report.
#[derive(Debug, Clone)]
pub(super) struct Table {
    /// The sheet's name: short, and unique among the sections.
    pub(super) name: &'static str,
    pub(super) headers: Vec<&'static str>,
    pub(super) rows: Vec<Vec<Cell>>,
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A key of a breakdown as text: its JSON form without quotes.
fn key_text<T: Serialize>(key: &T) -> String {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn durations(d: &Durations) -> [Cell; 3] {
    [
        Cell::Seconds(d.median()),
        Cell::Seconds(d.p90()),
        Cell::Mean(d.mean()),
    ]
}

/// The period column of each group, then the total.
fn per_group(doc: &ReportDocument, lang: Lang) -> Vec<(String, &Figures)> {
    let mut rows: Vec<(String, &Figures)> = doc
        .report
        .groups
        .iter()
        .map(|g| (g.bucket.to_string(), &g.figures))
        .collect();
    rows.push((pick(lang, "合计", "Total").to_owned(), &doc.report.total));
    rows
}

fn queue_headers(lang: Lang) -> Vec<&'static str> {
    vec![
        pick(lang, "取号", "Issued"),
        pick(lang, "办结", "Served"),
        pick(lang, "过号", "No-shows"),
        pick(lang, "作废", "Voided"),
        pick(lang, "转移", "Transferred"),
        pick(lang, "首次叫号", "First calls"),
        pick(lang, "等候时长中位数(秒)", "Wait median (s)"),
        pick(lang, "等候时长P90(秒)", "Wait p90 (s)"),
        pick(lang, "等候时长平均(秒)", "Wait mean (s)"),
        pick(lang, "办理时长中位数(秒)", "Service time median (s)"),
        pick(lang, "办理时长P90(秒)", "Service time p90 (s)"),
        pick(lang, "办理时长平均(秒)", "Service time mean (s)"),
        pick(lang, "过号率", "No-show share"),
    ]
}

fn queue_cells(t: &QueueTally) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Count(t.issued),
        Cell::Count(t.served),
        Cell::Count(t.no_shows),
        Cell::Count(t.voided),
        Cell::Count(t.transferred),
        Cell::Count(t.waits.count()),
    ];
    cells.extend(durations(&t.waits));
    cells.extend(durations(&t.service_times));
    cells.push(Cell::Share(t.no_show_share()));
    cells
}

fn queue(doc: &ReportDocument, lang: Lang) -> Table {
    let mut headers = vec![pick(lang, "期间", "Period")];
    headers.extend(queue_headers(lang));
    let rows = per_group(doc, lang)
        .into_iter()
        .map(|(period, f)| {
            let mut row = vec![Cell::Text(period)];
            row.extend(queue_cells(&f.queue.all));
            row
        })
        .collect();
    Table {
        name: pick(lang, "队列", "Queue"),
        headers,
        rows,
    }
}

fn breakdown<K: Serialize>(
    rows: &mut Vec<Vec<Cell>>,
    dimension: &str,
    map: &BTreeMap<K, QueueTally>,
) {
    for (key, tally) in map {
        let mut row = vec![Cell::Text(dimension.to_owned()), Cell::Text(key_text(key))];
        row.extend(queue_cells(tally));
        rows.push(row);
    }
}

fn queue_breakdown(doc: &ReportDocument, lang: Lang) -> Table {
    let mut headers = vec![pick(lang, "维度", "Dimension"), pick(lang, "项", "Item")];
    headers.extend(queue_headers(lang));
    let q = &doc.report.total.queue;
    let mut rows = Vec::new();
    breakdown(&mut rows, pick(lang, "服务", "service"), &q.by_service);
    breakdown(&mut rows, pick(lang, "窗口", "window"), &q.by_window);
    breakdown(&mut rows, pick(lang, "工作人员", "clerk"), &q.by_clerk);
    breakdown(&mut rows, pick(lang, "时段", "hour"), &q.by_hour);
    breakdown(
        &mut rows,
        pick(lang, "优先类别", "priority"),
        &q.by_priority,
    );
    breakdown(&mut rows, pick(lang, "到访方式", "arrival"), &q.by_arrival);
    breakdown(
        &mut rows,
        pick(lang, "星期", "weekday"),
        &doc.report.by_weekday,
    );
    Table {
        name: pick(lang, "队列分项", "Queue breakdown"),
        headers,
        rows,
    }
}

fn intake_cells(i: &IntakeDay) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Count(i.received),
        Cell::Count(i.resubmitted),
        Cell::Count(i.accepted),
        Cell::Count(i.returned_total()),
        Cell::Count(i.forwarded_total()),
        Cell::Count(i.decided_same_day),
        Cell::Share(i.same_day_share()),
    ];
    cells.extend(durations(&i.turnaround));
    cells.push(Cell::Count(i.locker_deposits));
    cells.push(Cell::Count(i.locker_collections));
    cells
}

fn intake(doc: &ReportDocument, lang: Lang) -> Table {
    let headers = vec![
        pick(lang, "期间", "Period"),
        pick(lang, "收到材料", "Received"),
        pick(lang, "补正重交", "Resubmitted"),
        pick(lang, "接收", "Accepted"),
        pick(lang, "退回", "Returned"),
        pick(lang, "转交", "Forwarded"),
        pick(lang, "当日审结", "Decided same day"),
        pick(lang, "当日审结率", "Same-day share"),
        pick(lang, "审查时长中位数(秒)", "Turnaround median (s)"),
        pick(lang, "审查时长P90(秒)", "Turnaround p90 (s)"),
        pick(lang, "审查时长平均(秒)", "Turnaround mean (s)"),
        pick(lang, "存柜", "Locker deposits"),
        pick(lang, "取件", "Locker collections"),
    ];
    let rows = per_group(doc, lang)
        .into_iter()
        .map(|(period, f)| {
            let mut row = vec![Cell::Text(period)];
            row.extend(intake_cells(&f.intake));
            row
        })
        .collect();
    Table {
        name: pick(lang, "收转材料", "Intake"),
        headers,
        rows,
    }
}

fn counts<K: Serialize>(rows: &mut Vec<Vec<Cell>>, dimension: &str, map: &BTreeMap<K, u64>) {
    for (key, count) in map {
        rows.push(vec![
            Cell::Text(dimension.to_owned()),
            Cell::Text(key_text(key)),
            Cell::Count(*count),
        ]);
    }
}

fn by_reason(doc: &ReportDocument, lang: Lang) -> Table {
    let i = &doc.report.total.intake;
    let mut rows = Vec::new();
    let outcomes = &doc.report.total.queue.all.outcomes;
    counts(&mut rows, pick(lang, "办结结果", "outcome code"), outcomes);
    counts(
        &mut rows,
        pick(lang, "退回原因", "return reason"),
        &i.returned,
    );
    counts(
        &mut rows,
        pick(lang, "转交部门", "department"),
        &i.forwarded,
    );
    counts(
        &mut rows,
        pick(lang, "审查人", "deciding clerk"),
        &i.decisions_by_clerk,
    );
    let refused = &doc.report.total.delivery.refused;
    counts(&mut rows, pick(lang, "拒收原因", "refusal reason"), refused);
    Table {
        name: pick(lang, "分项计数", "Counts by reason"),
        headers: vec![
            pick(lang, "维度", "Dimension"),
            pick(lang, "项", "Item"),
            pick(lang, "数量", "Count"),
        ],
        rows,
    }
}

fn delivery_cells(d: &DeliveryDay) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Count(d.published),
        Cell::Count(d.published_paper),
        Cell::Count(d.read),
        Cell::Count(d.acknowledged),
        Cell::Count(d.refused_total()),
        Cell::Count(d.expired_to_paper),
        Cell::Share(d.acknowledged_share()),
    ];
    cells.extend(durations(&d.to_acknowledgement));
    cells
}

fn delivery(doc: &ReportDocument, lang: Lang) -> Table {
    let headers = vec![
        pick(lang, "期间", "Period"),
        pick(lang, "电子送达发布", "Published"),
        pick(lang, "纸质送达发布", "Published for paper"),
        pick(lang, "已阅读", "Read"),
        pick(lang, "已签收", "Acknowledged"),
        pick(lang, "拒收", "Refused"),
        pick(lang, "逾期转纸质", "Expired to paper"),
        pick(lang, "电子签收率", "Acknowledged share"),
        pick(
            lang,
            "发布至签收中位数(秒)",
            "To acknowledgement median (s)",
        ),
        pick(lang, "发布至签收P90(秒)", "To acknowledgement p90 (s)"),
        pick(lang, "发布至签收平均(秒)", "To acknowledgement mean (s)"),
    ];
    let rows = per_group(doc, lang)
        .into_iter()
        .map(|(period, f)| {
            let mut row = vec![Cell::Text(period)];
            row.extend(delivery_cells(&f.delivery));
            row
        })
        .collect();
    Table {
        name: pick(lang, "电子送达", "E-delivery"),
        headers,
        rows,
    }
}

fn notes(doc: &ReportDocument, lang: Lang) -> Table {
    let mut rows: Vec<Vec<Cell>> = doc
        .not_computed
        .iter()
        .map(|n| {
            vec![
                Cell::Text(n.section.to_owned()),
                Cell::Text(n.reason.to_owned()),
            ]
        })
        .collect();
    for (kind, count) in &doc.unreadable_records {
        rows.push(vec![
            Cell::Text(kind.clone()),
            Cell::Text(format!("{count} unreadable record(s) counted nowhere")),
        ]);
    }
    rows.push(vec![
        Cell::Text("utc_offset_minutes".to_owned()),
        Cell::Text(doc.utc_offset_minutes.to_string()),
    ]);
    Table {
        name: pick(lang, "说明", "Notes"),
        headers: vec![pick(lang, "部分", "Section"), pick(lang, "说明", "Note")],
        rows,
    }
}

/// Every section of the report, in the order the exports write them.
pub(super) fn tables(doc: &ReportDocument, lang: Lang) -> Vec<Table> {
    vec![
        queue(doc, lang),
        queue_breakdown(doc, lang),
        intake(doc, lang),
        delivery(doc, lang),
        by_reason(doc, lang),
        notes(doc, lang),
    ]
}
