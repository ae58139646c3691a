// A 100-page PDF in the real kiosk viewer: the time from the tap that opens a delivery to its first
// page painted, and from a tap on "next page" to that page painted, read from the page's own
// `delivery-page-painted` performance marks against the tap's time in the page.
//
// Beside them, in the same window and run: the same open of a one-page document (what the size of
// the document adds), and the floor of any tap that asks the Rust side, one IPC round trip to a
// command that reads nothing (`terminal_info`) followed by two frames.
//
//   node bench/delivery-viewer.mjs [OPENS]      (default 10; COURTDESK_APP picks the binary)
//
// Targets: first page painted at most 500 ms, page turn at most 100 ms.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addParty, bin, enrolledTerminal, run, startServer } from '../tests/e2e/court.mjs';
import { multiPagePdf } from '../tests/e2e/pdf.mjs';
import { binary, identifyAtKiosk, open } from '../tests/e2e/screens.mjs';
import { startDriver, startXvfb } from '../tests/e2e/webdriver.mjs';
import { FLOOR, summary } from './window.mjs';

const opens = Number(process.argv[2] ?? 10);
const TURNS = 10;
/** How long a reader looks at a page before turning, for the turns that are not immediate. */
const READING_MS = 1000;
const PARTY = { residentId: '11010519491231002X', phone: '13912345678', name: '王小明' };

/** Taps `selector` from inside the page and resolves with the milliseconds until the next paint mark. */
async function tapToPaint(kiosk, selector) {
  await kiosk.execute(
    `window.__marks = performance.getEntriesByName('delivery-page-painted').length;
     window.__tap = performance.now();
     document.querySelector(arguments[0]).click();
     return true;`,
    [selector],
  );
  return kiosk.waitFor(
    `const marks = performance.getEntriesByName('delivery-page-painted');
     return marks.length > window.__marks ? marks.at(-1).startTime - window.__tap : null;`,
    `a paint after ${selector}`,
    30000,
  );
}

function publish(server, title, pages) {
  const dir = mkdtempSync(join(tmpdir(), 'courtdesk-bench-pdf-'));
  const path = join(dir, `${title}.pdf`);
  writeFileSync(path, multiPagePdf(title, pages));
  const out = run(bin('courtdesk-central'), [
    '--data-dir', server.dataDir, 'delivery', 'publish', '--case', '(2026)京0105民初1号', '--resident-id', PARTY.residentId,
    '--phone', PARTY.phone, '--document', path, '--title', title, '--kind', 'judgment', '--method', 'electronic', '--consent',
    '--deadline', '2099-12-31T17:00:00+08:00', '--court', 'court-1', '--site', 'hall-a',
  ]);
  return out.match(/published (\S+)/)[1];
}

const server = await startServer();
addParty(server, PARTY);
const long = publish(server, 'Judgment', 100);
const short = publish(server, 'Notice', 1);
const config = enrolledTerminal(server, 'kiosk', '[identity]\nidle_seconds = 600\n');
const xvfb = await startXvfb();
const driver = await startDriver({ DISPLAY: xvfb.display });
let kiosk;
try {
  kiosk = await open(driver, config);
  await identifyAtKiosk(kiosk, server, PARTY, 'receive_documents');
  await kiosk.waitFor(`return document.querySelector('button[data-open-delivery="${long}"]');`, 'the delivery list', 30000);
  const firstLong = [];
  const firstShort = [];
  const turns = [];
  const readTurns = [];
  const floors = [];
  for (let i = 0; i < opens; i += 1) {
    for (const [id, into] of [[long, firstLong], [short, firstShort]]) {
      into.push(await tapToPaint(kiosk, `button[data-open-delivery="${id}"]`));
      if (id === long) {
        // Half the turns tap as soon as the page shows (the next page is still being painted
        // ahead), half after reading it for a second (it has been).
        for (let t = 0; t < TURNS; t += 1) {
          if (t % 2 === 1) await sleep(READING_MS);
          (t % 2 === 1 ? readTurns : turns).push(await tapToPaint(kiosk, '#viewer-next'));
        }
      }
      await kiosk.click('#delivery-back-list');
      await kiosk.waitFor(`return document.querySelector('button[data-open-delivery="${long}"]');`, 'the list again');
    }
    floors.push(await kiosk.executeAsync(FLOOR));
  }
  const fmt = (v) => v.toFixed(1).padStart(7);
  const row = (name, values) => {
    const s = summary(values);
    console.log(`${name.padEnd(34)} ${String(s.n).padStart(4)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)}`);
    return s;
  };
  console.log(`binary: ${binary}`);
  console.log(`${'measure'.padEnd(34)}    n     p50     p95     max  (ms)`);
  const open100 = row('open to page 1 painted, 100 pages', firstLong);
  const open1 = row('open to page 1 painted, 1 page', firstShort);
  const turn = row('page turn at once, 100 pages', turns);
  const readTurn = row('page turn after reading 1 s', readTurns);
  const floor = row('IPC round trip + 2 frames', floors);
  console.log(`ratio 100 pages / 1 page (p50, p95):   ${(open100.p50 / open1.p50).toFixed(2)}  ${(open100.p95 / open1.p95).toFixed(2)}`);
  console.log(`ratio page turn / floor (p50, p95):    ${(turn.p50 / floor.p50).toFixed(2)}  ${(turn.p95 / floor.p95).toFixed(2)}`);
  console.log(`target first page p95 <= 500 ms: ${open100.p95 <= 500 ? 'met' : 'missed'}`);
  console.log(`target page turn p95 <= 100 ms: ${turn.p95 <= 100 ? 'met' : 'missed'} at once, ${readTurn.p95 <= 100 ? 'met' : 'missed'} after reading`);
} finally {
  await kiosk?.close();
  driver.stop();
  xvfb.stop();
  server.child.kill();
}
