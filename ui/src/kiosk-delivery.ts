// Receiving court documents at the kiosk, once the person is identified: what is waiting for them,
// each document read page by page, and their decision (acknowledge or refuse) recorded by Rust as
// signed evidence, then printed if they wish. Everything shown lives in this module's state, the
// open PDF and the drawn screen, all dropped by `leaveDelivery` when the visit ends.
import type { DeliveryEvent, DeliveryPrinted, DeliveryView, EvidenceView, VisitorDeliveries, VisitorView } from './bindings';
import { h } from './dom';
import { t } from './i18n';
import { call, toApiError } from './ipc';
import {
  REFUSAL_TEXT_MAX, button, courtText, decisionArea, documentTabs, doneBody, listBody, notice, openable, pageText, refusalForm,
  undecided, viewerControls, who, withCourtText, type Problem, type Reason,
} from './kiosk-delivery-view';
import { ZOOMS, clearPaintMarks, closePdf, openPdf, paintPage } from './pdf-viewer';
import './styles/kiosk-delivery.css';

type Step =
  | { screen: 'delivery-list' }
  | { screen: 'delivery-viewer'; id: string; sha256: string; page: number; pages: number; zoom: number; confirming: boolean }
  | { screen: 'delivery-refuse'; id: string; reason: Reason | null; text: string }
  | { screen: 'delivery-done'; id: string; evidence: EvidenceView; printed: DeliveryPrinted | null; printProblem: Problem | null; printing: boolean };

type Viewer = Extract<Step, { screen: 'delivery-viewer' }>;

export interface DeliveryHooks {
  redraw(): void;
  finish(): void;
  /** Forgets the person and takes a ticket for a window. */
  takeTicket(): void;
  /** Starts the identity check again (Rust no longer knows who is here). */
  identifyAgain(): void;
}

const flow: {
  visitor: VisitorView | null;
  list: VisitorDeliveries | null;
  step: Step | null;
  busy: boolean;
  problem: Problem | null;
  // Deliveries whose `opened` evidence was sent in this visit.
  opened: Set<string>;
  visit: number;
  // Bumped by every call to Rust: only the latest one's answer is shown.
  asked: number;
} = { visitor: null, list: null, step: null, busy: false, problem: null, opened: new Set(), visit: 0, asked: 0 };

let hooks: DeliveryHooks = { redraw() {}, finish() {}, takeTicket() {}, identifyAgain() {} };

/** Drops everything of the delivery screens: the list, the open document and its canvas, the person. */
export function leaveDelivery(): void {
  closePdf();
  clearPaintMarks();
  flow.visitor = null;
  flow.list = null;
  flow.step = null;
  flow.busy = false;
  flow.problem = null;
  flow.opened = new Set();
  flow.visit += 1;
}

/** Shows what is waiting for `visitor`, who has just been identified. */
export function openDeliveries(visitor: VisitorView, with_: DeliveryHooks): void {
  leaveDelivery();
  hooks = with_;
  flow.visitor = visitor;
  void showList();
}

function go(next: Step): void {
  if (flow.step?.screen === 'delivery-viewer' && next.screen !== 'delivery-viewer') closePdf();
  flow.step = next;
  flow.problem = null;
  hooks.redraw();
  document.getElementById('delivery-title')?.focus();
}

function delivery(id: string): DeliveryView | undefined {
  return flow.list?.deliveries.find((d) => d.delivery_id === id);
}

/**
 * Runs a call to Rust for this visit; the screen is busy until it answers. A refusal is shown on
 * the screen it was made from (or handed to `refused`); an answer after the visit ended, or after
 * a later call began (the person moved on), is dropped.
 */
async function ask<T>(question: () => Promise<T>, answered: (answer: T) => void, refused?: (problem: Problem) => void): Promise<void> {
  const visit = flow.visit;
  const mine = ++flow.asked;
  const current = (): boolean => visit === flow.visit && mine === flow.asked;
  flow.busy = true;
  try {
    const answer = await question();
    if (!current()) return;
    flow.busy = false;
    answered(answer);
  } catch (reason) {
    if (!current()) return;
    flow.busy = false;
    const problem: Problem = { kind: 'refused', error: toApiError(reason) };
    if (refused) refused(problem);
    else flow.problem = problem;
    hooks.redraw();
  }
}

function showList(): Promise<void> {
  flow.list = null;
  go({ screen: 'delivery-list' });
  return ask(() => call('delivery_list', {}), (list) => {
    flow.list = list;
    hooks.redraw();
  });
}

// ---- the viewer ------------------------------------------------------------------------------

function openViewer(id: string): void {
  const found = delivery(id);
  const first = found?.documents.find((doc) => openable(doc, flow.list?.offline ?? false));
  if (!found || !first) return;
  go({ screen: 'delivery-viewer', id, sha256: first.sha256, page: 1, pages: 0, zoom: 1, confirming: false });
  void loadDocument();
}

