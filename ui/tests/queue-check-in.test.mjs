// Checking in a booked appointment at the kiosk in a real Chromium: the keypad's taps and sizes, a
// physical keyboard, every refusal and what the screen then says, and the ways back home.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callsOf, clean, screenshot, setup } from './helpers/app.mjs';
import { LOCALES, MORNING, OFFERS, TILES, assertSpeaks, info, issued, msg, ticket } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const CODE = '482193';
const CHECKED_IN = ticket('normal', { ticket_id: 't-a021', number: 'A021', people_ahead: 2, wait_minutes: 4 });

function kiosk(locale = 'zh-CN', replies = {}, extra = {}) {
  const scenario = { info: info('kiosk', locale), tiles: TILES, offers: OFFERS, ticket: ticket(), replies: { check_in: issued(CHECKED_IN), ...replies } };
  return app.open(scenario, { clock: MORNING, ...extra });
}

const text = (page, selector) => page.innerText(selector);
const onScreen = (page, name) => page.waitForSelector(`[data-screen="${name}"]`);
const typed = (page) => page.getAttribute('#check-in-code', 'data-code');

/** Every button at least 64px each way, each keypad key measured on its own, and no scrolling. */
async function touchable(page, what) {
  const boxes = await page.$$eval('#app button', (els) => els
    .filter((el) => el.checkVisibility())
    .map((el) => ({ name: el.id || el.dataset.key || el.textContent, key: el.dataset.key ?? null, ...el.getBoundingClientRect().toJSON() })));
  const small = boxes.filter((b) => b.width < 64 || b.height < 64).map((b) => `${b.name} ${b.width}x${b.height}`);
  assert.deepEqual(small, [], `buttons smaller than 64px on ${what}`);
  const keys = boxes.filter((b) => b.key !== null).map((b) => b.key).sort();
  if (keys.length > 0) assert.deepEqual(keys, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'backspace', 'clear'], 'the keypad is digits only');
  const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert.ok(overflow <= 0, `${what} scrolls by ${overflow}px`);
}

async function openCheckIn(page) {
  await page.click('[data-service="queue_ticket"]');
  await onScreen(page, 'queue-services');
  await page.click('#queue-appointment');
  await onScreen(page, 'queue-check-in');
}

async function tapCode(page, code) {
  for (const digit of code) await page.click(`[data-key="${digit}"]`);
}

/** Counts every tap from now on, wherever it lands. */
async function countTaps(page) {
  await page.evaluate(() => {
    window.__taps = 0;
    document.addEventListener('click', () => { window.__taps += 1; }, { capture: true });
  });
}

