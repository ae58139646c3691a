// Receiving documents at the kiosk in a real Chromium: the list (online, offline, empty), a real
// three-page PDF painted by pdf.js page by page, the `opened` evidence sent once, acknowledging,
// refusing for each reason, printing, the refusals' texts, and the wipe of the viewer by the
// quiet-spell countdown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertLargeTargets, callsOf, clean, identifyOnKeypads, pageProblems, screenshot, setReply, setup } from './helpers/app.mjs';
import { makePdf } from './helpers/pdf.mjs';
import { LOCALES, MORNING, TILES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const VISITOR = { masked_id: '110***********002X', display_name: '王小明', method: 'resident_id_otp' };
const SUMMONS = 'a'.repeat(64);
const COMPLAINT = 'b'.repeat(64);
const JUDGMENT = 'c'.repeat(64);
const PAGES = ['Page one', 'Page two', 'Page three'];
const pdf = (pages) => makePdf(pages).toString('base64');
const DOCUMENTS = { [SUMMONS]: pdf(PAGES), [COMPLAINT]: pdf(['Complaint']), [JUDGMENT]: pdf(['Judgment']) };

const WAITING = {
  delivery_id: 'dl-1', case_number: '(2026)京0105民初1234号', title: '应诉通知书及起诉状副本', kind: 'summons', state: 'available',
  deadline_ms: Date.parse('2026-12-05T23:59:59+08:00'), pending: false,
  documents: [
    { name: '应诉通知书.pdf', sha256: SUMMONS, size: 2048, held: true },
    { name: '起诉状副本.pdf', sha256: COMPLAINT, size: 1024, held: false },
  ],
};
const DECIDED = {
  delivery_id: 'dl-2', case_number: '(2025)京0105民初998号', title: '民事判决书', kind: 'judgment', state: 'acknowledged',
  deadline_ms: Date.parse('2026-11-20T23:59:59+08:00'), pending: true,
  documents: [{ name: '判决书.pdf', sha256: JUDGMENT, size: 4096, held: true }],
};
const ONLINE = { deliveries: [WAITING, DECIDED], offline: false };
const OFFLINE = { deliveries: [WAITING, DECIDED], offline: true };
const refusal = (code, detail) => ({ reject: { code, message: 'refused', ...(detail ? { detail } : {}) } });
const COURT_TEXT = { bilingual: '[data-court-text]' };

function kiosk({ locale = 'zh-CN', deliveries = ONLINE, replies = {}, clock = MORNING } = {}) {
  const terminal = { ...info('kiosk', locale), idle_seconds: 90, countdown_seconds: 15 };
  return app.open({ info: terminal, tiles: TILES, visitor: VISITOR, deliveries, documents: DOCUMENTS, replies }, clock ? { clock } : {});
}

function identify(page) {
  return identifyOnKeypads(page, 'receive_documents', '[data-screen="delivery-list"]');
}

const rendered = (page) => page.getAttribute('#viewer-canvas', 'data-rendered-page');
const pixels = (page) => page.evaluate(() => document.querySelector('#viewer-canvas canvas').toDataURL());

async function openViewer(page, id = WAITING.delivery_id, pageNumber = '1') {
  await page.click(`[data-open-delivery="${id}"]`);
  await page.waitForSelector(`#viewer-canvas[data-rendered-page="${pageNumber}"]`);
}

describe('the list and the viewer', () => {
  for (const locale of LOCALES) {
    test(`the person's deliveries, a PDF read page by page, and receipt acknowledged (${locale})`, async () => {
      // No fake clock: pdf.js paints on animation frames, and the page marks are read from the Performance API.
      const page = await kiosk({ locale, clock: null });
      try {
        await identify(page);
        await page.waitForSelector(`[data-delivery-id="${WAITING.delivery_id}"][data-state="available"]`);
        assert.equal(await page.locator('[data-delivery-id="dl-2"][data-state="acknowledged"]').count(), 1);
        const card = await page.textContent(`[data-delivery-id="${WAITING.delivery_id}"]`);
        for (const part of [WAITING.title, WAITING.case_number, msg(locale, 'delivery.kind.summons'), '应诉通知书.pdf']) {
          assert.ok(card.includes(part), `the card shows ${part}`);
        }
        const deadline = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(WAITING.deadline_ms);
        assert.ok(card.includes(msg(locale, 'delivery.deadline', { date: deadline })), `the deadline as a local date: ${card}`);
        assert.equal(await page.getAttribute('.delivery-who-name', 'data-proper-name'), '');
        assert.equal(await page.locator('#delivery-offline').count(), 0);
        await assertLargeTargets(page);
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `delivery-list-${locale}`);
        await clean(page, 'the delivery list');

        await page.click(`[data-open-delivery="${WAITING.delivery_id}"]`);
        await page.waitForSelector('[data-screen="delivery-viewer"]');
        await page.waitForSelector('#viewer-canvas[data-rendered-page="1"]');
        assert.equal(await page.locator('#viewer-canvas canvas').count(), 1);
        assert.equal(await page.getAttribute('#viewer-page', 'data-page'), '1');
        assert.equal(await page.getAttribute('#viewer-page', 'data-pages'), '3');
        assert.equal(await page.textContent('#viewer-page'), msg(locale, 'delivery.viewer.page', { page: '1', pages: '3' }));
        assert.deepEqual(await callsOf(page, 'delivery_document'), [{ deliveryId: WAITING.delivery_id, sha256: SUMMONS }]);
        await page.waitForFunction(() => window.__COURTDESK_CALLS__.some((c) => c.cmd === 'delivery_event'));
        assert.deepEqual(await callsOf(page, 'delivery_event'), [{ deliveryId: WAITING.delivery_id, event: { event: 'opened' } }]);
        const first = await pixels(page);
        assert.ok(await page.isDisabled('#viewer-prev'), 'no page before the first');
        assert.equal(await page.getAttribute('#viewer-next', 'aria-label'), msg(locale, 'delivery.viewer.next_label'));
        await assertLargeTargets(page);
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `delivery-viewer-${locale}`);
        await clean(page, 'the viewer');

        await page.click('#viewer-next');
        await page.waitForSelector('#viewer-canvas[data-rendered-page="2"]');
        assert.equal(await page.getAttribute('#viewer-page', 'data-page'), '2');
        assert.notEqual(await pixels(page), first, 'page two is painted, not page one again');
        assert.equal(await page.locator('#viewer-canvas canvas').count(), 1, 'one page canvas at a time');
        await page.click('#viewer-next');
        await page.waitForSelector('#viewer-canvas[data-rendered-page="3"]');
        assert.ok(await page.isDisabled('#viewer-next'), 'no page after the last');
        await page.click('#viewer-prev');
        await page.waitForSelector('#viewer-canvas[data-rendered-page="2"]');
        const marks = await page.evaluate(() => performance.getEntriesByName('delivery-page-painted', 'mark').length);
        assert.ok(marks >= 4, `a mark per painted page: ${marks}`);

        const width = () => page.$eval('#viewer-canvas canvas', (c) => c.getBoundingClientRect().width);
        const fitted = await width();
        await page.click('#viewer-zoom-in');
        await page.waitForFunction((w) => document.querySelector('#viewer-canvas canvas').getBoundingClientRect().width > w, fitted);
        assert.ok(!(await page.isDisabled('#viewer-zoom-out')));
        await page.click('#viewer-fit');
        await page.waitForFunction((w) => Math.abs(document.querySelector('#viewer-canvas canvas').getBoundingClientRect().width - w) < 1, fitted);
        assert.equal(await rendered(page), '2', 'zooming keeps the page');

        // The second document is not on this kiosk but the server is reachable: its tab opens it.
        await page.click(`[data-document="${COMPLAINT}"]`);
        await page.waitForSelector('#viewer-canvas[data-rendered-page="1"]');
        assert.equal(await page.getAttribute(`[data-document="${COMPLAINT}"]`, 'aria-pressed'), 'true');
        assert.equal(await page.getAttribute('#viewer-page', 'data-pages'), '1');
        assert.equal((await callsOf(page, 'delivery_event')).length, 1, '`opened` is sent once per delivery and visit');

        await page.click('#delivery-acknowledge');
        await page.waitForSelector('#delivery-acknowledge-confirm');
        assert.equal(await page.textContent('#delivery-acknowledge-explain'), msg(locale, 'delivery.acknowledge.explain'));
        await clean(page, 'the confirmation');
        await page.click('#delivery-acknowledge-confirm');
        await page.waitForSelector('[data-screen="delivery-done"] [data-evidence="countersigned"]');
        assert.deepEqual((await callsOf(page, 'delivery_event'))[1], { deliveryId: WAITING.delivery_id, event: { event: 'acknowledged' } });
        assert.equal(await page.locator('#viewer-canvas').count(), 0);
        await assertLargeTargets(page);
        await assertSpeaks(page, locale, COURT_TEXT);
        await clean(page, 'the done screen');

        await page.click('#delivery-print');
        await page.waitForSelector('#print-notice[data-kind="done"]');
        assert.deepEqual(await callsOf(page, 'delivery_print'), [{ deliveryId: WAITING.delivery_id }]);
        assert.equal(await page.textContent('#print-notice'), `${msg(locale, 'delivery.print.done', { count: '1' })} ${msg(locale, 'delivery.print.qr')}`);
        await screenshot(page, `delivery-done-${locale}`);

        await page.click('#delivery-back-list');
        await page.waitForSelector('[data-delivery-id="dl-1"]');
        assert.equal((await callsOf(page, 'delivery_list')).length, 2, 'the list is read again');
        await openViewer(page);
        assert.equal((await callsOf(page, 'delivery_event')).length, 2, 'no second `opened` in the same visit');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a decided delivery opens for reading only, saying why', async () => {
    const page = await kiosk();
    try {
      await identify(page);
      await page.click('[data-open-delivery="dl-2"]');
      await page.waitForSelector('#viewer-canvas[data-rendered-page="1"]');
      assert.equal(await page.textContent('#delivery-closed'), msg('zh-CN', 'delivery.closed.acknowledged'));
      assert.equal(await page.locator('#delivery-acknowledge, #delivery-refuse').count(), 0);
      assert.equal(await page.locator('[data-document]').count(), 0, 'no tabs for a single document');
      assert.deepEqual(await callsOf(page, 'delivery_event'), [], 'no `opened` for a decided delivery');
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`offline: what the kiosk holds opens, the rest says why not, and the record waits (${locale})`, async () => {
      const page = await kiosk({ locale, deliveries: OFFLINE });
      try {
        await identify(page);
        await page.waitForSelector('#delivery-offline');
        const offline = await page.textContent('#delivery-offline');
        assert.ok(offline.includes(msg(locale, 'delivery.offline.title')) && offline.includes(msg(locale, 'delivery.offline.body')));
        assert.ok((await page.textContent('[data-delivery-id="dl-1"]')).includes(msg(locale, 'delivery.document.not_held')));
        await assertSpeaks(page, locale, COURT_TEXT);
        await screenshot(page, `delivery-offline-${locale}`);
        await clean(page, 'the offline list');
        await openViewer(page);
        assert.ok(await page.isDisabled(`[data-document="${COMPLAINT}"]`), 'a document not held cannot open offline');
        await page.click('#delivery-acknowledge');
        await page.click('#delivery-acknowledge-confirm');
        await page.waitForSelector('[data-evidence="pending"]');
        assert.ok((await page.textContent('[data-evidence]')).includes(msg(locale, 'delivery.done.pending')));
        await page.click('#delivery-print');
        await page.waitForSelector('#print-notice[data-kind="done"]');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a Chinese document whose font is not embedded is painted through the bundled character maps', async () => {
    const page = await app.open({
      info: info('kiosk'), tiles: TILES, visitor: VISITOR, deliveries: { deliveries: [DECIDED], offline: false },
      documents: { [JUDGMENT]: makePdf(['送达回证'], { chinese: true }).toString('base64') },
    });
    try {
      const maps = [];
      page.on('requestfinished', (request) => maps.push(new URL(request.url()).pathname));
      await identify(page);
      await openViewer(page, 'dl-2');
      assert.ok(maps.includes('/pdfjs/cmaps/UniGB-UCS2-H.bcmap'), `the map came from the app: ${maps.filter((m) => m.startsWith('/pdfjs'))}`);
      // The words are at the top of the page, the band at the bottom: the top has ink only if they were drawn.
      const inked = await page.$eval('#viewer-canvas canvas', (canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, Math.floor(canvas.height * 0.3));
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark += 1;
        return dark;
      });
      assert.ok(inked > 100, `the Chinese words were drawn: ${inked} dark pixels`);
      assert.deepEqual(await pageProblems(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('offline with nothing held: the delivery cannot open, and says so', async () => {
    const notHeld = { ...WAITING, documents: WAITING.documents.map((d) => ({ ...d, held: false })) };
    const page = await kiosk({ deliveries: { deliveries: [notHeld], offline: true } });
    try {
      await identify(page);
      assert.ok(await page.isDisabled('[data-open-delivery="dl-1"]'));
      assert.ok((await page.textContent('[data-delivery-id="dl-1"]')).includes(msg('zh-CN', 'delivery.cannot_open')));
    } finally {
      await page.context().close();
    }
  });

  for (const locale of LOCALES) {
    test(`nothing waiting says what to do next (${locale})`, async () => {
      const page = await kiosk({ locale, deliveries: { deliveries: [], offline: false }, clock: MORNING });
      try {
        await identify(page);
        await page.waitForSelector('[data-empty]');
        assert.ok((await page.textContent('[data-empty]')).includes(msg(locale, 'delivery.empty.next')));
        await assertLargeTargets(page);
        await assertSpeaks(page, locale);
        await clean(page, 'the empty list');
        await page.click('#delivery-take-ticket');
        await page.waitForSelector('[data-screen="queue-services"]');
        assert.equal((await callsOf(page, 'visit_finish')).length, 1, 'the person is forgotten before the ticket');
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('refusing', () => {
  for (const locale of LOCALES) {
    test(`each reason is sent as chosen; "other" needs a text (${locale})`, async () => {
      const page = await kiosk({ locale });
      try {
        await identify(page);
        for (const reason of ['not_the_addressee', 'unreadable', 'incomplete', 'other']) {
          await openViewer(page);
          await page.click('#delivery-refuse');
          await page.waitForSelector('[data-screen="delivery-refuse"]');
          const sent = (await callsOf(page, 'delivery_event')).length;
          await page.click('#refuse-confirm');
          assert.equal(await page.getAttribute('#delivery-notice', 'data-problem'), 'need_reason');
          await page.click(`[data-reason="${reason}"]`);
          assert.equal(await page.getAttribute(`[data-reason="${reason}"]`, 'aria-pressed'), 'true');
          if (reason === 'other') {
            assert.equal(await page.getAttribute('#refuse-text', 'aria-required'), 'true');
            await assertLargeTargets(page);
            await assertSpeaks(page, locale, COURT_TEXT);
            await screenshot(page, `delivery-refuse-${locale}`);
            await clean(page, 'the refusal form');
            await page.click('#refuse-confirm');
            assert.equal(await page.getAttribute('#delivery-notice', 'data-problem'), 'need_text');
            assert.equal(await page.textContent('#delivery-notice'), msg(locale, 'delivery.problem.need_text'));
            assert.equal((await callsOf(page, 'delivery_event')).length, sent, 'nothing sent without the text');
            await page.fill('#refuse-text', '  The name on it is my late father\'s.  ');
          }
          await page.click('#refuse-confirm');
          await page.waitForSelector('[data-screen="delivery-done"]');
          const text = reason === 'other' ? 'The name on it is my late father\'s.' : '';
          assert.deepEqual((await callsOf(page, 'delivery_event')).at(-1), { deliveryId: 'dl-1', event: { event: 'refused', reason, text } });
          assert.equal(await page.textContent('#delivery-title'), msg(locale, 'delivery.done.refused'));
          await page.click('#delivery-back-list');
          await page.waitForSelector('[data-open-delivery="dl-1"]');
        }
      } finally {
        await page.context().close();
      }
    });
  }

  test('a refusal text longer than 500 characters cannot be typed', async () => {
    const page = await kiosk();
    try {
      await identify(page);
      await openViewer(page);
      await page.click('#delivery-refuse');
      await page.click('[data-reason="other"]');
      await page.fill('#refuse-text', 'x'.repeat(600));
      assert.equal((await page.inputValue('#refuse-text')).length, 500);
    } finally {
      await page.context().close();
    }
  });
});

describe('problems', () => {
  for (const locale of LOCALES) {
    test(`the court refuses a decision on a closed delivery: the reason and what to do (${locale})`, async () => {
      const page = await kiosk({ locale, replies: { delivery_event: { sequence: [{ resolve: null }, refusal('delivery_refused', 'delivery_closed')] } } });
      try {
        await identify(page);
        await openViewer(page);
        await page.click('#delivery-acknowledge');
        await page.click('#delivery-acknowledge-confirm');
        await page.waitForSelector('#delivery-notice[data-problem="delivery_refused"]');
        const detail = msg(locale, 'delivery_refusal.delivery_closed');
        assert.equal(await page.textContent('#delivery-notice'), msg(locale, 'error.delivery_refused', { detail }));
        assert.equal(await page.locator('[data-screen="delivery-viewer"]').count(), 1, 'still on the document');
        await clean(page, 'a refused decision');
      } finally {
        await page.context().close();
      }
    });
  }

  test('printing fails: the notice says the decision stands and what to do; a retry prints', async () => {
    const page = await kiosk({ replies: { delivery_print: refusal('print_failed', 'printer_offline') } });
    try {
      await identify(page);
      await openViewer(page);
      await page.click('#delivery-acknowledge');
      await page.click('#delivery-acknowledge-confirm');
      await page.click('#delivery-print');
      await page.waitForSelector('#print-notice[data-problem="print_failed"]');
      assert.equal(await page.textContent('#print-notice'), msg('zh-CN', 'delivery.print.failed'));
      await clean(page, 'a failed print');
      await setReply(page, 'delivery_print', { resolve: { evidence: {}, documents: 2, stamped: true, receipt_qr: false } });
      await page.click('#delivery-print');
      await page.waitForSelector('#print-notice[data-kind="done"]');
      assert.equal(await page.textContent('#print-notice'), `${msg('zh-CN', 'delivery.print.done', { count: '2' })} ${msg('zh-CN', 'delivery.print.no_qr')}`);
    } finally {
      await page.context().close();
    }
  });

  test('Rust no longer knows who is here: the person is asked to identify again', async () => {
    const page = await kiosk({ replies: { delivery_list: refusal('illegal_action', 'not_identified') } });
    try {
      await identify(page);
      await page.waitForSelector('#delivery-notice[data-problem="illegal_action"]');
      assert.ok((await page.textContent('#delivery-notice')).includes(msg('zh-CN', 'delivery.problem.not_identified')));
      await clean(page, 'not identified');
      await page.click('#delivery-identify-again');
      await page.waitForSelector('[data-screen="identity-id"][data-purpose="receive_documents"]');
    } finally {
      await page.context().close();
    }
  });

  test('going back while a document is still loading shows the list, not the late document', async () => {
    const page = await kiosk({ replies: { delivery_document: { resolve: null, delayMs: 1500 } }, clock: null });
    try {
      await identify(page);
      await page.click('[data-open-delivery="dl-1"]');
      await page.waitForSelector('[data-screen="delivery-viewer"]');
      await page.click('#delivery-back-list');
      await page.waitForSelector('[data-open-delivery="dl-1"]');
      await page.waitForTimeout(1800);
      assert.equal(await page.locator('[data-screen="delivery-list"]').count(), 1, 'still the list');
      assert.equal(await page.locator('#delivery-notice[data-problem]').count(), 0, 'nothing of the dropped answer');
    } finally {
      await page.context().close();
    }
  });

  test('a document the kiosk cannot find is said so on the viewer', async () => {
    const page = await kiosk({ replies: { delivery_document: refusal('no_such_delivery') } });
    try {
      await identify(page);
      await page.click('[data-open-delivery="dl-1"]');
      await page.waitForSelector('#delivery-notice[data-problem="no_such_delivery"]');
      assert.equal(await page.textContent('#delivery-notice'), msg('zh-CN', 'error.no_such_delivery'));
      assert.deepEqual(await callsOf(page, 'delivery_event'), [], 'nothing was shown, so nothing was opened');
    } finally {
      await page.context().close();
    }
  });

  test('bytes that are not a PDF: the viewer says it cannot show them and how to refuse', async () => {
    const page = await app.open({
      info: info('kiosk'), tiles: TILES, visitor: VISITOR, deliveries: ONLINE,
      documents: { ...DOCUMENTS, [SUMMONS]: Buffer.from('not a pdf at all').toString('base64') },
    });
    try {
      await identify(page);
      await page.click('[data-open-delivery="dl-1"]');
      await page.waitForSelector('#delivery-notice[data-problem="unreadable"]');
      assert.equal(await page.textContent('#delivery-notice'), msg('zh-CN', 'delivery.problem.unreadable'));
    } finally {
      await page.context().close();
    }
  });
});

describe('clearing the visit', () => {
  test('the countdown wipes the viewer: no canvas, no document, no name left', async () => {
    const page = await kiosk();
    try {
      await identify(page);
      await openViewer(page);
      await page.clock.runFor(91_000);
      await page.waitForSelector('#idle-countdown[open]');
      await page.clock.runFor(16_000);
      await page.waitForSelector('button[data-service]');
      const html = await page.evaluate(() => document.documentElement.outerHTML);
      for (const trace of [VISITOR.display_name, VISITOR.masked_id, WAITING.title, WAITING.case_number, '应诉通知书.pdf', 'data-rendered-page']) {
        assert.ok(!html.includes(trace), `no ${trace} left in the page`);
      }
      assert.equal(await page.locator('canvas').count(), 0);
      assert.equal((await callsOf(page, 'visit_finish')).length, 1);

      // The next person starts from nothing: the list is read again and the document reopens.
      await identify(page);
      await openViewer(page);
      assert.equal((await callsOf(page, 'delivery_event')).filter((e) => e.event.event === 'opened').length, 2, 'a new visit sends `opened` again');
    } finally {
      await page.context().close();
    }
  });

  test('"finish and clear" from the viewer wipes it too', async () => {
    const page = await kiosk();
    try {
      await identify(page);
      await openViewer(page);
      await page.click('#finish-and-clear');
      await page.waitForSelector('button[data-service]');
      assert.equal(await page.locator('canvas').count(), 0);
      assert.ok(!(await page.evaluate(() => document.documentElement.outerHTML)).includes(WAITING.title));
    } finally {
      await page.context().close();
    }
  });
});
