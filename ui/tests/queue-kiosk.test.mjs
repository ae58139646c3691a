// Taking a queue ticket at the kiosk in a real Chromium: the taps it takes, every way it can go
// wrong and what the screen then says, sizes for a touch screen, and the walk-away resets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callsOf, clean, screenshot, setup } from './helpers/app.mjs';
import { LOCALES, MORNING, OFFERS, TILES, assertSpeaks, info, issued, msg, ticket } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

function kiosk(locale = 'zh-CN', replies = {}, extra = {}) {
  return app.open({ info: info('kiosk', locale), tiles: TILES, offers: OFFERS, ticket: ticket(), replies }, { clock: MORNING, ...extra });
}

/** Counts every tap from now on, wherever it lands. */
async function countTaps(page) {
  await page.evaluate(() => {
    window.__taps = 0;
    document.addEventListener('click', () => { window.__taps += 1; }, { capture: true });
  });
}

const taps = (page) => page.evaluate(() => window.__taps);
const text = (page, selector) => page.innerText(selector);
const onScreen = (page, name) => page.waitForSelector(`[data-screen="${name}"]`);

/** Touch targets at least 64px each way, and no scrolling on the kiosk's screen. */
async function touchable(page, what) {
  const small = await page.$$eval('#app button', (els) => els
    .filter((el) => el.checkVisibility())
    .map((el) => ({ name: el.id || el.dataset.queueService || el.dataset.priority || el.textContent, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 64 || r.height < 64).map(({ name }) => name));
  assert.deepEqual(small, [], `buttons smaller than 64px on ${what}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert.ok(overflow <= 0, `${what} scrolls by ${overflow}px`);
}

describe('taking a ticket', () => {
  for (const locale of LOCALES) {
    test(`takes three taps from the home screen (${locale})`, async () => {
      const page = await kiosk(locale);
      try {
        await countTaps(page);
        await page.click('[data-service="queue_ticket"]');
        await onScreen(page, 'queue-services');
        assert.equal(await text(page, '#queue-title'), msg(locale, 'queue.services.title'));
        const filing = await text(page, '[data-queue-service="filing"]');
        assert.ok(filing.includes(OFFERS[0].service[locale === 'en' ? 'name_en' : 'name_zh']), filing);
        assert.ok(filing.includes(msg(locale, 'queue.waiting', { count: '12' })), `waiting count: ${filing}`);
        assert.ok(filing.includes(msg(locale, 'queue.wait', { minutes: '12' })), `estimated wait: ${filing}`);
        assert.ok(filing.includes(locale === 'en' ? 'about 12 min' : '约 12 分钟'), filing);
        await assertSpeaks(page, locale);
        await touchable(page, 'the services');
        await screenshot(page, `queue-services-${locale}`);
        await clean(page, 'the services');

        await page.click('[data-queue-service="filing"]');
        await onScreen(page, 'queue-confirm');
        const confirm = await text(page, '[data-screen="queue-confirm"]');
        assert.ok(confirm.includes(OFFERS[0].service[locale === 'en' ? 'name_en' : 'name_zh']), 'names the service');
        assert.equal(await text(page, '.queue-confirm-waiting'), msg(locale, 'queue.people', { count: '12' }));
        assert.equal(await text(page, '.queue-confirm-wait'), msg(locale, 'queue.wait', { minutes: '12' }));
        assert.equal(await text(page, '#take-ticket'), msg(locale, 'queue.take'));
        assert.equal(await page.isVisible('[data-priority="elderly"]'), false, 'priority choices start hidden');
        await assertSpeaks(page, locale);
        await touchable(page, 'the confirmation');
        await screenshot(page, `queue-confirm-${locale}`);
        await clean(page, 'the confirmation');

        await page.click('#take-ticket');
        await onScreen(page, 'queue-ticket');
        assert.equal(await taps(page), 3, 'tile, service, take');
        assert.deepEqual(await callsOf(page, 'take_ticket'), [{ service: 'filing', priority: 'normal' }]);
        assert.equal(await text(page, '#ticket-number'), 'A017');
        const shown = await text(page, '[data-screen="queue-ticket"]');
        for (const expected of [
          OFFERS[0].service[locale === 'en' ? 'name_en' : 'name_zh'],
          msg(locale, 'queue.ticket.ahead'),
          msg(locale, 'queue.wait', { minutes: '12' }),
          '2026-11-28 09:41',
          msg(locale, 'queue.ticket.keep'),
          msg(locale, 'queue.done'),
        ]) assert.ok(shown.includes(expected), `ticket shows "${expected}": ${shown}`);
        assert.equal(await text(page, '.queue-ticket-ahead'), msg(locale, 'queue.people', { count: '12' }));
        const size = await page.$eval('#ticket-number', (el) => parseFloat(getComputedStyle(el).fontSize));
        assert.ok(size >= 160, `the number is ${size}px`);
        await assertSpeaks(page, locale);
        await touchable(page, 'the ticket');
        await screenshot(page, `queue-ticket-${locale}`);
        await clean(page, 'the ticket');
      } finally {
        await page.context().close();
      }
    });

    test(`a priority ticket takes three taps from the services (${locale})`, async () => {
      const page = await kiosk(locale, { take_ticket: issued(ticket('elderly')) });
      try {
        await page.click('[data-service="queue_ticket"]');
        await onScreen(page, 'queue-services');
        await countTaps(page);
        await page.click('[data-queue-service="filing"]');
        assert.equal(await page.getAttribute('#need-priority', 'aria-expanded'), 'false');
        await page.click('#need-priority');
        assert.equal(await page.getAttribute('#need-priority', 'aria-expanded'), 'true');
        assert.equal(await text(page, '.queue-priority-note'), msg(locale, 'queue.priority.note'));
        for (const kind of ['elderly', 'disabled', 'pregnant']) {
          assert.equal(await text(page, `[data-priority="${kind}"]`), msg(locale, `queue.priority.${kind}`));
        }
        await assertSpeaks(page, locale);
        await touchable(page, 'the priority choices');
        await screenshot(page, `queue-priority-${locale}`);
        await clean(page, 'the priority choices');

        await page.click('[data-priority="elderly"]');
        await onScreen(page, 'queue-ticket');
        assert.equal(await taps(page), 3, 'service, "I need priority", elderly');
        assert.deepEqual(await callsOf(page, 'take_ticket'), [{ service: 'filing', priority: 'elderly' }]);
        const mark = msg(locale, 'queue.priority_mark', { kind: msg(locale, 'queue.priority.elderly') });
        assert.equal(await text(page, '.queue-ticket-priority'), mark);
      } finally {
        await page.context().close();
      }
    });
  }

  test('a second tap while the ticket is issued takes no second ticket', async () => {
    const page = await kiosk('zh-CN', { take_ticket: { delayMs: 400, ...issued() } });
    try {
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#take-ticket');
      assert.equal(await page.isDisabled('#take-ticket'), true, 'take is disabled while issuing');
      assert.equal(await text(page, '.queue-taking'), msg('zh-CN', 'queue.taking'));
      await page.click('#take-ticket', { force: true });
      await onScreen(page, 'queue-ticket');
      assert.equal((await callsOf(page, 'take_ticket')).length, 1);
    } finally {
      await page.context().close();
    }
  });

  test('an unprinted ticket says to remember the number', async () => {
    const page = await kiosk('en', { take_ticket: issued(ticket('normal', { printed: false, people_ahead: 0, wait_minutes: null })) });
    try {
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#take-ticket');
      await onScreen(page, 'queue-ticket');
      assert.equal(await text(page, '.queue-ticket-keep'), msg('en', 'queue.ticket.not_printed'));
      assert.equal(await text(page, '.queue-ticket-ahead'), msg('en', 'queue.ticket.ahead_none'));
      assert.equal(await text(page, '.queue-ticket-wait'), msg('en', 'queue.wait_none'));
    } finally {
      await page.context().close();
    }
  });
});

describe('services that are not dispensing', () => {
  for (const locale of LOCALES) {
    test(`are shown disabled with when to come back (${locale})`, async () => {
      const page = await kiosk(locale);
      try {
        await page.click('[data-service="queue_ticket"]');
        await onScreen(page, 'queue-services');
        const expected = {
          filing: [false, msg(locale, 'queue.wait', { minutes: '12' })],
          enquiry: [false, msg(locale, 'queue.wait_none')],
          materials: [true, msg(locale, 'queue.offer.closed_until', { time: msg(locale, 'time.today', { time: '14:00' }) })],
          enforcement: [true, msg(locale, 'queue.offer.quota_until', { time: msg(locale, 'time.tomorrow', { time: '08:30' }) })],
          mediation: [true, msg(locale, 'queue.offer.locked')],
        };
        for (const [id, [disabled, detail]] of Object.entries(expected)) {
          const selector = `[data-queue-service="${id}"]`;
          assert.equal(await page.isDisabled(selector), disabled, `${id} disabled`);
          assert.ok((await text(page, selector)).includes(detail), `${id} says "${detail}": ${await text(page, selector)}`);
        }
      } finally {
        await page.context().close();
      }
    });
  }

  const refusals = [
    ['closed', { state: 'closed', reopens: '2026-11-28 14:00' }, 'queue.stop.closed_until', { time: 'time.today' }],
    ['closed for the day', { state: 'closed', reopens: null }, 'queue.stop.closed', null],
    ['quota reached', { state: 'quota_reached', next_open: '2026-11-29 08:30' }, 'queue.stop.quota_until', { time: 'time.tomorrow' }],
    ['quota reached, no date', { state: 'quota_reached', next_open: null }, 'queue.stop.quota', null],
    ['paused', { state: 'locked' }, 'queue.stop.locked', null],
  ];
  for (const [name, dispense, key, param] of refusals) {
    test(`a take refused as ${name} says why and what to do`, async () => {
      const page = await kiosk('en', { take_ticket: { resolve: { outcome: 'not_dispensing', dispense } } });
      try {
        await page.click('[data-service="queue_ticket"]');
        await page.click('[data-queue-service="filing"]');
        await page.click('#take-ticket');
        await onScreen(page, 'queue-problem');
        const time = param && msg('en', param.time, { time: (dispense.reopens ?? dispense.next_open).slice(11) });
        assert.equal(await text(page, '[role="alert"]'), msg('en', key, time ? { time } : {}));
        assert.equal(await text(page, '#queue-title'), msg('en', 'queue.stop.title'));
        assert.equal(await page.getAttribute('[data-problem]', 'data-problem'), 'not_dispensing');
        await page.click('#queue-back');
        await onScreen(page, 'queue-services');
        assert.equal((await callsOf(page, 'queue_offer')).length, 2, 'the services were read again');
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('errors', () => {
  for (const locale of LOCALES) {
    test(`print_failed says the ticket does not count, and a retry takes one (${locale})`, async () => {
      const reject = { code: 'print_failed', message: 'printer jammed: raw detail' };
      const page = await kiosk(locale, { take_ticket: { reject, times: 1, ...issued() } });
      try {
        await page.click('[data-service="queue_ticket"]');
        await page.click('[data-queue-service="filing"]');
        await page.click('#take-ticket');
        await onScreen(page, 'queue-problem');
        assert.equal(await text(page, '[role="alert"]'), msg(locale, 'queue.error.print_failed'));
        assert.ok(!(await page.innerText('body')).includes('raw detail'), 'the raw message is shown');
        await assertSpeaks(page, locale);
        await touchable(page, 'the print error');
        await screenshot(page, `queue-print-failed-${locale}`);
        await clean(page, 'the print error');
        await page.click('#queue-retry');
        await onScreen(page, 'queue-ticket');
        assert.deepEqual(await callsOf(page, 'take_ticket'), [
          { service: 'filing', priority: 'normal' },
          { service: 'filing', priority: 'normal' },
        ]);
      } finally {
        await page.context().close();
      }
    });

    test(`out_of_numbers sends the visitor to another kiosk or a window (${locale})`, async () => {
      const page = await kiosk(locale, { take_ticket: { reject: { code: 'out_of_numbers', message: 'no lease' } } });
      try {
        await page.click('[data-service="queue_ticket"]');
        await page.click('[data-queue-service="filing"]');
        await page.click('#take-ticket');
        await onScreen(page, 'queue-problem');
        assert.equal(await text(page, '[role="alert"]'), msg(locale, 'queue.error.out_of_numbers'));
        assert.equal(await page.locator('#queue-retry').count(), 0, 'retrying here cannot help');
        await clean(page, 'out of numbers');
        await page.click('#queue-home');
        await page.waitForSelector('[data-service="queue_ticket"]');
        assert.equal(await page.locator('[data-screen]').count(), 0, 'back home');
      } finally {
        await page.context().close();
      }
    });
  }

  test('any other failure offers a retry and never shows the raw message', async () => {
    const page = await kiosk('zh-CN', { take_ticket: { reject: 'Command take_ticket not allowed: raw' } });
    try {
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#take-ticket');
      await onScreen(page, 'queue-problem');
      assert.equal(await text(page, '[role="alert"]'), msg('zh-CN', 'queue.error.other'));
      assert.equal(await page.getAttribute('[data-problem]', 'data-problem'), 'internal');
      assert.ok(!(await page.innerText('body')).includes('raw'));
      await page.click('#queue-retry');
      await page.waitForFunction(() => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'take_ticket').length === 2);
    } finally {
      await page.context().close();
    }
  });

  test('a failing queue_offer says so, and its retry reads the services again', async () => {
    const page = await kiosk('en', { queue_offer: { reject: { code: 'storage', message: 'locked' }, times: 1 } });
    try {
      await page.click('[data-service="queue_ticket"]');
      await onScreen(page, 'queue-problem');
      assert.equal(await text(page, '[role="alert"]'), msg('en', 'queue.error.other'));
      await page.click('#queue-retry');
      await onScreen(page, 'queue-services');
      assert.equal(await page.locator('[data-queue-service]').count(), OFFERS.length);
    } finally {
      await page.context().close();
    }
  });
});

describe('going home', () => {
  test('the ticket screen goes home by itself after 20 s; Done goes at once', async () => {
    const page = await kiosk();
    try {
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#take-ticket');
      await onScreen(page, 'queue-ticket');
      assert.equal(await text(page, '.queue-ticket-closing'), msg('zh-CN', 'queue.ticket.closing', { seconds: '20' }));
      await page.clock.runFor(18_000);
      assert.equal(await page.locator('#ticket-number').count(), 1, 'still shown after 18 s');
      await page.clock.runFor(3_000);
      assert.equal(await page.locator('#ticket-number').count(), 0, 'gone after 21 s');
      assert.equal(await page.locator('button[data-service]').count(), TILES.length, 'home tiles are back');

      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#take-ticket');
      await page.click('#queue-done');
      assert.equal(await page.locator('button[data-service]').count(), TILES.length);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.service), 'queue_ticket', 'focus on the tile');
      // Done cancels the 20 s return; nothing should happen to the home screen later.
      await page.clock.runFor(25_000);
      assert.equal(await page.locator('button[data-service]').count(), TILES.length);
    } finally {
      await page.context().close();
    }
  });

  test('after 90 s untouched and the countdown, a half-done visit is cleared and the default language comes back', async () => {
    const page = await kiosk();
    try {
      await page.click('#lang-switch');
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#need-priority');
      await page.clock.runFor(60_000);
      assert.equal(await page.locator('[data-screen="queue-confirm"]').count(), 1, 'still there after 60 s');
      await page.clock.runFor(31_000);
      assert.equal(await page.locator('[data-screen="queue-confirm"]').count(), 1, 'the countdown asks first');
      assert.equal(await page.locator('#idle-countdown[open]').count(), 1);
      await page.clock.runFor(16_000);
      assert.equal(await page.locator('[data-screen]').count(), 0, 'the visit was cleared');
      assert.deepEqual((await callsOf(page, 'visit_finish')).length, 1, 'Rust was told to clear the visit');
      assert.equal(await page.locator('button[data-service]').count(), TILES.length);
      await assertSpeaks(page, 'zh-CN');
    } finally {
      await page.context().close();
    }
  });

  test('switching language keeps the visitor where they are', async () => {
    const page = await kiosk();
    try {
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#need-priority');
      await page.click('#lang-switch');
      assert.equal(await page.locator('[data-screen="queue-confirm"]').count(), 1);
      assert.equal(await page.isVisible('[data-priority="elderly"]'), true, 'the priority choices stay open');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'lang-switch');
      await assertSpeaks(page, 'en');
      const commands = (await callsOf(page, 'queue_offer')).length;
      assert.equal(commands, 1, 'no second read of the services');
    } finally {
      await page.context().close();
    }
  });

  test('the screens fit a 1280x1024 kiosk', async () => {
    const page = await kiosk('en', {}, { width: 1280, height: 1024 });
    try {
      await page.click('[data-service="queue_ticket"]');
      await onScreen(page, 'queue-services');
      await touchable(page, 'the services at 1280x1024');
      await page.click('[data-queue-service="filing"]');
      await page.click('#need-priority');
      await touchable(page, 'the confirmation at 1280x1024');
      await screenshot(page, 'queue-confirm-en-1280x1024');
      await page.click('#take-ticket');
      await onScreen(page, 'queue-ticket');
      await touchable(page, 'the ticket at 1280x1024');
      await screenshot(page, 'queue-ticket-en-1280x1024');
    } finally {
      await page.context().close();
    }
  });
});

describe('tap-to-ticket measure', () => {
  // Playwright's fake clock replaces the Performance API, so these pages run on the real one.
  const real = { clock: undefined };
  const entries = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).map((e) => ({ type: e.entryType, start: e.startTime, duration: e.duration })), name);

  test('marks the take tap and the painted ticket, and measures between them', async () => {
    const page = await kiosk('zh-CN', {}, real);
    try {
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      assert.deepEqual(await entries(page, 'ticket-tap'), [], 'no mark before the tap');
      await page.click('#take-ticket');
      await page.waitForFunction(() => performance.getEntriesByName('tap-to-ticket').length === 1);
      const [tap] = await entries(page, 'ticket-tap');
      const [painted] = await entries(page, 'ticket-painted');
      const [measure] = await entries(page, 'tap-to-ticket');
      assert.equal(measure.type, 'measure');
      assert.equal(measure.start, tap.start, 'starts at the tap');
      assert.ok(Math.abs(measure.start + measure.duration - painted.start) < 0.01, 'ends when painted');
      // The number was in the DOM before the painted mark: the mark waits for it, not the other way round.
      assert.equal(await page.textContent('#ticket-number'), 'A017');

      await page.click('#queue-done');
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#take-ticket');
      await page.waitForFunction(() => performance.getEntriesByName('tap-to-ticket').length === 2);
      const [first, second] = await entries(page, 'tap-to-ticket');
      assert.ok(second.start > first.start + first.duration, 'the second measure starts at the second tap');
    } finally {
      await page.context().close();
    }
  });

  test('keeps only the newest 200 of each entry', async () => {
    const page = await kiosk('zh-CN', {}, real);
    try {
      await page.evaluate(() => {
        for (let i = 0; i < 250; i += 1) {
          performance.mark('ticket-tap', { startTime: i });
          performance.mark('ticket-painted', { startTime: i + 0.5 });
          performance.measure('tap-to-ticket', { start: i, duration: 0.5 });
        }
      });
      await page.click('[data-service="queue_ticket"]');
      await page.click('[data-queue-service="filing"]');
      await page.click('#take-ticket');
      await page.waitForFunction(() => performance.getEntriesByName('tap-to-ticket').at(-1).duration !== 0.5);
      for (const name of ['ticket-tap', 'ticket-painted', 'tap-to-ticket']) {
        const kept = await entries(page, name);
        assert.equal(kept.length, 200, `${name} entries kept`);
        assert.equal(kept[0].start, 51 + (name === 'ticket-painted' ? 0.5 : 0), `${name}: the oldest were dropped`);
      }
      const [tap] = (await entries(page, 'ticket-tap')).slice(-1);
      const [measure] = (await entries(page, 'tap-to-ticket')).slice(-1);
      assert.equal(measure.start, tap.start, 'the newest measure is the real tap, kept with its own times');
    } finally {
      await page.context().close();
    }
  });
});
