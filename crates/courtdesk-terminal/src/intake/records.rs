//! The intake records' bodies as they travel: a submission
//! (`intake.submitted`), a review decision (`intake.decided`), papers put
//! into a kiosk's locker (`intake.locker_deposited`) and taken out again
//! (`intake.locker_collected`), and the fixed lists their codes come from.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kind of a submission's record.
pub const SUBMITTED: &str = "intake.submitted";
/// The kind of a review decision's record.
pub const DECIDED: &str = "intake.decided";
/// The kind of the record of papers put into a locker compartment.
pub const LOCKER_DEPOSITED: &str = "intake.locker_deposited";
/// The kind of the record of a compartment opened with its pickup code.
pub const LOCKER_COLLECTED: &str = "intake.locker_collected";

/// Material types an item may have; the UI translates each code and the
/// receipt prints the labels of [`material_label`].
pub const MATERIAL_TYPES: &[&str] = &[
    "complaint",
    "defence",
    "evidence",
    "id_copy",
    "power_of_attorney",
    "application",
    "other",
];

/// Case types a new filing may name.
pub const CASE_TYPES: &[&str] = &[
    "civil",
    "commercial",
    "administrative",
    "enforcement",
    "criminal_private",
];

/// Why a clerk returns a submission for correction.
pub const RETURN_REASONS: &[&str] = &[
    "incomplete",
    "illegible",
    "wrong_case",
    "missing_signature",
    "wrong_material_type",
    "other",
];

/// The Chinese and English labels of a material type, for the receipt.
pub(crate) fn material_label(code: &str) -> (&'static str, &'static str) {
    match code {
        "complaint" => ("起诉状", "Statement of claim"),
        "defence" => ("答辩状", "Defence"),
        "evidence" => ("证据材料", "Evidence"),
        "id_copy" => ("身份证明", "Identity document"),
        "power_of_attorney" => ("授权委托书", "Power of attorney"),
        "application" => ("申请书", "Application"),
        _ => ("其他材料", "Other materials"),
    }
}

/// Which case a submission is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseRef {
    /// A case the court already has, by its number.
    Existing { case_number: String },
    /// A new filing of one of [`CASE_TYPES`], with the answers of the
    /// kiosk's guided questions when the litigant gave them.
    NewFiling {
        case_type: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        answers: Option<FilingAnswers>,
    },
}

/// Who files a new case: the party themself, or someone for them.
pub const FILERS: &[&str] = &["self", "agent"];

/// Who the other side of a new filing is.
pub const OPPONENTS: &[&str] = &["person", "organisation", "government"];

/// What a new filing is about, per case type; the last of each is `other`.
pub fn subjects(case_type: &str) -> &'static [&'static str] {
    match case_type {
        "civil" => &[
            "loan",
            "contract",
            "labour",
            "family",
            "traffic_accident",
            "property",
            "other",
        ],
        "commercial" => &["sale", "finance", "company", "other"],
        "administrative" => &["penalty", "permit", "compensation", "other"],
        "enforcement" => &["judgment", "mediation", "arbitral_award", "other"],
        "criminal_private" => &["insult", "minor_injury", "other"],
        _ => &[],
    }
}

/// The largest sum a new filing may claim, in yuan: 10^12 - 1.
pub const MAX_CLAIM_YUAN: u64 = 999_999_999_999;

/// The guided questions' answers for a new filing, one question a screen:
/// who files, who the other side is, what it is about, and the sum asked
/// for, if money is asked for. The desk reads them to route the filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FilingAnswers {
    /// One of [`FILERS`].
    pub filer: String,
    /// One of [`OPPONENTS`].
    pub opponent: String,
    /// One of [`subjects`] of the case type.
    pub subject: String,
    /// The sum claimed in whole yuan, when money is claimed.
    #[ts(type = "number | null")]
    pub claim_yuan: Option<u64>,
}

impl FilingAnswers {
    /// Checks each answer against its list; the error is the field's name.
    fn check(&self, case_type: &str) -> Result<(), &'static str> {
        if !FILERS.contains(&self.filer.as_str()) {
            return Err("filer");
        }
        if !OPPONENTS.contains(&self.opponent.as_str()) {
            return Err("opponent");
        }
        if !subjects(case_type).contains(&self.subject.as_str()) {
            return Err("subject");
        }
        match self.claim_yuan {
            Some(0) => Err("claim_yuan"),
            Some(yuan) if yuan > MAX_CLAIM_YUAN => Err("claim_yuan"),
            _ => Ok(()),
        }
    }
}

