// The staff calling panel in a real Chromium: what each button and F-key sends to desk_act, when
// they apply, the waiting lists, the error texts, and the board kept current every second.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations, calls, callsOf, clean, pageProblems, screenshot, setReply, setup } from './helpers/app.mjs';
import {
  DESK_CALLED, DESK_IDLE, DESK_NO_RECALLS, DESK_SERVING, HELD, LOCALES, assertSpeaks, deskWith, info, msg,
} from './helpers/scenarios.mjs';

let app;
before(async () => {
  app = await setup();
});
after(() => app?.close());

const SIZE = { width: 1280, height: 800 };
const ACTIONS = ['call_next', 'recall', 'start', 'finish', 'no_show', 'park', 'transfer', 'call_number'];
const KEY = { call_next: 'F1', recall: 'F2', start: 'F3', finish: 'F4', no_show: 'F5', park: 'F6', transfer: 'F7', call_number: 'F8' };

function desk(board, { locale = 'zh-CN', replies = {}, clock } = {}) {
  return app.open({ info: info('staff', locale), desk: board, replies }, { ...SIZE, ...(clock ? { clock } : {}) });
}

const acts = (page) => callsOf(page, 'desk_act');
const message = (page) => page.textContent('#desk-message');

async function enabledActions(page) {
  return page.$$eval('[data-desk-action]', (els) => els.filter((el) => !el.disabled).map((el) => el.dataset.deskAction));
}

/** Waits for the panel to settle after an action and returns the desk_act calls so far. */
async function actedOnce(page, count = 1) {
  await page.waitForFunction((n) => window.__COURTDESK_CALLS__.filter((c) => c.cmd === 'desk_act').length >= n, count);
  return acts(page);
}

describe('the calling panel', () => {
  for (const locale of LOCALES) {
    test(`shows the window, the ticket held and the waiting lists (${locale})`, async () => {
      const page = await desk(DESK_CALLED, { locale });
      try {
        const zh = locale === 'zh-CN';
        assert.equal(await page.textContent('.desk-window'), msg(locale, 'desk.window', { window: '3' }));
        assert.equal(await page.textContent('#desk-current-number'), 'A017');
        const current = await page.innerText('.desk-current');
        assert.ok(current.includes(zh ? '立案登记' : 'Case filing'), current);
        assert.ok(current.includes(msg(locale, 'desk.state.called')), current);
        assert.ok(current.includes(msg(locale, 'desk.recalls_left', { count: '2' })), current);
        const keys = await page.$$eval('[data-desk-action]', (els) => els.map((el) => [el.dataset.deskAction, el.querySelector('kbd').textContent, el.getAttribute('aria-keyshortcuts')]));
        assert.deepEqual(keys, ACTIONS.map((a) => [a, KEY[a], KEY[a]]), 'every action shows its key');
        for (const action of ACTIONS) {
          assert.ok((await page.textContent(`[data-desk-action="${action}"]`)).includes(msg(locale, `desk.action.${action}`)));
        }
        const a017 = await page.innerText('[data-waiting-ticket="t-a017"]');
        assert.ok(a017.includes('A017'), a017);
        assert.ok(a017.includes(msg(locale, 'queue.priority_mark', { kind: msg(locale, 'queue.priority.elderly') })), `priority mark: ${a017}`);
        assert.ok(a017.includes(msg(locale, 'desk.status.ready')), a017);
        assert.ok(a017.includes(msg(locale, 'desk.waited', { minutes: '12' })), a017);
        assert.ok((await page.innerText('[data-waiting-ticket="t-a015"]')).includes(msg(locale, 'desk.status.parked')));
        assert.ok((await page.innerText('[data-waiting-ticket="t-b004"]')).includes(msg(locale, 'desk.mark.transferred')));
        assert.ok((await page.innerText('[data-desk-service="filing"]')).includes(msg(locale, 'desk.waiting_count', { count: '3' })));
        await assertSpeaks(page, locale);
        await screenshot(page, `desk-called-${locale}`);
        await clean(page, 'the panel');

        await page.click('[data-waiting-ticket="t-a018"]');
        await page.keyboard.press('F7');
        await page.waitForSelector('#desk-chooser');
        await assertSpeaks(page, locale);
        await screenshot(page, `desk-transfer-${locale}`);
        await clean(page, 'the panel with a choice open');
      } finally {
        await page.context().close();
      }
    });

    test(`with no ticket held, says how to call one (${locale})`, async () => {
      const page = await desk(DESK_IDLE, { locale });
      try {
        assert.equal(await page.locator('#desk-current-number').count(), 0);
        assert.equal(await page.textContent('.desk-current-none'), msg(locale, 'desk.current.none'));
        await assertSpeaks(page, locale);
        await screenshot(page, `desk-idle-${locale}`);
        await clean(page, 'the idle panel');
      } finally {
        await page.context().close();
      }
    });
  }

  test('buttons apply only when the ticket held allows them', async () => {
    const cases = [
      ['nothing held', DESK_IDLE, ['call_next', 'call_number']],
      ['a called ticket', DESK_CALLED, ['recall', 'start', 'no_show', 'park', 'transfer']],
      ['a ticket being served', DESK_SERVING, ['finish', 'transfer']],
      ['a call recalled to its limit', DESK_NO_RECALLS, ['start', 'no_show']],
    ];
    for (const [name, board, expected] of cases) {
      const page = await desk(board);
      try {
        assert.deepEqual(await enabledActions(page), expected, name);
        // A shortcut whose button is disabled does nothing either.
        for (const action of ACTIONS.filter((a) => !expected.includes(a))) await page.keyboard.press(KEY[action]);
        assert.deepEqual(await acts(page), [], `${name}: disabled shortcuts sent nothing`);
        assert.equal(await page.locator('#desk-chooser').count(), 0, `${name}: no choice opened`);
        assert.equal(await page.isDisabled('#desk-number-submit'), !expected.includes('call_number'), `${name}: call by number`);
      } finally {
        await page.context().close();
      }
    }
    const page = await desk(DESK_NO_RECALLS);
    try {
      assert.equal(await page.textContent('.desk-current-limit'), msg('zh-CN', 'desk.current.limit'));
    } finally {
      await page.context().close();
    }
  });
});

