//! Who may push which record, and what each kind of terminal receives back.
//!
//! Architecture invariant: this table is the one place that says which mode
//! makes which kind of record. The server enforces it at push
//! ([`may_push`]), filters pulls by it ([`receives`], [`redact_for`]), and
//! terminals refuse a pulled record whose origin's mode the table does not
//! allow ([`may_originate`]). ARCHITECTURE.md carries the same matrix, and a
//! test there compares the two.
//!
//! A record kind not in the table is refused from every mode: a terminal
//! can only say what the court has a rule for.

use courtdesk_core::{Mode, TerminalId};
use serde_json::Value;

use crate::record::Record;

/// `queue.event`: one change to a ticket (`courtdesk-queue`'s `QueueEvent`).
pub const QUEUE_EVENT: &str = "queue.event";
/// `queue.appointment`: an appointment booked at a desk.
pub const QUEUE_APPOINTMENT: &str = "queue.appointment";
/// `intake.submitted`: materials filed at a kiosk.
pub const INTAKE_SUBMITTED: &str = "intake.submitted";
/// `intake.decided`: a clerk's review decision on a submission.
pub const INTAKE_DECIDED: &str = "intake.decided";
/// `intake.locker_deposited`: papers put into a kiosk's locker, with the
/// pickup code for the court.
pub const LOCKER_DEPOSITED: &str = "intake.locker_deposited";
/// `intake.locker_collected`: court staff took the papers out.
pub const LOCKER_COLLECTED: &str = "intake.locker_collected";
/// `terminal.status`: what a terminal says of itself (diagnostics, no
/// personal data). The only kind a display pushes.
pub const TERMINAL_STATUS: &str = "terminal.status";

/// The field of a locker deposit that only desks receive.
pub const PICKUP_CODE_FIELD: &str = "pickup_code";

/// One row of the matrix: a record kind, the modes that may push it, and
/// the modes that receive it in a pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindRule {
    pub kind: &'static str,
    pub pushed_by: &'static [Mode],
    pub pulled_by: &'static [Mode],
    /// Why, in one line, for the refusal's message and the documentation.
    pub rule: &'static str,
}

const ALL: &[Mode] = &[Mode::Kiosk, Mode::Staff, Mode::Display];
const KIOSK: &[Mode] = &[Mode::Kiosk];
const STAFF: &[Mode] = &[Mode::Staff];
const KIOSK_STAFF: &[Mode] = &[Mode::Kiosk, Mode::Staff];

/// The matrix, record kind × mode.
pub const MATRIX: &[KindRule] = &[
    KindRule {
        kind: QUEUE_EVENT,
        pushed_by: KIOSK_STAFF,
        pulled_by: ALL,
        rule: "kiosks issue, check in and void tickets; desks call, serve, park, transfer and finish them",
    },
    KindRule {
        kind: QUEUE_APPOINTMENT,
        pushed_by: STAFF,
        pulled_by: KIOSK_STAFF,
        rule: "appointments are booked at a desk and checked in at a kiosk",
    },
    KindRule {
        kind: INTAKE_SUBMITTED,
        pushed_by: KIOSK,
        pulled_by: KIOSK_STAFF,
        rule: "materials are filed at a kiosk and reviewed at a desk",
    },
    KindRule {
        kind: INTAKE_DECIDED,
        pushed_by: STAFF,
        pulled_by: KIOSK_STAFF,
        rule: "only a clerk at a desk decides on a submission",
    },
    KindRule {
        kind: LOCKER_DEPOSITED,
        pushed_by: KIOSK,
        pulled_by: KIOSK_STAFF,
        rule: "papers go into a kiosk's locker; only desks receive the pickup code",
    },
    KindRule {
        kind: LOCKER_COLLECTED,
        pushed_by: KIOSK,
        pulled_by: KIOSK_STAFF,
        rule: "staff collect papers at the kiosk's locker",
    },
    KindRule {
        kind: TERMINAL_STATUS,
        pushed_by: ALL,
        pulled_by: STAFF,
        rule: "every terminal reports its own status; desks (a supervisor's screen) read them",
    },
];

