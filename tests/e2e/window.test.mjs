// The built app in a real window under Xvfb, driven through WebKitWebDriver:
// each mode's home screen, the language switch, a command round trip through
// Rust and SQLite, and the kiosk's lockdown. Screenshots go to test-output/e2e.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { bin } from './court.mjs';
import { Session, startDriver, startXvfb } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.env.COURTDESK_APP ?? bin('courtdesk');
const shots = join(root, 'test-output/e2e');
mkdirSync(shots, { recursive: true });

let xvfb;
let driver;

before(async () => {
  xvfb = await startXvfb();
  driver = await startDriver({ DISPLAY: xvfb.display });
});

after(() => {
  driver?.stop();
  xvfb?.stop();
});

/** A terminal folder holding only a configuration file for `mode`. */
function terminalFolder(mode) {
  const dir = mkdtempSync(join(tmpdir(), `courtdesk-e2e-${mode}-`));
  const config = join(dir, 'courtdesk.toml');
  writeFileSync(config, `mode = "${mode}"\n`);
  return { dir, config };
}

/** The terminal id the Rust side logged when it started. */
function loggedTerminalId(dir) {
  const logs = join(dir, 'logs');
  const text = readdirSync(logs).map((name) => readFileSync(join(logs, name), 'utf8')).join('');
  const match = text.match(/terminal started terminal_id=([0-9a-f]{32})/);
  assert.ok(match, `the log in ${logs} records the terminal's id`);
  return match[1];
}

async function open(config) {
  const session = await Session.start(driver.url, binary, ['--config', config]);
  await session.waitFor(
    // `data-ready` is "false" while the screen starts, then "true" or "error".
    "const app = document.getElementById('app'); return app && app.dataset.ready !== 'false' && app.dataset.ready;",
    'the home screen to be ready',
  );
  return session;
}

async function settledScreenshot(session, name) {
  await session.waitFor("return document.fonts.status === 'loaded';", 'fonts to load');
  await sleep(400);
  const png = await session.screenshot();
  assert.ok(png.length > 10_000, `the ${name} screenshot has content (${png.length} bytes)`);
  writeFileSync(join(shots, `${name}.png`), png);
}

const state = `
  const app = document.getElementById('app');
  const h1 = document.querySelector('h1');
  const id = document.querySelector('[data-terminal-id]');
  return {
    ready: app.dataset.ready,
    mode: app.dataset.mode,
    lang: document.documentElement.lang,
    title: h1 ? h1.textContent.trim() : '',
    text: document.body.innerText,
    // The hall board speaks both languages on purpose, whatever the switch says.
    bilingual: document.getElementById('hall-board')?.innerText ?? '',
    terminalId: id ? id.textContent.trim() : '',
    tiles: [...document.querySelectorAll('[data-service]')].map((t) => t.dataset.service),
    width: window.innerWidth,
    height: window.innerHeight,
    href: location.href,
  };`;

const cjk = /[\u4e00-\u9fff]/;

for (const mode of ['kiosk', 'staff', 'display']) {
  describe(`${mode} mode in the real window`, () => {
    const folder = terminalFolder(mode);
    let session;

    before(async () => {
      session = await open(folder.config);
    });

    after(async () => {
      await session?.close();
    });

    test('shows its home screen in Chinese first, with the id from Rust', async () => {
      const home = await session.execute(state);
      assert.equal(home.ready, 'true');
      assert.equal(home.mode, mode);
      assert.equal(home.lang, 'zh-CN');
      assert.match(home.title, cjk, `the heading is Chinese: ${home.title}`);
      if (mode === 'display') {
        // Nobody touches a display: no switch, and its terminal id is for staff, not the hall.
        assert.equal(home.terminalId, '', 'no terminal id on the hall screen');
        assert.equal(await session.execute("return document.querySelectorAll('button, #lang-switch').length;"), 0);
      } else {
        assert.equal(home.terminalId, loggedTerminalId(folder.dir), 'terminal_info answered from Rust');
      }
      if (mode === 'kiosk') {
        assert.deepEqual(home.tiles, ['queue_ticket', 'submit_materials', 'receive_documents', 'case_enquiry']);
      }
      await settledScreenshot(session, `${mode}-zh-CN`);
    });

    if (mode !== 'display') test('switches every string to English', async () => {
      const before = await session.execute(state);
      await session.click('#lang-switch');
      const home = await session.waitFor(
        `const s = (() => {${state}})(); return s.lang === 'en' ? s : null;`,
        'the language to switch',
      );
      assert.notEqual(home.title, before.title);
      const bilingual = new Set(home.bilingual.split('\n').map((line) => line.trim()));
      const own = home.text.split('\n').filter((line) => !bilingual.has(line.trim())).join('\n');
      assert.doesNotMatch(own.replace(/中文/g, ''), cjk, 'no Chinese left but the switch back and the bilingual board');
      await settledScreenshot(session, `${mode}-en`);
    });

    if (mode === 'staff') {
      test('remembers the language through Rust and SQLite across a restart', async () => {
        await session.close();
        session = await open(folder.config);
        const home = await session.execute(state);
        assert.equal(home.lang, 'en', 'set_locale was stored and terminal_info read it back');
      });

      test('shows that the desk is not enrolled with a court server, from Rust', async () => {
        const sync = await session.waitFor(
          "const el = document.getElementById('sync-status'); return el && el.dataset.syncState !== 'unknown' && el.dataset.syncState;",
          'the sync indicator',
        );
        assert.equal(sync, 'not_enrolled');
      });

      test('opens as a normal window, not fullscreen', async () => {
        const home = await session.execute(state);
        assert.ok(home.width < 1920, `the desk is a window (${home.width}x${home.height})`);
      });
    }

    if (mode === 'kiosk' || mode === 'display') {
      test('covers the whole screen', async () => {
        const home = await session.execute(state);
        assert.deepEqual([home.width, home.height], [1920, 1080]);
      });
    }

    if (mode === 'kiosk') {
      test('offers no context menu', async () => {
        const prevented = await session.execute(`
          const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
          return !document.body.dispatchEvent(event);`);
        assert.equal(prevented, true);
      });

      test('never navigates away from the app', async () => {
        const start = (await session.execute(state)).href;
        await session.execute("location.href = 'https://example.org/'; return true;");
        await sleep(1000);
        const home = await session.execute(state);
        assert.equal(home.href, start, 'the navigation was refused');
        assert.equal(home.ready, 'true');
      });

      test('starts the next visit in Chinese again', async () => {
        await session.close();
        session = await open(folder.config);
        const home = await session.execute(state);
        assert.equal(home.lang, 'zh-CN');
      });
    }
  });
}
