//! The merged event log of a terminal and the state it leads to, kept equal to
//! a from-scratch build however late events arrive.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    Applied, EventId, EventOrder, QueueEvent, QueueRules, QueueState, Refusal, ServiceDay,
};

/// Events kept in the total order, with the state they build.
///
/// An event that sorts after everything applied is applied at once. One that
/// sorts earlier (it was recorded offline, or it crossed another in the
/// network) makes the log replay every event from the start. A hall's day is
/// a few thousand events, which replay in a few milliseconds, and late events
/// arrive in batches after a reconnection: [`QueueLog::merge_all`] replays
/// once per batch.
#[derive(Debug, Clone)]
pub struct QueueLog {
    events: BTreeMap<EventOrder, QueueEvent>,
    ids: BTreeMap<EventId, EventOrder>,
    state: QueueState,
}

/// What merging one event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// The log already had this event.
    Duplicate,
    /// The event came last in the order and was applied (or refused) alone.
    Appended(Result<Applied, Refusal>),
    /// The event came before others already applied; the state was rebuilt.
    Replayed,
}

/// What merging a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeReport {
    pub added: usize,
    pub duplicates: usize,
    /// Events refused by [`MergeError::IdReused`].
    pub rejected: Vec<EventId>,
    pub replayed: bool,
}

/// An event the log cannot take in at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Two different events carry the same id. Keeping the first one known
    /// would make the state depend on arrival order, so the second one is
    /// rejected; ids are generated randomly, so this means a faulty terminal.
    #[error("event id {id} already names a different event")]
    IdReused { id: EventId },
}

impl QueueLog {
    pub fn new(rules: QueueRules) -> Self {
        QueueLog {
            events: BTreeMap::new(),
            ids: BTreeMap::new(),
            state: QueueState::new(rules),
        }
    }

    /// A log of `events`, for a terminal loading its store at start-up.
    pub fn from_events(rules: QueueRules, events: impl IntoIterator<Item = QueueEvent>) -> Self {
        let mut log = QueueLog::new(rules);
        log.merge_all(events);
        log
    }

    pub fn state(&self) -> &QueueState {
        &self.state
    }

    /// The events, in the order they are applied.
    pub fn events(&self) -> impl Iterator<Item = &QueueEvent> {
        self.events.values()
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Takes in one event, recorded here or received from elsewhere.
    pub fn merge(&mut self, event: QueueEvent) -> Result<Merged, MergeError> {
        if self.is_known(&event)? {
            return Ok(Merged::Duplicate);
        }
        let order = event.order();
        let late = self.state.last_applied().is_some_and(|last| &order < last);
        let applied = (!late).then(|| self.state.apply(&event));
        self.store(event);
        match applied {
            Some(outcome) => Ok(Merged::Appended(outcome)),
            None => {
                self.replay();
                Ok(Merged::Replayed)
            }
        }
    }

    /// Takes in a batch of events, replaying at most once.
    pub fn merge_all(&mut self, events: impl IntoIterator<Item = QueueEvent>) -> MergeReport {
        let mut report = MergeReport::default();
        let mut earliest: Option<EventOrder> = None;
        for event in events {
            match self.is_known(&event) {
                Ok(false) => {
                    let order = event.order();
                    if earliest.as_ref().is_none_or(|e| &order < e) {
                        earliest = Some(order);
                    }
                    self.store(event);
                    report.added += 1;
                }
                Ok(true) => report.duplicates += 1,
                Err(MergeError::IdReused { id }) => report.rejected.push(id),
            }
        }
        let Some(earliest) = earliest else {
            return report;
        };
        if self
            .state
            .last_applied()
            .is_some_and(|last| &earliest < last)
        {
            self.replay();
            report.replayed = true;
        } else {
            for event in self.events.range(earliest..).map(|(_, e)| e) {
                // Refusals are recorded in the state as conflicts.
                let _ = self.state.apply(event);
            }
        }
        report
    }

    /// Drops the events of tickets of days before `day` (a terminal keeps the
    /// current day; the store keeps the archive) and rebuilds the state.
    pub fn forget_before(&mut self, day: ServiceDay) {
        let state = &self.state;
        let old = |event: &QueueEvent| state.ticket(&event.ticket).is_some_and(|t| t.day < day);
        let dropped: Vec<EventOrder> = self
            .events
            .iter()
            .filter(|(_, event)| old(event))
            .map(|(order, _)| order.clone())
            .collect();
        for order in dropped {
            self.events.remove(&order);
            self.ids.remove(&order.id);
        }
        self.replay();
    }

    /// Whether the log has `event` already; an error if it has a different
    /// event under the same id.
    fn is_known(&self, event: &QueueEvent) -> Result<bool, MergeError> {
        match self.ids.get(&event.id) {
            None => Ok(false),
            Some(order) if self.events.get(order) == Some(event) => Ok(true),
            Some(_) => Err(MergeError::IdReused {
                id: event.id.clone(),
            }),
        }
    }

    fn store(&mut self, event: QueueEvent) {
        let order = event.order();
        self.ids.insert(event.id.clone(), order.clone());
        self.events.insert(order, event);
    }

    fn replay(&mut self) {
        self.state = QueueState::from_events(*self.state.rules(), self.events.values());
    }
}

#[cfg(test)]
mod tests;
