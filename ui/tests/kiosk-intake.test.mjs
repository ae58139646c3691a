// Handing in materials at the kiosk in a real Chromium: the party's cases, a typed case number and
// a new filing, two pages scanned and files from a USB stick, material types and duplicates, the
// submission filed with its receipt, every refusal's text with nothing else changing, the status
// lookup by the receipt's QR code with a correction, and the wipe of it all at the end of a visit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertLargeTargets, callsOf, clean, identifyOnKeypads, onPage, screenshot, setReply, setup } from './helpers/app.mjs';
import { makePdf } from './helpers/pdf.mjs';
import { makePng } from './helpers/png.mjs';
import { LOCALES, MORNING, TILES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const VISITOR = { masked_id: '110***********002X', display_name: '王小明', method: 'resident_id_otp' };
const CASE = '(2026)京0105民初1234号';
const CASES = {
  cases: [
    { case_number: CASE, title: '买卖合同纠纷', role: 'plaintiff' },
    { case_number: '(2025)京0105民初998号', title: '民间借贷纠纷', role: 'defendant' },
  ],
  offline: false,
};
const USB = {
  entries: [
    { id: 1, name: '证据目录.pdf', folder: '证据', size: 245_760, looks_supported: true, pages: 3, sha256: 'a1'.repeat(32) },
    { id: 2, name: 'photo.jpg', folder: '', size: 2_400_000, looks_supported: true, pages: 1, sha256: 'b2'.repeat(32), duplicate: 'earlier_submission' },
    { id: 3, name: '起诉状.pdf', folder: '', size: 51_200, looks_supported: true, pages: 2, sha256: 'c3'.repeat(32), duplicate: 'this_submission' },
    { id: 4, name: '说明.docx', folder: '证据 / 其他', size: 10_000, looks_supported: false },
  ],
  truncated: true,
};
const NUMBER = 'SJ-20261128-K7M3QX';
const SCAN_PDF = makePdf(['First scanned page', 'Second scanned page']).toString('base64');
const COURT_TEXT = { bilingual: '[data-court-text]' };
const refusal = (code, detail) => ({ reject: { code, message: 'refused', ...(detail ? { detail } : {}) } });

function kiosk({ locale = 'zh-CN', replies = {}, ...scenario } = {}) {
  const terminal = { ...info('kiosk', locale), idle_seconds: 90, countdown_seconds: 15 };
  return app.open(
    { info: terminal, tiles: TILES, visitor: VISITOR, intake_cases: CASES, usb: USB, intake_number: NUMBER, replies, ...scenario },
    { clock: MORNING },
  );
}

/** Opens the kiosk with `options` (see kiosk), runs `run` on the page, and closes it whatever happens. */
function visit(options, run) {
  return onPage(kiosk(options), run);
}

/** Screen checks: large targets, the page's language, no axe violations, a screenshot. */
async function check(page, locale, name) {
  await assertLargeTargets(page, '[data-screen] button, [data-screen] select, [data-screen] input');
  await assertSpeaks(page, locale, COURT_TEXT);
  await screenshot(page, `${name}-${locale}`);
  await clean(page, `${name} (${locale})`);
}

function identify(page) {
  return identifyOnKeypads(page, 'submit_materials', '[data-screen="intake-case"], [data-screen="intake-resume"]');
}

async function toMaterials(page) {
  await identify(page);
  await page.click(`button[data-case-number="${CASE}"]`);
  await page.waitForSelector('[data-screen="intake-materials"]');
}

const items = (page) => page.$$eval('[data-item-id]', (els) => els.map((el) => [el.dataset.itemId, el.dataset.material, el.dataset.duplicate]));
const notice = (page) => page.getAttribute('#intake-notice', 'data-problem');
const noticeText = (page) => page.textContent('#intake-notice p');

async function addUsb(page, id) {
  await page.click('#intake-add-usb');
  await page.waitForSelector(`button[data-usb-entry="${id}"]`);
  await page.click(`button[data-usb-entry="${id}"]`);
  await page.waitForSelector('[data-screen="intake-materials"]');
}

describe('submitting materials', () => {
  for (const locale of LOCALES) {
    test(`a listed case, two pages scanned, files from a USB stick, their types, a duplicate each way, filed with a receipt (${locale})`, async () => {
      await visit({ locale, intake_item_bytes: { 'item-1': SCAN_PDF } }, async (page) => {
        await identify(page);
        await page.waitForSelector('button[data-case-number]');
        assert.equal(await page.locator('button[data-case-number]').count(), 2);
        assert.equal(await page.textContent('#identity-name'), VISITOR.display_name);
        assert.ok((await page.textContent(`button[data-case-number="${CASE}"]`)).includes(msg(locale, 'intake.role.plaintiff')));
        assert.equal(await page.locator('#intake-cases-offline').count(), 0);
        await check(page, locale, 'intake-case');

        await page.click(`button[data-case-number="${CASE}"]`);
        await page.waitForSelector('[data-screen="intake-materials"]');
        assert.deepEqual(await callsOf(page, 'intake_start'), [{ case: { kind: 'existing', case_number: CASE }, replaces: null }]);
        assert.ok(await page.isDisabled('#intake-submit'), 'nothing to submit yet');
        assert.equal(await page.textContent('#intake-ready'), msg(locale, 'intake.materials.need_items'));
        await check(page, locale, 'intake-materials-empty');

        // Two pages scanned: the count goes up and down within 1-20, the screen is busy while scanning.
        await page.click('#intake-add-scan');
        await page.waitForSelector('[data-screen="intake-scan"]');
        assert.equal(await page.getAttribute('#intake-scan-pages', 'data-pages'), '1');
        assert.ok(await page.isDisabled('#intake-scan-fewer'), 'no fewer than one page');
        await page.click('#intake-scan-more');
        await page.click('#intake-scan-more');
        await page.click('#intake-scan-fewer');
        assert.equal(await page.getAttribute('#intake-scan-pages', 'data-pages'), '2');
        assert.equal(await page.textContent('#intake-scan-pages'), msg(locale, 'intake.scan.pages', { pages: '2' }));
        await check(page, locale, 'intake-scan');
        await page.click('#intake-scan-start');
        // The scan's pages are shown small at once, each with the way to scan it again.
        await page.waitForSelector('[data-screen="intake-pages"] .intake-thumb[data-page="2"][data-painted="true"] canvas');
        assert.deepEqual(await callsOf(page, 'intake_scan'), [{ pages: 2 }]);
        assert.equal(await page.locator('.intake-thumb').count(), 2);
        assert.equal(await page.textContent('.intake-thumb[data-page="1"] figcaption'), msg(locale, 'intake.pages.page', { n: '1', of: '2' }));
        const inked = await page.$eval('.intake-thumb[data-page="1"] canvas', (c) => {
          const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark += 1;
          return dark;
        });
        assert.ok(inked > 0, 'the page is painted, text and all');
        await check(page, locale, 'intake-pages');
        const before = await page.textContent('[data-screen="intake-pages"] .queue-lead');
        await page.click('button[data-rescan-page="2"]');
        await page.waitForFunction(() => window.__COURTDESK_CALLS__.some((c) => c.cmd === 'intake_rescan_page'));
        await page.waitForSelector('[data-screen="intake-pages"][aria-busy="false"] .intake-thumb[data-page="2"][data-painted="true"]');
        assert.deepEqual(await callsOf(page, 'intake_rescan_page'), [{ itemId: 'item-1', page: 2 }]);
        assert.equal(await page.textContent('[data-screen="intake-pages"] .queue-lead'), before);
        assert.equal((await callsOf(page, 'intake_item')).length, 2, 'the new version is painted again');
        await page.click('#intake-pages-done');
        await page.waitForSelector('[data-screen="intake-materials"]');
        assert.deepEqual(await items(page), [['item-1', '', '']]);
        assert.equal(await page.getAttribute('button[data-view-pages="item-1"]', 'data-view-pages'), 'item-1');
        assert.equal(await page.textContent('[data-item-id="item-1"] h3'), msg(locale, 'intake.item.scan_name', { n: '1' }));

        // From the USB stick: the listing with its hints, then one file.
        await page.click('#intake-add-usb');
        await page.waitForSelector('[data-screen="intake-usb"] button[data-usb-entry="1"]');
        assert.equal(await page.getAttribute('button[data-usb-entry="4"]', 'data-looks-supported'), 'false');
        assert.ok((await page.textContent('button[data-usb-entry="4"]')).includes(msg(locale, 'intake.usb.not_supported')));
        assert.equal(await page.textContent('#intake-usb-truncated'), msg(locale, 'intake.usb.truncated'));
        await check(page, locale, 'intake-usb');
        await page.click('button[data-usb-entry="1"]');
        await page.waitForSelector('[data-item-id="item-2"]');
        assert.deepEqual(await callsOf(page, 'intake_usb_add'), [{ entryId: 1 }]);
        const card = await page.textContent('[data-item-id="item-2"]');
        assert.ok(card.includes('证据目录.pdf') && card.includes('a1a1a1a1'), `name and short hash: ${card}`);
        assert.ok(card.includes(msg(locale, 'intake.item.facts', { pages: '3', size: '240 KB', hash: 'a1a1a1a1' })), card);

        // Duplicates: one already submitted for this case (kept), one twice in this draft (dropped).
        await addUsb(page, 2);
        await addUsb(page, 3);
        assert.deepEqual(await items(page), [['item-1', '', ''], ['item-2', '', ''], ['item-3', '', 'earlier_submission'], ['item-4', '', 'this_submission']]);
        assert.ok((await page.textContent('[data-item-id="item-3"]')).includes(msg(locale, 'intake.item.duplicate.earlier_submission')));
        assert.ok((await page.textContent('[data-item-id="item-4"]')).includes(msg(locale, 'intake.item.duplicate.this_submission')));
        await page.selectOption('select[data-material-for="item-1"]', 'complaint');
        await page.waitForSelector('[data-item-id="item-1"][data-material="complaint"]');
        await page.selectOption('select[data-material-for="item-2"]', 'evidence');
        await page.waitForSelector('[data-item-id="item-2"][data-material="evidence"]');
        await page.selectOption('select[data-material-for="item-3"]', 'evidence');
        await page.waitForSelector('[data-item-id="item-3"][data-material="evidence"]');
        assert.ok(await page.isDisabled('#intake-submit'), 'not while a duplicate waits');
        assert.equal(await page.textContent('#intake-ready'), msg(locale, 'intake.materials.need_duplicate'));
        await check(page, locale, 'intake-materials');
        await page.click('button[data-keep-duplicate="item-3"]');
        await page.waitForSelector('[data-item-id="item-3"][data-duplicate=""]');
        await page.click('button[data-drop-duplicate="item-4"]');
        await page.waitForFunction(() => !document.querySelector('[data-item-id="item-4"]'));
        assert.deepEqual(await callsOf(page, 'intake_resolve_duplicate'), [{ itemId: 'item-3', keep: true }, { itemId: 'item-4', keep: false }]);
        assert.deepEqual(await callsOf(page, 'intake_set_material'), [
          { itemId: 'item-1', material: 'complaint' }, { itemId: 'item-2', material: 'evidence' }, { itemId: 'item-3', material: 'evidence' },
        ]);
        assert.ok(!(await page.isDisabled('#intake-submit')));
        assert.equal(await page.textContent('#intake-ready'), msg(locale, 'intake.materials.ready'));

        // A file taken out again, then back for the rest.
        await addUsb(page, 3);
        await page.click('button[data-remove-item="item-4"]');
        await page.waitForFunction(() => !document.querySelector('[data-item-id="item-4"]'));
        assert.deepEqual(await callsOf(page, 'intake_remove_item'), [{ itemId: 'item-4' }]);

        await page.click('#intake-submit');
        await page.waitForSelector('[data-screen="intake-confirm"]');
        assert.equal(await page.textContent('#intake-summary-count'), msg(locale, 'intake.confirm.count', { items: '3', pages: '6' }));
        assert.ok((await page.textContent('[data-screen="intake-confirm"]')).includes(CASE));
        await check(page, locale, 'intake-confirm');
        assert.deepEqual(await callsOf(page, 'intake_submit'), [], 'nothing filed before the confirmation');
        await page.click('#intake-submit-confirm');
        await page.waitForSelector('[data-screen="intake-done"]');
        assert.equal(await page.textContent('#intake-number'), NUMBER);
        assert.equal(await page.getAttribute('#intake-print-notice', 'data-kind'), 'done');
        assert.equal(await page.textContent('#intake-print-notice'), msg(locale, 'intake.done.printed'));
        assert.equal(await page.locator('#intake-done-items li').count(), 3);
        assert.ok((await page.textContent('#intake-done-items')).includes(msg(locale, 'intake.material.complaint')));
        await check(page, locale, 'intake-done');
        assert.deepEqual(await callsOf(page, 'intake_discard'), []);

        await page.click('#intake-finish');
        await page.waitForSelector('button[data-service]');
        assert.equal((await callsOf(page, 'visit_finish')).length, 1);
      });
    });
  }

  test('the scan shows it is busy until the scanner is done, and nothing else can be tapped meanwhile', async () => {
    // Only a delay: the mock answers as the scanner would, a minute later.
    await visit({ replies: { intake_scan: { delayMs: 60_000 } } }, async (page) => {
      await toMaterials(page);
      await page.click('#intake-add-scan');
      await page.click('#intake-scan-start');
      await page.waitForSelector('[data-screen="intake-scan"][aria-busy="true"]');
      assert.equal(await page.textContent('#intake-busy'), msg('zh-CN', 'intake.scan.busy', { pages: '1' }));
      assert.equal(await page.getAttribute('#intake-scan-start', 'aria-disabled'), 'true');
      await page.click('#intake-scan-start', { force: true });
      await page.click('#intake-scan-more', { force: true });
      assert.equal(await page.getAttribute('#intake-scan-pages', 'data-pages'), '1', 'the count does not change while scanning');
      await clean(page, 'the scan in progress');
      await page.clock.runFor(60_100);
      await page.waitForSelector('[data-screen="intake-pages"] .intake-thumb[data-page="1"]');
      assert.equal((await callsOf(page, 'intake_scan')).length, 1, 'scanned once');
    });
  });

  test('no one is asked whether they are still there while a long scan runs; after it, the quiet spell counts again', async () => {
    await visit({ replies: { intake_scan: { delayMs: 170_000 } } }, async (page) => {
      await toMaterials(page);
      await page.click('#intake-add-scan');
      await page.click('#intake-scan-start');
      await page.waitForSelector('[data-screen="intake-scan"][aria-busy="true"]');
      await page.clock.runFor(150_000);
      assert.equal(await page.locator('#idle-countdown[open]').count(), 0, 'not asked during the scan (idle time 90 s)');
      await page.clock.runFor(25_000);
      await page.waitForSelector('[data-screen="intake-pages"][aria-busy="false"]');
      assert.equal(await page.locator('#idle-countdown[open]').count(), 0);
      await page.clock.runFor(10_000);
      await page.waitForSelector('#idle-countdown[open]');
    });
  });

  for (const locale of LOCALES) {
    test(`a new filing by its case type (${locale})`, async () => {
      await visit({ locale }, async (page) => {
        await identify(page);
        await page.click('#intake-new-filing');
        await page.waitForSelector('[data-screen="intake-new-type"]');
        const types = await page.$$eval('button[data-case-type]', (els) => els.map((el) => el.dataset.caseType));
        assert.deepEqual(types, ['civil', 'commercial', 'administrative', 'enforcement', 'criminal_private']);
        for (const type of types) {
          const text = await page.textContent(`button[data-case-type="${type}"]`);
          assert.ok(text.includes(msg(locale, `intake.case_type.${type}.desc`)), `${type} is explained`);
        }
        await check(page, locale, 'intake-new-type');
        await page.click('button[data-case-type="commercial"]');
        // One question a screen; each tap answers and moves on, Back goes to the one before.
        const question = async (name) => {
          await page.waitForSelector(`#intake-question-count[data-question="${name}"]`);
          assert.equal(await page.textContent('#intake-title'), msg(locale, `intake.question.${name}.title`));
        };
        await question('filer');
        await check(page, locale, 'intake-question-filer');
        await page.click('button[data-answer="agent"]');
        await question('opponent');
        await page.click('#intake-back');
        await question('filer');
        assert.equal(await page.getAttribute('button[data-answer="agent"]', 'aria-pressed'), 'true', 'the answer given is shown');
        await page.click('button[data-answer="agent"]');
        await question('opponent');
        await page.click('button[data-answer="organisation"]');
        await question('subject');
        const subjects = await page.$$eval('button[data-answer]', (els) => els.map((el) => el.dataset.answer));
        assert.deepEqual(subjects, ['sale', 'finance', 'company', 'other'], 'the subjects of a commercial case');
        await page.click('button[data-answer="sale"]');
        await question('money');
        await page.click('button[data-answer="yes"]');
        await question('amount');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'intake-claim');
        for (const [typed, problem] of [['', 'claim_empty'], ['12a', 'claim_shape'], ['0', 'claim_shape'], ['1234567890123', 'claim_shape']]) {
          await page.fill('#intake-claim', typed);
          await page.click('#intake-claim-confirm');
          assert.equal(await notice(page), problem, `${typed} is refused here`);
          assert.equal(await noticeText(page), msg(locale, `intake.problem.${problem}`));
        }
        assert.deepEqual(await callsOf(page, 'intake_start'), [], 'nothing sent for a bad amount');
        await check(page, locale, 'intake-question-amount');
        await page.fill('#intake-claim', '250,000');
        await page.press('#intake-claim', 'Enter');
        await page.waitForSelector('[data-screen="intake-materials"]');
        const answers = { filer: 'agent', opponent: 'organisation', subject: 'sale', claim_yuan: 250000 };
        assert.deepEqual(await callsOf(page, 'intake_start'), [{ case: { kind: 'new_filing', case_type: 'commercial', answers }, replaces: null }]);
        const line = await page.textContent('.intake-case-line');
        assert.ok(line.startsWith(msg(locale, 'intake.case.new_filing', { type: msg(locale, 'intake.case_type.commercial') })), line);
        assert.ok(line.includes(msg(locale, 'intake.subject.sale')), line);
        assert.ok(line.includes('250,000'), line);
        await page.click('#intake-back');
        await page.waitForSelector('[data-screen="intake-case"]');
      });
    });
  }

  for (const locale of LOCALES) {
    test(`a typed case number when the cases cannot be listed: empty and too long send nothing (${locale})`, async () => {
      await visit({ locale, replies: { intake_cases: refusal('server_unreachable') } }, async (page) => {
        await identify(page);
        await page.waitForSelector('#intake-notice[data-problem="cases_unavailable"]');
        assert.equal(await noticeText(page), msg(locale, 'intake.problem.cases_unavailable'));
        assert.equal(await page.locator('button[data-case-number]').count(), 0);
        await check(page, locale, 'intake-case-unlisted');
        await page.click('#intake-case-other');
        await page.waitForSelector('[data-screen="intake-case-number"]');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'intake-case-number', 'the field is ready to type in');
        await page.click('#intake-case-number-confirm');
        assert.equal(await notice(page), 'case_number_empty');
        assert.equal(await noticeText(page), msg(locale, 'intake.problem.case_number_empty'));
        await check(page, locale, 'intake-case-number');
        await page.fill('#intake-case-number', '   ');
        await page.click('#intake-case-number-confirm');
        assert.equal(await notice(page), 'case_number_empty');
        await page.fill('#intake-case-number', '号'.repeat(65));
        await page.click('#intake-case-number-confirm');
        assert.equal(await notice(page), 'case_number_too_long');
        assert.equal(await noticeText(page), msg(locale, 'intake.problem.case_number_too_long'));
        assert.equal(await page.inputValue('#intake-case-number'), '号'.repeat(65), 'what was typed stays for correcting');
        assert.deepEqual(await callsOf(page, 'intake_start'), []);

        await setReply(page, 'intake_start', { sequence: [refusal('bad_input', 'case_number'), {}] });
        await page.fill('#intake-case-number', '  (2026)京0105民初77号 ');
        await page.press('#intake-case-number', 'Enter');
        await page.waitForSelector('#intake-notice[data-problem="bad_input"]');
        assert.equal(await noticeText(page), msg(locale, 'intake.problem.bad_input.case_number'));
        assert.equal(await page.locator('[data-screen="intake-case-number"]').count(), 1, 'still on the same screen');
        assert.deepEqual(await callsOf(page, 'intake_start'), [{ case: { kind: 'existing', case_number: '(2026)京0105民初77号' }, replaces: null }]);
      });
    });
  }

  test('the cases from the kiosk\'s own store say so; none at all says what to do', async () => {
    await visit({ intake_cases: { cases: [CASES.cases[0]], offline: true } }, async (page) => {
      await identify(page);
      await page.waitForSelector('#intake-cases-offline');
      assert.equal(await page.textContent('#intake-cases-offline'), msg('zh-CN', 'intake.case.offline'));
      await clean(page, 'the offline list');
    });
    await visit({ intake_cases: { cases: [], offline: false } }, async (none) => {
      await identify(none);
      await none.waitForSelector('[data-screen="intake-case"] [data-empty]');
      assert.equal(await none.textContent('[data-empty]'), msg('zh-CN', 'intake.case.none'));
      assert.equal(await none.locator('#intake-notice[data-problem]').count(), 0);
    });
  });

  for (const locale of LOCALES) {
    test(`a draft of this visit is offered first: carried on, or discarded (${locale})`, async () => {
      const draft = {
        case: { kind: 'existing', case_number: CASE }, replaces: null,
        items: [{ item_id: 'item-1', material: 'evidence', display_name: 'scan-1.pdf', media_type: 'application/pdf', pages: 4, size: 400_000, sha256: 'd4'.repeat(32), duplicate: null }],
      };
      await visit({ locale, intake_draft: draft }, async (page) => {
        await identify(page);
        await page.waitForSelector('[data-screen="intake-resume"]');
        assert.ok((await page.textContent('[data-screen="intake-resume"]')).includes(msg(locale, 'intake.resume.lead', { items: '1', pages: '4' })));
        await check(page, locale, 'intake-resume');
        await page.click('#intake-resume');
        await page.waitForSelector('[data-screen="intake-materials"] [data-item-id="item-1"][data-material="evidence"]');
        await page.click('#intake-back');
        await page.waitForSelector('[data-screen="intake-resume"]');
        await page.click('#intake-discard');
        await page.waitForSelector('[data-screen="intake-case"]');
        assert.equal((await callsOf(page, 'intake_discard')).length, 1);
      });
    });
  }
});

