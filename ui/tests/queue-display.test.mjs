// The hall board on the wall display in a real Chromium: calls per window, the last calls and the
// waiting counts in both languages, the highlight of announced calls, and polling every 500 ms.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations, callsOf, pageProblems, screenshot, setReply, setup } from './helpers/app.mjs';
import { CALL_A017, ENQUIRY, HALL, LOCALES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const SIZE = { width: 1920, height: 1080 };
const START = new Date('2026-11-28T09:40:00+08:00');

function display(hall, { locale = 'zh-CN', replies = {}, clock, reducedMotion } = {}) {
  return app.open({ info: info('display', locale), hall, replies }, { ...SIZE, ...(clock ? { clock } : {}), reducedMotion });
}

const texts = (page, selector) => page.$$eval(selector, (els) => els.map((el) => el.textContent.trim()));
const classes = (page, selector) => page.getAttribute(selector, 'class');

describe('the hall board', () => {
  for (const locale of LOCALES) {
    test(`shows each window's call, the last calls and who waits, in both languages (${locale})`, async () => {
      const page = await display(HALL, { locale });
      try {
        // A display has no language switch: the whole screen speaks both languages, Chinese first.
        assert.deepEqual(await texts(page, 'h1 > .both > span'), [msg('zh-CN', 'display.heading'), msg('en', 'display.heading')]);
        assert.equal(await page.getAttribute('html', 'lang'), locale, "the page's language is the terminal's");
        assert.deepEqual(await texts(page, '[data-window-call] .call-number'), ['A015', 'B003', 'A017'], 'by window');
        const three = await page.innerText('[data-window-call="3"]');
        for (const part of [msg('zh-CN', 'display.to_window', { window: '3' }), msg('en', 'display.to_window', { window: '3' }), '立案登记', 'Case filing']) {
          assert.ok(three.includes(part), `window 3 shows "${part}": ${three}`);
        }
        // Chinese first, English after it and smaller.
        const sizes = await page.$$eval('[data-window-call="3"] .call-window > span', (els) => els.map((el) => [el.lang, parseFloat(getComputedStyle(el).fontSize)]));
        assert.equal(sizes[0][0], 'zh-CN');
        assert.equal(sizes[1][0], 'en');
        assert.ok(sizes[0][1] > sizes[1][1], `English is smaller: ${JSON.stringify(sizes)}`);
        const number = await page.$eval('[data-window-call="3"] .call-number', (el) => parseFloat(getComputedStyle(el).fontSize));
        assert.ok(number >= 96, `call numbers are ${number}px`);

        assert.match(await classes(page, '[data-window-call="3"]'), /\bis-latest\b/, 'the newest call stands out');
        assert.doesNotMatch(await classes(page, '[data-window-call="1"]'), /\bis-latest\b/);
        assert.deepEqual(await texts(page, '#recent-calls .recent-number'), ['A017', 'B003', 'A015', 'A014'], 'newest first');
        const counts = await page.$$eval('[data-waiting-service]', (els) => els.map((el) => [el.dataset.waitingService, el.querySelector('.waiting-count').textContent]));
        assert.deepEqual(counts, [['filing', '12'], ['enquiry', '3'], ['materials', '0']]);
        const board = await page.innerText('#hall-board');
        for (const key of ['display.recent', 'display.waiting']) {
          assert.ok(board.includes(msg('zh-CN', key)) && board.includes(msg('en', key)), `${key} in both languages`);
        }
        await assertSpeaks(page, locale, { bilingual: 'body', langSwitch: false });
        const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
        assert.ok(overflow <= 0, `the display scrolls by ${overflow}px`);
        await screenshot(page, `display-board-${locale}`);
        assert.deepEqual(await axeViolations(page), [], 'axe violations');
        assert.deepEqual(await pageProblems(page), [], 'script errors or CSP violations');
      } finally {
        await page.context().close();
      }
    });
  }

  test('an empty board says so in both languages', async () => {
    const page = await display(undefined, { locale: 'en' });
    try {
      const empty = await page.innerText('.calls-empty');
      assert.ok(empty.includes(msg('zh-CN', 'display.empty')) && empty.includes(msg('en', 'display.empty')), empty);
      assert.equal(await page.locator('[data-window-call]').count(), 0);
    } finally {
      await page.context().close();
    }
  });

  test('six windows and six services still fit the screen', async () => {
    const windows = [1, 2, 3, 4, 5, 6].map((window) => ({ ...CALL_A017, call_id: `c-${window}`, window, number: `A0${20 + window}` }));
    const waiting = [...HALL.waiting, ...HALL.waiting].map((w, i) => ({ ...w, service: { ...w.service, id: `s${i}` } }));
    const page = await display({ ...HALL, windows, recent: [...windows].reverse(), waiting });
    try {
      assert.equal(await page.locator('[data-window-call]').count(), 6);
      const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      assert.ok(overflow <= 0, `the display scrolls by ${overflow}px`);
      await screenshot(page, 'display-board-six-windows');
    } finally {
      await page.context().close();
    }
  });
});

describe('announced calls', () => {
  const announced = { ...HALL, announce: [CALL_A017] };

  test('are highlighted for a while and written out for screen readers', async () => {
    const replies = { hall_board: { sequence: [{ resolve: announced }, { resolve: HALL }] } };
    const page = await display(HALL, { replies, clock: START });
    try {
      assert.match(await classes(page, '[data-window-call="3"]'), /\bis-announced\b/);
      assert.doesNotMatch(await classes(page, '[data-window-call="1"]'), /\bis-announced\b/);
      assert.match(await classes(page, '#recent-calls [data-call-id="c-5"]'), /\bis-announced\b/);
      const said = await page.textContent('#hall-announce');
      const params = { number: 'A017', window: '3' };
      assert.ok(said.includes(msg('zh-CN', 'display.call_sentence', params)) && said.includes(msg('en', 'display.call_sentence', params)), said);
      assert.equal(await page.getAttribute('#hall-announce', 'aria-live'), 'polite');
      const animation = await page.$eval('[data-window-call="3"]', (el) => getComputedStyle(el).animationName);
      assert.equal(animation, 'hall-call-pulse');
      await screenshot(page, 'display-announced');
      assert.deepEqual(await axeViolations(page), [], 'axe violations while a call is highlighted');

      await page.clock.runFor(8_000);
      assert.match(await classes(page, '[data-window-call="3"]'), /\bis-announced\b/, 'still highlighted after 8 s');
      await page.clock.runFor(3_000);
      await page.waitForFunction(() => !document.querySelector('.is-announced'));
      assert.match(await classes(page, '[data-window-call="3"]'), /\bis-latest\b/, 'still the newest call');
    } finally {
      await page.context().close();
    }
  });

  test('a new call arriving on a later board is shown and highlighted at the next poll', async () => {
    const page = await display(HALL, { clock: START });
    try {
      assert.equal(await page.locator('.is-announced').count(), 0);
      const call = { call_id: 'c-6', window: 1, number: 'B004', service: ENQUIRY, called_at_ms: START.getTime() };
      const next = { ...HALL, windows: [call, ...HALL.windows.slice(1)], recent: [call, ...HALL.recent], announce: [call] };
      await setReply(page, 'hall_board', { sequence: [{ resolve: next }, { resolve: { ...next, announce: [] } }] });
      await page.clock.runFor(600);
      await page.waitForFunction(() => document.querySelector('[data-window-call="1"] .call-number')?.textContent === 'B004');
      assert.match(await classes(page, '[data-window-call="1"]'), /\bis-announced\b/);
      assert.match(await classes(page, '[data-window-call="1"]'), /\bis-latest\b/, 'the new call is the newest');
      assert.doesNotMatch(await classes(page, '[data-window-call="3"]'), /\bis-latest\b/);
    } finally {
      await page.context().close();
    }
  });

  test('with reduced motion the highlight holds still', async () => {
    const page = await display(announced, { reducedMotion: 'reduce' });
    try {
      const style = await page.$eval('[data-window-call="3"]', (el) => [getComputedStyle(el).animationName, getComputedStyle(el).outlineStyle]);
      assert.deepEqual(style, ['none', 'solid']);
    } finally {
      await page.context().close();
    }
  });
});

describe('polling', () => {
  test('reads hall_board every 500 ms and leaves an unchanged board untouched', async () => {
    const page = await display(HALL, { clock: START });
    try {
      await page.$eval('[data-window-call="3"]', (el) => { el.dataset.marked = 'yes'; });
      const first = (await callsOf(page, 'hall_board')).length;
      await page.clock.runFor(2_000);
      const reads = (await callsOf(page, 'hall_board')).length - first;
      assert.ok(reads >= 4 && reads <= 5, `${reads} reads in 2 s`);
      assert.equal(await page.getAttribute('[data-window-call="3"]', 'data-marked'), 'yes', 'the same element: no redraw, no restarted flash');
    } finally {
      await page.context().close();
    }
  });

  test('a failing read keeps the last board on the screen', async () => {
    const page = await display(HALL, { clock: START });
    try {
      await setReply(page, 'hall_board', { reject: { code: 'storage', message: 'x' } });
      await page.clock.runFor(1_500);
      assert.equal(await page.textContent('[data-window-call="3"] .call-number'), 'A017');
      assert.deepEqual(await pageProblems(page), []);
    } finally {
      await page.context().close();
    }
  });
});
