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
} satisfies Record<ErrorCode, true>;
const ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(KNOWN_CODES));

/** Anything that is not a well-formed ApiError (e.g. a permission-layer string) counts as internal. */
export function toApiError(reason: unknown): ApiError {
  if (typeof reason === 'object' && reason !== null) {
    const { code, message } = reason as Record<string, unknown>;
    if (typeof code === 'string' && ERROR_CODES.has(code)) {
      return { code: code as ErrorCode, message: typeof message === 'string' ? message : '' };
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
