//! What is wrong with a configuration: the field, by its path, a code the
//! screens may branch on, and a message in each language.

use std::fmt;

use courtdesk_core::Locale;
use serde::{Deserialize, Serialize};

/// One problem of a configuration. `path` names the field as the
/// configuration's JSON does, with list positions counted from 0 and set
/// members in quotes: `services[2].letter`, `windows[0].services["parking"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

/// The codes, stable on the wire, that screens and scripts may branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    InvalidKey,
    MissingName,
    UtcOffsetOutOfRange,
    NoServices,
    DuplicateId,
    DuplicateLetter,
    LetterInUseToday,
    ZeroExpectedMinutes,
    InvertedSpan,
    OverlappingSpans,
    HolidayIsWorkingDay,
    QuotaBelowIssued,
    ZeroCapacity,
    UnknownService,
    RetiredService,
    UnknownOutcomeCode,
    RetiredOutcomeCode,
    ZeroWindowNumber,
    DeletedWhileReferenced,
    NoCaseTypes,
    ZeroThreshold,
    InvalidValue,
    FilesDisagree,
}

/// A problem's code with what its message needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemKind {
    /// A court, site or account name that is not 1 to 64 printable ASCII
    /// characters.
    InvalidKey,
    MissingName,
    UtcOffsetOutOfRange {
        minutes: i32,
    },
    NoServices,
    DuplicateId {
        id: String,
    },
    /// Two services would print the same numbers.
    DuplicateLetter {
        letter: char,
        first: String,
    },
    /// The letter is still printed today by another service; letters change
    /// the next service day, so it is free only tomorrow.
    LetterInUseToday {
        letter: char,
        by: String,
    },
    ZeroExpectedMinutes,
    InvertedSpan {
        from: String,
        to: String,
    },
    OverlappingSpans {
        other: String,
    },
    HolidayIsWorkingDay {
        day: String,
    },
    QuotaBelowIssued {
        quota: u32,
        issued: u32,
    },
    ZeroCapacity,
    UnknownService {
        id: String,
    },
    RetiredService {
        id: String,
    },
    UnknownOutcomeCode {
        outcome: String,
    },
    RetiredOutcomeCode {
        outcome: String,
    },
    ZeroWindowNumber,
    /// Something records refer to was removed; it may only be retired.
    DeletedWhileReferenced {
        id: String,
    },
    NoCaseTypes,
    ZeroThreshold,
    /// A value the import could not read (a malformed id, time or date).
    InvalidValue {
        value: String,
        expected: String,
    },
    /// Two terminal files of one site say different things.
    FilesDisagree {
        field: String,
    },
}

impl ProblemKind {
    pub fn code(&self) -> ProblemCode {
        match self {
            ProblemKind::InvalidKey => ProblemCode::InvalidKey,
            ProblemKind::MissingName => ProblemCode::MissingName,
            ProblemKind::UtcOffsetOutOfRange { .. } => ProblemCode::UtcOffsetOutOfRange,
            ProblemKind::NoServices => ProblemCode::NoServices,
            ProblemKind::DuplicateId { .. } => ProblemCode::DuplicateId,
            ProblemKind::DuplicateLetter { .. } => ProblemCode::DuplicateLetter,
            ProblemKind::LetterInUseToday { .. } => ProblemCode::LetterInUseToday,
            ProblemKind::ZeroExpectedMinutes => ProblemCode::ZeroExpectedMinutes,
            ProblemKind::InvertedSpan { .. } => ProblemCode::InvertedSpan,
            ProblemKind::OverlappingSpans { .. } => ProblemCode::OverlappingSpans,
            ProblemKind::HolidayIsWorkingDay { .. } => ProblemCode::HolidayIsWorkingDay,
            ProblemKind::QuotaBelowIssued { .. } => ProblemCode::QuotaBelowIssued,
            ProblemKind::ZeroCapacity => ProblemCode::ZeroCapacity,
            ProblemKind::UnknownService { .. } => ProblemCode::UnknownService,
            ProblemKind::RetiredService { .. } => ProblemCode::RetiredService,
            ProblemKind::UnknownOutcomeCode { .. } => ProblemCode::UnknownOutcomeCode,
            ProblemKind::RetiredOutcomeCode { .. } => ProblemCode::RetiredOutcomeCode,
            ProblemKind::ZeroWindowNumber => ProblemCode::ZeroWindowNumber,
            ProblemKind::DeletedWhileReferenced { .. } => ProblemCode::DeletedWhileReferenced,
            ProblemKind::NoCaseTypes => ProblemCode::NoCaseTypes,
            ProblemKind::ZeroThreshold => ProblemCode::ZeroThreshold,
            ProblemKind::InvalidValue { .. } => ProblemCode::InvalidValue,
            ProblemKind::FilesDisagree { .. } => ProblemCode::FilesDisagree,
        }
    }
}

