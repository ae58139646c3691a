// The hall display read from 10 m, measured in a real Chromium: the current calls' ticket and
// window numbers are the largest text, English is never under 40 px at 1080p, several calls show
// at once, nothing on the screen is a control or a terminal id, and at 1920x1080, 1366x768 and a
// portrait 1080x1920 in both languages nothing is clipped, outside the screen or on top of
// something else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clean, screenshot, setup } from './helpers/app.mjs';
import { CALL_A017, HALL, LOCALES, TERMINAL_ID, assertSpeaks, info } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const HD = { width: 1920, height: 1080 };
const SIZES = [HD, { width: 1366, height: 768 }, { width: 1080, height: 1920 }];
const START = new Date('2026-11-28T09:40:00+08:00');

/** Six windows calling at once (one of them window 12), and six services waiting. */
const SIX_WINDOWS = (() => {
  const windows = [1, 2, 3, 4, 5, 12].map((window, i) => ({ ...CALL_A017, call_id: `c-${window}`, window, number: `A0${21 + i}` }));
  const waiting = [...HALL.waiting, ...HALL.waiting].map((w, i) => ({ ...w, service: { ...w.service, id: `s${i}` } }));
  return { ...HALL, windows, recent: [...windows].reverse(), waiting };
})();
const ONE_WINDOW = { ...HALL, windows: [CALL_A017] };
const BOARDS = { three: HALL, six: SIX_WINDOWS, one: ONE_WINDOW, empty: undefined };

function display(hall, locale, size = HD) {
  return app.open({ info: info('display', locale), hall }, { ...size, clock: START });
}

/**
 * Every visible text on the page: its text, the language it is marked as, the font size of its
 * element, the height of its glyph box, and whether it belongs to a current call.
 */
function texts(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent.trim();
      if (!text || !el.checkVisibility() || el.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      out.push({
        text,
        lang: el.closest('[lang]').lang,
        size: parseFloat(getComputedStyle(el).fontSize),
        glyph: box.height,
        current: Boolean(el.closest('.window-call')),
        role: el.closest('.call-number') ? 'number' : el.closest('.call-window .both-zh .call-window-no') ? 'window' : null,
      });
    }
    return out;
  });
}

/**
 * What is wrong with the layout: a block of text (an element that is not inline and holds text)
 * outside the viewport, an element whose content overflows its box (clipped or spilling: wider
 * at all, or taller by more than its glyphs' ascent), or two blocks of text that overlap, neither
 * inside the other.
 */
function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 30)}"`;
    const shown = [...document.body.querySelectorAll('*')].filter((el) => el.checkVisibility() && !el.closest('.visually-hidden'));
    const block = (el) => !['inline', 'contents'].includes(getComputedStyle(el).display);
    const holdsText = (el) => [...el.childNodes].some((n) => (n.nodeType === Node.TEXT_NODE && n.textContent.trim())
      || (n.nodeType === Node.ELEMENT_NODE && !block(n) ? false : n.nodeType === Node.ELEMENT_NODE && getComputedStyle(n).display === 'inline' && n.textContent.trim()));
    const blocks = shown.filter((el) => block(el) && holdsText(el));
    assert(blocks.length > 5, 'texts found');
    for (const el of blocks) {
      const r = el.getBoundingClientRect();
      if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
        problems.push(`outside the screen: ${name(el)} at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
      }
    }
    for (const el of shown.filter(block)) {
      // Glyphs taller than a tight line (line-height 1) count as overflow in Chromium: a quarter
      // of the largest font on its lines is that, and less than any line of text spilling out.
      const inline = [el, ...el.querySelectorAll('*')].filter((d) => d === el || getComputedStyle(d).display === 'inline');
      const slack = Math.max(...inline.map((d) => parseFloat(getComputedStyle(d).fontSize))) / 4 + 1;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + slack) {
        problems.push(`overflows its box: ${name(el)} ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
      }
    }
    for (let i = 0; i < blocks.length; i += 1) {
      for (let j = i + 1; j < blocks.length; j += 1) {
        const [a, b] = [blocks[i], blocks[j]];
        if (a.contains(b) || b.contains(a)) continue;
        const [p, q] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 1 && h > 1) problems.push(`overlap: ${name(a)} and ${name(b)}`);
      }
    }
    return problems;
    function assert(ok, what) {
      if (!ok) problems.push(`no ${what}`);
    }
  });
}

