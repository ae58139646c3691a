//! The one-time written notice (一次性告知): everything a filing lacks, listed
//! once, each with its reason, so the litigant comes back one time only.
//! This module builds the notice and its printable lines; printing is the
//! terminal's.

use courtdesk_core::Locale;
use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

/// Text in Chinese, with an English rendering when the clerk gave one.
/// English lines fall back to the Chinese text rather than print nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wording {
    pub zh: String,
    #[serde(default)]
    pub en: Option<String>,
}

impl Wording {
    pub fn zh(text: &str) -> Wording {
        Wording {
            zh: text.to_owned(),
            en: None,
        }
    }

    pub fn both(zh: &str, en: &str) -> Wording {
        Wording {
            zh: zh.to_owned(),
            en: Some(en.to_owned()),
        }
    }

    fn in_locale(&self, locale: Locale) -> &str {
        match (locale, &self.en) {
            (Locale::En, Some(en)) if !en.trim().is_empty() => en.trim(),
            _ => self.zh.trim(),
        }
    }
}

/// A material a filing can lack. The common ones are named so their wording
/// is the court's own in both languages; anything else is `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "material", content = "label", rename_all = "snake_case")]
pub enum Material {
    /// 起诉状 (the complaint).
    Complaint,
    /// 起诉状副本 (copies of the complaint, one for each defendant).
    ComplaintCopies,
    /// 原告身份证明 (the plaintiff's proof of identity).
    PlaintiffIdentity,
    /// 被告的明确信息 (the defendant's name, address and contacts).
    DefendantInformation,
    /// 证据及证据清单 (evidence and its list).
    Evidence,
    /// 授权委托书 (power of attorney).
    PowerOfAttorney,
    /// 法定代表人身份证明 (proof of the legal representative).
    LegalRepresentativeProof,
    Other(Wording),
}

impl Material {
    fn wording(&self) -> Wording {
        let named = |zh, en| Wording::both(zh, en);
        match self {
            Material::Complaint => named("起诉状", "Complaint"),
            Material::ComplaintCopies => named(
                "起诉状副本（按被告人数提交）",
                "Copies of the complaint, one for each defendant",
            ),
            Material::PlaintiffIdentity => named("原告身份证明", "Plaintiff's proof of identity"),
            Material::DefendantInformation => named(
                "被告的姓名或名称、住所等明确信息",
                "Defendant's name, address and other particulars",
            ),
            Material::Evidence => named("证据及证据清单", "Evidence and list of evidence"),
            Material::PowerOfAttorney => named("授权委托书", "Power of attorney"),
            Material::LegalRepresentativeProof => {
                named("法定代表人身份证明", "Proof of the legal representative")
            }
            Material::Other(wording) => wording.clone(),
        }
    }

    /// Two items name the same material when their kind is the same, or for
    /// `Other`, when their Chinese wording is the same once trimmed.
    fn same_as(&self, other: &Material) -> bool {
        match (self, other) {
            (Material::Other(a), Material::Other(b)) => a.zh.trim() == b.zh.trim(),
            _ => self == other,
        }
    }
}

/// One thing to supplement and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingItem {
    pub material: Material,
    pub reason: Wording,
}

/// Why a notice cannot be issued as drafted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("a notice must list at least one missing item")]
    Empty,
    #[error("item {index} lists a material already listed")]
    Duplicate { index: usize },
    #[error("item {index} has no reason")]
    NoReason { index: usize },
    #[error("item {index} names no material")]
    NoMaterial { index: usize },
}

impl NoticeError {
    pub fn code(&self) -> &'static str {
        match self {
            NoticeError::Empty => "notice_empty",
            NoticeError::Duplicate { .. } => "notice_duplicate_item",
            NoticeError::NoReason { .. } => "notice_item_without_reason",
            NoticeError::NoMaterial { .. } => "notice_item_without_material",
        }
    }
}

/// The notice as issued: at least one item, no material twice, every item
/// with its reason. A draft listing a material twice is refused rather than
/// merged, since the clerk's two reasons may differ and the notice must
/// give the one meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "NoticeParts")]
pub struct OneTimeNotice {
    items: Vec<MissingItem>,
    supplement_by: Option<CivilDate>,
}

#[derive(Deserialize)]
struct NoticeParts {
    items: Vec<MissingItem>,
    supplement_by: Option<CivilDate>,
}

impl TryFrom<NoticeParts> for OneTimeNotice {
    type Error = NoticeError;

    fn try_from(parts: NoticeParts) -> Result<Self, Self::Error> {
        OneTimeNotice::new(parts.items, parts.supplement_by)
    }
}

impl OneTimeNotice {
    /// A notice of `items`, to be supplemented by `supplement_by` when the
    /// clerk sets a date.
    pub fn new(
        items: Vec<MissingItem>,
        supplement_by: Option<CivilDate>,
    ) -> Result<OneTimeNotice, NoticeError> {
        if items.is_empty() {
            return Err(NoticeError::Empty);
        }
        for (index, item) in items.iter().enumerate() {
            if item.material.wording().zh.trim().is_empty() {
                return Err(NoticeError::NoMaterial { index });
            }
            if item.reason.zh.trim().is_empty() {
                return Err(NoticeError::NoReason { index });
            }
            if items[..index]
                .iter()
                .any(|e| e.material.same_as(&item.material))
            {
                return Err(NoticeError::Duplicate { index });
            }
        }
        Ok(OneTimeNotice {
            items,
            supplement_by,
        })
    }

