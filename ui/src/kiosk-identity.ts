// Who is at the kiosk: the resident ID number on a keypad and a one-time code to the phone on
// file, or the ID card on the reader. Rust checks the number and asks the court server; this
// screen only collects keys and shows answers. Everything typed lives in this module's state and
// the drawn screen, both dropped by `leaveIdentity` when the visit ends.
import type { ApiError, CodeSent, Service, VisitorView } from './bindings';
import { h, pictogram } from './dom';
import { t, type MessageKey } from './i18n';
import { BACKSPACE } from './icons';
import { call, toApiError } from './ipc';
import { deliveryScreen, leaveDelivery, openDeliveries } from './kiosk-delivery';
import { intakeScreen, leaveIntake, openIntake } from './kiosk-intake';
import { errorText } from './remember';

const ID_LENGTH = 18;
const CODE_LENGTH = 6;
const CARD_POLL_MS = 500;

type Purpose = Extract<Service, 'submit_materials' | 'receive_documents'>;
type Key = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'X' | 'backspace' | 'clear';
type Problem = { kind: 'incomplete' } | { kind: 'refused'; error: ApiError };

type Step =
  | { screen: 'identity-method' }
  | { screen: 'identity-id'; typed: string; busy: boolean; problem: Problem | null }
  | { screen: 'identity-code'; sent: CodeSent; typed: string; busy: boolean; problem: Problem | null }
  | { screen: 'identity-card'; problem: Problem | null; stopped: boolean }
  // Once the person is identified, receiving documents goes on at the kiosk in kiosk-delivery.ts
  // and submitting materials in kiosk-intake.ts.
  | { screen: 'delivery' }
  | { screen: 'intake' };

const flow: { purpose: Purpose | null; step: Step | null; residentId: string; visit: number; cardReader: boolean } = {
  purpose: null,
  step: null,
  residentId: '',
  visit: 0,
  cardReader: false,
};

let repaint: () => void = () => {};
let onTakeTicket: () => void = () => {};
let onFinish: () => void = () => {};
let listening = false;
let cardTimer = 0;

export function inIdentity(): boolean {
  return flow.step !== null;
}

/** Drops everything of the identity flow: what was typed, who was identified, the card poll. */
export function leaveIdentity(): void {
  window.clearTimeout(cardTimer);
  leaveDelivery();
  leaveIntake();
  flow.purpose = null;
  flow.step = null;
  flow.residentId = '';
  flow.visit += 1;
}

export interface IdentityHooks {
  redraw(): void;
  takeTicket(): void;
  finish(): void;
}

/** Starts the identity check for `purpose`; with a card reader the person chooses how. */
export function openIdentity(purpose: Purpose, cardReader: boolean, hooks: IdentityHooks): void {
  repaint = hooks.redraw;
  onTakeTicket = hooks.takeTicket;
  onFinish = hooks.finish;
  if (!listening) {
    listening = true;
    document.addEventListener('keydown', onKeyboard);
  }
  leaveIdentity();
  flow.purpose = purpose;
  flow.cardReader = cardReader;
  go(cardReader ? { screen: 'identity-method' } : idEntry());
}

function idEntry(): Step {
  return { screen: 'identity-id', typed: '', busy: false, problem: null };
}

function go(next: Step): void {
  window.clearTimeout(cardTimer);
  flow.step = next;
  repaint();
  document.getElementById('identity-title')?.focus();
  if (next.screen === 'identity-card' && !next.stopped) pollCard(flow.visit);
}

/** The person is who they said: their documents to receive, or the intake of their materials, come next. */
function identified(visitor: VisitorView): void {
  const hooks = {
    redraw: () => repaint(),
    finish: () => onFinish(),
    takeTicket: () => onTakeTicket(),
    identifyAgain: () => {
      leaveDelivery();
      leaveIntake();
      go(flow.cardReader ? { screen: 'identity-method' } : idEntry());
    },
  };
  if (flow.purpose === 'receive_documents') {
    flow.step = { screen: 'delivery' };
    openDeliveries(visitor, hooks);
  } else {
    flow.step = { screen: 'intake' };
    openIntake(visitor, hooks);
  }
}

