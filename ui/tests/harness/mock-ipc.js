// Page-side stand-in for the Rust commands: answers from a scenario and records every call.
import { mockIPC } from '@tauri-apps/api/mocks';
import { COMMANDS_BY_MODE } from '../../src/bindings.ts';

const scenario = window.__COURTDESK_SCENARIO__ ?? {};
const calls = [];
// How often each reply has been used, so a reply swapped in later starts its count afresh.
const answered = new WeakMap();
window.__COURTDESK_CALLS__ = calls;

// A terminal that was never enrolled with a court server.
const NOT_ENROLLED = { enrolled: false, online: false, draining: false, backlog: 0, last_success_ms: null, last_error_code: null };
const NO_DESK = { window: 1, services: [], current: null, all_services: [], conflicts: 0 };
const NO_HALL = { site_name: '诉讼服务中心', windows: [], recent: [], waiting: [], announce: [] };
// Signed in unless a scenario says otherwise (`staff: null` starts at the sign-in screen).
const CLERK = { username: 'li.ming', display_name: '李明', role: 'clerk', offline: false, idle_minutes: 10 };
const VISITOR = { masked_id: '110***********002X', display_name: '王小明', method: 'resident_id_otp' };

const defaults = {
  terminal_info: () => scenario.info,
  kiosk_services: () => scenario.tiles ?? [],
  set_locale: () => ({ remembered: true }),
  sync_status: () => scenario.sync ?? NOT_ENROLLED,
  sync_now: () => scenario.sync ?? NOT_ENROLLED,
  queue_offer: () => scenario.offers ?? [],
  take_ticket: () => ({ outcome: 'issued', ticket: scenario.ticket }),
  desk_board: () => scenario.desk ?? NO_DESK,
  desk_act: () => scenario.desk ?? NO_DESK,
  // Kept, as the terminal keeps it: the boards read afterwards show the new choice.
  desk_setup: ({ window, services }) => {
    scenario.desk = setUp(scenario.desk ?? NO_DESK, window, services);
    return scenario.desk;
  },
  desk_book_appointment: ({ service, slot }) => ({
    code: scenario.booking_code ?? '204617',
    service: (scenario.desk ?? NO_DESK).all_services.find((s) => s.id === service) ?? { id: service, prefix: '?', name_zh: service, name_en: service },
    slot: `${scenario.today ?? '2026-11-28'} ${slot}`,
  }),
  check_in: () => ({ outcome: 'issued', ticket: scenario.ticket }),
  hall_board: () => scenario.hall ?? NO_HALL,
  staff_current: () => (scenario.staff === undefined ? CLERK : scenario.staff),
  staff_sign_in: ({ username }) => {
    scenario.staff = { ...(scenario.signs_in_as ?? CLERK), username };
    return scenario.staff;
  },
  staff_sign_out: () => {
    scenario.staff = null;
    return null;
  },
  desk_reprint: () => null,
  identity_request_code: () => ({ masked_phone: '139****5678', valid_for_seconds: 300 }),
  identity_verify_code: () => scenario.visitor ?? VISITOR,
  identity_read_card: () => scenario.card ?? null,
  identity_current: () => scenario.current_visitor ?? null,
  visit_finish: () => ({ files_deleted: 0 }),
  delivery_list: () => scenario.deliveries ?? { deliveries: [], offline: false },
  // The scenario holds each document's bytes as base64 (it travels as JSON); Rust answers with the raw bytes.
  delivery_document: ({ sha256 }) => bytesOf(scenario.documents?.[sha256] ?? ''),
  delivery_event: ({ deliveryId, event }) => evidence(deliveryId, event.event),
  delivery_print: ({ deliveryId }) => ({ evidence: evidence(deliveryId, 'printed'), documents: 1, stamped: true, receipt_qr: true }),
  desk_deliveries: () => ({ deliveries: scenario.desk_deliveries ?? [] }),
  desk_publish_delivery: ({ form }) => ({
    delivery_id: `d-${form.request_id}`, case_number: form.case_number, title: form.title, kind: form.kind, method: form.method,
    state: 'published', published_ms: Date.now(), deadline_ms: Date.parse(`${form.deadline_date}T23:59:59+08:00`),
    masked_resident_id: `${form.resident_id.slice(0, 3)}***********${form.resident_id.slice(-4)}`,
    documents: form.documents.map((d) => ({ name: d.name, sha256: '0'.repeat(64), size: d.content_base64.length })),
    paper_due: form.method === 'paper',
  }),
  desk_print_paper: () => ({ files: 2 }),
  // The desk's review queue: `intake_queue` (ReviewEntry[]), `intake_submissions` (id to StatusView)
  // and `intake_items` (item id to base64 bytes). A decision is kept: the queue read afterwards
  // no longer lists the submission.
  desk_intake_queue: () => scenario.intake_queue ?? [],
  desk_intake_submission: ({ submissionId }) => {
    const status = scenario.intake_submissions?.[submissionId];
    if (!status) throw { code: 'no_such_submission', message: 'no such submission at this site' };
    return status;
  },
  desk_intake_item: ({ itemId }) => bytesOf(scenario.intake_items?.[itemId] ?? ''),
  desk_intake_decide: ({ submissionId, decision }) => {
    const { submission } = scenario.intake_submissions?.[submissionId] ?? {};
    if (!submission) throw { code: 'no_such_submission', message: 'no such submission at this site' };
    scenario.intake_queue = (scenario.intake_queue ?? []).filter((e) => e.submission_id !== submissionId);
    const status = { accept: 'accepted', return: 'returned', forward: 'forwarded' }[decision.decision];
    return { ...submission, status, decision: { decision, clerk: CLERK.username, decided_at_ms: Date.now() } };
  },
};

