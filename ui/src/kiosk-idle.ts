// The kiosk's quiet-spell guard: after a while without a touch it asks whether anyone is still
// there, counting down on screen, and at zero clears the visit. "I'm still here" (or Escape) keeps
// the visit.
import { h } from './dom';
import { t } from './i18n';
import { onIdle } from './kiosk-guard';

export interface IdleGuard {
  /** Seconds without a touch before the question. */
  idleSeconds: number;
  /** Seconds the question stays before the visit is cleared. */
  countdownSeconds: number;
  /** Whether there is nothing to clear (the home screen in the kiosk's own language). */
  isClean(): boolean;
  /** Clears the visit. */
  wipe(): void;
}

let ticking = 0;

function dialog(): HTMLDialogElement {
  const existing = document.getElementById('idle-countdown');
  if (existing instanceof HTMLDialogElement) return existing;
  const el = h(
    'dialog',
    { id: 'idle-countdown', class: 'panel idle-countdown', 'aria-labelledby': 'idle-title', 'aria-describedby': 'idle-text' },
    h('h2', { id: 'idle-title', class: 'panel-title' }),
    h('p', { id: 'idle-text', class: 'idle-text' }),
    h('p', { class: 'idle-seconds', 'aria-hidden': 'true' }, h('span', { id: 'idle-seconds' })),
    h('button', { type: 'button', class: 'button button-primary idle-continue', id: 'idle-continue' }),
  );
  // Keys pressed while the question shows are for it alone, never for a keypad behind it.
  el.addEventListener('keydown', (event) => event.stopPropagation());
  document.body.append(el);
  return el;
}

/** Closes the question without clearing anything. */
export function dismissIdle(): void {
  window.clearInterval(ticking);
  const el = document.getElementById('idle-countdown');
  if (el instanceof HTMLDialogElement && el.open) el.close();
}

function ask(guard: IdleGuard): void {
  if (guard.isClean()) return;
  const el = dialog();
  let left = guard.countdownSeconds;
  const draw = (): void => {
    el.querySelector('#idle-title')!.textContent = t('idle.title');
    el.querySelector('#idle-text')!.textContent = t('idle.text', { seconds: String(left) });
    el.querySelector('#idle-seconds')!.textContent = String(left);
    el.querySelector('#idle-continue')!.textContent = t('idle.continue');
  };
  draw();
  const button = el.querySelector<HTMLButtonElement>('#idle-continue')!;
  button.onclick = () => dismissIdle();
  el.oncancel = (event) => {
    event.preventDefault();
    dismissIdle();
  };
  if (!el.open) el.showModal();
  button.focus();
  window.clearInterval(ticking);
  ticking = window.setInterval(() => {
    left -= 1;
    if (left > 0) {
      draw();
      return;
    }
    dismissIdle();
    guard.wipe();
  }, 1000);
}

/** How long the kiosk's own work may hold the question off: longer than a 20-page scan. */
const BUSY_GRACE_MS = 180_000;

/**
 * Starts watching for quiet spells. While the kiosk itself is working (a screen marked
 * `aria-busy="true"`: a scan, a file read, a submission printing) nobody is asked, as the person
 * is waiting for it, not gone, and the quiet spell starts again; but work that has not answered
 * within BUSY_GRACE_MS no longer holds it off, so a hung device never keeps a visit on screen.
 */
export function guardIdle(guard: IdleGuard): void {
  const ms = guard.idleSeconds * 1000;
  let busySince: number | null = null;
  const restart = onIdle(ms, () => {
    if (!document.querySelector('[aria-busy="true"]')) {
      busySince = null;
      ask(guard);
      return;
    }
    // Busy at least since the quiet spell began.
    busySince ??= Date.now() - ms;
    if (Date.now() - busySince < BUSY_GRACE_MS) {
      restart();
    } else {
      busySince = null;
      ask(guard);
    }
  });
}
