// The desk's review queue for document intake: the submissions filed at this site's kiosks that
// wait for a clerk, each opened with its items shown page by page and its earlier filings, and
// the clerk's decision (accept, return for correction, forward to a department) recorded through
// Rust. Opened by its button or F11; the queue is read again every 5 s while the panel is open,
// and how much of each item of the open submission the court server holds, every 5 s until it
// holds them all.
// An open submission's bytes and pages are dropped when it closes and at sign-out.
import type { ApiError, Decision, ItemBody, ItemUpload, ReviewEntry, StatusView } from './bindings';
import { h } from './dom';
import { getLocale, t } from './i18n';
import { call, toApiError } from './ipc';
import { paintSlipMessage, type SlipMessage } from './desk-intake-locker';
import { messageText, type Message, type ReturnReason } from './desk-intake-text';
import { decisionPart, paintUpload, queuePart, reviewCard, submissionPart, type Form, type Handlers } from './desk-intake-view';
import {
  dropItem, onItemSignInRequired, openItem, paintViewer, reloadItem, viewedItem, viewedRefusal, viewerPart,
} from './desk-intake-viewer';
import { setupOpen } from './queue-desk-setup';
import { sessionEnded } from './staff-sign-in';
import './styles/desk-intake.css';

/** The key that opens and closes the panel; F1–F9 belong to the calling panel, F10 to deliveries. */
const REVIEW_KEY = 'F11';
const POLL_MS = 5000;

const NO_FORM: Form = { kind: 'none' };

const state: {
  open: boolean;
  queue: ReviewEntry[] | null;
  problem: ApiError | null;
  /** The submission open, and once read, what Rust holds of it. */
  chosen: string | null;
  status: StatusView | null;
  /** What the server holds of each item, once read; 'unknown' when the last read failed. */
  uploads: Map<string, ItemUpload> | 'unknown' | null;
  form: Form;
  busy: boolean;
  message: Message | null;
  /** The open submission's pickup slip: printing, and what came of the last print. */
  slipBusy: boolean;
  slip: SlipMessage;
} = {
  open: false, queue: null, problem: null, chosen: null, status: null, uploads: null, form: NO_FORM, busy: false, message: null, slipBusy: false, slip: null,
};

// Bumped at sign-out: answers to the last clerk's calls are dropped.
let session = 0;
// Bumped whenever a submission opens or closes: its answers are dropped after.
let opened = 0;
// Bumped whenever the panel opens or closes, so only one poll runs.
let polls = 0;
let listening = false;
// What each drawn list shows, so an unchanged queue is not drawn again.
const listed = new WeakMap<HTMLElement, string>();

/** Forgets the queue, the open submission with its bytes and pages, and the message. */
export function resetReview(): void {
  session += 1;
  polls += 1;
  leaveSubmission(null);
  Object.assign(state, { open: false, queue: null, problem: null });
}

/** A refusal, after handing `sign_in_required` to the sign-in screen (null then: nothing to show). */
function refusal(reason: unknown): ApiError | null {
  const error = toApiError(reason);
  if (error.code !== 'sign_in_required') return error;
  sessionEnded();
  return null;
}

async function loadQueue(): Promise<void> {
  const mine = session;
  try {
    const queue = await call('desk_intake_queue', {});
    if (mine !== session) return;
    state.queue = queue;
    state.problem = null;
  } catch (reason) {
    if (mine !== session) return;
    const error = refusal(reason);
    if (!error) return;
    state.problem = error;
  }
  // Only the list: a form being filled in beside it is left alone.
  paintQueue();
}

function schedule(): void {
  const mine = polls;
  window.setTimeout(() => {
    if (mine !== polls || !state.open) return;
    const read = document.visibilityState === 'visible' ? loadQueue() : Promise.resolve();
    void read.then(() => {
      if (mine === polls) schedule();
    });
  }, POLL_MS);
}

function focus(selector: string): void {
  document.querySelector<HTMLElement>(selector)?.focus();
}

/** Brings `selector` to the top of the screen, so the panel below the calling panel is in sight. */
function bringUp(selector: string): void {
  document.querySelector(selector)?.scrollIntoView({ block: 'start' });
}

