// The desk's deliveries panel: what the site has served and how it stands, the paper package
// printed for a delivery due on paper, and the form that publishes a new one. Opened by its
// button in the calling panel's bar or by F10.
import type { ApiError, DeskDeliveryView } from './bindings';
import { h } from './dom';
import { t, type MessageKey } from './i18n';
import { call, toApiError } from './ipc';
import { courtText, localDate, stateName } from './kiosk-delivery-view';
import { publishForm, resetPublish } from './desk-delivery-publish';
import { setupOpen } from './queue-desk-setup';
import { errorText } from './remember';
import { sessionEnded } from './staff-sign-in';
import './styles/desk-delivery.css';

/** The key that opens and closes the panel; F1–F8 call, F9 sets the window up. */
const DELIVERIES_KEY = 'F10';

type Message = { kind: 'done'; files: number } | { kind: 'error'; error: ApiError };

const state: { open: boolean; list: DeskDeliveryView[] | null; problem: ApiError | null; printing: string | null; message: Message | null } = {
  open: false, list: null, problem: null, printing: null, message: null,
};
let listening = false;

/** Forgets the list and the form, for the next clerk. */
export function resetDeliveries(): void {
  state.open = false;
  state.list = null;
  state.problem = null;
  state.printing = null;
  state.message = null;
  resetPublish();
}

function refused(reason: unknown): ApiError {
  const error = toApiError(reason);
  if (error.code === 'sign_in_required') sessionEnded();
  return error;
}

async function load(): Promise<void> {
  try {
    state.list = (await call('desk_deliveries', {})).deliveries;
    state.problem = null;
  } catch (reason) {
    state.problem = refused(reason);
  }
  paint();
}

async function printPaper(id: string): Promise<void> {
  if (state.printing) return;
  state.printing = id;
  state.message = null;
  paint();
  try {
    const printed = await call('desk_print_paper', { deliveryId: id });
    state.message = { kind: 'done', files: printed.files };
  } catch (reason) {
    state.message = { kind: 'error', error: refused(reason) };
  } finally {
    state.printing = null;
  }
  paint();
}

function published(delivery: DeskDeliveryView): void {
  state.list = [delivery, ...(state.list ?? []).filter((d) => d.delivery_id !== delivery.delivery_id)];
  paint();
}

function messageText(message: Message): string {
  if (message.kind === 'done') return t('desk.deliveries.printed', { files: String(message.files) });
  const { error } = message;
  if (error.code === 'print_failed') return t(error.detail === 'no_printer' ? 'desk.reprint.no_printer' : 'desk.deliveries.print_failed');
  return errorText(error);
}

function row(delivery: DeskDeliveryView): HTMLElement {
  const print = delivery.paper_due && h(
    'button',
    { type: 'button', class: 'button', 'data-print-paper': delivery.delivery_id, 'aria-disabled': String(state.printing !== null) },
    t(state.printing === delivery.delivery_id ? 'desk.deliveries.printing' : 'desk.deliveries.print_paper'),
  );
  if (print) print.addEventListener('click', () => void printPaper(delivery.delivery_id));
  return h(
    'tr',
    { 'data-desk-delivery': delivery.delivery_id, 'data-state': delivery.state },
    h('td', {}, courtText(delivery.case_number)),
    h('td', {}, courtText(delivery.title)),
    h('td', { translate: 'no', class: 'desk-deliveries-id' }, delivery.masked_resident_id),
    h('td', {}, t(`desk.deliveries.method.${delivery.method === 'paper' ? 'paper' : 'electronic'}` as MessageKey)),
    h('td', {}, stateName(delivery.state)),
    h('td', {}, localDate(delivery.deadline_ms)),
    h('td', {}, print || ''),
  );
}

const COLUMNS: readonly MessageKey[] = [
  'desk.deliveries.col.case', 'desk.deliveries.col.title', 'desk.deliveries.col.party', 'desk.deliveries.col.method',
  'desk.deliveries.col.state', 'desk.deliveries.col.deadline', 'desk.deliveries.col.action',
];

