// Who works at this desk: the sign-in form, the signed-in clerk in the top bar, sign-out by hand
// and after a quiet spell. Rust decides (roles, lockout, the offline verifier); this screen asks and
// shows the answer.
import type { ApiError, StaffView } from './bindings';
import { h } from './dom';
import { t, type MessageKey } from './i18n';
import { call, toApiError } from './ipc';
import { errorText } from './remember';

/** Why the sign-in screen is showing, when it was not the clerk's own choice. */
export type SignedOutReason = 'idle' | 'expired';

const ROLES: Readonly<Record<string, MessageKey>> = {
  clerk: 'staff.role.clerk',
  supervisor: 'staff.role.supervisor',
  administrator: 'staff.role.administrator',
};

const session: {
  who: StaffView | null;
  reason: SignedOutReason | null;
  idleMinutes: number;
  refusal: ApiError | null;
  busy: boolean;
} = { who: null, reason: null, idleMinutes: 0, refusal: null, busy: false };

// The fields outlive repaints and language switches; the password never outlives an attempt.
const username = h('input', {
  id: 'sign-in-username', class: 'sign-in-input', type: 'text', autocomplete: 'username', spellcheck: 'false',
  autocapitalize: 'none', maxlength: '64', 'aria-describedby': 'sign-in-username-error',
});
const password = h('input', {
  id: 'sign-in-password', class: 'sign-in-input', type: 'password', autocomplete: 'off', maxlength: '256',
  'aria-describedby': 'sign-in-password-error',
});

let changed: () => void = () => {};
let idleTimer = 0;

export function signedIn(): StaffView | null {
  return session.who;
}

/** Why nobody is signed in, when it was not the clerk's own choice; null while signed in. */
export function signedOutReason(): SignedOutReason | null {
  return session.who ? null : session.reason;
}

/** Restarts the quiet-spell clock; called on every key press and pointer press while signed in. */
function touch(): void {
  window.clearTimeout(idleTimer);
  if (!session.who) return;
  idleTimer = window.setTimeout(() => void signOut('idle'), session.who.idle_minutes * 60_000);
}

function forget(reason: SignedOutReason | null): void {
  if (session.who) session.idleMinutes = session.who.idle_minutes;
  session.who = null;
  session.reason = reason;
  session.refusal = null;
  password.value = '';
  window.clearTimeout(idleTimer);
}

/** Signs out at Rust and shows the sign-in screen; `reason` says why when the clerk did not ask. */
export async function signOut(reason: SignedOutReason | null = null): Promise<void> {
  forget(reason);
  // The desk forgets the clerk even if Rust cannot be told: its own idle limit signs them out there.
  await call('staff_sign_out', {}).catch(() => undefined);
  changed();
}

/** A command answered `sign_in_required`: the session ended in Rust (its idle limit, a restart). */
export function sessionEnded(): void {
  if (!session.who) return;
  forget('expired');
  changed();
}

/** Asks Rust who is signed in; `onChange` repaints the desk whenever that changes. */
export async function startSession(onChange: () => void): Promise<StaffView | null> {
  changed = onChange;
  for (const type of ['pointerdown', 'keydown'] as const) {
    document.addEventListener(type, touch, { capture: true, passive: true });
  }
  session.who = await call('staff_current', {});
  touch();
  return session.who;
}

function fieldError(id: string, key: MessageKey | null, input: HTMLInputElement): void {
  const el = document.getElementById(id);
  if (el) el.textContent = key ? t(key) : '';
  if (key) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function showRefusal(): void {
  const el = document.getElementById('sign-in-error');
  if (!el) return;
  el.textContent = session.refusal ? errorText(session.refusal) : '';
  if (session.refusal) el.dataset.code = session.refusal.code;
  else delete el.dataset.code;
}

async function submit(): Promise<void> {
  if (session.busy) return;
  const name = username.value.trim();
  const secret = password.value;
  fieldError('sign-in-username-error', name ? null : 'signin.missing_username', username);
  fieldError('sign-in-password-error', secret ? null : 'signin.missing_password', password);
  if (!name || !secret) {
    (name ? password : username).focus();
    return;
  }
  session.busy = true;
  const status = document.getElementById('sign-in-status');
  if (status) status.textContent = t('signin.busy');
  try {
    session.who = await call('staff_sign_in', { username: name, password: secret });
    session.reason = null;
    session.refusal = null;
    username.value = '';
    touch();
  } catch (reason) {
    session.refusal = toApiError(reason);
  } finally {
    password.value = '';
    session.busy = false;
  }
  if (session.who) {
    changed();
    return;
  }
  if (status) status.textContent = '';
  showRefusal();
  password.focus();
}

/** The sign-in screen's form. */
export function signInForm(): HTMLElement {
  const notice = session.reason
    ? h(
      'p',
      { class: 'sign-in-notice', id: 'sign-in-notice', 'data-reason': session.reason, role: 'status' },
      session.reason === 'idle'
        ? t('signin.idle', { minutes: String(session.idleMinutes) })
        : t('signin.expired'),
    )
    : null;
  const form = h(
    'form',
    { class: 'sign-in-form', id: 'sign-in-form', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    h('h2', { class: 'sign-in-title', id: 'sign-in-title' }, t('signin.title')),
    h('p', { class: 'desk-hint' }, t('signin.lead')),
    notice,
    h(
      'div',
      { class: 'desk-field' },
      h('label', { for: 'sign-in-username', class: 'desk-field-label' }, t('signin.username')),
      username,
      h('p', { class: 'desk-field-error', id: 'sign-in-username-error' }),
    ),
    h(
      'div',
      { class: 'desk-field' },
      h('label', { for: 'sign-in-password', class: 'desk-field-label' }, t('signin.password')),
      password,
      h('p', { class: 'desk-field-error', id: 'sign-in-password-error' }),
    ),
    h('p', { class: 'desk-message', id: 'sign-in-error', 'data-kind': 'error', role: 'alert' }),
    h(
      'div',
      { class: 'sign-in-actions' },
      h('button', { type: 'submit', class: 'button button-primary', id: 'sign-in-submit' }, t('signin.submit')),
      h('span', { class: 'desk-hint', id: 'sign-in-status', role: 'status' }),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  // The refusal is filled in once the form is in the document.
  queueMicrotask(showRefusal);
  return h('section', { class: 'sign-in', 'data-screen': 'staff-sign-in' }, form);
}

/** The signed-in clerk and the sign-out button, for the top bar. */
export function staffUser(who: StaffView): HTMLElement {
  const out = h('button', { type: 'button', class: 'button staff-sign-out', id: 'sign-out' }, t('staff.sign_out'));
  out.addEventListener('click', () => void signOut());
  return h(
    'div',
    { class: 'staff-user', id: 'staff-user', 'data-role': who.role, 'data-offline': String(who.offline) },
    h('span', { class: 'staff-user-name', 'data-proper-name': true, translate: 'no' }, who.display_name),
    h('span', { class: 'staff-user-role' }, t(ROLES[who.role] ?? 'staff.role.clerk')),
    who.offline && h('span', { class: 'staff-offline', title: t('staff.offline_hint') }, t('staff.offline')),
    out,
  );
}

/** Focuses the first empty field of the form, for a clerk who just arrived at it. */
export function focusSignIn(): void {
  (username.value ? password : username).focus();
}
