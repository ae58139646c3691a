//! Builders shared by the unit tests.

use courtdesk_identity::CivilDate;

use crate::{
    Attendee, AttendeeRole, CaseNumber, CaseType, CaseworkEvent, CaseworkRules, Channel, Choice,
    DisputeCategory, Filing, Moment, NumberRef, Session, Venue, days_since_epoch,
};

pub(crate) fn date(y: i32, m: u8, d: u8) -> CivilDate {
    CivilDate::new(y, m, d).expect("a real date")
}

/// The moment of local time `h:min` on `y-m-d` at a site in UTC+8.
pub(crate) fn at(y: i32, m: u8, d: u8, h: u64, min: u64) -> Moment {
    let days = u64::try_from(days_since_epoch(date(y, m, d))).expect("after 1970");
    Moment::china(days * 86_400_000 + (h * 60 + min) * 60_000 - 8 * 3_600_000)
}

pub(crate) fn number(t: CaseType, year: u16, seq: u32) -> NumberRef {
    NumberRef::Assigned(CaseNumber {
        year,
        court_code: "湘1102".parse().expect("a court code"),
        type_code: t,
        seq,
    })
}

pub(crate) fn civil(year: u16, seq: u32) -> NumberRef {
    number(CaseType::CivilFirstInstance, year, seq)
}

pub(crate) fn rules() -> CaseworkRules {
    CaseworkRules::default()
}

/// A traffic-accident civil filing received at a kiosk at `when`.
pub(crate) fn traffic_filing(when: Moment) -> Filing {
    Filing::receive(
        "f1".parse().expect("an id"),
        CaseType::CivilFirstInstance,
        Some(DisputeCategory::new("traffic_accident")),
        Channel::Kiosk,
        when,
    )
    .expect("a civil filing")
}

pub(crate) fn offer(choice: Choice) -> CaseworkEvent {
    CaseworkEvent::MediationOffered {
        shown_text: "您的纠纷适合先行调解，调解不收费。是否同意诉前调解？".to_owned(),
        locale: courtdesk_core::Locale::ZhCn,
        choice,
    }
}

pub(crate) fn open_mediation(year: u16) -> CaseworkEvent {
    CaseworkEvent::MediationOpened {
        number: number(CaseType::PreLitigationMediation, year, 1),
        organization: "traffic-committee".parse().expect("an id"),
        mediator: "m-zhang".parse().expect("an id"),
    }
}

pub(crate) fn session(on: CivilDate) -> CaseworkEvent {
    CaseworkEvent::MediationSession {
        session: Session {
            on,
            venue: Venue::Place("诉调对接中心第二调解室".to_owned()),
            attendees: vec![
                Attendee {
                    role: AttendeeRole::Applicant,
                    reference: "party-1".to_owned(),
                },
                Attendee {
                    role: AttendeeRole::Respondent,
                    reference: "party-2".to_owned(),
                },
            ],
        },
    }
}

/// Applies `event` at `when`, expecting it to be accepted.
pub(crate) fn step(filing: &Filing, event: CaseworkEvent, when: Moment) -> Filing {
    filing
        .apply(&event, when, &rules())
        .unwrap_or_else(|e| panic!("{} should apply: {e}", event.kind()))
}
