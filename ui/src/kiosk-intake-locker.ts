// Paper materials in the kiosk's locker. After a submission is filed, the litigant may hand its
// papers in: a compartment size, then "put your papers in compartment N and close the door" while
// the sensors are read every second, until Rust records the deposit and prints the slip (which,
// like this screen, never shows the pickup code: that is for the court). Court staff open a
// compartment again from the home screen with the code on their pickup slip.
import type { ApiError, LockerCollected, LockerDeposit, SubmittedView } from './bindings';
import { h, pictogram } from './dom';
import { t, type MessageKey } from './i18n';
import { BACKSPACE } from './icons';
import { call, toApiError } from './ipc';
import { ask, flow, frame, go, redrawKeepingFocus, type Step } from './kiosk-intake-flow';
import { button, given } from './kiosk-intake-view';
import { errorText } from './remember';
import './styles/kiosk-intake-locker.css';

const SIZES = ['small', 'medium', 'large'] as const;
/** How often the door and occupancy sensors are read while the papers go in. */
const POLL_MS = 1000;
/** A pickup code is six digits (see courtdesk-intake's locker). */
const CODE_LENGTH = 6;

let present = false;

/** Whether this kiosk has a locker (`terminal_info`'s `locker`). */
export function setLockerPresent(locker: boolean): void {
  present = locker;
}

/** The offer on the done screen: a large button to the size choice, and a note after a cancel. */
export function lockerOffer(step: Extract<Step, { screen: 'intake-done' }>): Node[] {
  if (!present) return [];
  return [
    h(
      'div',
      { class: 'locker-offer' },
      button({ class: 'button locker-offer-button', id: 'intake-locker-offer' }, t('intake.locker.offer'), () => go({ screen: 'intake-locker-size', submitted: step.submitted })),
      h('p', { class: 'intake-hint' }, t('intake.locker.offer_hint')),
    ),
    ...(step.lockerCancelled ? [h('p', { class: 'intake-hint', id: 'intake-locker-cancelled', role: 'status' }, t('intake.locker.cancelled'))] : []),
  ];
}

function backToDone(submitted: SubmittedView): HTMLButtonElement {
  return button({ class: 'button queue-secondary', id: 'intake-back' }, t('intake.back'), () => go({ screen: 'intake-done', submitted }));
}

function openCompartment(submitted: SubmittedView, size: string): void {
  void ask(() => call('intake_locker_open', { submissionId: submitted.submission_id, size }), ({ compartment }) => {
    const step: Step = { screen: 'intake-locker-deposit', submitted, size, compartment, state: null, cancelRefused: null };
    go(step);
    watch(step);
  });
}

function sizeScreen(step: Extract<Step, { screen: 'intake-locker-size' }>): HTMLElement {
  const sizes = h('ul', { class: 'locker-sizes' }, ...SIZES.map((size) => {
    const el = h(
      'button',
      { type: 'button', class: 'button locker-size', 'data-locker-size': size },
      h('span', { class: 'locker-size-name' }, t(`intake.locker.size.${size}`)),
      h('span', { class: 'locker-size-hint' }, t(`intake.locker.size.${size}.hint`)),
    );
    el.addEventListener('click', () => openCompartment(step.submitted, size));
    return h('li', {}, el);
  }));
  return frame('intake-locker-size', t('intake.locker.size.title'), [h('p', { class: 'queue-lead' }, t('intake.locker.size.lead')), sizes], [backToDone(step.submitted)]);
}

/**
 * Reads the sensors every second while `step` shows, until the papers are in; a visit that ended
 * or a screen that changed stops it. A refusal is said on the screen and the reading goes on.
 */