async function openSubmission(id: string): Promise<void> {
  dropItem();
  const mine = ++opened;
  Object.assign(state, { chosen: id, status: null, uploads: null, form: NO_FORM, busy: false, message: null, slipBusy: false, slip: null });
  paint();
  focus('#review-back');
  try {
    const status = await call('desk_intake_submission', { submissionId: id });
    if (mine !== opened) return;
    state.status = status;
    paint();
    bringUp('#desk-review-body');
    focus('#review-submission-title');
    const first = status.submission.items[0];
    if (first) showItem(first);
    void watchUploads(mine);
  } catch (reason) {
    if (mine !== opened) return;
    const error = refusal(reason);
    if (!error) return;
    closeSubmission({ kind: 'error', error, decision: null });
    if (error.code === 'no_such_submission') void loadQueue();
  }
}

/** Lets go of the open submission: its bytes, its pages, the form. */
function leaveSubmission(message: Message | null): void {
  dropItem();
  opened += 1;
  Object.assign(state, { chosen: null, status: null, uploads: null, form: NO_FORM, busy: false, message, slipBusy: false, slip: null });
}

/** Prints the open submission's pickup slip on this desk's printer; a refusal leaves everything as it was. */
async function printSlip(): Promise<void> {
  const id = state.chosen;
  if (!id || state.slipBusy) return;
  const mine = opened;
  state.slipBusy = true;
  state.slip = null;
  paintSlipMessage(state.slip, true);
  try {
    await call('desk_intake_locker_slip', { submissionId: id });
    if (mine !== opened) return;
    state.slip = { kind: 'done' };
  } catch (reason) {
    if (mine !== opened) return;
    const error = refusal(reason);
    if (!error) return;
    state.slip = { kind: 'error', error };
  }
  state.slipBusy = false;
  paintSlipMessage(state.slip, false);
}

/**
 * Reads what the server holds of the open submission's items and shows it; true while some item
 * is not all there (or the read failed for a reason that may pass), so it is read again.
 */
async function loadUploads(mine: number): Promise<boolean> {
  const status = state.status;
  if (!status || mine !== opened) return false;
  const id = status.submission.submission_id;
  let read: ItemUpload[];
  try {
    read = await call('desk_intake_uploads', { submissionId: id });
  } catch (reason) {
    if (mine !== opened) return false;
    const error = refusal(reason);
    if (!error) return false;
    state.uploads = 'unknown';
    paintUploads();
    // Neither passes by waiting: no use asking every 5 s.
    return error.code !== 'not_permitted' && error.code !== 'no_such_submission';
  }
  if (mine !== opened) return false;
  const before = state.uploads;
  const uploads = new Map(read.map((upload) => [upload.item_id, upload]));
  state.uploads = uploads;
  paintUploads();
  // The item shown was refused as not uploaded and has just become complete: shown without the clerk asking.
  const shown = viewedItem();
  const was = before instanceof Map && shown ? before.get(shown) : undefined;
  if (shown && was && !was.complete && uploads.get(shown)?.complete && viewedRefusal() === 'item_not_uploaded') reloadItem();
  return !status.submission.items.every((item) => uploads.get(item.item_id)?.complete);
}

/** Reads the upload states now and every 5 s after, until all are complete or the submission closes. */
async function watchUploads(mine: number): Promise<void> {
  const more = document.visibilityState === 'visible' ? await loadUploads(mine) : mine === opened;
  if (!more || mine !== opened) return;
  window.setTimeout(() => {
    if (mine === opened) void watchUploads(mine);
  }, POLL_MS);
}

/** Back to the queue with `message`; focus goes to the submission's row. */
function closeSubmission(message: Message | null): void {
  const was = state.chosen;
  leaveSubmission(message);
  paint();
  const row = was && document.querySelector<HTMLElement>(`[data-review-submission="${CSS.escape(was)}"]`);
  if (row) row.focus();
  else focus('#desk-review-title');
}

function showItem(item: ItemBody): void {
  const id = state.chosen;
  if (!id) return;
  void openItem(id, item);
  paintItems();
}

async function decide(decision: Decision): Promise<void> {
  const status = state.status;
  if (state.busy || !status) return;
  const [mine, clerk] = [opened, session];
  const { submission_id: id, number } = status.submission;
  state.busy = true;
  state.message = null;
  paint();
  try {
    await call('desk_intake_decide', { submissionId: id, decision });
  } catch (reason) {
    if (mine !== opened) return;
    state.busy = false;
    const error = refusal(reason);
    if (!error) return;
    state.message = { kind: 'error', error, decision: decision.decision };
    paint();
    // Decided elsewhere or gone: the queue behind says so once read again.
    if (error.code === 'illegal_action' || error.code === 'no_such_submission') void loadQueue();
    return;
  }
  if (clerk !== session) return;
  // Recorded: said even if the clerk has moved on meanwhile.
  state.queue = state.queue?.filter((entry) => entry.submission_id !== id) ?? null;
  const done: Message = { kind: 'done', number, decision };
  if (mine === opened) closeSubmission(done);
  else {
    state.message = done;
    paint();
  }
  void loadQueue();
}

