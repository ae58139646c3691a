// Typed access to the Rust commands; every failure comes back as an ApiError.
import { invoke } from '@tauri-apps/api/core';
import type { ApiError, Commands, ErrorCode } from './bindings';

// `satisfies` makes a code added on the Rust side fail the type check until it is listed here.
const KNOWN_CODES = {
  storage: true,
  internal: true,
  illegal_action: true,
  nothing_waiting: true,
  unknown_ticket: true,
  print_failed: true,
  out_of_numbers: true,
  bad_input: true,
  bad_resident_id: true,
  server_unreachable: true,
  party_not_found: true,
  otp_wrong: true,
  otp_expired: true,
  otp_no_code: true,
  otp_too_many_attempts: true,
  otp_rate_limited: true,
  sms_unavailable: true,
  no_card_reader: true,
  card_unreadable: true,
  card_reader_unavailable: true,
  sign_in_required: true,
  not_permitted: true,
  wrong_credentials: true,
  account_locked: true,
  account_disabled: true,
  offline_not_cached_here: true,
  offline_cache_too_old: true,
  delivery_refused: true,
  no_such_delivery: true,
  document_unsafe: true,
  intake_refused: true,
  scanner_unavailable: true,
  camera_unavailable: true,
  usb_unavailable: true,
  no_such_submission: true,
  item_not_uploaded: true,
  resume_code_wrong: true,
  resume_locked: true,
  no_locker: true,
  locker_full: true,
  locker_door_jammed: true,
  locker_unavailable: true,
  pickup_code_wrong: true,
  pickup_locked: true,
} satisfies Record<ErrorCode, true>;
const ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(KNOWN_CODES));

/** Anything that is not a well-formed ApiError (e.g. a permission-layer string) counts as internal. */
export function toApiError(reason: unknown): ApiError {
  if (typeof reason === 'object' && reason !== null) {
    const { code, message, detail } = reason as Record<string, unknown>;
    if (typeof code === 'string' && ERROR_CODES.has(code)) {
      const error: ApiError = { code: code as ErrorCode, message: typeof message === 'string' ? message : '' };
      if (typeof detail === 'string') error.detail = detail;
      return error;
    }
  }
  return { code: 'internal', message: typeof reason === 'string' ? reason : String(reason) };
}

export async function call<K extends keyof Commands>(
  name: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(name, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}
