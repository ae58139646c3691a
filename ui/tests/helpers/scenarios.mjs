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
  return { mode, terminal_id: TERMINAL_ID, locale, default_locale: 'zh-CN', version: '0.1.0' };
}

export const TILES = [
  { service: 'queue_ticket', availability: 'available' },
  { service: 'submit_materials', availability: 'not_yet_available' },
  { service: 'receive_documents', availability: 'not_yet_available' },
  { service: 'case_enquiry', availability: 'not_yet_available' },
];

/** Every piece of text a person or screen reader meets, with the language it is marked as. */
export function pageTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent.trim();
      if (text && el.checkVisibility()) out.push({ text, lang: el.closest('[lang]').lang });
    }
    for (const el of document.querySelectorAll('[aria-label]')) {
      out.push({ text: el.getAttribute('aria-label'), lang: el.closest('[lang]').lang });
    }
    out.push({ text: document.title, lang: document.documentElement.lang });
    return out;
  });
}

// Text that reads the same in both languages.
const NEUTRAL = [TERMINAL_ID, 'CourtDesk', /^\d{2}:\d{2}$/];

/**
 * Asserts the page speaks `locale` everywhere: each text is in the language it is marked as, and
 * only the language switch is marked as the other language.
 */
export async function assertSpeaks(page, locale) {
  assert.equal(await page.getAttribute('html', 'lang'), locale, '<html lang>');
  const foreign = [];
  for (const { text, lang } of await pageTexts(page)) {
    if (NEUTRAL.some((n) => (typeof n === 'string' ? n === text : n.test(text)))) continue;
    if (lang === 'en') assert.doesNotMatch(text, CJK, `"${text}" is marked English but has Chinese`);
    else assert.match(text, CJK, `"${text}" is marked ${lang} but is not Chinese (page is ${locale})`);
    if (lang !== locale) foreign.push(text);
  }
  const other = locale === 'en' ? 'zh-CN' : 'en';
  assert.deepEqual(foreign.sort(), [msg(other, 'lang.name'), msg(other, 'lang.switch_to')].sort(),
    'only the language switch should be in the other language');
}