describe('actions', () => {
  const simple = [
    ['call_next', DESK_IDLE],
    ['recall', DESK_CALLED],
    ['start', DESK_CALLED],
    ['no_show', DESK_CALLED],
    ['park', DESK_CALLED],
  ];
  for (const [action, board] of simple) {
    for (const how of ['button', 'key']) {
      test(`${action} by ${how} sends {action: "${action}"}`, async () => {
        const page = await desk(board);
        try {
          if (how === 'button') await page.click(`[data-desk-action="${action}"]`);
          else await page.keyboard.press(KEY[action]);
          assert.deepEqual(await actedOnce(page), [{ action: { action } }]);
        } finally {
          await page.context().close();
        }
      });
    }
  }

  test('call next shows the ticket it called, and the done messages name the ticket', async () => {
    const replies = {
      desk_act: { sequence: [{ resolve: DESK_CALLED }, { resolve: DESK_SERVING }, { resolve: DESK_IDLE }] },
      desk_board: { sequence: [{ resolve: DESK_IDLE }, { resolve: DESK_CALLED }] },
    };
    const page = await desk(DESK_IDLE, { locale: 'en', replies });
    try {
      await page.keyboard.press('F1');
      await page.waitForSelector('#desk-current-number');
      assert.equal(await page.textContent('#desk-current-number'), 'A017');
      assert.deepEqual(await enabledActions(page), ['recall', 'start', 'no_show', 'park', 'transfer']);
      await setReply(page, 'desk_board', { resolve: DESK_SERVING });
      await page.keyboard.press('F3');
      await page.waitForFunction(() => document.querySelector('.desk-current')?.dataset.state === 'serving');
      await setReply(page, 'desk_board', { resolve: DESK_IDLE });
      await page.keyboard.press('F4');
      await page.click('[data-outcome="done"]');
      await page.waitForFunction(() => !document.getElementById('desk-current-number'));
      assert.equal(await message(page), msg('en', 'desk.done.finish', { number: 'A017' }));
      assert.equal(await page.getAttribute('#desk-message', 'data-kind'), 'done');
    } finally {
      await page.context().close();
    }
  });

  for (const how of ['button', 'key']) {
    test(`finish by ${how} asks for the outcome, then sends it`, async () => {
      const page = await desk(DESK_SERVING);
      try {
        if (how === 'button') await page.click('[data-desk-action="finish"]');
        else await page.keyboard.press('F4');
        const outcomes = await page.$$eval('[data-outcome]', (els) => els.map((el) => [el.dataset.outcome, el.textContent]));
        assert.deepEqual(outcomes, ['done', 'referred', 'incomplete'].map((o) => [o, msg('zh-CN', `desk.outcome.${o}`)]));
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.outcome), 'done', 'focus on the first outcome');
        assert.deepEqual(await acts(page), [], 'nothing sent before an outcome is chosen');
        await page.click('[data-outcome="referred"]');
        assert.deepEqual(await actedOnce(page), [{ action: { action: 'finish', outcome: 'referred' } }]);
      } finally {
        await page.context().close();
      }
    });
  }

  test('Escape or Cancel closes the outcome choice without sending anything', async () => {
    const page = await desk(DESK_SERVING);
    try {
      await page.keyboard.press('F4');
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('#desk-chooser').count(), 0);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.deskAction), 'finish', 'focus back on Finish');
      await page.click('[data-desk-action="finish"]');
      await page.click('[data-chooser-cancel]');
      assert.equal(await page.locator('#desk-chooser').count(), 0);
      assert.deepEqual(await acts(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('transfer by F7 lists every service and sends the one chosen, with an optional window', async () => {
    const page = await desk(DESK_CALLED);
    try {
      await page.keyboard.press('F7');
      const services = await page.$$eval('[data-transfer-service]', (els) => els.map((el) => el.dataset.transferService));
      assert.deepEqual(services, DESK_CALLED.all_services.map((s) => s.id));
      await page.click('[data-transfer-service="enquiry"]');
      assert.deepEqual(await actedOnce(page), [{ action: { action: 'transfer', service: 'enquiry', window: null } }]);

      await page.click('[data-desk-action="transfer"]');
      await page.fill('#desk-transfer-window', '5');
      await page.click('[data-transfer-service="materials"]');
      const sent = await actedOnce(page, 2);
      assert.deepEqual(sent[1], { action: { action: 'transfer', service: 'materials', window: 5 } });

      await page.click('[data-desk-action="transfer"]');
      await page.fill('#desk-transfer-window', '0');
      await page.click('[data-transfer-service="materials"]');
      assert.equal(await message(page), msg('zh-CN', 'desk.transfer.bad_window'));
      assert.equal((await acts(page)).length, 2, 'a bad window number is not sent');
    } finally {
      await page.context().close();
    }
  });

  test('call by number: F8 goes to the field, and what is typed is sent as a ticket number', async () => {
    const page = await desk(DESK_IDLE);
    try {
      await page.keyboard.press('F8');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'desk-number');
      await page.keyboard.type('a17');
      await page.keyboard.press('Enter');
      assert.deepEqual(await actedOnce(page), [{ action: { action: 'call_number', number: 'A017' } }]);
      assert.equal(await page.inputValue('#desk-number'), '', 'the field is cleared once called');

      await page.fill('#desk-number', 'B004');
      await page.click('[data-desk-action="call_number"]');
      assert.deepEqual((await actedOnce(page, 2))[1], { action: { action: 'call_number', number: 'B004' } });

      await page.click('#desk-number-submit');
      assert.equal(await message(page), msg('zh-CN', 'desk.number.empty'));
      assert.equal((await acts(page)).length, 2, 'an empty number is not sent');
    } finally {
      await page.context().close();
    }
  });

  test('a waiting ticket offers "call this ticket"; a parked one offers "resume"', async () => {
    const page = await desk(DESK_IDLE);
    try {
      await page.click('[data-waiting-ticket="t-a018"]');
      assert.equal(await page.getAttribute('[data-waiting-ticket="t-a018"]', 'aria-expanded'), 'true');
      assert.equal(await page.textContent('[data-ticket-call="t-a018"]'), msg('zh-CN', 'desk.call_this', { number: 'A018' }));
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.ticketCall), 't-a018', 'focus on the offer');
      await page.keyboard.press('Enter');
      assert.deepEqual(await actedOnce(page), [{ action: { action: 'call', ticket_id: 't-a018' } }]);

      await page.click('[data-waiting-ticket="t-a015"]');
      assert.equal(await page.textContent('[data-ticket-resume="t-a015"]'), msg('zh-CN', 'desk.resume', { number: 'A015' }));
      await page.click('[data-ticket-resume="t-a015"]');
      assert.deepEqual((await actedOnce(page, 2))[1], { action: { action: 'resume', ticket_id: 't-a015' } });
      assert.equal(await message(page), msg('zh-CN', 'desk.done.resume', { number: 'A015' }));
    } finally {
      await page.context().close();
    }
  });

  test('while a ticket is held, "call this ticket" is disabled and says why; resume still works', async () => {
    const page = await desk(DESK_CALLED);
    try {
      await page.click('[data-waiting-ticket="t-a018"]');
      assert.equal(await page.isDisabled('[data-ticket-call="t-a018"]'), true);
      assert.equal(await page.textContent('.desk-pick .desk-hint'), msg('zh-CN', 'desk.call_busy'));
      await page.click('[data-waiting-ticket="t-a015"]');
      assert.equal(await page.isDisabled('[data-ticket-resume="t-a015"]'), false);
    } finally {
      await page.context().close();
    }
  });

  test('F5 is claimed by the desk, so it cannot reload the page, even when no-show does not apply', async () => {
    const page = await desk(DESK_IDLE);
    try {
      // The window hears the key after the desk's own listener on the document.
      await page.evaluate(() => {
        window.addEventListener('keydown', (e) => { window.__seen = [e.key, e.defaultPrevented]; }, { once: true });
      });
      await page.keyboard.press('F5');
      assert.deepEqual(await page.evaluate(() => window.__seen), ['F5', true]);
      assert.deepEqual(await acts(page), []);
    } finally {
      await page.context().close();
    }
  });
});

