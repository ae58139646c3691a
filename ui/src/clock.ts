// The wall screen's date and HH:MM, refreshed at each minute boundary.
import type { Locale } from './bindings';
import { h } from './dom';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function paint(el: HTMLTimeElement, locale: Locale): void {
  const now = new Date();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'full' });
  el.dateTime = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
  el.replaceChildren(
    h('span', { class: 'clock-time' }, `${pad(now.getHours())}:${pad(now.getMinutes())}`),
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
