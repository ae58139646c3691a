// The hall display's board: the latest call of each window, the last calls, and who is waiting.
// The hall holds both audiences, so the board speaks both languages at once, Chinese first.
// New calls flash for a while; the Rust side speaks them aloud.
import type { HallBoard, WindowCall } from './bindings';
import { h, type Child } from './dom';
import { tIn, type MessageKey } from './i18n';
import { call } from './ipc';

const POLL_MS = 500;
/** How long an announced call stays highlighted. */
export const HIGHLIGHT_MS = 10_000;

let last: HallBoard | null = null;
let painted = '';
let polling = false;
/** Announced calls by call id, with when their highlight ends. */
const highlight = new Map<string, number>();

/** A catalog text in both languages: Chinese, then the English in smaller type. */
export function both(cls: string, key: MessageKey, params?: Record<string, string>): HTMLElement {
  return pair(cls, tIn('zh-CN', key, params), tIn('en', key, params));
}

function pair(cls: string, zh: Child | Child[], en: Child | Child[]): HTMLElement {
  return h(
    'span',
    { class: `both ${cls}` },
    h('span', { class: 'both-zh', lang: 'zh-CN' }, ...[zh].flat()),
    h('span', { class: 'both-en', lang: 'en' }, ...[en].flat()),
  );
}

/**
 * "3 号窗口" / "Window 3" with the window's number in a span of its own, so it can be drawn as
 * large as the ticket's number: from across the hall the number is what people look for.
 */
function windowText(locale: 'zh-CN' | 'en', window: number): Child[] {
  const [before = '', after = ''] = tIn(locale, 'display.to_window', { window: '\u0000' }).split('\u0000');
  return [before, h('span', { class: 'call-window-no' }, String(window)), after];
}

function toWindow(window: number): HTMLElement {
  return pair('call-window', windowText('zh-CN', window), windowText('en', window));
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
    h('span', { class: 'call-arrow', 'aria-hidden': 'true' }, '→'),
    toWindow(c.window),
    pair('call-service', c.service.name_zh, c.service.name_en),
  );
}

function recentItem(c: WindowCall, now: number): HTMLElement {
  return h(
    'li',
    { class: `recent-call${lit(c, now) ? ' is-announced' : ''}`, 'data-call-id': c.call_id },
    h('span', { class: 'recent-number', translate: 'no' }, c.number),
    h('span', { class: 'call-arrow', 'aria-hidden': 'true' }, '→'),
    both('recent-window', 'display.to_window', { window: String(c.window) }),
  );
}

function sideTitle(id: string, key: 'display.recent' | 'display.waiting'): HTMLElement {
  return h('h3', { class: 'side-title', id }, both('side-title-text', key));
}

/**
 * Each window's latest call, by window, in cards sized by how many there are (`data-count`), the
 * last calls beside them, and the waiting counts along the bottom.
 */
function board(b: HallBoard, now: number): Node[] {
  const newest = b.recent[0]?.call_id;
  const windows = [...b.windows].sort((x, y) => x.window - y.window);
  return [
    h(
      'div',
      { class: 'hall-current' },
      h('h2', { class: 'calls-title', id: 'calls-title' }, both('calls-title-text', 'display.calls')),
      windows.length > 0
        ? h('ul', { class: 'window-calls', 'data-count': String(Math.min(windows.length, 7)) }, ...windows.map((c) => windowCard(c, c.call_id === newest, now)))
        : h('p', { class: 'calls-empty' }, both('calls-empty-text', 'display.empty')),
    ),
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
          pair('waiting-service', w.service.name_zh, w.service.name_en),
          h('span', { class: 'waiting-count' }, String(w.waiting)),
        )),
      ),
    ),
  ];
}

/**
 * Hides the last calls that do not fit their column whole: the list shows as many as the screen
 * holds, newest first, and never half of one.
 */
function fitRecent(): void {
  const list = document.getElementById('recent-calls');
  const column = list?.closest('.hall-recent');
  if (!list || !column) return;
  const items = [...list.children] as HTMLElement[];
  for (const item of items) item.hidden = false;
  const bottom = column.getBoundingClientRect().bottom;
  const first = items.findIndex((item) => item.getBoundingClientRect().bottom > bottom + 0.5);
  if (first >= 0) for (const item of items.slice(first)) item.hidden = true;
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
    fitRecent();
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
  // The fonts and the panel's size decide how many of the last calls fit.
  window.addEventListener('resize', fitRecent);
  void document.fonts.ready.then(fitRecent);
  await refresh();
  window.setTimeout(() => void poll(), POLL_MS);
}
