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

/** The court server's reasons for refusing a delivery request, as the terminal passes them in `detail`. */
const DELIVERY_REFUSALS: ReadonlySet<string> = new Set([
  'invalid_request_id', 'request_id_reused', 'invalid_case_number', 'invalid_title', 'invalid_resident_id',
  'invalid_phone', 'party_not_on_file', 'phone_mismatch', 'party_not_at_site', 'invalid_site', 'wrong_site',
  'no_documents', 'too_many_documents', 'invalid_document_name', 'duplicate_document_name', 'invalid_base64',
  'not_a_pdf', 'document_too_large', 'consent_required', 'invalid_deadline', 'deadline_in_past',
  'party_ref_invalid', 'unknown_delivery', 'unknown_document', 'evidence_malformed', 'terminal_signature_invalid',
  'terminal_key_not_enrolled', 'document_hash_mismatch', 'chain_broken', 'wrong_party', 'delivery_closed',
  'delivery_expired', 'not_electronic', 'not_due_for_paper', 'cover_sheet_failed', 'card_reader_not_registered',
  'card_read_invalid',
]);

/** The whole sentence for an error, with its detail (tries left, minutes to wait, the broken rule) filled in. */
export function errorText(error: ApiError, locale: Locale = getLocale()): string {
  let detail = error.detail ?? '';
  if (error.code === 'bad_resident_id') {
    detail = RESIDENT_ID_RULES.has(detail)
      ? tIn(locale, `resident_id.${detail}` as MessageKey)
      : '';
  } else if (error.code === 'delivery_refused') {
    // A reason this version does not know still gets a sentence that says what to do.
    detail = tIn(locale, `delivery_refusal.${DELIVERY_REFUSALS.has(detail) ? detail : 'unknown'}` as MessageKey);
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
