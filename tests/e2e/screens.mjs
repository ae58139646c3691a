// What the real-window tests do to a screen: wait for it to settle and keep a screenshot, run
// axe-core on it, switch its language, tap an on-screen keypad, open a terminal's window.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bin, root, smsCodes } from './court.mjs';
import { Session } from './webdriver.mjs';

export const binary = process.env.COURTDESK_APP ?? bin('courtdesk');
const shots = join(root, 'test-output/e2e');
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(join(root, 'ui/node_modules/axe-core/axe.min.js'), 'utf8');

/** Starts the app with `config` in a new driver session and waits for its home screen. */
export async function open(driver, config) {
  const session = await Session.start(driver.url, binary, ['--config', config]);
  await session.waitFor(
    "const app = document.getElementById('app'); return app && app.dataset.ready === 'true';",
    'the home screen to be ready',
  );
  return session;
}

/** Waits for the fonts and a quiet moment, then keeps a screenshot as test-output/e2e/<name>.png. */
export async function shot(session, name) {
  await session.waitFor("return document.fonts.status === 'loaded';", 'fonts to load');
  await sleep(400);
  const png = await session.screenshot();
  writeFileSync(join(shots, `${name}.png`), png);
  return png;
}

/** axe-core's violations on the page as it is, by rule id. */
export async function axeViolations(session) {
  await session.execute(`${axeSource}; window.__axe = null; axe.run(document).then((r) => { window.__axe = r.violations.map((v) => v.id); }); return true;`);
  return session.waitFor('return window.__axe;', 'axe-core to finish', 30000);
}

export async function switchLanguage(session, lang) {
  if ((await session.execute('return document.documentElement.lang;')) === lang) return;
  await session.click('#lang-switch');
  await session.waitFor(`return document.documentElement.lang === '${lang}';`, `the ${lang} screen`);
}

/** Taps each character of `text` on the on-screen keypad. */
export async function tapKeys(session, text) {
  for (const key of text) await session.click(`[data-key="${key}"]`);
}

/**
 * Identifies `party` at the kiosk for `service` with their ID number on the keypad and the one-time
 * code the server's development SMS gateway wrote; resolves once the code is confirmed.
 */
export async function identifyAtKiosk(kiosk, server, party, service) {
  await kiosk.click(`[data-service="${service}"]`);
  await kiosk.waitFor('return document.querySelector(\'[data-screen="identity-id"]\');', 'the ID keypad');
  await tapKeys(kiosk, party.residentId);
  const sent = smsCodes(server, party.phone).length;
  await kiosk.click('#identity-id-confirm');
  await kiosk.waitFor("return document.getElementById('identity-phone');", 'the code screen', 20000);
  const codes = smsCodes(server, party.phone);
  if (codes.length !== sent + 1) throw new Error(`expected one new code, found ${codes.length - sent}`);
  await tapKeys(kiosk, codes.at(-1));
  await kiosk.click('#identity-code-confirm');
}

/** Waits until the kiosk's document viewer has painted `page`. */
export function painted(kiosk, page) {
  return kiosk.waitFor(
    `return document.querySelector('[data-rendered-page]')?.dataset.renderedPage === '${page}' || null;`,
    `page ${page} painted`,
    20000,
  );
}
