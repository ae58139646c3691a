// Paper materials in the kiosk's locker, in a real Chromium: the offer after filing, the size
// choice, the compartment to use while the sensors are read every second (door open, closed
// empty, papers in), giving it up, every refusal said with what to do next, the pickup by court
// staff on a keypad from the home screen, the desk's view of a deposit with its code and its
// pickup slip, and the wipe of it all at the end of a visit. The pickup code never reaches the
// litigant's screens.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertLargeTargets, callsOf, clean, identifyOnKeypads, onPage, screenshot, setReply, setup } from './helpers/app.mjs';
import { makePdf } from './helpers/pdf.mjs';
import { DESK_IDLE, LOCALES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const CASE = '(2026)京0105民初1234号';
const NUMBER = 'SJ-20261128-K7M3QX';
const CODE = '482913';
const COURT_TEXT = { bilingual: '[data-court-text]' };
const DRAFT = {
  case: { kind: 'existing', case_number: CASE },
  replaces: null,
  items: [{
    item_id: 'item-1', material: 'complaint', display_name: 'claim.pdf', media_type: 'application/pdf', pages: 2, size: 51_200,
    sha256: 'c3'.repeat(32), duplicate: null,
  }],
};
const refusal = (code, detail) => ({ reject: { code, message: 'refused', ...(detail ? { detail } : {}) } });

function kiosk({ locale = 'zh-CN', locker = true, replies = {}, ...scenario } = {}) {
  return app.open({
    info: { ...info('kiosk', locale), locker }, tiles: [
      { service: 'queue_ticket', availability: 'available' },
      { service: 'submit_materials', availability: 'available' },
    ],
    intake_draft: structuredClone(DRAFT), intake_number: NUMBER, pickup_code: CODE, replies, ...scenario,
  });
}

function visit(options, run) {
  return onPage(kiosk(options), run);
}

async function check(page, locale, name) {
  await assertLargeTargets(page, '[data-screen] button');
  await assertSpeaks(page, locale, COURT_TEXT);
  await screenshot(page, `${name}-${locale}`);
  await clean(page, `${name} (${locale})`);
}

/** Identifies, files the draft the mock holds, and waits for the done screen. */
async function toDone(page) {
  await identifyOnKeypads(page, 'submit_materials', '[data-screen="intake-resume"]');
  await page.click('#intake-resume');
  await page.click('#intake-submit');
  await page.click('#intake-submit-confirm');
  await page.waitForSelector('[data-screen="intake-done"]');
}

const sensors = (page, state) => page.evaluate((s) => {
  window.__COURTDESK_SCENARIO__.locker_state = s;
}, state);
const lockerState = (page) => page.getAttribute('#intake-locker-state', 'data-state');

describe('handing papers in', () => {
  for (const locale of LOCALES) {
    test(`the papers go in once the door closes on them, and the code is never shown (${locale})`, async () => {
      await visit({ locale }, async (page) => {
        await toDone(page);
        assert.equal(await page.textContent('#intake-locker-offer'), msg(locale, 'intake.locker.offer'));
        await check(page, locale, 'locker-offer');

        await page.click('#intake-locker-offer');
        await page.waitForSelector('[data-screen="intake-locker-size"]');
        assert.deepEqual(
          await page.$$eval('[data-locker-size]', (els) => els.map((el) => el.dataset.lockerSize)),
          ['small', 'medium', 'large'],
        );
        assert.ok((await page.textContent('[data-locker-size="small"]')).includes(msg(locale, 'intake.locker.size.small.hint')));
        await check(page, locale, 'locker-size');

        await page.click('[data-locker-size="medium"]');
        await page.waitForSelector('[data-screen="intake-locker-deposit"]');
        assert.deepEqual(await callsOf(page, 'intake_locker_open'), [{ submissionId: 's'.repeat(32), size: 'medium' }]);
        assert.equal(await page.getAttribute('#intake-locker-compartment', 'data-compartment'), '4');
        assert.equal(await page.textContent('#intake-title'), msg(locale, 'intake.locker.deposit.title', { compartment: '4' }));
        await page.waitForFunction(() => window.__COURTDESK_CALLS__.some((c) => c.cmd === 'intake_locker_deposit'));
        assert.equal(await lockerState(page), 'door_open');
        await check(page, locale, 'locker-deposit');

        // Cancel while the door is open is refused in words; nothing else changes.
        await page.click('#intake-locker-cancel');
        await page.waitForSelector('#intake-locker-state[data-cancel="door_open"]');
        assert.equal(await page.textContent('#intake-locker-state'), msg(locale, 'intake.locker.cancel.door_open'));

        // Closed on nothing: the person is asked to open it again and put the papers in.
        await sensors(page, 'empty');
        await page.waitForSelector('#intake-locker-state[data-state="empty"]');
        assert.equal(await page.textContent('#intake-locker-state'), msg(locale, 'intake.locker.state.empty'));
        await check(page, locale, 'locker-empty');
        await page.click('#intake-locker-reopen');
        await page.waitForSelector('#intake-locker-state[data-state="door_open"]');
        assert.equal((await callsOf(page, 'intake_locker_open')).length, 2);

        await sensors(page, 'deposited');
        await page.waitForSelector('[data-screen="intake-locker-done"]');
        assert.equal(await page.getAttribute('#intake-locker-print', 'data-kind'), 'done');
        assert.equal(await page.textContent('#intake-number'), NUMBER);
        const text = await page.innerText('body');
        assert.ok(!text.includes(CODE), 'the pickup code is not on the screen');
        await check(page, locale, 'locker-done');

        // The reading stops once the papers are in.
        const reads = (await callsOf(page, 'intake_locker_deposit')).length;
        await page.waitForTimeout(1500);
        assert.equal((await callsOf(page, 'intake_locker_deposit')).length, reads);
        await page.click('#intake-finish');
        await page.waitForSelector('[data-service="submit_materials"]');
      });
    });
  }

  test('a closed, empty compartment is given up and the done screen says so', async () => {
    await visit({}, async (page) => {
      await toDone(page);
      await page.click('#intake-locker-offer');
      await page.click('[data-locker-size="small"]');
      await page.waitForSelector('[data-screen="intake-locker-deposit"]');
      await sensors(page, 'empty');
      await page.waitForSelector('#intake-locker-state[data-state="empty"]');
      await page.click('#intake-locker-cancel');
      await page.waitForSelector('[data-screen="intake-done"] #intake-locker-cancelled');
      assert.equal(await page.textContent('#intake-locker-cancelled'), msg('zh-CN', 'intake.locker.cancelled'));
      assert.equal((await callsOf(page, 'intake_locker_cancel')).length, 1);
      await clean(page, 'the done screen after a cancel');
    });
  });

  for (const [code, detail] of [['locker_full'], ['locker_door_jammed'], ['locker_unavailable', 'locker_unavailable'], ['no_locker']]) {
    test(`${code} is said with what to do, and the size choice stays`, async () => {
      for (const locale of LOCALES) {
        await visit({ locale, replies: { intake_locker_open: refusal(code, detail) } }, async (page) => {
          await toDone(page);
          await page.click('#intake-locker-offer');
          await page.click('[data-locker-size="large"]');
          await page.waitForSelector(`#intake-notice[data-problem="${code}"]`);
          assert.equal(await page.textContent('#intake-notice p'), msg(locale, `error.${code}`));
          assert.ok(await page.$('[data-screen="intake-locker-size"]'), 'still choosing a size');
          assert.equal((await callsOf(page, 'intake_locker_deposit')).length, 0);
          await clean(page, `${code} (${locale})`);
        });
      }
    });
  }

  test('a kiosk without a locker offers none, at the end of filing or at home', async () => {
    await visit({ locker: false }, async (page) => {
      assert.equal(await page.$('#locker-pickup'), null);
      await toDone(page);
      assert.equal(await page.$('#intake-locker-offer'), null);
    });
  });

  test('finish and clear on the compartment screen drops it and stops the reading', async () => {
    await visit({}, async (page) => {
      await toDone(page);
      await page.click('#intake-locker-offer');
      await page.click('[data-locker-size="small"]');
      await page.waitForSelector('[data-screen="intake-locker-deposit"]');
      await page.click('#finish-and-clear');
      await page.waitForSelector('[data-service="submit_materials"]');
      assert.equal(await page.$('[data-screen^="intake-locker"]'), null);
      const reads = (await callsOf(page, 'intake_locker_deposit')).length;
      await page.waitForTimeout(2500);
      assert.equal((await callsOf(page, 'intake_locker_deposit')).length, reads, 'no reading after the visit');
    });
  });
});

describe('pickup by court staff', () => {
  for (const locale of LOCALES) {
    test(`the code opens its compartment, a wrong one says how many tries are left (${locale})`, async () => {
      await visit({ locale }, async (page) => {
        await page.waitForSelector('#locker-pickup');
        assert.equal(await page.textContent('#locker-pickup'), msg(locale, 'locker.pickup.entry'));
        await assertLargeTargets(page, '#locker-pickup');
        await screenshot(page, `locker-home-${locale}`);
        await page.click('#locker-pickup');
        await page.waitForSelector('[data-screen="locker-pickup"]');
        await check(page, locale, 'locker-pickup');

        for (const key of '123') await page.click(`[data-key="${key}"]`);
        await page.click('#locker-pickup-confirm');
        await page.waitForSelector('#locker-pickup-notice[data-problem="incomplete"]');
        assert.equal(await page.textContent('#locker-pickup-notice'), msg(locale, 'locker.pickup.incomplete', { count: '6' }));
        assert.equal((await callsOf(page, 'locker_collect')).length, 0, 'nothing sent');

        for (const key of '456') await page.click(`[data-key="${key}"]`);
        assert.equal(await page.getAttribute('#locker-pickup-code', 'data-code'), '123456');
        await page.click('#locker-pickup-confirm');
        await page.waitForSelector('#locker-pickup-notice[data-problem="pickup_code_wrong"]');
        assert.equal(await page.textContent('#locker-pickup-notice'), msg(locale, 'error.pickup_code_wrong', { detail: '4' }));
        assert.equal(await page.getAttribute('#locker-pickup-code', 'data-code'), '', 'the wrong code is cleared');

        // A keyboard (a USB keypad at the kiosk) works too.
        await page.keyboard.type(CODE);
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-screen="locker-pickup-opened"]');
        assert.deepEqual(await callsOf(page, 'locker_collect'), [{ code: '123456' }, { code: CODE }]);
        assert.equal(await page.getAttribute('#locker-pickup-compartment', 'data-compartment'), '4');
        assert.equal(await page.textContent('#locker-pickup-number'), NUMBER);
        await check(page, locale, 'locker-pickup-opened');
        await page.click('#locker-pickup-done');
        await page.waitForSelector('[data-service="submit_materials"]');
        assert.ok(!(await page.innerText('body')).includes(CODE));
      });
    });
  }

  test('locked pickups say how long to wait; finish and clear drops the code typed', async () => {
    await visit({ replies: { locker_collect: refusal('pickup_locked', '900') } }, async (page) => {
      await page.click('#locker-pickup');
      for (const key of '999999') await page.click(`[data-key="${key}"]`);
      await page.click('#locker-pickup-confirm');
      await page.waitForSelector('#locker-pickup-notice[data-problem="pickup_locked"]');
      assert.equal(await page.textContent('#locker-pickup-notice'), msg('zh-CN', 'error.pickup_locked', { detail: '900' }));
      for (const key of '1234') await page.click(`[data-key="${key}"]`);
      await page.click('#finish-and-clear');
      await page.waitForSelector('[data-service="submit_materials"]');
      await page.click('#locker-pickup');
      assert.equal(await page.getAttribute('#locker-pickup-code', 'data-code'), '', 'a new pickup starts empty');
    });
  });
});

