// The hall display's board: the latest call of each window, the last calls, and who is waiting.
// The hall holds both audiences, so the board speaks both languages at once, Chinese first.
// New calls flash for a while; the Rust side speaks them aloud.
import type { HallBoard, WindowCall } from './bindings';
import { h } from './dom';
import { tIn } from './i18n';
import { call } from './ipc';

const POLL_MS = 500;
/** How long an announced call stays highlighted. */
export const HIGHLIGHT_MS = 10_000;

let last: HallBoard | null = null;
let painted = '';
let polling = false;
/** Announced calls by call id, with when their highlight ends. */
const highlight = new Map<string, number>();

/** A text in both languages: Chinese, then the English in smaller type. */
function both(cls: string, zh: string, en: string): HTMLElement {
  return h('span', { class: `both ${cls}` }, h('span', { class: 'both-zh', lang: 'zh-CN' }, zh), h('span', { class: 'both-en', lang: 'en' }, en));
}

function toWindow(window: number): HTMLElement {
  const params = { window: String(window) };
  return both('call-window', tIn('zh-CN', 'display.to_window', params), tIn('en', 'display.to_window', params));
}

function lit(c: WindowCall, now: number): boolean {
  return (highlight.get(c.call_id) ?? 0) > now;
}

function windowCard(c: WindowCall, latest: boolean, now: number): HTMLElement {
  const classes = ['window-call', latest && 'is-latest', lit(c, now) && 'is-announced'].filter(Boolean).join(' ');
  return h(
    'li',
    { class: classes, 'data-window-call': String(c.window), 'data-call-id': c.call_id },
    h('span', { class: 'call-number', translate: 'no' }, c.number),
    h('span', { class: 'call-to' }, h('span', { class: 'call-arrow', 'aria-hidden': 'true' }, '→'), toWindow(c.window)),
    both('call-service', c.service.name_zh, c.service.name_en),
  );
}

function recentItem(c: WindowCall, now: number): HTMLElement {
  return h(
    'li',
    { class: `recent-call${lit(c, now) ? ' is-announced' : ''}`, 'data-call-id': c.call_id },
    h('span', { class: 'recent-number', translate: 'no' }, c.number),
    h('span', { class: 'call-arrow', 'aria-hidden': 'true' }, '→'),
    toWindow(c.window),
  );
}

function sideTitle(id: string, key: 'display.recent' | 'display.waiting'): HTMLElement {
  return h('h3', { class: 'side-title', id }, both('side-title-text', tIn('zh-CN', key), tIn('en', key)));
}

function board(b: HallBoard, now: number): Node[] {
  const newest = b.recent[0]?.call_id;
  const windows = [...b.windows].sort((x, y) => x.window - y.window);
  return [
    windows.length > 0
      ? h('ul', { class: 'window-calls', 'data-few': windows.length <= 3, 'data-many': windows.length > 6 }, ...windows.map((c) => windowCard(c, c.call_id === newest, now)))
      : h('p', { class: 'calls-empty' }, both('calls-empty-text', tIn('zh-CN', 'display.empty'), tIn('en', 'display.empty'))),
    h(
      'div',
      { class: 'hall-side' },
      h(
        'section',
        { class: 'hall-recent', 'aria-labelledby': 'recent-title' },
        sideTitle('recent-title', 'display.recent'),
        h('ol', { class: 'recent-calls', id: 'recent-calls' }, ...b.recent.map((c) => recentItem(c, now))),
      ),
      h(
        'section',
        { class: 'hall-waiting', 'aria-labelledby': 'waiting-title' },
        sideTitle('waiting-title', 'display.waiting'),
        h(
          'ul',
          { class: 'waiting-counts' },
          ...b.waiting.map((w) => h(
            'li',
            { class: 'waiting-row', 'data-waiting-service': w.service.id },
            both('waiting-service', w.service.name_zh, w.service.name_en),
            h('span', { class: 'waiting-count' }, String(w.waiting)),
          )),
        ),
      ),
    ),
  ];
}

/** The spoken sentence in writing, for screen readers near the display. */
function announceText(calls: readonly WindowCall[]): string {
  return calls
    .map((c) => {
      const params = { number: c.number, window: String(c.window) };
      return `${tIn('zh-CN', 'display.call_sentence', params)} ${tIn('en', 'display.call_sentence', params)}`;
    })
    .join(' ');
}

/**
 * Redraws only when the board changed, so a poll does not restart a highlight's animation; a
 * highlight running out only takes the class off.
 */
function paint(now = Date.now()): void {
  const el = document.getElementById('hall-board');
  if (!el || !last) return;
  for (const [id, until] of highlight) if (until <= now) highlight.delete(id);
  const signature = JSON.stringify([last.windows, last.recent, last.waiting]);
  if (signature !== painted || el.childElementCount === 0) {
    painted = signature;
    el.replaceChildren(...board(last, now));
  } else {
    for (const item of el.querySelectorAll<HTMLElement>('.is-announced')) {
      if (!highlight.has(item.dataset.callId ?? '')) item.classList.remove('is-announced');
    }
  }
  el.dataset.announced = String(el.querySelectorAll('.window-call.is-announced').length);
}

async function refresh(): Promise<void> {
  try {
    last = await call('hall_board', {});
  } catch {
    // The board keeps what it last showed; the next poll tries again.
    return;
  }
  const now = Date.now();
  for (const c of last.announce) highlight.set(c.call_id, now + HIGHLIGHT_MS);
  if (last.announce.length > 0) {
    const live = document.getElementById('hall-announce');
    if (live) live.textContent = announceText(last.announce);
  }
  paint(now);
}

/** The board's element and its announcer; `startHallBoard` fills it and keeps it current. */
export function hallBoard(): HTMLElement[] {
  painted = '';
  queueMicrotask(() => paint());
  return [
    h('div', { class: 'hall-board', id: 'hall-board' }),
    h('p', { class: 'visually-hidden', id: 'hall-announce', 'aria-live': 'polite' }),
  ];
}

async function poll(): Promise<void> {
  await refresh();
  window.setTimeout(() => void poll(), POLL_MS);
}

/** Starts polling; resolves after the first board is shown. */
export async function startHallBoard(): Promise<void> {
  if (polling) return;
  polling = true;
  await refresh();
  window.setTimeout(() => void poll(), POLL_MS);
}
