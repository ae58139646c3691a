// The kiosk's delivery screens drawn from what the flow holds: the list of deliveries, the page
// viewer's controls, the refusal form and the decision recorded. The flow (kiosk-delivery.ts) owns
// the state and the calls to Rust; these functions only draw and hand taps back.
import type { ApiError, DeliveryDocumentView, DeliveryPrinted, DeliveryView, EvidenceView, VisitorDeliveries, VisitorView } from './bindings';
import { h, type Child } from './dom';
import { t, type MessageKey } from './i18n';
import { errorText } from './remember';
import { siteFormat } from './site-time';

const REASONS = ['not_the_addressee', 'unreadable', 'incomplete', 'other'] as const;
export type Reason = (typeof REASONS)[number];
/** Longest refusal explanation the court takes. */
export const REFUSAL_TEXT_MAX = 500;
/** States in which the party can still acknowledge or refuse. */
const UNDECIDED: ReadonlySet<string> = new Set(['published', 'available', 'opened']);

export type Problem =
  | { kind: 'refused'; error: ApiError }
  | { kind: 'unreadable' | 'need_reason' | 'need_text' };

export interface ViewerControls {
  prev(): void;
  next(): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  document(sha256: string): void;
}

const HAN = /[\u3400-\u9fff]/;

/**
 * Text from the court (titles, case numbers, file names) is Chinese whatever language the screen
 * speaks; it is marked as such so a screen reader reads it right. Shared with the desk.
 */
export function courtText(text: string, tag: 'span' | 'h3' = 'span', attrs: Record<string, string> = {}): HTMLElement {
  return h(tag, { ...attrs, 'data-court-text': '', lang: HAN.test(text) ? 'zh-CN' : undefined }, text);
}

/** A message whose one placeholder `name` is court text. */
export function withCourtText(key: MessageKey, name: string, value: string): Child[] {
  const [before, after] = t(key, { [name]: '\u0000' }).split('\u0000');
  return [before, courtText(value), after];
}

export function undecided(delivery: DeliveryView): boolean {
  return UNDECIDED.has(delivery.state);
}

export function button(attrs: Record<string, string>, label: string, onClick: () => void): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, label);
  el.addEventListener('click', onClick);
  return el;
}

/** Kind, state and method names come from Rust as strings; one this version does not know shows as "other". */
function named(prefix: string, value: string, known: readonly string[]): string {
  return t(`${prefix}.${known.includes(value) ? value : 'other'}` as MessageKey);
}

/** The kinds of document the court serves, in the order the desk offers them. */
export const DELIVERY_KINDS = ['summons', 'notice', 'judgment', 'mediation_agreement', 'other'] as const;

/** Shared with the desk, like the state names and dates below. */
export function kindName(kind: string): string {
  return named('delivery.kind', kind, DELIVERY_KINDS);
}

export function stateName(state: string): string {
  return named('delivery.state', state, ['published', 'available', 'opened', 'acknowledged', 'refused', 'expired', 'paper']);
}

/** A day in the reader's language, in the site's time. */
export function localDate(ms: number): string {
  return siteFormat(ms, { dateStyle: 'long' });
}

/** Whether a document can be opened now: everything can online, only what the kiosk holds offline. */
export function openable(doc: DeliveryDocumentView, offline: boolean): boolean {
  return doc.held || !offline;
}

function problemText(problem: Problem): string {
  if (problem.kind !== 'refused') return t(`delivery.problem.${problem.kind}`);
  const { error } = problem;
  if (error.code === 'illegal_action' && error.detail === 'not_identified') return t('delivery.problem.not_identified');
  if (error.code === 'print_failed') return t(error.detail === 'no_printer' ? 'delivery.print.no_printer' : 'delivery.print.failed');
  return errorText(error);
}

function problemCode(problem: Problem): string {
  return problem.kind === 'refused' ? problem.error.code : problem.kind;
}

/** The alert under a screen's title: empty, or what went wrong and what to do. */
export function notice(problem: Problem | null, identifyAgain: () => void): HTMLElement {
  const el = h('div', { class: 'delivery-notice', id: 'delivery-notice', role: 'alert' });
  if (!problem) return el;
  el.dataset.problem = problemCode(problem);
  el.append(h('p', {}, problemText(problem)));
  if (problem.kind === 'refused' && problem.error.detail === 'not_identified') {
    el.append(button({ class: 'button button-primary', id: 'delivery-identify-again' }, t('delivery.identify_again'), identifyAgain));
  }
  return el;
}

export function who(visitor: VisitorView): HTMLElement {
  return h(
    'div',
    { class: 'delivery-who' },
    h('span', { class: 'delivery-who-name', 'data-proper-name': true, translate: 'no' }, visitor.display_name),
    h('span', { class: 'delivery-who-id', translate: 'no' }, visitor.masked_id),
  );
}

function offlineCard(): HTMLElement {
  return h(
    'section',
    { class: 'delivery-offline', id: 'delivery-offline', 'aria-labelledby': 'delivery-offline-title' },
    h('h3', { class: 'delivery-offline-title', id: 'delivery-offline-title' }, t('delivery.offline.title')),
    h('p', {}, t('delivery.offline.body')),
  );
}