/// The `kind` values of a `queue.event`'s `change` a kiosk may push.
pub const KIOSK_QUEUE_CHANGES: &[&str] = &["issued", "checked_in", "voided"];
/// The `kind` values of a `queue.event`'s `change` a desk may push.
pub const DESK_QUEUE_CHANGES: &[&str] = &[
    "called",
    "recalled",
    "no_show",
    "parked",
    "resumed",
    "transferred",
    "serving_started",
    "finished",
    "claimed",
];

/// Why a record may not be pushed by this terminal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {mode} may not push record {record} of kind {kind:?}: {rule}")]
pub struct PushDenied {
    pub record: String,
    pub kind: String,
    pub mode: &'static str,
    pub rule: String,
}

/// The matrix row of a kind.
pub fn rule_of(kind: &str) -> Option<&'static KindRule> {
    MATRIX.iter().find(|rule| rule.kind == kind)
}

/// Whether a terminal of `mode` (with id `origin`) may push `record`.
///
/// Besides the kind, a queue event must be the terminal's own (its `origin`
/// is the pushing terminal) and a change of the pushing mode's side.
pub fn may_push(mode: Mode, origin: &TerminalId, record: &Record) -> Result<(), PushDenied> {
    let denied = |rule: &str| PushDenied {
        record: record.id.to_string(),
        kind: record.kind.clone(),
        mode: mode.as_str(),
        rule: rule.to_owned(),
    };
    let Some(rule) = rule_of(&record.kind) else {
        return Err(denied("the court has no rule for this kind of record"));
    };
    if !rule.pushed_by.contains(&mode) {
        return Err(denied(rule.rule));
    }
    if record.kind == QUEUE_EVENT {
        let body = &record.body;
        if body.get("origin").and_then(Value::as_str) != Some(origin.as_str()) {
            return Err(denied("a queue event names the terminal that made it"));
        }
        let change = body
            .get("change")
            .and_then(|c| c.get("kind"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let allowed = match mode {
            Mode::Kiosk => KIOSK_QUEUE_CHANGES,
            Mode::Staff => DESK_QUEUE_CHANGES,
            Mode::Display => &[],
        };
        if !allowed.contains(&change) {
            return Err(denied(rule.rule));
        }
    }
    Ok(())
}

/// Whether a terminal of `mode` receives records of `kind` in a pull.
pub fn receives(mode: Mode, kind: &str) -> bool {
    rule_of(kind).is_some_and(|rule| rule.pulled_by.contains(&mode))
}

/// The kinds a terminal of `mode` receives, for a pull's query.
pub fn received_kinds(mode: Mode) -> Vec<&'static str> {
    MATRIX
        .iter()
        .filter(|rule| rule.pulled_by.contains(&mode))
        .map(|rule| rule.kind)
        .collect()
}

/// Whether a pulled record of `kind` may have come from a terminal of
/// `origin_mode`: what a terminal checks before it takes a record in.
pub fn may_originate(origin_mode: Mode, kind: &str) -> bool {
    rule_of(kind).is_some_and(|rule| rule.pushed_by.contains(&origin_mode))
}

/// The body a terminal of `mode` receives for a record of `kind`, when it
/// differs from the stored one: a locker deposit reaches kiosks without its
/// pickup code (a six-digit code is found from any hash of it by trying a
/// million, so kiosks get no hash either; the kiosk that issued the code
/// keeps it in its own store).
pub fn redact_for(mode: Mode, kind: &str, body: &Value) -> Option<Value> {
    if mode == Mode::Staff || kind != LOCKER_DEPOSITED {
        return None;
    }
    let mut body = body.clone();
    body.as_object_mut()?.remove(PICKUP_CODE_FIELD)?;
    Some(body)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::hlc::Hlc;
    use crate::record::RecordId;

    fn record(kind: &str, body: Value) -> Record {
        Record {
            id: RecordId::from_bits(1),
            kind: kind.into(),
            hlc: Hlc::default(),
            body,
        }
    }

    fn queue_event(origin: &TerminalId, change: &str) -> Record {
        record(
            QUEUE_EVENT,
            json!({"origin": origin.as_str(), "change": {"kind": change}}),
        )
    }

    /// ARCHITECTURE.md's table of the matrix, row by row, as it reads.
    #[test]
    fn the_architecture_page_holds_the_matrix() {
        let page = include_str!("../../../ARCHITECTURE.md");
        let names = |modes: &[Mode]| {
            modes
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let expected: Vec<String> = MATRIX
            .iter()
            .map(|rule| {
                format!(
                    "| `{}` | {} | {} |",
                    rule.kind,
                    names(rule.pushed_by),
                    names(rule.pulled_by)
                )
            })
            .collect();
        let found: Vec<String> = page
            .lines()
            .filter(|line| line.starts_with("| `") && line.ends_with(" |"))
            .filter(|line| {
                MATRIX
                    .iter()
                    .any(|r| line.starts_with(&format!("| `{}`", r.kind)))
            })
            .map(str::to_owned)
            .collect();
        assert_eq!(
            found, expected,
            "ARCHITECTURE.md's matrix and MATRIX differ"
        );
    }

    #[test]
    fn every_kind_is_listed_once() {
        for (i, rule) in MATRIX.iter().enumerate() {
            assert!(
                MATRIX[i + 1..].iter().all(|other| other.kind != rule.kind),
                "{} is listed twice",
                rule.kind
            );
        }
    }

    #[test]
    fn a_kiosk_cannot_push_a_clerks_decision_or_call() {
        let kiosk = TerminalId::from_bits(7);
        let refused = may_push(Mode::Kiosk, &kiosk, &record(INTAKE_DECIDED, json!({})));
        assert!(refused.is_err(), "{refused:?}");
        assert!(may_push(Mode::Kiosk, &kiosk, &queue_event(&kiosk, "called")).is_err());
        assert!(may_push(Mode::Kiosk, &kiosk, &queue_event(&kiosk, "issued")).is_ok());
    }

    #[test]
    fn a_desk_cannot_issue_a_ticket_or_file_materials() {
        let desk = TerminalId::from_bits(8);
        assert!(may_push(Mode::Staff, &desk, &queue_event(&desk, "issued")).is_err());
        assert!(may_push(Mode::Staff, &desk, &record(INTAKE_SUBMITTED, json!({}))).is_err());
        assert!(may_push(Mode::Staff, &desk, &queue_event(&desk, "finished")).is_ok());
    }

    #[test]
    fn a_queue_event_must_name_its_pusher() {
        let desk = TerminalId::from_bits(8);
        let other = TerminalId::from_bits(9);
        let denied = may_push(Mode::Staff, &desk, &queue_event(&other, "called"))
            .expect_err("another terminal's event");
        assert!(denied.rule.contains("names the terminal"), "{denied}");
    }

    #[test]
    fn a_display_pushes_only_its_status_and_unknown_kinds_go_nowhere() {
        let display = TerminalId::from_bits(3);
        assert!(may_push(Mode::Display, &display, &record(TERMINAL_STATUS, json!({}))).is_ok());
        assert!(may_push(Mode::Display, &display, &queue_event(&display, "called")).is_err());
        for mode in Mode::ALL {
            assert!(may_push(mode, &display, &record("test.note", json!({}))).is_err());
        }
    }

    #[test]
    fn a_display_receives_the_queue_only() {
        assert_eq!(received_kinds(Mode::Display), vec![QUEUE_EVENT]);
        assert!(!receives(Mode::Display, LOCKER_DEPOSITED));
        assert!(receives(Mode::Staff, LOCKER_DEPOSITED));
    }

    #[test]
    fn only_desks_receive_a_pickup_code() {
        let body = json!({"submission_id": "s", "pickup_code": "123456", "compartment": 3});
        assert_eq!(redact_for(Mode::Staff, LOCKER_DEPOSITED, &body), None);
        let kiosk = redact_for(Mode::Kiosk, LOCKER_DEPOSITED, &body).expect("redacted");
        assert_eq!(kiosk, json!({"submission_id": "s", "compartment": 3}));
        assert_eq!(redact_for(Mode::Kiosk, INTAKE_SUBMITTED, &body), None);
    }

    #[test]
    fn a_pulled_decision_from_a_kiosk_is_not_believed() {
        assert!(!may_originate(Mode::Kiosk, INTAKE_DECIDED));
        assert!(may_originate(Mode::Staff, INTAKE_DECIDED));
        assert!(!may_originate(Mode::Display, QUEUE_EVENT));
    }
}
