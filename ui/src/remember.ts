// Saves a staff/display language choice on the Rust side and reports problems without blocking.
import type { ErrorCode, Locale } from './bindings';
import { getLocale, t, type MessageKey } from './i18n';
import { call } from './ipc';
import { showNotice } from './shell';

export function errorKey(code: ErrorCode): MessageKey {
  return `error.${code}`;
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