impl CaseRef {
    /// Checks the number or the case type; the error is a `bad_input` detail.
    pub(crate) fn check(&self) -> Result<(), &'static str> {
        match self {
            CaseRef::Existing { case_number } => {
                let n = case_number.trim();
                if n.is_empty() || n.chars().count() > 64 || n.chars().any(char::is_control) {
                    return Err("case_number");
                }
            }
            CaseRef::NewFiling { case_type, answers } => {
                if !CASE_TYPES.contains(&case_type.as_str()) {
                    return Err("case_type");
                }
                if let Some(answers) = answers {
                    answers.check(case_type)?;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn case_number(&self) -> Option<&str> {
        match self {
            CaseRef::Existing { case_number } => Some(case_number.trim()),
            CaseRef::NewFiling { .. } => None,
        }
    }
}

/// One submitted file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemBody {
    pub item_id: String,
    /// One of [`MATERIAL_TYPES`].
    pub material: String,
    /// The file's name made safe to show; never a path.
    pub display_name: String,
    /// `application/pdf`, `image/jpeg`, `image/png` or `image/tiff`.
    pub media_type: String,
    pub pages: u32,
    #[ts(type = "number")]
    pub size: u64,
    /// The content's SHA-256, lowercase hex: the blob's name.
    pub sha256: String,
}

/// The body of an `intake.submitted` record. It names the party by the
/// masked ID number only: never the full number, a name or a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedBody {
    pub submission_id: String,
    /// What the litigant quotes, e.g. `SJ-20261129-7K3QXM`.
    pub number: String,
    /// The random token the receipt's QR code carries.
    pub status_token: String,
    pub case: CaseRef,
    pub party_masked_id: String,
    pub items: Vec<ItemBody>,
    /// The returned submission this one corrects, if any.
    pub replaces: Option<String>,
    pub terminal_id: String,
    pub submitted_at_ms: u64,
}

/// A clerk's decision on a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Accept,
    /// Back to the litigant for correction: one of [`RETURN_REASONS`] and
    /// the clerk's words.
    Return {
        reason_code: String,
        text: String,
    },
    /// On to a trial department.
    Forward {
        department: String,
    },
}

/// The body of an `intake.decided` record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecidedBody {
    pub submission_id: String,
    #[serde(flatten)]
    pub decision: Decision,
    /// The signed-in clerk's username.
    pub clerk: String,
    pub terminal_id: String,
    pub decided_at_ms: u64,
}

/// The body of an `intake.locker_deposited` record: a submission's papers
/// are in compartment `compartment` of the kiosk `terminal_id`, which
/// `pickup_code` opens once. The code is for the court (the clerk or the
/// judge's office); the litigant's slip and screen never show it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockerDepositedBody {
    pub submission_id: String,
    pub compartment: u16,
    pub terminal_id: String,
    /// Empty in a deposit pulled by a kiosk: the server sends the code to
    /// desks only (`courtdesk_protocol::rights`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pickup_code: String,
    pub deposited_at_ms: u64,
}

impl std::fmt::Debug for LockerDepositedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockerDepositedBody")
            .field("submission_id", &self.submission_id)
            .field("compartment", &self.compartment)
            .field("terminal_id", &self.terminal_id)
            .field("deposited_at_ms", &self.deposited_at_ms)
            .finish_non_exhaustive()
    }
}

/// The body of an `intake.locker_collected` record: the compartment was
/// opened with its pickup code and the code is spent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockerCollectedBody {
    pub submission_id: String,
    pub compartment: u16,
    pub terminal_id: String,
    pub collected_at_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::{CASE_TYPES, CaseRef, FilingAnswers, MAX_CLAIM_YUAN, subjects};

    fn filing(answers: FilingAnswers) -> CaseRef {
        CaseRef::NewFiling {
            case_type: "civil".into(),
            answers: Some(answers),
        }
    }

    fn answers() -> FilingAnswers {
        FilingAnswers {
            filer: "self".into(),
            opponent: "person".into(),
            subject: "loan".into(),
            claim_yuan: Some(50_000),
        }
    }

    #[test]
    fn every_case_type_has_subjects_ending_in_other() {
        for case_type in CASE_TYPES {
            assert_eq!(subjects(case_type).last(), Some(&"other"), "{case_type}");
        }
        assert!(subjects("poetry").is_empty());
    }

    #[test]
    fn answers_outside_their_lists_are_refused_by_field() {
        assert_eq!(filing(answers()).check(), Ok(()));
        let no_money = FilingAnswers {
            claim_yuan: None,
            ..answers()
        };
        assert_eq!(filing(no_money).check(), Ok(()));
        for (bad, field) in [
            (
                FilingAnswers {
                    filer: "judge".into(),
                    ..answers()
                },
                "filer",
            ),
            (
                FilingAnswers {
                    opponent: "".into(),
                    ..answers()
                },
                "opponent",
            ),
            // A subject of another case type.
            (
                FilingAnswers {
                    subject: "penalty".into(),
                    ..answers()
                },
                "subject",
            ),
            (
                FilingAnswers {
                    claim_yuan: Some(0),
                    ..answers()
                },
                "claim_yuan",
            ),
            (
                FilingAnswers {
                    claim_yuan: Some(MAX_CLAIM_YUAN + 1),
                    ..answers()
                },
                "claim_yuan",
            ),
        ] {
            assert_eq!(filing(bad).check(), Err(field));
        }
    }

    #[test]
    fn a_filing_without_answers_reads_as_before() {
        let plain: CaseRef =
            serde_json::from_str(r#"{"kind":"new_filing","case_type":"civil"}"#).expect("reads");
        assert_eq!(
            plain,
            CaseRef::NewFiling {
                case_type: "civil".into(),
                answers: None
            }
        );
        assert_eq!(
            serde_json::to_string(&plain).expect("writes"),
            r#"{"kind":"new_filing","case_type":"civil"}"#
        );
        let unknown = r#"{"kind":"new_filing","case_type":"civil","answers":{"filer":"self","opponent":"person","subject":"loan","claim_yuan":null,"extra":1}}"#;
        assert!(serde_json::from_str::<CaseRef>(unknown).is_err());
    }
}
