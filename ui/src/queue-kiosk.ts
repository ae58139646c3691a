// Taking a queue ticket at the kiosk: tap a service, tap "take ticket", read the number.
// A priority ticket (elderly, disabled, pregnant) swaps the second tap for two on the same panel.
// A booked appointment checks in instead: "I have an appointment", six digits, confirm.
import type { ApiError, DispenseView, Priority, ServiceOffer, TakeTicket, TicketView } from './bindings';
import { h, pictogram } from './dom';
import { t } from './i18n';
import { APPOINTMENT } from './icons';
import { call, toApiError } from './ipc';
import {
  CODE_LENGTH, applyKey, checkInBody, isRefusal, keyFromKeyboard, updateCheckIn, type CheckIn, type KeypadKey,
} from './queue-check-in';
import { dispenseText, priorityText, serviceName, waitText } from './queue-text';
import { markPaintedSoon, markTap } from './ticket-timing';

/** The ticket screen goes back to the start by itself after this long. */
export const TICKET_SCREEN_MS = 20_000;
const PRIORITIES = ['elderly', 'disabled', 'pregnant'] as const satisfies readonly Priority[];

type Problem =
  | { kind: 'print_failed'; retry: () => void }
  | { kind: 'out_of_numbers' }
  | { kind: 'not_dispensing'; dispense: DispenseView }
  | { kind: 'other'; code: ApiError['code']; retry: () => void };

type Step =
  | { screen: 'queue-loading' }
  | { screen: 'queue-services'; offers: readonly ServiceOffer[] }
  | { screen: 'queue-confirm'; offer: ServiceOffer; priorityOpen: boolean; taking: boolean }
  | { screen: 'queue-check-in'; entry: CheckIn }
  | { screen: 'queue-ticket'; ticket: TicketView }
  | { screen: 'queue-problem'; problem: Problem };

let step: Step | null = null;
let repaint: () => void = () => undefined;
let homeTimer: number | undefined;
// A visit's answers arriving after the kiosk went home (idle, Done) must not bring it back.
let visit = 0;

/** Whether the kiosk's main area belongs to the ticket flow (otherwise it shows the home tiles). */
export function inQueue(): boolean {
  return step !== null;
}

/** Ends the flow, e.g. when the kiosk is reset after an idle spell; the caller redraws home. */
export function leaveQueue(): void {
  step = null;
  visit += 1;
  window.clearTimeout(homeTimer);
}

function home(): void {
  leaveQueue();
  repaint();
  document.querySelector<HTMLElement>('[data-service="queue_ticket"]')?.focus();
}

/** Moves to a step; focus goes to its heading so a screen reader starts reading there. */
function go(next: Step): void {
  window.clearTimeout(homeTimer);
  step = next;
  repaint();
  document.getElementById('queue-title')?.focus();
}

let listening = false;

/** Opens the flow from the home screen's queue tile; `redraw` repaints the whole kiosk screen. */
export async function openQueue(redraw: () => void): Promise<void> {
  repaint = redraw;
  if (!listening) {
    listening = true;
    document.addEventListener('keydown', onKeyboard);
  }
  const mine = ++visit;
  go({ screen: 'queue-loading' });
  try {
    const offers = await call('queue_offer', {});
    if (mine === visit) go({ screen: 'queue-services', offers });
  } catch (reason) {
    const retry = (): void => void openQueue(redraw);
    if (mine === visit) go({ screen: 'queue-problem', problem: { kind: 'other', code: toApiError(reason).code, retry } });
  }
}

/** Where a take or a check-in leads: the ticket, or why there is none. */
function outcome(result: TakeTicket): Step {
  return result.outcome === 'issued'
    ? { screen: 'queue-ticket', ticket: result.ticket }
    : { screen: 'queue-problem', problem: { kind: 'not_dispensing', dispense: result.dispense } };
}

function failure(code: ApiError['code'], retry: () => void): Step {
  const problem: Problem = code === 'print_failed' ? { kind: 'print_failed', retry }
    : code === 'out_of_numbers' ? { kind: 'out_of_numbers' }
      : { kind: 'other', code, retry };
  return { screen: 'queue-problem', problem };
}

