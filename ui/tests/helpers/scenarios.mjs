// Terminal answers the tests feed the IPC mock, the catalogs, and page language probes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export const TERMINAL_ID = '3f9c2a7be1d04c6f8a5e2b7d9c1f0a64';
const CJK = /[\u3400-\u9fff]/;
const catalog = (name) => JSON.parse(readFileSync(new URL(`../../src/i18n/${name}.json`, import.meta.url), 'utf8'));
const CATALOGS = { 'zh-CN': catalog('zh-CN'), en: catalog('en') };
export const LOCALES = ['zh-CN', 'en'];

/** A catalog message with `{name}` placeholders filled, as the UI shows it. */
export function msg(locale, key, params = {}) {
  const text = CATALOGS[locale][key];
  assert.ok(text, `no "${key}" in ${locale}.json`);
  return text.replace(/\{(\w+)\}/g, (_, name) => params[name]);
}

export function info(mode, locale = 'zh-CN') {
  return {
    mode, terminal_id: TERMINAL_ID, locale, default_locale: 'zh-CN', version: '0.1.0',
    idle_seconds: 90, countdown_seconds: 15, card_reader: false, locker: false, site_utc_offset_minutes: 480,
  };
}

export const TILES = [
  { service: 'queue_ticket', availability: 'available' },
  { service: 'submit_materials', availability: 'available' },
  { service: 'receive_documents', availability: 'available' },
  { service: 'case_enquiry', availability: 'not_yet_available' },
];

/**
 * Every piece of text a person or screen reader meets, with the language it is marked as, and
 * whether it lies inside `bilingual` (a part of the page that speaks both languages on purpose).
 */
export function pageTexts(page, bilingual = null) {
  return page.evaluate((both) => {
    const out = [];
    const inBoth = (el) => Boolean(both && el.closest(both));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent.trim();
      // A person's name is in no page language; the UI marks it and leaves it untranslated.
      if (el.closest('[data-proper-name]')) continue;
      if (text && el.checkVisibility()) out.push({ text, lang: el.closest('[lang]').lang, both: inBoth(el) });
    }
    for (const el of document.querySelectorAll('[aria-label]')) {
      out.push({ text: el.getAttribute('aria-label'), lang: el.closest('[lang]').lang, both: inBoth(el) });
    }
    out.push({ text: document.title, lang: document.documentElement.lang, both: false });
    return out;
  }, bilingual);
}

// Text that reads the same in both languages: ids, times, ticket numbers and letters, F-keys, counts.
const NEUTRAL = [
  TERMINAL_ID, 'CourtDesk', '→', /^\d{2}:\d{2}$/, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, /^[A-Z]\d{3}$/, /^[A-Z]$/, /^F\d{1,2}$/, /^\d+$/,
  // Resident ID numbers and phone numbers, whole, grouped or masked.
  /^[\dX* ]{11,}$/,
];

/**
 * Asserts the page speaks `locale` everywhere: each text is in the language it is marked as, and
 * only the language switch (and whatever lies inside `bilingual`) is marked as the other language;
 * `langSwitch: false` for a screen that has none.
 */
export async function assertSpeaks(page, locale, { bilingual = null, langSwitch = true } = {}) {
  assert.equal(await page.getAttribute('html', 'lang'), locale, '<html lang>');
  const foreign = [];
  for (const { text, lang, both } of await pageTexts(page, bilingual)) {
    if (NEUTRAL.some((n) => (typeof n === 'string' ? n === text : n.test(text)))) continue;
    if (lang === 'en') assert.doesNotMatch(text, CJK, `"${text}" is marked English but has Chinese`);
    else assert.match(text, CJK, `"${text}" is marked ${lang} but is not Chinese (page is ${locale})`);
    if (lang !== locale && !both) foreign.push(text);
  }
  const other = locale === 'en' ? 'zh-CN' : 'en';
  assert.deepEqual(foreign.sort(), langSwitch ? [msg(other, 'lang.name'), msg(other, 'lang.switch_to')].sort() : [],
    langSwitch ? 'only the language switch should be in the other language' : 'nothing should be in the other language');
}

