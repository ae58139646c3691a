// The first command, as a newcomer runs it: `./scripts/run-app.sh --hall` on an empty state folder
// starts a court server of its own, enrolls a kiosk, a desk and a display, creates a clerk whose
// password it prints once and puts a party on file; a ticket taken at the kiosk is then called at
// the desk, signed in with that password, and shown on the display, the three windows side by side
// on one 1920×1080 screen. The script's print mode sets everything up and hands each window (the
// binary, its configuration and its placement) to WebKitWebDriver, which opens it as the script
// would. The party on file identifies at the kiosk with the code the script prints. A second run
// reuses the folder: the same server, nothing enrolled twice, no new password.
// Screenshots go to test-output/e2e, the whole screen as firstrun-hall.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { root } from './court.mjs';
import { shot } from './screens.mjs';
import { Session, startDriver, startXvfb } from './webdriver.mjs';

const state = mkdtempSync(join(tmpdir(), 'courtdesk-e2e-firstrun-'));
let xvfb;
let firstRun;
const drivers = [];
const sessions = {};

/**
 * Starts `scripts/run-app.sh` in print mode on the test's state folder and resolves once it says
 * ready, with what it printed: the app, each window, the server and the clerk's password, if any.
 */
function runApp(args) {
  const child = spawn(join(root, 'scripts/run-app.sh'), args, {
    cwd: root,
    // A configuration named in the environment would make the script open only the app.
    env: { ...process.env, DISPLAY: xvfb.display, COURTDESK_CONFIG: '', COURTDESK_DEMO_DIR: state, COURTDESK_DEMO_WINDOWS: 'print' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const ready = new Promise((resolveReady, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!/^ready$/m.test(out)) return;
      const windows = [...out.matchAll(/^window (\S+) (\S+) (\S+)$/gm)].map(([, mode, config, place]) => ({ mode, config, place }));
      resolveReady({
        child,
        exited,
        out,
        app: out.match(/^app (\S+)$/m)[1],
        windows,
        server: out.match(/court server\s+(https:\/\/\S+)/)[1],
        password: out.match(/user clerk, password (\S+)$/m)?.[1],
        printed: () => out + err,
      });
    });
    exited.then((code) => reject(new Error(`run-app.sh exited with ${code} before it was ready:\n${out}\n${err}`)));
  });
  return ready;
}

/**
 * Clicks the element at `selector` from inside the page. WebKitWebDriver's own click aims at the
 * element's unzoomed position, so in a window drawn zoomed out, as --hall draws all three, it
 * misses; a person's pointer does not.
 */
function press(session, selector) {
  return session.execute('document.querySelector(arguments[0]).click(); return true;', [selector]);
}

/** Polls `check` until it returns a truthy value, which it resolves with. */
async function until(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Whether something accepts connections at the server's address. */
function listening(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolveProbe) => {
    const socket = connect(Number(port), hostname);
    socket.on('connect', () => {
      socket.destroy();
      resolveProbe(true);
    });
    socket.on('error', () => resolveProbe(false));
  });
}

before(async () => {
  xvfb = await startXvfb();
  firstRun = await runApp(['--hall']);
  for (const { mode, config, place } of firstRun.windows) {
    const driver = await startDriver({ DISPLAY: xvfb.display, COURTDESK_WINDOW: place });
    drivers.push(driver);
    const session = await Session.start(driver.url, firstRun.app, ['--config', config]);
    await session.waitFor("return document.getElementById('app')?.dataset.ready === 'true';", `the ${mode} ready`, 20000);
    sessions[mode] = session;
  }
});

after(async () => {
  for (const session of Object.values(sessions)) await session.close();
  for (const driver of drivers) driver.stop();
  firstRun?.child.kill();
  xvfb?.stop();
  rmSync(state, { recursive: true, force: true });
});

