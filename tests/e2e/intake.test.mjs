// Document intake in real windows against the real central server: the court's case system puts a
// case naming the party; the party identifies at the kiosk, picks that case from their list, scans
// two pages through SANE's `test` scanner, adds a PDF from a USB folder, gives each a material type
// and submits; the receipt prints through CUPS. At the desk, the clerk opens the submission from the
// review queue, sees its PDF painted and accepts it. Screenshots and axe-core checks on the way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addParty, addStaff, bin, enrolledTerminal, run, signInAtDesk, startServer } from './court.mjs';
import { multiPagePdf } from './pdf.mjs';
import { axeViolations, identifyAtKiosk, open, shot, switchLanguage } from './screens.mjs';
import { startDriver, startXvfb } from './webdriver.mjs';

const PARTY = { residentId: '11010519491231002X', phone: '13912345678', name: '王小明' };
const CASE = '(2026)京0105民初88号';
const printer = process.env.COURTDESK_TEST_PRINTER;
const printOut = process.env.COURTDESK_TEST_PRINT_OUT;
if (!printer && process.env.CI) throw new Error('CI must run the printing tests: eval "$(scripts/cups.sh start)"');
const scanner = spawnSync('scanimage', ['--version']).status === 0;
if (!scanner && process.env.CI) throw new Error('CI must have scanimage (sane-utils)');
const printing = printer ? `[queue]\nprinter = "${printer}"\n` : '';

let xvfb;
let server;
const drivers = [];
let kiosk;
let desk;

/** A USB folder holding one PDF, and a SANE configuration folder with only the `test` backend. */
function devices() {
  const dir = mkdtempSync(join(tmpdir(), 'courtdesk-e2e-devices-'));
  const usb = join(dir, 'usb');
  mkdirSync(join(usb, '材料'), { recursive: true });
  writeFileSync(join(usb, '材料', '借条.pdf'), multiPagePdf('IOU', 2));
  const sane = join(dir, 'sane');
  mkdirSync(sane);
  writeFileSync(join(sane, 'dll.conf'), 'test\n');
  const stock = existsSync('/etc/sane.d/test.conf') ? readFileSync('/etc/sane.d/test.conf', 'utf8') : 'number_of_devices 2\n';
  writeFileSync(join(sane, 'test.conf'), stock);
  return `[intake]\nusb_root = "${usb}"\nscanner_device = "test"\nscanner_config_dir = "${sane}"\nscan_resolution_dpi = 50\n`;
}

