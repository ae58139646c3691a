// The state of the kiosk's intake screens and the moves between them: which screen shows, the draft
// as Rust last gave it, the calls to Rust with their busy state and refusals, and the frame every
// screen is drawn in. The screens themselves are in kiosk-intake.ts.
import type {
  CaseRef, DraftView, FilingAnswers, LockerDeposit, LockerDepositState, PartyCases, SavedDraftView, StatusView, SubmittedView, UsbListingView,
  VisitorView,
} from './bindings';
import { h } from './dom';
import { t } from './i18n';
import { call, toApiError } from './ipc';
import type { DeliveryHooks } from './kiosk-delivery';
import { button, notice, type LocalProblem, type Problem } from './kiosk-intake-view';

export type Step =
  | { screen: 'intake-resume' }
  | { screen: 'intake-case' }
  | { screen: 'intake-case-number'; typed: string }
  | { screen: 'intake-new-type' }
  | { screen: 'intake-question'; caseType: string; question: Question; answers: Partial<FilingAnswers>; typed: string }
  | { screen: 'intake-pages'; itemId: string }
  | { screen: 'intake-saved'; saved: SavedDraftView }
  | { screen: 'intake-resume-code'; typed: string }
  | { screen: 'intake-materials' }
  | { screen: 'intake-scan'; pages: number }
  | { screen: 'intake-usb'; listing: UsbListingView | null }
  | { screen: 'intake-confirm' }
  | { screen: 'intake-done'; submitted: SubmittedView; lockerCancelled?: boolean }
  | { screen: 'intake-locker-size'; submitted: SubmittedView }
  | {
    screen: 'intake-locker-deposit'; submitted: SubmittedView; size: string; compartment: number;
    state: LockerDepositState | null; cancelRefused: 'door_open' | 'not_empty' | null;
  }
  | { screen: 'intake-locker-done'; submitted: SubmittedView; deposit: LockerDeposit }
  | { screen: 'intake-status-entry'; typed: string }
  | { screen: 'intake-status'; status: StatusView };

/** The guided questions of a new filing, one a screen, in this order ("amount" only after "money": yes). */
export type Question = 'filer' | 'opponent' | 'subject' | 'money' | 'amount';

/** What the intake needs from the identity flow around it: the same as receiving documents. */
export type IntakeHooks = DeliveryHooks;

export const hooks: IntakeHooks = { redraw() {}, finish() {}, takeTicket() {}, identifyAgain() {} };

export const flow: {
  visitor: VisitorView | null;
  cases: PartyCases | null;
  casesFailed: boolean;
  draft: DraftView | null;
  step: Step | null;
  busy: boolean;
  problem: Problem | null;
  visit: number;
  // Bumped by every call to Rust: only the latest one's answer is shown.
  asked: number;
} = { visitor: null, cases: null, casesFailed: false, draft: null, step: null, busy: false, problem: null, visit: 0, asked: 0 };

/** Drops everything of the intake screens: the person, their cases, the draft as shown, the answers. */
export function leaveIntake(): void {
  flow.visitor = null;
  flow.cases = null;
  flow.casesFailed = false;
  flow.draft = null;
  flow.step = null;
  flow.busy = false;
  flow.problem = null;
  flow.visit += 1;
}

export function go(next: Step): void {
  flow.step = next;
  flow.problem = null;
  hooks.redraw();
  const fields: Partial<Record<Step['screen'], string>> = {
    'intake-case-number': 'intake-case-number',
    'intake-status-entry': 'intake-status-token',
    'intake-resume-code': 'intake-resume-code',
  };
  const field = next.screen === 'intake-question' && next.question === 'amount' ? 'intake-claim' : fields[next.screen] ?? 'intake-title';
  document.getElementById(field)?.focus();
}

/** Redraws the same screen and puts focus back where it was (a redraw replaces every element). */
export function redrawKeepingFocus(): void {
  const active = document.activeElement;
  const selector = active?.id ? `#${CSS.escape(active.id)}`
    : active instanceof HTMLElement ? [...active.attributes].filter((a) => a.name.startsWith('data-')).map((a) => `[${a.name}="${CSS.escape(a.value)}"]`).join('') : '';
  hooks.redraw();
  const again = selector ? document.querySelector<HTMLElement>(selector) : null;
  (again ?? document.getElementById('intake-title'))?.focus();
}