describe('errors', () => {
  const cases = [
    ['nothing_waiting', DESK_IDLE, (page) => page.keyboard.press('F1'), 'desk.error.nothing_waiting'],
    ['illegal_action', DESK_CALLED, (page) => page.keyboard.press('F3'), 'desk.error.illegal_action'],
    ['unknown_ticket', DESK_IDLE, (page) => page.fill('#desk-number', 'A099').then(() => page.press('#desk-number', 'Enter')), 'desk.error.unknown_ticket'],
    ['bad_input', DESK_IDLE, (page) => page.fill('#desk-number', '17').then(() => page.press('#desk-number', 'Enter')), 'desk.error.bad_number'],
    ['storage', DESK_CALLED, (page) => page.keyboard.press('F2'), 'error.storage'],
    ['internal', DESK_CALLED, (page) => page.keyboard.press('F2'), 'desk.error.other'],
  ];
  for (const locale of LOCALES) {
    for (const [code, board, trigger, key] of cases) {
      test(`${code} shows its text and refreshes the board (${locale})`, async () => {
        const page = await desk(board, { locale, replies: { desk_act: { reject: { code, message: 'raw detail' } } } });
        try {
          await trigger(page);
          await page.waitForFunction(() => document.getElementById('desk-message')?.dataset.kind === 'error');
          assert.equal(await message(page), msg(locale, key));
          assert.equal(await page.getAttribute('#desk-message', 'data-code'), code);
          // Polls wait while an action is out, so the read right after the refusal is the refresh.
          const order = (await calls(page)).map((c) => c.cmd).filter((c) => c.startsWith('desk_'));
          assert.equal(order[order.indexOf('desk_act') + 1], 'desk_board', `the board was read again: ${order}`);
          assert.ok(!(await page.innerText('body')).includes('raw detail'));
          if (code === 'illegal_action') {
            await screenshot(page, `desk-error-${locale}`);
            await clean(page, 'an error');
          }
        } finally {
          await page.context().close();
        }
      });
    }
  }

  test('the message follows a language switch', async () => {
    const page = await desk(DESK_IDLE, { replies: { desk_act: { reject: { code: 'nothing_waiting', message: '' } } } });
    try {
      await page.keyboard.press('F1');
      await page.waitForFunction(() => document.getElementById('desk-message')?.dataset.kind === 'error');
      await page.click('#lang-switch');
      await page.waitForFunction((text) => document.getElementById('desk-message')?.textContent === text, msg('en', 'desk.error.nothing_waiting'));
      await assertSpeaks(page, 'en');
    } finally {
      await page.context().close();
    }
  });

  test('an unreadable board says so, and the panel fills in once it can be read', async () => {
    const replies = { desk_board: { reject: { code: 'storage', message: 'x' }, times: 1, resolve: DESK_CALLED } };
    const page = await desk(DESK_CALLED, { replies });
    try {
      assert.equal(await message(page), msg('zh-CN', 'desk.unreadable'));
      await page.waitForSelector('#desk-current-number', { timeout: 3000 });
    } finally {
      await page.context().close();
    }
  });
});

