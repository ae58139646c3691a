// Times as the court's site reads them: in the site's offset from UTC (`terminal_info`'s
// `site_utc_offset_minutes`, the same clock that prints tickets and receipts), whatever time zone
// the PC itself is set to.
import { getLocale } from './i18n';

let offsetMinutes: number | null = null;

/** The site's offset east of UTC, from `terminal_info`. */
export function setSiteOffset(minutes: number): void {
  offsetMinutes = minutes;
}

/**
 * The site's wall clock at `ms` as a date whose UTC fields (`getUTCHours`, ...) are the site's
 * local ones; read it only as UTC. Before `setSiteOffset`, the PC's own offset stands in.
 */
export function siteWallClock(ms: number): Date {
  const offset = offsetMinutes ?? -new Date(ms).getTimezoneOffset();
  return new Date(ms + offset * 60_000);
}

/** `ms` formatted with `options` in the reader's language and the site's time. */
export function siteFormat(ms: number, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(getLocale(), { ...options, timeZone: 'UTC' }).format(siteWallClock(ms));
}
