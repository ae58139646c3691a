//! The site's submissions as this terminal knows them, read from the kept
//! intake records: a submission's status, its history of corrections and
//! decisions, the review queue. Records from elsewhere are taken in from
//! the inbox before every read, so every terminal of the site that has
//! pulled the same records shows the same thing, offline too.

use std::collections::HashMap;

use courtdesk_store::{IntakeRecordRow, Store, StoreError};
use serde::Serialize;
use ts_rs::TS;

use super::records::{
    DECIDED, DecidedBody, Decision, LOCKER_COLLECTED, LOCKER_DEPOSITED, LockerCollectedBody,
    LockerDepositedBody, SUBMITTED, SubmittedBody,
};

/// Pulled changes read from the inbox at a time.
const INBOX_PAGE: usize = 500;

/// Takes the intake records that arrived in the inbox into the kept ones.
pub(crate) fn take_in(store: &Store) -> Result<(), StoreError> {
    let mut cursor = store.intake_inbox_cursor()?;
    loop {
        let changes = store.inbox(cursor, INBOX_PAGE)?;
        let Some(last) = changes.last() else {
            return Ok(());
        };
        let next = last.seq;
        let rows: Vec<IntakeRecordRow> = changes
            .iter()
            .filter(|c| {
                [SUBMITTED, DECIDED, LOCKER_DEPOSITED, LOCKER_COLLECTED]
                    .contains(&c.record.kind.as_str())
            })
            .filter_map(|c| {
                let submission_id = c.record.body.get("submission_id")?.as_str()?.to_owned();
                Some(IntakeRecordRow {
                    record_id: c.record.id.as_str().to_owned(),
                    kind: c.record.kind.clone(),
                    submission_id,
                    origin: c.origin.as_str().to_owned(),
                    hlc_wall_ms: c.record.hlc.wall_ms,
                    hlc_counter: c.record.hlc.counter,
                    body: c.record.body.to_string(),
                })
            })
            .collect();
        store.import_intake_records(&rows, next)?;
        cursor = next;
    }
}

/// Where a submission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    AwaitingReview,
    Accepted,
    Returned,
    Forwarded,
    /// Returned, then corrected by a later submission that replaces it.
    Replaced,
}

/// A decision as kept.
#[derive(Debug, Clone)]
pub(crate) struct KeptDecision {
    pub(crate) body: DecidedBody,
}

/// Papers put into a locker for a submission, and whether they were
/// taken out.
#[derive(Debug, Clone)]
pub(crate) struct KeptLockerDeposit {
    pub(crate) body: LockerDepositedBody,
    pub(crate) collected_at_ms: Option<u64>,
}

/// A submission with its decisions and locker deposits, oldest first.
#[derive(Debug, Clone)]
pub(crate) struct KeptSubmission {
    pub(crate) body: SubmittedBody,
    pub(crate) decisions: Vec<KeptDecision>,
    pub(crate) replaced_by: Option<String>,
    pub(crate) lockers: Vec<KeptLockerDeposit>,
}

impl KeptSubmission {
    /// The decision that counts: the first in the shared order (two desks
    /// deciding while cut off from each other agree on the same one); the
    /// others stay in the history.
    pub(crate) fn decision(&self) -> Option<&KeptDecision> {
        self.decisions.first()
    }

    pub(crate) fn status(&self) -> SubmissionStatus {
        if self.replaced_by.is_some() {
            return SubmissionStatus::Replaced;
        }
        match self.decision().map(|d| &d.body.decision) {
            None => SubmissionStatus::AwaitingReview,
            Some(Decision::Accept) => SubmissionStatus::Accepted,
            Some(Decision::Return { .. }) => SubmissionStatus::Returned,
            Some(Decision::Forward { .. }) => SubmissionStatus::Forwarded,
        }
    }
}

/// Every kept submission by id, in clock order.
#[derive(Debug, Default)]
pub(crate) struct Book {
    pub(crate) order: Vec<String>,
    pub(crate) submissions: HashMap<String, KeptSubmission>,
}

