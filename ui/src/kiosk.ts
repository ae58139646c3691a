// The kiosk home screen: four large service tiles for litigants at a touch screen.
import type { Locale, ServiceTile, TerminalInfo } from './bindings';
import { h, pictogram } from './dom';
import { getLocale, t } from './i18n';
import { CHEVRON, EMBLEM, SERVICE_ICONS } from './icons';
import { call } from './ipc';
import { guardTouchScreen, onIdle } from './kiosk-guard';
import { closePanel, showNotYetPanel } from './kiosk-panel';
import { inQueue, leaveQueue, openQueue, queueScreen } from './queue-kiosk';
import { fill, langSwitch, setTitle, switchLocale, terminalTag, type Frame } from './shell';

/** After this long without a touch the kiosk is made ready for the next visitor. */
const IDLE_MS = 90_000;

function tileButton(tile: ServiceTile, redraw: () => void): HTMLButtonElement {
  const { service, availability } = tile;
  const notYet = availability === 'not_yet_available';
  const button = h(
    'button',
    {
      type: 'button',
      class: `tile${notYet ? ' tile-not-yet' : ''}`,
      'data-service': service,
      'data-availability': availability,
    },
    h('span', { class: 'tile-icon' }, pictogram(SERVICE_ICONS[service])),
    h(
      'span',
      { class: 'tile-text' },
      h('span', { class: 'tile-title' }, t(`service.${service}.title`)),
      h('span', { class: 'tile-desc' }, t(`service.${service}.desc`)),
      notYet && h('span', { class: 'tile-badge' }, t('kiosk.badge.not_yet_available')),
    ),
    pictogram(CHEVRON, 'icon tile-chevron'),
  );
  button.addEventListener('click', () => {
    if (notYet) showNotYetPanel(service, button);
    else if (service === 'queue_ticket') void openQueue(redraw);
    // Other services' flows hook in here as they arrive; until then an available tile only announces itself.
    else button.dispatchEvent(new CustomEvent('courtdesk:service', { bubbles: true, detail: { service } }));
  });
  return button;
}

function homeTiles(tiles: readonly ServiceTile[], redraw: () => void): Node[] {
  return [
    h('p', { class: 'kiosk-greeting', id: 'kiosk-greeting' }, t('kiosk.greeting')),
    h(
      'ul',
      { class: 'tiles', 'aria-labelledby': 'kiosk-greeting' },
      ...tiles.map((tile) => h('li', { class: 'tile-cell' }, tileButton(tile, redraw))),
    ),
  ];
}

/** Draws the kiosk: the home tiles, or the ticket flow's current screen, in the current language. */
function render(info: TerminalInfo, tiles: readonly ServiceTile[], f: Frame): void {
  setTitle('title.kiosk');
  const rerender = (): void => render(info, tiles, f);
  // Kiosk visits are anonymous and short: the choice is never saved, so the kiosk does not call set_locale.
  const onSwitch = (next: Locale): void => switchLocale(next, rerender);
  fill(
    f,
    [
      h(
        'div',
        { class: 'brand' },
        pictogram(EMBLEM, 'icon brand-icon'),
        h('h1', { class: 'kiosk-heading' }, t('kiosk.heading')),
      ),
      langSwitch(onSwitch),
    ],
    inQueue() ? [queueScreen()] : homeTiles(tiles, rerender),
    [h('span', { class: 'kiosk-help' }, t('kiosk.help')), terminalTag(info.terminal_id)],
  );
}

export async function startKiosk(info: TerminalInfo, f: Frame): Promise<void> {
  const tiles = await call('kiosk_services', {});
  guardTouchScreen();
  render(info, tiles, f);
  onIdle(IDLE_MS, () => {
    closePanel();
    leaveQueue();
    if (getLocale() !== info.default_locale) switchLocale(info.default_locale, () => render(info, tiles, f));
    else render(info, tiles, f);
  });
}
