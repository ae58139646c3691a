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
  // The end of a visit drops its intake draft too.
  visit_finish: () => {
    scenario.intake_draft = null;
    return { files_deleted: 0 };
  },
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
  // Kiosk intake: the draft lives here for the visit, as Rust keeps it (see intakeDraft below).
  intake_cases: () => scenario.intake_cases ?? { cases: [], offline: false },
  intake_start: ({ case: ref, replaces }) => {
    scenario.intake_draft = { case: ref, replaces, items: [] };
    return draftView();
  },
  intake_draft: () => (scenario.intake_draft ? draftView() : null),
  intake_discard: () => {
    scenario.intake_draft = null;
    return null;
  },
  intake_usb_list: () => scenario.usb ?? { entries: [], truncated: false },
  // A USB entry may carry the test's `pages`, `sha256` and `duplicate` for the item it becomes.
  intake_usb_add: ({ entryId }) => {
    const entry = (scenario.usb?.entries ?? []).find((e) => e.id === entryId) ?? {};
    return addItem({ display_name: entry.name, pages: entry.pages ?? 1, size: entry.size ?? 1000, sha256: entry.sha256, duplicate: entry.duplicate });
  },
  intake_scan: ({ pages }) => {
    const scans = intakeDraft().items.filter((i) => i.display_name.startsWith('scan-')).length;
    return addItem({ display_name: `scan-${scans + 1}.pdf`, pages, size: pages * 150_000, rescannable: true });
  },
  // A photo from the kiosk's camera (`camera: true` in the scenario): a JPEG, named as Rust names it.
  intake_photo: () => {
    const photos = intakeDraft().items.filter((i) => i.display_name.startsWith('photo-')).length;
    return addItem({ display_name: `photo-${photos + 1}.jpg`, pages: 1, size: 180_000, media_type: 'image/jpeg', sha256: `${photos + 7}`.repeat(64) });
  },
  // `intake_item_bytes` maps an item id to base64 bytes (a PDF from the test's PDF writer).
  intake_item: ({ itemId }) => {
    changeItem(itemId, () => undefined);
    return bytesOf(scenario.intake_item_bytes?.[itemId] ?? '');
  },
  // A page scanned again changes the item's content (and so its check code), nothing else.
  intake_rescan_page: ({ itemId, page }) => changeItem(itemId, (item) => {
    if (!item.rescannable) throw { code: 'bad_input', message: 'not a scan', detail: 'not_scanned' };
    if (page < 1 || page > item.pages) throw { code: 'bad_input', message: 'no such page', detail: 'page' };
    item.sha256 = `${item.sha256.startsWith('f') ? 'e' : 'f'}${item.sha256.slice(1)}`;
  }),
  // A saved draft leaves the visit; `intake_saved` keeps it under its code until resumed.
  intake_save_draft: () => {
    const draft = intakeDraft();
    const code = scenario.resume_code ?? '48213907';
    scenario.intake_saved = { ...(scenario.intake_saved ?? {}), [code]: draft };
    scenario.intake_draft = null;
    return {
      code, kept_until_ms: Date.now() + 7 * 86_400_000, kept_until_day: '2026-12-06',
      printed: scenario.intake_print_error === undefined, print_error: scenario.intake_print_error ?? null,
    };
  },
  intake_resume_draft: ({ code }) => {
    const draft = scenario.intake_saved?.[code];
    if (!draft) throw { code: 'resume_code_wrong', message: 'no saved draft of yours has this code', detail: '4' };
    delete scenario.intake_saved[code];
    scenario.intake_draft = draft;
    return draftView();
  },
  intake_set_material: ({ itemId, material }) => changeItem(itemId, (item) => Object.assign(item, { material })),
  intake_remove_item: ({ itemId }) => changeItem(itemId, null),
  intake_resolve_duplicate: ({ itemId, keep }) => changeItem(itemId, keep ? (item) => Object.assign(item, { duplicate: null }) : null),
  intake_submit: () => {
    const { items } = intakeDraft();
    scenario.intake_draft = null;
    return {
      submission_id: 's'.repeat(32), number: scenario.intake_number ?? 'SJ-20261128-K7M3QX', qr_payload: `CDI:${'a'.repeat(32)}`,
      items: items.map(({ item_id, material, display_name, media_type, pages, size, sha256 }) => ({ item_id, material, display_name, media_type, pages, size, sha256 })),
      printed: scenario.intake_print_error === undefined, print_error: scenario.intake_print_error ?? null,
    };
  },
  // `intake_statuses` maps a token (without the CDI: prefix) to a StatusView.
  intake_status: ({ token }) => {
    const status = scenario.intake_statuses?.[token.trim().replace(/^CDI:/, '')];
    if (!status) throw { code: 'no_such_submission', message: 'no submission has this code' };
    return status;
  },
  // The desk's review queue: `intake_queue` (ReviewEntry[]), `intake_submissions` (id to StatusView),
  // `intake_items` (item id to base64 bytes) and `intake_uploads` (id to ItemUpload[]). A decision
  // is kept: the queue read afterwards no longer lists the submission.
  desk_intake_queue: () => scenario.intake_queue ?? [],
  desk_intake_submission: ({ submissionId }) => {
    const status = scenario.intake_submissions?.[submissionId];
    if (!status) throw { code: 'no_such_submission', message: 'no such submission at this site' };
    return status;
  },
  desk_intake_item: ({ itemId }) => bytesOf(scenario.intake_items?.[itemId] ?? ''),
  // `intake_uploads` maps a submission id to its ItemUpload[]; without it the server holds every item.
  desk_intake_uploads: ({ submissionId }) => {
    const uploads = scenario.intake_uploads?.[submissionId];
    if (uploads) return uploads;
    const { submission } = scenario.intake_submissions?.[submissionId] ?? {};
    if (!submission) throw { code: 'no_such_submission', message: 'no such submission at this site' };
    return submission.items.map(({ item_id, size }) => ({ item_id, size, held: size, complete: true }));
  },
  // The kiosk's locker: `locker_state` is what the sensors say ('door_open', 'empty' or 'deposited';
  // a test changes it while the page runs), `locker_compartment` the compartment opened (default 4),
  // `pickup_code` the one code that opens it (default 482913), `locker_print_error` the slip's.
  intake_locker_open: () => {
    scenario.locker_state = 'door_open';
    return { compartment: scenario.locker_compartment ?? 4 };
  },
  intake_locker_deposit: () => {
    const state = scenario.locker_state ?? 'door_open';
    const deposited = state === 'deposited';
    return {
      state, compartment: scenario.locker_compartment ?? 4,
      printed: deposited && scenario.locker_print_error === undefined, print_error: deposited ? scenario.locker_print_error ?? null : null,
    };
  },
  intake_locker_cancel: () => {
    const state = scenario.locker_state ?? 'door_open';
    if (state === 'door_open') return 'door_open';
    if (state === 'deposited') return 'not_empty';
    scenario.locker_state = null;
    return 'released';
  },
  locker_collect: ({ code }) => {
    if (code !== (scenario.pickup_code ?? '482913')) throw { code: 'pickup_code_wrong', message: 'wrong', detail: '4' };
    return { compartment: scenario.locker_compartment ?? 4, submission_number: scenario.intake_number ?? 'SJ-20261128-K7M3QX' };
  },
  desk_intake_locker_slip: () => null,
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

