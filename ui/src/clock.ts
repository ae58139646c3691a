// The wall screen's date and HH:MM on the site's clock, refreshed at each minute boundary. The hall
// reads both languages, so the date is written in Chinese and in English.
import type { Locale } from './bindings';
import { h } from './dom';
import { siteWallClock } from './site-time';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

function paint(el: HTMLTimeElement): void {
  // The site's wall clock as a date whose UTC fields are the site's local ones.
  const now = siteWallClock(Date.now());
  const time = `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}`;
  el.dateTime = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}T${time}`;
  el.replaceChildren(
    h(
      'span',
      { class: 'clock-date' },
      ...LOCALES.map((locale) => h('span', { class: 'clock-date-line', lang: locale }, new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(now))),
    ),
    h('span', { class: 'clock-time' }, time),
  );
}

let timer: number | undefined;

/** Renders a labelled clock; a later call takes over the single running timer. */
export function clock(label: string): HTMLElement {
  const el = h('time', { class: 'clock-face' });
  paint(el);
  window.clearTimeout(timer);
  const tick = (): void => {
    paint(el);
    timer = window.setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
  };
  timer = window.setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
  return h('div', { class: 'clock' }, h('span', { class: 'visually-hidden' }, label), el);
}