describe('checking in', () => {
  for (const locale of LOCALES) {
    test(`takes eight taps from the services: appointment, six digits, confirm (${locale})`, async () => {
      const page = await kiosk(locale);
      try {
        await page.click('[data-service="queue_ticket"]');
        await onScreen(page, 'queue-services');
        assert.ok((await text(page, '#queue-appointment')).includes(msg(locale, 'queue.appointment.open')));
        await countTaps(page);
        await page.click('#queue-appointment');
        await onScreen(page, 'queue-check-in');
        assert.equal(await text(page, '#queue-title'), msg(locale, 'queue.checkin.title'));
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'queue-title', 'focus on the heading');
        assert.ok((await text(page, '[data-screen="queue-check-in"]')).includes(msg(locale, 'queue.checkin.lead', { count: '6' })));
        assert.equal(await typed(page), '');
        await assertSpeaks(page, locale);
        await touchable(page, 'the keypad');
        await screenshot(page, `check-in-${locale}`);
        await clean(page, 'the keypad');

        await tapCode(page, CODE);
        assert.equal(await typed(page), CODE);
        assert.equal(await page.textContent('#check-in-code'), CODE, 'the display shows what was typed');
        assert.deepEqual(await callsOf(page, 'check_in'), [], 'nothing is sent before confirm');
        await page.click('#check-in-confirm');
        await onScreen(page, 'queue-ticket');
        assert.equal(await page.evaluate(() => window.__taps), 8, 'appointment, six digits, confirm');
        assert.deepEqual(await callsOf(page, 'check_in'), [{ code: CODE }]);
        assert.deepEqual(await callsOf(page, 'take_ticket'), [], 'a check-in takes no walk-in ticket');
        assert.equal(await text(page, '#ticket-number'), 'A021');
        assert.equal(await text(page, '.queue-ticket-ahead'), msg(locale, 'queue.people', { count: '2' }));
        await assertSpeaks(page, locale);
        await clean(page, 'the checked-in ticket');
      } finally {
        await page.context().close();
      }
    });
  }

  test('delete takes off the last digit, clear empties, and a seventh digit is ignored', async () => {
    const page = await kiosk();
    try {
      await openCheckIn(page);
      await tapCode(page, '4821');
      await page.click('[data-key="backspace"]');
      assert.equal(await typed(page), '482');
      await page.click('[data-key="clear"]');
      assert.equal(await typed(page), '');
      await page.click('[data-key="backspace"]');
      assert.equal(await typed(page), '', 'delete on nothing does nothing');
      await tapCode(page, `${CODE}7`);
      assert.equal(await typed(page), CODE);
      assert.equal(await page.locator('.check-in-slot.is-filled').count(), 6);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.key), '7', 'focus stays on the key tapped');
    } finally {
      await page.context().close();
    }
  });

  test('a physical keyboard types, deletes and confirms too', async () => {
    const page = await kiosk();
    try {
      await openCheckIn(page);
      await page.keyboard.type('48219');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('93');
      assert.equal(await typed(page), CODE);
      await page.keyboard.press('Enter');
      await onScreen(page, 'queue-ticket');
      assert.deepEqual(await callsOf(page, 'check_in'), [{ code: CODE }]);
    } finally {
      await page.context().close();
    }
  });

  test('Enter on a focused key presses that key, not confirm', async () => {
    const page = await kiosk();
    try {
      await openCheckIn(page);
      await page.focus('[data-key="5"]');
      await page.keyboard.press('Enter');
      assert.equal(await typed(page), '5');
      assert.deepEqual(await callsOf(page, 'check_in'), []);
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`confirm with a short code says how many digits, and sends nothing (${locale})`, async () => {
      const page = await kiosk(locale);
      try {
        await openCheckIn(page);
        await tapCode(page, '482');
        await page.click('#check-in-confirm');
        assert.equal(await text(page, '#check-in-notice'), msg(locale, 'queue.checkin.incomplete', { count: '6' }));
        assert.equal(await page.getAttribute('#check-in-notice', 'data-problem'), 'incomplete');
        assert.deepEqual(await callsOf(page, 'check_in'), []);
        await page.click('[data-key="1"]');
        assert.equal(await text(page, '#check-in-notice'), '', 'typing on clears the hint');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a second confirm while checking in sends nothing more', async () => {
    const page = await kiosk('zh-CN', { check_in: { delayMs: 400, ...issued(CHECKED_IN) } });
    try {
      await openCheckIn(page);
      await tapCode(page, CODE);
      await page.click('#check-in-confirm');
      assert.equal(await text(page, '#check-in-status'), msg('zh-CN', 'queue.checkin.checking'));
      assert.equal(await page.getAttribute('#check-in-confirm', 'aria-disabled'), 'true');
      await page.click('#check-in-confirm', { force: true });
      await page.click('[data-key="1"]', { force: true });
      await onScreen(page, 'queue-ticket');
      assert.deepEqual(await callsOf(page, 'check_in'), [{ code: CODE }]);
    } finally {
      await page.context().close();
    }
  });

  test('switching language keeps what was typed', async () => {
    const page = await kiosk();
    try {
      await openCheckIn(page);
      await tapCode(page, '482');
      await page.click('#lang-switch');
      assert.equal(await typed(page), '482');
      assert.equal(await text(page, '#queue-title'), msg('en', 'queue.checkin.title'));
      await assertSpeaks(page, 'en');
    } finally {
      await page.context().close();
    }
  });
});

describe('refusals', () => {
  const refusals = [
    ['unknown_ticket', 'no appointment today has this code'],
    ['illegal_action', 'this appointment has already been checked in'],
    ['bad_input', 'the booked service is not offered here'],
  ];
  for (const locale of LOCALES) {
    for (const [code, message] of refusals) {
      test(`${code} says what to do next, with the code typed, ready for another try (${locale})`, async () => {
        const page = await kiosk(locale, { check_in: { reject: { code, message }, times: 1, ...issued(CHECKED_IN) } });
        try {
          await openCheckIn(page);
          await tapCode(page, CODE);
          await page.click('#check-in-confirm');
          await page.waitForSelector(`#check-in-notice[data-problem="${code}"]`);
          assert.equal(await text(page, '#check-in-notice'), msg(locale, `queue.checkin.error.${code}`, { code: CODE }));
          assert.equal(await page.getAttribute('#check-in-notice', 'role'), 'alert');
          assert.ok(!(await page.innerText('body')).includes(message), 'the raw message is not shown');
          assert.equal(await typed(page), '', 'the display is ready for the code again');
          assert.equal(await page.locator('[data-screen="queue-check-in"]').count(), 1, 'still on the keypad');
          await assertSpeaks(page, locale);
          await touchable(page, `the ${code} refusal`);
          if (code === 'unknown_ticket') await screenshot(page, `check-in-unknown-${locale}`);
          await clean(page, `the ${code} refusal`);

          await tapCode(page, CODE);
          await page.click('#check-in-confirm');
          await onScreen(page, 'queue-ticket');
          assert.equal((await callsOf(page, 'check_in')).length, 2);
        } finally {
          await page.context().close();
        }
      });
    }
  }

  test('the keypad fits a 1280x1024 kiosk with a refusal shown, in the longer language', async () => {
    const page = await kiosk('en', { check_in: { reject: { code: 'illegal_action', message: '' } } }, { width: 1280, height: 1024 });
    try {
      await openCheckIn(page);
      await touchable(page, 'the keypad at 1280x1024');
      await tapCode(page, CODE);
      await page.click('#check-in-confirm');
      await page.waitForSelector('#check-in-notice[data-problem="illegal_action"]');
      await touchable(page, 'a refusal at 1280x1024');
      await screenshot(page, 'check-in-used-en-1280x1024');
    } finally {
      await page.context().close();
    }
  });

  test('print_failed leaves the code unused, and its retry checks in again', async () => {
    const page = await kiosk('en', { check_in: { reject: { code: 'print_failed', message: 'jam' }, times: 1, ...issued(CHECKED_IN) } });
    try {
      await openCheckIn(page);
      await tapCode(page, CODE);
      await page.click('#check-in-confirm');
      await onScreen(page, 'queue-problem');
      assert.equal(await text(page, '[role="alert"]'), msg('en', 'queue.error.print_failed'));
      await page.click('#queue-retry');
      await onScreen(page, 'queue-ticket');
      assert.deepEqual(await callsOf(page, 'check_in'), [{ code: CODE }, { code: CODE }]);
    } finally {
      await page.context().close();
    }
  });

  const problems = [
    ['out_of_numbers', { reject: { code: 'out_of_numbers', message: 'no lease' } }, 'queue.error.out_of_numbers'],
    ['internal', { reject: 'Command check_in not allowed: raw' }, 'queue.error.other'],
    ['not_dispensing', { resolve: { outcome: 'not_dispensing', dispense: { state: 'locked' } } }, 'queue.stop.locked'],
  ];
  for (const [code, reply, key] of problems) {
    test(`${code} has the same screen as for a walk-in ticket`, async () => {
      const page = await kiosk('zh-CN', { check_in: reply });
      try {
        await openCheckIn(page);
        await tapCode(page, CODE);
        await page.click('#check-in-confirm');
        await onScreen(page, 'queue-problem');
        assert.equal(await page.getAttribute('[data-problem]', 'data-problem'), code);
        assert.equal(await text(page, '[role="alert"]'), msg('zh-CN', key));
        assert.ok(!(await page.innerText('body')).includes('raw'));
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('leaving', () => {
  test('"back to start" goes home and "choose another service" back to the services', async () => {
    const page = await kiosk();
    try {
      await openCheckIn(page);
      await tapCode(page, '48');
      await page.click('#queue-home');
      await page.waitForSelector('[data-service="queue_ticket"]');
      assert.equal(await page.locator('[data-screen]').count(), 0, 'back home');
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.service), 'queue_ticket', 'focus on the tile');

      await openCheckIn(page);
      assert.equal(await typed(page), '', 'a new visit starts with nothing typed');
      await page.click('#queue-back');
      await onScreen(page, 'queue-services');
      assert.deepEqual(await callsOf(page, 'check_in'), []);
    } finally {
      await page.context().close();
    }
  });

  test('after 90 s untouched and the countdown, a half-typed code is wiped from the screen', async () => {
    const page = await kiosk();
    try {
      await openCheckIn(page);
      await tapCode(page, '482');
      await page.clock.runFor(91_000);
      assert.equal(await page.locator('#idle-countdown[open]').count(), 1, 'the countdown asks first');
      await page.clock.runFor(16_000);
      assert.equal(await page.locator('#check-in-code').count(), 0);
      assert.equal(await page.locator('button[data-service]').count(), TILES.length);
      await page.keyboard.type('5');
      assert.equal(await page.locator('[data-screen]').count(), 0, 'typing at home starts nothing');
    } finally {
      await page.context().close();
    }
  });

  test('the checked-in ticket goes home by itself after 20 s, like any ticket', async () => {
    const page = await kiosk();
    try {
      await openCheckIn(page);
      await tapCode(page, CODE);
      await page.click('#check-in-confirm');
      await onScreen(page, 'queue-ticket');
      await page.clock.runFor(21_000);
      assert.equal(await page.locator('#ticket-number').count(), 0);
    } finally {
      await page.context().close();
    }
  });
});

describe('tap-to-ticket measure', () => {
  test('the check-in confirm is the tap; the measure ends once the ticket is painted', async () => {
    // Playwright's fake clock replaces the Performance API, so this page runs on the real one.
    const page = await kiosk('zh-CN', {}, { clock: undefined });
    try {
      await openCheckIn(page);
      await tapCode(page, CODE);
      await page.click('#check-in-confirm');
      await page.waitForFunction(() => performance.getEntriesByName('tap-to-ticket').length === 1);
      const [tap, painted, measure] = await page.evaluate(() => ['ticket-tap', 'ticket-painted', 'tap-to-ticket']
        .map((name) => performance.getEntriesByName(name).map((e) => [e.entryType, e.startTime, e.duration])));
      assert.equal(tap.length, 1);
      assert.equal(painted.length, 1);
      assert.equal(measure[0][0], 'measure');
      assert.equal(measure[0][1], tap[0][1], 'starts at the tap');
      assert.ok(Math.abs(measure[0][1] + measure[0][2] - painted[0][1]) < 0.01, 'ends when painted');
      assert.ok(measure[0][2] > 0);
    } finally {
      await page.context().close();
    }
  });
});
