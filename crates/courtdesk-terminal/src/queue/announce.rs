//! Which calls the hall display has already announced, so each call (and
//! each recall) is announced once, and none from before the display
//! started.

use std::collections::HashSet;
use std::sync::Mutex;

use crate::commands::queue_display::WindowCall;

#[derive(Debug, Default)]
pub(crate) struct Announcements {
    /// `None` until the first board: what was called before the display
    /// started is shown, not announced.
    seen: Mutex<Option<HashSet<String>>>,
}

impl Announcements {
    /// The calls of `all` not announced yet, oldest first; they count as
    /// announced from now on.
    pub(crate) fn fresh(&self, all: &[WindowCall]) -> Vec<WindowCall> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let Some(seen) = seen.as_mut() else {
            *seen = Some(all.iter().map(|c| c.call_id.clone()).collect());
            return Vec::new();
        };
        all.iter()
            .filter(|call| seen.insert(call.call_id.clone()))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::views::ServiceName;

    fn call(id: &str) -> WindowCall {
        WindowCall {
            call_id: id.into(),
            window: 3,
            number: "A017".into(),
            service: ServiceName {
                id: "filing".into(),
                prefix: "A".into(),
                name_zh: "立案登记".into(),
                name_en: "Case filing".into(),
            },
            called_at_ms: 0,
        }
    }

    #[test]
    fn each_call_is_announced_once_and_none_from_before_the_start() {
        let announcements = Announcements::default();
        assert!(
            announcements.fresh(&[call("old")]).is_empty(),
            "before the start"
        );
        let fresh = announcements.fresh(&[call("old"), call("new")]);
        assert_eq!(fresh, vec![call("new")]);
        assert!(announcements.fresh(&[call("old"), call("new")]).is_empty());
    }
}
