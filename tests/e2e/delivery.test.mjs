// Electronic delivery in real windows against the real central server: a clerk publishes a
// three-page summons from the desk's form; the party identifies at the kiosk with their ID number and
// a one-time code, reads the summons page by page in the kiosk's viewer, acknowledges it, and prints
// the served copy and the receipt through CUPS; the court countersigns at once. A second delivery is
// acknowledged in English while the kiosk is cut off from the server: sealed at the kiosk, it is
// countersigned once the connection returns, and the desk sees both acknowledged. Screenshots and
// axe-core checks in both languages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  addParty, addStaff, bin, enrolledTerminal, run, signInAtDesk, startFaultProxy, startServer,
} from './court.mjs';
import { multiPagePdf } from './pdf.mjs';
import { axeViolations, identifyAtKiosk, open, painted, shot, switchLanguage } from './screens.mjs';
import { startDriver, startXvfb } from './webdriver.mjs';

const PARTY = { residentId: '11010519491231002X', phone: '13912345678', name: '王小明' };
// A second party: one-time codes to one phone are spaced out by the server, and each party sees only
// their own deliveries.
const OTHER = { residentId: '110105198503152014', phone: '13812345678', name: 'Chen Jing' };
const printer = process.env.COURTDESK_TEST_PRINTER;
const printOut = process.env.COURTDESK_TEST_PRINT_OUT;
if (!printer && process.env.CI) throw new Error('CI must run the printing tests: eval "$(scripts/cups.sh start)"');
const printing = printer ? `[queue]\nprinter = "${printer}"\n` : '';

let xvfb;
let server;
let proxy;
const drivers = [];
let kiosk;
let desk;

before(async () => {
  server = await startServer();
  proxy = await startFaultProxy(server);
  addParty(server, PARTY);
  addParty(server, OTHER);
  addStaff(server, { username: 'clerk-li', name: '李书记员' });
  xvfb = await startXvfb();
  for (let i = 0; i < 2; i += 1) drivers.push(await startDriver({ DISPLAY: xvfb.display }));
  desk = await open(drivers[0], enrolledTerminal(server, 'staff', printing));
  kiosk = await open(drivers[1], enrolledTerminal(server, 'kiosk', printing, proxy.url));
  await signInAtDesk(desk, 'clerk-li');
});

after(async () => {
  await kiosk?.close();
  await desk?.close();
  for (const driver of drivers) driver.stop();
  xvfb?.stop();
  proxy?.stop();
  server?.child.kill();
});

/** Fills the desk's publishing form and submits it; resolves with the new delivery's id. */
async function publish(title, pdf, party = PARTY) {
  await desk.waitFor("return document.getElementById('publish-form');", 'the publishing form');
  for (const [name, value] of [
    ['case_number', '(2026)京0105民初77号'],
    ['resident_id', party.residentId],
    ['phone', party.phone],
    ['title', title],
  ]) {
    await desk.execute(`document.querySelector('#publish-form [name="${name}"]').value = ''; return true;`);
    await desk.type(`#publish-form [name="${name}"]`, value);
  }
  // Selects, the date and the file are set as the page's own controls would set them.
  await desk.execute(
    `const form = document.getElementById('publish-form');
     const set = (name, value) => {
       const field = form.querySelector('[name="' + name + '"]');
       field.value = value;
       field.dispatchEvent(new Event('input', { bubbles: true }));
       field.dispatchEvent(new Event('change', { bubbles: true }));
     };
     set('kind', 'summons');
     set('method', 'electronic');
     set('deadline_date', '2099-12-31');
     const consent = form.querySelector('[name="consent_to_electronic"]');
     if (!consent.checked) consent.click();
     const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
     const files = new DataTransfer();
     files.items.add(new File([bytes], 'summons.pdf', { type: 'application/pdf' }));
     const input = form.querySelector('[name="documents"]');
     input.files = files.files;
     input.dispatchEvent(new Event('change', { bubbles: true }));
     return true;`,
    [pdf.toString('base64')],
  );
  const before = await desk.execute("return [...document.querySelectorAll('[data-desk-delivery]')].map((e) => e.dataset.deskDelivery);");
  await desk.click('#publish-submit');
  return desk.waitFor(
    `const known = ${JSON.stringify(before)};
     const added = [...document.querySelectorAll('[data-desk-delivery]')].map((e) => e.dataset.deskDelivery).filter((id) => !known.includes(id));
     return added[0];`,
    'the published delivery in the desk list',
    20000,
  );
}

/** Identifies the party at the kiosk for receiving documents; resolves on the delivery list. */
async function identify(party = PARTY) {
  await identifyAtKiosk(kiosk, server, party, 'receive_documents');
  await kiosk.waitFor('return document.querySelector(\'[data-screen="delivery-list"]\');', 'the delivery list', 20000);
}

