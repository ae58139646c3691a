// The desk's window setting and appointment booking in a real Chromium: what reaches desk_setup and
// desk_book_appointment, what is refused before anything is sent, and the texts of every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callsOf, clean, screenshot, setup } from './helpers/app.mjs';
import { DESK_CALLED, DESK_IDLE, LOCALES, MORNING, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const SIZE = { width: 1280, height: 800 };

function desk(board, { locale = 'zh-CN', replies = {}, ...scenario } = {}) {
  return app.open({ info: info('staff', locale), desk: board, replies, ...scenario }, { ...SIZE, clock: MORNING });
}

const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.dataset.setupService);
const setups = (page) => callsOf(page, 'desk_setup');
const bookings = (page) => callsOf(page, 'desk_book_appointment');

async function checked(page) {
  return page.$$eval('[data-setup-service]', (els) => els.filter((el) => el.checked).map((el) => el.value));
}

describe('the window setting', () => {
  for (const locale of LOCALES) {
    test(`shows the window and its services, opens on F9, and sends the new choice (${locale})`, async () => {
      const page = await desk(DESK_IDLE, { locale });
      try {
        assert.equal(await page.textContent('#desk-window'), msg(locale, 'desk.window', { window: '3' }));
        const names = locale === 'en' ? 'Case filing and Legal enquiries' : '立案登记和诉讼咨询';
        assert.equal(await page.textContent('#desk-window-services'), msg(locale, 'desk.window_services', { services: names }));
        assert.equal(await page.getAttribute('#desk-setup-open', 'aria-keyshortcuts'), 'F9');
        assert.equal(await page.textContent('#desk-setup-open kbd'), 'F9');
        assert.ok((await page.textContent('#desk-setup-open')).includes(msg(locale, 'desk.setup.open')));

        await page.keyboard.press('F9');
        await page.waitForSelector('#desk-setup[open]');
        assert.equal(await focused(page), 'desk-setup-window', 'focus moves into the form');
        assert.equal(await page.inputValue('#desk-setup-window'), '3');
        assert.deepEqual(await checked(page), ['filing', 'enquiry'], 'the services this window calls are ticked');
        const offered = await page.$$eval('[data-setup-service]', (els) => els.map((el) => [el.value, el.closest('label').textContent]));
        assert.deepEqual(offered.map(([id]) => id), DESK_IDLE.all_services.map((s) => s.id), 'every service of the hall');
        assert.equal(offered[2][1], locale === 'en' ? 'Submitting materials' : '材料收转');
        await assertSpeaks(page, locale);
        await screenshot(page, `desk-setup-${locale}`);
        await clean(page, 'the window setting');

        await page.fill('#desk-setup-window', '5');
        await page.uncheck('[data-setup-service="enquiry"]');
        await page.check('[data-setup-service="materials"]');
        await page.click('#desk-setup-save');
        await page.waitForSelector('#desk-setup', { state: 'detached' });
        assert.deepEqual(await setups(page), [{ window: 5, services: ['filing', 'materials'] }]);
        assert.equal(await focused(page), 'desk-setup-open', 'focus returns to the button');
        assert.equal(await page.textContent('#desk-window'), msg(locale, 'desk.window', { window: '5' }));
        const now = locale === 'en' ? 'Case filing and Submitting materials' : '立案登记和材料收转';
        assert.equal(await page.textContent('#desk-window-services'), msg(locale, 'desk.window_services', { services: now }));
        assert.equal(await page.textContent('#desk-message'), msg(locale, 'desk.setup.done', { window: '5' }));
        assert.deepEqual(await page.$$eval('[data-desk-service]', (els) => els.map((el) => el.dataset.deskService)), ['filing', 'materials']);
        await assertSpeaks(page, locale);
      } finally {
        await page.context().close();
      }
    });
  }

  test('Escape and Cancel close the form, send nothing and put focus back on the button', async () => {
    const page = await desk(DESK_IDLE);
    try {
      await page.click('#desk-setup-open');
      await page.fill('#desk-setup-window', '7');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#desk-setup', { state: 'detached' });
      assert.equal(await focused(page), 'desk-setup-open');

      await page.keyboard.press('F9');
      assert.equal(await page.inputValue('#desk-setup-window'), '3', 'a cancelled edit is forgotten');
      await page.click('#desk-setup-cancel');
      await page.waitForSelector('#desk-setup', { state: 'detached' });
      assert.equal(await focused(page), 'desk-setup-open');
      assert.deepEqual(await setups(page), []);
      assert.equal(await page.textContent('#desk-window'), msg('zh-CN', 'desk.window', { window: '3' }));
    } finally {
      await page.context().close();
    }
  });

  test('while the form is open the calling keys wait, and F5 still cannot reload', async () => {
    const page = await desk(DESK_CALLED);
    try {
      await page.keyboard.press('F9');
      await page.evaluate(() => {
        window.__seen = [];
        window.addEventListener('keydown', (e) => { window.__seen.push([e.key, e.defaultPrevented]); });
      });
      const keys = ['F1', 'F2', 'F3', 'F5', 'F9'];
      for (const key of keys) await page.keyboard.press(key);
      assert.deepEqual(await page.evaluate(() => window.__seen), keys.map((k) => [k, true]), 'every key claimed');
      assert.deepEqual(await callsOf(page, 'desk_act'), []);
      assert.equal(await page.locator('#desk-setup').count(), 1, 'one form, still open');
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`a bad window number or no service is said beside the field, and nothing is sent (${locale})`, async () => {
      const page = await desk(DESK_IDLE, { locale });
      try {
        await page.keyboard.press('F9');
        const cases = [
          ['', 'desk.setup.window_empty'],
          ['0', 'desk.setup.window_bad'],
          ['1000', 'desk.setup.window_bad'],
          ['abc', 'desk.setup.window_bad'],
          ['3a', 'desk.setup.window_bad'],
          ['-2', 'desk.setup.window_bad'],
        ];
        for (const [typed, key] of cases) {
          await page.fill('#desk-setup-window', typed);
          await page.click('#desk-setup-save');
          assert.equal(await page.textContent('#desk-setup-window-error'), msg(locale, key), `"${typed}"`);
          assert.equal(await page.getAttribute('#desk-setup-window', 'aria-invalid'), 'true');
          assert.equal(await focused(page), 'desk-setup-window', `focus on the window for "${typed}"`);
        }
        await assertSpeaks(page, locale);
        await clean(page, 'a bad window number');

        await page.fill('#desk-setup-window', '4');
        for (const id of await checked(page)) await page.uncheck(`[data-setup-service="${id}"]`);
        await page.press('#desk-setup-window', 'Enter');
        assert.equal(await page.textContent('#desk-setup-window-error'), '', 'the window is fine now');
        assert.equal(await page.getAttribute('#desk-setup-window', 'aria-invalid'), null);
        assert.equal(await page.textContent('#desk-setup-services-error'), msg(locale, 'desk.setup.services_none'));
        assert.equal(await focused(page), 'filing', 'focus on the first service');
        await screenshot(page, `desk-setup-invalid-${locale}`);
        await clean(page, 'no service chosen');
        assert.deepEqual(await setups(page), [], 'nothing was sent');

        await page.check('[data-setup-service="enforcement"]');
        await page.click('#desk-setup-save');
        await page.waitForSelector('#desk-setup', { state: 'detached' });
        assert.deepEqual(await setups(page), [{ window: 4, services: ['enforcement'] }]);
      } finally {
        await page.context().close();
      }
    });
  }

  test('a window number typed with a Chinese input method\'s full-width digits is understood', async () => {
    const page = await desk(DESK_IDLE);
    try {
      await page.keyboard.press('F9');
      await page.fill('#desk-setup-window', '１２');
      await page.click('#desk-setup-save');
      await page.waitForSelector('#desk-setup', { state: 'detached' });
      assert.deepEqual(await setups(page), [{ window: 12, services: ['filing', 'enquiry'] }]);
    } finally {
      await page.context().close();
    }
  });

  const refusals = [
    ['bad_input', { code: 'bad_input', message: 'no such service' }, 'desk.setup.error.bad_input'],
    ['storage', { code: 'storage', message: 'disk full' }, 'error.storage'],
    ['internal', 'Command desk_setup not allowed by ACL', 'desk.setup.error.other'],
  ];
  for (const locale of LOCALES) {
    for (const [code, reject, key] of refusals) {
      test(`a refused ${code} stays in the form, translated, with what to do (${locale})`, async () => {
        const page = await desk(DESK_IDLE, { locale, replies: { desk_setup: { reject, times: 1 } } });
        try {
          await page.keyboard.press('F9');
          await page.fill('#desk-setup-window', '6');
          await page.click('#desk-setup-save');
          await page.waitForSelector(`#desk-setup-error[data-code="${code}"]`);
          assert.equal(await page.textContent('#desk-setup-error'), msg(locale, key));
          assert.ok(!(await page.innerText('body')).includes(typeof reject === 'string' ? 'ACL' : reject.message));
          assert.equal(await page.locator('#desk-setup[open]').count(), 1, 'the form stays open');
          assert.equal(await page.textContent('#desk-window'), msg(locale, 'desk.window', { window: '3' }), 'the window is unchanged');
          if (code === 'bad_input') {
            await assertSpeaks(page, locale);
            await clean(page, 'a refused window setting');
          }
          await page.click('#desk-setup-save');
          await page.waitForSelector('#desk-setup', { state: 'detached' });
          assert.equal((await setups(page)).length, 2, 'saving again goes through');
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

describe('booking an appointment', () => {
  for (const locale of LOCALES) {
    test(`books a service at a time today and shows the code to read out (${locale})`, async () => {
      const page = await desk(DESK_IDLE, { locale, booking_code: '482193' });
      try {
        const options = await page.$$eval('#desk-book-service option', (els) => els.map((el) => el.value));
        assert.deepEqual(options, DESK_IDLE.all_services.map((s) => s.id));
        await page.selectOption('#desk-book-service', 'enquiry');
        await page.fill('#desk-book-slot', '14:30');
        await page.click('#desk-book-submit');
        await page.waitForSelector('#desk-booked-code');
        assert.deepEqual(await bookings(page), [{ service: 'enquiry', slot: '14:30' }]);
        assert.equal(await page.textContent('#desk-booked-code'), '482193');
        assert.equal(await page.getAttribute('#desk-booked-code', 'data-code'), '482193');
        const size = await page.$eval('#desk-booked-code', (el) => parseFloat(getComputedStyle(el).fontSize));
        assert.ok(size >= 48, `the code is ${size}px`);
        const booked = await page.innerText('#desk-booked');
        const when = msg(locale, 'time.today', { time: '14:30' });
        assert.ok(booked.includes(`${locale === 'en' ? 'Legal enquiries' : '诉讼咨询'} · ${when}`), booked);
        assert.ok(booked.includes(msg(locale, 'desk.book.tell', {
          take: msg(locale, 'service.queue_ticket.title'), appointment: msg(locale, 'queue.appointment.open'),
        })), booked);
        assert.equal(await page.inputValue('#desk-book-slot'), '', 'the time is cleared for the next booking');
        assert.equal(await page.inputValue('#desk-book-service'), 'enquiry', 'the service stays chosen');
        await assertSpeaks(page, locale);
        await screenshot(page, `desk-booked-${locale}`);
        await clean(page, 'a booked appointment');

        await page.click('#lang-switch');
        assert.equal(await page.textContent('#desk-booked-code'), '482193', 'the code outlives a language switch');
        await assertSpeaks(page, locale === 'en' ? 'zh-CN' : 'en');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a time is read the forgiving way and sent as HH:MM', async () => {
    const page = await desk(DESK_IDLE);
    try {
      for (const typed of ['930', '9:30', '9：30', '09.30', '０９３０']) {
        await page.fill('#desk-book-slot', typed);
        await page.press('#desk-book-slot', 'Enter');
        await page.waitForFunction((n) => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'desk_book_appointment').length === n, 1 + ['930', '9:30', '9：30', '09.30', '０９３０'].indexOf(typed));
      }
      assert.deepEqual((await bookings(page)).map((b) => b.slot), ['09:30', '09:30', '09:30', '09:30', '09:30']);
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`an empty or malformed time is said beside the field, and nothing is sent (${locale})`, async () => {
      const page = await desk(DESK_IDLE, { locale });
      try {
        for (const [typed, key] of [['', 'desk.book.slot_empty'], ['25:00', 'desk.book.slot_bad'], ['14:75', 'desk.book.slot_bad'], ['ab', 'desk.book.slot_bad'], ['9:5', 'desk.book.slot_bad']]) {
          await page.fill('#desk-book-slot', typed);
          await page.click('#desk-book-submit');
          assert.equal(await page.textContent('#desk-book-slot-error'), msg(locale, key), `"${typed}"`);
          assert.equal(await page.getAttribute('#desk-book-slot', 'aria-invalid'), 'true');
          assert.equal(await focused(page), 'desk-book-slot');
        }
        assert.deepEqual(await bookings(page), []);
        await assertSpeaks(page, locale);
        await clean(page, 'a malformed time');
      } finally {
        await page.context().close();
      }
    });
  }

  const refusals = [
    ['bad_input', { code: 'bad_input', message: 'the time has passed' }, 'desk.book.error.bad_input'],
    ['storage', { code: 'storage', message: 'disk full' }, 'error.storage'],
    ['internal', 'Command desk_book_appointment not allowed by ACL', 'desk.book.error.other'],
  ];
  for (const locale of LOCALES) {
    for (const [code, reject, key] of refusals) {
      test(`a refused booking (${code}) says what to do, translated (${locale})`, async () => {
        const page = await desk(DESK_IDLE, { locale, replies: { desk_book_appointment: { reject } } });
        try {
          await page.fill('#desk-book-slot', '08:00');
          await page.click('#desk-book-submit');
          await page.waitForSelector(`#desk-book-error[data-code="${code}"]`);
          assert.equal(await page.textContent('#desk-book-error'), msg(locale, key));
          assert.equal(await page.locator('#desk-booked-code').count(), 0, 'no code is shown');
          assert.equal(await page.inputValue('#desk-book-slot'), '08:00', 'the time stays to be corrected');
          assert.ok(!(await page.innerText('body')).includes(typeof reject === 'string' ? 'ACL' : reject.message));
          if (code === 'bad_input') {
            await assertSpeaks(page, locale);
            await clean(page, 'a refused booking');
          }
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
