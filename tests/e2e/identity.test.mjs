// Identity at a real kiosk window against the real central server: a party types their resident ID
// number on the keypad, receives a one-time code through the server's development SMS gateway,
// types it, and is identified; left alone, the kiosk counts down and wipes the visit, leaving no trace
// in the page, the kiosk's scratch folder, its database or its logs; the server keeps no plain ID
// or phone number. The kiosk window is refused staff
// commands. Screenshots go to test-output/e2e; axe-core checks the screens in both languages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { addParty, enrolledTerminal, smsCodes, startServer } from './court.mjs';
import { axeViolations, binary, shot, switchLanguage, tapKeys } from './screens.mjs';
import { Session, startDriver, startXvfb } from './webdriver.mjs';


// The standard's own example number: region 110105, born 1949-12-31, check character X.
const PARTY = { residentId: '11010519491231002X', phone: '13912345678', name: '王小明' };
const IDLE_SECONDS = 15;
const COUNTDOWN_SECONDS = 4;

let xvfb;
let server;
let driver;
let kiosk;
let kioskConfig;

/** Every file under `dir`, recursively. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files under `dir` whose bytes contain any of `needles` (as UTF-8), with the needle found. */
function filesHolding(dir, needles) {
  return filesUnder(dir).flatMap((path) => {
    const bytes = readFileSync(path);
    return needles.filter((needle) => bytes.includes(Buffer.from(needle, 'utf8'))).map((needle) => `${path}: ${needle}`);
  });
}

before(async () => {
  server = await startServer(undefined, { logFile: true });
  addParty(server, PARTY);
  kioskConfig = enrolledTerminal(
    server,
    'kiosk',
    `[identity]\nidle_seconds = ${IDLE_SECONDS}\ncountdown_seconds = ${COUNTDOWN_SECONDS}\n`,
  );
  xvfb = await startXvfb();
  driver = await startDriver({ DISPLAY: xvfb.display });
  kiosk = await Session.start(driver.url, binary, ['--config', kioskConfig]);
  await kiosk.waitFor("return document.getElementById('app')?.dataset.ready === 'true';", 'the kiosk home screen');
});

after(async () => {
  await kiosk?.close();
  driver?.stop();
  xvfb?.stop();
  server?.child.kill();
});