impl Problem {
    pub fn new(path: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            path: path.into(),
            kind,
        }
    }

    pub fn code(&self) -> ProblemCode {
        self.kind.code()
    }

    /// The message for the administrator, starting with the field's path and
    /// saying what to do.
    pub fn message(&self, locale: Locale) -> String {
        let path = &self.path;
        let (zh, en) = texts(&self.kind);
        match locale {
            Locale::ZhCn => format!("{path}：{zh}"),
            Locale::En => format!("{path}: {en}"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

fn texts(kind: &ProblemKind) -> (String, String) {
    use ProblemKind as K;
    match kind {
        K::InvalidKey => (
            "须为 1 至 64 个不含空格的 ASCII 可见字符".into(),
            "must be 1 to 64 printable ASCII characters without spaces".into(),
        ),
        K::MissingName => (
            "名称不能为空，请填写".into(),
            "the name is empty; fill it in".into(),
        ),
        K::UtcOffsetOutOfRange { minutes } => (
            format!("UTC 偏移 {minutes} 分钟超出 −720 至 840 的范围（中国为 480）"),
            format!("the UTC offset {minutes} minutes is outside −720 to 840 (480 for China)"),
        ),
        K::NoServices => (
            "至少需要一项未停用的业务".into(),
            "at least one service that is not retired is needed".into(),
        ),
        K::DuplicateId { id } => (
            format!("编号 {id} 已被前面的一项使用，请换一个"),
            format!("the id {id} is already used by an earlier entry; choose another"),
        ),
        K::DuplicateLetter { letter, first } => (
            format!("字母 {letter} 已由业务 {first} 使用，两项业务会打出相同的号码；请换一个字母"),
            format!(
                "the letter {letter} is already used by service {first}, so both would print the same numbers; choose another letter"
            ),
        ),
        K::LetterInUseToday { letter, by } => (
            format!("字母 {letter} 今天仍由业务 {by} 使用，明天起才能改用"),
            format!(
                "the letter {letter} is still printed today by service {by}; it can be given to another service from tomorrow"
            ),
        ),
        K::ZeroExpectedMinutes => (
            "预计办理分钟数至少为 1".into(),
            "the expected minutes must be at least 1".into(),
        ),
        K::InvertedSpan { from, to } => (
            format!("时段 {from}–{to} 的结束须晚于开始"),
            format!("the span {from}–{to} must end after it starts"),
        ),
        K::OverlappingSpans { other } => (
            format!("该时段与 {other} 重叠，请调整其一"),
            format!("this span overlaps {other}; change one of them"),
        ),
        K::HolidayIsWorkingDay { day } => (
            format!("{day} 既是休息日又是调休工作日，请只保留一个"),
            format!("{day} is both a holiday and an extra working day; keep only one"),
        ),
        K::QuotaBelowIssued { quota, issued } => (
            format!("每日限额 {quota} 低于今天已发出的 {issued} 张号，请至少设为 {issued}"),
            format!(
                "the daily quota {quota} is below the {issued} tickets already issued today; set at least {issued}"
            ),
        ),
        K::ZeroCapacity => (
            "预约时段的容量至少为 1".into(),
            "an appointment slot takes at least 1 appointment".into(),
        ),
        K::UnknownService { id } => (
            format!("没有编号为 {id} 的业务；请先添加该业务或从此处移除"),
            format!("there is no service {id}; add the service first or remove it here"),
        ),
        K::RetiredService { id } => (
            format!("业务 {id} 已停用，不能再使用；请从此处移除"),
            format!("service {id} is retired and cannot be used; remove it here"),
        ),
        K::UnknownOutcomeCode { outcome: code } => (
            format!("没有办理结果代码 {code}；请先添加该代码或从此处移除"),
            format!("there is no outcome code {code}; add the code first or remove it here"),
        ),
        K::RetiredOutcomeCode { outcome: code } => (
            format!("办理结果代码 {code} 已停用；请从此处移除"),
            format!("the outcome code {code} is retired; remove it here"),
        ),
        K::ZeroWindowNumber => ("窗口号从 1 开始".into(), "window numbers start at 1".into()),
        K::DeletedWhileReferenced { id } => (
            format!("{id} 已有记录引用，不能删除，只能停用"),
            format!("{id} is referred to by records and cannot be deleted; retire it instead"),
        ),
        K::NoCaseTypes => (
            "请至少填写一种受理的纠纷类型".into(),
            "list at least one dispute type it takes on".into(),
        ),
        K::ZeroThreshold => (
            "阈值至少为 1".into(),
            "the threshold must be at least 1".into(),
        ),
        K::InvalidValue { value, expected } => (
            format!("无法识别 {value:?}，应为 {expected}"),
            format!("{value:?} is not {expected}"),
        ),
        K::FilesDisagree { field } => (
            format!("与第一个文件的 {field} 不一致；同一站点的终端须一致，请先统一"),
            format!(
                "{field} differs from the first file's; a site's terminals must agree, so make them the same first"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_travels_as_path_code_and_details() {
        let problem = Problem::new(
            "services[1].daily_quota",
            ProblemKind::QuotaBelowIssued {
                quota: 10,
                issued: 12,
            },
        );
        let json = serde_json::to_string(&problem).expect("serializes");
        assert_eq!(
            json,
            r#"{"path":"services[1].daily_quota","code":"quota_below_issued","quota":10,"issued":12}"#
        );
        assert_eq!(
            serde_json::to_value(problem.code()).expect("serializes"),
            "quota_below_issued",
            "the code enum and the tagged kind agree on the wire name"
        );
        assert!(problem.message(Locale::ZhCn).contains("12 张"));
        assert!(
            problem
                .message(Locale::En)
                .starts_with("services[1].daily_quota: ")
        );
    }
}
