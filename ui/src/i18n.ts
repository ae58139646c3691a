// Message catalogs and the current UI language; every visible string goes through t().
import type { Locale } from './bindings';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

export type MessageKey = keyof typeof zhCN;
type Params = Readonly<Record<string, string>>;

// Typing both catalogs against the Chinese keys makes a missing English entry a type error.
const catalogs: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  'zh-CN': zhCN,
  en,
};

let current: Locale = 'zh-CN';

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale;
}

export function otherLocale(locale: Locale = current): Locale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(catalogs, value);
}

/** A message in a given language, for text that must stay in that language (e.g. its own name). */
export function tIn(locale: Locale, key: MessageKey, params?: Params): string {
  const text = catalogs[locale][key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole) : text;
}

export function t(key: MessageKey, params?: Params): string {
  return tIn(current, key, params);
}