describe('polling', () => {
  const START = new Date('2026-11-28T10:00:00+08:00');

  test('reads desk_board every second and shows what changed', async () => {
    const page = await desk(DESK_IDLE, { clock: START });
    try {
      const first = (await callsOf(page, 'desk_board')).length;
      await page.clock.runFor(3_000);
      const reads = (await callsOf(page, 'desk_board')).length - first;
      assert.ok(reads >= 3 && reads <= 4, `${reads} reads in 3 s`);
      await setReply(page, 'desk_board', { resolve: DESK_CALLED });
      await page.clock.runFor(1_000);
      await page.waitForSelector('#desk-current-number');
      assert.equal(await page.textContent('#desk-current-number'), 'A017');
    } finally {
      await page.context().close();
    }
  });

  test('does not read while the screen is hidden', async () => {
    const page = await desk(DESK_IDLE, { clock: START });
    try {
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      });
      const before = (await callsOf(page, 'desk_board')).length;
      await page.clock.runFor(3_000);
      assert.equal((await callsOf(page, 'desk_board')).length, before);
    } finally {
      await page.context().close();
    }
  });

  test('a new board keeps focus and what is being typed', async () => {
    const page = await desk(DESK_CALLED, { clock: START });
    try {
      await page.focus('[data-desk-action="recall"]');
      const moved = deskWith({ ...HELD, recalls: 1, recalls_left: 1 });
      moved.services = [{ ...moved.services[0], waiting: moved.services[0].waiting.slice(1) }, moved.services[1]];
      await setReply(page, 'desk_board', { resolve: moved });
      await page.clock.runFor(1_100);
      await page.waitForFunction(() => !document.querySelector('[data-waiting-ticket="t-a017"]'));
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.deskAction), 'recall');

      await page.keyboard.press('F7');
      await page.click('#desk-transfer-window');
      await page.keyboard.type('1');
      await setReply(page, 'desk_board', { resolve: DESK_CALLED });
      await page.clock.runFor(1_100);
      await page.waitForSelector('[data-waiting-ticket="t-a017"]');
      await page.keyboard.type('2');
      assert.equal(await page.inputValue('#desk-transfer-window'), '12', 'typing carried on through the redraw');
    } finally {
      await page.context().close();
    }
  });
});