const MATERIAL_TYPES = ['complaint', 'defence', 'evidence', 'id_copy', 'power_of_attorney', 'application', 'other'];

function intakeDraft() {
  if (!scenario.intake_draft) throw { code: 'illegal_action', message: 'no draft', detail: 'no_draft' };
  return scenario.intake_draft;
}

/** The draft as `DraftView`: ready once every item has a material type and no duplicate waits. */
function draftView() {
  const draft = intakeDraft();
  const items = draft.items.map(({ sha256, ...item }) => ({ ...item, short_hash: sha256.slice(0, 8) }));
  const ready = items.length > 0 && items.every((i) => i.material && !i.duplicate);
  return { case: draft.case, replaces: draft.replaces, items, material_types: MATERIAL_TYPES, ready, camera: scenario.camera ?? false };
}

function addItem({ display_name, pages, size, sha256, duplicate, rescannable = false, media_type = 'application/pdf' }) {
  const draft = intakeDraft();
  const n = draft.items.length + 1;
  draft.items.push({
    item_id: `item-${n}`, material: null, display_name, media_type, pages, size,
    sha256: sha256 ?? String(n).repeat(64).slice(0, 64), duplicate: duplicate ?? null, rescannable,
  });
  return draftView();
}

/** Applies `change` to the item, or takes it out of the draft when `change` is null. */
function changeItem(itemId, change) {
  const draft = intakeDraft();
  const item = draft.items.find((i) => i.item_id === itemId);
  if (!item) throw { code: 'bad_input', message: 'no such item', detail: 'item_id' };
  if (change) change(item);
  else draft.items = draft.items.filter((i) => i !== item);
  return draftView();
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