function watch(step: Extract<Step, { screen: 'intake-locker-deposit' }>): void {
  const visit = flow.visit;
  const current = (): boolean => flow.visit === visit && flow.step === step;
  const tick = (): void => {
    if (!current()) return;
    if (flow.busy) {
      window.setTimeout(tick, POLL_MS);
      return;
    }
    call('intake_locker_deposit', { submissionId: step.submitted.submission_id }).then((answer) => {
      if (!current()) return;
      if (answer.state === 'deposited') {
        go({ screen: 'intake-locker-done', submitted: step.submitted, deposit: answer });
        return;
      }
      const changed = answer.state !== step.state || flow.problem !== null;
      step.state = answer.state;
      if (answer.state === 'empty' || flow.problem) step.cancelRefused = null;
      flow.problem = null;
      if (changed) redrawKeepingFocus();
      window.setTimeout(tick, POLL_MS);
    }, (reason: unknown) => {
      if (!current()) return;
      const error = toApiError(reason);
      const was = flow.problem?.kind === 'refused' ? flow.problem.error.code : null;
      flow.problem = { kind: 'refused', error };
      if (was !== error.code) redrawKeepingFocus();
      window.setTimeout(tick, POLL_MS);
    });
  };
  window.setTimeout(tick, POLL_MS);
}

function depositScreen(step: Extract<Step, { screen: 'intake-locker-deposit' }>): HTMLElement {
  const compartment = String(step.compartment);
  const state = step.state ?? 'door_open';
  const said: MessageKey = step.cancelRefused ? `intake.locker.cancel.${step.cancelRefused}` : `intake.locker.state.${state}`;
  const actions: Node[] = [];
  if (state === 'empty') {
    actions.push(button({ class: 'button button-primary', id: 'intake-locker-reopen' }, t('intake.locker.reopen'), () =>
      void ask(() => call('intake_locker_open', { submissionId: step.submitted.submission_id, size: step.size }), () => {
        step.state = 'door_open';
        step.cancelRefused = null;
        redrawKeepingFocus();
      })));
  }
  actions.push(button({ class: 'button queue-secondary', id: 'intake-locker-cancel' }, t('intake.locker.cancel'), () =>
    void ask(() => call('intake_locker_cancel', { submissionId: step.submitted.submission_id }), (answer) => {
      if (answer === 'released') {
        go({ screen: 'intake-done', submitted: step.submitted, lockerCancelled: true });
        return;
      }
      step.cancelRefused = answer;
      redrawKeepingFocus();
    })));
  return frame('intake-locker-deposit', t('intake.locker.deposit.title', { compartment }), [
    h(
      'div',
      { class: 'queue-card locker-compartment-card' },
      h('p', { class: 'intake-status-label' }, t('intake.locker.compartment')),
      h('p', { class: 'locker-compartment', id: 'intake-locker-compartment', 'data-compartment': compartment, translate: 'no' }, compartment),
    ),
    h('p', { class: 'queue-lead' }, t('intake.locker.deposit.lead', { compartment })),
    h('p', { class: 'locker-state', id: 'intake-locker-state', 'data-state': state, 'data-cancel': step.cancelRefused ?? '', role: 'status' }, t(said)),
  ], actions);
}

function printKey(deposit: LockerDeposit): MessageKey {
  if (deposit.printed) return 'intake.locker.done.printed';
  return deposit.print_error === 'no_printer' ? 'intake.locker.done.no_printer' : 'intake.locker.done.print_failed';
}

function doneScreen(step: Extract<Step, { screen: 'intake-locker-done' }>, finish: () => void): HTMLElement {
  const compartment = String(step.deposit.compartment);
  const number = step.submitted.number;
  const notice = h('p', { class: 'intake-print-notice', id: 'intake-locker-print', role: 'status' }, t(printKey(step.deposit), { compartment, number }));
  if (step.deposit.printed) notice.dataset.kind = 'done';
  else notice.dataset.problem = step.deposit.print_error ?? 'print_failed';
  return frame('intake-locker-done', t('intake.locker.done.title'), [
    h(
      'div',
      { class: 'queue-card locker-compartment-card' },
      h('p', { class: 'intake-status-label' }, t('intake.locker.compartment')),
      h('p', { class: 'locker-compartment', id: 'intake-locker-compartment', 'data-compartment': compartment, translate: 'no' }, compartment),
      h('p', { class: 'intake-status-label' }, t('intake.done.number')),
      given(number, { class: 'intake-number', id: 'intake-number' }),
    ),
    notice,
    h('p', { class: 'queue-lead' }, t('intake.locker.done.next')),
  ], [button({ class: 'button button-primary', id: 'intake-finish' }, t('intake.done.finish'), finish)]);
}

