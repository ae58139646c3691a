// Publishing a delivery from the desk: the clerk types the case and the party, picks the PDFs
// and sends them to the court server through Rust. The request id is made when the form opens,
// so a submit sent again after a lost answer publishes nothing twice.
import type { ApiError, DeskDeliveryView, FormDocument, PublishForm } from './bindings';
import { h } from './dom';
import { getLocale, t, type MessageKey } from './i18n';
import { call, toApiError } from './ipc';
import { DELIVERY_KINDS, kindName } from './kiosk-delivery-view';
import { errorText } from './remember';

const METHODS = ['electronic', 'paper'] as const;
/** Fields Rust names in `bad_input`'s detail, each with a sentence of what to fix. */
const FIELD_PROBLEMS: Readonly<Record<string, MessageKey>> = {
  deadline_date: 'publish.bad.deadline_date',
  documents: 'publish.bad.documents',
};

const state: { requestId: string | null; busy: boolean; refusal: ApiError | null; done: boolean } = {
  requestId: null, busy: false, refusal: null, done: false,
};

// The fields outlive repaints and language switches, so nothing typed or chosen is lost.
const text = (name: string, extra: Record<string, string> = {}): HTMLInputElement =>
  h('input', { id: `publish-${name}`, name, type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'publish-input', ...extra });
const fields = {
  case_number: text('case_number', { maxlength: '64' }),
  resident_id: text('resident_id', { maxlength: '18', autocapitalize: 'characters' }),
  phone: text('phone', { maxlength: '11', inputmode: 'numeric' }),
  title: text('title', { maxlength: '200' }),
  kind: h('select', { id: 'publish-kind', name: 'kind', class: 'publish-input' }),
  method: h('select', { id: 'publish-method', name: 'method', class: 'publish-input' }),
  consent: h('input', { id: 'publish-consent', name: 'consent_to_electronic', type: 'checkbox' }),
  deadline: h('input', { id: 'publish-deadline', name: 'deadline_date', type: 'date', class: 'publish-input' }),
  // Drawn by its label in the app's language, not the browser's "Choose Files"; still the focusable control.
  documents: h('input', {
    id: 'publish-documents', name: 'documents', type: 'file', multiple: true, accept: 'application/pdf', class: 'publish-file-input',
    'aria-labelledby': 'publish-documents-label', 'aria-describedby': 'publish-chosen',
  }),
};

/** What the file control has chosen, said in words under it. */
const chosen = h('span', { class: 'publish-chosen', id: 'publish-chosen' });

function describeChosen(): void {
  const files = [...(fields.documents.files ?? [])];
  if (files.length === 0) {
    chosen.textContent = t('publish.no_files');
    return;
  }
  // File names are the court's own, in whatever language: marked as names, never translated.
  const names = files.map((f) => f.name).join(getLocale() === 'zh-CN' ? '、' : ', ');
  chosen.replaceChildren(`${t('publish.files_chosen', { count: String(files.length) })} `, h('span', { 'data-proper-name': '', translate: 'no' }, names));
}

fields.documents.addEventListener('change', describeChosen);

function fileField(): HTMLElement {
  describeChosen();
  return h(
    'div',
    { class: 'desk-field publish-field publish-files' },
    h('span', { class: 'desk-field-label', id: 'publish-documents-label' }, t('publish.documents')),
    h(
      'div',
      { class: 'publish-file-row' },
      fields.documents,
      h('label', { for: 'publish-documents', class: 'button publish-file-button', 'aria-hidden': 'true' }, t('publish.choose_files')),
      chosen,
    ),
  );
}

/** Empties the form and makes the request id of the next delivery. */
function clear(): void {
  for (const input of [fields.case_number, fields.resident_id, fields.phone, fields.title, fields.deadline, fields.documents]) input.value = '';
  fields.kind.value = DELIVERY_KINDS[0];
  fields.method.value = METHODS[0];
  fields.consent.checked = false;
  state.requestId = crypto.randomUUID();
  describeChosen();
}

/** Forgets everything of the last clerk's form. */
export function resetPublish(): void {
  clear();
  state.requestId = null;
  state.refusal = null;
  state.done = false;
}

