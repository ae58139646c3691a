// The appointment check-in screen's parts: the code typed so far, a keypad of large keys, and what
// went wrong with what to do next. Typing only changes these parts in place, so a tap answers at
// once and focus stays on the key that was tapped.
import type { ErrorCode } from './bindings';
import { h, pictogram } from './dom';
import { t, type MessageKey } from './i18n';
import { BACKSPACE } from './icons';

/** An appointment code is six digits (see courtdesk-terminal's queue_appointment). */
export const CODE_LENGTH = 6;
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export type KeypadKey = '0' | (typeof DIGITS)[number] | 'backspace' | 'clear';

/** Refusals that the person can act on from this screen; any other failure has its own screen. */
export const REFUSALS = {
  unknown_ticket: 'queue.checkin.error.unknown_ticket',
  illegal_action: 'queue.checkin.error.illegal_action',
  bad_input: 'queue.checkin.error.bad_input',
} as const satisfies Partial<Record<ErrorCode, MessageKey>>;
export type Refusal = keyof typeof REFUSALS;

export type Notice = { kind: 'incomplete' } | { kind: 'refused'; code: Refusal; typed: string };

export interface CheckIn {
  code: string;
  checking: boolean;
  notice: Notice | null;
}

export interface CheckInHandlers {
  press(key: KeypadKey): void;
  confirm(): void;
}

export function isRefusal(code: ErrorCode): code is Refusal {
  return Object.hasOwn(REFUSALS, code);
}

/** Applies a key to the code; returns whether anything changed. */
export function applyKey(entry: CheckIn, key: KeypadKey): boolean {
  const before = entry.code;
  if (key === 'clear') entry.code = '';
  else if (key === 'backspace') entry.code = entry.code.slice(0, -1);
  else if (entry.code.length < CODE_LENGTH) entry.code += key;
  if (entry.notice?.kind === 'incomplete') entry.notice = null;
  return entry.code !== before;
}

/** The key a physical keyboard's key stands for, if any. */
export function keyFromKeyboard(key: string): KeypadKey | null {
  if (/^[0-9]$/.test(key)) return key as KeypadKey;
  if (key === 'Backspace') return 'backspace';
  if (key === 'Delete') return 'clear';
  return null;
}

function noticeText(notice: Notice | null): string {
  if (!notice) return '';
  if (notice.kind === 'incomplete') return t('queue.checkin.incomplete', { count: String(CODE_LENGTH) });
  return t(REFUSALS[notice.code], { code: notice.typed });
}

function slots(code: string): Node[] {
  return Array.from({ length: CODE_LENGTH }, (_, i) => {
    const digit = code[i];
    return h('span', { class: `check-in-slot${digit ? ' is-filled' : ''}${i === code.length ? ' is-next' : ''}` }, digit ?? '');
  });
}

function key(name: KeypadKey, on: CheckInHandlers): HTMLButtonElement {
  const special = name === 'backspace' || name === 'clear';
  const button = h(
    'button',
    { type: 'button', class: `button check-in-key${special ? ' check-in-key-edit' : ''}`, 'data-key': name },
    name === 'backspace' && pictogram(BACKSPACE, 'icon check-in-key-icon'),
    special ? t(`queue.checkin.${name}`) : name,
  );
  button.addEventListener('click', () => on.press(name));
  return button;
}

/** The screen's body: the code and its confirm on the left, the keypad on the right. */
export function checkInBody(entry: CheckIn, on: CheckInHandlers): HTMLElement {
  const confirm = h('button', { type: 'button', class: 'button button-primary check-in-confirm', id: 'check-in-confirm' }, t('queue.checkin.confirm'));
  confirm.addEventListener('click', () => on.confirm());
  const keypad = h(
    'div',
    { class: 'check-in-keypad', id: 'check-in-keypad', role: 'group', 'aria-label': t('queue.checkin.keypad') },
    ...DIGITS.map((d) => key(d, on)),
    key('clear', on),
    key('0', on),
    key('backspace', on),
  );
  const body = h(
    'div',
    { class: 'queue-columns check-in' },
    h(
      'div',
      { class: 'queue-do' },
      h('p', { class: 'queue-lead' }, t('queue.checkin.lead', { count: String(CODE_LENGTH) })),
      h('p', { class: 'check-in-code-label', id: 'check-in-code-label' }, t('queue.checkin.code')),
      h('output', { class: 'check-in-code', id: 'check-in-code', 'aria-labelledby': 'check-in-code-label', translate: 'no' }),
      h('p', { class: 'check-in-status', id: 'check-in-status', role: 'status' }),
      h('p', { class: 'check-in-notice', id: 'check-in-notice', role: 'alert' }),
    ),
    // The confirm sits right under the keys, where the last digit was typed.
    h('div', { class: 'check-in-pad' }, keypad, confirm),
  );
  updateCheckIn(entry, body);
  return body;
}

/** Brings the drawn screen up to date with `entry` without redrawing it. */
export function updateCheckIn(entry: CheckIn, root: ParentNode = document): void {
  const code = root.querySelector<HTMLOutputElement>('#check-in-code');
  if (!code) return;
  code.replaceChildren(...slots(entry.code));
  code.dataset.code = entry.code;
  const notice = root.querySelector<HTMLElement>('#check-in-notice');
  if (notice) {
    const text = noticeText(entry.notice);
    if (notice.textContent !== text) notice.textContent = text;
    if (entry.notice) notice.dataset.problem = entry.notice.kind === 'refused' ? entry.notice.code : 'incomplete';
    else delete notice.dataset.problem;
  }
  const status = root.querySelector<HTMLElement>('#check-in-status');
  if (status) status.textContent = entry.checking ? t('queue.checkin.checking') : '';
  // aria-disabled rather than disabled: a focused button that is disabled loses its focus.
  for (const button of root.querySelectorAll<HTMLButtonElement>('.check-in-key, #check-in-confirm')) {
    button.setAttribute('aria-disabled', String(entry.checking));
  }
}