// ---- typing ----------------------------------------------------------------------------------

function apply(typed: string, key: Key, max: number): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return typed.slice(0, -1);
  if (typed.length >= max) return typed;
  // X is only the check character, the last of eighteen.
  if (key === 'X' && typed.length !== ID_LENGTH - 1) return typed;
  return typed + key;
}

function press(key: Key): void {
  const step = flow.step;
  if (step?.screen === 'identity-id' && !step.busy) {
    step.typed = apply(step.typed, key, ID_LENGTH);
    if (step.problem?.kind === 'incomplete') step.problem = null;
    update();
  } else if (step?.screen === 'identity-code' && !step.busy && key !== 'X') {
    step.typed = apply(step.typed, key, CODE_LENGTH);
    if (step.problem?.kind === 'incomplete') step.problem = null;
    update();
  }
}

function onKeyboard(event: KeyboardEvent): void {
  const step = flow.step;
  if (!step || (step.screen !== 'identity-id' && step.screen !== 'identity-code')) return;
  if (event.target instanceof HTMLInputElement) return;
  let key: Key | null = null;
  if (/^[0-9]$/.test(event.key)) key = event.key as Key;
  else if (event.key === 'x' || event.key === 'X') key = 'X';
  else if (event.key === 'Backspace') key = 'backspace';
  else if (event.key === 'Delete') key = 'clear';
  else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
    event.preventDefault();
    confirm();
    return;
  }
  if (!key) return;
  event.preventDefault();
  press(key);
}

function confirm(): void {
  const step = flow.step;
  if (step?.screen === 'identity-id') void requestCode(step);
  else if (step?.screen === 'identity-code') void verify(step);
}

// ---- asking Rust -----------------------------------------------------------------------------

type Entry = Extract<Step, { screen: 'identity-id' | 'identity-code' }>;

/**
 * Sends what was typed on an entry screen once it is complete: `ask` puts the question to Rust and
 * `answered` moves on. A refusal stays on the screen with the typed text (cleared for a code, which
 * is not worth correcting); an answer for a visit that has since ended is dropped.
 */
async function send<T>(step: Entry, length: number, ask: () => Promise<T>, answered: (answer: T) => void): Promise<void> {
  if (step.busy) return;
  if (step.typed.length < length) {
    step.problem = { kind: 'incomplete' };
    update();
    return;
  }
  const visit = flow.visit;
  step.busy = true;
  step.problem = null;
  update();
  try {
    const answer = await ask();
    if (visit === flow.visit) answered(answer);
  } catch (reason) {
    if (visit !== flow.visit) return;
    step.busy = false;
    if (step.screen === 'identity-code') step.typed = '';
    step.problem = { kind: 'refused', error: toApiError(reason) };
    update();
  }
}

function requestCode(step: Extract<Step, { screen: 'identity-id' }>): Promise<void> {
  return send(step, ID_LENGTH, () => call('identity_request_code', { residentId: step.typed }), (sent) => {
    flow.residentId = step.typed;
    go({ screen: 'identity-code', sent, typed: '', busy: false, problem: null });
  });
}

function verify(step: Extract<Step, { screen: 'identity-code' }>): Promise<void> {
  return send(step, CODE_LENGTH, () => call('identity_verify_code', { code: step.typed }), (visitor) => {
    flow.residentId = '';
    identified(visitor);
  });
}

async function resend(step: Extract<Step, { screen: 'identity-code' }>): Promise<void> {
  if (step.busy) return;
  const visit = flow.visit;
  step.busy = true;
  update();
  try {
    step.sent = await call('identity_request_code', { residentId: flow.residentId });
    step.typed = '';
    step.problem = null;
  } catch (reason) {
    step.problem = { kind: 'refused', error: toApiError(reason) };
  }
  if (visit !== flow.visit) return;
  step.busy = false;
  repaint();
}

