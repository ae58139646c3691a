// Times as the court's site reads them: in the site's offset from UTC (`terminal_info`'s
// `site_utc_offset_minutes`, the same clock that prints tickets and receipts), whatever time zone
// the PC itself is set to.
import { getLocale } from './i18n';

let offsetMinutes: number | null = null;

/** The site's offset east of UTC, from `terminal_info`. */
export function setSiteOffset(minutes: number): void {
  offsetMinutes = minutes;
}

/** `ms` formatted with `options` in the reader's language and the site's time. */
export function siteFormat(ms: number, options: Intl.DateTimeFormatOptions): string {
  if (offsetMinutes === null) return new Intl.DateTimeFormat(getLocale(), options).format(ms);
  // Shifted by the offset and read as UTC: the wall clock at the site.
  return new Intl.DateTimeFormat(getLocale(), { ...options, timeZone: 'UTC' }).format(ms + offsetMinutes * 60_000);
}