/** The locker screens of the intake flow, or null when another screen shows. */
export function lockerScreen(finish: () => void): HTMLElement | null {
  const step = flow.step;
  switch (step?.screen) {
    case 'intake-locker-size':
      return sizeScreen(step);
    case 'intake-locker-deposit':
      return depositScreen(step);
    case 'intake-locker-done':
      return doneScreen(step, finish);
    default:
      return null;
  }
}

// ---- pickup by court staff, from the home screen ------------------------------------------------

type PickupProblem = { kind: 'incomplete' } | { kind: 'refused'; error: ApiError };

const pickup: {
  open: boolean;
  code: string;
  busy: boolean;
  problem: PickupProblem | null;
  opened: LockerCollected | null;
  redraw: () => void;
  // Bumped when the pickup is left: an answer arriving later is dropped.
  round: number;
} = { open: false, code: '', busy: false, problem: null, opened: null, redraw: () => undefined, round: 0 };

export function inLockerPickup(): boolean {
  return pickup.open;
}

/** Drops the pickup screen and the code typed. */
export function leaveLockerPickup(): void {
  Object.assign(pickup, { open: false, code: '', busy: false, problem: null, opened: null });
  pickup.round += 1;
  document.removeEventListener('keydown', onPickupKey);
}

/** The staff entry on the home screen, when the kiosk has a locker. */
export function lockerPickupEntry(redraw: () => void): Node[] {
  if (!present) return [];
  return [button({ class: 'button locker-pickup-entry', id: 'locker-pickup' }, t('locker.pickup.entry'), () => {
    leaveLockerPickup();
    pickup.open = true;
    pickup.redraw = redraw;
    document.addEventListener('keydown', onPickupKey);
    redraw();
    document.getElementById('locker-pickup-title')?.focus();
  })];
}

function press(key: string): void {
  if (pickup.busy || pickup.opened) return;
  if (key === 'clear') pickup.code = '';
  else if (key === 'backspace') pickup.code = pickup.code.slice(0, -1);
  else if (pickup.code.length < CODE_LENGTH) pickup.code += key;
  pickup.problem = null;
  paintCode();
}

function onPickupKey(event: KeyboardEvent): void {
  if (!pickup.open || pickup.opened || document.querySelector('dialog[open]')) return;
  if (/^[0-9]$/.test(event.key)) press(event.key);
  else if (event.key === 'Backspace') press('backspace');
  else if (event.key === 'Delete') press('clear');
  else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) confirmPickup();
  else return;
  event.preventDefault();
}

function confirmPickup(): void {
  if (pickup.busy) return;
  if (pickup.code.length !== CODE_LENGTH) {
    pickup.problem = { kind: 'incomplete' };
    paintCode();
    return;
  }
  const round = pickup.round;
  pickup.busy = true;
  pickup.problem = null;
  pickup.redraw();
  call('locker_collect', { code: pickup.code }).then((opened) => {
    if (round !== pickup.round) return;
    Object.assign(pickup, { busy: false, code: '', opened });
    pickup.redraw();
    document.getElementById('locker-pickup-title')?.focus();
  }, (reason: unknown) => {
    if (round !== pickup.round) return;
    Object.assign(pickup, { busy: false, code: '', problem: { kind: 'refused', error: toApiError(reason) } });
    pickup.redraw();
    document.getElementById('locker-pickup-confirm')?.focus();
  });
}

function problemText(problem: PickupProblem): string {
  if (problem.kind === 'incomplete') return t('locker.pickup.incomplete', { count: String(CODE_LENGTH) });
  if (problem.error.code === 'bad_input') return t('locker.pickup.incomplete', { count: String(CODE_LENGTH) });
  return errorText(problem.error);
}

