// Failed starts: the translated error screen with what to do next, never the raw message.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, pageProblems, screenshot, setup } from './helpers/app.mjs';
import { TILES, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

async function errorScreen(scenario) {
  const page = await app.open({ tiles: TILES, ...scenario });
  return {
    page,
    ready: await page.getAttribute('#app', 'data-ready'),
    code: await page.getAttribute('#app', 'data-error-code'),
    text: await page.innerText('body'),
  };
}

test('a storage failure of terminal_info shows the storage error in both languages', async () => {
  const { page, ready, code, text } = await errorScreen({ replies: { terminal_info: { reject: { code: 'storage', message: 'x' } } } });
  try {
    assert.equal(ready, 'error');
    assert.equal(code, 'storage');
    assert.ok(text.includes(msg('zh-CN', 'error.storage')), 'Chinese storage text with what to do');
    assert.ok(text.includes(msg('en', 'error.storage')), 'English storage text with what to do');
    assert.ok(!text.includes('x'), `the raw message is shown: ${text}`);
    assert.equal(await page.title(), msg('zh-CN', 'title.error'));
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await screenshot(page, 'error-storage');
    assert.deepEqual(await axeViolations(page), [], 'axe violations');
    assert.deepEqual(await pageProblems(page), []);
  } finally {
    await page.context().close();
  }
});

test('a rejection that is not an ApiError counts as internal', async () => {
  const { page, ready, code, text } = await errorScreen({ replies: { terminal_info: { reject: 'permission denied: raw' } } });
  try {
    assert.equal(ready, 'error');
    assert.equal(code, 'internal');
    assert.ok(text.includes(msg('zh-CN', 'error.internal')));
    assert.ok(!text.includes('raw'), 'raw text shown');
  } finally {
    await page.context().close();
  }
});

test('an unknown code or an unknown mode counts as internal', async () => {
  for (const replies of [
    { terminal_info: { reject: { code: 'disk_on_fire', message: 'm' } } },
    { terminal_info: { resolve: { ...info('kiosk'), mode: 'toaster' } } },
  ]) {
    const { page, code } = await errorScreen({ replies });
    await page.context().close();
    assert.equal(code, 'internal', JSON.stringify(replies));
  }
});

test('a failing kiosk_services shows the error in the terminal language', async () => {
  const replies = { kiosk_services: { reject: { code: 'storage', message: 'db locked' } } };
  const { page, ready, code, text } = await errorScreen({ info: info('kiosk', 'en'), replies });
  try {
    assert.equal(ready, 'error');
    assert.equal(code, 'storage');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.ok(text.startsWith(msg('en', 'app.product')) && text.includes(msg('en', 'error.storage')));
    assert.ok(!text.includes('db locked'));
    assert.deepEqual(await axeViolations(page), [], 'axe violations');
  } finally {
    await page.context().close();
  }
});

test('the retry button starts again and reaches the home screen', async () => {
  const replies = { terminal_info: { reject: { code: 'storage', message: 'busy' }, times: 1 } };
  const page = await app.open({ info: info('kiosk'), tiles: TILES, replies });
  try {
    assert.equal(await page.getAttribute('#app', 'data-ready'), 'error');
    await page.getByRole('button', { name: msg('zh-CN', 'error.retry') }).click();
    await page.waitForSelector('#app[data-ready="true"]');
    assert.equal(await page.getAttribute('#app', 'data-error-code'), null);
    assert.equal(await page.locator('button[data-service]').count(), 4);
  } finally {
    await page.context().close();
  }
});