function viewer(): Viewer | null {
  return flow.step?.screen === 'delivery-viewer' ? flow.step : null;
}

async function loadDocument(): Promise<void> {
  const step = viewer();
  if (!step) return;
  const { id, sha256 } = step;
  await ask(() => call('delivery_document', { deliveryId: id, sha256 }), async (bytes) => {
    try {
      step.pages = await openPdf(bytes);
    } catch {
      if (viewer() !== step || step.sha256 !== sha256) return;
      flow.problem = { kind: 'unreadable' };
      hooks.redraw();
      return;
    }
    if (viewer() !== step || step.sha256 !== sha256) return;
    await paint();
    const found = delivery(id);
    if (found && undecided(found) && !flow.opened.has(id)) void sendOpened(found);
  });
}

/** The first document shown of an undecided delivery is its `opened` evidence, once per visit. */
async function sendOpened(found: DeliveryView): Promise<void> {
  flow.opened.add(found.delivery_id);
  const visit = flow.visit;
  try {
    await call('delivery_event', { deliveryId: found.delivery_id, event: { event: 'opened' } });
  } catch (reason) {
    if (visit !== flow.visit) return;
    // The reading goes on; the next document shown sends it again.
    flow.opened.delete(found.delivery_id);
    const error = toApiError(reason);
    if (error.code === 'illegal_action' && error.detail === 'not_identified') {
      flow.problem = { kind: 'refused', error };
      hooks.redraw();
    }
  }
}

/** Brings the page count, the controls and the canvas up to date without redrawing the screen. */
async function paint(): Promise<void> {
  const step = viewer();
  const host = document.getElementById('viewer-canvas');
  const counter = document.getElementById('viewer-page');
  if (!step || !host || !counter) return;
  counter.textContent = pageText(step.page, step.pages);
  counter.dataset.page = String(step.page);
  counter.dataset.pages = String(step.pages);
  host.setAttribute('aria-label', pageText(step.page, step.pages));
  const enable = (id: string, on: boolean): void => {
    const el = document.getElementById(id);
    if (el instanceof HTMLButtonElement) el.disabled = !on;
  };
  const at = ZOOMS.indexOf(step.zoom);
  enable('viewer-prev', step.pages > 0 && step.page > 1);
  enable('viewer-next', step.page < step.pages);
  enable('viewer-zoom-out', step.pages > 0 && at > 0);
  enable('viewer-zoom-in', step.pages > 0 && at < ZOOMS.length - 1);
  enable('viewer-fit', step.pages > 0 && at > 0);
  if (step.pages === 0) return;
  try {
    await paintPage(host, step.page, step.zoom);
  } catch {
    if (viewer() !== step) return;
    flow.problem = { kind: 'unreadable' };
    hooks.redraw();
  }
}

function turn(by: number): void {
  const step = viewer();
  if (!step || step.pages === 0) return;
  step.page = Math.min(step.pages, Math.max(1, step.page + by));
  void paint();
}

function zoom(to: number): void {
  const step = viewer();
  if (!step || step.pages === 0) return;
  step.zoom = ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, to))] ?? 1;
  void paint();
}

function chooseDocument(sha256: string): void {
  const step = viewer();
  if (!step || step.sha256 === sha256) return;
  closePdf();
  Object.assign(step, { sha256, page: 1, pages: 0, zoom: 1 });
  flow.problem = null;
  hooks.redraw();
  void loadDocument();
}

// ---- deciding and printing -------------------------------------------------------------------

function decide(id: string, event: DeliveryEvent): Promise<void> {
  if (flow.busy) return Promise.resolve();
  // The list shows the new state once it is read again from Rust, on the way back to it.
  return ask(() => call('delivery_event', { deliveryId: id, event }), (evidence) => {
    go({ screen: 'delivery-done', id, evidence, printed: null, printProblem: null, printing: false });
  });
}

function confirmRefusal(): void {
  const step = flow.step;
  if (step?.screen !== 'delivery-refuse' || flow.busy) return;
  const text = step.text.trim();
  if (!step.reason || (step.reason === 'other' && text === '')) {
    flow.problem = { kind: step.reason ? 'need_text' : 'need_reason' };
    hooks.redraw();
    document.getElementById(step.reason ? 'refuse-text' : 'delivery-notice')?.focus();
    return;
  }
  void decide(step.id, { event: 'refused', reason: step.reason, text: text.slice(0, REFUSAL_TEXT_MAX) });
}

