//! The site's queue rules. Every terminal must use the same rules, since the
//! recall limit takes part in building the shared state.

use serde::{Deserialize, Serialize};

use crate::AppointmentWindow;

/// The queue's tunable policies; [`QueueRules::default`] holds the values
/// documented at the crate root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRules {
    /// How many times a call may be announced again before the desk must
    /// either serve the ticket or mark it a no-show.
    pub max_recalls: u8,
    /// How many priority-class tickets a window may call in a row while a
    /// normal ticket is waiting.
    pub priority_streak_limit: u8,
    /// After how many minutes of waiting a normal ticket is called as if it
    /// had a priority class.
    pub aged_after_minutes: u32,
    pub appointment: AppointmentWindow,
}

impl Default for QueueRules {
    fn default() -> Self {
        QueueRules {
            max_recalls: 2,
            priority_streak_limit: 2,
            aged_after_minutes: 30,
            appointment: AppointmentWindow::default(),
        }
    }
}

impl QueueRules {
    pub(crate) fn aged_after_ms(&self) -> u64 {
        u64::from(self.aged_after_minutes) * 60_000
    }
}
