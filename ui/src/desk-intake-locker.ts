// The open submission's paper materials in a kiosk's locker, at the desk: where they are, the
// pickup code (shown only here, to a signed-in clerk), whether staff took them out, and the button
// that prints the pickup slip on this desk's printer. These functions draw and hand the click back;
// desk-intake.ts makes the call.
import type { ApiError, StatusView } from './bindings';
import { h, type Child } from './dom';
import { t } from './i18n';
import { dateTime } from './desk-intake-text';
import { errorText } from './remember';

/** What became of the last print of a pickup slip. */
export type SlipMessage = { kind: 'done' } | { kind: 'error'; error: ApiError } | null;

/** The kiosk as the clerk reads it: the first 8 hex digits of its terminal id. */
function kioskName(terminalId: string): string {
  return terminalId.slice(0, 8);
}

/** The deposits of `status` with their codes, and the print button while one waits; null without any. */
export function lockerPart(status: StatusView, busy: boolean, print: () => void): Child {
  const { lockers } = status;
  if (lockers.length === 0) return null;
  const waiting = lockers.some((l) => l.collected_at_ms === null);
  const rows = lockers.map((l) => h(
    'li',
    { class: 'review-locker', 'data-review-locker': String(l.compartment), 'data-collected': String(l.collected_at_ms !== null) },
    h('span', { class: 'review-locker-where' }, t('desk.intake.locker.where', { kiosk: kioskName(l.terminal_id), compartment: String(l.compartment) })),
    l.pickup_code !== null && h(
      'span',
      { class: 'review-locker-code-line' },
      `${t('desk.intake.locker.code')} `,
      h('strong', { class: 'review-locker-code', translate: 'no' }, l.pickup_code),
    ),
    h('span', { class: 'review-locker-state' }, l.collected_at_ms === null
      ? t('desk.intake.locker.waiting', { time: dateTime(l.deposited_at_ms) })
      : t('desk.intake.locker.collected', { time: dateTime(l.collected_at_ms) })),
  ));
  const part = h(
    'section',
    { class: 'review-lockers', id: 'review-lockers', 'aria-labelledby': 'review-lockers-title' },
    h('h4', { class: 'review-subtitle', id: 'review-lockers-title' }, t('desk.intake.locker.title')),
    h('ul', { class: 'review-locker-list' }, ...rows),
  );
  if (waiting) {
    const button = h('button', { type: 'button', class: 'button', id: 'review-locker-print', 'aria-describedby': 'review-locker-message' }, t('desk.intake.locker.print'));
    button.setAttribute('aria-disabled', String(busy));
    button.addEventListener('click', print);
    part.append(button, h('p', { class: 'desk-message', id: 'review-locker-message', role: 'status' }));
  }
  return part;
}

function messageText(message: Exclude<SlipMessage, null>): string {
  if (message.kind === 'done') return t('desk.intake.locker.printed');
  const { error } = message;
  if (error.code === 'illegal_action' && error.detail === 'no_locker_deposit') return t('desk.intake.locker.error.no_locker_deposit');
  return errorText(error);
}

/** The print's outcome under the button, changed in place. */
export function paintSlipMessage(message: SlipMessage, busy: boolean): void {
  document.getElementById('review-locker-print')?.setAttribute('aria-disabled', String(busy));
  const el = document.getElementById('review-locker-message');
  if (!el) return;
  el.textContent = message ? messageText(message) : '';
  el.dataset.kind = message?.kind ?? '';
  if (message?.kind === 'error') el.dataset.code = message.error.code;
  else delete el.dataset.code;
}
