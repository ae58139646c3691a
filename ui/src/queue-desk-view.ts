// The calling panel's parts, drawn from the desk board: the ticket at this window, the action
// buttons with their keys, the outcome and transfer choices, and the waiting lists.
import type { DeskAction, DeskBoard, DeskService, DeskTicket, WaitingView } from './bindings';
import { h } from './dom';
import { t, type MessageKey } from './i18n';
import { priorityText, serviceName } from './queue-text';

/** Every button of the panel's action row, in order, with the key that triggers it. */
export const KEYS = {
  call_next: 'F1',
  recall: 'F2',
  start: 'F3',
  finish: 'F4',
  no_show: 'F5',
  park: 'F6',
  transfer: 'F7',
  call_number: 'F8',
} as const;
export type DeskKey = keyof typeof KEYS;
export const OUTCOMES = ['done', 'referred', 'incomplete'] as const;
export type Chooser = 'finish' | 'transfer';

export interface DeskHandlers {
  run(action: DeskKey): void;
  act(action: DeskAction): void;
  select(ticketId: string): void;
  transfer(service: string): void;
  closeChooser(): void;
  transferWindow(): HTMLInputElement;
}

/**
 * Whether an action applies to the board as it stands, following the queue's rules: one held
 * call at a time; a call announced the maximum number of times can only be served or marked a
 * no-show, so it can be neither recalled, parked nor transferred.
 */
export function applies(action: DeskKey, board: DeskBoard | null): boolean {
  if (!board) return false;
  const current = board.current;
  const called = current?.state === 'called';
  const recallable = called && current.recalls_left > 0;
  switch (action) {
    case 'call_next':
    case 'call_number':
      return current === null;
    case 'recall':
    case 'park':
      return recallable;
    case 'start':
    case 'no_show':
      return called;
    case 'finish':
      return current?.state === 'serving';
    case 'transfer':
      return current?.state === 'serving' || recallable;
  }
}

export function currentCard(board: DeskBoard | null): HTMLElement {
  const current = board?.current ?? null;
  if (!current) {
    return h(
      'div',
      { class: 'desk-current', 'data-state': 'none' },
      h('p', { class: 'desk-current-label' }, t('desk.current.label')),
      h('p', { class: 'desk-current-none' }, t(board ? 'desk.current.none' : 'desk.loading')),
    );
  }
  const limit = current.state === 'called' && current.recalls_left === 0;
  return h(
    'div',
    { class: 'desk-current', 'data-state': current.state },
    h('p', { class: 'desk-current-label' }, t('desk.current.label')),
    h('p', { class: 'desk-current-number', id: 'desk-current-number', translate: 'no' }, current.number),
    h('p', { class: 'desk-current-service' }, [serviceName(current.service), priorityText(current.priority)].filter(Boolean).join(' · ')),
    h('p', { class: 'desk-current-state' }, stateLine(current)),
    limit && h('p', { class: 'desk-current-limit' }, t('desk.current.limit')),
  );
}

function stateLine(current: DeskTicket): string {
  if (current.state === 'serving') return t('desk.state.serving');
  return `${t('desk.state.called')} · ${t('desk.recalls_left', { count: String(current.recalls_left) })}`;
}

export function actionRow(board: DeskBoard | null, on: DeskHandlers): HTMLElement {
  return h(
    'div',
    { class: 'desk-actions', role: 'group', 'aria-label': t('desk.actions') },
    ...(Object.keys(KEYS) as DeskKey[]).map((action) => {
      const button = h(
        'button',
        {
          type: 'button',
          class: `button desk-action${action === 'call_next' ? ' button-primary' : ''}`,
          'data-desk-action': action,
          'aria-keyshortcuts': KEYS[action],
          disabled: !applies(action, board),
        },
        h('kbd', { class: 'desk-key', 'aria-hidden': 'true' }, KEYS[action]),
        h('span', { class: 'desk-action-label' }, t(`desk.action.${action}`)),
      );
      button.addEventListener('click', () => on.run(action));
      return button;
    }),
  );
}

function choice(attrs: Record<string, string>, label: string, onPick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'button desk-choice', ...attrs }, label);
  button.addEventListener('click', onPick);
  return button;
}

