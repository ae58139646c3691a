// Test fixture: serves ui/dist, bundles the IPC mock, drives Chromium and runs axe.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';

export const UI = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(UI, 'dist');
export const OUT = join(UI, 'test-output');
// The policy the app runs under in the Tauri window, so inline code fails here too.
const CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'";
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const AXE_PATH = '/__test__/axe.min.js';

async function bundleMock() {
  const result = await build({
    configFile: false,
    root: UI,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: join(UI, 'tests/harness/mock-ipc.js'), formats: ['iife'], name: 'CourtDeskMock' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  return outputs.find((o) => o.type === 'chunk').code;
}

function serve() {
  const axe = readFileSync(join(UI, 'node_modules/axe-core/axe.min.js'));
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let body;
    let type;
    try {
      if (path === AXE_PATH) [body, type] = [axe, '.js'];
      else {
        const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
        if (!file.startsWith(DIST)) throw new Error('outside dist');
        [body, type] = [readFileSync(file), extname(file)];
      }
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[type] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts the server and browser once per test file; call `close()` in after(). */
export async function setup() {
  const [mock, server, browser] = await Promise.all([
    bundleMock(),
    serve(),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    }),
  ]);
  const base = `http://127.0.0.1:${server.address().port}/`;
  mkdirSync(OUT, { recursive: true });

  /**
   * Opens the app with a mocked terminal; `clock` installs a controllable clock at that time, and
   * `reducedMotion: 'reduce'` asks for as little animation as the person's settings would, and
   * `contrast: 'more'` for more contrast.
   */
  async function open(scenario, { width = 1920, height = 1080, wait = true, clock, reducedMotion = 'no-preference', contrast = 'no-preference' } = {}) {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion, contrast });
    const page = await context.newPage();
    if (clock) await page.clock.install({ time: clock });
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    await page.addInitScript({
      content: `window.__COURTDESK_SCENARIO__ = ${JSON.stringify(scenario)};
window.__CSP__ = [];
document.addEventListener('securitypolicyviolation', (e) => window.__CSP__.push(e.violatedDirective + ' ' + e.blockedURI));
${mock}`,
    });
    page.problems = problems;
    await page.goto(base);
    if (wait) await settled(page);
    return page;
  }

  async function close() {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }

  return { open, close };
}

export function settled(page) {
  return page.waitForSelector('#app[data-ready="true"], #app[data-ready="error"]', { timeout: 10_000 });
}

export function calls(page) {
  return page.evaluate(() => window.__COURTDESK_CALLS__);
}

/** Problems that should never happen on any screen: script errors and CSP violations. */
export async function pageProblems(page) {
  return [...page.problems, ...(await page.evaluate(() => window.__CSP__)).map((v) => `csp: ${v}`)];
}

export async function axeViolations(page) {
  await page.addScriptTag({ url: AXE_PATH });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
}

/** Fails on any axe-core violation, script error or CSP violation on the page as it is. */
export async function clean(page, what = 'the page') {
  assert.deepEqual(await axeViolations(page), [], `axe violations on ${what}`);
  assert.deepEqual(await pageProblems(page), [], `script errors or CSP violations on ${what}`);
}

/**
 * Fails when a control `selector` finds lies outside the viewport or is covered at its centre by
 * another element, or when a text element's content is clipped by its own box.
 */
export async function assertFits(page, what, selector = 'button, a[href], input, select') {
  const problems = await page.$$eval(selector, (els) => {
    const found = [];
    const { innerWidth: w, innerHeight: vh } = window;
    for (const el of els) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || el.closest('[hidden], dialog:not([open])')) continue;
      const name = el.id || el.dataset.service || el.textContent.trim().slice(0, 20);
      if (box.left < 0 || box.top < 0 || box.right > w + 0.5 || box.bottom > vh + 0.5) {
        found.push(`${name} lies outside the ${w}x${vh} viewport`);
        continue;
      }
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (top && top !== el && !el.contains(top)) found.push(`${name} is covered by ${top.tagName.toLowerCase()}.${top.className}`);
    }
    for (const el of document.querySelectorAll('#app *, #banner *, #status *')) {
      const style = getComputedStyle(el);
      if (style.overflow === 'visible' || el.children.length > 0 || !el.textContent.trim()) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        found.push(`the text of ${el.id || el.className || el.tagName} is clipped`);
      }
    }
    return found;
  });
  assert.deepEqual(problems, [], `${what} does not fit`);
}

/** Fails unless every control `selector` finds on the screen is at least 64×64 px, a touch target. */
export async function assertLargeTargets(page, selector = '[data-screen] button') {
  for (const el of await page.$$(selector)) {
    const box = await el.boundingBox();
    if (!box) continue;
    const name = (await el.getAttribute('id')) ?? (await el.textContent());
    assert.ok(box.width >= 64 && box.height >= 64, `${name} is ${box.width}x${box.height}`);
  }
}

/**
 * Identifies the mock's visitor for `service` on the kiosk's keypads (ID number, then the code
 * the mock accepts) and waits for `arrival`, the screen the service goes on to.
 */
export async function identifyOnKeypads(page, service, arrival) {
  await page.click(`[data-service="${service}"]`);
  await page.waitForSelector('[data-screen="identity-id"]');
  for (const key of '11010519491231002X') await page.click(`[data-key="${key}"]`);
  await page.click('#identity-id-confirm');
  await page.waitForSelector('[data-screen="identity-code"]');
  for (const key of '482913') await page.click(`[data-key="${key}"]`);
  await page.click('#identity-code-confirm');
  await page.waitForSelector(arrival);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

/** Changes how the mock answers `cmd` from now on (see tests/harness/mock-ipc.js). */
export function setReply(page, cmd, reply) {
  return page.evaluate(([c, r]) => {
    const scenario = window.__COURTDESK_SCENARIO__;
    scenario.replies = { ...scenario.replies, [c]: r };
  }, [cmd, reply]);
}

/** The calls made of one command, oldest first. */
export async function callsOf(page, cmd) {
  return (await calls(page)).filter((c) => c.cmd === cmd).map((c) => c.args);
}

/** Runs `run` on the page `opened` resolves to, and closes the page's context whatever happens. */
export async function onPage(opened, run) {
  const page = await opened;
  try {
    await run(page);
  } finally {
    await page.context().close();
  }
}
