// The review panel drawn from what the flow (desk-intake.ts) holds: the queue's rows, the open
// submission with its items and earlier filings, and the decision buttons with the return and
// forward forms. These functions only draw and hand clicks back.
import type { ApiError, ItemBody, ItemUpload, ReviewEntry, StatusView, SubmissionView } from './bindings';
import { h, pictogram, type Child } from './dom';
import { t } from './i18n';
import { STAFF_ICONS } from './icons';
import {
  DEPARTMENTS, RETURN_REASONS, RETURN_TEXT_MAX, caseText, counted, dateTime, departmentName, filingAnswers, materialName, reasonName,
  refusalText, stateName, type ReturnReason,
} from './desk-intake-text';
import { lockerPart } from './desk-intake-locker';
import { courtText } from './kiosk-delivery-view';

export type Form =
  | { kind: 'none' }
  | { kind: 'return'; reason: ReturnReason | null; text: string; problem: 'need_reason' | 'need_text' | null }
  | { kind: 'forward'; department: string; problem: 'need_department' | null };

export interface Handlers {
  open(submissionId: string): void;
  back(): void;
  item(item: ItemBody): void;
  accept(): void;
  toggle(kind: 'return' | 'forward'): void;
  reason(reason: ReturnReason): void;
  typed(text: string): void;
  department(code: string): void;
  confirm(): void;
  printSlip(): void;
}

function button(attrs: Record<string, string>, content: Child[], onClick: () => void): HTMLButtonElement {
  const el = h('button', { type: 'button', class: 'button', ...attrs }, ...content);
  el.addEventListener('click', onClick);
  return el;
}

function badge(submission: { resubmission: boolean } | SubmissionView): Child {
  const again = 'resubmission' in submission ? submission.resubmission : submission.replaces !== null;
  return again && h('span', { class: 'work-badge review-badge' }, t('desk.intake.resubmission'));
}

function row(entry: ReviewEntry, on: Handlers): HTMLElement {
  return h('li', {}, button(
    { class: 'button review-row', 'data-review-submission': entry.submission_id },
    [
      h(
        'span',
        { class: 'review-row-part' },
        h('span', { class: 'review-row-number' }, t('desk.intake.number', { number: entry.number })),
        h('span', { class: 'review-row-age' }, t('desk.intake.age', { minutes: String(entry.age_minutes) })),
      ),
      h(
        'span',
        { class: 'review-row-part' },
        h('span', { class: 'review-row-case' }, caseText(entry.case)),
        h('span', { class: 'review-row-party', translate: 'no' }, t('desk.intake.party', { id: entry.party_masked_id })),
      ),
      h('span', { class: 'review-row-size' }, `${counted('items', entry.items)} · ${counted('pages', entry.pages)}`),
      h('span', { class: 'review-row-badge' }, badge(entry)),
    ],
    () => on.open(entry.submission_id),
  ));
}

/** The queue, or why it cannot be read. */
export function queuePart(queue: ReviewEntry[] | null, problem: ApiError | null, on: Handlers): Node {
  if (problem && !queue) {
    return h('p', { class: 'desk-message', 'data-kind': 'error', 'data-code': problem.code }, refusalText(problem));
  }
  if (!queue) return h('p', { class: 'desk-empty', role: 'status' }, t('desk.intake.loading'));
  if (queue.length === 0) return h('p', { class: 'desk-empty', id: 'desk-review-empty' }, t('desk.intake.empty'));
  return h('ul', { class: 'review-queue', 'aria-labelledby': 'desk-review-title' }, ...queue.map((entry) => row(entry, on)));
}

