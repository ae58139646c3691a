// Handing in materials at the kiosk, once the person is identified: which case they are for, the
// files scanned or taken from a USB stick, each file's material type, then the submission filed by
// Rust and its receipt printed; and the status of an earlier submission by its receipt's QR code.
// Rust keeps the draft for the visit; this module holds only what is shown, dropped by
// `leaveIntake` when the visit ends.
import type { DraftView, StatusView, UsbEntryView, VisitorView } from './bindings';
import { h, pictogram } from './dom';
import { t } from './i18n';
import { call } from './ipc';
import {
  ask, backButton, change, entryField, flow, frame, go, hooks, leaveIntake, redrawKeepingFocus, refuse, start, type IntakeHooks, type Step,
} from './kiosk-intake-flow';
import {
  CASE_TYPES, button, caseLine, caseTypeName, filedItems, given, itemList, notReady, pageCount, printNotice, roleName,
  statusBody, usbList, type Problem,
} from './kiosk-intake-view';
import { askFiling, questionScreen } from './kiosk-intake-filing';
import { dropThumbnails, pagesScreen } from './kiosk-intake-pages';
import { resumeCodeScreen, saveForLater, savedScreen } from './kiosk-intake-saved';
import { lockerOffer, lockerScreen } from './kiosk-intake-locker';
import './styles/kiosk-delivery.css';
import './styles/kiosk-intake.css';

const CASE_NUMBER_MAX = 64;
const SCAN_PAGES_MAX = 20;
const MINUS = ['M12 24h24'];
const PLUS = ['M12 24h24', 'M24 12v24'];

let listening = false;

/**
 * A QR scanner at the kiosk types like a keyboard: on the status lookup, what it types goes to the
 * code field even when a tap has moved focus elsewhere.
 */
function onKeyboard(event: KeyboardEvent): void {
  if (flow.step?.screen !== 'intake-status-entry' || event.target instanceof HTMLInputElement) return;
  if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.altKey && !event.metaKey) {
    document.getElementById('intake-status-token')?.focus();
  }
}

/** Starts the intake for `visitor`, who has just been identified; a draft of this visit is offered first. */
export function openIntake(visitor: VisitorView, with_: IntakeHooks): void {
  leaveAll();
  Object.assign(hooks, with_);
  if (!listening) {
    listening = true;
    document.addEventListener('keydown', onKeyboard);
  }
  flow.visitor = visitor;
  go({ screen: 'intake-case' });
  const visit = flow.visit;
  call('intake_cases', {}).then((cases) => {
    flow.cases = cases;
  }, () => {
    flow.casesFailed = true;
  }).finally(() => {
    if (visit === flow.visit && flow.step?.screen === 'intake-case') redrawKeepingFocus();
  });
  call('intake_draft', {}).then((draft) => {
    if (visit !== flow.visit || !draft || flow.draft) return;
    flow.draft = draft;
    if (flow.step?.screen === 'intake-case') go({ screen: 'intake-resume' });
  }, () => undefined);
}

function confirmCaseNumber(step: Extract<Step, { screen: 'intake-case-number' }>): void {
  const typed = step.typed.trim();
  if (typed === '') refuse('case_number_empty', 'intake-case-number');
  else if ([...typed].length > CASE_NUMBER_MAX) refuse('case_number_too_long', 'intake-case-number');
  else start({ kind: 'existing', case_number: typed });
}

function lookUp(step: Extract<Step, { screen: 'intake-status-entry' }>): void {
  const token = step.typed.trim();
  if (token === '') {
    refuse('token_empty', 'intake-status-token');
    return;
  }
  void ask(() => call('intake_status', { token }), (status) => go({ screen: 'intake-status', status }));
}

function listUsb(step: Extract<Step, { screen: 'intake-usb' }>): void {
  void ask(() => call('intake_usb_list', {}), (listing) => {
    step.listing = listing;
    redrawKeepingFocus();
  });
}

function openUsb(): void {
  const step: Step = { screen: 'intake-usb', listing: null };
  go(step);
  listUsb(step);
}

function who(): HTMLElement {
  const visitor = flow.visitor;
  return h(
    'div',
    { class: 'delivery-who' },
    h('span', { class: 'delivery-who-name', id: 'identity-name', 'data-proper-name': true, translate: 'no' }, visitor?.display_name ?? ''),
    h('span', { class: 'delivery-who-id', id: 'identity-masked-id', translate: 'no' }, visitor?.masked_id ?? ''),
  );
}

