// Booking an appointment at the desk (a litigant at the counter or on the phone): a service and a
// time today, then the six-digit code, large enough to read out, that checks them in at a kiosk.
import type { BookedAppointment, DeskBoard, ErrorCode } from './bindings';
import { h } from './dom';
import { getLocale, t, type MessageKey } from './i18n';
import { call, toApiError } from './ipc';
import { asciiDigits } from './queue-desk-setup';
import { serviceName, siteTime } from './queue-text';

/** Why nothing was booked; `code` when the command refused. */
interface Refusal {
  readonly key: MessageKey;
  readonly code?: ErrorCode;
}

const state: {
  booked: BookedAppointment | null;
  slotProblem: MessageKey | null;
  refusal: Refusal | null;
  booking: boolean;
} = { booked: null, slotProblem: null, refusal: null, booking: false };

const ERRORS: Partial<Record<ErrorCode, MessageKey>> = {
  bad_input: 'desk.book.error.bad_input',
  storage: 'error.storage',
};

// The fields outlive repaints and language switches, like the calling panel's number field.
const serviceSelect = h('select', { id: 'desk-book-service', class: 'desk-select' });
const slotInput = h('input', {
  id: 'desk-book-slot', class: 'desk-number desk-slot', type: 'text', inputmode: 'numeric', autocomplete: 'off',
  maxlength: '5', 'aria-describedby': 'desk-book-slot-hint desk-book-slot-error',
});
let optionsFor = '';

/** A time as the command wants it (`HH:MM`); "930", "9:30", "9.30" and "9：30" all mean 09:30. */
export function normalSlot(text: string): string | null {
  const typed = asciiDigits(text).trim().replace(/[.：．]/g, ':');
  const parts = /^(\d{1,2}):?(\d{2})$/.exec(typed);
  if (!parts) return null;
  const [, hour = '', minute = ''] = parts;
  if (Number(hour) > 23 || Number(minute) > 59) return null;
  return `${hour.padStart(2, '0')}:${minute}`;
}

/** Keeps the service choices in step with the hall's services and the language. */
export function paintBooking(board: DeskBoard | null): void {
  const services = board?.all_services ?? [];
  const signature = JSON.stringify([services, getLocale()]);
  if (signature === optionsFor) return;
  optionsFor = signature;
  const chosen = serviceSelect.value;
  serviceSelect.replaceChildren(...services.map((s) => h('option', { value: s.id }, serviceName(s))));
  if (services.some((s) => s.id === chosen)) serviceSelect.value = chosen;
}

function showState(): void {
  const slotError = document.getElementById('desk-book-slot-error');
  if (slotError) slotError.textContent = state.slotProblem ? t(state.slotProblem) : '';
  if (state.slotProblem) slotInput.setAttribute('aria-invalid', 'true');
  else slotInput.removeAttribute('aria-invalid');
  const error = document.getElementById('desk-book-error');
  if (error) {
    error.textContent = state.refusal ? t(state.refusal.key) : '';
    error.dataset.kind = state.refusal ? 'error' : '';
    if (state.refusal?.code) error.dataset.code = state.refusal.code;
    else delete error.dataset.code;
  }
  const status = document.getElementById('desk-book-status');
  if (status) status.textContent = state.booking ? t('desk.book.booking') : '';
  document.getElementById('desk-booked')?.replaceChildren(...bookedParts(state.booked));
}

function bookedParts(booked: BookedAppointment | null): Node[] {
  if (!booked) return [];
  const code = booked.code;
  return [
    h('p', { class: 'desk-booked-label', id: 'desk-booked-label' }, t('desk.book.code')),
    // Shown in two groups of three to be read out; the text is the code exactly.
    h(
      'p',
      { class: 'desk-booked-code', id: 'desk-booked-code', translate: 'no', 'data-code': code },
      h('span', {}, code.slice(0, 3)),
      h('span', {}, code.slice(3)),
    ),
    h('p', { class: 'desk-booked-what' }, `${serviceName(booked.service)} · ${siteTime(booked.slot)}`),
    h('p', { class: 'desk-hint' }, t('desk.book.tell', { take: t('service.queue_ticket.title'), appointment: t('queue.appointment.open') })),
  ];
}

async function book(): Promise<void> {
  if (state.booking) return;
  const service = serviceSelect.value;
  const slot = normalSlot(slotInput.value);
  state.refusal = null;
  state.slotProblem = slotInput.value.trim() === '' ? 'desk.book.slot_empty' : slot ? null : 'desk.book.slot_bad';
  if (service === '') state.refusal = { key: 'desk.book.service_none' };
  if (state.slotProblem || !slot || state.refusal) {
    showState();
    if (state.slotProblem) slotInput.focus();
    return;
  }
  state.booking = true;
  showState();
  try {
    state.booked = await call('desk_book_appointment', { service, slot });
    slotInput.value = '';
  } catch (reason) {
    const { code } = toApiError(reason);
    state.refusal = { key: ERRORS[code] ?? 'desk.book.error.other', code };
  } finally {
    state.booking = false;
  }
  showState();
}

/** The booking part of the calling panel, drawn in the current language from what it last showed. */
export function bookingSection(board: DeskBoard | null): HTMLElement {
  optionsFor = '';
  paintBooking(board);
  const form = h(
    'form',
    { class: 'desk-book-form', novalidate: true, 'aria-labelledby': 'desk-book-title' },
    h('label', { for: 'desk-book-service', class: 'desk-field-label' }, t('desk.book.service')),
    serviceSelect,
    h('label', { for: 'desk-book-slot', class: 'desk-field-label' }, t('desk.book.slot')),
    slotInput,
    h('button', { type: 'submit', class: 'button', id: 'desk-book-submit' }, t('desk.book.submit')),
    h('span', { class: 'desk-hint', id: 'desk-book-slot-hint' }, t('desk.book.slot_hint')),
    h('p', { class: 'desk-field-error', id: 'desk-book-slot-error' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void book();
  });
  const section = h(
    'section',
    { class: 'desk-book', id: 'desk-book', 'aria-labelledby': 'desk-book-title' },
    h('h3', { class: 'desk-book-title', id: 'desk-book-title' }, t('desk.book.title')),
    form,
    h('p', { class: 'desk-message', id: 'desk-book-error', role: 'alert' }),
    h('span', { class: 'desk-hint', id: 'desk-book-status', role: 'status' }),
    h('div', { class: 'desk-booked', id: 'desk-booked', role: 'status' }),
  );
  queueMicrotask(showState);
  return section;
}