function documentItem(doc: DeliveryDocumentView, offline: boolean): HTMLElement {
  return h(
    'li',
    { class: 'delivery-document', 'data-held': String(doc.held) },
    courtText(doc.name, 'span', { class: 'delivery-document-name' }),
    !openable(doc, offline) && h('span', { class: 'delivery-document-note' }, t('delivery.document.not_held')),
  );
}

function deliveryCard(delivery: DeliveryView, offline: boolean, onOpen: (id: string) => void): HTMLElement {
  const titleId = `delivery-${delivery.delivery_id}-title`;
  const canOpen = delivery.documents.some((doc) => openable(doc, offline));
  const open = button(
    { class: 'button button-primary delivery-open', 'data-open-delivery': delivery.delivery_id, 'aria-describedby': titleId },
    t(undecided(delivery) ? 'delivery.open' : 'delivery.open_closed'),
    () => onOpen(delivery.delivery_id),
  );
  open.disabled = !canOpen;
  return h(
    'article',
    { class: 'delivery-card', 'data-delivery-id': delivery.delivery_id, 'data-state': delivery.state, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'delivery-card-text' },
      courtText(delivery.title, 'h3', { class: 'delivery-card-title', id: titleId }),
      h(
        'p',
        { class: 'delivery-card-facts' },
        h('span', {}, kindName(delivery.kind)),
        h('span', {}, ...withCourtText('delivery.case', 'case', delivery.case_number)),
        h('span', { class: 'delivery-state' }, stateName(delivery.state)),
      ),
      undecided(delivery) && h('p', { class: 'delivery-deadline' }, t('delivery.deadline', { date: localDate(delivery.deadline_ms) })),
      delivery.pending && h('p', { class: 'delivery-pending' }, t('delivery.pending')),
      h('ul', { class: 'delivery-documents', 'aria-label': t('delivery.documents') }, ...delivery.documents.map((doc) => documentItem(doc, offline))),
      !canOpen && h('p', { class: 'delivery-cannot-open' }, t('delivery.cannot_open')),
    ),
    open,
  );
}

export function listBody(list: VisitorDeliveries | null, onOpen: (id: string) => void, takeTicket: () => void): Node[] {
  if (!list) return [h('p', { class: 'queue-lead', role: 'status' }, t('delivery.list.loading'))];
  const offline = list.offline ? [offlineCard()] : [];
  if (list.deliveries.length === 0) {
    return [
      ...offline,
      h(
        'div',
        { class: 'queue-card delivery-empty', 'data-empty': '' },
        h('p', { class: 'delivery-empty-title' }, t(list.offline ? 'delivery.empty.offline' : 'delivery.empty.title')),
        h('p', {}, t('delivery.empty.next')),
        button({ class: 'button button-primary', id: 'delivery-take-ticket' }, t('delivery.take_ticket'), takeTicket),
      ),
    ];
  }
  return [
    ...offline,
    h('p', { class: 'queue-lead' }, t('delivery.list.lead')),
    h('ul', { class: 'delivery-list' }, ...list.deliveries.map((d) => h('li', {}, deliveryCard(d, list.offline, onOpen)))),
  ];
}

/** "Page N of M", kept in step by the viewer as pages turn. */
export function pageText(page: number, pages: number): string {
  return pages > 0 ? t('delivery.viewer.page', { page: String(page), pages: String(pages) }) : t('delivery.viewer.loading');
}

export function documentTabs(delivery: DeliveryView, current: string, offline: boolean, on: ViewerControls): HTMLElement[] {
  if (delivery.documents.length < 2) return [];
  return [h(
    'div',
    { class: 'viewer-documents', role: 'group', 'aria-label': t('delivery.documents') },
    ...delivery.documents.map((doc) => {
      const tab = button(
        { class: 'button viewer-document', 'data-document': doc.sha256, 'aria-pressed': String(doc.sha256 === current) },
        '',
        () => on.document(doc.sha256),
      );
      tab.replaceChildren(courtText(doc.name));
      tab.disabled = !openable(doc, offline);
      return tab;
    }),
  )];
}

export function viewerControls(on: ViewerControls): HTMLElement {
  const control = (id: string, key: MessageKey, run: () => void): HTMLButtonElement =>
    button({ class: 'button viewer-control', id, 'aria-label': t(`${key}_label` as MessageKey) }, t(key), run);
  return h(
    'div',
    { class: 'viewer-controls', role: 'group', 'aria-label': t('delivery.viewer.controls') },
    control('viewer-prev', 'delivery.viewer.prev', on.prev),
    h('p', { class: 'viewer-page', id: 'viewer-page', 'aria-live': 'polite' }),
    control('viewer-next', 'delivery.viewer.next', on.next),
    control('viewer-zoom-out', 'delivery.viewer.zoom_out', on.zoomOut),
    control('viewer-zoom-in', 'delivery.viewer.zoom_in', on.zoomIn),
    control('viewer-fit', 'delivery.viewer.fit', on.fit),
  );
}