// The hall's services as the queue commands name them.
export const FILING = { id: 'filing', prefix: 'A', name_zh: '立案登记', name_en: 'Case filing' };
export const ENQUIRY = { id: 'enquiry', prefix: 'B', name_zh: '诉讼咨询', name_en: 'Legal enquiries' };
export const MATERIALS = { id: 'materials', prefix: 'C', name_zh: '材料收转', name_en: 'Submitting materials' };
export const ENFORCEMENT = { id: 'enforcement', prefix: 'D', name_zh: '执行事务', name_en: 'Enforcement matters' };
export const MEDIATION = { id: 'mediation', prefix: 'E', name_zh: '诉前调解', name_en: 'Mediation' };

/** Two open services, then one closed until later today, one out of tickets, one locked. */
export const OFFERS = [
  { service: FILING, dispense: { state: 'open' }, waiting: 12, wait_minutes: 12 },
  { service: ENQUIRY, dispense: { state: 'open' }, waiting: 0, wait_minutes: null },
  { service: MATERIALS, dispense: { state: 'closed', reopens: '2026-11-28 14:00' }, waiting: 3, wait_minutes: 9 },
  { service: ENFORCEMENT, dispense: { state: 'quota_reached', next_open: '2026-11-29 08:30' }, waiting: 40, wait_minutes: 95 },
  { service: MEDIATION, dispense: { state: 'locked' }, waiting: 0, wait_minutes: null },
];

/** The kiosk's clock in the queue tests: the morning of the day OFFERS speaks of. */
export const MORNING = new Date('2026-11-28T09:41:00+08:00');

export function ticket(priority = 'normal', extra = {}) {
  return {
    ticket_id: 't-a017', number: 'A017', service: FILING, priority, people_ahead: 12, wait_minutes: 12,
    issued_at: '2026-11-28 09:41', printed: true, ...extra,
  };
}

export const issued = (t = ticket()) => ({ resolve: { outcome: 'issued', ticket: t } });

const waiting = (ticket_id, number, extra = {}) => ({
  ticket_id, number, priority: 'normal', status: 'ready', lane: 'normal', waited_minutes: 4, transferred: false, ...extra,
});

/** A window calling filing and enquiries, nothing held yet. */
export const DESK_IDLE = {
  window: 3,
  services: [
    {
      service: FILING,
      waiting: [
        waiting('t-a017', 'A017', { priority: 'elderly', lane: 'priority', waited_minutes: 12 }),
        waiting('t-a018', 'A018', { waited_minutes: 9 }),
        waiting('t-a015', 'A015', { status: 'parked', lane: null, waited_minutes: 20 }),
      ],
    },
    { service: ENQUIRY, waiting: [waiting('t-b004', 'B004', { transferred: true, waited_minutes: 2 })] },
  ],
  current: null,
  all_services: [FILING, ENQUIRY, MATERIALS, ENFORCEMENT],
  conflicts: 0,
};

export function deskWith(current) {
  return { ...DESK_IDLE, current };
}

export const HELD = {
  ticket_id: 't-a017', number: 'A017', service: FILING, priority: 'elderly', state: 'called', recalls: 0, recalls_left: 2,
};
export const DESK_CALLED = deskWith(HELD);
export const DESK_SERVING = deskWith({ ...HELD, state: 'serving' });
export const DESK_NO_RECALLS = deskWith({ ...HELD, recalls: 2, recalls_left: 0 });

const hallCall = (call_id, window, number, service = FILING, ago = 0) => ({
  call_id, window, number, service, called_at_ms: Date.parse('2026-11-28T09:40:00+08:00') - ago * 60_000,
});

export const CALL_A017 = hallCall('c-5', 3, 'A017', FILING, 0);
export const HALL = {
  site_name: '诉讼服务中心',
  windows: [hallCall('c-3', 1, 'A015', FILING, 4), hallCall('c-4', 2, 'B003', ENQUIRY, 2), CALL_A017],
  recent: [CALL_A017, hallCall('c-4', 2, 'B003', ENQUIRY, 2), hallCall('c-3', 1, 'A015', FILING, 4), hallCall('c-2', 1, 'A014', FILING, 9)],
  waiting: [
    { service: FILING, waiting: 12 },
    { service: ENQUIRY, waiting: 3 },
    { service: MATERIALS, waiting: 0 },
  ],
  announce: [],
};
