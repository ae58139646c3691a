// The guided questions of a new filing, one a screen in plain words: who files, who the other side
// is, what the case is about (per case type), whether money is asked for and how much. Each tap
// answers and moves on; Back goes to the question before. The answers go to Rust with the case
// type when the draft starts, and the clerk reads them at the desk.
import type { FilingAnswers } from './bindings';
import { h } from './dom';
import { t, type MessageKey } from './i18n';
import { backButton, entryField, frame, go, refuse, start, type Question, type Step } from './kiosk-intake-flow';
import { SUBJECTS, button, caseTypeName } from './kiosk-intake-view';

type QuestionStep = Extract<Step, { screen: 'intake-question' }>;

const FILERS = ['self', 'agent'] as const;
const OPPONENTS = ['person', 'organisation', 'government'] as const;
/** Whole yuan, up to 12 digits (Rust's MAX_CLAIM_YUAN). */
const CLAIM_DIGITS = 12;
const ORDER: readonly Question[] = ['filer', 'opponent', 'subject', 'money', 'amount'];

/** Starts the questions for a new filing of `caseType`. */
export function askFiling(caseType: string): void {
  go({ screen: 'intake-question', caseType, question: 'filer', answers: {}, typed: '' });
}

function next(step: QuestionStep, answers: Partial<FilingAnswers>, after: Question): void {
  const following = ORDER[ORDER.indexOf(after) + 1];
  if (after === 'amount' || (after === 'money' && answers.claim_yuan === null) || !following) {
    start({
      kind: 'new_filing',
      case_type: step.caseType,
      answers: {
        filer: answers.filer ?? 'self',
        opponent: answers.opponent ?? 'person',
        subject: answers.subject ?? 'other',
        claim_yuan: answers.claim_yuan ?? null,
      },
    });
    return;
  }
  go({ ...step, question: following, answers, typed: '' });
}

function back(step: QuestionStep): void {
  const before = ORDER[ORDER.indexOf(step.question) - 1];
  if (!before) go({ screen: 'intake-new-type' });
  else go({ ...step, question: before, typed: '' });
}

function choices(step: QuestionStep, question: Question, values: readonly string[], key: (v: string) => MessageKey, answer: (v: string) => Partial<FilingAnswers>): HTMLElement {
  const chosen = (step.answers as Record<string, unknown>)[question];
  return h('ul', { class: 'intake-answers' }, ...values.map((value) => h(
    'li',
    {},
    button(
      { class: 'button intake-answer', 'data-answer': value, 'aria-pressed': String(chosen === value) },
      t(key(value)),
      () => next(step, { ...step.answers, ...answer(value) }, question),
    ),
  )));
}

function confirmAmount(step: QuestionStep): void {
  const typed = step.typed.replace(/[\s,，]/g, '');
  if (typed === '') refuse('claim_empty', 'intake-claim');
  else if (!/^[0-9]+$/.test(typed) || typed.length > CLAIM_DIGITS || Number(typed) === 0) refuse('claim_shape', 'intake-claim');
  else next(step, { ...step.answers, claim_yuan: Number(typed) }, 'amount');
}

function amountField(step: QuestionStep): Node[] {
  const input = entryField(step, { id: 'intake-claim', inputmode: 'numeric', maxlength: String(CLAIM_DIGITS + 4) }, () => confirmAmount(step));
  return [
    h('label', { class: 'intake-input-label', for: 'intake-claim' }, t('intake.question.amount.label')),
    h('div', { class: 'intake-claim-row' }, input, h('span', { class: 'intake-claim-unit', 'aria-hidden': 'true' }, t('intake.question.amount.unit'))),
    button({ class: 'button button-primary intake-confirm', id: 'intake-claim-confirm' }, t('intake.question.amount.confirm'), () => confirmAmount(step)),
  ];
}

export function questionScreen(step: QuestionStep): HTMLElement {
  const { question } = step;
  let body: Node[];
  switch (question) {
    case 'filer':
      body = [choices(step, question, FILERS, (v) => `intake.question.filer.${v}` as MessageKey, (v) => ({ filer: v }))];
      break;
    case 'opponent':
      body = [choices(step, question, OPPONENTS, (v) => `intake.question.opponent.${v}` as MessageKey, (v) => ({ opponent: v }))];
      break;
    case 'subject':
      body = [choices(step, question, SUBJECTS[step.caseType] ?? ['other'], (v) => `intake.subject.${v}` as MessageKey, (v) => ({ subject: v }))];
      break;
    case 'money': {
      const asked = step.answers.claim_yuan;
      const yes = button({ class: 'button intake-answer', 'data-answer': 'yes', 'aria-pressed': String(typeof asked === 'number') }, t('intake.question.money.yes'), () =>
        go({ ...step, question: 'amount', answers: { ...step.answers }, typed: typeof asked === 'number' ? String(asked) : '' }));
      const no = button({ class: 'button intake-answer', 'data-answer': 'no', 'aria-pressed': String(asked === null) }, t('intake.question.money.no'), () =>
        next(step, { ...step.answers, claim_yuan: null }, 'money'));
      body = [h('ul', { class: 'intake-answers' }, h('li', {}, yes), h('li', {}, no))];
      break;
    }
    case 'amount':
      body = amountField(step);
      break;
  }
  const number = ORDER.indexOf(question) + 1;
  return frame('intake-question', t(`intake.question.${question}.title` as MessageKey), [
    h('p', { class: 'intake-case-line' }, t('intake.case.new_filing', { type: caseTypeName(step.caseType) })),
    h('p', { class: 'intake-question-count', id: 'intake-question-count', 'data-question': question }, t('intake.question.count', { n: String(Math.min(number, 4)), of: '4' })),
    h('p', { class: 'queue-lead' }, t(`intake.question.${question}.lead` as MessageKey)),
    ...body,
  ], [backButton(() => back(step))]);
}
