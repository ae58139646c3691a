// The calling panel of a service window: what the clerk does to the queue, by button or F-key,
// and the board kept current by asking Rust every second while the screen is visible.
import type { DeskAction, DeskBoard, ErrorCode } from './bindings';
import { h, pictogram } from './dom';
import { getLocale, t, type MessageKey } from './i18n';
import { STAFF_ICONS } from './icons';
import { call, toApiError } from './ipc';
import {
  KEYS, actionRow, applies, chooserBox, currentCard, waitingLists, type Chooser, type DeskHandlers, type DeskKey,
} from './queue-desk-view';
import { deliveriesButton } from './desk-delivery';
import { bookingSection, paintBooking } from './queue-desk-book';
import { reprintSection, resetReprint } from './queue-desk-reprint';
import { SETUP_KEY, openSetup, serviceList, setupButton, setupOpen, type SetupHost } from './queue-desk-setup';
import { serviceName } from './queue-text';

const POLL_MS = 1000;

interface Message {
  readonly kind: 'error' | 'done';
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string>>;
  readonly code?: ErrorCode;
}

const state: {
  board: DeskBoard | null;
  pending: boolean;
  chooser: Chooser | null;
  selected: string | null;
  message: Message | null;
} = { board: null, pending: false, chooser: null, selected: null, message: null };

let painted = '';
let polling = false;
// Bumped by every action's answer: a board read that started before it is already stale.
let acted = 0;
// The typed-in fields outlive repaints and language switches, so nothing typed is lost.
const numberInput = h('input', {
  id: 'desk-number', class: 'desk-number', type: 'text', autocomplete: 'off', spellcheck: 'false',
  autocapitalize: 'characters', maxlength: '8', 'aria-describedby': 'desk-number-hint',
});
const windowInput = h('input', {
  id: 'desk-transfer-window', class: 'desk-number', type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: '3',
});

const ERRORS: Partial<Record<ErrorCode, MessageKey>> = {
  nothing_waiting: 'desk.error.nothing_waiting',
  illegal_action: 'desk.error.illegal_action',
  unknown_ticket: 'desk.error.unknown_ticket',
  storage: 'error.storage',
  not_permitted: 'error.not_permitted',
};

function errorMessage(code: ErrorCode, action: DeskAction): Message {
  if (code === 'bad_input') {
    return { kind: 'error', code, key: action.action === 'call_number' ? 'desk.error.bad_number' : 'desk.error.bad_input' };
  }
  return { kind: 'error', code, key: ERRORS[code] ?? 'desk.error.other' };
}

/** What to tell the clerk once an action has gone through, when the card alone would not show it. */
function doneMessage(action: DeskAction, board: DeskBoard | null): Message | null {
  const number = board?.current?.number ?? '';
  switch (action.action) {
    case 'finish':
    case 'no_show':
    case 'park':
    case 'recall':
      return { kind: 'done', key: `desk.done.${action.action}`, params: { number } };
    case 'transfer': {
      const to = board?.all_services.find((s) => s.id === action.service);
      return { kind: 'done', key: 'desk.done.transfer', params: { number, service: to ? serviceName(to) : action.service } };
    }
    case 'resume': {
      const entry = board?.services.flatMap((s) => s.waiting).find((w) => w.ticket_id === action.ticket_id);
      return { kind: 'done', key: 'desk.done.resume', params: { number: entry?.number ?? '' } };
    }
    default:
      return null;
  }
}

function say(message: Message | null): void {
  state.message = message;
  const el = document.getElementById('desk-message');
  if (!el) return;
  el.textContent = message ? t(message.key, message.params) : '';
  el.dataset.kind = message?.kind ?? '';
  if (message?.code) el.dataset.code = message.code;
  else delete el.dataset.code;
}

let signInRequired: () => void = () => {};

/** Who to tell when Rust answers that nobody is signed in here any more. */
export function onSignInRequired(handler: () => void): void {
  signInRequired = handler;
}

/** Forgets the board and everything typed, for the next clerk. */
export function resetDesk(): void {
  state.board = null;
  state.chooser = null;
  state.selected = null;
  state.message = null;
  numberInput.value = '';
  windowInput.value = '';
  painted = '';
  resetReprint();
}

async function load(): Promise<void> {
  const since = acted;
  try {
    const board = await call('desk_board', {});
    if (since === acted) state.board = board;
  } catch (reason) {
    const { code } = toApiError(reason);
    if (code === 'sign_in_required') signInRequired();
    else if (!state.board) say({ kind: 'error', key: 'desk.unreadable', code });
  }
}

