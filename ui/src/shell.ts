// The page frame shared by every mode: header/main/footer slots, language switch, terminal tag.
import type { Locale } from './bindings';
import { byId, h, pictogram } from './dom';
import { GLOBE } from './icons';
import { otherLocale, setLocale, t, tIn, type MessageKey } from './i18n';

export interface Frame {
  readonly header: HTMLElement;
  readonly main: HTMLElement;
  readonly footer: HTMLElement;
}

export function frame(): Frame {
  return { header: byId('banner'), main: byId('app'), footer: byId('status') };
}

/** Empties all three slots; a slot left empty stays hidden so it is not an empty landmark. */
/**
 * Puts `nodes` in `region` unless it already shows the same: a kept top or bottom bar is not
 * repainted, which on a kiosk rendering in software makes a new screen appear sooner
 * (bench/tap-to-ticket.mjs). The kept nodes' listeners come from an earlier draw of the same bar;
 * every mode builds its bars from arguments fixed at start, so they do the same thing.
 */
function replaceIfChanged(region: HTMLElement, nodes: readonly Node[]): void {
  const current = region.childNodes;
  const same = current.length === nodes.length && nodes.every((node, i) => node.isEqualNode(current[i] ?? null));
  if (!same) region.replaceChildren(...nodes);
}

export function fill(f: Frame, header: Node[], main: Node[], footer: Node[]): void {
  replaceIfChanged(f.header, header);
  f.main.replaceChildren(...main);
  replaceIfChanged(f.footer, footer);
  f.header.hidden = header.length === 0;
  f.footer.hidden = footer.length === 0;
}

export function setTitle(key: MessageKey): void {
  document.title = t(key);
}

/**
 * The button names the other language in that language, so the person who needs it can read it;
 * its lang attribute makes screen readers pronounce it correctly.
 */
export function langSwitch(onSwitch: (next: Locale) => void): HTMLButtonElement {
  const next = otherLocale();
  const button = h(
    'button',
    { type: 'button', id: 'lang-switch', class: 'lang-switch', lang: next, 'aria-label': tIn(next, 'lang.switch_to') },
    pictogram(GLOBE, 'icon lang-icon'),
    h('span', {}, tIn(next, 'lang.name')),
  );
  button.addEventListener('click', () => onSwitch(next));
  return button;
}

/** Switches the UI language in place, then puts focus back on the (re-rendered) switch. */
export function switchLocale(next: Locale, rerender: () => void): void {
  const hadFocus = document.activeElement?.id === 'lang-switch';
  setLocale(next);
  rerender();
  if (hadFocus) document.getElementById('lang-switch')?.focus();
}

export function terminalTag(id: string): HTMLElement {
  return h(
    'span',
    { class: 'terminal-tag' },
    h('span', { class: 'terminal-label' }, t('footer.terminal')),
    ' ',
    h('span', { class: 'terminal-id', 'data-terminal-id': id, translate: 'no' }, id),
  );
}

export function versionTag(version: string): HTMLElement {
  return h('span', { class: 'version-tag' }, `${t('footer.version')} ${version}`);
}

/** A polite live region for non-blocking notices such as "language not saved". */
export function noticeRegion(): HTMLElement {
  return h('span', { id: 'notice', class: 'notice', role: 'status' });
}

export function showNotice(text: string): void {
  const region = document.getElementById('notice');
  if (region) region.textContent = text;
}

export function markReady(main: HTMLElement): void {
  main.dataset.ready = 'true';
}