function pollCard(visit: number): void {
  cardTimer = window.setTimeout(async () => {
    if (visit !== flow.visit || flow.step?.screen !== 'identity-card') return;
    const step = flow.step;
    try {
      const visitor = await call('identity_read_card', {});
      if (visit !== flow.visit || flow.step !== step) return;
      if (visitor) {
        identified(visitor);
        return;
      }
    } catch (reason) {
      if (visit !== flow.visit || flow.step !== step) return;
      const error = toApiError(reason);
      step.problem = { kind: 'refused', error };
      // An unreadable card may read on the next try; a missing or broken reader will not.
      step.stopped = error.code !== 'card_unreadable';
      repaint();
      if (step.stopped) return;
    }
    pollCard(visit);
  }, CARD_POLL_MS);
}

// ---- drawing ---------------------------------------------------------------------------------

function button(attrs: Record<string, string>, label: string, onClick: () => void): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, label);
  el.addEventListener('click', onClick);
  return el;
}

function keyButton(name: Key): HTMLButtonElement {
  const edit = name === 'backspace' || name === 'clear';
  const el = h(
    'button',
    { type: 'button', class: `button check-in-key${edit ? ' check-in-key-edit' : ''}`, 'data-key': name },
    name === 'backspace' && pictogram(BACKSPACE, 'icon check-in-key-icon'),
    edit ? t(`queue.checkin.${name}`) : name,
  );
  el.addEventListener('click', () => press(name));
  return el;
}