function bytesOf(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
}

/** The court's countersignature comes at once unless the scenario is offline. */
function evidence(delivery_id, event) {
  const countersigned = !scenario.deliveries?.offline;
  return {
    delivery_id, event, seq: 1, evidence_sha256: 'e'.repeat(64), countersigned,
    qr_payload: countersigned ? 'CD1:evidence' : null, delivery_state: countersigned && event !== 'printed' && event !== 'opened' ? event : null,
  };
}

/** The board after `desk_setup`: the chosen window, calling the chosen services (their lists kept). */
function setUp(board, window, services) {
  const lists = services.map((id) => board.services.find((s) => s.service.id === id)
    ?? { service: board.all_services.find((s) => s.id === id), waiting: [] });
  return { ...board, window, services: lists };
}

/** Counts one more use of `reply` and returns how many there have been. */
function use(reply) {
  const count = (answered.get(reply) ?? 0) + 1;
  answered.set(reply, count);
  return count;
}

/**
 * The reply for this call of `cmd`, and how many times it has been given. A reply is `{resolve}`
 * or `{reject, times?}`, with an optional `delayMs`; `{sequence: [reply, ...]}` gives each call
 * the next one and repeats the last. Tests may swap `window.__COURTDESK_SCENARIO__.replies` while
 * the page runs.
 */
function replyFor(cmd) {
  const reply = scenario.replies?.[cmd];
  if (!reply) return [undefined, 0];
  if (!reply.sequence) return [reply, use(reply)];
  const step = reply.sequence[Math.min(use(reply), reply.sequence.length) - 1];
  return [step, use(step)];
}

mockIPC(async (cmd, args) => {
  calls.push({ cmd, args: JSON.parse(JSON.stringify(args ?? {})) });
  const mode = scenario.info?.mode;
  if (!(cmd in defaults) || (mode && !COMMANDS_BY_MODE[mode].includes(cmd))) {
    // Tauri's permission layer rejects with a plain string, not an ApiError.
    throw `Command ${cmd} not allowed by ACL`;
  }
  const [reply, count] = replyFor(cmd);
  if (reply?.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  // `times` limits a rejection to the first n calls, so a retry can succeed.
  if (reply && 'reject' in reply && count <= (reply.times ?? Infinity)) throw reply.reject;
  if (reply && 'resolve' in reply) return reply.resolve;
  return defaults[cmd](args ?? {});
});