/** Puts the case with the party as plaintiff, as the court's case system does through the API. */
async function putCase() {
  const token = run(bin('courtdesk-central'), ['--data-dir', server.dataDir, 'api-client', 'add', '--name', 'case-system', '--court', 'court-1'])
    .trim()
    .split('\n')
    .pop();
  const body = JSON.stringify({
    court_id: 'court-1',
    case_number: CASE,
    title: '民间借贷纠纷',
    parties: [{ resident_id: PARTY.residentId, phone: PARTY.phone, role: 'plaintiff' }],
  });
  const url = new URL('/v1/cases', server.url);
  const status = await new Promise((resolve, reject) => {
    // The server's certificate is self-signed: it is pinned by its fingerprint instead.
    const req = request(url, {
      method: 'POST',
      rejectUnauthorized: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    }, (res) => {
      const seen = res.socket.getPeerCertificate().fingerprint256.replaceAll(':', '').toLowerCase();
      if (seen !== server.fingerprint) reject(new Error('not the server started by the test'));
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
  assert.ok(status >= 200 && status < 300, `the case is put (${status})`);
}

before(async () => {
  server = await startServer();
  addParty(server, PARTY);
  addStaff(server, { username: 'clerk-zhao', name: '赵书记员' });
  await putCase();
  xvfb = await startXvfb();
  for (let i = 0; i < 2; i += 1) drivers.push(await startDriver({ DISPLAY: xvfb.display }));
  desk = await open(drivers[0], enrolledTerminal(server, 'staff'));
  kiosk = await open(drivers[1], enrolledTerminal(server, 'kiosk', `${printing}${devices()}`));
  await signInAtDesk(desk, 'clerk-zhao');
});

after(async () => {
  await kiosk?.close();
  await desk?.close();
  for (const driver of drivers) driver.stop();
  xvfb?.stop();
  server?.child.kill();
});

const onScreen = (name) => `return document.querySelector('[data-screen="${name}"]:not([aria-busy="true"])');`;

/** Waits for the materials screen with `count` items. */
function materials(count) {
  return kiosk.waitFor(
    `return document.querySelector('[data-screen="intake-materials"]:not([aria-busy="true"])')
       && document.querySelectorAll('[data-item-id]').length === ${count} || null;`,
    `${count} items in the draft`,
    60000,
  );
}

/** Gives the newest item without a material type the type `material`, as the select would. */
function setMaterial(material) {
  return kiosk.execute(
    `const select = [...document.querySelectorAll('select[data-material-for]')].find((s) => !s.value);
     select.value = arguments[0];
     select.dispatchEvent(new Event('change', { bubbles: true }));
     return select.dataset.materialFor;`,
    [material],
  );
}

function printedTexts() {
  if (!printOut || !existsSync(printOut)) return [];
  return readdirSync(printOut)
    .filter((name) => name.endsWith('.pdf'))
    .map((name) => spawnSync('pdftotext', [join(printOut, name), '-'], { encoding: 'utf8' }).stdout);
}

test('a party submits two scanned pages and a USB PDF at the kiosk; the receipt prints; the clerk accepts it', async () => {
  await identifyAtKiosk(kiosk, server, PARTY, 'submit_materials');
  await kiosk.waitFor(`return document.querySelector('button[data-case-number="${CASE}"]');`, 'the party\'s case', 20000);
  await shot(kiosk, 'intake-case-zh-CN');
  assert.deepEqual(await axeViolations(kiosk), [], 'the case choice in Chinese');
  await kiosk.click(`button[data-case-number="${CASE}"]`);
  await materials(0);

  if (scanner) {
    await kiosk.click('#intake-add-scan');
    await kiosk.waitFor(onScreen('intake-scan'), 'the scan screen');
    while (Number(await kiosk.execute("return document.getElementById('intake-scan-pages').dataset.pages;")) < 2) {
      await kiosk.click('#intake-scan-more');
    }
    await kiosk.click('#intake-scan-start');
    // The scanned pages are painted small by pdf.js in the kiosk's webview; page 2 is scanned again.
    const painted = `return document.querySelector('[data-screen="intake-pages"]:not([aria-busy="true"])')
       && document.querySelectorAll('.intake-thumb[data-painted="true"] canvas').length === 2 || null;`;
    await kiosk.waitFor(painted, 'two pages painted small', 60000);
    await shot(kiosk, 'intake-pages-zh-CN');
    assert.deepEqual(await axeViolations(kiosk), [], 'the scanned pages in Chinese');
    await kiosk.click('button[data-rescan-page="2"]');
    await kiosk.waitFor(painted, 'page 2 scanned again and painted', 60000);
    assert.equal(await kiosk.execute("return document.getElementById('intake-notice').dataset.problem ?? null;"), null);
    await kiosk.click('#intake-pages-done');
    await materials(1);
    assert.equal(await kiosk.execute("return document.querySelector('[data-item-id]').textContent.includes('2');"), true, 'two pages');
    await setMaterial('evidence');
  }

  await kiosk.click('#intake-add-usb');
  await kiosk.waitFor('return document.querySelector(\'button[data-usb-entry][data-looks-supported="true"]\');', 'the USB files');
  await shot(kiosk, 'intake-usb-zh-CN');
  assert.deepEqual(await axeViolations(kiosk), [], 'the USB list in Chinese');
  await kiosk.click('button[data-usb-entry][data-looks-supported="true"]');
  const items = scanner ? 2 : 1;
  await materials(items);
  await setMaterial('complaint');
  await kiosk.waitFor("return document.getElementById('intake-submit')?.disabled === false || null;", 'a draft ready to submit');
  await shot(kiosk, 'intake-materials-zh-CN');
  assert.deepEqual(await axeViolations(kiosk), [], 'the materials in Chinese');

  await switchLanguage(kiosk, 'en');
  await shot(kiosk, 'intake-materials-en');
  assert.deepEqual(await axeViolations(kiosk), [], 'the materials in English');
  await kiosk.click('#intake-submit');
  await kiosk.waitFor(onScreen('intake-confirm'), 'the summary');
  await kiosk.click('#intake-submit-confirm');
  const number = await kiosk.waitFor("return document.getElementById('intake-number')?.textContent.trim() || null;", 'the submission number', 60000);
  const printed = await kiosk.waitFor("return document.getElementById('intake-print-notice')?.dataset.kind ?? document.getElementById('intake-print-notice')?.dataset.problem ?? null;", 'the print result');
  await shot(kiosk, 'intake-done-en');
  assert.deepEqual(await axeViolations(kiosk), [], 'the done screen in English');
  if (printer) {
    assert.equal(printed, 'done', 'the receipt printed');
    const deadline = Date.now() + 60000;
    let receipt;
    while (!receipt && Date.now() < deadline) {
      receipt = printedTexts().find((text) => text.includes(number));
      if (!receipt) await new Promise((done) => setTimeout(done, 250));
    }
    assert.ok(receipt, 'a receipt names the submission number');
    assert.ok(receipt.includes(CASE), 'and the case');
    assert.ok(!receipt.includes(PARTY.residentId) && !receipt.includes(PARTY.name), 'but neither the ID number nor the name');
  }
  await kiosk.click('#intake-finish');
  await kiosk.waitFor('return document.querySelector(\'[data-service="submit_materials"]\');', 'the home screen');

  // The clerk finds it in the review queue once the kiosk's record has reached the desk.
  await desk.click('#desk-open-review');
  const row = await desk.waitFor(
    `const rows = [...document.querySelectorAll('[data-review-submission]')];
     const row = rows.find((r) => r.textContent.includes(${JSON.stringify(number)}));
     if (!row) document.getElementById('desk-review-refresh')?.click();
     return row?.dataset.reviewSubmission ?? null;`,
    'the submission in the review queue',
    90000,
  );
  await desk.click(`[data-review-submission="${row}"]`);
  await desk.waitFor(`return document.querySelectorAll('button[data-review-item]').length === ${items} || null;`, 'the items');
  // The USB PDF (the last item) is painted at the desk from the bytes the kiosk uploaded.
  const last = await desk.execute("return [...document.querySelectorAll('button[data-review-item]')].at(-1).dataset.reviewItem;");
  await desk.click(`button[data-review-item="${last}"]`);
  await desk.waitFor(
    `const viewer = document.getElementById('review-viewer');
     if (!viewer?.dataset.renderedPage) document.getElementById('review-item-retry')?.click();
     return viewer?.dataset.item === ${JSON.stringify(last)} && viewer.dataset.renderedPage === '1' || null;`,
    'the PDF painted at the desk',
    60000,
  );
  assert.equal(await desk.execute("return document.getElementById('review-page').dataset.pages;"), '2');
  await shot(desk, 'intake-review-zh-CN');
  assert.deepEqual(await axeViolations(desk), [], 'the review in Chinese');
  await desk.click('#review-accept');
  assert.equal(
    await desk.waitFor("return document.querySelector('#desk-review-message[data-kind]')?.dataset.kind;", 'the decision recorded', 20000),
    'done',
  );
  await desk.waitFor(`return !document.querySelector('[data-review-submission="${row}"]') || null;`, 'the submission gone from the queue');
  await shot(desk, 'intake-review-accepted-zh-CN');
});