/** Shows the answer to a tap; a ticket also starts its way home and the tap-to-ticket measure. */
function land(next: Step): void {
  go(next);
  if (next.screen !== 'queue-ticket') return;
  homeTimer = window.setTimeout(home, TICKET_SCREEN_MS);
  markPaintedSoon();
}

/**
 * Puts the confirm screen on hold in place, as `confirmScreen(…, taking = true)` would draw it: a
 * whole new screen here would cost a full repaint just before the ticket's own (see tap-to-ticket).
 */
function showTaking(): void {
  for (const el of document.querySelectorAll<HTMLButtonElement>('#take-ticket, #need-priority, [data-priority]')) {
    el.disabled = true;
  }
  const status = document.querySelector('.queue-taking');
  if (status) status.textContent = t('queue.taking');
}

async function take(offer: ServiceOffer, priority: Priority): Promise<void> {
  markTap();
  const mine = visit;
  if (step?.screen === 'queue-confirm') {
    step = { ...step, taking: true };
    showTaking();
  }
  const retry = (): void => {
    go({ screen: 'queue-confirm', offer, priorityOpen: priority !== 'normal', taking: false });
    void take(offer, priority);
  };
  let next: Step;
  try {
    next = outcome(await call('take_ticket', { service: offer.service.id, priority }));
  } catch (reason) {
    next = failure(toApiError(reason).code, retry);
  }
  if (mine === visit) land(next);
}

function openCheckIn(): void {
  go({ screen: 'queue-check-in', entry: { code: '', checking: false, notice: null } });
}

function press(key: KeypadKey): void {
  if (step?.screen !== 'queue-check-in' || step.entry.checking) return;
  applyKey(step.entry, key);
  updateCheckIn(step.entry);
}

async function checkIn(): Promise<void> {
  if (step?.screen !== 'queue-check-in') return;
  const entry = step.entry;
  if (entry.checking) return;
  if (entry.code.length < CODE_LENGTH) {
    entry.notice = { kind: 'incomplete' };
    updateCheckIn(entry);
    return;
  }
  markTap();
  const mine = visit;
  const code = entry.code;
  entry.checking = true;
  updateCheckIn(entry);
  const retry = (): void => {
    go({ screen: 'queue-check-in', entry: { code, checking: false, notice: null } });
    void checkIn();
  };
  let next: Step;
  try {
    next = outcome(await call('check_in', { code }));
  } catch (reason) {
    const error = toApiError(reason).code;
    if (isRefusal(error)) {
      // The code was wrong or spent: say so with the code as typed, ready for another try.
      Object.assign(entry, { code: '', checking: false, notice: { kind: 'refused', code: error, typed: code } });
      if (mine === visit) updateCheckIn(entry);
      return;
    }
    next = failure(error, retry);
  }
  if (mine === visit) land(next);
}

/** A physical keyboard types on the check-in keypad too; Enter on the keypad's own buttons presses them. */
function onKeyboard(event: KeyboardEvent): void {
  if (step?.screen !== 'queue-check-in' || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'Enter') {
    if (event.target instanceof HTMLButtonElement) return;
    event.preventDefault();
    void checkIn();
    return;
  }
  const key = keyFromKeyboard(event.key);
  if (!key) return;
  event.preventDefault();
  press(key);
}

function button(attrs: Record<string, string | boolean>, label: string, onTap: () => void): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, label);
  el.addEventListener('click', onTap);
  return el;
}

const homeButton = (): HTMLButtonElement => button({ class: 'button queue-secondary', id: 'queue-home' }, t('queue.home'), home);

const servicesButton = (): HTMLButtonElement =>
  button({ class: 'button queue-secondary', id: 'queue-back' }, t('queue.back'), () => void openQueue(repaint));

function screen(name: Step['screen'], title: string, body: Node[], actions: Node[]): HTMLElement {
  return h(
    'section',
    { class: 'queue-screen', 'data-screen': name, 'aria-labelledby': 'queue-title' },
    h('h2', { class: 'queue-title', id: 'queue-title', tabindex: '-1' }, title),
    ...body,
    actions.length > 0 && h('div', { class: 'queue-actions' }, ...actions),
  );
}