describe('what went wrong, and nothing else changes', () => {
  const FILE_REFUSALS = [
    'empty_file', 'too_large', 'submission_too_large', 'unsupported_type', 'pdf_truncated', 'pdf_malformed', 'pdf_encrypted',
    'pdf_active_content', 'pdf_uninspectable', 'too_many_pages', 'image_truncated', 'image_malformed', 'too_many_pixels',
  ];
  const USB_PROBLEMS = ['usb_entry_unknown', 'usb_entry_refused', 'usb_file_gone', 'usb_file_changed', 'usb_read_failed'];

  for (const locale of LOCALES) {
    test(`a file refused from the USB stick keeps the draft as it was (${locale})`, async () => {
      await visit({ locale }, async (page) => {
        await toMaterials(page);
        await addUsb(page, 1);
        const before = await items(page);
        const replies = [...FILE_REFUSALS.map((d) => refusal('intake_refused', d)), ...USB_PROBLEMS.map((d) => refusal('usb_unavailable', d)),
          refusal('intake_refused', 'some_new_check'), refusal('storage')];
        await setReply(page, 'intake_usb_add', { sequence: replies });
        await page.click('#intake-add-usb');
        await page.waitForSelector('button[data-usb-entry="2"]');
        const expected = [
          ...FILE_REFUSALS.map((d) => ['intake_refused', msg(locale, `intake.problem.intake_refused.${d}`)]),
          ...USB_PROBLEMS.map((d) => ['usb_unavailable', msg(locale, `intake.problem.usb_unavailable.${d}`)]),
          ['intake_refused', msg(locale, 'error.intake_refused')],
          ['storage', msg(locale, 'error.storage')],
        ];
        for (const [i, [code, text]] of expected.entries()) {
          await page.click('button[data-usb-entry="2"]');
          await page.waitForFunction((n) => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'intake_usb_add').length === n, i + 2);
          await page.waitForSelector(`[data-screen="intake-usb"][aria-busy="false"] #intake-notice[data-problem="${code}"]`);
          assert.equal(await noticeText(page), text, `the sentence for ${JSON.stringify(replies[i].reject)}`);
          assert.equal(await page.locator('button[data-usb-entry]').count(), USB.entries.length, 'the listing stays');
          if (i === 0) await check(page, locale, 'intake-usb-refused');
        }
        await page.click('#intake-back');
        await page.waitForSelector('[data-screen="intake-materials"]');
        assert.deepEqual(await items(page), before, 'the draft list is as it was');
        assert.equal(await page.locator('#intake-notice[data-problem]').count(), 0, 'the notice went with its screen');
      });
    });
  }

  test('each scanner problem says what to do; the page count stays', async () => {
    const details = ['no_scanner', 'jammed', 'cover_open', 'no_paper', 'scanner_busy', 'scan_timed_out', 'scan_failed', 'no_pages', 'page_unsupported'];
    await visit({ replies: { intake_scan: { sequence: [...details.map((d) => refusal('scanner_unavailable', d)), refusal('scanner_unavailable', 'new_fault'), refusal('bad_input', 'pages')] } } }, async (page) => {
      await toMaterials(page);
      await page.click('#intake-add-scan');
      await page.click('#intake-scan-more');
      await page.click('#intake-scan-more');
      const texts = [...details.map((d) => msg('zh-CN', `intake.problem.scanner_unavailable.${d}`)), msg('zh-CN', 'error.scanner_unavailable'),
        msg('zh-CN', 'intake.problem.bad_input.pages')];
      for (const [i, text] of texts.entries()) {
        await page.click('#intake-scan-start');
        await page.waitForFunction((n) => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'intake_scan').length === n, i + 1);
        await page.waitForSelector('[data-screen="intake-scan"][aria-busy="false"] #intake-notice[data-problem]');
        assert.equal(await noticeText(page), text);
        assert.equal(await page.getAttribute('#intake-scan-pages', 'data-pages'), '3');
      }
      await clean(page, 'a scanner problem');
      await page.click('#intake-back');
      assert.deepEqual(await items(page), []);
    });
  });

  test('a USB stick that cannot be listed can be read again', async () => {
    await visit({ replies: { intake_usb_list: { ...refusal('usb_unavailable', 'usb_unavailable'), times: 1 } } }, async (page) => {
      await toMaterials(page);
      await page.click('#intake-add-usb');
      await page.waitForSelector('#intake-notice[data-problem="usb_unavailable"]');
      assert.equal(await noticeText(page), msg('zh-CN', 'intake.problem.usb_unavailable.usb_unavailable'));
      assert.equal(await page.locator('button[data-usb-entry]').count(), 0);
      await clean(page, 'an unreadable stick');
      await page.click('#intake-usb-refresh');
      await page.waitForSelector('button[data-usb-entry="1"]');
      assert.equal(await page.locator('#intake-notice[data-problem]').count(), 0);
    });
  });

  test('a change refused keeps the items; a person no longer identified is asked to identify again', async () => {
    await visit({}, async (page) => {
      await toMaterials(page);
      await addUsb(page, 1);
      await setReply(page, 'intake_set_material', refusal('bad_input', 'material'));
      await page.selectOption('select[data-material-for="item-1"]', 'evidence');
      await page.waitForSelector('#intake-notice[data-problem="bad_input"]');
      assert.equal(await noticeText(page), msg('zh-CN', 'intake.problem.bad_input.material'));
      assert.deepEqual(await items(page), [['item-1', '', '']], 'the item keeps no type');
      assert.equal(await page.inputValue('select[data-material-for="item-1"]'), '', 'the chooser shows what Rust holds');

      await setReply(page, 'intake_remove_item', refusal('illegal_action', 'no_draft'));
      await page.click('button[data-remove-item="item-1"]');
      await page.waitForSelector('#intake-notice[data-problem="illegal_action"]');
      assert.equal(await noticeText(page), msg('zh-CN', 'intake.problem.illegal_action.no_draft'));
      assert.deepEqual(await items(page), [['item-1', '', '']]);
      await page.click('#intake-start-again');
      await page.waitForSelector('[data-screen="intake-case"]');

      await page.click(`button[data-case-number="${CASE}"]`);
      await page.waitForSelector('[data-screen="intake-materials"]');
      await setReply(page, 'intake_usb_list', refusal('illegal_action', 'not_identified'));
      await page.click('#intake-add-usb');
      await page.waitForSelector('#intake-notice[data-problem="illegal_action"] #intake-identify-again');
      assert.equal(await page.textContent('#intake-notice p'), msg('zh-CN', 'intake.problem.illegal_action.not_identified'));
      await clean(page, 'identify again');
      await page.click('#intake-identify-again');
      await page.waitForSelector('[data-screen="identity-id"][data-purpose="submit_materials"]');
    });
  });

  test('a refused submission stays on the confirmation', async () => {
    await visit({ replies: { intake_submit: { ...refusal('bad_input', 'material_missing'), times: 1 } } }, async (page) => {
      await toMaterials(page);
      await addUsb(page, 1);
      await page.selectOption('select[data-material-for="item-1"]', 'evidence');
      await page.waitForSelector('#intake-submit:not([disabled])');
      await page.click('#intake-submit');
      await page.click('#intake-submit-confirm');
      await page.waitForSelector('#intake-notice[data-problem="bad_input"]');
      assert.equal(await noticeText(page), msg('zh-CN', 'intake.problem.bad_input.material_missing'));
      assert.equal(await page.locator('[data-screen="intake-confirm"]').count(), 1);
      await page.click('#intake-submit-confirm');
      await page.waitForSelector('[data-screen="intake-done"]');
    });
  });

  for (const locale of LOCALES) {
    test(`a receipt that did not print: the submission stands, ask at a window (${locale})`, async () => {
      for (const [code, key] of [['no_printer', 'intake.done.no_printer'], ['printer_stopped', 'intake.done.print_failed']]) {
        await visit({ locale, intake_print_error: code }, async (page) => {
          await toMaterials(page);
          await addUsb(page, 1);
          await page.selectOption('select[data-material-for="item-1"]', 'application');
          await page.waitForSelector('#intake-submit:not([disabled])');
          await page.click('#intake-submit');
          await page.click('#intake-submit-confirm');
          await page.waitForSelector('[data-screen="intake-done"]');
          assert.equal(await page.getAttribute('#intake-print-notice', 'data-problem'), code);
          assert.equal(await page.getAttribute('#intake-print-notice', 'data-kind'), null);
          assert.equal(await page.textContent('#intake-print-notice'), msg(locale, key, { number: NUMBER }));
          if (code === 'no_printer') await check(page, locale, 'intake-done-unprinted');
          await page.click('#intake-take-ticket');
          await page.waitForSelector('[data-screen="queue-services"]');
          assert.equal((await callsOf(page, 'visit_finish')).length, 1, 'the person is forgotten before the ticket');
        });
      }
    });
  }
});

