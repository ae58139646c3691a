// The kiosk home screen: four large service tiles for litigants at a touch screen.
import type { Locale, ServiceTile, TerminalInfo } from './bindings';
import { h, pictogram } from './dom';
import { getLocale, t } from './i18n';
import { CHEVRON, EMBLEM, SERVICE_ICONS } from './icons';
import { call } from './ipc';
import { accessBar, accessIsDefault, resetAccess } from './kiosk-access';
import { guardTouchScreen } from './kiosk-guard';
import { dismissIdle, guardIdle } from './kiosk-idle';
import { identityScreen, inIdentity, leaveIdentity, openIdentity } from './kiosk-identity';
import { inLockerPickup, leaveLockerPickup, lockerPickupEntry, lockerPickupScreen, setLockerPresent } from './kiosk-intake-locker';
import { closePanel, showNotYetPanel } from './kiosk-panel';
import { inQueue, leaveQueue, openQueue, queueScreen } from './queue-kiosk';
import { fill, langSwitch, setTitle, switchLocale, terminalTag, type Frame } from './shell';

/** What a tile needs from the kiosk around it. */
interface Kiosk {
  redraw(): void;
  cardReader: boolean;
  finish(): void;
}

function tileButton(tile: ServiceTile, kiosk: Kiosk): HTMLButtonElement {
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
    else if (service === 'queue_ticket') void openQueue(kiosk.redraw);
    else if (service === 'submit_materials' || service === 'receive_documents') {
      openIdentity(service, kiosk.cardReader, {
        redraw: kiosk.redraw,
        finish: kiosk.finish,
        // The service itself goes on at a window for now, where the clerk checks identity again:
        // the kiosk forgets the person before the ticket flow starts.
        takeTicket: () => {
          leaveIdentity();
          void call('visit_finish', {}).catch(() => undefined);
          void openQueue(kiosk.redraw);
        },
      });
    }
    // Other services' flows hook in here as they arrive; until then an available tile only announces itself.
    else button.dispatchEvent(new CustomEvent('courtdesk:service', { bubbles: true, detail: { service } }));
  });
  return button;
}

function homeTiles(tiles: readonly ServiceTile[], kiosk: Kiosk): Node[] {
  return [
    h('p', { class: 'kiosk-greeting', id: 'kiosk-greeting' }, t('kiosk.greeting')),
    h(
      'ul',
      { class: 'tiles', 'aria-labelledby': 'kiosk-greeting' },
      ...tiles.map((tile) => h('li', { class: 'tile-cell' }, tileButton(tile, kiosk))),
    ),
    ...lockerPickupEntry(kiosk.redraw),
  ];
}

function finishButton(finish: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'finish-and-clear', id: 'finish-and-clear' }, t('kiosk.finish'));
  button.addEventListener('click', finish);
  return button;
}

/** Draws the kiosk: the home tiles, or the current flow's screen, in the current language. */
function render(info: TerminalInfo, tiles: readonly ServiceTile[], f: Frame): void {
  setTitle('title.kiosk');
  const kiosk: Kiosk = {
    redraw: () => render(info, tiles, f),
    cardReader: info.card_reader,
    finish: () => void finishVisit(info, tiles, f),
  };
  // Kiosk visits are anonymous and short: the choice is never saved, so the kiosk does not call set_locale.
  const onSwitch = (next: Locale): void => switchLocale(next, kiosk.redraw);
  const busy = inQueue() || inIdentity() || inLockerPickup();
  fill(
    f,
    [
      h(
        'div',
        { class: 'brand' },
        pictogram(EMBLEM, 'icon brand-icon'),
        h('h1', { class: 'kiosk-heading' }, t('kiosk.heading')),
      ),
      busy && finishButton(kiosk.finish),
      langSwitch(onSwitch),
    ].filter((node) => node !== false),
    inIdentity() ? [identityScreen()] : inQueue() ? [queueScreen()] : inLockerPickup() ? [lockerPickupScreen(kiosk.finish)] : homeTiles(tiles, kiosk),
    [accessBar(kiosk.redraw), h('span', { class: 'kiosk-help' }, t('kiosk.help')), terminalTag(info.terminal_id)],
  );
}

/**
 * Ends the visit: Rust forgets who was here and deletes the visit's files, and the page is drawn
 * anew from nothing in the kiosk's own language, so nothing of the last person can be seen or
 * reached by going back.
 */
async function finishVisit(info: TerminalInfo, tiles: readonly ServiceTile[], f: Frame): Promise<void> {
  dismissIdle();
  closePanel();
  leaveQueue();
  leaveIdentity();
  leaveLockerPickup();
  resetAccess();
  // The screen is emptied first: whatever Rust answers, nothing of the visit stays in view. The
  // home screen comes once Rust has dropped the visit, so a new visit cannot overlap the old one.
  f.main.replaceChildren();
  await call('visit_finish', {}).catch(() => undefined);
  if (getLocale() !== info.default_locale) switchLocale(info.default_locale, () => render(info, tiles, f));
  else render(info, tiles, f);
}

export async function startKiosk(info: TerminalInfo, f: Frame): Promise<void> {
  const tiles = await call('kiosk_services', {});
  // A visit left over from before a restart is cleared before anyone sees the screen.
  if (await call('identity_current', {}).catch(() => null)) await call('visit_finish', {}).catch(() => undefined);
  guardTouchScreen();
  setLockerPresent(info.locker);
  render(info, tiles, f);
  guardIdle({
    idleSeconds: info.idle_seconds,
    countdownSeconds: info.countdown_seconds,
    isClean: () => !inQueue() && !inIdentity() && !inLockerPickup() && getLocale() === info.default_locale && accessIsDefault()
      && !document.querySelector('dialog[open]:not(#idle-countdown)'),
    wipe: () => void finishVisit(info, tiles, f),
  });
}