function confirm(): void {
  const { form } = state;
  if (form.kind === 'return') {
    const text = form.text.trim();
    form.problem = !form.reason ? 'need_reason' : form.reason === 'other' && text === '' ? 'need_text' : null;
    if (!form.reason || form.problem) {
      paint();
      focus(form.problem === 'need_text' ? '#review-return-text' : '[data-return-reason]');
      return;
    }
    void decide({ decision: 'return', reason_code: form.reason, text });
  } else if (form.kind === 'forward') {
    form.problem = form.department === '' ? 'need_department' : null;
    if (form.problem) {
      paint();
      focus('#review-forward-department');
      return;
    }
    void decide({ decision: 'forward', department: form.department });
  }
}

const handlers: Handlers = {
  open: (id) => void openSubmission(id),
  back: () => closeSubmission(null),
  item: showItem,
  accept: () => void decide({ decision: 'accept' }),
  toggle(kind) {
    if (state.busy) return;
    state.form = state.form.kind === kind ? NO_FORM
      : kind === 'return' ? { kind, reason: null, text: '', problem: null } : { kind, department: '', problem: null };
    paint();
    if (state.form.kind === 'return') focus('[data-return-reason]');
    else if (state.form.kind === 'forward') focus('#review-forward-department');
    else focus(`#review-${kind}`);
  },
  reason(reason: ReturnReason) {
    if (state.form.kind !== 'return') return;
    state.form.reason = reason;
    state.form.problem = null;
    paint();
  },
  typed(text) {
    if (state.form.kind !== 'return') return;
    state.form.text = text;
    if (state.form.problem === 'need_text' && text.trim() !== '') {
      // Said once the text is there; the field keeps focus, so the form is not redrawn.
      state.form.problem = null;
      const note = document.getElementById('review-return-note');
      if (note) {
        note.textContent = '';
        delete note.dataset.problem;
      }
    }
  },
  department(code) {
    if (state.form.kind !== 'forward') return;
    state.form.department = code;
    state.form.problem = null;
  },
  confirm,
  printSlip: () => void printSlip(),
};

function paintMessage(): void {
  const el = document.getElementById('desk-review-message');
  if (!el) return;
  const { message } = state;
  el.textContent = message ? messageText(message) : '';
  el.dataset.kind = message?.kind ?? '';
  if (message?.kind === 'error') el.dataset.code = message.error.code;
  else delete el.dataset.code;
}

/** Each item button's upload state, changed in place. */
function paintUploads(): void {
  const { status, uploads } = state;
  if (!status || !uploads) return;
  for (const item of status.submission.items) {
    const el = document.querySelector<HTMLElement>(`[data-review-item="${CSS.escape(item.item_id)}"]`);
    if (el) paintUpload(el, item.item_id, uploads === 'unknown' ? null : uploads.get(item.item_id) ?? null);
  }
}

function paintItems(): void {
  const chosen = viewedItem();
  for (const el of document.querySelectorAll<HTMLElement>('[data-review-item]')) {
    el.setAttribute('aria-pressed', String(el.dataset.reviewItem === chosen));
  }
}

/** The control that has focus, as a selector that finds it again once redrawn. */
function focusHook(): string | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || !el.closest('#review-decision')) return null;
  if (el.id) return `#${CSS.escape(el.id)}`;
  const reason = el.dataset.returnReason;
  return reason ? `[data-return-reason="${CSS.escape(reason)}"]` : null;
}

function paintDecision(status: StatusView): void {
  const part = document.getElementById('review-decision');
  if (!part) return;
  const hook = focusHook();
  const typing = document.activeElement instanceof HTMLTextAreaElement ? document.activeElement : null;
  const at = typing ? [typing.selectionStart, typing.selectionEnd] as const : null;
  part.replaceChildren(...decisionPart(status.submission, state.form, state.busy, handlers));
  if (hook) focus(hook);
  const text = document.getElementById('review-return-text');
  if (at && text instanceof HTMLTextAreaElement && hook === '#review-return-text') text.setSelectionRange(at[0], at[1]);
}