describe('the status of a submission', () => {
  const TOKEN = 'f'.repeat(32);
  const RETURNED_TOKEN = 'e'.repeat(32);
  const submission = (extra) => ({
    submission_id: '5'.repeat(32), number: 'SJ-20261120-ABCDEF', case: { kind: 'existing', case_number: CASE }, party_masked_id: VISITOR.masked_id,
    items: [{ item_id: 'i1', material: 'evidence', display_name: '证据.pdf', media_type: 'application/pdf', pages: 5, size: 9000, sha256: '9'.repeat(64) }],
    submitted_at_ms: Date.parse('2026-11-20T10:00:00+08:00'), status: 'awaiting_review', decision: null, replaces: null, replaced_by: null,
    replaced_by_number: null, ...extra,
  });
  const decided = (decision) => ({ decision, clerk: '李明', decided_at_ms: Date.parse('2026-11-21T10:00:00+08:00') });
  const ACCEPTED = submission({ status: 'accepted', decision: decided({ decision: 'accept' }) });
  const RETURNED = submission({
    submission_id: '6'.repeat(32), status: 'returned', decision: decided({ decision: 'return', reason_code: 'missing_signature', text: '起诉状第3页缺少签名' }),
  });
  const FORWARDED = submission({ status: 'forwarded', decision: decided({ decision: 'forward', department: '民事审判第一庭' }) });
  const DEPOSIT = { terminal_id: 'kiosk-1', compartment: 3, pickup_code: null, deposited_at_ms: 1, collected_at_ms: null };
  const statuses = (main, lockers = []) => ({ [TOKEN]: { submission: main, history: [main], lockers }, [RETURNED_TOKEN]: { submission: RETURNED, history: [RETURNED], lockers: [] } });

  async function lookUp(page, typed) {
    if (await page.locator('#intake-check-status').count()) await page.click('#intake-check-status');
    await page.waitForSelector('[data-screen="intake-status-entry"]');
    // The QR scanner types like a keyboard, then Enter, wherever the focus was left.
    await page.click('#intake-title');
    await page.keyboard.type(typed);
    await page.keyboard.press('Enter');
  }

  for (const locale of LOCALES) {
    test(`accepted, forwarded and returned; a returned one is corrected with a new draft (${locale})`, async () => {
      await visit({ locale, intake_statuses: statuses(ACCEPTED, [DEPOSIT]) }, async (page) => {
        await identify(page);
        await page.click('#intake-check-status');
        await page.waitForSelector('[data-screen="intake-status-entry"]');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'intake-status-token');
        await page.click('#intake-status-token-confirm');
        assert.equal(await notice(page), 'token_empty');
        assert.equal(await noticeText(page), msg(locale, 'intake.problem.token_empty'));
        await check(page, locale, 'intake-status-entry');
        await page.click('#intake-back');

        await lookUp(page, `CDI:${TOKEN}`);
        await page.waitForSelector('[data-screen="intake-status"]');
        assert.deepEqual(await callsOf(page, 'intake_status'), [{ token: `CDI:${TOKEN}` }]);
        assert.equal(await page.textContent('#intake-status-number'), ACCEPTED.number);
        assert.equal(await page.getAttribute('#intake-status-state', 'data-status'), 'accepted');
        assert.equal(await page.textContent('#intake-status-state'), msg(locale, 'intake.status.accepted'));
        assert.equal(await page.locator('#intake-correct').count(), 0);
        assert.equal(await page.textContent('.intake-status-locker[data-collected="false"]'), msg(locale, 'intake.status.locker_waiting', { compartment: '3' }));
        await check(page, locale, 'intake-status-accepted');

        await page.evaluate(([token, forwarded]) => {
          window.__COURTDESK_SCENARIO__.intake_statuses[token] = { submission: forwarded, history: [forwarded], lockers: [] };
        }, [TOKEN, FORWARDED]);
        await page.click('#intake-back');
        await lookUp(page, TOKEN);
        await page.waitForSelector('#intake-status-state[data-status="forwarded"]');
        assert.equal(await page.textContent('#intake-status-department'), '民事审判第一庭');

        await page.click('#intake-back');
        await lookUp(page, `CDI:${RETURNED_TOKEN}`);
        await page.waitForSelector('#intake-status-state[data-status="returned"]');
        assert.equal(await page.textContent('#intake-status-reason'), msg(locale, 'intake.return_reason.missing_signature'));
        assert.equal(await page.textContent('#intake-status-text'), '起诉状第3页缺少签名');
        await check(page, locale, 'intake-status-returned');
        await page.click('#intake-correct');
        await page.waitForSelector('[data-screen="intake-materials"] #intake-replaces');
        assert.deepEqual(await callsOf(page, 'intake_start'), [{ case: RETURNED.case, replaces: RETURNED.submission_id }]);
      });
    });
  }

  test('an unknown code says so and stays', async () => {
    await visit({ intake_statuses: {} }, async (page) => {
      await identify(page);
      await lookUp(page, 'CDI:0123');
      await page.waitForSelector('#intake-notice[data-problem="no_such_submission"]');
      assert.equal(await noticeText(page), msg('zh-CN', 'error.no_such_submission'));
      assert.equal(await page.inputValue('#intake-status-token'), 'CDI:0123');
    });
  });
});