test('a party identifies with their ID number and a one-time code, and the idle kiosk wipes every trace', async () => {
  const historyAtStart = await kiosk.execute('return history.length;');
  await kiosk.click('[data-service="submit_materials"]');
  await kiosk.waitFor('return document.querySelector(\'[data-screen="identity-id"]\');', 'the ID keypad');
  await tapKeys(kiosk, PARTY.residentId);
  const typed = await kiosk.execute("return document.getElementById('identity-id-entry').dataset.value;");
  assert.equal(typed, PARTY.residentId);
  await shot(kiosk, 'identity-id-zh-CN');
  assert.deepEqual(await axeViolations(kiosk), [], 'the ID keypad in Chinese');

  await kiosk.click('#identity-id-confirm');
  const phone = await kiosk.waitFor("return document.getElementById('identity-phone')?.textContent.trim();", 'the code screen', 20000);
  assert.equal(phone, '139****5678', 'the phone on file, masked');
  const codes = smsCodes(server, PARTY.phone);
  assert.equal(codes.length, 1, 'one code went out through the gateway');

  // A wrong code first: refused, with the tries left, and nothing else changes.
  const wrong = codes[0] === '000000' ? '111111' : '000000';
  await tapKeys(kiosk, wrong);
  await kiosk.click('#identity-code-confirm');
  const problem = await kiosk.waitFor(
    "return document.querySelector('#identity-notice[data-problem]')?.dataset.problem;",
    'the refusal of a wrong code',
  );
  assert.equal(problem, 'otp_wrong');
  await kiosk.click('[data-key="clear"]');
  await tapKeys(kiosk, codes[0]);
  await kiosk.click('#identity-code-confirm');
  const name = await kiosk.waitFor("return document.getElementById('identity-name')?.textContent.trim();", 'the verified screen', 20000);
  assert.equal(name, PARTY.name);
  const maskedId = await kiosk.execute("return document.getElementById('identity-masked-id').textContent.trim();");
  assert.ok(!maskedId.includes(PARTY.residentId.slice(6, 14)), `the birth date is masked: ${maskedId}`);
  await shot(kiosk, 'identity-verified-zh-CN');
  assert.deepEqual(await axeViolations(kiosk), [], 'the verified screen in Chinese');
  await switchLanguage(kiosk, 'en');
  await shot(kiosk, 'identity-verified-en');
  assert.deepEqual(await axeViolations(kiosk), [], 'the verified screen in English');

  // Hands off: the countdown comes after the idle time, then the wipe.
  await kiosk.waitFor("return document.getElementById('idle-countdown')?.open;", 'the idle countdown', (IDLE_SECONDS + 10) * 1000);
  await shot(kiosk, 'identity-idle-countdown');
  await kiosk.waitFor(
    "return !document.getElementById('idle-countdown')?.open && document.querySelector('[data-service=\"receive_documents\"]');",
    'the home screen after the wipe',
    (COUNTDOWN_SECONDS + 5) * 1000,
  );
  const page = await kiosk.execute(
    'return [document.documentElement.outerHTML, ...[...document.querySelectorAll("input")].map((i) => i.value)].join("\\n");',
  );
  for (const trace of [PARTY.residentId, PARTY.residentId.toLowerCase(), PARTY.name, maskedId, phone, PARTY.phone]) {
    assert.ok(!page.includes(trace), `no trace of ${JSON.stringify(trace)} in the page after the wipe`);
  }
  assert.equal(await kiosk.execute('return document.documentElement.lang;'), 'zh-CN', 'back in the default language');
  assert.equal(await kiosk.execute('return history.length;'), historyAtStart, 'nothing to go back to');
  assert.equal(await kiosk.execute('return sessionStorage.length + localStorage.length;'), 0, 'nothing in web storage');
  await shot(kiosk, 'identity-after-wipe');

  const kioskDir = dirname(kioskConfig);
  assert.deepEqual(filesUnder(join(kioskDir, 'visit')), [], "the visit's scratch folder is empty");
  // The database is SQLCipher-encrypted and the logs carry no personal data; the server keeps only
  // keyed hashes and encrypted phones. The development SMS gateway's outbox stands in for the
  // phone network and is the one place the number may appear.
  const needles = [PARTY.residentId, PARTY.residentId.toLowerCase(), PARTY.phone, PARTY.name];
  assert.deepEqual(filesHolding(kioskDir, needles), [], 'no personal data in any file of the kiosk');
  // The court's server keeps a party's name as the case system does; their ID and phone never plain.
  const serverNeedles = [PARTY.residentId, PARTY.residentId.toLowerCase(), PARTY.phone];
  const serverFiles = filesHolding(server.dataDir, serverNeedles).filter((hit) => !hit.includes('sms-outbox.jsonl'));
  assert.deepEqual(serverFiles, [], 'no ID or phone number in the server database, its WAL or its log');
  const serverLog = readFileSync(join(server.dataDir, 'central.log'), 'utf8');
  assert.ok(!serverLog.includes(PARTY.name), 'no name in the server log');
  assert.ok(statSync(join(server.dataDir, 'central.log')).size > 0, 'the server log was written');
});

test('the kiosk database cannot be read without its key', () => {
  const databases = filesUnder(dirname(kioskConfig)).filter((path) => path.endsWith('.sqlite3'));
  assert.ok(databases.length > 0, 'the kiosk has a database');
  for (const path of databases) {
    const plain = spawnSync('sqlite3', [path, 'SELECT count(*) FROM sqlite_master;'], { encoding: 'utf8' });
    assert.notEqual(plain.status, 0, `plain sqlite3 reads ${path}: ${plain.stdout}`);
    assert.match(plain.stderr, /not a database/);
  }
});

test('a kiosk window is refused staff commands', async () => {
  for (const [name, args] of [['desk_board', {}], ['staff_sign_in', { username: 'x', password: 'y' }], ['sync_now', {}]]) {
    const answer = await kiosk.executeAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
         () => done({ allowed: true }),
         (error) => done({ allowed: false, error: String(error?.message ?? error) }),
       );`,
      [name, args],
    );
    assert.equal(answer.allowed, false, `${name} ran in the kiosk window`);
    assert.match(answer.error, /not allowed|denied|permission/i, `${name}: ${answer.error}`);
  }
});
