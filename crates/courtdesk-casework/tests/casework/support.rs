//! Builders for records and moments at a site in UTC+8.

use courtdesk_casework::{
    CaseNumber, CaseType, CaseworkEvent, CaseworkRecord, Moment, NumberRef, Subject,
    days_since_epoch,
};
use courtdesk_core::TerminalId;
use courtdesk_identity::CivilDate;
use courtdesk_protocol::hlc::Hlc;

pub(crate) fn date(y: i32, m: u8, d: u8) -> CivilDate {
    CivilDate::new(y, m, d).expect("a real date")
}

/// Local time `h:min` on `y-m-d` in Beijing.
pub(crate) fn at(y: i32, m: u8, d: u8, h: u64, min: u64) -> Moment {
    let days = u64::try_from(days_since_epoch(date(y, m, d))).expect("after 1970");
    Moment::china(days * 86_400_000 + (h * 60 + min) * 60_000 - 8 * 3_600_000)
}

pub(crate) fn terminal(n: u128) -> TerminalId {
    TerminalId::from_bits(n)
}

pub(crate) fn case_number(t: CaseType, year: u16, seq: u32) -> CaseNumber {
    CaseNumber {
        year,
        court_code: "湘1102".parse().expect("a court code"),
        type_code: t,
        seq,
    }
}

pub(crate) fn assigned(t: CaseType, year: u16, seq: u32) -> NumberRef {
    NumberRef::Assigned(case_number(t, year, seq))
}

/// Writes the records of one subject as the terminals would: each record
/// stamped with its moment, which the hybrid clock would give when the
/// terminals' clocks agree.
pub(crate) struct Script {
    pub(crate) subject: Subject,
    pub(crate) records: Vec<CaseworkRecord>,
}

impl Script {
    pub(crate) fn new(subject: Subject) -> Script {
        Script {
            subject,
            records: Vec::new(),
        }
    }

    /// A step taken by the litigant at kiosk 1.
    pub(crate) fn kiosk(&mut self, when: Moment, event: CaseworkEvent) -> &mut Self {
        self.push(when, terminal(1), None, event)
    }

    /// A step taken by a clerk (or mediator) at desk 2.
    pub(crate) fn desk(&mut self, when: Moment, event: CaseworkEvent) -> &mut Self {
        self.push(when, terminal(2), Some("clerk-li"), event)
    }

    pub(crate) fn push(
        &mut self,
        when: Moment,
        origin: TerminalId,
        clerk: Option<&str>,
        event: CaseworkEvent,
    ) -> &mut Self {
        let n = self.records.len();
        self.records.push(CaseworkRecord {
            id: format!("r{n}").parse().expect("an id"),
            stamp: Hlc {
                wall_ms: when.epoch_ms,
                counter: 0,
            },
            terminal: origin,
            clerk: clerk.map(|c| c.parse().expect("an id")),
            at: when,
            subject: self.subject.clone(),
            event,
        });
        self
    }
}