describe('the end of a visit', () => {
  const traces = (page) => page.evaluate(() => [
    document.documentElement.outerHTML,
    ...[...document.querySelectorAll('input, select')].map((i) => i.value),
  ].join('\n'));

  async function assertWiped(page) {
    const all = await traces(page);
    for (const trace of [CASE, '证据目录.pdf', 'a1a1a1a1', VISITOR.display_name, VISITOR.masked_id, 'intake-']) {
      assert.ok(!all.includes(trace), `no ${trace} left in the page`);
    }
    assert.equal(await page.locator('button[data-service]').count(), TILES.length, 'the home screen');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'the default language');
    assert.equal((await callsOf(page, 'visit_finish')).length, 1, 'Rust cleared the visit');
    assert.deepEqual(await callsOf(page, 'intake_discard'), [], 'the draft is Rust\'s to drop with the visit');
  }

  test('"finish and clear" wipes the intake screens', async () => {
    await visit({ locale: 'en' }, async (page) => {
      await toMaterials(page);
      await addUsb(page, 1);
      await page.click('#finish-and-clear');
      await page.waitForSelector('button[data-service]');
      await assertWiped(page);
      // A new visit starts from nothing.
      await identify(page);
      await page.waitForSelector('button[data-case-number]');
      assert.equal(await page.locator('[data-item-id]').count(), 0);
    });
  });

  test('the quiet-spell countdown wipes them too, even in the middle of a USB listing', async () => {
    await visit({}, async (page) => {
      await toMaterials(page);
      await addUsb(page, 1);
      await setReply(page, 'intake_usb_list', { resolve: USB, delayMs: 200_000 });
      await page.click('#intake-add-usb');
      // The kiosk's own work holds the question off for 3 minutes at most.
      await page.clock.runFor(91_000);
      assert.equal(await page.locator('#idle-countdown[open]').count(), 0);
      await page.clock.runFor(92_000);
      await page.waitForSelector('#idle-countdown[open]');
      await page.clock.runFor(16_000);
      await page.waitForSelector('button[data-service]');
      await page.clock.runFor(200_000);
      await assertWiped(page);
    });
  });
});

