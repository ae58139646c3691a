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

/** Starts watching for quiet spells. */
export function guardIdle(guard: IdleGuard): void {
  onIdle(guard.idleSeconds * 1000, () => ask(guard));
}
