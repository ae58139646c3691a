//! The `[queue]` table of the terminal's configuration: the site, its
//! services, their hours and quotas, this desk's window and this kiosk's
//! printer. Every terminal of a site must carry the same services and site
//! clock, since all of them rebuild the same queue from the same events.

use std::collections::BTreeSet;

use courtdesk_queue::{
    DispenserRules, LocalTime, OpenSpan, OpeningHours, QueueRules, QueueService, QueueServiceId,
    ServiceDay, SiteClock, TicketPrefix, Weekday, WindowId,
};
use serde::Deserialize;

/// The queue's settings as the file gives them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSettings {
    /// The hall's name, printed on tickets.
    #[serde(default = "default_site_name")]
    pub site_name: String,
    /// The site's offset from UTC in minutes (480 for China all year).
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    #[serde(default = "default_services")]
    pub services: Vec<ServiceSetting>,
    /// A desk: the window it serves (shown and announced as "window N").
    #[serde(default = "default_window")]
    pub window: u16,
    /// A desk: the services its window calls; all of them when empty.
    #[serde(default)]
    pub window_services: Vec<String>,
    /// A kiosk: the CUPS queue tickets print on. Without one, tickets are
    /// shown on the screen only (for trials).
    #[serde(default)]
    pub printer: Option<String>,
    /// Closed days whatever the weekday (public holidays), `YYYY-MM-DD`.
    #[serde(default)]
    pub closed_days: Vec<String>,
    /// A display: announce each call aloud (espeak-ng).
    #[serde(default = "default_speak")]
    pub speak: bool,
}

fn default_speak() -> bool {
    true
}

/// One service of the hall.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSetting {
    pub id: String,
    /// The ticket letter, unique in the site.
    pub prefix: char,
    pub name_zh: String,
    pub name_en: String,
    /// The expected minutes a ticket takes, until the service's own times
    /// are known.
    #[serde(default = "default_minutes")]
    pub minutes: u32,
    /// When tickets are dispensed, as `["08:30", "12:00"]` spans, every day
    /// unless `weekdays_only`. All day when empty.
    #[serde(default)]
    pub hours: Vec<[String; 2]>,
    #[serde(default)]
    pub weekdays_only: bool,
    #[serde(default)]
    pub daily_quota: Option<u32>,
    /// Dispensing stopped until the setting is removed.
    #[serde(default)]
    pub locked: bool,
}

fn default_site_name() -> String {
    "诉讼服务中心".into()
}

fn default_offset() -> i32 {
    SiteClock::CHINA.utc_offset_minutes
}

fn default_window() -> u16 {
    1
}

fn default_minutes() -> u32 {
    8
}

fn service(id: &str, prefix: char, name_zh: &str, name_en: &str, minutes: u32) -> ServiceSetting {
    ServiceSetting {
        id: id.into(),
        prefix,
        name_zh: name_zh.into(),
        name_en: name_en.into(),
        minutes,
        hours: Vec::new(),
        weekdays_only: false,
        daily_quota: None,
        locked: false,
    }
}

/// The services a hall offers unless its file says otherwise.
fn default_services() -> Vec<ServiceSetting> {
    vec![
        service("filing", 'A', "立案登记", "Case filing", 10),
        service("enquiry", 'B', "诉讼咨询", "Legal enquiries", 6),
        service("materials", 'C', "材料收转", "Submitting materials", 5),
        service("enforcement", 'D', "执行事务", "Enforcement matters", 12),
    ]
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            site_name: default_site_name(),
            utc_offset_minutes: default_offset(),
            services: default_services(),
            window: default_window(),
            window_services: Vec::new(),
            printer: None,
            closed_days: Vec::new(),
            speak: true,
        }
    }
}

/// A `[queue]` table that cannot be used; the message says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[queue] {0}")]
pub struct QueueSettingsError(String);

/// The settings checked and turned into the queue's own types.
#[derive(Debug, Clone)]
pub(crate) struct Hall {
    pub(crate) site_name: String,
    pub(crate) clock: SiteClock,
    pub(crate) rules: QueueRules,
    pub(crate) services: Vec<HallService>,
    pub(crate) window: WindowId,
    pub(crate) window_services: Vec<QueueServiceId>,
    pub(crate) printer: Option<String>,
    pub(crate) speak: bool,
}

/// One service with its names and dispensing rules.
#[derive(Debug, Clone)]
pub(crate) struct HallService {
    pub(crate) service: QueueService,
    pub(crate) name_zh: String,
    pub(crate) name_en: String,
    pub(crate) default_ticket_ms: u64,
    pub(crate) dispenser: DispenserRules,
}

fn time(text: &str, service: &str) -> Result<LocalTime, QueueSettingsError> {
    let bad = || {
        QueueSettingsError(format!(
            "service {service}: {text:?} is not a time like \"08:30\""
        ))
    };
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    let (h, m) = (
        h.parse::<u8>().map_err(|_| bad())?,
        m.parse::<u8>().map_err(|_| bad())?,
    );
    LocalTime::new(h, m).map_err(|_| bad())
}

