//! Litigation-related petitions (涉诉信访): lodged, accepted or referred to
//! a department, replied to, each step within its configured period.

use std::fmt;
use std::str::FromStr;

use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

use crate::{
    CaseNumber, CaseworkError, CaseworkEvent, CaseworkRules, CourtCode, DepartmentId, Moment,
    PetitionId,
};

/// A petition's register number, `（2026）湘1102信访17号`: the court's code,
/// the year and the petition office's running number. It is the center's own
/// register number, counted by a [`crate::Sequence`] of [`PetitionSeries`],
/// and never parses as a case number. Petitions are numbered by the server
/// when lodged: lodging needs the litigant identified with a one-time code,
/// which needs the server anyway.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PetitionNumber {
    pub year: u16,
    pub court_code: CourtCode,
    pub seq: u32,
}

/// The series petition numbers count in: one per court and year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PetitionSeries {
    pub court_code: CourtCode,
    pub year: u16,
}

impl PetitionSeries {
    pub fn number(&self, seq: u32) -> PetitionNumber {
        PetitionNumber {
            year: self.year,
            court_code: self.court_code.clone(),
            seq,
        }
    }
}

const MARK: &str = "信访";

/// Text that is not a petition number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a petition number like （2026）湘1102信访17号")]
pub struct InvalidPetitionNumber {
    text: String,
}

impl fmt::Display for PetitionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "（{}）{}{MARK}{}号",
            self.year, self.court_code, self.seq
        )
    }
}

impl FromStr for PetitionNumber {
    type Err = InvalidPetitionNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = || InvalidPetitionNumber {
            text: s.chars().take(40).collect(),
        };
        // A petition number is a case number's shape with `信访` for the
        // type code: parse it as one with a stand-in type.
        let at = s.find(MARK).ok_or_else(fail)?;
        let stand_in = format!("{}民初{}", &s[..at], &s[at + MARK.len()..]);
        let n: CaseNumber = stand_in.parse().map_err(|_| fail())?;
        Ok(PetitionNumber {
            year: n.year,
            court_code: n.court_code,
            seq: n.seq,
        })
    }
}

impl TryFrom<String> for PetitionNumber {
    type Error = InvalidPetitionNumber;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<PetitionNumber> for String {
    fn from(n: PetitionNumber) -> String {
        n.to_string()
    }
}

/// Where a petition stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PetitionStatus {
    Lodged,
    Accepted {
        on: CivilDate,
    },
    Referred {
        department: DepartmentId,
        on: CivilDate,
    },
    Replied {
        text: String,
        on: CivilDate,
        /// Whether it was referred before the reply, and where.
        referred_to: Option<DepartmentId>,
    },
}

/// A litigation-related petition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Petition {
    pub id: PetitionId,
    pub number: PetitionNumber,
    pub case_number: Option<CaseNumber>,
    pub request: String,
    pub lodged_at: Moment,
    pub lodged_on: CivilDate,
    pub status: PetitionStatus,
}

impl Petition {
    /// A petition lodged `at`.
    pub fn lodge(
        id: PetitionId,
        number: PetitionNumber,
        case_number: Option<CaseNumber>,
        request: &str,
        at: Moment,
    ) -> Result<Petition, CaseworkError> {
        if request.trim().is_empty() {
            return Err(CaseworkError::EmptyPetitionText);
        }
        Ok(Petition {
            id,
            number,
            case_number,
            request: request.trim().to_owned(),
            lodged_at: at,
            lodged_on: at.date(),
            status: PetitionStatus::Lodged,
        })
    }

    /// The last day of the step now due: acceptance (or referral) while
    /// lodged, the reply once accepted or referred; `None` once replied.
    pub fn due_by(&self, rules: &CaseworkRules) -> Option<CivilDate> {
        match &self.status {
            PetitionStatus::Lodged => {
                Some(rules.petition_acceptance_period.last_day(self.lodged_on))
            }
            PetitionStatus::Accepted { on } | PetitionStatus::Referred { on, .. } => {
                Some(rules.petition_reply_period.last_day(*on))
            }
            PetitionStatus::Replied { .. } => None,
        }
    }

    /// Whether the step now due is late at `now`.
    pub fn overdue(&self, now: Moment, rules: &CaseworkRules) -> bool {
        self.due_by(rules).is_some_and(|due| now.date() > due)
    }

