// Signing in at a desk in a real Chromium: what reaches staff_sign_in, what is refused before
// anything is sent, every refusal's text, the signed-in top bar, and each way of being signed out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callsOf, clean, screenshot, setReply, setup } from './helpers/app.mjs';
import { DESK_IDLE, LOCALES, MORNING, assertSpeaks, info, msg } from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const SIZE = { width: 1280, height: 800 };
const CLERK = { username: 'li.ming', display_name: '李明', role: 'clerk', offline: false, idle_minutes: 10 };

function desk({ locale = 'zh-CN', staff = null, replies = {}, ...scenario } = {}) {
  return app.open({ info: info('staff', locale), desk: DESK_IDLE, staff, replies, ...scenario }, { ...SIZE, clock: MORNING });
}

async function signIn(page, username = 'li.ming', password = 'Window-Seven-2026') {
  await page.fill('#sign-in-username', username);
  await page.fill('#sign-in-password', password);
  await page.click('#sign-in-submit');
}

const refusal = (code, detail) => ({ reject: { code, message: 'refused', ...(detail ? { detail } : {}) } });

describe('signing in at a desk', () => {
  for (const locale of LOCALES) {
    test(`nobody signed in: the sign-in form, then the work screen with the clerk (${locale})`, async () => {
      const page = await desk({ locale });
      try {
        await page.waitForSelector('[data-screen="staff-sign-in"]');
        assert.equal(await page.$('#desk-panel'), null, 'no calling panel before sign-in');
        const errorBox = await page.$eval('#sign-in-error', (el) => ({ height: el.getBoundingClientRect().height, background: getComputedStyle(el).backgroundColor, role: el.getAttribute('role') }));
        assert.deepEqual(errorBox, { height: 0, background: 'rgba(0, 0, 0, 0)', role: 'alert' }, 'no empty error box, the alert region still there');
        assert.equal(await page.$('#sync-status') !== null, true, 'the link state shows on the sign-in screen too');
        assert.deepEqual(await callsOf(page, 'desk_board'), [], 'the board is not read before sign-in');
        await assertSpeaks(page, locale);
        await screenshot(page, `staff-sign-in-${locale}`);
        await clean(page, 'the sign-in screen');

        await signIn(page);
        await page.waitForSelector('#desk-panel');
        assert.deepEqual(await callsOf(page, 'staff_sign_in'), [{ username: 'li.ming', password: 'Window-Seven-2026' }]);
        assert.equal(await page.textContent('#staff-user .staff-user-name'), '李明');
        assert.equal(await page.getAttribute('#staff-user', 'data-role'), 'clerk');
        assert.ok((await page.textContent('#staff-user')).includes(msg(locale, 'staff.role.clerk')));
        assert.equal(await page.$('#staff-user .staff-offline'), null, 'no offline badge for an online sign-in');
        assert.equal(await page.$('#sign-in-password'), null, 'the form is gone');
        await assertSpeaks(page, locale);
        await screenshot(page, `staff-signed-in-${locale}`);
        await clean(page, 'the signed-in desk');
      } finally {
        await page.close();
      }
    });

    test(`wrong password, lockout and offline refusals say what to do and clear the password (${locale})`, async () => {
      const page = await desk({
        locale,
        replies: {
          staff_sign_in: {
            sequence: [
              refusal('wrong_credentials'),
              refusal('account_locked', '15'),
              refusal('offline_not_cached_here'),
              refusal('server_unreachable'),
            ],
          },
        },
      });
      try {
        for (const [code, detail] of [
          ['wrong_credentials'], ['account_locked', '15'], ['offline_not_cached_here'], ['server_unreachable'],
        ]) {
          await signIn(page);
          await page.waitForSelector(`#sign-in-error[data-code="${code}"]`);
          const text = await page.textContent('#sign-in-error');
          assert.equal(text, msg(locale, `error.${code}`, { detail: detail ?? '' }));
          if (detail) assert.ok(text.includes(detail), `the minutes are in the text: ${text}`);
          assert.equal(await page.inputValue('#sign-in-password'), '', 'the password is cleared after a refusal');
          assert.equal(await page.inputValue('#sign-in-username'), 'li.ming', 'the user name stays');
        }
        assert.equal(await page.$('#desk-panel'), null);
        await clean(page, 'a refused sign-in');
      } finally {
        await page.close();
      }
    });
  }

  test('an empty field is said beside it and nothing is sent', async () => {
    const page = await desk();
    try {
      await page.click('#sign-in-submit');
      assert.equal(await page.textContent('#sign-in-username-error'), msg('zh-CN', 'signin.missing_username'));
      assert.equal(await page.textContent('#sign-in-password-error'), msg('zh-CN', 'signin.missing_password'));
      assert.equal(await page.getAttribute('#sign-in-username', 'aria-invalid'), 'true');
      await page.fill('#sign-in-username', 'li.ming');
      await page.press('#sign-in-username', 'Enter');
      assert.equal(await page.textContent('#sign-in-username-error'), '');
      assert.equal(await page.textContent('#sign-in-password-error'), msg('zh-CN', 'signin.missing_password'));
      assert.deepEqual(await callsOf(page, 'staff_sign_in'), [], 'nothing was sent');
    } finally {
      await page.close();
    }
  });

  test('an offline sign-in is marked in the top bar', async () => {
    const offline = { username: 'li.ming', display_name: '李明', role: 'supervisor', offline: true, idle_minutes: 10 };
    const page = await desk({ signs_in_as: offline });
    try {
      await signIn(page);
      await page.waitForSelector('#staff-user[data-offline="true"] .staff-offline');
      assert.equal(await page.textContent('#staff-user .staff-offline'), msg('zh-CN', 'staff.offline'));
      assert.ok((await page.textContent('#staff-user')).includes(msg('zh-CN', 'staff.role.supervisor')));
      await clean(page, 'an offline sign-in');
    } finally {
      await page.close();
    }
  });
});