/** The typed digits and the notice, changed in place so focus stays on the key tapped. */
function paintCode(root: ParentNode = document): void {
  const code = root.querySelector<HTMLElement>('#locker-pickup-code');
  if (code) {
    code.dataset.code = pickup.code;
    code.replaceChildren(...Array.from({ length: CODE_LENGTH }, (_, i) => {
      const digit = pickup.code[i];
      return h('span', { class: `check-in-slot${digit ? ' is-filled' : ''}${i === pickup.code.length ? ' is-next' : ''}` }, digit ?? '');
    }));
  }
  const notice = root.querySelector<HTMLElement>('#locker-pickup-notice');
  if (notice) {
    const problem = pickup.problem;
    if (problem) notice.dataset.problem = problem.kind === 'refused' ? problem.error.code : problem.kind;
    else delete notice.dataset.problem;
    notice.textContent = problem ? problemText(problem) : '';
  }
}

function key(name: string): HTMLButtonElement {
  const special = name === 'backspace' || name === 'clear';
  const el = h(
    'button',
    { type: 'button', class: `button check-in-key${special ? ' check-in-key-edit' : ''}`, 'data-key': name },
    name === 'backspace' && pictogram(BACKSPACE, 'icon check-in-key-icon'),
    special ? t(`queue.checkin.${name}` as MessageKey) : name,
  );
  el.addEventListener('click', () => press(name));
  return el;
}

function pickupSection(name: string, title: string, body: Node[], actions: Node[]): HTMLElement {
  return h(
    'section',
    { class: 'queue-screen locker-pickup-screen', 'data-screen': name, 'aria-labelledby': 'locker-pickup-title', 'aria-busy': String(pickup.busy) },
    h('h2', { class: 'queue-title', id: 'locker-pickup-title', tabindex: '-1' }, title),
    ...body,
    h('div', { class: 'queue-actions' }, ...actions),
  );
}

/** The pickup screens: the code on a keypad, then the compartment opened. */
export function lockerPickupScreen(finish: () => void): HTMLElement {
  const home = button({ class: 'button queue-secondary', id: 'locker-pickup-home' }, t('locker.pickup.home'), finish);
  const opened = pickup.opened;
  if (opened) {
    const compartment = String(opened.compartment);
    return pickupSection('locker-pickup-opened', t('locker.pickup.opened.title', { compartment }), [
      h(
        'div',
        { class: 'queue-card locker-compartment-card' },
        h('p', { class: 'intake-status-label' }, t('intake.locker.compartment')),
        h('p', { class: 'locker-compartment', id: 'locker-pickup-compartment', 'data-compartment': compartment, translate: 'no' }, compartment),
        ...(opened.submission_number ? [
          h('p', { class: 'intake-status-label' }, t('intake.done.number')),
          given(opened.submission_number, { class: 'intake-number', id: 'locker-pickup-number' }),
        ] : []),
      ),
      h('p', { class: 'queue-lead' }, t('locker.pickup.opened.lead')),
    ], [button({ class: 'button button-primary', id: 'locker-pickup-done' }, t('locker.pickup.done'), finish)]);
  }
  const confirm = button({ class: 'button button-primary check-in-confirm', id: 'locker-pickup-confirm' }, t('locker.pickup.confirm'), confirmPickup);
  if (pickup.busy) confirm.setAttribute('aria-disabled', 'true');
  const keypad = h(
    'div',
    { class: 'check-in-keypad', id: 'locker-pickup-keypad', role: 'group', 'aria-label': t('locker.pickup.keypad') },
    ...['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'backspace'].map(key),
  );
  const body = h(
    'div',
    { class: 'queue-columns check-in' },
    h(
      'div',
      { class: 'queue-do' },
      h('p', { class: 'queue-lead' }, t('locker.pickup.lead', { count: String(CODE_LENGTH) })),
      h('p', { class: 'check-in-code-label', id: 'locker-pickup-code-label' }, t('locker.pickup.code')),
      h('output', { class: 'check-in-code', id: 'locker-pickup-code', 'aria-labelledby': 'locker-pickup-code-label', translate: 'no' }),
      h('p', { class: 'check-in-status', role: 'status' }, pickup.busy ? t('locker.pickup.busy') : ''),
      h('p', { class: 'check-in-notice', id: 'locker-pickup-notice', role: 'alert' }),
    ),
    h('div', { class: 'check-in-pad' }, keypad, confirm),
  );
  paintCode(body);
  return pickupSection('locker-pickup', t('locker.pickup.title'), [body], [home]);
}