    pub fn items(&self) -> &[MissingItem] {
        &self.items
    }

    pub fn supplement_by(&self) -> Option<CivilDate> {
        self.supplement_by
    }

    /// The notice's printable lines in `locale`, for the filing received on
    /// `received_on` and the notice issued on `issued_on`.
    pub fn lines(
        &self,
        locale: Locale,
        received_on: CivilDate,
        issued_on: CivilDate,
    ) -> Vec<String> {
        let zh = locale == Locale::ZhCn;
        let mut lines = vec![
            if zh {
                "一次性补正告知书"
            } else {
                "One-time notice of materials to supplement"
            }
            .to_owned(),
            if zh {
                format!("收到起诉材料日期：{received_on}　告知日期：{issued_on}")
            } else {
                format!("Filing received: {received_on}  Notice issued: {issued_on}")
            },
            if zh {
                "经审查，您的起诉材料尚需补正以下全部内容：".to_owned()
            } else {
                "Your filing needs all of the following before it can be registered:".to_owned()
            },
        ];
        for (n, item) in self.items.iter().enumerate() {
            let what = item.material.wording();
            let (what, why) = (what.in_locale(locale), item.reason.in_locale(locale));
            lines.push(if zh {
                format!("{}. {what}（原因：{why}）", n + 1)
            } else {
                format!("{}. {what} (reason: {why})", n + 1)
            });
        }
        if let Some(by) = self.supplement_by {
            lines.push(if zh {
                format!("请于{by}前补正。")
            } else {
                format!("Please supplement them by {by}.")
            });
        }
        lines.push(if zh {
            "本告知书一次性列明全部补正事项；补正后立案仍以首次收到材料的日期为收案日期。".to_owned()
        } else {
            "This notice lists everything at once; once supplemented, the filing keeps the date it was first received.".to_owned()
        });
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> CivilDate {
        CivilDate::new(y, m, d).expect("a real date")
    }

    fn item(material: Material, reason: &str) -> MissingItem {
        MissingItem {
            material,
            reason: Wording::zh(reason),
        }
    }

    #[test]
    fn an_empty_notice_or_an_item_without_reason_is_refused() {
        assert_eq!(OneTimeNotice::new(vec![], None), Err(NoticeError::Empty));
        let no_reason = vec![
            item(Material::Complaint, "缺少签名"),
            item(Material::Evidence, "  "),
        ];
        assert_eq!(
            OneTimeNotice::new(no_reason, None),
            Err(NoticeError::NoReason { index: 1 })
        );
        let no_material = vec![item(Material::Other(Wording::zh(" ")), "原因")];
        assert_eq!(
            OneTimeNotice::new(no_material, None),
            Err(NoticeError::NoMaterial { index: 0 })
        );
    }

    #[test]
    fn a_material_listed_twice_is_refused_even_with_another_reason() {
        let twice = vec![
            item(Material::ComplaintCopies, "被告两人，仅交一份"),
            item(Material::Evidence, "缺少证据清单"),
            item(Material::ComplaintCopies, "未签名"),
        ];
        assert_eq!(
            OneTimeNotice::new(twice, None),
            Err(NoticeError::Duplicate { index: 2 })
        );
        let other_twice = vec![
            item(Material::Other(Wording::zh("交通事故认定书")), "缺少"),
            item(
                Material::Other(Wording::zh(" 交通事故认定书")),
                "复印件不清",
            ),
        ];
        assert_eq!(
            OneTimeNotice::new(other_twice, None),
            Err(NoticeError::Duplicate { index: 1 })
        );
    }

    #[test]
    fn the_printed_lines_list_every_item_once_in_both_languages() {
        let notice = OneTimeNotice::new(
            vec![
                MissingItem {
                    material: Material::ComplaintCopies,
                    reason: Wording::both("被告两人，仅交一份", "two defendants, one copy given"),
                },
                item(Material::Other(Wording::zh("交通事故认定书")), "未提交"),
            ],
            Some(date(2027, 1, 4)),
        )
        .expect("a valid notice");
        let zh = notice.lines(Locale::ZhCn, date(2026, 12, 28), date(2026, 12, 28));
        assert_eq!(zh[0], "一次性补正告知书");
        assert!(
            zh.contains(&"1. 起诉状副本（按被告人数提交）（原因：被告两人，仅交一份）".to_owned())
        );
        assert!(zh.contains(&"2. 交通事故认定书（原因：未提交）".to_owned()));
        assert!(zh.contains(&"请于2027-01-04前补正。".to_owned()));
        let en = notice.lines(Locale::En, date(2026, 12, 28), date(2026, 12, 28));
        assert!(en.contains(
            &"1. Copies of the complaint, one for each defendant (reason: two defendants, one copy given)"
                .to_owned()
        ));
        // No English wording was given for the second item: the Chinese prints.
        assert!(en.contains(&"2. 交通事故认定书 (reason: 未提交)".to_owned()));
        let numbered = |lines: &[String]| {
            lines
                .iter()
                .filter(|l| l.starts_with(char::is_numeric))
                .count()
        };
        assert_eq!(numbered(&zh), 2);
        assert_eq!(numbered(&en), 2);
    }

    #[test]
    fn a_notice_that_breaks_the_rules_does_not_deserialize() {
        let empty = r#"{"items":[],"supplement_by":null}"#;
        assert!(serde_json::from_str::<OneTimeNotice>(empty).is_err());
    }
}