describe('signing out', () => {
  test('by hand: back to the sign-in form with nothing of the clerk left', async () => {
    const page = await desk({ staff: CLERK });
    try {
      await page.waitForSelector('#desk-panel');
      await page.fill('#desk-number', 'A017');
      await page.click('#sign-out');
      await page.waitForSelector('[data-screen="staff-sign-in"]');
      assert.equal((await callsOf(page, 'staff_sign_out')).length, 1);
      const html = await page.content();
      assert.ok(!html.includes('李明'), 'the name is gone from the page');
      assert.equal(await page.$('#sign-in-notice'), null, 'no notice when the clerk chose to sign out');
      await signIn(page);
      await page.waitForSelector('#desk-panel');
      assert.equal(await page.inputValue('#desk-number'), '', 'nothing typed by the last clerk survives');
    } finally {
      await page.close();
    }
  });

  test('after the quiet spell the desk signs out and says why', async () => {
    const quick = { username: 'li.ming', display_name: '李明', role: 'clerk', offline: false, idle_minutes: 2 };
    const page = await desk({ staff: quick });
    try {
      await page.waitForSelector('#desk-panel');
      await page.clock.runFor(60_000);
      await page.mouse.click(5, 5);
      await page.clock.runFor(90_000);
      assert.ok(await page.$('#desk-panel'), 'a touch a minute in restarted the clock');
      await page.clock.runFor(31_000);
      await page.waitForSelector('#sign-in-notice[data-reason="idle"]');
      assert.equal(await page.textContent('#sign-in-notice'), msg('zh-CN', 'signin.idle', { minutes: '2' }));
      assert.equal((await callsOf(page, 'staff_sign_out')).length, 1);
      await clean(page, 'the sign-in screen after a quiet spell');
    } finally {
      await page.close();
    }
  });

  test('when Rust answers sign_in_required, the desk asks for a sign-in again', async () => {
    const page = await desk({ staff: CLERK });
    try {
      await page.waitForSelector('#desk-panel');
      await setReply(page, 'desk_board', refusal('sign_in_required'));
      await page.clock.runFor(1_100);
      await page.waitForSelector('#sign-in-notice[data-reason="expired"]');
      assert.equal(await page.textContent('#sign-in-notice'), msg('zh-CN', 'signin.expired'));
      assert.equal(await page.$('#staff-user'), null);
    } finally {
      await page.close();
    }
  });

  test('signed out by the server, the clerk signs in again to their work as they left it; another clerk starts clean', async () => {
    const page = await desk({ staff: CLERK });
    const endSession = async () => {
      await setReply(page, 'desk_board', refusal('sign_in_required'));
      await page.clock.runFor(1_100);
      await page.waitForSelector('#sign-in-notice[data-reason="expired"]');
      assert.equal(await page.$('#publish-case_number'), null, 'nothing of the work shows behind the sign-in screen');
      await setReply(page, 'desk_board', null);
    };
    try {
      await page.waitForSelector('#desk-panel');
      await page.click('#desk-open-deliveries');
      await page.fill('#publish-case_number', '(2026)京0105民初1234号');
      await page.fill('#publish-title', '开庭传票');
      await endSession();

      await signIn(page, 'li.ming');
      await page.waitForSelector('#publish-case_number');
      assert.equal(await page.inputValue('#publish-case_number'), '(2026)京0105民初1234号', 'the same clerk finds the form filled');
      assert.equal(await page.inputValue('#publish-title'), '开庭传票');

      await endSession();
      await signIn(page, 'wang.fang');
      await page.waitForSelector('#desk-panel');
      await page.click('#desk-open-deliveries');
      await page.waitForSelector('#publish-case_number');
      assert.equal(await page.inputValue('#publish-case_number'), '', 'another clerk does not see the first one\'s work');
      assert.equal(await page.inputValue('#publish-title'), '');
    } finally {
      await page.close();
    }
  });

  test('signed out by hand, the clerk signs in again to a clean desk', async () => {
    const page = await desk({ staff: CLERK });
    try {
      await page.waitForSelector('#desk-panel');
      await page.click('#desk-open-deliveries');
      await page.fill('#publish-case_number', '(2026)京0105民初1234号');
      await page.click('#sign-out');
      await page.waitForSelector('#sign-in-username');
      await signIn(page, 'li.ming');
      await page.waitForSelector('#desk-panel');
      await page.click('#desk-open-deliveries');
      await page.waitForSelector('#publish-case_number');
      assert.equal(await page.inputValue('#publish-case_number'), '');
    } finally {
      await page.close();
    }
  });

  test('a refused action for the role says so at the desk', async () => {
    const page = await desk({ staff: CLERK, replies: { desk_act: refusal('not_permitted') } });
    try {
      await page.waitForSelector('#desk-panel');
      await page.keyboard.press('F1');
      await page.waitForSelector('#desk-message[data-code="not_permitted"]');
      assert.equal(await page.textContent('#desk-message'), msg('zh-CN', 'error.not_permitted'));
    } finally {
      await page.close();
    }
  });
});