function serviceCell(offer: ServiceOffer): HTMLElement {
  const open = offer.dispense.state === 'open';
  const detail = open
    ? `${t('queue.waiting', { count: String(offer.waiting) })} · ${waitText(offer.wait_minutes, offer.waiting)}`
    : dispenseText(offer.dispense, 'offer');
  const el = h(
    'button',
    {
      type: 'button',
      class: 'queue-service',
      'data-queue-service': offer.service.id,
      'data-dispense': offer.dispense.state,
      disabled: !open,
    },
    h('span', { class: 'queue-service-letter', 'aria-hidden': 'true', translate: 'no' }, offer.service.prefix),
    h(
      'span',
      { class: 'queue-service-text' },
      h('span', { class: 'queue-service-name' }, serviceName(offer.service)),
      h('span', { class: 'queue-service-detail' }, detail),
    ),
  );
  el.addEventListener('click', () => go({ screen: 'queue-confirm', offer, priorityOpen: false, taking: false }));
  return h('li', { class: 'queue-service-cell' }, el);
}

/** "I have an appointment": a booking checks in here rather than queueing for a service. */
function appointmentButton(): HTMLButtonElement {
  const el = h(
    'button',
    { type: 'button', class: 'queue-appointment', id: 'queue-appointment' },
    h('span', { class: 'queue-appointment-icon' }, pictogram(APPOINTMENT)),
    h(
      'span',
      { class: 'queue-appointment-text' },
      h('span', { class: 'queue-appointment-title' }, t('queue.appointment.open')),
      h('span', { class: 'queue-appointment-desc' }, t('queue.appointment.desc')),
    ),
  );
  el.addEventListener('click', openCheckIn);
  return el;
}

function servicesScreen(offers: readonly ServiceOffer[]): HTMLElement {
  const body = offers.length > 0
    ? [
        h('p', { class: 'queue-lead' }, t('queue.services.lead')),
        h('ul', { class: 'queue-services', 'aria-labelledby': 'queue-title' }, ...offers.map(serviceCell)),
      ]
    : [h('p', { class: 'queue-lead' }, t('queue.services.none'))];
  // In the row of actions: the services fill the screen, and a row of its own would not fit.
  return screen('queue-services', t('queue.services.title'), body, [homeButton(), appointmentButton()]);
}

function checkInScreen(entry: CheckIn): HTMLElement {
  return screen(
    'queue-check-in',
    t('queue.checkin.title'),
    [checkInBody(entry, { press, confirm: () => void checkIn() })],
    [servicesButton(), homeButton()],
  );
}

/** Label/value rows; a <dl> keeps each figure tied to what it measures for screen readers. */
function facts(rows: readonly (readonly [string, string, string])[]): HTMLElement {
  return h(
    'dl',
    { class: 'queue-facts' },
    ...rows.flatMap(([cls, label, value]) => [h('dt', {}, label), h('dd', { class: cls }, value)]),
  );
}

function confirmScreen(offer: ServiceOffer, priorityOpen: boolean, taking: boolean): HTMLElement {
  const takeButton = button(
    { class: 'button button-primary queue-take', id: 'take-ticket', disabled: taking },
    t('queue.take'),
    () => void take(offer, 'normal'),
  );
  const toggle = button(
    { class: 'button queue-secondary queue-need-priority', id: 'need-priority', 'aria-expanded': String(priorityOpen), 'aria-controls': 'queue-priorities', disabled: taking },
    t('queue.priority.toggle'),
    () => {
      if (step?.screen !== 'queue-confirm') return;
      step = { ...step, priorityOpen: !step.priorityOpen };
      repaint();
      document.getElementById('need-priority')?.focus();
    },
  );
  const choices = h(
    'div',
    { class: 'queue-priorities', id: 'queue-priorities', role: 'group', 'aria-labelledby': 'queue-priority-note', hidden: !priorityOpen },
    h('p', { class: 'queue-priority-note', id: 'queue-priority-note' }, t('queue.priority.note')),
    ...PRIORITIES.map((priority) =>
      button({ class: 'button queue-priority', 'data-priority': priority, disabled: taking }, t(`queue.priority.${priority}`), () => void take(offer, priority))),
  );
  return screen(
    'queue-confirm',
    t('queue.confirm.title'),
    [
      h(
        'div',
        { class: 'queue-columns' },
        h(
          'div',
          { class: 'queue-card' },
          h('p', { class: 'queue-card-service' }, serviceName(offer.service)),
          facts([
            ['queue-confirm-waiting', t('queue.confirm.waiting'), t('queue.people', { count: String(offer.waiting) })],
            ['queue-confirm-wait', t('queue.confirm.wait'), waitText(offer.wait_minutes, offer.waiting)],
          ]),
        ),
        h(
          'div',
          { class: 'queue-do' },
          takeButton,
          h('p', { class: 'queue-taking', role: 'status' }, taking ? t('queue.taking') : ''),
          toggle,
          choices,
        ),
      ),
    ],
    [servicesButton(), homeButton()],
  );
}

