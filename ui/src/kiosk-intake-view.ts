// The kiosk's intake screens drawn from what the flow holds: what went wrong and what to do, the
// draft's items with their material types, the USB stick's files, the filed submission and its
// status. The flow (kiosk-intake.ts) owns the state and the calls to Rust; these functions only
// draw and hand taps back.
import type {
  ApiError, CaseRef, DraftItemView, DraftView, ItemBody, SubmissionView, SubmittedView, UsbEntryView, UsbListingView,
} from './bindings';
import { h, type Child } from './dom';
import { getLocale, t, type MessageKey } from './i18n';
import { errorText } from './remember';

export const CASE_TYPES = ['civil', 'commercial', 'administrative', 'enforcement', 'criminal_private'] as const;
const MATERIALS = ['complaint', 'defence', 'evidence', 'id_copy', 'power_of_attorney', 'application', 'other'] as const;
const RETURN_REASONS = ['incomplete', 'illegible', 'wrong_case', 'missing_signature', 'wrong_material_type', 'other'] as const;
const STATUSES = ['awaiting_review', 'accepted', 'returned', 'forwarded', 'replaced'] as const;

/** Problems found here before anything is sent, and the case list that could not be read. */
export type LocalProblem = 'case_number_empty' | 'case_number_too_long' | 'token_empty' | 'cases_unavailable' | 'resume_code_shape' | 'claim_empty' | 'claim_shape' | 'thumbnails_failed';
export type Problem = { kind: 'refused'; error: ApiError } | { kind: LocalProblem };

/**
 * The details Rust gives with these codes that have a sentence of their own (what to do next); any
 * other detail falls back to the code's general sentence.
 */
const DETAILS: Readonly<Record<string, readonly string[]>> = {
  intake_refused: [
    'empty_file', 'too_large', 'submission_too_large', 'unsupported_type', 'pdf_truncated', 'pdf_malformed', 'pdf_encrypted',
    'pdf_active_content', 'pdf_uninspectable', 'too_many_pages', 'image_truncated', 'image_malformed', 'too_many_pixels',
  ],
  scanner_unavailable: [
    'no_scanner', 'jammed', 'cover_open', 'no_paper', 'scanner_busy', 'scan_timed_out', 'scan_failed', 'no_pages', 'page_unsupported',
  ],
  camera_unavailable: ['no_camera', 'camera_busy', 'camera_timed_out', 'camera_failed'],
  usb_unavailable: ['usb_unavailable', 'usb_entry_unknown', 'usb_entry_refused', 'usb_file_gone', 'usb_file_changed', 'usb_read_failed'],
  illegal_action: ['not_identified', 'no_draft', 'not_returned'],
  bad_input: [
    'case_number', 'case_type', 'pages', 'material', 'item_id', 'entry_id', 'duplicate_unresolved', 'no_items', 'material_missing', 'page', 'not_scanned',
    'resume_code', 'filer', 'opponent', 'subject', 'claim_yuan',
  ],
};

export function problemText(problem: Problem): string {
  if (problem.kind !== 'refused') return t(`intake.problem.${problem.kind}`);
  const { code, detail } = problem.error;
  if (detail && DETAILS[code]?.includes(detail)) return t(`intake.problem.${code}.${detail}` as MessageKey);
  return errorText(problem.error);
}

export function button(attrs: Record<string, string>, label: string, onClick: () => void): HTMLButtonElement {
  const el = h('button', { type: 'button', ...attrs }, label);
  el.addEventListener('click', onClick);
  return el;
}

export interface NoticeActions {
  identifyAgain(): void;
  startAgain(): void;
}

/** The alert under a screen's title: empty, or what went wrong and what to do. */
export function notice(problem: Problem | null, on: NoticeActions): HTMLElement {
  const el = h('div', { class: 'delivery-notice intake-notice', id: 'intake-notice', role: 'alert' });
  if (!problem) return el;
  el.dataset.problem = problem.kind === 'refused' ? problem.error.code : problem.kind;
  el.append(h('p', {}, problemText(problem)));
  const detail = problem.kind === 'refused' ? problem.error.detail : undefined;
  if (detail === 'not_identified') {
    el.append(button({ class: 'button button-primary', id: 'intake-identify-again' }, t('intake.identify_again'), on.identifyAgain));
  } else if (detail === 'no_draft') {
    el.append(button({ class: 'button button-primary', id: 'intake-start-again' }, t('intake.start_again'), on.startAgain));
  }
  return el;
}

