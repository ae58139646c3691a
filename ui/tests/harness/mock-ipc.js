// Page-side stand-in for the Rust commands: answers from a scenario and records every call.
import { mockIPC } from '@tauri-apps/api/mocks';
import { COMMANDS_BY_MODE } from '../../src/bindings.ts';

const scenario = window.__COURTDESK_SCENARIO__ ?? {};
const calls = [];
const answered = {};
window.__COURTDESK_CALLS__ = calls;

// A terminal that was never enrolled with a court server.
const NOT_ENROLLED = { enrolled: false, online: false, draining: false, backlog: 0, last_success_ms: null, last_error_code: null };

const defaults = {
  terminal_info: () => scenario.info,
  kiosk_services: () => scenario.tiles ?? [],
  set_locale: () => ({ remembered: true }),
  sync_status: () => scenario.sync ?? NOT_ENROLLED,
  sync_now: () => scenario.sync ?? NOT_ENROLLED,
};

mockIPC(async (cmd, args) => {
  calls.push({ cmd, args: JSON.parse(JSON.stringify(args ?? {})) });
  const mode = scenario.info?.mode;
  if (!(cmd in defaults) || (mode && !COMMANDS_BY_MODE[mode].includes(cmd))) {
    // Tauri's permission layer rejects with a plain string, not an ApiError.
    throw `Command ${cmd} not allowed by ACL`;
  }
  const reply = scenario.replies?.[cmd];
  answered[cmd] = (answered[cmd] ?? 0) + 1;
  if (reply?.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  // `times` limits a rejection to the first n calls, so a retry can succeed.
  if (reply && 'reject' in reply && answered[cmd] <= (reply.times ?? Infinity)) throw reply.reject;
  if (reply && 'resolve' in reply) return reply.resolve;
  return defaults[cmd]();
});