function ticketScreen(ticket: TicketView): HTMLElement {
  const ahead = ticket.people_ahead === 0
    ? t('queue.ticket.ahead_none')
    : t('queue.people', { count: String(ticket.people_ahead) });
  const done = button({ class: 'button button-primary queue-done', id: 'queue-done' }, t('queue.done'), home);
  return screen(
    'queue-ticket',
    t('queue.ticket.title'),
    [
      h(
        'div',
        { class: 'queue-columns' },
        h(
          'div',
          { class: 'queue-card queue-ticket' },
          h('p', { class: 'queue-ticket-label', id: 'ticket-number-label' }, t('queue.ticket.number')),
          h('p', { class: 'queue-ticket-number', id: 'ticket-number', translate: 'no', 'aria-describedby': 'ticket-number-label' }, ticket.number),
          h('p', { class: 'queue-card-service' }, serviceName(ticket.service)),
          ticket.priority !== 'normal' && h('p', { class: 'queue-ticket-priority' }, priorityText(ticket.priority)),
        ),
        h(
          'div',
          { class: 'queue-do' },
          h(
            'div',
            { class: 'queue-card' },
            facts([
              ['queue-ticket-ahead', t('queue.ticket.ahead'), ahead],
              ['queue-ticket-wait', t('queue.confirm.wait'), waitText(ticket.wait_minutes, ticket.people_ahead)],
              ['queue-ticket-time', t('queue.ticket.issued'), ticket.issued_at],
            ]),
          ),
          h('p', { class: 'queue-ticket-keep' }, t(ticket.printed ? 'queue.ticket.keep' : 'queue.ticket.not_printed')),
          done,
          h('p', { class: 'queue-ticket-closing' }, t('queue.ticket.closing', { seconds: String(TICKET_SCREEN_MS / 1000) })),
        ),
      ),
    ],
    [],
  );
}

function problemScreen(problem: Problem): HTMLElement {
  let text: string;
  const actions: HTMLButtonElement[] = [];
  switch (problem.kind) {
    case 'print_failed':
      text = t('queue.error.print_failed');
      actions.push(button({ class: 'button button-primary queue-retry', id: 'queue-retry' }, t('queue.retry'), problem.retry));
      break;
    case 'out_of_numbers':
      text = t('queue.error.out_of_numbers');
      break;
    case 'not_dispensing':
      text = dispenseText(problem.dispense, 'stop');
      actions.push(servicesButton());
      break;
    case 'other':
      text = t('queue.error.other');
      actions.push(button({ class: 'button button-primary queue-retry', id: 'queue-retry' }, t('queue.retry'), problem.retry));
      break;
  }
  const code = problem.kind === 'other' ? problem.code : problem.kind;
  const title = problem.kind === 'not_dispensing' ? t('queue.stop.title') : t('queue.error.title');
  return screen(
    'queue-problem',
    title,
    [h('p', { class: 'queue-problem-text', role: 'alert', 'data-problem': code }, text)],
    [...actions, homeButton()],
  );
}

/** The flow's current screen, drawn afresh in the current language. */
export function queueScreen(): HTMLElement {
  switch (step?.screen) {
    case 'queue-services':
      return servicesScreen(step.offers);
    case 'queue-confirm':
      return confirmScreen(step.offer, step.priorityOpen, step.taking);
    case 'queue-check-in':
      return checkInScreen(step.entry);
    case 'queue-ticket':
      return ticketScreen(step.ticket);
    case 'queue-problem':
      return problemScreen(step.problem);
    default:
      return screen('queue-loading', t('queue.loading'), [], []);
  }
}
