//! From stored record bodies to facts. The intake bodies are written by the
//! terminal (`courtdesk-terminal`'s `intake/records.rs`), which the server
//! does not depend on: the few fields the figures need are read here, and
//! every other field is ignored, so a body that grows stays readable.

use std::collections::{BTreeMap, HashMap};

use courtdesk_core::TerminalId;
use courtdesk_queue::{QueueEvent, QueueRules};
use courtdesk_stats::{
    Clerk, DecisionFacts, DecisionKind, Fact, LockerEvent, LockerFacts, SubmissionFacts,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::store::SyncedRecord;
use courtdesk_protocol::rights;

/// `intake.submitted`.
#[derive(Debug, Deserialize)]
struct Submitted {
    submission_id: String,
    submitted_at_ms: u64,
    #[serde(default)]
    replaces: Option<String>,
}

/// `intake.decided`: the decision is flattened into the body, tagged by
/// `decision` (`accept`, `return` with `reason_code`, `forward` with
/// `department`).
#[derive(Debug, Deserialize)]
struct Decided {
    submission_id: String,
    decision: String,
    #[serde(default)]
    reason_code: Option<String>,
    #[serde(default)]
    department: Option<String>,
    clerk: String,
    decided_at_ms: u64,
}

#[derive(Debug, Deserialize)]
struct LockerDeposited {
    submission_id: String,
    deposited_at_ms: u64,
}

#[derive(Debug, Deserialize)]
struct LockerCollected {
    submission_id: String,
    collected_at_ms: u64,
}

fn read<T: DeserializeOwned>(
    record: &SyncedRecord,
    unreadable: &mut BTreeMap<String, u64>,
) -> Option<T> {
    match serde_json::from_str(&record.body) {
        Ok(body) => Some(body),
        Err(error) => {
            tracing::warn!(kind = %record.kind, %error, "a record counted in no figure: its body is unreadable");
            *unreadable.entry(record.kind.clone()).or_default() += 1;
            None
        }
    }
}

/// One [`TicketFacts`](courtdesk_stats::TicketFacts) per ticket. Each site
/// is its own queue, so its events are merged apart from the others'.
pub(super) fn ticket_facts(
    rules: QueueRules,
    records: &[SyncedRecord],
    clerk_at: impl Fn(&TerminalId, u64) -> Option<Clerk>,
    unreadable: &mut BTreeMap<String, u64>,
) -> Vec<Fact> {
    let mut by_site: BTreeMap<&str, Vec<QueueEvent>> = BTreeMap::new();
    for record in records.iter().filter(|r| r.kind == rights::QUEUE_EVENT) {
        if let Some(event) = read::<QueueEvent>(record, unreadable) {
            by_site.entry(&record.site_id).or_default().push(event);
        }
    }
    by_site
        .values()
        .flat_map(|events| courtdesk_stats::ticket_facts(rules, events, &clerk_at))
        .map(Fact::from)
        .collect()
}

fn decision_of(decided: Decided) -> Option<DecisionFacts> {
    let decision = match decided.decision.as_str() {
        "accept" => DecisionKind::Accepted,
        "return" => DecisionKind::Returned {
            reason: decided.reason_code?,
        },
        "forward" => DecisionKind::Forwarded {
            department: decided.department?,
        },
        _ => return None,
    };
    Some(DecisionFacts {
        decided_ms: decided.decided_at_ms,
        clerk: Clerk(decided.clerk),
        decision,
    })
}

/// Submissions joined with their decisions, and locker events. A
/// submission is decided once; should two decisions arrive, the earlier
/// one stands. A decision whose submission never arrived counts nowhere.
pub(super) fn intake_facts(
    records: &[SyncedRecord],
    unreadable: &mut BTreeMap<String, u64>,
) -> Vec<Fact> {
    let mut submissions: BTreeMap<String, SubmissionFacts> = BTreeMap::new();
    let mut decisions: HashMap<String, DecisionFacts> = HashMap::new();
    let mut facts = Vec::new();
    for record in records {
        match record.kind.as_str() {
            rights::INTAKE_SUBMITTED => {
                if let Some(body) = read::<Submitted>(record, unreadable) {
                    submissions.insert(
                        body.submission_id.clone(),
                        SubmissionFacts {
                            submission_id: body.submission_id,
                            submitted_ms: body.submitted_at_ms,
                            resubmission: body.replaces.is_some(),
                            decision: None,
                        },
                    );
                }
            }
            rights::INTAKE_DECIDED => {
                let Some(body) = read::<Decided>(record, unreadable) else {
                    continue;
                };
                let id = body.submission_id.clone();
                let Some(decision) = decision_of(body) else {
                    *unreadable.entry(record.kind.clone()).or_default() += 1;
                    continue;
                };
                let earlier = decisions
                    .get(&id)
                    .is_some_and(|kept| kept.decided_ms <= decision.decided_ms);
                if !earlier {
                    decisions.insert(id, decision);
                }
            }
            rights::LOCKER_DEPOSITED => {
                if let Some(body) = read::<LockerDeposited>(record, unreadable) {
                    facts.push(Fact::from(LockerFacts {
                        submission_id: body.submission_id,
                        event: LockerEvent::Deposited,
                        at_ms: body.deposited_at_ms,
                    }));
                }
            }
            rights::LOCKER_COLLECTED => {
                if let Some(body) = read::<LockerCollected>(record, unreadable) {
                    facts.push(Fact::from(LockerFacts {
                        submission_id: body.submission_id,
                        event: LockerEvent::Collected,
                        at_ms: body.collected_at_ms,
                    }));
                }
            }
            _ => {}
        }
    }
    for (id, mut submission) in submissions {
        submission.decision = decisions.remove(&id);
        facts.push(Fact::from(submission));
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, body: &str) -> SyncedRecord {
        SyncedRecord {
            site_id: "hall".into(),
            origin: TerminalId::from_bits(1),
            kind: kind.into(),
            hlc: Default::default(),
            body: body.into(),
            received_ms: 0,
        }
    }

    #[test]
    fn a_decision_reads_as_the_terminal_writes_it_and_extra_fields_are_ignored() {
        let records = [
            record(
                rights::INTAKE_SUBMITTED,
                r#"{"submission_id":"s1","submitted_at_ms":1000,"replaces":null,"items":[],"number":"SJ-1"}"#,
            ),
            record(
                rights::INTAKE_DECIDED,
                r#"{"submission_id":"s1","decision":"return","reason_code":"illegible","text":"blurred","clerk":"li","terminal_id":"x","decided_at_ms":61000}"#,
            ),
            record(rights::INTAKE_DECIDED, r#"{"submission_id":"s2"}"#),
        ];
        let mut unreadable = BTreeMap::new();
        let facts = intake_facts(&records, &mut unreadable);
        assert_eq!(unreadable.get(rights::INTAKE_DECIDED), Some(&1));
        let [Fact::Submission(submission)] = facts.as_slice() else {
            panic!("one submission: {facts:?}");
        };
        let decision = submission.decision.as_ref().expect("decided");
        assert_eq!(
            decision.decision,
            DecisionKind::Returned {
                reason: "illegible".into()
            }
        );
        assert_eq!(decision.clerk, Clerk::from("li"));
    }
}
