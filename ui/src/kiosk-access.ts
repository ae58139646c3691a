// Large print and high contrast for the litigant at a kiosk: two switches in the bottom bar of every screen, kept for
// the visit only and wiped with it. High contrast starts on when the system asks for more contrast,
// so a kiosk set up that way is high contrast for everyone until someone turns it off.
import { h } from './dom';
import { t } from './i18n';
import './styles/kiosk-access.css';

interface Access {
  large: boolean;
  contrast: boolean;
}

const systemContrast = (): boolean =>
  typeof window.matchMedia === 'function' && window.matchMedia('(prefers-contrast: more)').matches;

const defaults = (): Access => ({ large: false, contrast: systemContrast() });

let access: Access = defaults();

/** Sets the page's attributes the stylesheets read: `data-text="large"`, `data-contrast="high"`. */
function apply(): void {
  const root = document.documentElement;
  if (access.large) root.dataset.text = 'large';
  else delete root.dataset.text;
  if (access.contrast) root.dataset.contrast = 'high';
  else delete root.dataset.contrast;
}

/** Back to the kiosk's defaults, for the next person. */
export function resetAccess(): void {
  access = defaults();
  apply();
}

/** Whether the view is as the next person should find it. */
export function accessIsDefault(): boolean {
  const fresh = defaults();
  return access.large === fresh.large && access.contrast === fresh.contrast;
}

type Switch = 'large' | 'contrast';

function toggle(id: string, which: Switch, on: boolean, flip: () => void): HTMLButtonElement {
  // The short label is shown; the accessible name is the full one, which contains it.
  const button = h(
    'button',
    { type: 'button', id, class: 'access-toggle', 'aria-pressed': on ? 'true' : 'false', 'aria-label': t(`kiosk.access.${which}`) },
    on && h('span', { class: 'access-mark', 'aria-hidden': 'true' }, '✓'),
    h('span', { 'aria-hidden': 'true' }, t(`kiosk.access.${which}_short`)),
  );
  button.addEventListener('click', flip);
  return button;
}

/** The two switches, for the kiosk's bottom bar; `redraw` repaints the kiosk after a change so every screen reflows at once. */
export function accessBar(redraw: () => void): HTMLElement {
  apply();
  return h(
    'div',
    { class: 'access-bar', role: 'group', 'aria-label': t('kiosk.access.group') },
    toggle('access-large', 'large', access.large, () => {
      access = { ...access, large: !access.large };
      apply();
      redraw();
      document.getElementById('access-large')?.focus();
    }),
    toggle('access-contrast', 'contrast', access.contrast, () => {
      access = { ...access, contrast: !access.contrast };
      apply();
      redraw();
      document.getElementById('access-contrast')?.focus();
    }),
  );
}