function facts(submission: SubmissionView): HTMLElement {
  const line = h(
    'p',
    { class: 'review-facts' },
    h('span', {}, caseText(submission.case)),
    h('span', { translate: 'no' }, t('desk.intake.party', { id: submission.party_masked_id })),
    h('span', {}, t('desk.intake.submitted_at', { time: dateTime(submission.submitted_at_ms) })),
    badge(submission),
  );
  const answers = filingAnswers(submission.case);
  if (answers.length === 0) return line;
  return h(
    'div',
    {},
    line,
    h('dl', { class: 'review-answers', id: 'review-answers', 'aria-label': t('desk.intake.answers.title') }, ...answers.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
  );
}

function itemButton(item: ItemBody, chosen: string | null, on: Handlers): HTMLElement {
  return h('li', {}, button(
    { class: 'button review-item', 'data-review-item': item.item_id, 'aria-pressed': String(item.item_id === chosen) },
    [
      h('span', { class: 'review-item-type' }, materialName(item.material)),
      courtText(item.display_name, 'span', { class: 'review-item-name', id: `review-item-name-${item.item_id}` }),
      h('span', { class: 'review-item-facts' }, `${counted('pages', item.pages)} · ${t('desk.intake.hash', { hash: item.sha256.slice(0, 8) })}`),
    ],
    () => on.item(item),
  ));
}

/**
 * Brings an item button's upload state up to date in place (`data-upload`, its words and, while
 * part of the item is on the server, a progress bar named by both), so focus and the forms around it stay.
 * `upload` is null when the state could not be read.
 */
export function paintUpload(el: HTMLElement, itemId: string, upload: ItemUpload | null): void {
  const kind = !upload ? 'unknown' : upload.complete ? 'complete' : upload.held > 0 ? 'partial' : 'waiting';
  let part = el.querySelector<HTMLElement>('.review-item-upload');
  if (!part) {
    part = h('span', { class: 'review-item-upload' }, h('span', { class: 'review-item-upload-text', id: `review-item-upload-${itemId}` }));
    el.append(part);
  }
  el.dataset.upload = kind;
  const percent = upload && upload.size > 0 ? Math.max(0, Math.min(99, Math.floor((upload.held * 100) / upload.size))) : 0;
  const text = kind === 'partial' ? t('desk.intake.upload.partial', { percent: String(percent) }) : t(`desk.intake.upload.${kind}`);
  const words = part.querySelector('.review-item-upload-text');
  if (words && words.textContent !== text) words.textContent = text;
  let bar = part.querySelector('progress');
  if (kind !== 'partial' || !upload) {
    bar?.remove();
    return;
  }
  if (!bar) {
    bar = h('progress', { class: 'review-item-progress' });
    part.append(bar);
  }
  bar.max = Math.max(1, upload.size);
  bar.value = Math.min(upload.held, bar.max);
  // Named by its words and the item's name, which keeps its own language.
  bar.setAttribute('aria-labelledby', `review-item-upload-${itemId} review-item-name-${itemId}`);
}

/** What became of an earlier filing: its state and, if decided, the decision and who made it. */
function outcome(filing: SubmissionView): Child[] {
  const decided = filing.decision;
  if (!decided) return [h('span', {}, stateName(filing.status))];
  const { decision } = decided;
  let what: Child[];
  if (decision.decision === 'return') {
    what = [
      h('span', {}, t('desk.intake.history.returned', { reason: reasonName(decision.reason_code) })),
      decision.text && courtText(decision.text, 'span', { class: 'review-history-text' }),
    ];
  } else if (decision.decision === 'forward') {
    what = [h('span', {}, t('desk.intake.history.forwarded'), ' ', departmentName(decision.department))];
  } else {
    what = [h('span', {}, stateName('accepted'))];
  }
  const [before = '', after = ''] = t('desk.intake.history.clerk', { clerk: '\u0000' }).split('\u0000');
  return [...what, h('span', { class: 'review-history-clerk' }, before, h('span', { 'data-proper-name': '', translate: 'no' }, decided.clerk), after)];
}

function history(status: StatusView): Child {
  const earlier = status.history.filter((s) => s.submission_id !== status.submission.submission_id);
  if (earlier.length === 0) return null;
  return h(
    'section',
    { class: 'review-history', 'aria-labelledby': 'review-history-title' },
    h('h4', { class: 'review-subtitle', id: 'review-history-title' }, t('desk.intake.history.title')),
    h('ol', { class: 'review-history-list' }, ...earlier.map((filing) => h(
      'li',
      { 'data-review-history': filing.submission_id, 'data-status': filing.status },
      h('span', { class: 'review-history-number' }, t('desk.intake.history.filed', { number: filing.number, time: dateTime(filing.submitted_at_ms) })),
      ...outcome(filing),
    ))),
  );
}

/** The submission's heading, facts, items and earlier filings. */
export function submissionPart(status: StatusView, chosen: string | null, on: Handlers): Child[] {
  const { submission } = status;
  return [
    h(
      'div',
      { class: 'review-head' },
      h('h3', { class: 'work-title review-title', id: 'review-submission-title', tabindex: '-1' }, t('desk.intake.submission.title', { number: submission.number })),
      facts(submission),
    ),
    h(
      'section',
      { class: 'review-items', 'aria-labelledby': 'review-items-title' },
      h('h4', { class: 'review-subtitle', id: 'review-items-title' }, t('desk.intake.items_title')),
      h('ul', { class: 'review-item-list' }, ...submission.items.map((item) => itemButton(item, chosen, on))),
    ),
    lockerPart(status, false, on.printSlip),
    history(status),
  ];
}

/** A form's note (what is missing, if anything) and its confirm button. */
function confirmPart(kind: 'return' | 'forward', problem: { code: string; text: string } | null, busy: boolean, on: Handlers): Node[] {
  const note = h('p', { class: 'review-note', id: `review-${kind}-note`, role: 'alert' });
  if (problem) {
    note.dataset.problem = problem.code;
    note.textContent = problem.text;
  }
  const confirm = button(
    { class: 'button button-primary', id: `review-${kind}-confirm`, 'aria-describedby': `review-${kind}-note` },
    [t(`desk.intake.${kind}.confirm`)],
    on.confirm,
  );
  confirm.setAttribute('aria-disabled', String(busy));
  return [note, confirm];
}

function returnForm(form: Extract<Form, { kind: 'return' }>, busy: boolean, on: Handlers): Node[] {
  const text = h('textarea', {
    id: 'review-return-text', class: 'review-text', maxlength: String(RETURN_TEXT_MAX), rows: '3',
    'aria-required': String(form.reason === 'other'), 'aria-describedby': 'review-return-note',
  });
  text.value = form.text;
  text.addEventListener('input', () => on.typed(text.value));
  return [
    h(
      'div',
      { class: 'review-reasons', role: 'group', 'aria-label': t('desk.intake.return.reasons') },
      ...RETURN_REASONS.map((reason) => button(
        { class: 'button review-reason', 'data-return-reason': reason, 'aria-pressed': String(form.reason === reason) },
        [reasonName(reason)],
        () => on.reason(reason),
      )),
    ),
    h('label', { class: 'desk-field-label', for: 'review-return-text' }, t(form.reason === 'other' ? 'desk.intake.return.text_required' : 'desk.intake.return.text_optional')),
    text,
    ...confirmPart('return', form.problem && { code: form.problem, text: t(`desk.intake.return.${form.problem}`) }, busy, on),
  ];
}

function forwardForm(form: Extract<Form, { kind: 'forward' }>, busy: boolean, on: Handlers): Node[] {
  const select = h(
    'select',
    { id: 'review-forward-department', class: 'review-select', 'aria-describedby': 'review-forward-note' },
    h('option', { value: '' }, t('desk.intake.forward.choose')),
    ...DEPARTMENTS.map((code) => h('option', { value: code }, t(`desk.intake.department.${code}`))),
  );
  select.value = form.department;
  select.addEventListener('change', () => on.department(select.value));
  return [
    h('label', { class: 'desk-field-label', for: 'review-forward-department' }, t('desk.intake.forward.department')),
    select,
    ...confirmPart('forward', form.problem && { code: form.problem, text: t('desk.intake.forward.need_department') }, busy, on),
  ];
}

/** Accept, return or forward; a decided submission says instead that it is closed. */
export function decisionPart(submission: SubmissionView, form: Form, busy: boolean, on: Handlers): Node[] {
  if (submission.status !== 'awaiting_review') {
    return [h('p', { class: 'review-closed', id: 'review-closed', 'data-status': submission.status }, t('desk.intake.closed', { status: stateName(submission.status) }))];
  }
  const accept = button({ class: 'button button-primary', id: 'review-accept' }, [t('desk.intake.accept')], on.accept);
  const back = button({ id: 'review-return', 'aria-expanded': String(form.kind === 'return'), 'aria-controls': 'review-form' }, [t('desk.intake.return')], () => on.toggle('return'));
  const forward = button({ id: 'review-forward', 'aria-expanded': String(form.kind === 'forward'), 'aria-controls': 'review-form' }, [t('desk.intake.forward')], () => on.toggle('forward'));
  for (const el of [accept, back, forward]) el.setAttribute('aria-disabled', String(busy));
  let fields: Node[] = [];
  if (form.kind === 'return') fields = returnForm(form, busy, on);
  if (form.kind === 'forward') fields = forwardForm(form, busy, on);
  return [
    h('h4', { class: 'review-subtitle', id: 'review-decide-title' }, t('desk.intake.decide.title')),
    h('div', { class: 'review-decide-buttons' }, accept, back, forward),
    h('div', { class: 'review-form', id: 'review-form', hidden: form.kind === 'none' }, ...fields),
    ...(busy ? [h('p', { class: 'desk-empty', role: 'status' }, t('desk.intake.busy'))] : []),
  ];
}

/** The review card: its title and the button that opens the panel, above the panel's body. */
export function reviewCard(key: string, expanded: boolean, on: { toggle(): void; refresh(): void }): HTMLElement {
  const open = h(
    'button',
    {
      type: 'button', class: 'button desk-open-review', id: 'desk-open-review',
      'aria-keyshortcuts': key, 'aria-controls': 'desk-review', 'aria-expanded': String(expanded),
    },
    h('kbd', { class: 'desk-key', 'aria-hidden': 'true' }, key),
    h('span', {}, t('desk.intake.open')),
  );
  open.addEventListener('click', on.toggle);
  const body = h(
    'div',
    { class: 'desk-review', id: 'desk-review' },
    h(
      'div',
      { class: 'desk-head' },
      h('h3', { class: 'review-queue-title', id: 'desk-review-title', tabindex: '-1' }, t('desk.intake.title')),
      button({ id: 'desk-review-refresh' }, [t('desk.intake.refresh')], on.refresh),
    ),
    h('div', { id: 'review-message-home' }, h('p', { class: 'desk-message', id: 'desk-review-message', role: 'status' })),
    h('div', { class: 'desk-review-body', id: 'desk-review-body' }),
  );
  body.hidden = !expanded;
  return h(
    'section',
    { class: 'work-panel desk-panel desk-review-card', id: 'desk-review-card', 'data-work': 'review', 'aria-labelledby': 'work-review-title' },
    h(
      'div',
      { class: 'desk-head' },
      h('span', { class: 'work-icon' }, pictogram(STAFF_ICONS.review)),
      h('h2', { class: 'work-title', id: 'work-review-title' }, t('staff.review.title')),
      h('p', { class: 'work-desc' }, t('staff.review.desc')),
      open,
    ),
    body,
  );
}
