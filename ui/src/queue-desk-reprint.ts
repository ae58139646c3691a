// Reprinting a slip at the desk, for a litigant whose ticket was lost, unreadable, or never printed
// because the kiosk's printer failed. Rust prints it on this desk's printer.
import type { ApiError } from './bindings';
import { h } from './dom';
import { t } from './i18n';
import { call, toApiError } from './ipc';
import { errorText } from './remember';

const state: { busy: boolean; done: string | null; refusal: ApiError | null } = { busy: false, done: null, refusal: null };

// Outlives repaints, so a half-typed number is not lost when the board refreshes.
const numberInput = h('input', {
  id: 'desk-reprint-number', class: 'desk-number', type: 'text', autocomplete: 'off', spellcheck: 'false',
  autocapitalize: 'characters', maxlength: '8', 'aria-describedby': 'desk-reprint-message',
});

function show(): void {
  const el = document.getElementById('desk-reprint-message');
  if (!el) return;
  if (state.refusal) {
    // A reprint fails only for a reason the clerk can act on: no printer here, or a printer problem.
    const noPrinter = state.refusal.code === 'print_failed' && state.refusal.detail === 'no_printer';
    el.textContent = noPrinter ? t('desk.reprint.no_printer') : errorText(state.refusal);
    el.dataset.kind = 'error';
    el.dataset.code = state.refusal.code;
  } else {
    el.textContent = state.done ? t('desk.reprint.done', { number: state.done }) : '';
    el.dataset.kind = state.done ? 'done' : '';
    delete el.dataset.code;
  }
}

async function reprint(): Promise<void> {
  const number = numberInput.value.trim().toUpperCase();
  if (state.busy) return;
  state.done = null;
  state.refusal = null;
  if (!number) {
    state.refusal = { code: 'bad_input', message: '' };
    show();
    numberInput.focus();
    return;
  }
  state.busy = true;
  try {
    await call('desk_reprint', { number });
    state.done = number;
    numberInput.value = '';
  } catch (reason) {
    state.refusal = toApiError(reason);
  } finally {
    state.busy = false;
  }
  show();
}

/** Forgets what the last clerk typed and was told. */
export function resetReprint(): void {
  numberInput.value = '';
  state.done = null;
  state.refusal = null;
}

export function reprintSection(): HTMLElement {
  const form = h(
    'form',
    { class: 'desk-book-form', novalidate: true, 'aria-labelledby': 'desk-reprint-title' },
    h('label', { for: 'desk-reprint-number', class: 'desk-field-label' }, t('desk.reprint.number')),
    numberInput,
    h('button', { type: 'submit', class: 'button', id: 'desk-reprint-submit' }, t('desk.reprint.submit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void reprint();
  });
  queueMicrotask(show);
  return h(
    'section',
    { class: 'desk-book desk-reprint', id: 'desk-reprint', 'aria-labelledby': 'desk-reprint-title' },
    h('h3', { class: 'desk-book-title', id: 'desk-reprint-title' }, t('desk.reprint.title')),
    form,
    h('p', { class: 'desk-message', id: 'desk-reprint-message', role: 'status' }),
  );
}