/** A file's bytes as standard base64, the way the form carries them to Rust. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function show(): void {
  const error = document.getElementById('publish-error');
  const done = document.getElementById('publish-done');
  const submit = document.getElementById('publish-submit');
  if (!error || !done || !submit) return;
  const refusal = state.refusal;
  const field = refusal?.code === 'bad_input' ? FIELD_PROBLEMS[refusal.detail ?? ''] : undefined;
  error.textContent = refusal ? (field ? t(field) : errorText(refusal)) : '';
  error.dataset.kind = refusal ? 'error' : '';
  done.dataset.kind = state.done ? 'done' : '';
  if (refusal) {
    error.dataset.code = refusal.code;
    error.dataset.detail = refusal.detail ?? '';
  } else {
    delete error.dataset.code;
    delete error.dataset.detail;
  }
  done.textContent = state.done ? t('publish.done') : '';
  submit.setAttribute('aria-disabled', String(state.busy));
  submit.textContent = t(state.busy ? 'publish.busy' : 'publish.submit');
}

async function submit(published: (delivery: DeskDeliveryView) => void, signInRequired: () => void): Promise<void> {
  if (state.busy || !state.requestId) return;
  state.busy = true;
  state.refusal = null;
  state.done = false;
  show();
  try {
    let documents: FormDocument[];
    try {
      documents = await Promise.all([...(fields.documents.files ?? [])].map(async (file) => ({ name: file.name, content_base64: await readBase64(file) })));
    } catch {
      throw { code: 'bad_input', message: 'unreadable file', detail: 'documents' } satisfies ApiError;
    }
    const form: PublishForm = {
      request_id: state.requestId,
      case_number: fields.case_number.value.trim(),
      resident_id: fields.resident_id.value.trim().toUpperCase(),
      phone: fields.phone.value.trim(),
      title: fields.title.value.trim(),
      kind: fields.kind.value,
      method: fields.method.value,
      consent_to_electronic: fields.consent.checked,
      deadline_date: fields.deadline.value,
      documents,
    };
    const delivery = await call('desk_publish_delivery', { form });
    clear();
    state.done = true;
    published(delivery);
  } catch (reason) {
    state.refusal = toApiError(reason);
    if (state.refusal.code === 'sign_in_required') signInRequired();
  } finally {
    state.busy = false;
  }
  show();
}

function field(label: MessageKey, input: HTMLElement): HTMLElement {
  return h('div', { class: 'desk-field publish-field' }, h('label', { class: 'desk-field-label', for: input.id }, t(label)), input);
}

function options(select: HTMLSelectElement, values: readonly string[], name: (value: string) => string): void {
  const chosen = select.value || values[0] || '';
  select.replaceChildren(...values.map((value) => h('option', { value }, name(value))));
  select.value = chosen;
}

/** The form, drawn in the current language around the kept fields. */
export function publishForm(published: (delivery: DeskDeliveryView) => void, signInRequired: () => void): HTMLElement {
  if (!state.requestId) clear();
  options(fields.kind, DELIVERY_KINDS, kindName);
  options(fields.method, METHODS, (method) => t(`desk.deliveries.method.${method}` as MessageKey));
  const form = h(
    'form',
    { class: 'publish-form', id: 'publish-form', novalidate: true, 'aria-labelledby': 'publish-heading', 'aria-describedby': 'publish-error' },
    h('h3', { class: 'desk-book-title', id: 'publish-heading' }, t('publish.title')),
    h(
      'div',
      { class: 'publish-fields' },
      field('publish.case_number', fields.case_number),
      field('publish.title_field', fields.title),
      field('publish.resident_id', fields.resident_id),
      field('publish.phone', fields.phone),
      field('publish.kind', fields.kind),
      field('publish.method', fields.method),
      field('publish.deadline_date', fields.deadline),
      fileField(),
    ),
    h('label', { class: 'desk-check publish-consent' }, fields.consent, h('span', {}, t('publish.consent'))),
    h('button', { type: 'submit', class: 'button button-primary', id: 'publish-submit' }, t('publish.submit')),
    h('p', { class: 'desk-message', id: 'publish-error', role: 'alert' }),
    h('p', { class: 'desk-message', id: 'publish-done', role: 'status' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(published, signInRequired);
  });
  queueMicrotask(show);
  return form;
}