const HAN = /[\u3400-\u9fff]/;

/**
 * Text that is no message of ours (case numbers, file and folder names, a clerk's words) is marked
 * as what it is written in, so a screen reader reads it right whatever language the screen speaks.
 */
export function given(text: string, attrs: Record<string, string> = {}, tag: 'span' | 'h3' = 'span'): HTMLElement {
  return h(tag, { ...attrs, 'data-court-text': '', lang: HAN.test(text) ? 'zh-CN' : 'en', translate: 'no' }, text);
}

/** A message whose placeholder `name` is given text (its other placeholders filled from `params`). */
export function withGiven(key: MessageKey, name: string, value: string, attrs: Record<string, string> = {}, params: Record<string, string> = {}): Child[] {
  const [before, after] = t(key, { ...params, [name]: '\u0000' }).split('\u0000');
  return [before, given(value, attrs), after];
}

function named(prefix: string, value: string, known: readonly string[]): string {
  return t(`${prefix}.${known.includes(value) ? value : 'other'}` as MessageKey);
}

export function materialName(material: string): string {
  return named('intake.material', material, MATERIALS);
}

export function roleName(role: string): string {
  return named('intake.role', role, ['plaintiff', 'defendant', 'third_party', 'applicant', 'respondent']);
}

export function caseTypeName(caseType: string): string {
  return named('intake.case_type', caseType, CASE_TYPES);
}

/** The subjects a case type offers, as Rust's `subjects` lists them; the last is always "other". */
export const SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  civil: ['loan', 'contract', 'labour', 'family', 'traffic_accident', 'property', 'other'],
  commercial: ['sale', 'finance', 'company', 'other'],
  administrative: ['penalty', 'permit', 'compensation', 'other'],
  enforcement: ['judgment', 'mediation', 'arbitral_award', 'other'],
  criminal_private: ['insult', 'minor_injury', 'other'],
};
/** A subject's words for a case type: its own, or "other". */
export function subjectName(caseType: string, subject: string): string {
  const known = SUBJECTS[caseType] ?? [];
  return t(`intake.subject.${known.includes(subject) && subject !== 'other' ? subject : 'other'}` as MessageKey);
}

/** A sum in yuan as the reader's language groups digits. */
export function yuanText(yuan: number): string {
  return t('intake.claim_amount', { amount: new Intl.NumberFormat(getLocale()).format(yuan) });
}

/** Which case the submission is for, in a sentence (a new filing with what it is about, if said). */
export function caseLine(ref: CaseRef): HTMLElement {
  if (ref.kind === 'existing') return h('p', { class: 'intake-case-line' }, ...withGiven('intake.case.existing', 'case', ref.case_number));
  const parts = [t('intake.case.new_filing', { type: caseTypeName(ref.case_type) })];
  if (ref.answers) parts.push(subjectName(ref.case_type, ref.answers.subject));
  if (typeof ref.answers?.claim_yuan === 'number') parts.push(yuanText(ref.answers.claim_yuan));
  return h('p', { class: 'intake-case-line' }, parts.join(' · '));
}

/** A size as people read it on a stick or a disk. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const SCAN_NAME = /^scan-(\d+)\.pdf$/;
const PHOTO_NAME = /^photo-(\d+)\.jpg$/;

/** Whether the kiosk's camera took this item (it names photos photo-N.jpg). */
export function isPhoto(item: DraftItemView): boolean {
  return PHOTO_NAME.test(item.display_name) && item.media_type === 'image/jpeg';
}

/**
 * Scans and photos are named by the kiosk (scan-N.pdf, photo-N.jpg): shown as "scanned pages N"
 * and "photo N" in the reader's language.
 */
function itemName(name: string, attrs: Record<string, string>): HTMLElement {
  const scan = SCAN_NAME.exec(name);
  if (scan) return h('h3', attrs, t('intake.item.scan_name', { n: scan[1] ?? '' }));
  const photo = PHOTO_NAME.exec(name);
  if (photo) return h('h3', attrs, t('intake.item.photo_name', { n: photo[1] ?? '' }));
  return given(name, attrs, 'h3');
}