/** Opens the delivery and reads it to its last page; resolves with the number of pages. */
async function readThrough(id, screenshots) {
  await kiosk.click(`button[data-open-delivery="${id}"]`);
  await painted(kiosk, 1);
  const pages = Number(await kiosk.execute("return document.getElementById('viewer-page').dataset.pages;"));
  // pdf.js parses in a worker of its own: its fallback on the page's thread would import the worker
  // module here, which leaves `pdfjsWorker` on the page's global object.
  assert.equal(await kiosk.execute('return typeof globalThis.pdfjsWorker;'), 'undefined', 'pdf.js runs in its worker');
  const canvas = "return document.querySelector('[data-rendered-page] canvas').toDataURL();";
  const first = await kiosk.execute(canvas);
  if (screenshots) {
    await shot(kiosk, `${screenshots}-viewer-page-1`);
    assert.deepEqual(await axeViolations(kiosk), [], `the viewer (${screenshots})`);
  }
  for (let page = 2; page <= pages; page += 1) {
    await kiosk.click('#viewer-next');
    await painted(kiosk, page);
  }
  assert.notEqual(await kiosk.execute(canvas), first, 'the last page is painted differently from the first');
  if (screenshots) await shot(kiosk, `${screenshots}-viewer-page-${pages}`);
  return pages;
}

async function acknowledge() {
  await kiosk.click('#delivery-acknowledge');
  // The acknowledgment is confirmed once more, in plain words, before it is recorded.
  const confirm = await kiosk.waitFor(
    "return document.querySelector('#delivery-acknowledge-confirm') ? 'confirm' : document.querySelector('[data-screen=\"delivery-done\"]') ? 'done' : null;",
    'the confirmation',
  );
  if (confirm === 'confirm') await kiosk.click('#delivery-acknowledge-confirm');
  return kiosk.waitFor(
    'return document.querySelector(\'[data-screen="delivery-done"] [data-evidence]\')?.dataset.evidence;',
    'the acknowledgment recorded',
    20000,
  );
}

/** The texts of the printouts CUPS has finished writing (a PDF still being written has no `%%EOF` yet). */
function printedTexts() {
  if (!printOut || !existsSync(printOut)) return [];
  return readdirSync(printOut)
    .filter((name) => name.endsWith('.pdf'))
    .map((name) => join(printOut, name))
    .filter((path) => readFileSync(path).subarray(-32).includes('%%EOF'))
    .map((path) => spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' }).stdout);
}

async function deskState(id) {
  // The row drawn before the refresh is marked, so the state read is the one the refresh brought.
  const row = `document.querySelector('[data-desk-delivery="${id}"]')`;
  await desk.execute(`${row}?.setAttribute('data-before-refresh', ''); return true;`);
  await desk.click('#desk-deliveries-refresh');
  return desk.waitFor(
    `const row = ${row}; return row && !row.hasAttribute('data-before-refresh') ? row.dataset.state : null;`,
    'the delivery in the refreshed list',
  );
}

test('a clerk publishes, the party reads and acknowledges at the kiosk, and the served copy and receipt print', async () => {
  await desk.click('#desk-open-deliveries');
  await shot(desk, 'delivery-desk-form-zh-CN');
  assert.deepEqual(await axeViolations(desk), [], 'the desk deliveries in Chinese');
  const id = await publish('开庭传票', multiPagePdf('Summons', 3));
  assert.equal(await desk.execute(`return document.querySelector('[data-desk-delivery="${id}"]').dataset.state;`), 'published');
  await switchLanguage(desk, 'en');
  await shot(desk, 'delivery-desk-list-en');
  assert.deepEqual(await axeViolations(desk), [], 'the desk deliveries in English');
  await switchLanguage(desk, 'zh-CN');

  await identify();
  const card = `[data-delivery-id="${id}"]`;
  await kiosk.waitFor(`return document.querySelector('${card}');`, 'the summons waiting for the party', 20000);
  assert.equal(await kiosk.execute(`return document.querySelector('${card}').dataset.state;`), 'available', 'made available');
  await shot(kiosk, 'delivery-list-zh-CN');
  assert.deepEqual(await axeViolations(kiosk), [], 'the delivery list in Chinese');

  assert.equal(await readThrough(id, 'delivery-zh-CN'), 3);
  assert.equal(await acknowledge(), 'countersigned');
  await shot(kiosk, 'delivery-done-zh-CN');
  assert.deepEqual(await axeViolations(kiosk), [], 'the done screen in Chinese');

  if (printer) {
    const before = printedTexts().length;
    await kiosk.click('#delivery-print');
    await kiosk.waitFor("return document.getElementById('print-notice')?.textContent.trim() && !document.querySelector('#print-notice[data-problem]');", 'the print', 60000);
    const texts = await waitForPrints(before + 2);
    assert.ok(texts.some((t) => t.includes('Page 3 of 3') && t.includes('电子送达')), 'the served copy carries the stamp');
    assert.ok(texts.some((t) => t.includes('电子送达回执') && t.includes('(2026)京0105民初77号')), 'the receipt');
    assert.ok(!texts.some((t) => t.includes(PARTY.residentId) || t.includes(PARTY.name)), 'no ID or name printed on the receipt or copy');
  }
  assert.equal(await stateWithin(id, 'acknowledged', 30000), 'acknowledged');
});

/** The texts of every printout once there are at least `count`. */
async function waitForPrints(count) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const texts = printedTexts();
    if (texts.length >= count) return texts;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`fewer than ${count} printouts`);
}

