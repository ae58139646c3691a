// The desk's review panel in a real Chromium: the site's queue of submissions, one opened with a
// two-page PDF painted by pdf.js, a PNG drawn on a canvas and a TIFF said in words, its earlier
// filings, and the clerk's decisions (accept, return with a reason, forward to a department)
// with every refusal said in words that say what to do. Sign-out forgets all of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callsOf, clean, pageProblems, screenshot, setReply, setup } from './helpers/app.mjs';
import { makePdf } from './helpers/pdf.mjs';
import { makePng } from './helpers/png.mjs';
import { DESK_IDLE, LOCALES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const SIZE = { width: 1280, height: 800 };
const COURT_TEXT = { bilingual: '[data-court-text]' };

const FILED = Date.parse('2026-11-29T09:10:00+08:00');
const item = (item_id, material, display_name, media_type, pages, hash) => ({
  item_id, material, display_name, media_type, pages, size: 4096, sha256: hash.padEnd(64, '0'),
});
const PDF = item('it-pdf', 'complaint', '起诉状.pdf', 'application/pdf', 2, 'ab12cd34');
const PNG = item('it-png', 'evidence', '现场照片.png', 'image/png', 1, '0f1e2d3c');
const TIFF = item('it-tif', 'id_copy', '身份证复印件.tif', 'image/tiff', 3, '77aa88bb');
const CASE = '(2026)京0105民初1234号';
const PARTY = '110***********002X';

const ENTRY = {
  submission_id: 'sub-2', number: 'SJ-20261129-K7M3QX', case: { kind: 'existing', case_number: CASE }, party_masked_id: PARTY,
  items: 3, pages: 6, submitted_at_ms: FILED, age_minutes: 14, resubmission: true,
};
const NEW_FILING = {
  submission_id: 'sub-3', number: 'SJ-20261129-P4R8TW',
  case: { kind: 'new_filing', case_type: 'commercial', answers: { filer: 'agent', opponent: 'organisation', subject: 'sale', claim_yuan: 250000 } }, party_masked_id: '310***********1234',
  items: 1, pages: 1, submitted_at_ms: FILED + 60_000, age_minutes: 1, resubmission: false,
};
const submission = (entry, items, extra = {}) => ({
  submission_id: entry.submission_id, number: entry.number, case: entry.case, party_masked_id: entry.party_masked_id, items,
  submitted_at_ms: entry.submitted_at_ms, status: 'awaiting_review', decision: null, replaces: null, replaced_by: null, replaced_by_number: null, ...extra,
});
const EARLIER = submission({ ...ENTRY, submission_id: 'sub-1', number: 'SJ-20261128-A2B3C4', submitted_at_ms: FILED - 86_400_000 }, [PDF], {
  status: 'replaced', replaced_by: 'sub-2', replaced_by_number: ENTRY.number,
  decision: { decision: { decision: 'return', reason_code: 'illegible', text: '第2页看不清，请重新扫描。' }, clerk: 'wang.fang', decided_at_ms: FILED - 80_000_000 },
});
const CURRENT = submission(ENTRY, [PDF, PNG, TIFF], { replaces: 'sub-1' });
const SUBMISSIONS = {
  'sub-2': { submission: CURRENT, history: [EARLIER, CURRENT], lockers: [] },
  'sub-3': { submission: submission(NEW_FILING, [PNG]), history: [submission(NEW_FILING, [PNG])], lockers: [] },
};
const ITEMS = {
  'it-pdf': makePdf(['Statement of claim', 'Second page']).toString('base64'),
  'it-png': makePng().toString('base64'),
};
const refusal = (code, detail) => ({ reject: { code, message: 'refused', ...(detail ? { detail } : {}) } });

function desk({ locale = 'zh-CN', replies = {}, uploads, site_utc_offset_minutes = 480 } = {}) {
  return app.open({
    info: { ...info('staff', locale), site_utc_offset_minutes }, desk: DESK_IDLE, intake_queue: [ENTRY, NEW_FILING], intake_submissions: SUBMISSIONS, intake_items: ITEMS, replies,
    ...(uploads ? { intake_uploads: uploads } : {}),
  }, SIZE);
}

async function openPanel(page) {
  await page.click('#desk-open-review');
  await page.waitForSelector('[data-review-submission="sub-2"]');
}

/** Opens sub-2 and waits for its first item, the PDF, to be painted. */
async function openSubmission(page, id = 'sub-2') {
  await openPanel(page);
  await page.click(`[data-review-submission="${id}"]`);
  await page.waitForSelector('#review-submission-title');
  if (id === 'sub-2') await page.waitForSelector('#review-viewer[data-item="it-pdf"][data-rendered-page="1"]');
}

const pixels = (page) => page.evaluate(() => document.querySelector('#review-viewer canvas').toDataURL());
/** The colour at a fraction of the shown canvas's width and height. */
const colourAt = (page, fx, fy) => page.$eval('#review-viewer canvas', (canvas, [x, y]) => [
  ...canvas.getContext('2d').getImageData(Math.floor(canvas.width * x), Math.floor(canvas.height * y), 1, 1).data,
], [fx, fy]);
const message = (page) => page.textContent('#desk-review-message');

describe('the queue and a submission', () => {
  test('times are the site\'s, not the PC\'s: a site 5 hours behind UTC shows its own clock', async () => {
    const page = await desk({ site_utc_offset_minutes: -300 });
    try {
      await openSubmission(page, 'sub-3');
      const facts = await page.textContent('.review-facts');
      // Formatted in the page's own engine, as the site's zone and as the PC's (Asia/Shanghai here).
      const [site, pc] = await page.evaluate((ms) => ['Etc/GMT+5', undefined].map((timeZone) => new Intl.DateTimeFormat('zh-CN', {
        dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}),
      }).format(ms)), NEW_FILING.submitted_at_ms);
      assert.notEqual(site, pc, 'the two clocks differ');
      assert.ok(facts.includes(msg('zh-CN', 'desk.intake.submitted_at', { time: site })), `${facts} names ${site}`);
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`a new filing shows what the litigant answered at the kiosk; a case already on file shows no answers (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        await openSubmission(page, 'sub-3');
        const pairs = await page.$$eval('#review-answers > *', (els) => els.map((el) => el.textContent));
        assert.deepEqual(pairs, [
          msg(locale, 'desk.intake.answers.filer'), msg(locale, 'intake.question.filer.agent'),
          msg(locale, 'desk.intake.answers.opponent'), msg(locale, 'intake.question.opponent.organisation'),
          msg(locale, 'desk.intake.answers.subject'), msg(locale, 'intake.subject.sale'),
          msg(locale, 'desk.intake.answers.claim'), msg(locale, 'desk.intake.answers.yuan', { amount: '250,000' }),
        ]);
        await clean(page, `the answers (${locale})`);
      } finally {
        await page.context().close();
      }
      const other = await desk({ locale });
      try {
        await openSubmission(other, 'sub-2');
        assert.equal(await other.locator('#review-answers').count(), 0);
      } finally {
        await other.context().close();
      }
    });
  }

  for (const locale of LOCALES) {
    test(`rows of the queue; a submission's PDF page by page, its PNG and TIFF, its earlier filing (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        assert.ok(await page.isHidden('#desk-review'), 'closed until asked for');
        assert.equal(await page.getAttribute('#desk-open-review', 'aria-keyshortcuts'), 'F11');
        assert.equal(await page.getAttribute('#desk-open-review', 'aria-expanded'), 'false');
        assert.deepEqual(await callsOf(page, 'desk_intake_queue'), [], 'nothing is read before the panel opens');
        await openPanel(page);
        assert.equal(await page.getAttribute('#desk-open-review', 'aria-expanded'), 'true');
        const row = await page.innerText('[data-review-submission="sub-2"]');
        for (const part of [
          msg(locale, 'desk.intake.number', { number: ENTRY.number }), CASE, msg(locale, 'desk.intake.party', { id: PARTY }),
          msg(locale, 'desk.intake.items', { count: '3' }), msg(locale, 'desk.intake.pages', { count: '6' }),
          msg(locale, 'desk.intake.age', { minutes: '14' }), msg(locale, 'desk.intake.resubmission'),
        ]) assert.ok(row.includes(part), `the row shows ${part}: ${row}`);
        const fresh = await page.innerText('[data-review-submission="sub-3"]');
        const type = msg(locale, 'desk.intake.case_type.commercial');
        assert.ok(fresh.includes(msg(locale, 'desk.intake.new_filing', { type })), `a new filing names its case type: ${fresh}`);
        assert.ok(fresh.includes(msg(locale, 'desk.intake.items_one', { count: '1' })));
        assert.ok(!fresh.includes(msg(locale, 'desk.intake.resubmission')), 'no badge on a first filing');
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `desk-review-queue-${locale}`);
        await clean(page, 'the queue');

        await page.click('[data-review-submission="sub-2"]');
        await page.waitForSelector('#review-viewer[data-item="it-pdf"][data-rendered-page="1"]');
        assert.deepEqual(await callsOf(page, 'desk_intake_submission'), [{ submissionId: 'sub-2' }]);
        assert.deepEqual(await callsOf(page, 'desk_intake_item'), [{ submissionId: 'sub-2', itemId: 'it-pdf' }]);
        assert.equal(await page.getAttribute('[data-review-item="it-pdf"]', 'aria-pressed'), 'true');
        const items = await page.innerText('.review-item-list');
        for (const part of [msg(locale, 'desk.intake.material.complaint'), '起诉状.pdf', msg(locale, 'desk.intake.hash', { hash: 'ab12cd34' }),
          msg(locale, 'desk.intake.material.evidence'), msg(locale, 'desk.intake.material.id_copy'), msg(locale, 'desk.intake.pages', { count: '3' })]) {
          assert.ok(items.includes(part), `the items show ${part}: ${items}`);
        }
        assert.equal(await page.getAttribute('#review-page', 'data-pages'), '2');
        const first = await pixels(page);
        await page.click('#review-next');
        await page.waitForSelector('#review-viewer[data-rendered-page="2"]');
        assert.notEqual(await pixels(page), first, 'page two is painted, not page one again');
        assert.equal(await page.textContent('#review-page'), msg(locale, 'desk.intake.viewer.page', { page: '2', pages: '2' }));
        assert.equal(await page.getAttribute('#review-next', 'aria-disabled'), 'true', 'no page after the last');

        const history = await page.innerText('.review-history');
        for (const part of [msg(locale, 'desk.intake.history.title'), EARLIER.number, msg(locale, 'desk.intake.history.returned', { reason: msg(locale, 'desk.intake.reason.illegible') }),
          '第2页看不清，请重新扫描。', 'wang.fang']) {
          assert.ok(history.includes(part), `the earlier filing shows ${part}: ${history}`);
        }
        assert.equal(await page.locator('[data-review-history="sub-2"]').count(), 0, 'only earlier filings are history');
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `desk-review-pdf-${locale}`);
        await clean(page, 'a submission with its PDF');

        await page.click('[data-review-item="it-png"]');
        await page.waitForSelector('#review-viewer[data-item="it-png"][data-rendered-page="1"]');
        assert.equal(await page.locator('#review-viewer canvas').count(), 1, 'the image is on a canvas, no <img>');
        const [r, , b] = await colourAt(page, 0.25, 0.5);
        assert.ok(r > 180 && b < 60, `the left half is red: ${r},${b}`);
        const [r2, , b2] = await colourAt(page, 0.75, 0.5);
        assert.ok(b2 > 180 && r2 < 60, `the right half is blue: ${r2},${b2}`);
        assert.equal(await page.getAttribute('[data-review-item="it-pdf"]', 'aria-pressed'), 'false');
        await screenshot(page, `desk-review-png-${locale}`);

        await page.click('[data-review-item="it-tif"]');
        await page.waitForSelector('#review-viewer [data-unsupported="image/tiff"]');
        assert.equal(await page.textContent('#review-viewer'), msg(locale, 'desk.intake.viewer.tiff', { pages: msg(locale, 'desk.intake.pages', { count: '3' }) }));
        assert.equal(await page.locator('#review-viewer canvas').count(), 0, 'the image is gone');
        assert.equal((await callsOf(page, 'desk_intake_item')).length, 2, 'a TIFF is not read: nothing could show it');
        await clean(page, 'a TIFF item');

        await page.click('#review-back');
        await page.waitForSelector('[data-review-submission="sub-2"]');
        assert.equal(await page.locator('#review-viewer').count(), 0, 'the viewer is gone');
        assert.equal(await page.evaluate(() => document.activeElement.dataset.reviewSubmission), 'sub-2', 'focus is back on the row');
      } finally {
        await page.context().close();
      }
    });
  }

  test('F11 opens and closes the panel; nothing opens behind the setup form', async () => {
    const page = await desk();
    try {
      await page.keyboard.press('F11');
      await page.waitForSelector('[data-review-submission="sub-2"]');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'desk-review-title');
      await page.keyboard.press('F11');
      assert.ok(await page.isHidden('#desk-review'));
      assert.equal(await page.getAttribute('#desk-open-review', 'aria-expanded'), 'false');
      await page.keyboard.press('F9');
      await page.waitForSelector('dialog#desk-setup[open]');
      await page.keyboard.press('F11');
      assert.ok(await page.isHidden('#desk-review'), 'nothing opens behind the setup form');
    } finally {
      await page.context().close();
    }
  });

  test('the keyboard reaches a submission, turns its pages and Escape goes back', async () => {
    const page = await desk();
    try {
      await page.keyboard.press('F11');
      await page.waitForSelector('[data-review-submission="sub-2"]');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.reviewSubmission), 'sub-2');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#review-viewer[data-rendered-page="1"]');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'review-submission-title');
      await page.focus('#review-next');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#review-viewer[data-rendered-page="2"]');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'review-next', 'focus stays on the control');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-review-submission="sub-2"]');
    } finally {
      await page.context().close();
    }
  });

  test('switching the language keeps the submission, its page and the form', async () => {
    const page = await desk();
    try {
      await openSubmission(page);
      await page.click('#review-next');
      await page.waitForSelector('#review-viewer[data-rendered-page="2"]');
      await page.click('#review-return');
      await page.click('[data-return-reason="wrong_case"]');
      await page.click('#lang-switch');
      await page.waitForSelector('html[lang="en"]');
      await page.waitForSelector('#review-viewer[data-rendered-page="2"] canvas');
      assert.equal(await page.textContent('#review-page'), msg('en', 'desk.intake.viewer.page', { page: '2', pages: '2' }));
      assert.equal(await page.getAttribute('[data-return-reason="wrong_case"]', 'aria-pressed'), 'true');
      assert.equal((await callsOf(page, 'desk_intake_item')).length, 1, 'the item is not read again');
      await assertSpeaks(page, 'en', COURT_TEXT);
      await page.focus('[data-return-reason="wrong_case"]');
      await page.keyboard.press('Escape');
      assert.equal(await page.getAttribute('#review-return', 'aria-expanded'), 'false', 'Escape closes the form first');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'review-return', 'focus goes back to its button');
    } finally {
      await page.context().close();
    }
  });

  test('a submission decided already shows its state instead of the decision buttons', async () => {
    const decided = { ...CURRENT, status: 'accepted', decision: { decision: { decision: 'accept' }, clerk: 'wang.fang', decided_at_ms: FILED } };
    const page = await desk({ replies: { desk_intake_submission: { resolve: { submission: decided, history: [EARLIER, decided], lockers: [] } } } });
    try {
      await openSubmission(page);
      assert.equal(await page.textContent('#review-closed'), msg('zh-CN', 'desk.intake.closed', { status: msg('zh-CN', 'desk.intake.status.accepted') }));
      assert.equal(await page.locator('#review-accept, #review-return, #review-forward').count(), 0);
      await clean(page, 'a decided submission');
    } finally {
      await page.context().close();
    }
  });

  test('the queue is read again every 5 s while open, and on the refresh button', async () => {
    const page = await desk();
    try {
      await openPanel(page);
      await page.focus('[data-review-submission="sub-3"]');
      await setReply(page, 'desk_intake_queue', { resolve: [NEW_FILING] });
      await page.waitForSelector('[data-review-submission="sub-2"]', { state: 'detached', timeout: 7000 });
      assert.equal(await page.evaluate(() => document.activeElement.dataset.reviewSubmission), 'sub-3', 'the focused row keeps focus');
      await setReply(page, 'desk_intake_queue', { resolve: [] });
      await page.click('#desk-review-refresh');
      await page.waitForSelector('#desk-review-empty');
      assert.equal(await page.textContent('#desk-review-empty'), msg('zh-CN', 'desk.intake.empty'));
      const reads = (await callsOf(page, 'desk_intake_queue')).length;
      await page.click('#desk-open-review');
      await page.waitForTimeout(5500);
      assert.equal((await callsOf(page, 'desk_intake_queue')).length, reads, 'a closed panel reads nothing');
    } finally {
      await page.context().close();
    }
  });

  test('a queue read while a submission is open leaves its form and the typing alone', async () => {
    const page = await desk();
    try {
      await openSubmission(page);
      await page.click('#review-return');
      await page.click('[data-return-reason="other"]');
      await page.click('#review-return-text');
      await page.keyboard.type('请补交');
      const reads = (await callsOf(page, 'desk_intake_queue')).length;
      await page.waitForFunction((n) => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'desk_intake_queue').length > n, reads, { timeout: 7000 });
      await page.keyboard.type('签字页。');
      assert.equal(await page.inputValue('#review-return-text'), '请补交签字页。');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'review-return-text');
      assert.equal(await page.getAttribute('#review-viewer', 'data-rendered-page'), '1');
    } finally {
      await page.context().close();
    }
  });

  test('an item the kiosk has not uploaded yet says to try again in a minute; the retry shows it', async () => {
    const page = await desk({ replies: { desk_intake_item: { ...refusal('item_not_uploaded'), times: 1 } } });
    try {
      await openPanel(page);
      await page.click('[data-review-submission="sub-2"]');
      await page.waitForSelector('#review-item-problem[data-code="item_not_uploaded"]');
      assert.equal(await page.textContent('#review-item-problem'), msg('zh-CN', 'desk.intake.error.item_not_uploaded'));
      await clean(page, 'an item not uploaded yet');
      await page.click('#review-item-retry');
      await page.waitForSelector('#review-viewer[data-rendered-page="1"]');
    } finally {
      await page.context().close();
    }
  });

  test('an item whose bytes cannot be shown says so and what the clerk can do', async () => {
    const page = await desk();
    await page.evaluate(() => {
      window.__COURTDESK_SCENARIO__.intake_items['it-png'] = btoa('not an image');
    });
    try {
      await openSubmission(page);
      await page.click('[data-review-item="it-png"]');
      await page.waitForSelector('#review-viewer [data-problem="unreadable"]');
      assert.equal(await page.textContent('#review-viewer'), msg('zh-CN', 'desk.intake.viewer.unreadable'));
      assert.equal(await page.locator('#review-viewer canvas').count(), 0);
      assert.deepEqual(await pageProblems(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('a queue this account may not read says whom to ask', async () => {
    const page = await desk({ replies: { desk_intake_queue: refusal('not_permitted') } });
    try {
      await page.click('#desk-open-review');
      await page.waitForSelector('#desk-review-body [data-code="not_permitted"]');
      assert.equal(await page.textContent('#desk-review-body [data-code="not_permitted"]'), msg('zh-CN', 'desk.intake.error.not_permitted.review'));
    } finally {
      await page.context().close();
    }
  });
});

describe('decisions', () => {
  for (const locale of LOCALES) {
    test(`accept records the decision, says so and the row is gone (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        await openSubmission(page);
        await page.click('#review-accept');
        await page.waitForSelector('#desk-review-message[data-kind="done"]');
        assert.deepEqual(await callsOf(page, 'desk_intake_decide'), [{ submissionId: 'sub-2', decision: { decision: 'accept' } }]);
        assert.equal(await message(page), msg(locale, 'desk.intake.done.accept', { number: ENTRY.number }));
        assert.equal(await page.locator('[data-review-submission="sub-2"]').count(), 0, 'the row is gone');
        assert.equal(await page.locator('[data-review-submission="sub-3"]').count(), 1);
        assert.equal(await page.locator('#review-viewer').count(), 0, 'back at the queue');
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `desk-review-accepted-${locale}`);
        await clean(page, 'the queue after accepting');
      } finally {
        await page.context().close();
      }
    });

    test(`return needs a reason, "other" needs text; confirm sends the reason and the text (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        await openSubmission(page);
        await page.click('#review-return');
        assert.equal(await page.getAttribute('#review-return', 'aria-expanded'), 'true');
        await page.click('#review-return-confirm');
        await page.waitForSelector('#review-return-note[data-problem="need_reason"]');
        assert.equal(await page.textContent('#review-return-note'), msg(locale, 'desk.intake.return.need_reason'));
        await page.click('[data-return-reason="other"]');
        assert.equal(await page.getAttribute('[data-return-reason="other"]', 'aria-pressed'), 'true');
        assert.equal(await page.getAttribute('#review-return-text', 'aria-required'), 'true');
        await page.fill('#review-return-text', '   ');
        await page.click('#review-return-confirm');
        await page.waitForSelector('#review-return-note[data-problem="need_text"]');
        assert.equal(await page.textContent('#review-return-note'), msg(locale, 'desk.intake.return.need_text'));
        assert.equal(await page.evaluate(() => document.activeElement.id), 'review-return-text');
        assert.deepEqual(await callsOf(page, 'desk_intake_decide'), [], 'nothing is sent while the form is incomplete');
        assert.equal(await page.getAttribute('#review-return-text', 'maxlength'), '500');
        await page.fill('#review-return-text', '请补交起诉状的签字页。');
        assert.equal(await page.getAttribute('#review-return-note', 'data-problem'), null, 'the problem goes once the text is there');
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `desk-review-return-${locale}`);
        await clean(page, 'the return form');
        await page.click('#review-return-confirm');
        await page.waitForSelector('#desk-review-message[data-kind="done"]');
        assert.deepEqual(await callsOf(page, 'desk_intake_decide'), [
          { submissionId: 'sub-2', decision: { decision: 'return', reason_code: 'other', text: '请补交起诉状的签字页。' } },
        ]);
        assert.equal(await message(page), msg(locale, 'desk.intake.done.return', { number: ENTRY.number, reason: msg(locale, 'desk.intake.reason.other') }));
        assert.equal(await page.locator('[data-review-submission="sub-2"]').count(), 0);
      } finally {
        await page.context().close();
      }
    });

    test(`forward sends the department's code (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        await openSubmission(page);
        await page.click('#review-forward');
        await page.click('#review-forward-confirm');
        await page.waitForSelector('#review-forward-note[data-problem="need_department"]');
        assert.deepEqual(await callsOf(page, 'desk_intake_decide'), [], 'no department, nothing sent');
        const labels = await page.$$eval('#review-forward-department option', (options) => options.map((o) => [o.value, o.textContent]));
        assert.deepEqual(labels.slice(1).map(([code]) => code), ['civil_1', 'civil_2', 'commercial', 'administrative', 'enforcement', 'criminal']);
        assert.equal(labels[2][1], msg(locale, 'desk.intake.department.civil_2'));
        await page.selectOption('#review-forward-department', 'civil_2');
        await clean(page, 'the forward form');
        await page.click('#review-forward-confirm');
        await page.waitForSelector('#desk-review-message[data-kind="done"]');
        assert.deepEqual(await callsOf(page, 'desk_intake_decide'), [{ submissionId: 'sub-2', decision: { decision: 'forward', department: 'civil_2' } }]);
        const department = msg(locale, 'desk.intake.department.civil_2');
        assert.equal(await message(page), msg(locale, 'desk.intake.done.forward', { number: ENTRY.number, department }));
      } finally {
        await page.context().close();
      }
    });
  }

  const REFUSALS = [
    ['not_permitted', null, 'accept', 'desk.intake.error.not_permitted.accept'],
    ['not_permitted', null, 'return', 'desk.intake.error.not_permitted.return'],
    ['not_permitted', null, 'forward', 'desk.intake.error.not_permitted.forward'],
    ['illegal_action', 'already_decided', 'accept', 'desk.intake.error.already_decided'],
    ['no_such_submission', null, 'accept', 'desk.intake.error.no_such_submission'],
    ['bad_input', 'text', 'return', 'desk.intake.error.bad_input.text'],
    ['bad_input', 'department', 'forward', 'desk.intake.error.bad_input.department'],
    ['bad_input', 'reason_code', 'return', 'desk.intake.error.bad_input.reason_code'],
    ['server_unreachable', null, 'accept', 'desk.intake.error.server_unreachable'],
    ['storage', null, 'accept', 'error.storage'],
  ];

  async function tryDecision(page, decision) {
    if (decision === 'accept') return page.click('#review-accept');
    if (decision === 'return') {
      await page.click('#review-return');
      await page.click('[data-return-reason="illegible"]');
      return page.click('#review-return-confirm');
    }
    await page.click('#review-forward');
    await page.selectOption('#review-forward-department', 'enforcement');
    return page.click('#review-forward-confirm');
  }

  for (const locale of LOCALES) {
    test(`each refusal is said with what to do, and the submission stays as it was (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        await openSubmission(page);
        for (const [code, detail, decision, key] of REFUSALS) {
          await setReply(page, 'desk_intake_decide', refusal(code, detail));
          await tryDecision(page, decision);
          await page.waitForSelector(`#desk-review-message[data-kind="error"][data-code="${code}"]`);
          assert.equal(await message(page), msg(locale, key), `${code} ${detail ?? ''} on ${decision}`);
          assert.equal(await page.locator('#review-submission-title').count(), 1, 'the submission stays open');
          assert.equal(await page.getAttribute('#review-viewer', 'data-item'), 'it-pdf', 'the item stays shown');
          if (decision !== 'accept') {
            assert.equal(await page.getAttribute(`#review-${decision}`, 'aria-expanded'), 'true', 'the form stays for correcting');
            await page.click(`#review-${decision}`);
          }
          if (code === 'storage') await screenshot(page, `desk-review-refused-${locale}`);
          await page.evaluate(() => document.getElementById('desk-review-message').removeAttribute('data-kind'));
        }
        await clean(page, 'a refused decision');
        await page.click('#review-back');
        await page.waitForSelector('[data-review-submission="sub-2"]');
        assert.equal(await page.locator('[data-review-submission]').count(), 2, 'the queue is as it was');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a submission that is gone when opened says so and the queue is read again', async () => {
    const page = await desk({ replies: { desk_intake_submission: refusal('no_such_submission') } });
    try {
      await openPanel(page);
      const reads = (await callsOf(page, 'desk_intake_queue')).length;
      await page.click('[data-review-submission="sub-2"]');
      await page.waitForSelector('#desk-review-message[data-code="no_such_submission"]');
      assert.equal(await message(page), msg('zh-CN', 'desk.intake.error.no_such_submission'));
      await page.waitForFunction((n) => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'desk_intake_queue').length > n, reads);
      assert.equal(await page.locator('#review-submission-title').count(), 0);
    } finally {
      await page.context().close();
    }
  });

  test('sign_in_required leads to the sign-in screen', async () => {
    const page = await desk({ replies: { desk_intake_decide: refusal('sign_in_required') } });
    try {
      await openSubmission(page);
      await page.click('#review-accept');
      await page.waitForSelector('#sign-in-notice[data-reason="expired"]');
      assert.equal(await page.locator('#desk-review').count(), 0);
    } finally {
      await page.context().close();
    }
  });
});

test('signing out forgets the panel, the submission and its pages', async () => {
  const page = await desk();
  try {
    await openSubmission(page);
    await page.click('#review-return');
    await page.click('[data-return-reason="incomplete"]');
    await page.click('#sign-out');
    await page.waitForSelector('[data-screen="staff-sign-in"]');
    assert.equal(await page.locator('#review-viewer, .pdf-page, canvas').count(), 0, 'no page is left on screen');
    await page.fill('#sign-in-username', 'li.ming');
    await page.fill('#sign-in-password', 'secret');
    await page.click('#sign-in-submit');
    await page.waitForSelector('#desk-open-review');
    assert.ok(await page.isHidden('#desk-review'));
    assert.equal(await page.getAttribute('#desk-open-review', 'aria-expanded'), 'false');
    const reads = (await callsOf(page, 'desk_intake_queue')).length;
    await page.click('#desk-open-review');
    await page.waitForSelector('[data-review-submission="sub-2"]');
    assert.equal(await page.locator('#review-submission-title').count(), 0, 'the queue, not the last clerk\'s submission');
    assert.equal(await message(page), '');
    assert.equal((await callsOf(page, 'desk_intake_queue')).length, reads + 1);
  } finally {
    await page.context().close();
  }
});

describe('upload progress', () => {
  const upload = (it, held, complete = false) => ({ item_id: it.item_id, size: it.size, held, complete });
  // The PDF is all there, 45 % of the PNG (1844 of 4096 bytes, 45.02 %), none of the TIFF yet.
  const MIXED = [upload(PDF, 4096, true), upload(PNG, 1844), upload(TIFF, 0)];
  const DONE = [upload(PDF, 4096, true), upload(PNG, 4096, true), upload(TIFF, 4096, true)];
  const uploadOf = (page, it) => page.getAttribute(`[data-review-item="${it.item_id}"]`, 'data-upload');
  const wordsOf = (page, it) => page.textContent(`[data-review-item="${it.item_id}"] .review-item-upload-text`);
  // Each bar's maximum, value and the text of what names it.
  const bars = (page, it) => page.$$eval(`[data-review-item="${it.item_id}"] progress`, (all) => all.map((p) => [
    p.max, p.value, p.getAttribute('aria-labelledby').split(' ').map((id) => document.getElementById(id)?.textContent).join(' '),
  ]));
  const reads = async (page) => (await callsOf(page, 'desk_intake_uploads')).length;

  for (const locale of LOCALES) {
    test(`each item says whether the court server holds it: uploaded, uploading with a bar, waiting (${locale})`, async () => {
      const page = await desk({ locale, uploads: { 'sub-2': MIXED } });
      try {
        await openSubmission(page);
        await page.waitForSelector('[data-review-item="it-tif"][data-upload]');
        assert.deepEqual(await callsOf(page, 'desk_intake_uploads'), [{ submissionId: 'sub-2' }]);
        assert.equal(await uploadOf(page, PDF), 'complete');
        assert.equal(await wordsOf(page, PDF), msg(locale, 'desk.intake.upload.complete'));
        assert.deepEqual(await bars(page, PDF), [], 'no bar once uploaded');
        assert.equal(await uploadOf(page, PNG), 'partial');
        assert.equal(await wordsOf(page, PNG), msg(locale, 'desk.intake.upload.partial', { percent: '45' }));
        assert.deepEqual(await bars(page, PNG), [[4096, 1844, `${msg(locale, 'desk.intake.upload.partial', { percent: '45' })} ${PNG.display_name}`]]);
        assert.equal(await uploadOf(page, TIFF), 'waiting');
        assert.equal(await wordsOf(page, TIFF), msg(locale, 'desk.intake.upload.waiting'));
        assert.deepEqual(await bars(page, TIFF), []);
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `desk-review-uploads-${locale}`);
        await clean(page, 'items with their upload states');
      } finally {
        await page.context().close();
      }
    });
  }

  test('states are read every 5 s until all are complete, in place: the form and the typing stay', async () => {
    const page = await desk({ replies: { desk_intake_uploads: { sequence: [{ resolve: MIXED }, { resolve: DONE }] } } });
    try {
      await openSubmission(page);
      await page.waitForSelector('[data-review-item="it-png"][data-upload="partial"]');
      const button = await page.$('[data-review-item="it-png"]');
      await page.click('#review-return');
      await page.click('[data-return-reason="other"]');
      await page.click('#review-return-text');
      await page.keyboard.type('请补交');
      await page.waitForSelector('[data-review-item="it-png"][data-upload="complete"]', { timeout: 7000 });
      await page.keyboard.type('签字页。');
      assert.equal(await page.inputValue('#review-return-text'), '请补交签字页。');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'review-return-text', 'focus stays in the form');
      assert.equal(await page.getAttribute('[data-return-reason="other"]', 'aria-pressed'), 'true');
      assert.ok(await button.evaluate((el) => el.isConnected), 'the item button is changed, not drawn again');
      assert.equal(await uploadOf(page, TIFF), 'complete');
      assert.equal(await wordsOf(page, PNG), msg('zh-CN', 'desk.intake.upload.complete'));
      assert.equal(await page.locator('.review-item progress').count(), 0, 'no bars once all are uploaded');
      assert.equal(await reads(page), 2);
      await page.waitForTimeout(5500);
      assert.equal(await reads(page), 2, 'nothing is read once every item is uploaded');
    } finally {
      await page.context().close();
    }
  });

  test('polling stops when the submission closes', async () => {
    const page = await desk({ uploads: { 'sub-2': MIXED } });
    try {
      await openSubmission(page);
      await page.waitForSelector('[data-review-item="it-png"][data-upload="partial"]');
      await page.click('#review-back');
      await page.waitForSelector('[data-review-submission="sub-2"]');
      const before = await reads(page);
      await page.waitForTimeout(5500);
      assert.equal(await reads(page), before, 'a closed submission is not asked about');
    } finally {
      await page.context().close();
    }
  });

  test('the item refused as not uploaded is shown by itself once the server holds it', async () => {
    const waiting = [upload(PDF, 0), upload(PNG, 4096, true), upload(TIFF, 4096, true)];
    const page = await desk({
      replies: {
        desk_intake_item: { ...refusal('item_not_uploaded'), times: 1 },
        desk_intake_uploads: { sequence: [{ resolve: waiting }, { resolve: DONE }] },
      },
    });
    try {
      await openPanel(page);
      await page.click('[data-review-submission="sub-2"]');
      await page.waitForSelector('#review-item-problem[data-code="item_not_uploaded"]');
      await page.waitForSelector('[data-review-item="it-pdf"][data-upload="waiting"]');
      assert.equal((await callsOf(page, 'desk_intake_item')).length, 1);
      await page.waitForSelector('#review-viewer[data-item="it-pdf"][data-rendered-page="1"]', { timeout: 7000 });
      assert.equal(await uploadOf(page, PDF), 'complete');
      assert.deepEqual(await callsOf(page, 'desk_intake_item'), [
        { submissionId: 'sub-2', itemId: 'it-pdf' }, { submissionId: 'sub-2', itemId: 'it-pdf' },
      ]);
      assert.deepEqual(await pageProblems(page), []);
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`a state that cannot be read says "unknown" and changes nothing else (${locale})`, async () => {
      const page = await desk({ locale, replies: { desk_intake_uploads: refusal('server_unreachable') } });
      try {
        await openSubmission(page);
        await page.waitForSelector('[data-review-item="it-tif"][data-upload="unknown"]');
        for (const it of [PDF, PNG, TIFF]) {
          assert.equal(await uploadOf(page, it), 'unknown');
          assert.equal(await wordsOf(page, it), msg(locale, 'desk.intake.upload.unknown'));
        }
        assert.equal(await page.locator('.review-item progress').count(), 0);
        assert.equal(await message(page), '', 'no message for the clerk to act on');
        assert.equal(await page.getAttribute('#review-viewer', 'data-item'), 'it-pdf', 'the item stays shown');
        assert.equal(await page.getAttribute('#review-viewer', 'data-rendered-page'), '1');
        assert.equal(await page.locator('#review-accept').count(), 1, 'the decision buttons stay');
        assert.equal(await page.getAttribute('[data-review-item="it-pdf"]', 'aria-pressed'), 'true');
        await clean(page, 'upload states that could not be read');
      } finally {
        await page.context().close();
      }
    });
  }
});
