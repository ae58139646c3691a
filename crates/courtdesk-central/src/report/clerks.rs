//! Which clerk was signed in at a desk at a moment, from the server's staff
//! sessions: queue events name the desk terminal, not the person.
//!
//! Best effort: the clerk is the one whose session at that desk opened last
//! at or before the moment, unless that session was ended (signed out)
//! before it. A session that lapsed by its idle limit has no end stamp, so
//! it is taken to last until the desk's next sign-in. A desk used offline,
//! before any session the server knows of, has no clerk.

use std::collections::HashMap;

use courtdesk_core::TerminalId;
use courtdesk_stats::Clerk;

use crate::store::DeskSession;

/// The sessions of each desk, oldest first.
#[derive(Debug, Default)]
pub(super) struct Desks {
    sessions: HashMap<TerminalId, Vec<(u64, Option<u64>, Clerk)>>,
}

impl Desks {
    pub(super) fn new(sessions: &[DeskSession]) -> Desks {
        let mut desks = Desks::default();
        for session in sessions {
            desks
                .sessions
                .entry(session.terminal_id.clone())
                .or_default()
                .push((
                    session.opened_ms,
                    session.ended_ms,
                    Clerk(session.username.clone()),
                ));
        }
        for list in desks.sessions.values_mut() {
            list.sort_by_key(|(opened, _, _)| *opened);
        }
        desks
    }

    pub(super) fn clerk_at(&self, desk: &TerminalId, at_ms: u64) -> Option<Clerk> {
        let list = self.sessions.get(desk)?;
        let opened_before = list.partition_point(|(opened, _, _)| *opened <= at_ms);
        let (_, ended, clerk) = list.get(opened_before.checked_sub(1)?)?;
        match ended {
            Some(ended) if *ended < at_ms => None,
            _ => Some(clerk.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(desk: u128, name: &str, opened_ms: u64, ended_ms: Option<u64>) -> DeskSession {
        DeskSession {
            username: name.into(),
            terminal_id: TerminalId::from_bits(desk),
            opened_ms,
            last_used_ms: opened_ms,
            ended_ms,
        }
    }

    #[test]
    fn the_last_sign_in_before_the_moment_names_the_clerk() {
        let desks = Desks::new(&[
            session(1, "wang", 500, None),
            session(1, "li", 100, Some(400)),
            session(2, "zhao", 100, None),
        ]);
        let desk = TerminalId::from_bits(1);
        assert_eq!(desks.clerk_at(&desk, 50), None, "before any sign-in");
        assert_eq!(desks.clerk_at(&desk, 200), Some(Clerk::from("li")));
        assert_eq!(desks.clerk_at(&desk, 450), None, "li signed out at 400");
        assert_eq!(desks.clerk_at(&desk, 900), Some(Clerk::from("wang")));
        assert_eq!(desks.clerk_at(&TerminalId::from_bits(3), 900), None);
    }
}