function print(step: Extract<Step, { screen: 'delivery-done' }>): void {
  if (flow.busy) return;
  step.printing = true;
  step.printProblem = null;
  step.printed = null;
  hooks.redraw();
  void ask(() => call('delivery_print', { deliveryId: step.id }), (printed) => {
    step.printing = false;
    step.printed = printed;
    hooks.redraw();
  }, (problem) => {
    step.printing = false;
    step.printProblem = problem;
  });
}

// ---- drawing ---------------------------------------------------------------------------------

function frame(name: Step['screen'], title: string | Node, body: Node[], actions: Node[]): HTMLElement {
  return h(
    'section',
    { class: 'queue-screen delivery-screen', 'data-screen': name, 'aria-labelledby': 'delivery-title', 'aria-busy': String(flow.busy) },
    h('h2', { class: 'queue-title', id: 'delivery-title', tabindex: '-1' }, title),
    notice(flow.problem, () => hooks.identifyAgain()),
    ...body,
    h('div', { class: 'queue-actions' }, ...actions),
  );
}

const backToList = (): HTMLButtonElement =>
  button({ class: 'button queue-secondary', id: 'delivery-back-list' }, t('delivery.back_list'), () => void showList());

function listScreen(): HTMLElement {
  const body = listBody(flow.list, openViewer, () => hooks.takeTicket());
  const actions = [button({ class: 'button queue-secondary', id: 'delivery-home' }, t('delivery.home'), () => hooks.finish())];
  if (!flow.list && flow.problem) {
    actions.unshift(button({ class: 'button button-primary', id: 'delivery-retry' }, t('delivery.retry'), () => void showList()));
  }
  return frame('delivery-list', t('delivery.list.title'), [...(flow.visitor ? [who(flow.visitor)] : []), ...body], actions);
}

function viewerScreen(step: Viewer, found: DeliveryView): HTMLElement {
  const offline = flow.list?.offline ?? false;
  const controls = {
    prev: () => turn(-1),
    next: () => turn(1),
    zoomIn: () => zoom(ZOOMS.indexOf(step.zoom) + 1),
    zoomOut: () => zoom(ZOOMS.indexOf(step.zoom) - 1),
    fit: () => zoom(0),
    document: chooseDocument,
  };
  const decision = decisionArea(found, {
    confirming: step.confirming,
    busy: flow.busy,
    acknowledge: () => {
      step.confirming = true;
      hooks.redraw();
      document.getElementById('delivery-acknowledge-confirm')?.focus();
    },
    confirm: () => void decide(step.id, { event: 'acknowledged' }),
    cancel: () => {
      step.confirming = false;
      hooks.redraw();
    },
    refuse: () => go({ screen: 'delivery-refuse', id: step.id, reason: null, text: '' }),
  });
  const screen = frame(
    'delivery-viewer',
    courtText(found.title),
    [
      h('p', { class: 'delivery-viewer-case' }, ...withCourtText('delivery.case', 'case', found.case_number)),
      ...documentTabs(found, step.sha256, offline, controls),
      h(
        'div',
        { class: 'viewer' },
        h('div', { class: 'viewer-canvas', id: 'viewer-canvas', role: 'img', tabindex: '0' }),
        h('div', { class: 'viewer-side' }, viewerControls(controls), decision),
      ),
    ],
    [backToList()],
  );
  // The page is painted into the new screen once it is in the document (or moved over if painted).
  queueMicrotask(() => void paint());
  return screen;
}

function refuseScreen(step: Extract<Step, { screen: 'delivery-refuse' }>): HTMLElement {
  const body = refusalForm({
    reason: step.reason,
    text: step.text,
    busy: flow.busy,
    choose: (reason) => {
      step.reason = reason;
      if (flow.problem?.kind === 'need_reason') flow.problem = null;
      hooks.redraw();
      document.querySelector<HTMLElement>(`[data-reason="${reason}"]`)?.focus();
    },
    typed: (text) => {
      step.text = text;
    },
    confirm: confirmRefusal,
  });
  const back = button({ class: 'button queue-secondary', id: 'refuse-back' }, t('delivery.refuse.back'), () => openViewer(step.id));
  return frame('delivery-refuse', t('delivery.refuse.title'), body, [back]);
}

function doneScreen(step: Extract<Step, { screen: 'delivery-done' }>): HTMLElement {
  const body = doneBody({ ...step, print: () => print(step) });
  return frame('delivery-done', t(step.evidence.event === 'refused' ? 'delivery.done.refused' : 'delivery.done.acknowledged'), body, [backToList()]);
}

export function deliveryScreen(): HTMLElement {
  const step = flow.step;
  const found = step && step.screen !== 'delivery-list' ? delivery(step.id) : undefined;
  switch (step?.screen) {
    case 'delivery-viewer':
      if (found) return viewerScreen(step, found);
      break;
    case 'delivery-refuse':
      return refuseScreen(step);
    case 'delivery-done':
      return doneScreen(step);
  }
  return listScreen();
}
