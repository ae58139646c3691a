// The kiosk home screen in a real Chromium: tiles, sizes, readiness and the language switch.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations, calls, pageProblems, screenshot, settled, setup } from './helpers/app.mjs';
import { LOCALES, TERMINAL_ID, TILES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

async function clean(page) {
  assert.deepEqual(await axeViolations(page), [], 'axe violations');
  assert.deepEqual(await pageProblems(page), [], 'script errors or CSP violations');
}

describe('kiosk home screen', () => {
  for (const locale of LOCALES) {
    test(`renders in ${locale}`, async () => {
      const page = await app.open({ info: info('kiosk', locale), tiles: TILES });
      try {
        assert.equal(await page.getAttribute('#app', 'data-mode'), 'kiosk');
        assert.equal(await page.getAttribute('#app', 'data-ready'), 'true');
        assert.equal(await page.textContent('h1'), msg(locale, 'kiosk.heading'));
        assert.equal(await page.title(), msg(locale, 'title.kiosk'));
        assert.equal(await page.textContent('[data-terminal-id]'), TERMINAL_ID);
        const other = locale === 'en' ? 'zh-CN' : 'en';
        assert.equal((await page.textContent('#lang-switch')).trim(), msg(other, 'lang.name'));
        const tiles = await page.$$eval('button[data-service]', (els) =>
          els.map((el) => ({ service: el.dataset.service, availability: el.dataset.availability, text: el.textContent })));
        assert.deepEqual(tiles.map(({ service, availability }) => ({ service, availability })), TILES);
        for (const tile of tiles) {
          assert.ok(tile.text.includes(msg(locale, `service.${tile.service}.title`)), `${tile.service} title`);
          assert.ok(tile.text.includes(msg(locale, `service.${tile.service}.desc`)), `${tile.service} description`);
        }
        await assertSpeaks(page, locale);
        assert.deepEqual((await calls(page)).map((c) => c.cmd), ['terminal_info', 'kiosk_services', 'identity_current']);
        await screenshot(page, `kiosk-${locale}`);
        await clean(page);
      } finally {
        await page.context().close();
      }
    });
  }

  test('keeps the tile order Rust gives and fits a 1280x1024 screen', async () => {
    const order = [...TILES].reverse();
    const page = await app.open({ info: info('kiosk'), tiles: order }, { width: 1280, height: 1024 });
    try {
      const services = await page.$$eval('button[data-service]', (els) => els.map((el) => el.dataset.service));
      assert.deepEqual(services, order.map((t) => t.service));
      await screenshot(page, 'kiosk-zh-CN-1280x1024');
      const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      assert.ok(overflow <= 0, `page scrolls by ${overflow}px at 1280x1024`);
    } finally {
      await page.context().close();
    }
  });

  test('every touch target is at least 64px and titles at least 28px', async () => {
    const page = await app.open({ info: info('kiosk'), tiles: TILES });
    try {
      const small = await page.$$eval('button', (els) => els
        .map((el) => ({ id: el.id || el.dataset.service, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width < 64 || r.height < 64).map(({ id }) => id));
      assert.deepEqual(small, [], 'buttons smaller than 64px');
      const sizes = await page.$$eval('.tile-title', (els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
      assert.ok(sizes.every((s) => s >= 28), `tile title sizes ${sizes}`);
      const heights = await page.$$eval('button[data-service]', (els) => els.map((el) => el.getBoundingClientRect().height));
      assert.ok(heights.every((h) => h >= 200), `tile heights ${heights}`);
    } finally {
      await page.context().close();
    }
  });

  test('is marked ready only after kiosk_services has answered', async () => {
    const page = await app.open(
      { info: info('kiosk'), tiles: TILES, replies: { kiosk_services: { delayMs: 2000, resolve: TILES } } },
      { wait: false },
    );
    try {
      // The readiness is read in the same turn that sees the call, well within the answer's delay
      // even on a loaded machine.
      const whileAsked = await page.waitForFunction(() => window.__COURTDESK_CALLS__?.some((c) => c.cmd === 'kiosk_services')
        && { ready: document.getElementById('app')?.dataset.ready ?? null });
      assert.notEqual((await whileAsked.jsonValue()).ready, 'true');
      await settled(page);
      assert.equal(await page.getAttribute('#app', 'data-ready'), 'true');
      assert.equal(await page.locator('button[data-service]').count(), 4);
    } finally {
      await page.context().close();
    }
  });
});

describe('kiosk language switch', () => {
  test('flips every string in place and never calls set_locale', async () => {
    const page = await app.open({ info: info('kiosk'), tiles: TILES });
    try {
      await page.evaluate(() => { window.__sameDocument = true; });
      await page.click('#lang-switch');
      await assertSpeaks(page, 'en');
      assert.equal(await page.textContent('h1'), msg('en', 'kiosk.heading'));
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'lang-switch', 'focus stays on the switch');
      await page.click('#lang-switch');
      await assertSpeaks(page, 'zh-CN');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
      const commands = (await calls(page)).map((c) => c.cmd);
      assert.ok(!commands.includes('set_locale'), `kiosk called set_locale: ${commands}`);
      assert.deepEqual(await pageProblems(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('a kiosk whose terminal_info says "en" starts in English', async () => {
    const page = await app.open({ info: info('kiosk', 'en'), tiles: TILES });
    try {
      await assertSpeaks(page, 'en');
      assert.equal(await page.textContent('.kiosk-greeting'), msg('en', 'kiosk.greeting'));
    } finally {
      await page.context().close();
    }
  });
});