/**
 * Runs a call to Rust for this visit; the screen is busy until it answers. A refusal is shown on
 * the screen it was made from, which otherwise stays as it was; an answer after the visit ended,
 * or after a later call began, is dropped.
 */
export async function ask<T>(question: () => Promise<T>, answered: (answer: T) => void): Promise<void> {
  if (flow.busy) return;
  const visit = flow.visit;
  const mine = ++flow.asked;
  flow.busy = true;
  flow.problem = null;
  redrawKeepingFocus();
  const outcome = await question().then((answer) => ({ answer }), (reason: unknown) => ({ reason }));
  if (visit !== flow.visit || mine !== flow.asked) return;
  flow.busy = false;
  if ('answer' in outcome) {
    answered(outcome.answer);
    return;
  }
  flow.problem = { kind: 'refused', error: toApiError(outcome.reason) };
  redrawKeepingFocus();
}

export function refuse(kind: LocalProblem, focus: string): void {
  flow.problem = { kind };
  hooks.redraw();
  document.getElementById(focus)?.focus();
}

/** A new draft for `ref`, or one correcting the returned submission `replaces`. */
export function start(ref: CaseRef, replaces: string | null = null): void {
  void ask(() => call('intake_start', { case: ref, replaces }), (draft) => {
    flow.draft = draft;
    go({ screen: 'intake-materials' });
  });
}

/** Every change to the draft answers with the whole draft, shown in place. */
export function change(question: () => Promise<DraftView>, then?: () => void): void {
  void ask(question, (draft) => {
    flow.draft = draft;
    if (then) then();
    else redrawKeepingFocus();
  });
}

// ---- drawing ---------------------------------------------------------------------------------

const noticeActions = {
  identifyAgain: () => hooks.identifyAgain(),
  startAgain: () => go({ screen: 'intake-case' }),
};

function busyText(): string {
  const step = flow.step;
  if (!flow.busy) return '';
  if (step?.screen === 'intake-scan') return t('intake.scan.busy', { pages: String(step.pages) });
  if (step?.screen === 'intake-usb' && step.listing) return t('intake.usb.adding');
  if (step?.screen === 'intake-confirm') return t('intake.confirm.busy');
  if (step?.screen === 'intake-pages') return t('intake.pages.busy');
  if (step?.screen === 'intake-locker-size') return t('intake.locker.opening');
  return t('intake.busy');
}

/**
 * A one-line text field of a screen: what is typed is kept in `step` (so a redraw keeps it), and
 * Enter confirms as the screen's button does.
 */
export function entryField(step: { typed: string }, attrs: Record<string, string>, onConfirm: () => void): HTMLInputElement {
  const input = h('input', { type: 'text', class: 'intake-input', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'intake-notice', ...attrs });
  input.value = step.typed;
  input.addEventListener('input', () => {
    step.typed = input.value;
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    onConfirm();
  });
  return input;
}

export function backButton(onBack: () => void): HTMLButtonElement {
  return button({ class: 'button queue-secondary', id: 'intake-back' }, t('intake.back'), onBack);
}

/** A screen: its title, the notice, `body`, and `actions` followed by the way home (unless the screen has its own finish). */
export function frame(name: Step['screen'], title: string, body: Node[], actions: Node[], problem = flow.problem): HTMLElement {
  const home = name === 'intake-done' || name === 'intake-locker-done' ? [] : [button({ class: 'button queue-secondary', id: 'intake-home' }, t('intake.home'), () => hooks.finish())];
  const screen = h(
    'section',
    { class: 'queue-screen delivery-screen intake-screen', 'data-screen': name, 'aria-labelledby': 'intake-title', 'aria-busy': String(flow.busy) },
    h('h2', { class: 'queue-title', id: 'intake-title', tabindex: '-1' }, title),
    notice(problem, noticeActions),
    ...body,
    h('p', { class: 'intake-busy', id: 'intake-busy', role: 'status' }, busyText()),
    h('div', { class: 'queue-actions' }, ...actions, ...home),
  );
  // While Rust works, the screen's own choices wait (the ways back and home stay open).
  if (flow.busy) for (const el of screen.querySelectorAll('button:not(#intake-home, #intake-back, #intake-finish), select, input')) el.setAttribute('aria-disabled', 'true');
  return screen;
}