function resumeScreen(draft: DraftView): HTMLElement {
  const resume = button({ class: 'button button-primary intake-choice', id: 'intake-resume' }, t('intake.resume.resume'), () => go({ screen: 'intake-materials' }));
  const discard = button({ class: 'button intake-choice', id: 'intake-discard' }, t('intake.resume.discard'), () =>
    void ask(() => call('intake_discard', {}), () => {
      flow.draft = null;
      go({ screen: 'intake-case' });
    }));
  return frame('intake-resume', t('intake.resume.title'), [
    caseLine(draft.case),
    h('p', { class: 'queue-lead' }, t('intake.resume.lead', { items: String(draft.items.length), pages: String(pageCount(draft.items)) })),
    h('div', { class: 'intake-choices' }, resume, discard),
  ], [backButton(() => go({ screen: 'intake-case' }))]);
}

function caseScreen(): HTMLElement {
  const list = flow.cases;
  const body: Node[] = [who()];
  if (!list && !flow.casesFailed) body.push(h('p', { class: 'queue-lead', role: 'status' }, t('intake.case.loading')));
  if (list?.offline) body.push(h('p', { class: 'intake-hint', id: 'intake-cases-offline' }, t('intake.case.offline')));
  if (list && list.cases.length > 0) {
    body.push(h('p', { class: 'queue-lead' }, t('intake.case.lead')), h('ul', { class: 'intake-cases' }, ...list.cases.map((c) => {
      const el = h(
        'button',
        { type: 'button', class: 'button intake-case', 'data-case-number': c.case_number },
        given(c.case_number, { class: 'intake-case-number' }),
        given(c.title, { class: 'intake-case-title' }),
        h('span', { class: 'intake-case-role' }, roleName(c.role)),
      );
      el.addEventListener('click', () => start({ kind: 'existing', case_number: c.case_number }));
      return h('li', {}, el);
    })));
  } else if (list) {
    body.push(h('p', { class: 'queue-lead', 'data-empty': '' }, t('intake.case.none')));
  }
  body.push(h(
    'div',
    { class: 'intake-choices' },
    button({ class: 'button intake-choice', id: 'intake-case-other' }, t('intake.case.other'), () => go({ screen: 'intake-case-number', typed: '' })),
    button({ class: 'button intake-choice', id: 'intake-new-filing' }, t('intake.case.new'), () => go({ screen: 'intake-new-type' })),
    button({ class: 'button intake-choice', id: 'intake-have-code' }, t('intake.case.resume_code'), () => go({ screen: 'intake-resume-code', typed: '' })),
    button({ class: 'button intake-choice', id: 'intake-check-status' }, t('intake.case.status'), () => go({ screen: 'intake-status-entry', typed: '' })),
  ));
  // A list that could not be read is said like any problem, unless a newer one is to be said.
  const problem: Problem | null = flow.problem ?? (flow.casesFailed ? { kind: 'cases_unavailable' } : null);
  return frame('intake-case', t('intake.case.title'), body, [backButton(() => hooks.finish())], problem);
}

type Entry = Extract<Step, { screen: 'intake-case-number' | 'intake-status-entry' }>;

/**
 * A screen that asks for one line of text (a case number, a receipt's code): its label, a confirm
 * button, Enter to confirm; what is typed is kept in the step. Back goes to the choice of case.
 */
function entryScreen(step: Entry, field: string, texts: 'case_number' | 'status_entry', extra: Record<string, string>, onConfirm: () => void): HTMLElement {
  const input = entryField(step, { id: field, ...extra }, onConfirm);
  return frame(step.screen, t(`intake.${texts}.title`), [
    h('p', { class: 'queue-lead' }, t(`intake.${texts}.lead`)),
    h('label', { class: 'intake-input-label', for: field }, t(`intake.${texts}.label`)),
    input,
    button({ class: 'button button-primary intake-confirm', id: `${field}-confirm` }, t(`intake.${texts}.confirm`), onConfirm),
  ], [backButton(() => go({ screen: 'intake-case' }))]);
}

function newTypeScreen(): HTMLElement {
  const types = h('ul', { class: 'intake-types' }, ...CASE_TYPES.map((type) => {
    const el = h(
      'button',
      { type: 'button', class: 'button intake-type', 'data-case-type': type },
      h('span', { class: 'intake-type-name' }, caseTypeName(type)),
      h('span', { class: 'intake-type-desc' }, t(`intake.case_type.${type}.desc`)),
    );
    el.addEventListener('click', () => askFiling(type));
    return h('li', {}, el);
  }));
  return frame('intake-new-type', t('intake.new_type.title'), [h('p', { class: 'queue-lead' }, t('intake.new_type.lead')), types], [
    backButton(() => go({ screen: 'intake-case' })),
  ]);
}

/** A photo with the kiosk's camera; like a scan, it is shown at once to be checked. */
function takePhoto(): void {
  change(() => call('intake_photo', {}), showNewest);
}