    /// The next petition after `event` recorded `at`, or why it is refused.
    pub fn apply(&self, event: &CaseworkEvent, at: Moment) -> Result<Petition, CaseworkError> {
        let today = at.date();
        let mut next = self.clone();
        next.status = match (event, &self.status) {
            (CaseworkEvent::PetitionLodged { .. }, _) => {
                return Err(CaseworkError::AlreadyReceived);
            }
            (CaseworkEvent::PetitionAccepted, PetitionStatus::Lodged) => {
                PetitionStatus::Accepted { on: today }
            }
            (CaseworkEvent::PetitionReferred { department }, PetitionStatus::Lodged) => {
                PetitionStatus::Referred {
                    department: department.clone(),
                    on: today,
                }
            }
            (CaseworkEvent::PetitionAccepted | CaseworkEvent::PetitionReferred { .. }, _) => {
                return Err(match self.status {
                    PetitionStatus::Replied { .. } => CaseworkError::PetitionAlreadyReplied,
                    _ => CaseworkError::PetitionAlreadyHandled,
                });
            }
            (CaseworkEvent::PetitionReplied { text }, status) => {
                let referred_to = match status {
                    PetitionStatus::Lodged => return Err(CaseworkError::PetitionNotHandled),
                    PetitionStatus::Replied { .. } => {
                        return Err(CaseworkError::PetitionAlreadyReplied);
                    }
                    PetitionStatus::Accepted { .. } => None,
                    PetitionStatus::Referred { department, .. } => Some(department.clone()),
                };
                if text.trim().is_empty() {
                    return Err(CaseworkError::EmptyPetitionText);
                }
                PetitionStatus::Replied {
                    text: text.trim().to_owned(),
                    on: today,
                    referred_to,
                }
            }
            _ => return Err(CaseworkError::WrongSubject),
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{at, date, rules};

    fn number(seq: u32) -> PetitionNumber {
        PetitionSeries {
            court_code: "湘1102".parse().expect("a court code"),
            year: 2026,
        }
        .number(seq)
    }

    fn lodged() -> Petition {
        Petition::lodge(
            "p1".parse().expect("an id"),
            number(17),
            "（2026）湘1102民初123号".parse().ok(),
            "请求尽快安排开庭",
            at(2026, 12, 20, 10, 0),
        )
        .expect("a petition")
    }

    fn refused(p: &Petition, event: CaseworkEvent) -> CaseworkError {
        p.apply(&event, at(2026, 12, 21, 9, 0))
            .expect_err("the step should be refused")
    }

    #[test]
    fn petition_numbers_print_and_parse_and_are_not_case_numbers() {
        assert_eq!(number(17).to_string(), "（2026）湘1102信访17号");
        assert_eq!("（2026）湘1102信访17号".parse(), Ok(number(17)));
        assert_eq!("(2026)湘1102信访17号".parse(), Ok(number(17)));
        assert!("（2026）湘1102信访017号".parse::<PetitionNumber>().is_err());
        assert!("（2026）湘1102民初17号".parse::<PetitionNumber>().is_err());
        assert!("（2026）湘1102信访17号".parse::<CaseNumber>().is_err());
    }

    #[test]
    fn an_empty_request_is_refused() {
        let made = Petition::lodge(
            "p".parse().expect("id"),
            number(1),
            None,
            "  ",
            at(2026, 12, 20, 10, 0),
        );
        assert_eq!(made.err(), Some(CaseworkError::EmptyPetitionText));
    }

    #[test]
    fn acceptance_is_due_in_fifteen_days_and_the_reply_sixty_days_after() {
        let p = lodged();
        assert_eq!(p.due_by(&rules()), Some(date(2027, 1, 4)));
        assert!(!p.overdue(at(2027, 1, 4, 23, 59), &rules()));
        assert!(p.overdue(at(2027, 1, 5, 0, 0), &rules()));
        let accepted = p
            .apply(&CaseworkEvent::PetitionAccepted, at(2026, 12, 31, 9, 0))
            .expect("accepted");
        assert_eq!(accepted.due_by(&rules()), Some(date(2027, 3, 1)));
        let replied = accepted
            .apply(
                &CaseworkEvent::PetitionReplied {
                    text: "已安排于2027年1月15日开庭。".to_owned(),
                },
                at(2027, 1, 6, 9, 0),
            )
            .expect("replied");
        assert_eq!(replied.due_by(&rules()), None);
        assert!(!replied.overdue(at(2030, 1, 1, 0, 0), &rules()));
    }

    #[test]
    fn a_referred_petition_is_replied_with_its_department_kept() {
        let department: DepartmentId = "trial-1".parse().expect("an id");
        let referred = lodged()
            .apply(
                &CaseworkEvent::PetitionReferred {
                    department: department.clone(),
                },
                at(2026, 12, 21, 9, 0),
            )
            .expect("referred");
        let replied = referred
            .apply(
                &CaseworkEvent::PetitionReplied {
                    text: "答复".to_owned(),
                },
                at(2026, 12, 22, 9, 0),
            )
            .expect("replied");
        assert_eq!(
            replied.status,
            PetitionStatus::Replied {
                text: "答复".to_owned(),
                on: date(2026, 12, 22),
                referred_to: Some(department),
            }
        );
    }

    #[test]
    fn out_of_order_steps_are_refused() {
        let p = lodged();
        let reply = |text: &str| CaseworkEvent::PetitionReplied {
            text: text.to_owned(),
        };
        assert_eq!(
            refused(&p, reply("答复")),
            CaseworkError::PetitionNotHandled
        );
        let accepted = p
            .apply(&CaseworkEvent::PetitionAccepted, at(2026, 12, 21, 9, 0))
            .expect("accepted");
        assert_eq!(
            refused(&accepted, CaseworkEvent::PetitionAccepted),
            CaseworkError::PetitionAlreadyHandled
        );
        let refer = CaseworkEvent::PetitionReferred {
            department: "d".parse().expect("id"),
        };
        assert_eq!(
            refused(&accepted, refer.clone()),
            CaseworkError::PetitionAlreadyHandled
        );
        assert_eq!(
            refused(&accepted, reply(" ")),
            CaseworkError::EmptyPetitionText
        );
        let replied = accepted
            .apply(&reply("答复"), at(2026, 12, 22, 9, 0))
            .expect("replied");
        assert_eq!(
            refused(&replied, reply("再答复")),
            CaseworkError::PetitionAlreadyReplied
        );
        assert_eq!(
            refused(&replied, refer),
            CaseworkError::PetitionAlreadyReplied
        );
        assert_eq!(
            refused(&p, CaseworkEvent::Supplemented),
            CaseworkError::WrongSubject
        );
        let again = CaseworkEvent::PetitionLodged {
            number: number(18),
            case_number: None,
            request: "x".to_owned(),
        };
        assert_eq!(refused(&p, again), CaseworkError::AlreadyReceived);
    }
}
