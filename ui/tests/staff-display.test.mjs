// Staff desk and wall display in a real Chromium: content, languages saved through set_locale, clock.
// The queue panels themselves are tested in queue-desk.test.mjs and queue-display.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations, calls, pageProblems, screenshot, setup } from './helpers/app.mjs';
import { LOCALES, TERMINAL_ID, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const SIZE = { staff: { width: 1280, height: 800 }, display: { width: 1920, height: 1080 } };
const CONTENT = {
  staff: ['staff.heading', 'staff.calling.title', 'desk.current.none', 'staff.review.title', 'staff.handover.title', 'staff.not_yet'],
  display: ['display.heading', 'display.calls', 'display.empty'],
};
const NOON = new Date('2026-11-28T09:05:00+08:00');

for (const mode of ['staff', 'display']) {
  describe(`${mode} home screen`, () => {
    for (const locale of LOCALES) {
      test(`renders in ${locale}`, async () => {
        const page = await app.open({ info: info(mode, locale) }, SIZE[mode]);
        try {
          assert.equal(await page.getAttribute('#app', 'data-mode'), mode);
          assert.equal(await page.getAttribute('#app', 'data-ready'), 'true');
          assert.equal(await page.title(), msg(locale, `title.${mode}`));
          const body = await page.innerText('body');
          if (mode === 'staff') {
            assert.equal(await page.textContent('h1'), msg(locale, CONTENT[mode][0]));
            for (const key of CONTENT[mode]) assert.ok(body.includes(msg(locale, key)), `shows ${key}`);
            assert.equal(await page.textContent('[data-terminal-id]'), TERMINAL_ID);
            assert.ok(await page.isVisible('#lang-switch'), 'language switch visible');
            assert.ok(body.includes('0.1.0'), 'shows the version');
            await assertSpeaks(page, locale);
          } else {
            // The hall reads both languages at once, Chinese first, whatever the terminal's language;
            // nobody touches a display, so it has no switch, and its terminal id is for staff only.
            for (const key of CONTENT[mode]) {
              assert.ok(body.includes(msg('zh-CN', key)) && body.includes(msg('en', key)), `shows ${key} in both languages`);
            }
            assert.equal(await page.locator('[data-terminal-id], #lang-switch').count(), 0, 'no terminal id, no switch');
            assert.ok(!body.includes(TERMINAL_ID));
            await assertSpeaks(page, locale, { bilingual: 'body', langSwitch: false });
          }
          const commands = new Set((await calls(page)).map((c) => c.cmd));
          assert.deepEqual([...commands], mode === 'staff' ? ['terminal_info', 'staff_current', 'sync_status', 'desk_board'] : ['terminal_info', 'hall_board']);
          await screenshot(page, `${mode}-${locale}`);
          assert.deepEqual(await axeViolations(page), [], 'axe violations');
          assert.deepEqual(await pageProblems(page), [], 'script errors or CSP violations');
        } finally {
          await page.context().close();
        }
      });
    }

    if (mode === 'display') return;

    test('the language switch flips every string and saves the choice with set_locale', async () => {
      const page = await app.open({ info: info(mode) }, SIZE[mode]);
      try {
        await page.click('#lang-switch');
        await assertSpeaks(page, 'en');
        await page.click('#lang-switch');
        await assertSpeaks(page, 'zh-CN');
        const saves = (await calls(page)).filter((c) => c.cmd === 'set_locale').map((c) => c.args);
        assert.deepEqual(saves, [{ locale: 'en' }, { locale: 'zh-CN' }]);
        assert.equal(await page.textContent('#notice'), '', 'no notice when the choice was remembered');
      } finally {
        await page.context().close();
      }
    });

    test('tells politely when the choice was not saved, without the raw message', async () => {
      const replies = { set_locale: { reject: { code: 'storage', message: 'SQLITE_FULL raw detail' } } };
      const page = await app.open({ info: info(mode), replies }, SIZE[mode]);
      try {
        await page.click('#lang-switch');
        const expected = msg('en', 'notice.locale_not_saved', { reason: msg('en', 'error.storage') });
        await page.waitForFunction((text) => document.getElementById('notice')?.textContent === text, expected);
        assert.equal(await page.getAttribute('#app', 'data-ready'), 'true', 'the screen stays usable');
        assert.ok(!(await page.innerText('body')).includes('SQLITE'), 'raw message shown');
      } finally {
        await page.context().close();
      }
    });
  });
}

test('staff says when a language choice will not outlive a restart', async () => {
  const page = await app.open({ info: info('staff'), replies: { set_locale: { resolve: { remembered: false } } } });
  try {
    await page.click('#lang-switch');
    await page.waitForFunction((text) => document.getElementById('notice')?.textContent === text,
      msg('en', 'notice.locale_not_remembered'));
  } finally {
    await page.context().close();
  }
});

test('the display shows the local date and HH:MM and keeps it current', async () => {
  const page = await app.open({ info: info('display') }, { clock: NOON });
  try {
    assert.equal(await page.textContent('.clock-time'), '09:05');
    assert.match(await page.textContent('.clock-date [lang="zh-CN"]'), /2026年11月28日/);
    assert.match(await page.textContent('.clock-date [lang="en"]'), /November 28, 2026/, 'the date in English too');
    await page.clock.runFor(60_000);
    assert.equal(await page.textContent('.clock-time'), '09:06');
  } finally {
    await page.context().close();
  }
});

test('the display\'s clock is the site\'s, whatever the PC\'s time zone', async () => {
  // The browser runs in China's time here; the site is set to UTC.
  const page = await app.open({ info: { ...info('display'), site_utc_offset_minutes: 0 } }, { clock: NOON });
  try {
    assert.equal(await page.textContent('.clock-time'), '01:05');
    assert.equal(await page.getAttribute('.clock-face', 'datetime'), '2026-11-28T01:05');
  } finally {
    await page.context().close();
  }
});