export function chooserBox(chooser: Chooser, board: DeskBoard, on: DeskHandlers): HTMLElement {
  const options = chooser === 'finish'
    ? OUTCOMES.map((outcome) =>
        choice({ 'data-outcome': outcome }, t(`desk.outcome.${outcome}`), () => on.act({ action: 'finish', outcome })))
    : board.all_services.map((service) =>
        choice({ 'data-transfer-service': service.id }, serviceName(service), () => on.transfer(service.id)));
  const window = chooser === 'transfer' && h(
    'label',
    { class: 'desk-transfer-window' },
    h('span', {}, t('desk.transfer.window')),
    on.transferWindow(),
  );
  const cancel = choice({ class: 'button desk-choice desk-cancel', 'data-chooser-cancel': '' }, t('desk.cancel'), on.closeChooser);
  return h(
    'div',
    { class: 'desk-chooser', id: 'desk-chooser', role: 'group', 'aria-labelledby': 'desk-chooser-title', 'data-chooser': chooser },
    h('p', { class: 'desk-chooser-title', id: 'desk-chooser-title' }, t(`desk.${chooser}.title`)),
    window,
    h('div', { class: 'desk-choices' }, ...options, cancel),
  );
}

function marks(entry: WaitingView): string {
  return [
    priorityText(entry.priority),
    entry.lane === 'appointment' ? t('desk.mark.appointment') : '',
    entry.transferred ? t('desk.mark.transferred') : '',
  ].filter(Boolean).join(' · ');
}

function pick(entry: WaitingView, board: DeskBoard, on: DeskHandlers): HTMLElement {
  const parked = entry.status === 'parked';
  const busy = !parked && board.current !== null;
  const button = parked
    ? choice({ 'data-ticket-resume': entry.ticket_id }, t('desk.resume', { number: entry.number }), () =>
        on.act({ action: 'resume', ticket_id: entry.ticket_id }))
    : choice({ 'data-ticket-call': entry.ticket_id }, t('desk.call_this', { number: entry.number }), () =>
        on.act({ action: 'call', ticket_id: entry.ticket_id }));
  button.disabled = busy;
  return h('div', { class: 'desk-pick', id: 'desk-pick' }, button, busy && h('p', { class: 'desk-hint' }, t('desk.call_busy')));
}

function waitingItem(entry: WaitingView, board: DeskBoard, selected: string | null, on: DeskHandlers): HTMLElement {
  const open = entry.ticket_id === selected;
  const row = h(
    'button',
    {
      type: 'button',
      class: 'desk-waiting',
      'data-waiting-ticket': entry.ticket_id,
      'data-status': entry.status,
      'data-ticket-priority': entry.priority,
      'aria-expanded': String(open),
      'aria-controls': open ? 'desk-pick' : undefined,
    },
    h('span', { class: 'desk-waiting-number', translate: 'no' }, entry.number),
    h('span', { class: 'desk-waiting-marks' }, marks(entry)),
    h('span', { class: 'desk-waiting-status' }, `${t(`desk.status.${entry.status}` as MessageKey)} · ${t('desk.waited', { minutes: String(entry.waited_minutes) })}`),
  );
  row.addEventListener('click', () => on.select(entry.ticket_id));
  return h('li', { class: 'desk-waiting-item' }, row, open && pick(entry, board, on));
}

function serviceList(service: DeskService, index: number, board: DeskBoard, selected: string | null, on: DeskHandlers): HTMLElement {
  const titleId = `desk-service-${index}`;
  return h(
    'section',
    { class: 'desk-service', 'data-desk-service': service.service.id, 'aria-labelledby': titleId },
    h(
      'h3',
      { class: 'desk-service-title', id: titleId },
      h('span', {}, serviceName(service.service)),
      ' ',
      h('span', { class: 'desk-service-count' }, t('desk.waiting_count', { count: String(service.waiting.length) })),
    ),
    service.waiting.length > 0
      ? h('ul', { class: 'desk-waiting-list' }, ...service.waiting.map((entry) => waitingItem(entry, board, selected, on)))
      : h('p', { class: 'desk-empty' }, t('desk.none_waiting')),
  );
}

export function waitingLists(board: DeskBoard | null, selected: string | null, on: DeskHandlers): Node[] {
  if (!board) return [];
  if (board.services.length === 0) return [h('p', { class: 'desk-empty' }, t('desk.no_services'))];
  return board.services.map((service, index) => serviceList(service, index, board, selected, on));
}
