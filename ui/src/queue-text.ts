// How the queue screens word services, waits, times and the reasons a service is not dispensing.
import type { DispenseView, Priority, ServiceName } from './bindings';
import { getLocale, t, type MessageKey } from './i18n';

/** Service names come from the hall's settings in both languages, not from the catalogs. */
export function serviceName(service: ServiceName): string {
  return getLocale() === 'zh-CN' ? service.name_zh : service.name_en;
}

/**
 * An estimated wait: "约 12 分钟" / "about 12 min". Early in the day there is no estimate yet; with
 * no one ahead there is nothing to wait for anyway.
 */
export function waitText(minutes: number | null, ahead: number): string {
  if (minutes === 0 || (minutes === null && ahead === 0)) return t('queue.wait_none');
  if (minutes === null) return t('queue.wait_unknown');
  return t('queue.wait', { minutes: String(minutes) });
}

export function priorityText(priority: Priority): string {
  return priority === 'normal' ? '' : t('queue.priority_mark', { kind: t(`queue.priority.${priority}`) });
}

const DAY_MS = 86_400_000;

/**
 * A site-local `YYYY-MM-DD HH:MM` said the way people say it: "今天 14:00", "明天 08:30", or with
 * the date further out. The kiosk's own clock decides what today is; it runs on the hall's time.
 */
export function siteTime(text: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(text);
  if (!parts) return text;
  const [, year = '', month = '', date = '', time = ''] = parts;
  const day = new Date(Number(year), Number(month) - 1, Number(date));
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const ahead = Math.round((day.getTime() - today.getTime()) / DAY_MS);
  if (ahead === 0) return t('time.today', { time });
  if (ahead === 1) return t('time.tomorrow', { time });
  const when = new Intl.DateTimeFormat(getLocale(), { month: 'long', day: 'numeric', weekday: 'short' }).format(day);
  return t('time.date', { date: when, time });
}

/**
 * Why a service does not dispense, in the short form (`offer`, for the services list) or as a
 * full sentence with what to do next (`stop`, after a refused take).
 */
export function dispenseText(dispense: DispenseView, form: 'offer' | 'stop'): string {
  const key = (name: string): MessageKey => `queue.${form}.${name}` as MessageKey;
  switch (dispense.state) {
    case 'open':
      return '';
    case 'closed':
      return dispense.reopens
        ? t(key('closed_until'), { time: siteTime(dispense.reopens) })
        : t(key('closed'));
    case 'quota_reached':
      return dispense.next_open
        ? t(key('quota_until'), { time: siteTime(dispense.next_open) })
        : t(key('quota'));
    case 'locked':
      return t(key('locked'));
  }
}
