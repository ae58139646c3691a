// The hall's queue across three real windows and the real central server: a kiosk takes a ticket in
// at most three taps, the desk calls it, the display shows it; the kiosk, cut off from the server by
// the fault proxy, issues 20 tickets that reach the desk once each, in issue order. Each app is the built binary under
// Xvfb with its own WebKitWebDriver; the server is the built `courtdesk-central`, and the terminals
// are enrolled with the built `courtdesk-terminal-cli`, as court IT would. Screenshots go to
// test-output/e2e; axe-core checks each screen in both languages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, enrolledTerminal, signInAtDesk, startFaultProxy, startServer } from './court.mjs';
import { axeViolations, open, shot, switchLanguage } from './screens.mjs';
import { startDriver, startXvfb } from './webdriver.mjs';


let xvfb;
let server;
let proxy;
const drivers = [];
const sessions = {};

before(async () => {
  server = await startServer();
  addStaff(server, { username: 'li.ming', name: '李明' });
  // The kiosk reaches the server through the fault proxy, so a test can cut it off.
  proxy = await startFaultProxy(server);
  const configs = {
    kiosk: enrolledTerminal(server, 'kiosk', '', proxy.url),
    staff: enrolledTerminal(server, 'staff'),
    display: enrolledTerminal(server, 'display'),
  };
  xvfb = await startXvfb();
  for (const mode of ['kiosk', 'staff', 'display']) {
    const driver = await startDriver({ DISPLAY: xvfb.display });
    drivers.push(driver);
    sessions[mode] = await open(driver, configs[mode]);
  }
  // The desk's first sign-in is online; it leaves a verifier for offline sign-ins.
  await signInAtDesk(sessions.staff, 'li.ming');
});

after(async () => {
  for (const session of Object.values(sessions)) await session.close();
  for (const driver of drivers) driver.stop();
  xvfb?.stop();
  proxy?.stop();
  server?.child.kill();
});

test('a ticket taken at the kiosk in three taps is called at the desk and shown on the display', async () => {
  const { kiosk, staff, display } = sessions;
  // Tap 1: the queue tile; tap 2: the service; tap 3: take the ticket.
  await kiosk.click('[data-service="queue_ticket"]');
  await kiosk.waitFor('return document.querySelector(\'[data-queue-service="filing"]\');', 'the services');
  await kiosk.click('[data-queue-service="filing"]');
  await kiosk.waitFor("return document.getElementById('take-ticket');", 'the confirmation');
  // The kiosk leases its numbers when it starts; give the first lease a moment on a slow machine.
  await kiosk.waitFor("return !document.getElementById('take-ticket').disabled;", 'the take button');
  await kiosk.click('#take-ticket');
  const number = await kiosk.waitFor(
    "const n = document.getElementById('ticket-number'); return n && n.textContent.trim();",
    'the ticket number',
    20000,
  );
  assert.equal(number, 'A001', 'the first number of the day');
  await shot(kiosk, 'queue-kiosk-ticket');

  await staff.waitFor('return document.querySelector("[data-waiting-ticket]");', 'the ticket at the desk', 20000);
  await shot(staff, 'queue-desk-waiting');
  await staff.click('[data-desk-action="call_next"]');
  const called = await staff.waitFor(
    "const n = document.getElementById('desk-current-number'); return n && n.textContent.trim();",
    'the call at the desk',
  );
  assert.equal(called, 'A001');
  await shot(staff, 'queue-desk-called');

  const shown = await display.waitFor(
    "const n = document.querySelector('[data-window-call=\"1\"] .call-number'); return n && n.textContent.trim();",
    'the call on the display',
    10000,
  );
  assert.equal(shown, 'A001');
  await shot(display, 'queue-display-call');
});

/** Takes a ticket for `service` at the kiosk through its screens; resolves with the number shown. */
async function takeTicket(kiosk, service) {
  if (await kiosk.execute("return Boolean(document.getElementById('queue-done'));")) await kiosk.click('#queue-done');
  await kiosk.waitFor('return document.querySelector(\'[data-service="queue_ticket"]\');', 'the home screen');
  await kiosk.click('[data-service="queue_ticket"]');
  await kiosk.waitFor(`return document.querySelector('[data-queue-service="${service}"]');`, 'the services');
  await kiosk.click(`[data-queue-service="${service}"]`);
  await kiosk.waitFor("const b = document.getElementById('take-ticket'); return b && !b.disabled;", 'the take button', 20000);
  await kiosk.click('#take-ticket');
  const number = await kiosk.waitFor(
    "const n = document.getElementById('ticket-number'); return n && n.textContent.trim();",
    'the ticket number',
    20000,
  );
  await kiosk.click('#queue-done');
  await kiosk.waitFor('return document.querySelector(\'[data-service="queue_ticket"]\');', 'the home screen');
  return number;
}

const waitingAtDesk = (prefix) => `return [...document.querySelectorAll('[data-waiting-ticket] .desk-waiting-number')]
  .map((n) => n.textContent.trim()).filter((n) => n.startsWith('${prefix}'));`;

test('a kiosk cut off from the server issues 20 tickets that reach the desk once each, in issue order', async () => {
  const { kiosk, staff } = sessions;
  // Numbers for the day are leased ahead of need: the first ticket proves the lease arrived.
  const issued = [await takeTicket(kiosk, 'enquiry')];
  await proxy.cut();
  for (let i = 0; i < 20; i += 1) issued.push(await takeTicket(kiosk, 'enquiry'));
  assert.equal(new Set(issued).size, 21, `no number reused offline: ${issued}`);
  assert.deepEqual(issued, Array.from({ length: 21 }, (_, i) => `B${String(i + 1).padStart(3, '0')}`));
  const seenWhileCut = await staff.execute(waitingAtDesk('B'));
  assert.ok(seenWhileCut.length <= 1, `the desk saw no offline ticket before the link healed: ${seenWhileCut}`);
  await proxy.heal();
  const atDesk = await staff.waitFor(
    `const n = (() => { ${waitingAtDesk('B')} })(); return n.length === 21 && n;`,
    'the offline tickets at the desk',
    60000,
  );
  assert.deepEqual(atDesk, issued, 'all 21 once each, in issue order');
  await shot(staff, 'queue-desk-after-reconnect');
});

for (const lang of ['zh-CN', 'en']) {
  test(`the queue screens have no axe violations in ${lang}`, async () => {
    for (const [mode, session] of Object.entries(sessions)) {
      // The hall display shows both languages at once and has no switch.
      if (mode !== 'display') await switchLanguage(session, lang);
      assert.deepEqual(await axeViolations(session), [], `${mode} in ${lang}`);
    }
  });
}