async function act(action: DeskAction): Promise<void> {
  if (state.pending) return;
  state.pending = true;
  const before = state.board;
  try {
    state.board = await call('desk_act', { action });
    acted += 1;
    state.chooser = null;
    state.selected = null;
    if (action.action === 'call_number') numberInput.value = '';
    if (action.action === 'transfer') windowInput.value = '';
    say(doneMessage(action, before));
  } catch (reason) {
    const { code } = toApiError(reason);
    if (code === 'sign_in_required') {
      signInRequired();
      return;
    }
    say(errorMessage(code, action));
    // The refusal usually means the board moved on (another window called the ticket).
    await load();
  } finally {
    state.pending = false;
  }
  paint();
}

function open(chooser: Chooser): void {
  state.chooser = state.chooser === chooser ? null : chooser;
  paint();
  document.querySelector<HTMLElement>('#desk-chooser .desk-choice')?.focus();
}

function closeChooser(): void {
  const had = state.chooser;
  state.chooser = null;
  paint();
  if (had) document.querySelector<HTMLElement>(`[data-desk-action="${had}"]`)?.focus();
}

/** Typed numbers are forgiving: "a17" and "A 17" both mean A017. */
export function normalNumber(text: string): string {
  const parts = /^\s*([A-Za-z])\s*-?\s*(\d{1,3})\s*$/.exec(text);
  if (!parts) return text.trim();
  const [, letter = '', digits = ''] = parts;
  return `${letter.toUpperCase()}${digits.padStart(3, '0')}`;
}

function callNumber(): void {
  if (!applies('call_number', state.board)) return;
  const number = normalNumber(numberInput.value);
  if (number === '') {
    say({ kind: 'error', key: 'desk.number.empty' });
    numberInput.focus();
    return;
  }
  void act({ action: 'call_number', number });
}

function transfer(service: string): void {
  const text = windowInput.value.trim();
  const window = text === '' ? null : Number(text);
  if (window !== null && !(Number.isInteger(window) && window >= 1 && window <= 999)) {
    say({ kind: 'error', key: 'desk.transfer.bad_window' });
    windowInput.focus();
    return;
  }
  void act({ action: 'transfer', service, window });
}

function run(action: DeskKey): void {
  if (!applies(action, state.board)) return;
  switch (action) {
    case 'finish':
    case 'transfer':
      return open(action);
    case 'call_number':
      // With a number typed, the button calls it; otherwise it takes the clerk to the field.
      if (numberInput.value.trim() !== '' && document.activeElement !== numberInput) return callNumber();
      numberInput.focus();
      numberInput.select();
      return;
    default:
      void act({ action });
  }
}

function select(ticketId: string): void {
  state.selected = state.selected === ticketId ? null : ticketId;
  paint();
  const target = state.selected ? '#desk-pick button' : `[data-waiting-ticket="${CSS.escape(ticketId)}"]`;
  document.querySelector<HTMLElement>(target)?.focus();
}

const handlers: DeskHandlers = { run, act: (a) => void act(a), select, transfer, closeChooser, transferWindow: () => windowInput };

const setupHost: SetupHost = {
  board: () => state.board,
  saved(board) {
    state.board = board;
    acted += 1;
    say({ kind: 'done', key: 'desk.setup.done', params: { window: String(board.window) } });
    paint();
  },
};

/** A selector that finds the focused control again after a repaint, if it has a stable hook. */
function focusHook(el: Element | null): string | null {
  if (!(el instanceof HTMLElement) || el instanceof HTMLInputElement) return null;
  for (const name of ['data-desk-action', 'data-waiting-ticket', 'data-outcome', 'data-transfer-service', 'data-ticket-call', 'data-ticket-resume']) {
    const value = el.getAttribute(name);
    if (value !== null) return `[${name}="${CSS.escape(value)}"]`;
  }
  return null;
}