function keypad(withX: boolean, label: MessageKey): HTMLElement {
  const keys: Key[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', withX ? 'X' : 'clear', '0', 'backspace'];
  const pad = h('div', { class: 'check-in-keypad', role: 'group', 'aria-label': t(label) }, ...keys.map(keyButton));
  if (withX) pad.append(keyButton('clear'));
  return pad;
}

/** The typed ID grouped 6-8-4 (region, birth date, sequence and check) so it can be checked at a glance. */
function grouped(typed: string): string {
  return [typed.slice(0, 6), typed.slice(6, 14), typed.slice(14)].filter(Boolean).join(' ');
}

function problemText(problem: Problem | null, incomplete: MessageKey): string {
  if (!problem) return '';
  return problem.kind === 'incomplete' ? t(incomplete) : errorText(problem.error);
}

/** Brings the typed entry, the notice and the busy state up to date without redrawing. */
function update(): void {
  const step = flow.step;
  if (!step || (step.screen !== 'identity-id' && step.screen !== 'identity-code')) return;
  const entry = document.getElementById(step.screen === 'identity-id' ? 'identity-id-entry' : 'identity-code-entry');
  if (entry) {
    entry.textContent = step.screen === 'identity-id' ? grouped(step.typed) : step.typed;
    entry.dataset.value = step.typed;
  }
  const notice = document.getElementById('identity-notice');
  if (notice) {
    notice.textContent = problemText(step.problem, step.screen === 'identity-id' ? 'identity.id.incomplete' : 'identity.code.incomplete');
    if (step.problem) notice.dataset.problem = step.problem.kind === 'incomplete' ? 'incomplete' : step.problem.error.code;
    else delete notice.dataset.problem;
  }
  const status = document.getElementById('identity-status');
  if (status) status.textContent = step.busy ? t('identity.busy') : '';
  for (const el of document.querySelectorAll<HTMLButtonElement>('.check-in-key, #identity-id-confirm, #identity-code-confirm')) {
    el.setAttribute('aria-disabled', String(step.busy));
  }
}

function frame(name: Step['screen'], title: string, body: Node[], actions: Node[]): HTMLElement {
  const back = button({ class: 'button queue-secondary', id: 'identity-back' }, t('identity.back'), goBack);
  return h(
    'section',
    { class: 'queue-screen identity-screen', 'data-screen': name, 'data-purpose': flow.purpose ?? '', 'aria-labelledby': 'identity-title' },
    h('h2', { class: 'queue-title', id: 'identity-title', tabindex: '-1' }, title),
    ...body,
    h('div', { class: 'queue-actions' }, ...actions, back, homeButton()),
  );
}

function homeButton(): HTMLButtonElement {
  return button({ class: 'button queue-secondary', id: 'identity-home' }, t('identity.home'), () => onFinish());
}

function goBack(): void {
  const step = flow.step;
  if (step?.screen === 'identity-code') go(idEntry());
  else if ((step?.screen === 'identity-id' || step?.screen === 'identity-card') && flow.cardReader) {
    go({ screen: 'identity-method' });
  } else onFinish();
}

function entryScreen(step: Extract<Step, { screen: 'identity-id' | 'identity-code' }>): HTMLElement {
  const isId = step.screen === 'identity-id';
  const confirmButton = button(
    { class: 'button button-primary check-in-confirm', id: isId ? 'identity-id-confirm' : 'identity-code-confirm' },
    t(isId ? 'identity.id.confirm' : 'identity.code.confirm'),
    confirm,
  );
  const lead = isId
    ? h('p', { class: 'queue-lead' }, t('identity.id.lead'))
    : h(
      'p',
      { class: 'queue-lead' },
      t('identity.code.lead_before'),
      ' ',
      h('span', { id: 'identity-phone', class: 'identity-phone', translate: 'no' }, step.sent.masked_phone),
      ' ',
      t('identity.code.lead_after', { minutes: String(Math.max(1, Math.round(step.sent.valid_for_seconds / 60))) }),
    );
  const extra = isId
    ? []
    : [button({ class: 'button queue-secondary', id: 'identity-resend' }, t('identity.code.resend'), () => void resend(step))];
  const body = h(
    'div',
    { class: 'queue-columns check-in' },
    h(
      'div',
      { class: 'queue-do' },
      lead,
      h('p', { class: 'check-in-code-label', id: 'identity-entry-label' }, t(isId ? 'identity.id.label' : 'identity.code.label')),
      h('output', {
        class: `identity-entry${isId ? ' identity-entry-id' : ''}`,
        id: isId ? 'identity-id-entry' : 'identity-code-entry',
        'aria-labelledby': 'identity-entry-label',
        translate: 'no',
        tabindex: '0',
      }),
      h('p', { class: 'check-in-status', id: 'identity-status', role: 'status' }),
      h('p', { class: 'check-in-notice', id: 'identity-notice', role: 'alert' }),
      ...extra,
    ),
    h('div', { class: 'check-in-pad' }, keypad(isId, isId ? 'identity.id.keypad' : 'identity.code.keypad'), confirmButton),
  );
  const screen = frame(step.screen, t(isId ? 'identity.id.title' : 'identity.code.title'), [body], []);
  queueMicrotask(update);
  return screen;
}

function methodScreen(): HTMLElement {
  const card = button({ class: 'button button-primary identity-method', id: 'identity-by-card' }, t('identity.method.card'), () =>
    go({ screen: 'identity-card', problem: null, stopped: false }));
  const id = button({ class: 'button identity-method', id: 'identity-by-id' }, t('identity.method.id'), () => go(idEntry()));
  return frame('identity-method', t('identity.method.title'), [h('p', { class: 'queue-lead' }, t('identity.method.lead')), h('div', { class: 'identity-methods' }, card, id)], []);
}

function cardScreen(step: Extract<Step, { screen: 'identity-card' }>): HTMLElement {
  const notice = h('p', { class: 'check-in-notice', id: 'identity-notice', role: 'alert' }, problemText(step.problem, 'identity.id.incomplete'));
  if (step.problem?.kind === 'refused') notice.dataset.problem = step.problem.error.code;
  const actions = step.stopped ? [button({ class: 'button button-primary', id: 'identity-by-id' }, t('identity.method.id'), () => go(idEntry()))] : [];
  return frame('identity-card', t('identity.card.title'), [h('p', { class: 'queue-lead' }, t('identity.card.lead')), notice], actions);
}

export function identityScreen(): HTMLElement {
  const step = flow.step;
  switch (step?.screen) {
    case 'identity-method':
      return methodScreen();
    case 'identity-code':
    case 'identity-id':
      return entryScreen(step);
    case 'identity-card':
      return cardScreen(step);
    case 'delivery':
      return deliveryScreen();
    case 'intake':
      return intakeScreen();
    default:
      return h('section', { 'data-screen': 'identity-none' });
  }
}