test('run-app.sh --hall brings up a court, three terminals side by side and a clerk who can sign in', async () => {
  assert.deepEqual(firstRun.windows.map((w) => w.mode), ['kiosk', 'staff', 'display']);
  assert.match(firstRun.password ?? '', /^\S{10,}$/, 'the first run prints the new clerk password');
  // The placements fit one 1920×1080 screen; the zoom gives kiosk and display their full layout.
  const viewports = {};
  for (const [mode, session] of Object.entries(sessions)) {
    viewports[mode] = await session.execute('return [window.innerWidth, window.innerHeight];');
  }
  assert.deepEqual(viewports, { kiosk: [1920, 1080], staff: [1280, 1440], display: [1920, 1080] });

  const { kiosk, staff, display } = sessions;
  await staff.waitFor("return document.getElementById('sign-in-username');", 'the sign-in screen');
  await staff.type('#sign-in-username', 'clerk');
  await staff.type('#sign-in-password', firstRun.password);
  await press(staff, '#sign-in-submit');
  await staff.waitFor("return document.getElementById('desk-panel') && document.getElementById('staff-user');", 'the clerk signed in', 20000);

  await press(kiosk, '[data-service="queue_ticket"]');
  await kiosk.waitFor('return document.querySelector(\'[data-queue-service="filing"]\');', 'the services');
  await press(kiosk, '[data-queue-service="filing"]');
  await kiosk.waitFor("const b = document.getElementById('take-ticket'); return b && !b.disabled;", 'the take button', 20000);
  await press(kiosk, '#take-ticket');
  const number = await kiosk.waitFor(
    "const n = document.getElementById('ticket-number'); return n && n.textContent.trim();",
    'the ticket number',
    20000,
  );
  assert.equal(number, 'A001', 'the first ticket of the day at a new court');
  await shot(kiosk, 'firstrun-kiosk-ticket');

  await staff.waitFor('return document.querySelector("[data-waiting-ticket]");', 'the ticket at the desk', 20000);
  await press(staff, '[data-desk-action="call_next"]');
  const called = await staff.waitFor(
    "const n = document.getElementById('desk-current-number'); return n && n.textContent.trim();",
    'the call at the desk',
  );
  assert.equal(called, 'A001');
  await shot(staff, 'firstrun-desk-called');

  const shown = await display.waitFor(
    "const n = document.querySelector('[data-window-call=\"1\"] .call-number'); return n && n.textContent.trim();",
    'the call on the display',
    15000,
  );
  assert.equal(shown, 'A001');
  await shot(display, 'firstrun-display-call');

  // The whole screen, as a newcomer sees it.
  const grab = spawnSync('ffmpeg', [
    '-loglevel', 'error', '-y', '-f', 'x11grab', '-draw_mouse', '0', '-video_size', '1920x1080', '-i', xvfb.display,
    '-frames:v', '1', join(root, 'test-output/e2e/firstrun-hall.png'),
  ], { encoding: 'utf8' });
  assert.equal(grab.status, 0, `ffmpeg grabbed the screen: ${grab.stderr}`);
});

test('the party on file identifies at the kiosk with the one-time code the script prints', async () => {
  const { kiosk } = sessions;
  await press(kiosk, '#queue-done');
  await kiosk.waitFor('return document.querySelector(\'[data-service="submit_materials"]\');', 'the home screen');
  await press(kiosk, '[data-service="submit_materials"]');
  await kiosk.waitFor('return document.querySelector(\'[data-screen="identity-id"]\');', 'the ID keypad');
  for (const key of '11010519491231002X') await press(kiosk, `[data-key="${key}"]`);
  await press(kiosk, '#identity-id-confirm');
  await kiosk.waitFor("return document.getElementById('identity-phone');", 'the code screen', 20000);
  const code = await until(
    () => firstRun.printed().match(/one-time code sent to the party: (\d{6})/)?.[1],
    'the code in the console',
    10000,
  );
  for (const key of code) await press(kiosk, `[data-key="${key}"]`);
  await press(kiosk, '#identity-code-confirm');
  const name = await kiosk.waitFor("return document.getElementById('identity-name')?.textContent.trim();", 'the verified screen', 20000);
  assert.equal(name, '王小明');
  await shot(kiosk, 'firstrun-kiosk-identified');
});

test('closing stops the server, and the next run reuses the court without enrolling again', async () => {
  for (const session of Object.values(sessions)) await session.close();
  firstRun.child.stdin.end();
  assert.equal(await firstRun.exited, 0, 'run-app.sh ends cleanly');
  assert.equal(await listening(firstRun.server), false, 'the court server stopped with the app');

  const again = await runApp(['--mode', 'staff']);
  try {
    assert.equal(again.server, firstRun.server, 'the same server address, which the terminals were enrolled with');
    assert.equal(again.password, undefined, 'no second clerk, no second password');
    assert.deepEqual(again.windows.map((w) => [w.mode, w.place]), [['staff', '-']], 'one desk, placed by its mode');
    const terminals = spawnSync(join(again.app, '../courtdesk-central'), ['--data-dir', join(state, 'central'), 'terminals'], { encoding: 'utf8' });
    assert.equal(terminals.status, 0, terminals.stderr);
    assert.equal(terminals.stdout.trim().split('\n').length, 3, `each terminal enrolled once:\n${terminals.stdout}`);
    assert.equal(await listening(again.server), true, 'the server is back');
  } finally {
    again.child.stdin.end();
    await again.exited;
  }
});
