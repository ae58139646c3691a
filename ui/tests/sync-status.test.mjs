// The staff status bar's sync indicator: each state in both languages, and "sync now".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, calls, pageProblems, screenshot, setup } from './helpers/app.mjs';
import { LOCALES, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const STAFF = { width: 1280, height: 800 };
const view = (fields) => ({ enrolled: true, online: true, draining: false, backlog: 0, last_success_ms: null, last_error_code: null, blobs_pending: 0, upload: null, ...fields });
// 09:05 in Beijing, the tests' time zone.
const LAST = Date.parse('2026-11-28T09:05:00+08:00');

const CASES = [
  { name: 'not enrolled', sync: undefined, state: 'not_enrolled', text: (l) => msg(l, 'sync.not_enrolled'), button: false },
  {
    name: 'online',
    sync: view({ backlog: 3, last_success_ms: LAST }),
    state: 'online',
    text: (l) => `${msg(l, 'sync.online', { backlog: '3' })} · ${msg(l, 'sync.last', { time: '09:05' })}`,
    button: true,
  },
  {
    name: 'offline',
    sync: view({ online: false, backlog: 12, last_error_code: 'network' }),
    state: 'offline',
    text: (l) => msg(l, 'sync.offline', { backlog: '12' }),
    button: true,
  },
  {
    name: 'blocked by a refusal retrying cannot cure',
    sync: view({ online: false, backlog: 4, last_error_code: 'chain_broken' }),
    state: 'blocked',
    text: (l) => msg(l, 'sync.blocked', { code: 'chain_broken' }),
    button: true,
  },
  {
    name: 'uploading a document',
    sync: view({ draining: true, backlog: 0, blobs_pending: 2, upload: { sent_bytes: 4 * 1024 * 1024, total_bytes: 10 * 1024 * 1024, files_left: 2 } }),
    state: 'syncing',
    text: (l) => `${msg(l, 'sync.syncing', { backlog: '0' })} · ${msg(l, 'sync.uploading', { sent: '4.0', total: '10.0', files: '2' })}`,
    button: false,
  },
];

for (const c of CASES) {
  for (const locale of LOCALES) {
    test(`the indicator says ${c.name} in ${locale}`, async () => {
      const page = await app.open({ info: info('staff', locale), sync: c.sync }, STAFF);
      try {
        assert.equal(await page.getAttribute('#sync-status', 'data-sync-state'), c.state);
        assert.equal(await page.textContent('#sync-status .sync-text'), c.text(locale));
        assert.equal(await page.isVisible('#sync-status .sync-now'), c.button, 'sync-now only when enrolled');
        const upload = c.sync?.upload;
        assert.equal(await page.isVisible('#sync-status .sync-upload'), Boolean(upload), 'the bar only while uploading');
        if (upload) {
          assert.equal(await page.$eval('#sync-status .sync-upload', (bar) => bar.value / bar.max), 0.4);
        }
        await assertSpeaks(page, locale);
        assert.deepEqual(await axeViolations(page), [], 'axe violations');
        assert.deepEqual(await pageProblems(page), [], 'script errors or CSP violations');
        if (locale === 'zh-CN') await screenshot(page, `staff-sync-${c.state}`);
      } finally {
        await page.context().close();
      }
    });
  }
}

test('"sync now" asks Rust for a pass and shows the answer', async () => {
  const page = await app.open({
    info: info('staff'),
    sync: view({ online: false, backlog: 5 }),
    replies: { sync_now: { resolve: view({ backlog: 0, last_success_ms: LAST }) } },
  }, STAFF);
  try {
    await page.click('#sync-status .sync-now');
    await page.waitForSelector('#sync-status[data-sync-state="online"]');
    assert.equal(await page.textContent('#sync-status .sync-text'),
      `${msg('zh-CN', 'sync.online', { backlog: '0' })} · ${msg('zh-CN', 'sync.last', { time: '09:05' })}`);
    assert.ok((await calls(page)).some((c) => c.cmd === 'sync_now'));
  } finally {
    await page.context().close();
  }
});

test('an unreadable status says what to do, never the raw message', async () => {
  const page = await app.open({
    info: info('staff', 'en'),
    replies: { sync_status: { reject: { code: 'storage', message: 'disk I/O error at page 7' } } },
  }, STAFF);
  try {
    assert.equal(await page.getAttribute('#sync-status', 'data-sync-state'), 'unknown');
    assert.equal(await page.textContent('#sync-status .sync-text'), msg('en', 'sync.unreadable'));
    assert.ok(!(await page.innerText('body')).includes('disk I/O'), 'the raw message stays out of sight');
  } finally {
    await page.context().close();
  }
});

test('the kiosk and the display never ask for the sync status', async () => {
  for (const mode of ['kiosk', 'display']) {
    const page = await app.open({ info: info(mode) });
    try {
      assert.ok(!(await calls(page)).some((c) => c.cmd.startsWith('sync_')), `${mode} stays out of sync`);
      assert.equal(await page.$('#sync-status'), null);
    } finally {
      await page.context().close();
    }
  }
});