function showNewest(): void {
  const newest = flow.draft?.items.at(-1);
  go(newest ? { screen: 'intake-pages', itemId: newest.item_id } : { screen: 'intake-materials' });
}

function materialsScreen(draft: DraftView): HTMLElement {
  const items = itemList(draft, {
    material: (itemId, material) => change(() => call('intake_set_material', { itemId, material })),
    remove: (itemId) => change(() => call('intake_remove_item', { itemId })),
    duplicate: (itemId, keep) => change(() => call('intake_resolve_duplicate', { itemId, keep })),
    pages: (itemId) => go({ screen: 'intake-pages', itemId }),
  });
  const missing = notReady(draft);
  const submit = button({ class: 'button button-primary intake-submit', id: 'intake-submit', 'aria-describedby': 'intake-ready' }, t('intake.materials.submit'), () => go({ screen: 'intake-confirm' }));
  submit.disabled = missing !== null;
  const add = h(
    'div',
    { class: 'intake-choices intake-add' },
    button({ class: 'button intake-choice', id: 'intake-add-scan' }, t('intake.materials.add_scan'), () => go({ screen: 'intake-scan', pages: 1 })),
    button({ class: 'button intake-choice', id: 'intake-add-usb' }, t('intake.materials.add_usb'), openUsb),
    ...(draft.camera ? [button({ class: 'button intake-choice', id: 'intake-add-photo' }, t('intake.materials.add_photo'), takePhoto)] : []),
  );
  return frame('intake-materials', t('intake.materials.title'), [
    caseLine(draft.case),
    ...(draft.replaces ? [h('p', { class: 'intake-hint', id: 'intake-replaces' }, t('intake.materials.replaces'))] : []),
    h('p', { class: 'queue-lead' }, t('intake.materials.lead')),
    // The ways to add a file come before the list, so they stay in reach however long it grows.
    add,
    items,
    // Whether it can be submitted, and how, stay in view at the foot of the screen however long the list.
  ], [
    h('p', { class: 'intake-ready', id: 'intake-ready' }, missing ? t(missing) : t('intake.materials.ready')),
    submit,
    button({ class: 'button queue-secondary', id: 'intake-save-later' }, t('intake.materials.save_later'), saveForLater),
    backButton(() => go(draft.items.length > 0 ? { screen: 'intake-resume' } : { screen: 'intake-case' })),
  ]);
}

function scanScreen(step: Extract<Step, { screen: 'intake-scan' }>): HTMLElement {
  const set = (pages: number): void => {
    if (flow.busy) return;
    step.pages = Math.min(SCAN_PAGES_MAX, Math.max(1, pages));
    redrawKeepingFocus();
  };
  const fewer = button({ class: 'button intake-step', id: 'intake-scan-fewer', 'aria-label': t('intake.scan.fewer_label') }, '', () => set(step.pages - 1));
  const more = button({ class: 'button intake-step', id: 'intake-scan-more', 'aria-label': t('intake.scan.more_label') }, '', () => set(step.pages + 1));
  fewer.append(pictogram(MINUS, 'icon intake-step-icon'));
  more.append(pictogram(PLUS, 'icon intake-step-icon'));
  fewer.disabled = step.pages <= 1;
  more.disabled = step.pages >= SCAN_PAGES_MAX;
  const pages = h('output', { class: 'intake-pages', id: 'intake-scan-pages', 'data-pages': String(step.pages), 'aria-live': 'polite', 'aria-labelledby': 'intake-scan-pages-label' }, t('intake.scan.pages', { pages: String(step.pages) }));
  const begin = button({ class: 'button button-primary intake-submit', id: 'intake-scan-start' }, t('intake.scan.start'), () =>
    // The new scan's pages are shown small at once, each with the way to scan it again.
    change(() => call('intake_scan', { pages: step.pages }), showNewest));
  return frame('intake-scan', t('intake.scan.title'), [
    h('p', { class: 'queue-lead' }, t('intake.scan.lead', { max: String(SCAN_PAGES_MAX) })),
    h('p', { class: 'intake-input-label', id: 'intake-scan-pages-label' }, t('intake.scan.pages_label')),
    h('div', { class: 'intake-stepper' }, fewer, pages, more),
    begin,
  ], [backButton(() => go({ screen: 'intake-materials' }))]);
}

function usbScreen(step: Extract<Step, { screen: 'intake-usb' }>): HTMLElement {
  const add = (entry: UsbEntryView): void => change(() => call('intake_usb_add', { entryId: entry.id }), () => go({ screen: 'intake-materials' }));
  const refresh = button({ class: 'button intake-choice', id: 'intake-usb-refresh' }, t('intake.usb.refresh'), () => listUsb(step));
  return frame('intake-usb', t('intake.usb.title'), [
    h('p', { class: 'queue-lead' }, t('intake.usb.lead')),
    ...usbList(step.listing, add),
    refresh,
  ], [backButton(() => go({ screen: 'intake-materials' }))]);
}