export interface ItemActions {
  material(itemId: string, material: string): void;
  remove(itemId: string): void;
  duplicate(itemId: string, keep: boolean): void;
  pages(itemId: string): void;
}

function materialChooser(item: DraftItemView, types: readonly string[], on: ItemActions, labelId: string): HTMLElement {
  const id = `intake-material-${item.item_id}`;
  const select = h(
    'select',
    { class: 'intake-material', id, 'data-material-for': item.item_id, 'aria-describedby': labelId },
    h('option', { value: '', disabled: true }, t('intake.item.material_choose')),
    ...types.map((type) => h('option', { value: type }, materialName(type))),
  );
  select.value = item.material ?? '';
  select.addEventListener('change', () => {
    if (select.value) on.material(item.item_id, select.value);
  });
  return h('div', { class: 'intake-material-field' }, h('label', { class: 'intake-material-label', for: id }, t('intake.item.material')), select);
}

function duplicateChoice(item: DraftItemView, on: ItemActions): HTMLElement {
  const explain = item.duplicate === 'this_submission' ? 'intake.item.duplicate.this_submission' : 'intake.item.duplicate.earlier_submission';
  return h(
    'div',
    { class: 'intake-duplicate', role: 'group', 'aria-label': t('intake.item.duplicate.label') },
    h('p', { class: 'intake-duplicate-text' }, t(explain)),
    h(
      'div',
      { class: 'intake-buttons' },
      button({ class: 'button', 'data-keep-duplicate': item.item_id }, t('intake.item.duplicate.keep'), () => on.duplicate(item.item_id, true)),
      button({ class: 'button', 'data-drop-duplicate': item.item_id }, t('intake.item.duplicate.drop'), () => on.duplicate(item.item_id, false)),
    ),
  );
}

function itemCard(item: DraftItemView, types: readonly string[], on: ItemActions): HTMLElement {
  const titleId = `intake-item-${item.item_id}-title`;
  return h(
    'article',
    {
      class: 'intake-item', 'data-item-id': item.item_id, 'data-material': item.material ?? '', 'data-duplicate': item.duplicate ?? '',
      'aria-labelledby': titleId,
    },
    h(
      'div',
      { class: 'intake-item-text' },
      itemName(item.display_name, { class: 'intake-item-name', id: titleId }),
      h('p', { class: 'intake-item-facts' }, t('intake.item.facts', { pages: String(item.pages), size: sizeText(item.size), hash: item.short_hash })),
      item.duplicate && duplicateChoice(item, on),
    ),
    h(
      'div',
      { class: 'intake-item-side' },
      materialChooser(item, types, on, titleId),
      button({ class: 'button intake-view-pages', 'data-view-pages': item.item_id, 'aria-describedby': titleId }, t(item.rescannable ? 'intake.item.pages_rescan' : 'intake.item.pages'), () => on.pages(item.item_id)),
      button({ class: 'button intake-remove', 'data-remove-item': item.item_id, 'aria-describedby': titleId }, t('intake.item.remove'), () => on.remove(item.item_id)),
    ),
  );
}

/** Why the draft cannot be submitted yet, or null when it can. */
export function notReady(draft: DraftView): MessageKey | null {
  if (draft.items.length === 0) return 'intake.materials.need_items';
  if (draft.items.some((i) => i.duplicate)) return 'intake.materials.need_duplicate';
  if (draft.items.some((i) => !i.material)) return 'intake.materials.need_material';
  return draft.ready ? null : 'intake.materials.need_material';
}

export function itemList(draft: DraftView, on: ItemActions): HTMLElement {
  if (draft.items.length === 0) return h('p', { class: 'queue-card intake-empty', 'data-empty': '' }, t('intake.materials.empty'));
  return h('ul', { class: 'intake-items' }, ...draft.items.map((item) => h('li', {}, itemCard(item, draft.material_types, on))));
}

