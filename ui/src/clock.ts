// The wall screen's date and HH:MM on the site's clock, refreshed at each minute boundary.
import type { Locale } from './bindings';
import { h } from './dom';
import { siteWallClock } from './site-time';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function paint(el: HTMLTimeElement, locale: Locale): void {
  // The site's wall clock as a date whose UTC fields are the site's local ones.
  const now = siteWallClock(Date.now());
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' });
  const time = `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}`;
  el.dateTime = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}T${time}`;
  el.replaceChildren(
    h('span', { class: 'clock-time' }, time),
    h('span', { class: 'clock-date' }, date.format(now)),
  );
}

let timer: number | undefined;

/** Renders a labelled clock; a later call takes over the single running timer. */
export function clock(locale: Locale, label: string): HTMLElement {
  const el = h('time', { class: 'clock-face' });
  paint(el, locale);
  window.clearTimeout(timer);
  const tick = (): void => {
    paint(el, locale);
    timer = window.setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
  };
  timer = window.setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
  return h('div', { class: 'clock' }, h('span', { class: 'visually-hidden' }, label), el);
}
