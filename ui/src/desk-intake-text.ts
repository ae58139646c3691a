// The words of the desk's review panel: the codes Rust sends (material types, case types, return
// reasons, departments, states) as the clerk reads them, counts, times, and each refusal as a
// sentence that says what to do next.
import type { ApiError, CaseRef, Decision, ErrorCode } from './bindings';
import type { Child } from './dom';
import { getLocale, t, type MessageKey } from './i18n';
import { courtText } from './kiosk-delivery-view';
import { errorText } from './remember';
import { siteFormat } from './site-time';

export const MATERIAL_TYPES = ['complaint', 'defence', 'evidence', 'id_copy', 'power_of_attorney', 'application', 'other'] as const;
const CASE_TYPES = ['civil', 'commercial', 'administrative', 'enforcement', 'criminal_private'] as const;
export const RETURN_REASONS = ['incomplete', 'illegible', 'wrong_case', 'missing_signature', 'wrong_material_type', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
/** The trial departments a submission is commonly forwarded to; the code is what is recorded. */
export const DEPARTMENTS = ['civil_1', 'civil_2', 'commercial', 'administrative', 'enforcement', 'criminal'] as const;
const STATES = ['awaiting_review', 'accepted', 'returned', 'forwarded', 'replaced'] as const;
/** Longest explanation of a return the terminal takes. */
export const RETURN_TEXT_MAX = 500;

type DecisionKind = Decision['decision'];

/** What the panel says after a decision: done, or refused. */
export type Message =
  | { kind: 'done'; number: string; decision: Decision }
  | { kind: 'error'; error: ApiError; decision: DecisionKind | null };

function known<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** A code this version does not know reads as "other". */
export function materialName(code: string): string {
  return t(`desk.intake.material.${known(MATERIAL_TYPES, code) ? code : 'other'}`);
}

export function reasonName(code: string): string {
  return t(`desk.intake.reason.${known(RETURN_REASONS, code) ? code : 'other'}`);
}

export function stateName(status: string): string {
  return known(STATES, status) ? t(`desk.intake.status.${status}`) : status;
}

/** A department's name in the clerk's language, for the codes of [`DEPARTMENTS`]. */
export function departmentLabel(code: string): string | null {
  return known(DEPARTMENTS, code) ? t(`desk.intake.department.${code}`) : null;
}

/** A department named by its code; free text recorded elsewhere is shown as it was typed. */
export function departmentName(department: string): string | HTMLElement {
  return departmentLabel(department) ?? courtText(department);
}

/** "(2026)京0105民初1234号", or "new filing: civil". */
export function caseText(ref: CaseRef): Child {
  if (ref.kind === 'existing') return courtText(ref.case_number);
  const type = t(`desk.intake.case_type.${known(CASE_TYPES, ref.case_type) ? ref.case_type : 'other'}`);
  return t('desk.intake.new_filing', { type });
}

/**
 * What the litigant answered when starting a new filing at the kiosk, as label and value pairs for
 * the clerk (the kiosk's own words for each answer); empty for an existing case or no answers.
 */
export function filingAnswers(ref: CaseRef): [string, string][] {
  if (ref.kind !== 'new_filing' || !ref.answers) return [];
  const { filer, opponent, subject, claim_yuan: claim } = ref.answers;
  const pick = (prefix: string, value: string, values: readonly string[]): string =>
    values.includes(value) ? t(`${prefix}.${value}` as MessageKey) : value;
  return [
    [t('desk.intake.answers.filer'), pick('intake.question.filer', filer, ['self', 'agent'])],
    [t('desk.intake.answers.opponent'), pick('intake.question.opponent', opponent, ['person', 'organisation', 'government'])],
    [t('desk.intake.answers.subject'), pick('intake.subject', subject, SUBJECT_CODES)],
    [t('desk.intake.answers.claim'), claim === null ? t('desk.intake.answers.no_claim')
      : t('desk.intake.answers.yuan', { amount: new Intl.NumberFormat(getLocale()).format(claim) })],
  ];
}

const SUBJECT_CODES = [
  'loan', 'contract', 'labour', 'family', 'traffic_accident', 'property', 'sale', 'finance', 'company', 'penalty', 'permit', 'compensation',
  'judgment', 'mediation', 'arbitral_award', 'insult', 'minor_injury', 'other',
];

/** "3 items", "1 item": English counts one apart; Chinese has one form. */
export function counted(what: 'items' | 'pages', count: number): string {
  const key: MessageKey = count === 1 ? `desk.intake.${what}_one` : `desk.intake.${what}`;
  return t(key, { count: String(count) });
}

export function dateTime(ms: number): string {
  return siteFormat(ms, { dateStyle: 'medium', timeStyle: 'short' });
}

/** What went wrong, in words the clerk can act on; `decision` is the decision that was refused, if any. */
export function refusalText(error: ApiError, decision: DecisionKind | null = null): string {
  const code: ErrorCode = error.code;
  switch (code) {
    case 'not_permitted':
      return t(`desk.intake.error.not_permitted.${decision ?? 'review'}`);
    case 'illegal_action':
      return error.detail === 'already_decided' ? t('desk.intake.error.already_decided') : errorText(error);
    case 'bad_input':
      if (error.detail === 'text' || error.detail === 'department' || error.detail === 'reason_code') {
        return t(`desk.intake.error.bad_input.${error.detail}`);
      }
      return errorText(error);
    case 'no_such_submission':
    case 'item_not_uploaded':
    case 'server_unreachable':
      return t(`desk.intake.error.${code}`);
    default:
      return errorText(error);
  }
}

export function messageText(message: Message): string {
  if (message.kind === 'error') return refusalText(message.error, message.decision);
  const { number, decision } = message;
  if (decision.decision === 'return') return t('desk.intake.done.return', { number, reason: reasonName(decision.reason_code) });
  if (decision.decision === 'forward') {
    return t('desk.intake.done.forward', { number, department: departmentLabel(decision.department) ?? decision.department });
  }
  return t('desk.intake.done.accept', { number });
}