export interface Decision {
  confirming: boolean;
  busy: boolean;
  acknowledge(): void;
  confirm(): void;
  cancel(): void;
  refuse(): void;
}

/** Acknowledge or refuse; a decided delivery says instead why it can only be read. */
export function decisionArea(delivery: DeliveryView, d: Decision): HTMLElement {
  if (!undecided(delivery)) {
    return h('p', { class: 'delivery-closed', id: 'delivery-closed' }, t(`delivery.closed.${closedState(delivery.state)}` as MessageKey));
  }
  if (d.confirming) {
    const yes = button({ class: 'button button-primary delivery-decide', id: 'delivery-acknowledge-confirm' }, t('delivery.acknowledge.confirm'), d.confirm);
    yes.setAttribute('aria-disabled', String(d.busy));
    return h(
      'div',
      { class: 'delivery-decision delivery-confirm', role: 'group', 'aria-labelledby': 'delivery-acknowledge-explain' },
      h('p', { class: 'delivery-explain', id: 'delivery-acknowledge-explain' }, t('delivery.acknowledge.explain')),
      h('div', { class: 'delivery-decision-buttons' }, yes, button({ class: 'button delivery-decide', id: 'delivery-acknowledge-cancel' }, t('delivery.acknowledge.cancel'), d.cancel)),
    );
  }
  return h(
    'div',
    { class: 'delivery-decision' },
    h('p', { class: 'delivery-explain' }, t('delivery.decide.lead')),
    h(
      'div',
      { class: 'delivery-decision-buttons' },
      button({ class: 'button button-primary delivery-decide', id: 'delivery-acknowledge' }, t('delivery.acknowledge'), d.acknowledge),
      button({ class: 'button delivery-decide', id: 'delivery-refuse' }, t('delivery.refuse'), d.refuse),
    ),
  );
}

function closedState(state: string): string {
  return ['acknowledged', 'refused', 'expired', 'paper'].includes(state) ? state : 'other';
}

export interface RefusalForm {
  reason: Reason | null;
  text: string;
  busy: boolean;
  choose(reason: Reason): void;
  typed(text: string): void;
  confirm(): void;
}

export function refusalForm(form: RefusalForm): Node[] {
  const reasons = h(
    'div',
    { class: 'refuse-reasons', role: 'group', 'aria-label': t('delivery.refuse.reasons') },
    ...REASONS.map((reason) =>
      button({ class: 'button refuse-reason', 'data-reason': reason, 'aria-pressed': String(form.reason === reason) }, t(`delivery.reason.${reason}`), () => form.choose(reason))),
  );
  const text = h('textarea', {
    id: 'refuse-text', class: 'refuse-text', maxlength: String(REFUSAL_TEXT_MAX), rows: '3',
    'aria-required': String(form.reason === 'other'),
  });
  text.value = form.text;
  text.addEventListener('input', () => form.typed(text.value));
  const confirm = button({ class: 'button button-primary delivery-decide', id: 'refuse-confirm' }, t('delivery.refuse.confirm'), form.confirm);
  confirm.setAttribute('aria-disabled', String(form.busy));
  return [
    h('p', { class: 'queue-lead' }, t('delivery.refuse.lead')),
    reasons,
    h('label', { class: 'refuse-text-label', for: 'refuse-text' }, t(form.reason === 'other' ? 'delivery.refuse.text_required' : 'delivery.refuse.text_optional')),
    text,
    confirm,
  ];
}

export interface Done {
  evidence: EvidenceView;
  printed: DeliveryPrinted | null;
  printProblem: Problem | null;
  printing: boolean;
  print(): void;
}

export function doneBody(done: Done): Node[] {
  const { evidence } = done;
  const countersigned = evidence.countersigned;
  const printNotice = h('p', { class: 'delivery-notice', id: 'print-notice', role: 'status' });
  if (done.printProblem) {
    printNotice.dataset.problem = problemCode(done.printProblem);
    printNotice.textContent = problemText(done.printProblem);
  } else if (done.printed) {
    printNotice.dataset.kind = 'done';
    printNotice.textContent = `${t('delivery.print.done', { count: String(done.printed.documents) })} ${t(done.printed.receipt_qr ? 'delivery.print.qr' : 'delivery.print.no_qr')}`;
  } else if (done.printing) {
    printNotice.textContent = t('delivery.print.busy');
  }
  const print = button({ class: 'button delivery-decide', id: 'delivery-print' }, t('delivery.print'), done.print);
  print.setAttribute('aria-disabled', String(done.printing));
  return [
    h(
      'div',
      { class: 'queue-card delivery-evidence', 'data-evidence': countersigned ? 'countersigned' : 'pending' },
      h('p', { class: 'delivery-evidence-title' }, t(evidence.event === 'refused' ? 'delivery.done.refused' : 'delivery.done.acknowledged')),
      h('p', {}, t(countersigned ? 'delivery.done.countersigned' : 'delivery.done.pending')),
    ),
    h('p', { class: 'queue-lead' }, t('delivery.print.lead')),
    print,
    printNotice,
  ];
}