describe('saving materials to finish at a later visit', () => {
  for (let locale of LOCALES) {
    test(`saved with a code, then resumed by it; a malformed code sends nothing, a wrong one says the tries left (${locale})`, async () => {
      await visit({ locale }, async (page) => {
        await toMaterials(page);
        await addUsb(page, 1);
        await page.click('#intake-save-later');
        await page.waitForSelector('[data-screen="intake-saved"]');
        assert.deepEqual(await callsOf(page, 'intake_save_draft'), [{}]);
        assert.equal(await page.textContent('#intake-saved-code'), '4821 3907');
        assert.equal(await page.textContent('#intake-saved-until'), msg(locale, 'intake.saved.until', { day: '2026-12-06' }));
        await check(page, locale, 'intake-saved');
        await page.click('#intake-finish');
        await page.waitForSelector('[data-screen="intake-saved"]', { state: 'detached' });
        assert.equal(await page.locator('#intake-saved-code').count(), 0, 'the code is off the screen');

        // The finished visit went back to the kiosk's own language.
        locale = await page.getAttribute('html', 'lang');
        await identify(page);
        await page.click('#intake-have-code');
        await page.waitForSelector('[data-screen="intake-resume-code"]');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'intake-resume-code');
        for (const typed of ['', '1234', '1234abcd']) {
          await page.fill('#intake-resume-code', typed);
          await page.click('#intake-resume-code-confirm');
          assert.equal(await notice(page), 'resume_code_shape');
          assert.equal(await noticeText(page), msg(locale, 'intake.problem.resume_code_shape'));
        }
        assert.deepEqual(await callsOf(page, 'intake_resume_draft'), [], 'nothing sent');
        await page.fill('#intake-resume-code', '1111 2222');
        await page.press('#intake-resume-code', 'Enter');
        await page.waitForSelector('#intake-notice[data-problem="resume_code_wrong"]');
        assert.equal(await noticeText(page), msg(locale, 'error.resume_code_wrong', { detail: '4' }));
        await check(page, locale, 'intake-resume-code');
        await page.fill('#intake-resume-code', '4821 3907');
        await page.click('#intake-resume-code-confirm');
        await page.waitForSelector('[data-screen="intake-materials"] [data-item-id="item-1"]');
        assert.deepEqual(await callsOf(page, 'intake_resume_draft'), [{ code: '11112222' }, { code: '48213907' }]);
      });
    });
  }

  test('a long list keeps the way to submit in view on the 1080p kiosk', async () => {
    const many = { entries: Array.from({ length: 5 }, (_, n) => ({ id: n + 1, name: `file-${n + 1}.pdf`, folder: '', size: 1000, looks_supported: true, pages: 1, sha256: String(n + 1).repeat(64).slice(0, 64) })), truncated: false };
    await visit({ usb: many }, async (page) => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await toMaterials(page);
      for (const entry of many.entries) await addUsb(page, entry.id);
      const box = await page.locator('#intake-submit').boundingBox();
      assert.ok(box && box.y + box.height <= 1080, `the submit button is in view: ${JSON.stringify(box)}`);
      assert.ok(await page.evaluate(() => document.scrollingElement.scrollHeight > innerHeight), 'the list is longer than the screen');
    });
  });
});