impl QueueSettings {
    /// Checks the table: known ids and letters used once each, real times and
    /// days, the desk's services among the hall's.
    pub(crate) fn hall(&self) -> Result<Hall, QueueSettingsError> {
        if self.services.is_empty() {
            return Err(QueueSettingsError("lists no services".into()));
        }
        let mut closed_days = BTreeSet::new();
        for day in &self.closed_days {
            closed_days.insert(day.parse::<ServiceDay>().map_err(|_| {
                QueueSettingsError(format!("closed day {day:?} is not a date like 2026-10-01"))
            })?);
        }
        let mut ids = BTreeSet::new();
        let mut prefixes = BTreeSet::new();
        let mut services = Vec::new();
        for setting in &self.services {
            let id: QueueServiceId = setting.id.parse().map_err(|_| {
                QueueSettingsError(format!(
                    "service id {:?} must be 1 to 32 of a-z, 0-9, - and _",
                    setting.id
                ))
            })?;
            let prefix = TicketPrefix::new(setting.prefix).map_err(|_| {
                QueueSettingsError(format!("service {id}: the prefix must be a letter A to Z"))
            })?;
            if !ids.insert(id.clone()) {
                return Err(QueueSettingsError(format!("service {id} is listed twice")));
            }
            if !prefixes.insert(setting.prefix) {
                return Err(QueueSettingsError(format!(
                    "service {id}: the letter {} is already used by another service",
                    setting.prefix
                )));
            }
            let mut spans = Vec::new();
            for [from, to] in &setting.hours {
                let (from, to) = (time(from, &setting.id)?, time(to, &setting.id)?);
                if from >= to {
                    return Err(QueueSettingsError(format!(
                        "service {id}: a span of hours must end after it starts"
                    )));
                }
                spans.push(OpenSpan { from, to });
            }
            if spans.is_empty() {
                spans.push(OpenSpan {
                    from: LocalTime::MIDNIGHT,
                    to: LocalTime::END_OF_DAY,
                });
            }
            let hours = if setting.weekdays_only {
                OpeningHours::weekdays(&spans)
            } else {
                OpeningHours {
                    weekly: Weekday::ALL
                        .iter()
                        .map(|day| (*day, spans.clone()))
                        .collect(),
                }
            };
            services.push(HallService {
                service: QueueService { id, prefix },
                name_zh: setting.name_zh.clone(),
                name_en: setting.name_en.clone(),
                default_ticket_ms: u64::from(setting.minutes.max(1)) * 60_000,
                dispenser: DispenserRules {
                    hours,
                    closed_days: closed_days.clone(),
                    daily_quota: setting.daily_quota,
                    locked: setting.locked,
                },
            });
        }
        let mut window_services = Vec::new();
        for id in &self.window_services {
            let id: QueueServiceId =
                id.parse()
                    .ok()
                    .filter(|id| ids.contains(id))
                    .ok_or_else(|| {
                        QueueSettingsError(format!(
                            "window service {id:?} is not one of the services"
                        ))
                    })?;
            window_services.push(id);
        }
        if window_services.is_empty() {
            window_services = services.iter().map(|s| s.service.id.clone()).collect();
        }
        if self.window == 0 {
            return Err(QueueSettingsError("window numbers start at 1".into()));
        }
        Ok(Hall {
            site_name: self.site_name.clone(),
            clock: SiteClock {
                utc_offset_minutes: self.utc_offset_minutes,
            },
            rules: QueueRules::default(),
            services,
            window: WindowId(self.window),
            window_services,
            printer: self.printer.clone().filter(|p| !p.is_empty()),
            speak: self.speak,
        })
    }
}

impl Hall {
    pub(crate) fn service(&self, id: &QueueServiceId) -> Option<&HallService> {
        self.services.iter().find(|s| &s.service.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_make_a_usable_hall() {
        let hall = QueueSettings::default().hall().expect("usable");
        assert_eq!(hall.services.len(), 4);
        assert_eq!(hall.window_services.len(), 4, "a desk calls all by default");
    }

    #[test]
    fn mistakes_are_refused_with_what_to_fix() {
        let mut twice = QueueSettings::default();
        twice.services[1].prefix = 'A';
        assert!(
            twice
                .hall()
                .expect_err("refused")
                .to_string()
                .contains("letter A")
        );
        let mut bad_time = QueueSettings::default();
        bad_time.services[0].hours = vec![["8h30".into(), "12:00".into()]];
        assert!(
            bad_time
                .hall()
                .expect_err("refused")
                .to_string()
                .contains("8h30")
        );
        let mut backwards = QueueSettings::default();
        backwards.services[0].hours = vec![["12:00".into(), "08:30".into()]];
        assert!(backwards.hall().is_err());
        let unknown = QueueSettings {
            window_services: vec!["parking".into()],
            ..QueueSettings::default()
        };
        assert!(
            unknown
                .hall()
                .expect_err("refused")
                .to_string()
                .contains("parking")
        );
        let holiday = QueueSettings {
            closed_days: vec!["2026-13-01".into()],
            ..QueueSettings::default()
        };
        assert!(holiday.hall().is_err());
    }
}