describe('the desk', () => {
  const FILED = Date.parse('2026-11-29T09:10:00+08:00');
  const SUBMISSION = {
    submission_id: 'sub-1', number: NUMBER, case: { kind: 'existing', case_number: CASE }, party_masked_id: '110***********002X',
    items: [DRAFT.items[0]].map(({ item_id, material, display_name, media_type, pages, size, sha256 }) => ({ item_id, material, display_name, media_type, pages, size, sha256 })),
    submitted_at_ms: FILED, status: 'awaiting_review', decision: null, replaces: null, replaced_by: null, replaced_by_number: null,
  };
  const ENTRY = {
    submission_id: 'sub-1', number: NUMBER, case: SUBMISSION.case, party_masked_id: SUBMISSION.party_masked_id,
    items: 1, pages: 2, submitted_at_ms: FILED, age_minutes: 3, resubmission: false,
  };
  const deposit = (collected) => ({
    terminal_id: '0123456789abcdef0123456789abcdef', compartment: 4, pickup_code: CODE, deposited_at_ms: FILED + 60_000,
    collected_at_ms: collected ? FILED + 3_600_000 : null,
  });
  const desk = (locale, lockers, replies = {}) => app.open({
    info: info('staff', locale), desk: DESK_IDLE, intake_queue: [ENTRY],
    intake_submissions: { 'sub-1': { submission: SUBMISSION, history: [SUBMISSION], lockers } },
    intake_items: { 'item-1': makePdf(['Statement of claim', 'Second page']).toString('base64') }, replies,
  }, { width: 1280, height: 800 });

  async function open(page) {
    await page.click('#desk-open-review');
    await page.click('[data-review-submission="sub-1"]');
    await page.waitForSelector('#review-submission-title');
  }

  for (const locale of LOCALES) {
    test(`a deposit shows its compartment and code, and its pickup slip prints (${locale})`, async () => {
      const page = await desk(locale, [deposit(false)]);
      try {
        await open(page);
        await page.waitForSelector('[data-review-locker="4"][data-collected="false"]');
        assert.equal(await page.textContent('.review-locker-code'), CODE);
        assert.ok((await page.textContent('.review-locker-where')).includes('01234567'));
        await page.click('#review-locker-print');
        await page.waitForSelector('#review-locker-message[data-kind="done"]');
        assert.equal(await page.textContent('#review-locker-message'), msg(locale, 'desk.intake.locker.printed'));
        assert.deepEqual(await callsOf(page, 'desk_intake_locker_slip'), [{ submissionId: 'sub-1' }]);
        await screenshot(page, `desk-locker-${locale}`);
        await clean(page, `the desk's locker part (${locale})`);

        await setReply(page, 'desk_intake_locker_slip', refusal('print_failed', 'no_printer'));
        await page.click('#review-locker-print');
        await page.waitForSelector('#review-locker-message[data-kind="error"][data-code="print_failed"]');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a collected deposit offers no slip, and a submission without one shows no locker', async () => {
    const page = await desk('zh-CN', [deposit(true)]);
    try {
      await open(page);
      await page.waitForSelector('[data-review-locker="4"][data-collected="true"]');
      assert.equal(await page.$('#review-locker-print'), null);
    } finally {
      await page.context().close();
    }
    const bare = await desk('zh-CN', []);
    try {
      await open(bare);
      assert.equal(await bare.$('#review-lockers'), null);
    } finally {
      await bare.context().close();
    }
  });
});