impl Book {
    /// Takes in the inbox, then reads every kept intake record.
    pub(crate) fn read(store: &Store) -> Result<Book, StoreError> {
        take_in(store)?;
        let mut book = Book::default();
        let mut decisions = Vec::new();
        let mut deposits = Vec::new();
        let mut collections = Vec::new();
        for row in store.intake_records()? {
            match row.kind.as_str() {
                SUBMITTED => match serde_json::from_str::<SubmittedBody>(&row.body) {
                    Ok(body) => {
                        book.order.push(body.submission_id.clone());
                        book.submissions.insert(
                            body.submission_id.clone(),
                            KeptSubmission {
                                body,
                                decisions: Vec::new(),
                                replaced_by: None,
                                lockers: Vec::new(),
                            },
                        );
                    }
                    Err(error) => tracing::warn!(%error, "an intake record cannot be read"),
                },
                DECIDED => match serde_json::from_str::<DecidedBody>(&row.body) {
                    Ok(body) => decisions.push(body),
                    Err(error) => tracing::warn!(%error, "an intake decision cannot be read"),
                },
                LOCKER_DEPOSITED => match serde_json::from_str::<LockerDepositedBody>(&row.body) {
                    Ok(body) => deposits.push(body),
                    Err(error) => tracing::warn!(%error, "a locker deposit cannot be read"),
                },
                LOCKER_COLLECTED => match serde_json::from_str::<LockerCollectedBody>(&row.body) {
                    Ok(body) => collections.push(body),
                    Err(error) => tracing::warn!(%error, "a locker collection cannot be read"),
                },
                _ => {}
            }
        }
        for body in decisions {
            if let Some(kept) = book.submissions.get_mut(&body.submission_id) {
                kept.decisions.push(KeptDecision { body });
            }
        }
        for body in deposits {
            if let Some(kept) = book.submissions.get_mut(&body.submission_id) {
                kept.lockers.push(KeptLockerDeposit {
                    body,
                    collected_at_ms: None,
                });
            }
        }
        // A collection closes the earliest open deposit of its compartment
        // at its kiosk.
        for body in collections {
            if let Some(deposit) = book
                .submissions
                .get_mut(&body.submission_id)
                .and_then(|kept| {
                    kept.lockers.iter_mut().find(|d| {
                        d.collected_at_ms.is_none()
                            && d.body.compartment == body.compartment
                            && d.body.terminal_id == body.terminal_id
                    })
                })
            {
                deposit.collected_at_ms = Some(body.collected_at_ms);
            }
        }
        let replacements: Vec<(String, String)> = book
            .order
            .iter()
            .filter_map(|id| {
                let kept = &book.submissions[id];
                kept.body.replaces.clone().map(|old| (old, id.clone()))
            })
            .collect();
        for (old, new) in replacements {
            if let Some(kept) = book.submissions.get_mut(&old) {
                kept.replaced_by.get_or_insert(new);
            }
        }
        Ok(book)
    }

    pub(crate) fn get(&self, submission_id: &str) -> Option<&KeptSubmission> {
        self.submissions.get(submission_id)
    }

    pub(crate) fn by_token(&self, token: &str) -> Option<&KeptSubmission> {
        self.submissions
            .values()
            .find(|s| s.body.status_token == token)
    }

    /// The submissions in clock order.
    pub(crate) fn all(&self) -> impl Iterator<Item = &KeptSubmission> {
        self.order.iter().filter_map(|id| self.submissions.get(id))
    }

    /// The chain a submission belongs to, from the first filing to the
    /// latest correction.
    pub(crate) fn chain(&self, submission_id: &str) -> Vec<&KeptSubmission> {
        let mut first = submission_id.to_owned();
        let mut seen = 0;
        while let Some(older) = self
            .get(&first)
            .and_then(|s| s.body.replaces.clone())
            .filter(|old| self.get(old).is_some())
        {
            first = older;
            seen += 1;
            if seen > 1000 {
                break;
            }
        }
        let mut chain = Vec::new();
        let mut next = Some(first);
        while let Some(id) = next {
            let Some(kept) = self.get(&id) else { break };
            if chain.len() > 1000 {
                break;
            }
            chain.push(kept);
            next = kept.replaced_by.clone();
        }
        chain
    }
}
