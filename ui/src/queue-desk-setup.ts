// Choosing this desk's window number and the services it calls: a modal form opened by its button
// or F9. Nothing is sent until the form is valid; a refusal stays in the form with what to do.
import type { DeskBoard, ErrorCode } from './bindings';
import { h } from './dom';
import { getLocale, t, type MessageKey } from './i18n';
import { call, toApiError } from './ipc';
import { serviceName } from './queue-text';

/** The key that opens the form; F1–F8 belong to the calling actions. */
export const SETUP_KEY = 'F9';

export interface SetupHost {
  board(): DeskBoard | null;
  /** The command's new board, once the choice is saved. */
  saved(board: DeskBoard): void;
}

interface Open {
  readonly dialog: HTMLDialogElement;
  saving: boolean;
}

let open: Open | null = null;

const ERRORS: Partial<Record<ErrorCode, MessageKey>> = {
  bad_input: 'desk.setup.error.bad_input',
  storage: 'error.storage',
};

export function setupOpen(): boolean {
  return open !== null;
}

/** Full-width digits come from a Chinese input method; they mean the same digits. */
export function asciiDigits(text: string): string {
  return text.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** The window number typed, or the message saying what is wrong with it. */
export function parseWindow(text: string): number | MessageKey {
  const typed = asciiDigits(text).trim();
  if (typed === '') return 'desk.setup.window_empty';
  if (!/^\d{1,3}$/.test(typed) || Number(typed) < 1) return 'desk.setup.window_bad';
  return Number(typed);
}

/** "立案登记、诉讼咨询和…" / "Case filing, Legal enquiries, and …", as the language lists things. */
export function serviceList(board: DeskBoard): string {
  const names = board.services.map((s) => serviceName(s.service));
  if (names.length === 0) return t('desk.window_services_none');
  return t('desk.window_services', { services: new Intl.ListFormat(getLocale(), { type: 'conjunction' }).format(names) });
}

export function setupButton(onOpen: () => void): HTMLButtonElement {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button desk-setup-open',
      id: 'desk-setup-open',
      'aria-keyshortcuts': SETUP_KEY,
      'aria-haspopup': 'dialog',
    },
    h('kbd', { class: 'desk-key', 'aria-hidden': 'true' }, SETUP_KEY),
    h('span', {}, t('desk.setup.open')),
  );
  button.addEventListener('click', onOpen);
  return button;
}

function fieldError(id: string): HTMLElement {
  return h('p', { class: 'desk-field-error', id });
}

function showFieldError(input: HTMLElement, errorId: string, key: MessageKey | null): void {
  const el = document.getElementById(errorId);
  if (el) el.textContent = key ? t(key) : '';
  if (key) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function form(board: DeskBoard, host: SetupHost): HTMLFormElement {
  const chosen = new Set(board.services.map((s) => s.service.id));
  const windowInput = h('input', {
    id: 'desk-setup-window', class: 'desk-number', type: 'text', inputmode: 'numeric', autocomplete: 'off',
    'aria-describedby': 'desk-setup-window-hint desk-setup-window-error',
  });
  windowInput.value = String(board.window);
  const boxes = board.all_services.map((service) => {
    const box = h('input', {
      type: 'checkbox', name: 'desk-setup-service', value: service.id, 'data-setup-service': service.id,
      'aria-describedby': 'desk-setup-services-error',
    });
    box.checked = chosen.has(service.id);
    return h('label', { class: 'desk-check' }, box, h('span', {}, serviceName(service)));
  });
  const cancel = h('button', { type: 'button', class: 'button', id: 'desk-setup-cancel' }, t('desk.cancel'));
  cancel.addEventListener('click', closeSetup);
  const el = h(
    'form',
    { class: 'desk-setup-form', novalidate: true, 'aria-labelledby': 'desk-setup-title' },
    h('h2', { class: 'desk-setup-title', id: 'desk-setup-title' }, t('desk.setup.title')),
    h('p', { class: 'desk-hint' }, t('desk.setup.lead')),
    h(
      'div',
      { class: 'desk-field' },
      h('label', { for: 'desk-setup-window', class: 'desk-field-label' }, t('desk.setup.window')),
      windowInput,
      h('span', { class: 'desk-hint', id: 'desk-setup-window-hint' }, t('desk.setup.window_hint')),
      fieldError('desk-setup-window-error'),
    ),
    h(
      'fieldset',
      { class: 'desk-setup-services', id: 'desk-setup-services' },
      h('legend', { class: 'desk-field-label' }, t('desk.setup.services')),
      h('div', { class: 'desk-checks' }, ...boxes),
      fieldError('desk-setup-services-error'),
    ),
    h('p', { class: 'desk-message', id: 'desk-setup-error', role: 'alert' }),
    h(
      'div',
      { class: 'desk-setup-actions' },
      h('button', { type: 'submit', class: 'button button-primary', id: 'desk-setup-save' }, t('desk.setup.save')),
      cancel,
      h('span', { class: 'desk-hint', id: 'desk-setup-status', role: 'status' }),
    ),
  );
  el.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(el, host);
  });
  return el;
}