export function usbList(listing: UsbListingView | null, add: (entry: UsbEntryView) => void): Node[] {
  if (!listing) return [];
  const truncated = listing.truncated && h('p', { class: 'intake-hint', id: 'intake-usb-truncated' }, t('intake.usb.truncated'));
  if (listing.entries.length === 0) return [h('p', { class: 'queue-card intake-empty', 'data-empty': '' }, t('intake.usb.empty'))];
  const entry = (e: UsbEntryView): HTMLElement => {
    const el = h(
      'button',
      { type: 'button', class: 'button intake-usb-entry', 'data-usb-entry': String(e.id), 'data-looks-supported': String(e.looks_supported) },
      given(e.name, { class: 'intake-usb-name' }),
      h(
        'span',
        { class: 'intake-usb-facts' },
        ...(e.folder
          ? withGiven('intake.usb.folder', 'folder', e.folder, {}, { size: sizeText(e.size) })
          : [t('intake.usb.root', { size: sizeText(e.size) })]),
      ),
      !e.looks_supported && h('span', { class: 'intake-usb-hint' }, t('intake.usb.not_supported')),
    );
    el.addEventListener('click', () => add(e));
    return el;
  };
  return [h('ul', { class: 'intake-usb-list' }, ...listing.entries.map((e) => h('li', {}, entry(e)))), ...(truncated ? [truncated] : [])];
}

/** The draft's, the filed or a submission's items: what each is and how many pages, with its short hash. */
export function filedItems(items: readonly (ItemBody | DraftItemView)[], id?: string): HTMLElement {
  return h(
    'ul',
    { class: 'intake-filed', ...(id ? { id } : {}) },
    ...items.map((item) => h(
      'li',
      { 'data-item-id': item.item_id },
      h('span', { class: 'intake-filed-material' }, materialName(item.material ?? 'other')),
      ' ',
      h('span', { class: 'intake-filed-facts' }, t('intake.filed.facts', {
        pages: String(item.pages), hash: 'sha256' in item ? item.sha256.slice(0, 8) : item.short_hash,
      })),
    )),
  );
}

export function pageCount(items: readonly { pages: number }[]): number {
  return items.reduce((sum, item) => sum + item.pages, 0);
}

/** Whether the receipt printed, and if not, what to do without it. */
export function printNotice(submitted: SubmittedView): HTMLElement {
  const el = h('p', { class: 'delivery-notice intake-notice', id: 'intake-print-notice', role: 'status' });
  if (submitted.printed) {
    el.dataset.kind = 'done';
    el.textContent = t('intake.done.printed');
  } else {
    el.dataset.problem = submitted.print_error ?? 'print_failed';
    el.textContent = t(submitted.print_error === 'no_printer' ? 'intake.done.no_printer' : 'intake.done.print_failed', { number: submitted.number });
  }
  return el;
}

/** Where a submission stands, with the clerk's decision and what to do next. */
export function statusBody(submission: SubmissionView): Node[] {
  const status = (STATUSES as readonly string[]).includes(submission.status) ? submission.status : 'awaiting_review';
  const decision = submission.decision?.decision;
  const parts: Node[] = [
    h(
      'div',
      { class: 'queue-card intake-status-card' },
      h('p', { class: 'intake-status-label' }, t('intake.status.number')),
      given(submission.number, { class: 'intake-number', id: 'intake-status-number' }),
      caseLine(submission.case),
      h('p', { class: 'intake-status-state', id: 'intake-status-state', 'data-status': status }, t(`intake.status.${status}`)),
      h('p', { class: 'intake-status-next' }, t(`intake.status.${status}.next`)),
    ),
  ];
  const card = parts[0] as HTMLElement;
  if (decision?.decision === 'return') {
    card.append(
      h('p', { class: 'intake-status-reason', id: 'intake-status-reason', 'data-reason': decision.reason_code }, named('intake.return_reason', decision.reason_code, RETURN_REASONS)),
    );
    if (decision.text.trim()) {
      card.append(h('p', { class: 'intake-status-text' }, ...withGiven('intake.status.clerk_text', 'text', decision.text, { id: 'intake-status-text' })));
    }
  } else if (decision?.decision === 'forward') {
    card.append(h('p', { class: 'intake-status-department' }, ...withGiven('intake.status.department', 'department', decision.department, { id: 'intake-status-department' })));
  }
  if (submission.status === 'replaced' && submission.replaced_by_number) {
    card.append(h('p', { class: 'intake-status-replaced' }, t('intake.status.replaced_by', { number: submission.replaced_by_number })));
  }
  parts.push(filedItems(submission.items, 'intake-status-items'));
  return parts;
}