describe('read from across the hall at 1920x1080', () => {
  for (const locale of LOCALES) {
    test(`the current calls' ticket and window numbers are the largest text on screen (${locale})`, async () => {
      const page = await display(HALL, locale);
      try {
        const all = await texts(page);
        const numbers = all.filter((t) => t.role === 'number');
        const windows = all.filter((t) => t.role === 'window');
        assert.deepEqual(numbers.map((t) => t.text), ['A015', 'B003', 'A017']);
        assert.deepEqual(windows.map((t) => t.text), ['1', '2', '3']);
        const others = all.filter((t) => !t.current);
        const clock = others.find((t) => /^\d{2}:\d{2}$/.test(t.text));
        assert.ok(clock, 'the clock is on screen');
        const heading = await page.$eval('h1', (el) => parseFloat(getComputedStyle(el.querySelector('.both-zh')).fontSize));
        const smallest = Math.min(...[...numbers, ...windows].map((t) => t.glyph));
        const largest = others.reduce((a, b) => (b.glyph > a.glyph ? b : a));
        assert.ok(smallest > largest.glyph, `current calls' glyphs (${smallest}px) over everything else (${largest.glyph}px, "${largest.text}")`);
        assert.ok(smallest > clock.glyph && Math.min(...numbers.map((t) => t.size)) > Math.max(clock.size, heading),
          `over the clock (${clock.size}px) and the heading (${heading}px)`);
        // The window's number is as large as the ticket's.
        assert.deepEqual([...new Set(windows.map((t) => t.size))], [...new Set(numbers.map((t) => t.size))]);
      } finally {
        await page.context().close();
      }
    });

    test(`English is at least 40 px and Chinese comes first (${locale})`, async () => {
      const page = await display(HALL, locale);
      try {
        const english = (await texts(page)).filter((t) => t.lang === 'en' && /[a-z]/i.test(t.text));
        assert.ok(english.length >= 10, `English texts found: ${english.length}`);
        const small = english.filter((t) => t.size < 40);
        assert.deepEqual(small.map((t) => `${t.text} ${t.size}px`), [], 'English under 40 px');
        for (const pair of await page.$$eval('.both', (els) => els.map((el) => [...el.children].map((c) => c.lang)))) {
          assert.deepEqual(pair, ['zh-CN', 'en'], 'Chinese, then English');
        }
        await assertSpeaks(page, locale, { bilingual: 'body', langSwitch: false });
      } finally {
        await page.context().close();
      }
    });
  }

  test('six windows calling at once are all shown in full, larger than anything else', async () => {
    const page = await display(SIX_WINDOWS, 'zh-CN');
    try {
      const cards = await page.$$eval('[data-window-call]', (els) => els.map((el) => {
        const r = el.getBoundingClientRect();
        return { window: el.dataset.windowCall, visible: el.checkVisibility(), inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight };
      }));
      assert.deepEqual(cards.map((c) => c.window), ['1', '2', '3', '4', '5', '12']);
      assert.ok(cards.every((c) => c.visible && c.inside), JSON.stringify(cards));
      const all = await texts(page);
      const current = all.filter((t) => t.role);
      assert.equal(current.length, 12, 'six ticket numbers and six window numbers');
      const others = all.filter((t) => !t.current);
      assert.ok(Math.min(...current.map((t) => t.glyph)) > Math.max(...others.map((t) => t.glyph)), 'still the largest text');
      assert.deepEqual(await layoutProblems(page), []);
      await screenshot(page, 'display-hd-six-windows');
    } finally {
      await page.context().close();
    }
  });

  test('a display has no controls and no terminal id', async () => {
    for (const hall of [HALL, undefined]) {
      const page = await display(hall, 'zh-CN');
      try {
        assert.equal(await page.locator('button, input, select, textarea, a[href], [tabindex], #lang-switch').count(), 0, 'nothing to touch');
        assert.equal(await page.locator('[data-terminal-id], .terminal-tag').count(), 0);
        const everything = await page.evaluate(() => document.documentElement.outerHTML);
        assert.ok(!everything.includes(TERMINAL_ID), 'the terminal id is nowhere in the page');
        await clean(page, 'the display');
      } finally {
        await page.context().close();
      }
    }
  });
});

describe('fits every panel', () => {
  for (const size of SIZES) {
    for (const locale of LOCALES) {
      test(`${size.width}x${size.height}, ${locale}: nothing clipped, outside the screen or overlapping`, async () => {
        for (const [name, hall] of Object.entries(BOARDS)) {
          const page = await display(hall, locale, size);
          try {
            const problems = await layoutProblems(page);
            assert.deepEqual(problems, [], `${name} board`);
            if (hall) {
              assert.equal(await page.locator('[data-window-call]').count(), hall.windows.length, `${name}: every current call shown`);
              const shown = await page.$$eval('#recent-calls .recent-call', (els) => els.filter((el) => el.checkVisibility()).length);
              assert.ok(shown >= 2, `${name}: ${shown} of the last calls shown`);
            }
            if (name !== 'empty') await screenshot(page, `display-${name}-${size.width}x${size.height}-${locale}`);
          } finally {
            await page.context().close();
          }
        }
      });
    }
  }
});