/** Checks the form and shows each field's problem beside it; focus goes to the first one. */
function check(el: HTMLFormElement): { window: number; services: string[] } | null {
  const windowInput = el.querySelector<HTMLInputElement>('#desk-setup-window');
  const boxes = [...el.querySelectorAll<HTMLInputElement>('[data-setup-service]')];
  if (!windowInput) return null;
  const window = parseWindow(windowInput.value);
  const services = boxes.filter((b) => b.checked).map((b) => b.value);
  const windowProblem = typeof window === 'number' ? null : window;
  const servicesProblem: MessageKey | null = services.length === 0 ? 'desk.setup.services_none' : null;
  showFieldError(windowInput, 'desk-setup-window-error', windowProblem);
  for (const box of boxes) showFieldError(box, 'desk-setup-services-error', servicesProblem);
  if (windowProblem) windowInput.focus();
  else if (servicesProblem) boxes[0]?.focus();
  return typeof window === 'number' && !servicesProblem ? { window, services } : null;
}

function refused(code: ErrorCode): void {
  const el = document.getElementById('desk-setup-error');
  if (!el) return;
  el.textContent = t(ERRORS[code] ?? 'desk.setup.error.other');
  el.dataset.kind = 'error';
  el.dataset.code = code;
}

async function save(el: HTMLFormElement, host: SetupHost): Promise<void> {
  const mine = open;
  if (!mine || mine.saving) return;
  const choice = check(el);
  if (!choice) return;
  mine.saving = true;
  const status = document.getElementById('desk-setup-status');
  if (status) status.textContent = t('desk.setup.saving');
  el.querySelector('#desk-setup-save')?.setAttribute('aria-disabled', 'true');
  try {
    const board = await call('desk_setup', choice);
    // Saved even if the form was closed meanwhile: the board is what the queue now holds.
    host.saved(board);
    if (open === mine) closeSetup();
  } catch (reason) {
    if (open === mine) refused(toApiError(reason).code);
  } finally {
    mine.saving = false;
    if (status) status.textContent = '';
    el.querySelector('#desk-setup-save')?.removeAttribute('aria-disabled');
  }
}

/** Opens the form over the desk with the board's current choice; focus goes to the window number. */
export function openSetup(host: SetupHost): void {
  const board = host.board();
  const panel = document.getElementById('desk-panel');
  if (open || !board || !panel) return;
  const dialog = h('dialog', { class: 'desk-setup', id: 'desk-setup', 'aria-labelledby': 'desk-setup-title' }, form(board, host));
  // Escape closes the dialog itself; every way out ends here.
  dialog.addEventListener('close', () => {
    if (open?.dialog !== dialog) return;
    open = null;
    dialog.remove();
    document.getElementById('desk-setup-open')?.focus();
  });
  panel.append(dialog);
  open = { dialog, saving: false };
  dialog.showModal();
  const input = dialog.querySelector<HTMLInputElement>('#desk-setup-window');
  input?.focus();
  input?.select();
}

export function closeSetup(): void {
  if (open?.dialog.open) open.dialog.close();
}
