// The kiosk's not-available panel, context menu and idle reset in a real Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, pageProblems, screenshot, setup } from './helpers/app.mjs';
import { LOCALES, OFFERS, TILES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const focused = (page) => page.evaluate(() => document.activeElement?.dataset.service ?? document.activeElement?.textContent);

for (const locale of LOCALES) {
  test(`a not-yet-available tile opens a polite panel and closing it returns focus (${locale})`, async () => {
    const page = await app.open({ info: info('kiosk', locale), tiles: TILES });
    try {
      await page.click('button[data-service="case_enquiry"]');
      const dialog = page.getByRole('dialog', { name: msg(locale, 'kiosk.panel.title') });
      await dialog.waitFor();
      const text = await dialog.textContent();
      const service = msg(locale, 'service.case_enquiry.title');
      assert.ok(text.includes(msg(locale, 'kiosk.panel.body', { service })), `panel names the service: ${text}`);
      assert.ok(text.includes(msg(locale, 'kiosk.panel.next')), 'panel says to go to a staff window');
      assert.equal(await focused(page), msg(locale, 'kiosk.panel.ok'), 'focus moves to the OK button');
      const ok = await page.$eval('.panel-ok', (el) => el.getBoundingClientRect().height);
      assert.ok(ok >= 64, `OK button is ${ok}px tall`);
      await assertSpeaks(page, locale);
      await screenshot(page, `kiosk-panel-${locale}`);
      assert.deepEqual(await axeViolations(page), [], 'axe violations with the panel open');

      await page.getByRole('button', { name: msg(locale, 'kiosk.panel.ok') }).click();
      assert.equal(await dialog.count(), 0, 'panel closed');
      assert.equal(await focused(page), 'case_enquiry', 'focus returns to the tile');

      await page.click('button[data-service="case_enquiry"]');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      assert.equal(await dialog.count(), 0, 'Escape closes the panel');
      assert.equal(await focused(page), 'case_enquiry');
      assert.deepEqual(await pageProblems(page), []);
    } finally {
      await page.context().close();
    }
  });
}

test('an available tile starts its service, not the panel', async () => {
  const page = await app.open({ info: info('kiosk'), tiles: TILES, offers: OFFERS });
  try {
    await page.click('button[data-service="queue_ticket"]');
    await page.waitForSelector('[data-screen="queue-services"]');
    assert.equal(await page.locator('dialog').count(), 0);
    await page.click('#queue-home');
    // Submitting materials begins with who the person is.
    await page.click('button[data-service="submit_materials"]');
    await page.waitForSelector('[data-screen="identity-id"][data-purpose="submit_materials"]');
    assert.equal(await page.locator('dialog').count(), 0);
  } finally {
    await page.context().close();
  }
});

test('the kiosk suppresses the context menu; staff does not', async () => {
  for (const [mode, expected] of [['kiosk', true], ['staff', false]]) {
    const page = await app.open({ info: info(mode), tiles: TILES });
    try {
      const seen = page.evaluate(() => new Promise((resolve) => {
        window.addEventListener('contextmenu', (e) => resolve(e.defaultPrevented), { once: true });
      }));
      await page.click('h1', { button: 'right' });
      assert.equal(await seen, expected, `${mode}: context menu prevented`);
    } finally {
      await page.context().close();
    }
  }
});

test('90 s untouched and a 15 s countdown later the kiosk closes the panel and returns to its default language', async () => {
  const page = await app.open({ info: info('kiosk'), tiles: TILES }, { clock: new Date('2026-11-28T10:00:00+08:00') });
  try {
    await page.click('#lang-switch');
    await page.click('button[data-service="case_enquiry"]');
    await page.getByRole('dialog').waitFor();
    await page.clock.runFor(60_000);
    assert.equal(await page.locator('dialog[open]').count(), 1, 'still open after 60 s');
    await page.clock.runFor(31_000);
    assert.equal(await page.locator('#idle-countdown[open]').count(), 1, 'the countdown asks after 90 s');
    await page.clock.runFor(16_000);
    assert.equal(await page.locator('dialog[open]').count(), 0, 'panel and countdown closed when idle');
    await assertSpeaks(page, 'zh-CN');
  } finally {
    await page.context().close();
  }
});