/** Redraws the panel's changing parts; a poll that brings nothing new touches nothing. */
function paint(): void {
  const panel = document.getElementById('desk-panel');
  if (!panel) return;
  const board = state.board;
  if (state.chooser && !applies(state.chooser, board)) state.chooser = null;
  const ids = board?.services.flatMap((s) => s.waiting.map((w) => w.ticket_id)) ?? [];
  if (state.selected && !ids.includes(state.selected)) state.selected = null;
  const signature = JSON.stringify([board, state.chooser, state.selected, getLocale()]);
  if (signature === painted) return;
  painted = signature;
  const hook = focusHook(document.activeElement);
  // The transfer window field sits in a part that is redrawn; typing in it must carry on.
  const typing = document.activeElement === windowInput
    ? [windowInput.selectionStart, windowInput.selectionEnd] as const : null;
  panel.querySelector('.desk-window')?.replaceChildren(board ? t('desk.window', { window: String(board.window) }) : '');
  panel.querySelector('.desk-window-services')?.replaceChildren(board ? serviceList(board) : '');
  const setup = panel.querySelector<HTMLButtonElement>('#desk-setup-open');
  if (setup) setup.disabled = !board;
  paintBooking(board);
  panel.querySelector('.desk-top')?.replaceChildren(
    currentCard(board),
    board && board.conflicts > 0 ? h('p', { class: 'desk-conflicts', role: 'note' }, t('desk.conflicts', { count: String(board.conflicts) })) : '',
    actionRow(board, handlers),
    board && state.chooser ? chooserBox(state.chooser, board, handlers) : '',
  );
  panel.querySelector('.desk-lists')?.replaceChildren(...waitingLists(board, state.selected, handlers));
  // Calling by number is for a window that holds no ticket; what was typed stays for later.
  const free = applies('call_number', board);
  numberInput.readOnly = !free;
  numberInput.setAttribute('aria-disabled', String(!free));
  const submit = panel.querySelector<HTMLButtonElement>('#desk-number-submit');
  if (submit) submit.disabled = !free;
  if (hook) panel.querySelector<HTMLElement>(hook)?.focus();
  if (typing && windowInput.isConnected) {
    windowInput.focus();
    windowInput.setSelectionRange(typing[0], typing[1]);
  }
}

function numberForm(): HTMLFormElement {
  const form = h(
    'form',
    { class: 'desk-number-form', 'aria-labelledby': 'desk-number-label' },
    h('label', { for: 'desk-number', id: 'desk-number-label', class: 'desk-number-label' }, t('desk.number.label')),
    numberInput,
    h('button', { type: 'submit', class: 'button desk-number-submit', id: 'desk-number-submit' }, t('desk.number.submit')),
    h('span', { id: 'desk-number-hint', class: 'desk-hint' }, t('desk.number.hint')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    callNumber();
  });
  return form;
}

/** The panel element; it draws itself from the last board at once and then keeps current. */
export function deskPanel(): HTMLElement {
  painted = '';
  const panel = h(
    'section',
    { class: 'work-panel desk-panel', id: 'desk-panel', 'aria-labelledby': 'desk-title' },
    h(
      'div',
      { class: 'desk-head' },
      h('span', { class: 'work-icon' }, pictogram(STAFF_ICONS.calling)),
      h('h2', { class: 'work-title', id: 'desk-title' }, t('staff.calling.title')),
      h('span', { class: 'desk-window', id: 'desk-window', translate: 'no' }),
      h('span', { class: 'desk-window-services', id: 'desk-window-services' }),
      setupButton(() => openSetup(setupHost)),
      deliveriesButton(),
    ),
    h(
      'div',
      { class: 'desk-body' },
      h(
        'div',
        { class: 'desk-left' },
        h('div', { class: 'desk-top' }),
        numberForm(),
        h('p', { class: 'desk-message', id: 'desk-message', role: 'status' }),
        bookingSection(state.board),
        reprintSection(),
      ),
      h('div', { class: 'desk-lists' }),
    ),
  );
  queueMicrotask(() => {
    say(state.message);
    paint();
  });
  return panel;
}

function onKey(event: KeyboardEvent): void {
  if (!document.getElementById('desk-panel')) return;
  const plain = !(event.altKey || event.ctrlKey || event.metaKey || event.shiftKey);
  const deskKey = Object.values(KEYS).some((k) => k === event.key) || event.key === SETUP_KEY;
  if (setupOpen()) {
    // The setup form is modal: the queue's keys wait for it, and F5 still must not reload.
    if (deskKey && plain) event.preventDefault();
    return;
  }
  if (event.key === SETUP_KEY && plain) {
    event.preventDefault();
    if (!event.repeat) openSetup(setupHost);
    return;
  }
  if (event.key === 'Escape' && state.chooser) {
    event.preventDefault();
    closeChooser();
    return;
  }
  const action = (Object.keys(KEYS) as DeskKey[]).find((a) => KEYS[a] === event.key);
  if (!action || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  // Always claimed, even when the action does not apply: F5 must never reload the desk.
  event.preventDefault();
  if (!event.repeat) run(action);
}

async function poll(): Promise<void> {
  if (document.visibilityState === 'visible' && !state.pending && document.getElementById('desk-panel')) {
    await load();
    paint();
  }
  window.setTimeout(() => void poll(), POLL_MS);
}

/** Starts the panel; resolves once the first board is shown. */
export async function startDesk(): Promise<void> {
  if (polling) {
    // Signed in again: the poll is still running; show the board at once.
    await load();
    paint();
    return;
  }
  polling = true;
  document.addEventListener('keydown', onKey);
  await load();
  paint();
  window.setTimeout(() => void poll(), POLL_MS);
}
