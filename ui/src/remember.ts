// Saves a staff/display language choice on the Rust side and reports problems without blocking.
import type { ApiError, ErrorCode, Locale } from './bindings';
import { getLocale, t, tIn, type MessageKey } from './i18n';
import { call } from './ipc';
import { showNotice } from './shell';

export function errorKey(code: ErrorCode): MessageKey {
  return `error.${code}`;
}

/** Keys for the rule a resident ID number broke, as the terminal names it in `detail`. */
const RESIDENT_ID_RULES: ReadonlySet<string> = new Set([
  'resident_id_wrong_length',
  'resident_id_bad_character',
  'resident_id_bad_check_character',
  'resident_id_not_a_real_date',
  'resident_id_birth_in_future',
  'resident_id_too_old',
  'resident_id_unknown_region',
]);

/** The whole sentence for an error, with its detail (tries left, minutes to wait, the broken rule) filled in. */
export function errorText(error: ApiError, locale: Locale = getLocale()): string {
  let detail = error.detail ?? '';
  if (error.code === 'bad_resident_id') {
    detail = RESIDENT_ID_RULES.has(detail)
      ? tIn(locale, `resident_id.${detail}` as MessageKey)
      : '';
  }
  return tIn(locale, errorKey(error.code), { detail });
}

export async function rememberLocale(locale: Locale): Promise<void> {
  try {
    const saved = await call('set_locale', { locale });
    // A later switch may have happened meanwhile; its own answer will speak for it.
    if (getLocale() === locale && !saved.remembered) showNotice(t('notice.locale_not_remembered'));
  } catch (reason) {
    const { code } = reason as { code: ErrorCode };
    if (getLocale() === locale) showNotice(t('notice.locale_not_saved', { reason: t(errorKey(code)) }));
  }
}
