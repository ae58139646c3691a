// The staff status bar's view of the link to the court server, refreshed every few seconds.
import type { SyncView } from './bindings';
import { h } from './dom';
import { getLocale, t } from './i18n';
import { call } from './ipc';
import { siteFormat } from './site-time';

const POLL_MS = 3000;

type State = 'unknown' | 'not_enrolled' | 'syncing' | 'online' | 'offline' | 'blocked';

/**
 * Refusals that retrying cannot cure: the server will not take this terminal's records until
 * someone looks at it (a broken audit chain, a conflicting record, a revoked terminal, a changed
 * server certificate). Everything else is a passing outage.
 */
const BLOCKING = new Set(['chain_broken', 'conflict', 'forbidden', 'unauthenticated', 'pin_mismatch', 'bad_request']);

let last: SyncView | null = null;
let unreadable = false;
let timer: ReturnType<typeof setInterval> | undefined;

function state(view: SyncView | null): State {
  if (unreadable || !view) return 'unknown';
  if (!view.enrolled) return 'not_enrolled';
  if (view.draining) return 'syncing';
  if (view.online) return 'online';
  return view.last_error_code && BLOCKING.has(view.last_error_code) ? 'blocked' : 'offline';
}

function time(ms: number): string {
  return siteFormat(ms, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

const MB = 1024 * 1024;

function megabytes(bytes: number): string {
  return new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / MB);
}

/** The document upload in flight, as a sentence; empty when none is. */
function uploadText(view: SyncView | null): string {
  const upload = view?.upload;
  if (!upload) return '';
  return t('sync.uploading', {
    sent: megabytes(upload.sent_bytes),
    total: megabytes(upload.total_bytes),
    files: String(upload.files_left),
  });
}

function text(view: SyncView | null): string {
  const base = linkText(view);
  const upload = uploadText(view);
  return upload ? `${base} · ${upload}` : base;
}

function linkText(view: SyncView | null): string {
  const backlog = String(view?.backlog ?? 0);
  switch (state(view)) {
    case 'unknown':
      return unreadable ? t('sync.unreadable') : '';
    case 'not_enrolled':
      return t('sync.not_enrolled');
    case 'syncing':
      return t('sync.syncing', { backlog });
    case 'online':
      return view?.last_success_ms
        ? `${t('sync.online', { backlog })} · ${t('sync.last', { time: time(view.last_success_ms) })}`
        : t('sync.online', { backlog });
    case 'offline':
      return t('sync.offline', { backlog });
    case 'blocked':
      return t('sync.blocked', { code: view?.last_error_code ?? '' });
  }
}

/** Redraws the indicator in place from the last answer, e.g. after a language switch. */
function paint(): void {
  const el = document.getElementById('sync-status');
  if (!el) return;
  el.dataset.syncState = state(last);
  const label = el.querySelector('.sync-text');
  if (label) label.textContent = text(last);
  const bar = el.querySelector<HTMLProgressElement>('.sync-upload');
  if (bar) {
    const upload = last?.upload;
    bar.hidden = !upload;
    bar.max = upload?.total_bytes || 1;
    bar.value = upload?.sent_bytes ?? 0;
    if (upload) bar.setAttribute('aria-label', uploadText(last));
    else bar.removeAttribute('aria-label');
  }
  const button = el.querySelector<HTMLButtonElement>('.sync-now');
  if (button) button.hidden = !last?.enrolled || state(last) === 'syncing';
}

async function refresh(command: 'sync_status' | 'sync_now'): Promise<void> {
  try {
    last = await call(command, {});
    unreadable = false;
  } catch {
    unreadable = true;
  }
  paint();
}

/** The indicator element; it shows the last known state at once and updates itself. */
export function syncIndicator(): HTMLElement {
  const button = h('button', { type: 'button', class: 'sync-now', hidden: true }, t('sync.now'));
  button.addEventListener('click', () => void refresh('sync_now'));
  const el = h('span', { id: 'sync-status', class: 'sync-status', 'data-sync-state': state(last) },
    h('span', { class: 'sync-text', role: 'status' }, text(last)),
    h('progress', { class: 'sync-upload', hidden: true }),
    button);
  queueMicrotask(paint);
  return el;
}

/** Starts polling; resolves after the first answer so the screen is ready with it. */
export function startSyncPolling(): Promise<void> {
  if (timer === undefined) timer = setInterval(() => void refresh('sync_status'), POLL_MS);
  return refresh('sync_status');
}
