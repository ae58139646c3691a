// Identity at the kiosk in a real Chromium: the ID keypad, the code screen, the card reader, every
// refusal's text, and the wipe of a visit by the quiet-spell countdown and by "finish and clear".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callsOf, clean, screenshot, setup } from './helpers/app.mjs';
import { LOCALES, MORNING, TILES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const ID = '11010519491231002X';
const VISITOR = { masked_id: '110***********002X', display_name: '王小明', method: 'resident_id_otp' };

function kiosk({ locale = 'zh-CN', cardReader = false, replies = {}, ...scenario } = {}) {
  const terminal = { ...info('kiosk', locale), card_reader: cardReader, idle_seconds: 90, countdown_seconds: 15 };
  return app.open({ info: terminal, tiles: TILES, visitor: VISITOR, replies, ...scenario }, { clock: MORNING });
}

async function tap(page, keys) {
  for (const key of keys) await page.click(`[data-key="${key}"]`);
}

const value = (page, id) => page.getAttribute(`#${id}`, 'data-value');
const refusal = (code, detail) => ({ reject: { code, message: 'refused', ...(detail ? { detail } : {}) } });

async function toCodeScreen(page) {
  await page.click('[data-service="submit_materials"]');
  await page.waitForSelector('[data-screen="identity-id"]');
  await tap(page, ID);
  await page.click('#identity-id-confirm');
  await page.waitForSelector('[data-screen="identity-code"]');
}

describe('identity by ID number and code', () => {
  for (const locale of LOCALES) {
    test(`the keypad, the code to the masked phone, and the person identified (${locale})`, async () => {
      const page = await kiosk({ locale });
      try {
        await page.click('[data-service="submit_materials"]');
        await page.waitForSelector('[data-screen="identity-id"][data-purpose="submit_materials"]');
        for (const el of await page.$$('[data-key]')) {
          const box = await el.boundingBox();
          assert.ok(box.height >= 64 && box.width >= 64, `keys are large: ${box.width}x${box.height}`);
        }
        await tap(page, ID.slice(0, 17));
        await page.click('[data-key="X"]');
        assert.equal(await value(page, 'identity-id-entry'), ID);
        assert.equal(await page.textContent('#identity-id-entry'), '110105 19491231 002X', 'grouped 6-8-4');
        await assertSpeaks(page, locale);
        await screenshot(page, `identity-id-${locale}`);
        await clean(page, 'the ID keypad');

        await page.click('#identity-id-confirm');
        await page.waitForSelector('[data-screen="identity-code"]');
        assert.deepEqual(await callsOf(page, 'identity_request_code'), [{ residentId: ID }]);
        assert.equal(await page.textContent('#identity-phone'), '139****5678');
        await screenshot(page, `identity-code-${locale}`);
        await clean(page, 'the code screen');

        await tap(page, '482913');
        await page.click('#identity-code-confirm');
        // Identified for materials, the person goes on to the intake's first question.
        await page.waitForSelector('[data-screen="intake-case"]');
        assert.deepEqual(await callsOf(page, 'identity_verify_code'), [{ code: '482913' }]);
        assert.equal(await page.textContent('#identity-name'), VISITOR.display_name);
        assert.equal(await page.textContent('#identity-masked-id'), VISITOR.masked_id);
        assert.equal(await page.textContent('#intake-title'), msg(locale, 'intake.case.title'));
        await page.waitForSelector('[data-screen="intake-case"] [data-empty]');
        await assertSpeaks(page, locale);
        await screenshot(page, `identity-verified-${locale}`);
        await clean(page, 'the first screen after identification');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a keyboard types too, with a lowercase x as the check character; X only goes last', async () => {
    const page = await kiosk();
    try {
      await page.click('[data-service="submit_materials"]');
      await page.waitForSelector('[data-screen="identity-id"]');
      await page.keyboard.type('x110105');
      assert.equal(await value(page, 'identity-id-entry'), '110105', 'an X before the 18th character is ignored');
      await page.keyboard.type('19491231002x');
      assert.equal(await value(page, 'identity-id-entry'), ID);
      await page.keyboard.press('Backspace');
      assert.equal(await value(page, 'identity-id-entry'), ID.slice(0, 17));
      await page.keyboard.press('Delete');
      assert.equal(await value(page, 'identity-id-entry'), '');
    } finally {
      await page.context().close();
    }
  });

  test('fewer than 18 characters sends nothing and says so', async () => {
    const page = await kiosk();
    try {
      await page.click('[data-service="receive_documents"]');
      await tap(page, '110105');
      await page.click('#identity-id-confirm');
      assert.equal(await page.getAttribute('#identity-notice', 'data-problem'), 'incomplete');
      assert.equal(await page.textContent('#identity-notice'), msg('zh-CN', 'identity.id.incomplete'));
      assert.deepEqual(await callsOf(page, 'identity_request_code'), []);
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`a refused ID number names the rule it broke and stays on the keypad (${locale})`, async () => {
      const page = await kiosk({
        locale,
        replies: {
          identity_request_code: {
            sequence: [
              refusal('bad_resident_id', 'resident_id_bad_check_character'),
              refusal('party_not_found'),
              refusal('otp_rate_limited', '40'),
              refusal('server_unreachable'),
            ],
          },
        },
      });
      try {
        await page.click('[data-service="receive_documents"]');
        await tap(page, ID);
        await page.click('#identity-id-confirm');
        await page.waitForSelector('#identity-notice[data-problem="bad_resident_id"]');
        const rule = msg(locale, 'resident_id.resident_id_bad_check_character');
        assert.equal(await page.textContent('#identity-notice'), msg(locale, 'error.bad_resident_id', { detail: rule }));
        await assertSpeaks(page, locale);
        await clean(page, 'a refused ID number');
        for (const [code, detail] of [['party_not_found'], ['otp_rate_limited', '40'], ['server_unreachable']]) {
          await page.click('#identity-id-confirm');
          await page.waitForSelector(`#identity-notice[data-problem="${code}"]`);
          assert.equal(await page.textContent('#identity-notice'), msg(locale, `error.${code}`, { detail: detail ?? '' }));
        }
        assert.equal(await value(page, 'identity-id-entry'), ID, 'what was typed stays for correcting');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a wrong code says how many tries are left and clears the code; a new code can be asked for', async () => {
    const page = await kiosk({ replies: { identity_verify_code: { sequence: [refusal('otp_wrong', '4'), refusal('otp_expired')] } } });
    try {
      await toCodeScreen(page);
      await tap(page, '111111');
      await page.click('#identity-code-confirm');
      await page.waitForSelector('#identity-notice[data-problem="otp_wrong"]');
      assert.equal(await page.textContent('#identity-notice'), msg('zh-CN', 'error.otp_wrong', { detail: '4' }));
      assert.equal(await value(page, 'identity-code-entry'), '');
      await tap(page, '222222');
      await page.click('#identity-code-confirm');
      await page.waitForSelector('#identity-notice[data-problem="otp_expired"]');
      await page.click('#identity-resend');
      await page.waitForFunction(() => !document.querySelector('#identity-notice[data-problem]'));
      assert.equal((await callsOf(page, 'identity_request_code')).length, 2, 'asked again with the same number');
      assert.deepEqual((await callsOf(page, 'identity_request_code'))[1], { residentId: ID });
    } finally {
      await page.context().close();
    }
  });
});

describe('identity by ID card', () => {
  test('with a reader the person chooses; the card is read when placed', async () => {
    const page = await kiosk({ cardReader: true, replies: { identity_read_card: { sequence: [{ resolve: null }, { resolve: null }, { resolve: { ...VISITOR, method: 'id_card' } }] } } });
    try {
      await page.click('[data-service="submit_materials"]');
      await page.waitForSelector('[data-screen="identity-method"]');
      await clean(page, 'the choice of method');
      await page.click('#identity-by-card');
      await page.waitForSelector('[data-screen="identity-card"]');
      await page.clock.runFor(2_000);
      await page.waitForSelector('[data-screen="intake-case"]');
      assert.ok((await callsOf(page, 'identity_read_card')).length >= 3);
      assert.equal(await page.textContent('#identity-name'), VISITOR.display_name);
    } finally {
      await page.context().close();
    }
  });

  test('a broken reader stops asking and offers typing the number instead', async () => {
    const page = await kiosk({ cardReader: true, replies: { identity_read_card: refusal('card_reader_unavailable') } });
    try {
      await page.click('[data-service="receive_documents"]');
      await page.click('#identity-by-card');
      await page.clock.runFor(600);
      await page.waitForSelector('#identity-notice[data-problem="card_reader_unavailable"]');
      const asked = (await callsOf(page, 'identity_read_card')).length;
      await page.clock.runFor(3_000);
      assert.equal((await callsOf(page, 'identity_read_card')).length, asked, 'no more reads');
      await page.click('#identity-by-id');
      await page.waitForSelector('[data-screen="identity-id"]');
    } finally {
      await page.context().close();
    }
  });
});

describe('clearing a visit', () => {
  /** Everything of the person that the page could still hold, as one string. */
  const traces = (page) => page.evaluate(() => [
    document.documentElement.outerHTML,
    ...[...document.querySelectorAll('input')].map((i) => i.value),
  ].join('\n'));

  async function assertWiped(page, historyAtStart) {
    const all = await traces(page);
    for (const trace of [ID, '110105 19491231 002X', VISITOR.display_name, VISITOR.masked_id, '139****5678']) {
      assert.ok(!all.includes(trace), `no ${trace} left in the page`);
    }
    assert.equal(await page.locator('button[data-service]').count(), TILES.length, 'the home screen');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'the default language');
    assert.equal(await page.evaluate(() => history.length), historyAtStart, 'nothing to go back to');
    assert.equal((await callsOf(page, 'visit_finish')).length, 1, 'Rust cleared the visit');
  }

  test('after the quiet spell a countdown asks; "I\'m still here" keeps the visit', async () => {
    const page = await kiosk();
    try {
      await toCodeScreen(page);
      await page.clock.runFor(90_500);
      await page.waitForSelector('#idle-countdown[open]');
      assert.equal(await page.textContent('#idle-seconds'), '15');
      await clean(page, 'the countdown');
      await page.clock.runFor(5_000);
      assert.equal(await page.textContent('#idle-seconds'), '10');
      await screenshot(page, 'identity-idle-countdown');
      await page.keyboard.press('5');
      assert.equal(await page.getAttribute('#identity-code-entry', 'data-value'), '', 'keys go to the question, not the keypad behind');
      await page.click('#idle-continue');
      assert.equal(await page.locator('#idle-countdown[open]').count(), 0);
      await page.clock.runFor(30_000);
      assert.equal(await page.textContent('#identity-phone'), '139****5678', 'the visit is still there');
      assert.deepEqual(await callsOf(page, 'visit_finish'), []);
    } finally {
      await page.context().close();
    }
  });

  test('at the end of the countdown the visit is wiped', async () => {
    const page = await kiosk();
    try {
      const historyAtStart = await page.evaluate(() => history.length);
      await page.click('#lang-switch');
      await toCodeScreen(page);
      await tap(page, '482913');
      await page.click('#identity-code-confirm');
      await page.waitForSelector('[data-screen="intake-case"]');
      await page.clock.runFor(91_000);
      await page.waitForSelector('#idle-countdown[open]');
      await page.clock.runFor(16_000);
      await page.waitForFunction(() => !document.getElementById('idle-countdown')?.open);
      await page.waitForSelector('button[data-service]');
      await assertWiped(page, historyAtStart);
    } finally {
      await page.context().close();
    }
  });

  test('"finish and clear" wipes at any time, even when Rust cannot answer', async () => {
    const page = await kiosk({ replies: { visit_finish: refusal('storage') } });
    try {
      const historyAtStart = await page.evaluate(() => history.length);
      await toCodeScreen(page);
      assert.ok(await page.isVisible('#finish-and-clear'));
      await page.click('#finish-and-clear');
      await page.waitForSelector('button[data-service]');
      await assertWiped(page, historyAtStart);
      assert.equal(await page.locator('#finish-and-clear').count(), 0, 'not on the home screen');
    } finally {
      await page.context().close();
    }
  });

  test('a visit left from before a restart is cleared at start', async () => {
    const page = await kiosk({ current_visitor: VISITOR });
    try {
      assert.equal((await callsOf(page, 'visit_finish')).length, 1);
    } finally {
      await page.context().close();
    }
  });

  test('taking a ticket after identification forgets the person first', async () => {
    const page = await kiosk({ offers: [] });
    try {
      // Nothing to receive: the way on is a ticket for a window.
      await page.click('[data-service="receive_documents"]');
      await tap(page, ID);
      await page.click('#identity-id-confirm');
      await page.waitForSelector('[data-screen="identity-code"]');
      await tap(page, '482913');
      await page.click('#identity-code-confirm');
      await page.click('#delivery-take-ticket');
      await page.waitForSelector('[data-screen="queue-services"]');
      assert.equal((await callsOf(page, 'visit_finish')).length, 1);
      assert.ok(!(await traces(page)).includes(VISITOR.display_name));
    } finally {
      await page.context().close();
    }
  });

  test('a panel left open on the home screen is closed by the countdown', async () => {
    const page = await kiosk();
    try {
      await page.click('[data-service="case_enquiry"]');
      await page.clock.runFor(90_500);
      await page.waitForSelector('#idle-countdown[open]');
      await page.clock.runFor(16_000);
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    } finally {
      await page.context().close();
    }
  });

  test('the home screen untouched is left alone', async () => {
    const page = await kiosk();
    try {
      await page.clock.runFor(200_000);
      assert.equal(await page.locator('#idle-countdown').count(), 0);
      assert.deepEqual(await callsOf(page, 'visit_finish'), []);
    } finally {
      await page.context().close();
    }
  });
});