function confirmScreen(draft: DraftView): HTMLElement {
  const submit = button({ class: 'button button-primary intake-submit', id: 'intake-submit-confirm' }, t('intake.confirm.submit'), () =>
    void ask(() => call('intake_submit', {}), (submitted) => {
      flow.draft = null;
      go({ screen: 'intake-done', submitted });
    }));
  return frame('intake-confirm', t('intake.confirm.title'), [
    h(
      'div',
      { class: 'queue-card intake-summary' },
      caseLine(draft.case),
      h('p', { class: 'intake-summary-count', id: 'intake-summary-count' }, t('intake.confirm.count', { items: String(draft.items.length), pages: String(pageCount(draft.items)) })),
      filedItems(draft.items),
    ),
    h('p', { class: 'queue-lead' }, t('intake.confirm.lead')),
    submit,
  ], [backButton(() => go({ screen: 'intake-materials' }))]);
}

function doneScreen(step: Extract<Step, { screen: 'intake-done' }>): HTMLElement {
  const { submitted } = step;
  return frame('intake-done', t('intake.done.title'), [
    h(
      'div',
      { class: 'queue-card intake-done-card' },
      h('p', { class: 'intake-status-label' }, t('intake.done.number')),
      given(submitted.number, { class: 'intake-number', id: 'intake-number' }),
      filedItems(submitted.items, 'intake-done-items'),
    ),
    printNotice(submitted),
    ...lockerOffer(step),
    h('p', { class: 'queue-lead' }, t('intake.done.next')),
  ], [
    button({ class: 'button button-primary', id: 'intake-finish' }, t('intake.done.finish'), () => hooks.finish()),
    button({ class: 'button queue-secondary', id: 'intake-another' }, t('intake.done.another'), () => go({ screen: 'intake-case' })),
    button({ class: 'button queue-secondary', id: 'intake-take-ticket' }, t('intake.done.take_ticket'), () => hooks.takeTicket()),
  ]);
}

function statusScreen(status: StatusView): HTMLElement {
  const { submission } = status;
  const actions: Node[] = [];
  if (submission.status === 'returned') {
    actions.push(button({ class: 'button button-primary', id: 'intake-correct' }, t('intake.status.correct'), () => start(submission.case, submission.submission_id)));
  }
  actions.push(backButton(() => go({ screen: 'intake-status-entry', typed: '' })));
  // Paper in a locker: where it is and whether staff have taken it (never the pickup code).
  const lockers = status.lockers.map((deposit) => h(
    'p',
    { class: 'intake-status-locker', 'data-compartment': String(deposit.compartment), 'data-collected': String(deposit.collected_at_ms !== null) },
    t(deposit.collected_at_ms === null ? 'intake.status.locker_waiting' : 'intake.status.locker_collected', { compartment: String(deposit.compartment) }),
  ));
  return frame('intake-status', t('intake.status.title'), [...statusBody(submission), ...lockers], actions);
}

export function intakeScreen(): HTMLElement {
  const step = flow.step;
  const draft = flow.draft;
  switch (step?.screen) {
    case 'intake-resume':
      if (draft) return resumeScreen(draft);
      break;
    case 'intake-case-number':
      return entryScreen(step, 'intake-case-number', 'case_number', { maxlength: String(CASE_NUMBER_MAX * 2) }, () => confirmCaseNumber(step));
    case 'intake-new-type':
      return newTypeScreen();
    case 'intake-question':
      return questionScreen(step);
    case 'intake-pages':
      if (draft) return pagesScreen(step);
      break;
    case 'intake-saved':
      return savedScreen(step.saved);
    case 'intake-resume-code':
      return resumeCodeScreen(step);
    case 'intake-materials':
      if (draft) return materialsScreen(draft);
      break;
    case 'intake-scan':
      return scanScreen(step);
    case 'intake-usb':
      return usbScreen(step);
    case 'intake-confirm':
      if (draft) return confirmScreen(draft);
      break;
    case 'intake-done':
      return doneScreen(step);
    case 'intake-status-entry':
      return entryScreen(step, 'intake-status-token', 'status_entry', {}, () => lookUp(step));
    case 'intake-status':
      return statusScreen(step.status);
  }
  return lockerScreen(() => hooks.finish()) ?? caseScreen();
}

/** Drops everything of the intake screens, the pages painted small included. */
function leaveAll(): void {
  dropThumbnails();
  leaveIntake();
}

export { leaveAll as leaveIntake };