/** The screen inside the panel: the queue, or the open submission. */
function screen(): Node[] {
  const backButton = (): HTMLButtonElement => {
    const el = h('button', { type: 'button', class: 'button', id: 'review-back' }, t('desk.intake.back'));
    el.addEventListener('click', handlers.back);
    return el;
  };
  if (!state.chosen) return [h('div', { id: 'desk-review-queue' })];
  if (!state.status) return [backButton(), h('p', { class: 'desk-empty', role: 'status' }, t('desk.intake.opening'))];
  return [
    backButton(),
    h(
      'div',
      { class: 'review-submission', 'data-submission': state.chosen },
      h(
        'div',
        { class: 'review-side' },
        ...submissionPart(state.status, viewedItem(), handlers),
        h('section', { class: 'review-decision', id: 'review-decision', 'aria-labelledby': 'review-decide-title' }),
        h('div', { id: 'review-message-slot' }),
      ),
      viewerPart(),
    ),
  ];
}

/**
 * Redraws the list when what it shows has changed, so a read every 5 s that brings nothing new
 * touches nothing; the row that had focus has it again.
 */
function paintQueue(): void {
  const list = document.getElementById('desk-review-queue');
  if (!list) return;
  const signature = JSON.stringify([state.queue, state.problem, getLocale()]);
  if (listed.get(list) === signature) return;
  listed.set(list, signature);
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.reviewSubmission : undefined;
  list.replaceChildren(queuePart(state.queue, state.problem, handlers));
  if (focused) focus(`[data-review-submission="${CSS.escape(focused)}"]`);
}

/** Redraws what changed: a new screen is built, an unchanged one only has its parts brought up to date. */
function paint(): void {
  const button = document.getElementById('desk-open-review');
  button?.setAttribute('aria-expanded', String(state.open));
  const panel = document.getElementById('desk-review');
  if (panel) panel.hidden = !state.open;
  document.getElementById('desk-review-card')?.setAttribute('data-open', String(state.open));
  const body = document.getElementById('desk-review-body');
  // Held before the screen is redrawn: it may stand in the part that goes.
  const message = document.getElementById('desk-review-message');
  if (!body) return;
  const key = state.chosen ? `${state.chosen}:${state.status ? 'read' : 'reading'}` : 'queue';
  if (body.dataset.screen !== key) {
    body.dataset.screen = key;
    body.replaceChildren(...screen());
    if (state.status) paintViewer();
  }
  // The message stands under the decision buttons while a submission is open, above the queue otherwise.
  const place = document.getElementById(state.status ? 'review-message-slot' : 'review-message-home');
  if (message && place && message.parentElement !== place) place.append(message);
  paintMessage();
  paintQueue();
  if (state.status) {
    paintDecision(state.status);
    paintItems();
    paintUploads();
    paintSlipMessage(state.slip, state.slipBusy);
  }
}

function toggle(): void {
  state.open = !state.open;
  polls += 1;
  if (!state.open) {
    leaveSubmission(null);
    paint();
    focus('#desk-open-review');
    return;
  }
  state.message = null;
  paint();
  bringUp('#desk-review-card');
  focus('#desk-review-title');
  void loadQueue();
  schedule();
}

function onKey(event: KeyboardEvent): void {
  if (!document.getElementById('desk-review') || setupOpen()) return;
  const plain = !(event.altKey || event.ctrlKey || event.metaKey || event.shiftKey);
  if (event.key === REVIEW_KEY && plain) {
    event.preventDefault();
    if (!event.repeat) toggle();
  } else if (event.key === 'Escape' && plain && state.chosen && document.activeElement?.closest('#desk-review')) {
    // Escape closes the open form first, then the submission.
    event.preventDefault();
    if (state.form.kind !== 'none') handlers.toggle(state.form.kind);
    else handlers.back();
  }
}

/** The review panel, drawn in the current language from what it holds; its body is hidden until opened. */
export function reviewPanel(): HTMLElement {
  if (!listening) {
    listening = true;
    document.addEventListener('keydown', onKey);
    onItemSignInRequired(sessionEnded);
  }
  const card = reviewCard(REVIEW_KEY, state.open, { toggle, refresh: () => void loadQueue() });
  queueMicrotask(paint);
  return card;
}