describe('a photo from the kiosk\'s camera', () => {
  for (const locale of LOCALES) {
    test(`offered only with a camera; shown at once, taken again in its place (${locale})`, async () => {
      await visit({ locale }, async (page) => {
        await toMaterials(page);
        assert.equal(await page.locator('#intake-add-photo').count(), 0, 'no camera, no photo button');
      });
      const photo = makePng(300, 400).toString('base64');
      await visit({ locale, camera: true, intake_item_bytes: { 'item-1': photo, 'item-2': photo } }, async (page) => {
        await toMaterials(page);
        await page.click('#intake-add-photo');
        await page.waitForSelector('[data-screen="intake-pages"] .intake-thumb[data-page="1"][data-painted="true"] canvas');
        assert.equal(await page.locator('[data-rescan-page]').count(), 0, 'a photo has no page to scan again');
        assert.equal(await page.textContent('[data-screen="intake-pages"] .queue-lead'), msg(locale, 'intake.pages.lead_photo', { pages: '1' }));
        await check(page, locale, 'intake-photo');
        await page.click('#intake-photo-again');
        await page.waitForSelector('[data-screen="intake-pages"][aria-busy="false"] .intake-thumb[data-painted="true"]');
        const cmds = await page.evaluate(() => window.__COURTDESK_CALLS__.map((c) => c.cmd).filter((c) => c === 'intake_photo' || c === 'intake_remove_item'));
        assert.deepEqual(cmds, ['intake_photo', 'intake_photo', 'intake_remove_item'], 'the new photo is taken before the old one goes');
        await page.click('#intake-pages-done');
        await page.waitForSelector('[data-screen="intake-materials"]');
        assert.deepEqual((await items(page)).map(([id]) => id), ['item-2']);
        assert.equal(await page.textContent('[data-item-id="item-2"] h3'), msg(locale, 'intake.item.photo_name', { n: '2' }));
      });
    });
  }

  test('a camera problem says what to do and adds nothing', async () => {
    await visit({ camera: true, replies: { intake_photo: refusal('camera_unavailable', 'camera_busy') } }, async (page) => {
      await toMaterials(page);
      await page.click('#intake-add-photo');
      await page.waitForSelector('[data-screen="intake-materials"][aria-busy="false"] #intake-notice[data-problem="camera_unavailable"]');
      assert.equal(await noticeText(page), msg('zh-CN', 'intake.problem.camera_unavailable.camera_busy'));
      assert.deepEqual(await items(page), []);
    });
  });
});
