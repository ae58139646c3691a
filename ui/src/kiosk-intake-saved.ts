// Leaving materials to finish at a later visit: "Save and finish later" takes the draft out of the
// visit in Rust, which answers with an 8-digit resume code, shown here and printed on a slip. At a
// later visit the same person, identified again, types the code to carry on where they left off.
import type { SavedDraftView } from './bindings';
import { h } from './dom';
import { t } from './i18n';
import { call } from './ipc';
import { ask, backButton, entryField, flow, frame, go, hooks, refuse, type Step } from './kiosk-intake-flow';
import { button, given } from './kiosk-intake-view';

const CODE_DIGITS = 8;

/** Saves the draft for later. */
export function saveForLater(): void {
  void ask(() => call('intake_save_draft', {}), (saved) => {
    flow.draft = null;
    go({ screen: 'intake-saved', saved });
  });
}

/** `48213907` as `4821 3907`, as the slip prints it. */
export function groupedCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function printLine(saved: SavedDraftView): HTMLElement {
  const key = saved.printed ? 'intake.saved.printed' : saved.print_error === 'no_printer' ? 'intake.saved.no_printer' : 'intake.saved.print_failed';
  return h('p', { class: 'intake-notice', 'data-kind': saved.printed ? 'done' : 'print', role: 'status' }, t(key));
}

export function savedScreen(saved: SavedDraftView): HTMLElement {
  return frame('intake-saved', t('intake.saved.title'), [
    h(
      'div',
      { class: 'queue-card intake-done-card' },
      h('p', { class: 'intake-status-label', id: 'intake-saved-code-label' }, t('intake.saved.code')),
      given(groupedCode(saved.code), { class: 'intake-number intake-resume-code', id: 'intake-saved-code', 'aria-describedby': 'intake-saved-code-label' }),
      h('p', { class: 'intake-hint', id: 'intake-saved-until' }, t('intake.saved.until', { day: saved.kept_until_day })),
    ),
    printLine(saved),
    h('p', { class: 'queue-lead' }, t('intake.saved.next')),
  ], [button({ class: 'button button-primary', id: 'intake-finish' }, t('intake.done.finish'), () => hooks.finish())]);
}

function resume(step: Extract<Step, { screen: 'intake-resume-code' }>): void {
  const digits = step.typed.replace(/\s/g, '');
  if (!new RegExp(`^[0-9]{${CODE_DIGITS}}$`).test(digits)) {
    refuse('resume_code_shape', 'intake-resume-code');
    return;
  }
  void ask(() => call('intake_resume_draft', { code: digits }), (draft) => {
    flow.draft = draft;
    go({ screen: 'intake-materials' });
  });
}

export function resumeCodeScreen(step: Extract<Step, { screen: 'intake-resume-code' }>): HTMLElement {
  const input = entryField(step, { id: 'intake-resume-code', inputmode: 'numeric', maxlength: String(CODE_DIGITS + 2) }, () => resume(step));
  return frame('intake-resume-code', t('intake.resume_code.title'), [
    h('p', { class: 'queue-lead' }, t('intake.resume_code.lead')),
    h('label', { class: 'intake-input-label', for: 'intake-resume-code' }, t('intake.resume_code.label')),
    input,
    button({ class: 'button button-primary intake-confirm', id: 'intake-resume-code-confirm' }, t('intake.resume_code.confirm'), () => resume(step)),
  ], [backButton(() => go({ screen: 'intake-case' }))]);
}
