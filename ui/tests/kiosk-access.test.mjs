// Large text and high contrast at the kiosk in a real Chromium: switched from every screen's bottom bar, kept
// through the visit, wiped with it, on by default when the system asks for more contrast, and
// every screen still fitting and free of axe violations in both.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFits, clean, screenshot, setup } from './helpers/app.mjs';
import { LOCALES, MORNING, OFFERS, TILES, info, msg, ticket } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

function kiosk(locale = 'zh-CN', options = {}) {
  return app.open({ info: info('kiosk', locale), tiles: TILES, offers: OFFERS, ticket: ticket() }, { clock: MORNING, ...options });
}

const fontSize = (page, selector) => page.$eval(selector, (el) => parseFloat(getComputedStyle(el).fontSize));
const pressed = (page, id) => page.getAttribute(`#${id}`, 'aria-pressed');
const rootData = (page) => page.evaluate(() => ({ ...document.documentElement.dataset }));
const onScreen = (page, name) => page.waitForSelector(`[data-screen="${name}"]`);

describe('large text and high contrast at the kiosk', () => {
  for (const locale of LOCALES) {
    test(`are switched from the bottom bar and every screen keeps fitting (${locale})`, async () => {
      const page = await kiosk(locale);
      try {
        assert.equal(await page.textContent('#access-large'), msg(locale, 'kiosk.access.large_short'));
        assert.equal(await page.getAttribute('#access-large', 'aria-label'), msg(locale, 'kiosk.access.large'));
        assert.equal(await page.textContent('#access-contrast'), msg(locale, 'kiosk.access.contrast_short'));
        assert.equal(await page.getAttribute('#access-contrast', 'aria-label'), msg(locale, 'kiosk.access.contrast'));
        assert.equal(await pressed(page, 'access-large'), 'false');
        assert.equal(await pressed(page, 'access-contrast'), 'false');
        const normal = await fontSize(page, '.tile-desc');
        const title = await fontSize(page, '.tile-title');

        await page.click('#access-large');
        assert.equal(await pressed(page, 'access-large'), 'true');
        assert.equal((await rootData(page)).text, 'large');
        assert.equal(await fontSize(page, '.tile-desc'), normal * 1.25, 'small text grows by a quarter');
        assert.equal(await fontSize(page, '.tile-title'), title, 'text already large stays as it is');
        const smallest = await page.$$eval('#app *, #status *', (els) => Math.min(...els
          .filter((el) => el.checkVisibility() && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
          .map((el) => parseFloat(getComputedStyle(el).fontSize))));
        assert.ok(smallest >= 27, `no text smaller than 27px in large text, found ${smallest}px`);
        assert.ok(await page.evaluate(() => document.activeElement?.id === 'access-large'), 'focus stays on the switch');
        await assertFits(page, 'the home screen in large text');
        await screenshot(page, `kiosk-large-${locale}`);
        await clean(page, 'the home screen in large text');

        await page.click('#access-contrast');
        assert.equal(await pressed(page, 'access-contrast'), 'true');
        assert.equal((await rootData(page)).contrast, 'high');
        const colours = await page.$eval('.tile-title', (el) => [getComputedStyle(el).color, getComputedStyle(el.closest('.tile')).backgroundColor]);
        assert.deepEqual(colours, ['rgb(255, 255, 255)', 'rgb(0, 0, 0)'], 'white on black');
        await assertFits(page, 'the home screen in large text and high contrast');
        await screenshot(page, `kiosk-large-contrast-${locale}`);
        await clean(page, 'the home screen in high contrast');

        // Kept through the visit: the ticket flow in both.
        await page.click('[data-service="queue_ticket"]');
        await onScreen(page, 'queue-services');
        assert.equal(await pressed(page, 'access-large'), 'true', 'the switch is on every screen');
        await assertFits(page, 'the services in large text');
        await clean(page, 'the services in high contrast');
        await page.click('[data-queue-service="filing"]');
        await onScreen(page, 'queue-confirm');
        await assertFits(page, 'the confirmation in large text');
        await clean(page, 'the confirmation in high contrast');
        await page.click('#take-ticket');
        await onScreen(page, 'queue-ticket');
        await assertFits(page, 'the ticket in large text');
        await screenshot(page, `queue-ticket-large-contrast-${locale}`);
        await clean(page, 'the ticket in high contrast');

        // Wiped with the visit.
        await page.click('#finish-and-clear');
        await page.waitForSelector('[data-service]');
        assert.deepEqual(await rootData(page).then(({ text, contrast }) => ({ text, contrast })), { text: undefined, contrast: undefined });
        assert.equal(await pressed(page, 'access-large'), 'false');
        assert.equal(await fontSize(page, '.tile-desc'), normal);
      } finally {
        await page.context().close();
      }
    });
  }

  test('high contrast is on from the start when the system asks for more contrast, and the next visit finds it on again', async () => {
    const page = await kiosk('zh-CN', { contrast: 'more' });
    try {
      assert.equal(await pressed(page, 'access-contrast'), 'true');
      assert.equal((await rootData(page)).contrast, 'high');
      await clean(page, 'the home screen as the system asked');
      await page.click('#access-contrast');
      assert.equal((await rootData(page)).contrast, undefined, 'a person may still turn it off');
      await page.click('[data-service="queue_ticket"]');
      await onScreen(page, 'queue-services');
      await page.click('#finish-and-clear');
      await page.waitForSelector('[data-service]');
      assert.equal((await rootData(page)).contrast, 'high', 'back to the system\'s choice for the next person');
    } finally {
      await page.context().close();
    }
  });

  test('large text fits a 1280x1024 kiosk screen', async () => {
    const page = await kiosk('zh-CN', { width: 1280, height: 1024 });
    try {
      await page.click('#access-large');
      await assertFits(page, 'the home screen in large text at 1280x1024');
      await page.click('[data-service="queue_ticket"]');
      await onScreen(page, 'queue-services');
      await assertFits(page, 'the services in large text at 1280x1024');
      await screenshot(page, 'queue-services-large-1280x1024');
    } finally {
      await page.context().close();
    }
  });
});