function listPart(): Node {
  if (state.problem && !state.list) {
    return h('p', { class: 'desk-message', 'data-kind': 'error', 'data-code': state.problem.code }, errorText(state.problem));
  }
  if (!state.list) return h('p', { class: 'desk-empty', role: 'status' }, t('desk.loading'));
  if (state.list.length === 0) return h('p', { class: 'desk-empty' }, t('desk.deliveries.empty'));
  return h(
    'table',
    { class: 'desk-deliveries-table', 'aria-labelledby': 'desk-deliveries-title' },
    h('thead', {}, h('tr', {}, ...COLUMNS.map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, ...state.list.map(row)),
  );
}

/** Redraws the list and its message; the publish form keeps its fields. */
function paint(): void {
  const list = document.getElementById('desk-deliveries-list');
  const message = document.getElementById('desk-deliveries-message');
  if (list) list.replaceChildren(listPart());
  if (message) {
    message.textContent = state.message ? messageText(state.message) : '';
    message.dataset.kind = state.message?.kind ?? '';
    if (state.message?.kind === 'error') message.dataset.code = state.message.error.code;
    else delete message.dataset.code;
  }
  const button = document.getElementById('desk-open-deliveries');
  button?.setAttribute('aria-expanded', String(state.open));
  const panel = document.getElementById('desk-deliveries');
  if (panel) panel.hidden = !state.open;
}

function toggle(): void {
  state.open = !state.open;
  paint();
  if (state.open) {
    document.getElementById('desk-deliveries-title')?.focus();
    void load();
  }
}

function onKey(event: KeyboardEvent): void {
  if (event.key !== DELIVERIES_KEY || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (!document.getElementById('desk-deliveries') || setupOpen()) return;
  event.preventDefault();
  if (!event.repeat) toggle();
}

/** The button in the calling panel's bar that opens and closes the panel. */
export function deliveriesButton(): HTMLButtonElement {
  if (!listening) {
    listening = true;
    document.addEventListener('keydown', onKey);
  }
  const button = h(
    'button',
    {
      type: 'button', class: 'button desk-open-deliveries', id: 'desk-open-deliveries',
      'aria-keyshortcuts': DELIVERIES_KEY, 'aria-controls': 'desk-deliveries', 'aria-expanded': String(state.open),
    },
    h('kbd', { class: 'desk-key', 'aria-hidden': 'true' }, DELIVERIES_KEY),
    h('span', {}, t('desk.deliveries.open')),
  );
  button.addEventListener('click', toggle);
  return button;
}

function panelParts(): Node[] {
  const refresh = h('button', { type: 'button', class: 'button', id: 'desk-deliveries-refresh' }, t('desk.deliveries.refresh'));
  refresh.addEventListener('click', () => void load());
  return [
    h(
      'div',
      { class: 'desk-head' },
      h('h2', { class: 'work-title', id: 'desk-deliveries-title', tabindex: '-1' }, t('desk.deliveries.title')),
      refresh,
    ),
    h(
      'div',
      { class: 'desk-deliveries-body' },
      h(
        'div',
        { class: 'desk-deliveries-left' },
        h('div', { id: 'desk-deliveries-list' }),
        h('p', { class: 'desk-message', id: 'desk-deliveries-message', role: 'status' }),
      ),
      publishForm(published, sessionEnded),
    ),
  ];
}

/** The panel, drawn in the current language; hidden until opened. */
export function deliveriesPanel(): HTMLElement {
  const panel = h(
    'section',
    { class: 'work-panel desk-panel desk-deliveries', id: 'desk-deliveries', 'aria-labelledby': 'desk-deliveries-title' },
    ...panelParts(),
  );
  panel.hidden = !state.open;
  queueMicrotask(paint);
  return panel;
}
