// The desk's deliveries panel in a real Chromium: opened by its button and by F10, the site's
// deliveries with the paper package printed for one due on paper, and the publishing form with
// the chosen PDFs read to base64, a success and the court's refusals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callsOf, clean, screenshot, setReply, setup } from './helpers/app.mjs';
import { makePdf } from './helpers/pdf.mjs';
import { DESK_IDLE, LOCALES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const SIZE = { width: 1280, height: 800 };
const COURT_TEXT = { bilingual: '[data-court-text]' };
const ELECTRONIC = {
  delivery_id: 'dl-1', case_number: '(2026)京0105民初1234号', title: '应诉通知书', kind: 'summons', method: 'electronic', state: 'available',
  published_ms: Date.parse('2026-11-20T10:00:00+08:00'), deadline_ms: Date.parse('2026-12-05T23:59:59+08:00'),
  masked_resident_id: '110***********002X', documents: [{ name: '应诉通知书.pdf', sha256: 'a'.repeat(64), size: 2048 }], paper_due: false,
};
const EXPIRED = {
  ...ELECTRONIC, delivery_id: 'dl-2', case_number: '(2026)京0105民初77号', title: '开庭传票', state: 'expired', paper_due: true,
  deadline_ms: Date.parse('2026-11-25T23:59:59+08:00'),
};
const refusal = (code, detail) => ({ reject: { code, message: 'refused', ...(detail ? { detail } : {}) } });

function desk({ locale = 'zh-CN', replies = {} } = {}) {
  return app.open({ info: info('staff', locale), desk: DESK_IDLE, desk_deliveries: [ELECTRONIC, EXPIRED], replies }, SIZE);
}

async function openPanel(page) {
  await page.click('#desk-open-deliveries');
  await page.waitForSelector('[data-desk-delivery="dl-1"]');
}

const FILES = [
  { name: '判决书.pdf', mimeType: 'application/pdf', buffer: makePdf(['Judgment']) },
  { name: 'notice.pdf', mimeType: 'application/pdf', buffer: makePdf(['Notice', 'Second page']) },
];

async function fillForm(page) {
  await page.fill('#publish-case_number', '(2026)京0105民初1234号');
  await page.fill('#publish-title', '民事判决书');
  await page.fill('#publish-resident_id', '11010519491231002x');
  await page.fill('#publish-phone', '13912345678');
  await page.selectOption('#publish-kind', 'judgment');
  await page.check('#publish-consent');
  await page.fill('#publish-deadline', '2026-12-12');
  await page.setInputFiles('#publish-documents', FILES);
}

describe('the deliveries panel', () => {
  for (const locale of LOCALES) {
    test(`lists the site's deliveries and prints a paper package (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        assert.ok(await page.isHidden('#desk-deliveries'), 'closed until asked for');
        assert.equal(await page.getAttribute('#desk-open-deliveries', 'aria-keyshortcuts'), 'F10');
        await openPanel(page);
        assert.equal(await page.getAttribute('#desk-open-deliveries', 'aria-expanded'), 'true');
        assert.equal(await page.getAttribute('[data-desk-delivery="dl-2"]', 'data-state'), 'expired');
        const row = await page.innerText('[data-desk-delivery="dl-1"]');
        const deadline = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(ELECTRONIC.deadline_ms);
        for (const part of [ELECTRONIC.case_number, ELECTRONIC.title, ELECTRONIC.masked_resident_id, msg(locale, 'desk.deliveries.method.electronic'), msg(locale, 'delivery.state.available'), deadline]) {
          assert.ok(row.includes(part), `the row shows ${part}: ${row}`);
        }
        assert.equal(await page.locator('[data-desk-delivery="dl-1"] [data-print-paper]').count(), 0, 'not due for paper');
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `desk-deliveries-${locale}`);
        await clean(page, 'the deliveries panel');

        await page.click('[data-print-paper="dl-2"]');
        await page.waitForSelector('#desk-deliveries-message[data-kind="done"]');
        assert.deepEqual(await callsOf(page, 'desk_print_paper'), [{ deliveryId: 'dl-2' }]);
        assert.equal(await page.textContent('#desk-deliveries-message'), msg(locale, 'desk.deliveries.printed', { files: '2' }));
      } finally {
        await page.context().close();
      }
    });
  }

  test('F10 opens and closes the panel; F1–F9 keep their work', async () => {
    const page = await desk();
    try {
      await page.keyboard.press('F10');
      await page.waitForSelector('[data-desk-delivery="dl-1"]');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'desk-deliveries-title');
      await page.keyboard.press('F10');
      assert.ok(await page.isHidden('#desk-deliveries'));
      await page.keyboard.press('F9');
      await page.waitForSelector('dialog#desk-setup[open]');
      await page.keyboard.press('F10');
      assert.ok(await page.isHidden('#desk-deliveries'), 'nothing opens behind the setup form');
    } finally {
      await page.context().close();
    }
  });

  test('a failed paper print says what to do', async () => {
    const page = await desk({ replies: { desk_print_paper: refusal('print_failed', 'printer_offline') } });
    try {
      await openPanel(page);
      await page.click('[data-print-paper="dl-2"]');
      await page.waitForSelector('#desk-deliveries-message[data-code="print_failed"]');
      assert.equal(await page.textContent('#desk-deliveries-message'), msg('zh-CN', 'desk.deliveries.print_failed'));
      await setReply(page, 'desk_print_paper', refusal('delivery_refused', 'not_due_for_paper'));
      await page.click('[data-print-paper="dl-2"]');
      await page.waitForSelector('#desk-deliveries-message[data-code="delivery_refused"]');
      const detail = msg('zh-CN', 'delivery_refusal.not_due_for_paper');
      assert.equal(await page.textContent('#desk-deliveries-message'), msg('zh-CN', 'error.delivery_refused', { detail }));
    } finally {
      await page.context().close();
    }
  });
});

describe('publishing', () => {
  for (const locale of LOCALES) {
    test(`the form sends every field and each PDF as base64; the new delivery joins the list (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        await openPanel(page);
        assert.equal(await page.textContent('#publish-chosen'), msg(locale, 'publish.no_files'));
        assert.equal(await page.textContent('label[for="publish-documents"]'), msg(locale, 'publish.choose_files'), 'the file control speaks the app\'s language');
        const native = await page.$eval('#publish-documents', (el) => el.getBoundingClientRect());
        assert.ok(native.width <= 1 && native.height <= 1, 'the browser\'s own file button is not shown');
        await fillForm(page);
        const names = FILES.map((f) => f.name).join(locale === 'zh-CN' ? '、' : ', ');
        assert.equal(await page.textContent('#publish-chosen'), `${msg(locale, 'publish.files_chosen', { count: String(FILES.length) })} ${names}`);
        await clean(page, 'the filled form');
        await page.click('#publish-submit');
        await page.waitForSelector('#publish-done[data-kind="done"]');
        const [{ form }] = await callsOf(page, 'desk_publish_delivery');
        assert.match(form.request_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a random UUID');
        const { request_id, documents, ...fields } = form;
        assert.deepEqual(fields, {
          case_number: '(2026)京0105民初1234号', resident_id: '11010519491231002X', phone: '13912345678', title: '民事判决书',
          kind: 'judgment', method: 'electronic', consent_to_electronic: true, deadline_date: '2026-12-12',
        });
        assert.deepEqual(documents, FILES.map((f) => ({ name: f.name, content_base64: f.buffer.toString('base64') })), 'the bytes as chosen');
        assert.equal(await page.textContent('#publish-done'), msg(locale, 'publish.done'));
        assert.equal(await page.locator(`[data-desk-delivery="d-${request_id}"][data-state="published"]`).count(), 1, 'added to the list');
        assert.equal(await page.inputValue('#publish-case_number'), '', 'the form is cleared');
        assert.equal(await page.$eval('#publish-documents', (el) => el.files.length), 0);
        assert.equal(await page.textContent('#publish-chosen'), msg(locale, 'publish.no_files'), 'the chosen files are forgotten too');
        await assertSpeaks(page, locale, COURT_TEXT);

        await fillForm(page);
        await page.click('#publish-submit');
        await page.waitForFunction(() => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'desk_publish_delivery').length === 2);
        const [, second] = await callsOf(page, 'desk_publish_delivery');
        assert.notEqual(second.form.request_id, request_id, 'a new form has a new request id');
      } finally {
        await page.context().close();
      }
    });
  }

  for (const locale of LOCALES) {
    test(`a refusal stays beside the form with the reason and what to do; a retry keeps the request id (${locale})`, async () => {
      const page = await desk({ locale, replies: { desk_publish_delivery: { ...refusal('delivery_refused', 'phone_mismatch'), times: 1 } } });
      try {
        await openPanel(page);
        await fillForm(page);
        await page.click('#publish-submit');
        await page.waitForSelector('#publish-error[data-code="delivery_refused"][data-detail="phone_mismatch"]');
        const detail = msg(locale, 'delivery_refusal.phone_mismatch');
        assert.equal(await page.textContent('#publish-error'), msg(locale, 'error.delivery_refused', { detail }));
        assert.equal(await page.inputValue('#publish-phone'), '13912345678', 'what was typed stays for correcting');
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `desk-publish-refused-${locale}`);
        await clean(page, 'a refused publication');
        await page.fill('#publish-phone', '13900000000');
        await page.click('#publish-submit');
        await page.waitForSelector('#publish-done[data-kind="done"]');
        const [first, second] = await callsOf(page, 'desk_publish_delivery');
        assert.equal(second.form.request_id, first.form.request_id, 'the same form, so a lost answer cannot publish twice');
        assert.equal(second.form.phone, '13900000000');
        assert.equal(await page.textContent('#publish-error'), '');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a field Rust names is said in its own words', async () => {
    const page = await desk({ replies: { desk_publish_delivery: refusal('bad_input', 'deadline_date') } });
    try {
      await openPanel(page);
      await page.click('#publish-submit');
      await page.waitForSelector('#publish-error[data-code="bad_input"]');
      assert.equal(await page.textContent('#publish-error'), msg('zh-CN', 'publish.bad.deadline_date'));
      assert.deepEqual((await callsOf(page, 'desk_publish_delivery'))[0].form.documents, []);
    } finally {
      await page.context().close();
    }
  });

  test('signing out forgets the list and the form', async () => {
    const page = await desk();
    try {
      await openPanel(page);
      await fillForm(page);
      await page.click('#sign-out');
      await page.waitForSelector('[data-screen="staff-sign-in"]');
      await page.fill('#sign-in-username', 'li.ming');
      await page.fill('#sign-in-password', 'secret');
      await page.click('#sign-in-submit');
      await page.waitForSelector('#desk-open-deliveries');
      assert.ok(await page.isHidden('#desk-deliveries'));
      assert.equal(await page.inputValue('#publish-case_number'), '');
      assert.equal(await page.$eval('#publish-documents', (el) => el.files.length), 0);
    } finally {
      await page.context().close();
    }
  });
});