describe('reprinting a slip', () => {
  for (const locale of LOCALES) {
    test(`sends the number, says it printed, and says what to do when it cannot (${locale})`, async () => {
      const page = await desk(DESK_IDLE, {
        locale,
        replies: {
          desk_reprint: {
            sequence: [
              { resolve: null },
              { reject: { code: 'print_failed', message: 'x', detail: 'no_printer' } },
              { reject: { code: 'unknown_ticket', message: 'x' } },
            ],
          },
        },
      });
      try {
        await page.click('#desk-reprint-submit');
        assert.equal(await page.getAttribute('#desk-reprint-message', 'data-code'), 'bad_input');
        assert.deepEqual(await callsOf(page, 'desk_reprint'), [], 'an empty number sends nothing');
        await page.fill('#desk-reprint-number', 'a017');
        await page.click('#desk-reprint-submit');
        await page.waitForSelector('#desk-reprint-message[data-kind="done"]');
        assert.deepEqual(await callsOf(page, 'desk_reprint'), [{ number: 'A017' }]);
        assert.equal(await page.textContent('#desk-reprint-message'), msg(locale, 'desk.reprint.done', { number: 'A017' }));
        assert.equal(await page.inputValue('#desk-reprint-number'), '');
        await page.fill('#desk-reprint-number', 'A017');
        await page.click('#desk-reprint-submit');
        await page.waitForSelector('#desk-reprint-message[data-code="print_failed"]');
        assert.equal(await page.textContent('#desk-reprint-message'), msg(locale, 'desk.reprint.no_printer'));
        await page.click('#desk-reprint-submit');
        await page.waitForSelector('#desk-reprint-message[data-code="unknown_ticket"]');
        assert.equal(await page.textContent('#desk-reprint-message'), msg(locale, 'error.unknown_ticket'));
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(await pageProblems(page), []);
      } finally {
        await page.close();
      }
    });
  }
});
