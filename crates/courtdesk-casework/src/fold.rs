//! Rebuilding a filing or a petition from its records, in one order every
//! reader agrees on, so the server, a desk and the statistics see the same
//! state whatever order the records reached them in.

use std::collections::BTreeSet;

use crate::{
    CaseworkError, CaseworkEvent, CaseworkRecord, CaseworkRules, Filing, FilingId, Petition,
    PetitionId, RecordId, Subject,
};

/// A record the fold did not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub record: RecordId,
    pub error: CaseworkError,
}

/// The state rebuilt from a subject's records: `None` until its receipt
/// (or lodging) applies, and the records refused on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded<T> {
    pub state: Option<T>,
    pub refused: Vec<Refusal>,
}

/// The records about `subject`, once each by id, in record order. When two
/// records share an id the one that sorts first stands: records are
/// idempotent by id, and a retry carries the same content.
fn in_order<'a>(subject: &Subject, records: &'a [CaseworkRecord]) -> Vec<&'a CaseworkRecord> {
    let mut mine: Vec<&CaseworkRecord> = records.iter().filter(|r| &r.subject == subject).collect();
    mine.sort_by_key(|r| r.order());
    let mut seen = BTreeSet::new();
    mine.retain(|r| seen.insert(r.id.clone()));
    mine
}

fn fold<T>(
    subject: Subject,
    records: &[CaseworkRecord],
    start: impl Fn(&CaseworkRecord) -> Result<T, CaseworkError>,
    step: impl Fn(&T, &CaseworkRecord) -> Result<T, CaseworkError>,
) -> Folded<T> {
    let mut state: Option<T> = None;
    let mut refused = Vec::new();
    for record in in_order(&subject, records) {
        let applied = if record.event.needs_clerk() && record.clerk.is_none() {
            Err(CaseworkError::ClerkRequired)
        } else {
            match &state {
                None => start(record),
                Some(current) => step(current, record),
            }
        };
        match applied {
            Ok(next) => state = Some(next),
            Err(error) => refused.push(Refusal {
                record: record.id.clone(),
                error,
            }),
        }
    }
    Folded { state, refused }
}

impl Filing {
    /// The filing `id` rebuilt from `records` (records about other subjects
    /// are skipped). Every terminal must fold with the same rules.
    pub fn from_events(
        id: &FilingId,
        records: &[CaseworkRecord],
        rules: &CaseworkRules,
    ) -> Folded<Filing> {
        fold(
            Subject::Filing(id.clone()),
            records,
            |r| match &r.event {
                CaseworkEvent::Received {
                    case_type,
                    category,
                    channel,
                } => Filing::receive(id.clone(), *case_type, category.clone(), *channel, r.at),
                e if e.is_petition_event() => Err(CaseworkError::WrongSubject),
                _ => Err(CaseworkError::NotReceived),
            },
            |filing, r| filing.apply(&r.event, r.at, rules),
        )
    }
}

impl Petition {
    /// The petition `id` rebuilt from `records`.
    pub fn from_events(id: &PetitionId, records: &[CaseworkRecord]) -> Folded<Petition> {
        fold(
            Subject::Petition(id.clone()),
            records,
            |r| match &r.event {
                CaseworkEvent::PetitionLodged {
                    number,
                    case_number,
                    request,
                } => Petition::lodge(
                    id.clone(),
                    number.clone(),
                    case_number.clone(),
                    request,
                    r.at,
                ),
                e if e.is_petition_event() => Err(CaseworkError::NotReceived),
                _ => Err(CaseworkError::WrongSubject),
            },
            |petition, r| petition.apply(&r.event, r.at),
        )
    }
}