/** The delivery's state at the desk once it is `wanted`, or the last one seen after `ms`. */
async function stateWithin(id, wanted, ms) {
  const deadline = Date.now() + ms;
  let state;
  while ((state = await deskState(id)) !== wanted && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 1000));
  }
  return state;
}

test('cut off from the server, the kiosk seals an acknowledgment that is countersigned on reconnect', async () => {
  await kiosk.click('#finish-and-clear');
  await kiosk.waitFor('return document.querySelector(\'[data-service="receive_documents"]\');', 'the home screen');
  const id = await publish('Notice of hearing', multiPagePdf('Notice', 2), OTHER);
  await switchLanguage(kiosk, 'en');
  await identify(OTHER);
  await kiosk.waitFor(`return document.querySelector('[data-delivery-id="${id}"]');`, 'the notice waiting for the party', 20000);
  assert.equal(
    await kiosk.execute('return document.querySelectorAll("[data-delivery-id]").length;'),
    1,
    'the other party sees only their own delivery',
  );
  await shot(kiosk, 'delivery-list-en');
  assert.deepEqual(await axeViolations(kiosk), [], 'the delivery list in English');

  // The court hears that the notice was made available before the kiosk is cut off.
  assert.equal(await stateWithin(id, 'available', 30000), 'available', 'made available');
  await proxy.cut();
  assert.equal(await readThrough(id, 'delivery-en'), 2, 'the kiosk holds the document');
  assert.equal(await acknowledge(), 'pending', 'sealed at the kiosk');
  await shot(kiosk, 'delivery-done-offline-en');
  assert.deepEqual(await axeViolations(kiosk), [], 'the done screen, offline, in English');
  assert.equal(await deskState(id), 'available', 'the court has not heard yet');

  await proxy.heal();
  assert.equal(await stateWithin(id, 'acknowledged', 90000), 'acknowledged', 'countersigned after the connection returned');
});

/** Opens the desk's deliveries panel unless it is open already (its button toggles it). */
async function openDeliveries() {
  const expanded = await desk.execute("return document.getElementById('desk-open-deliveries')?.getAttribute('aria-expanded');");
  if (expanded !== 'true') await desk.click('#desk-open-deliveries');
  await desk.waitFor("const panel = document.getElementById('desk-deliveries'); return panel && !panel.hidden;", 'the deliveries panel');
}

test('a clerk whose account the court disables is asked to sign in at the next request, and signs in again once enabled to the work left on screen', async () => {
  await openDeliveries();
  // Half a publication typed when the session ends: it waits behind the sign-in screen.
  await desk.type('#publish-case_number', '(2026)京0105民初77号');
  run(bin('courtdesk-central'), ['--data-dir', server.dataDir, 'staff', 'disable', 'clerk-li']);
  await desk.click('#desk-deliveries-refresh');
  await desk.waitFor(
    "return document.getElementById('sign-in-username');",
    'the sign-in screen: the server ended the disabled clerk\'s session',
    20000,
  );
  await shot(desk, 'desk-session-ended-zh-CN');
  assert.deepEqual(await axeViolations(desk), [], 'the sign-in screen after the session ended');
  run(bin('courtdesk-central'), ['--data-dir', server.dataDir, 'staff', 'enable', 'clerk-li']);
  await signInAtDesk(desk, 'clerk-li');
  await openDeliveries();
  assert.equal(
    await desk.execute("return document.getElementById('publish-case_number').value;"),
    '(2026)京0105民初77号',
    'the same clerk signs in again to the form as they left it',
  );
  await desk.click('#desk-deliveries-refresh');
  await desk.waitFor('return document.querySelector("[data-desk-delivery]:not([data-before-refresh])");', 'the deliveries, read again with the new session', 20000);
  await desk.click('#sign-out');
  await desk.waitFor("return document.getElementById('sign-in-username');", 'signed out');
});
