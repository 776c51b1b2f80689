/**
 * UI strings come from `_locales` through browser.i18n. Where that API is missing (unit tests,
 * the command line) a catalogue given to `setFallbackCatalogue` is used, so a string is never
 * blank. The catalogue is not imported here: it would add every UI string to the content script.
 */

type Catalogue = Record<string, { message: string }>;
let fallback: Catalogue = {};
let fallbackLanguage = '';

/**
 * Sets the strings used where browser.i18n is unavailable (tests and Node tools pass English),
 * and optionally their language (for plural rules and dates; tests of the German strings pass 'de').
 */
export function setFallbackCatalogue(catalogue: Catalogue, language = ''): void {
  fallback = catalogue;
  fallbackLanguage = language;
}

interface ChromeI18n {
  getMessage(k: string, s?: string[]): string;
  getUILanguage?(): string;
}
const api = (): ChromeI18n | undefined => (globalThis as { chrome?: { i18n?: ChromeI18n } }).chrome?.i18n;

const translated = new Map<string, string>();

/** The localised string for `key`, with `$1`… replaced by `subs`. */
export function t(key: string, ...subs: Array<string | number>): string {
  // The browser's strings do not change while a page is open; asking again costs (a page of
  // badges asks for the same few strings many times).
  const memo = key + '\u0000' + subs.join('\u0001');
  const known = translated.get(memo);
  if (known !== undefined) return known;
  let text = '';
  try {
    text = api()?.getMessage(key, subs.map(String)) ?? '';
  } catch {
    text = '';
  }
  if (text) {
    if (translated.size > 500) translated.clear(); // strings with ever new substitutions
    translated.set(memo, text);
  }
  if (!text) {
    text = fallback[key]?.message ?? key;
    subs.forEach((s, i) => (text = text.split('$' + (i + 1)).join(String(s))));
  }
  return text;
}

/** The language the strings are shown in, so dates and numbers match the words around them. */
export function uiLanguage(): string {
  try {
    return api()?.getUILanguage?.() || fallbackLanguage || navigator.language || 'en';
  } catch {
    return 'en';
  }
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The localised string for a count: `key_one`, `key_other` (and any other category the
 * language's `Intl.PluralRules` names, e.g. `key_few`), falling back to `key_other`. `_locales`
 * has no plural syntax of its own, so each form is a message. `subs` default to the count alone.
 */
export function tn(key: string, count: number, ...subs: Array<string | number>): string {
  const language = uiLanguage();
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  const args = subs.length > 0 ? subs : [count];
  const exact = `${key}_${rules.select(count)}`;
  const text = t(exact, ...args);
  return text === exact ? t(`${key}_other`, ...args) : text;
}

// Formatters are costly to make and the language does not change while a page is open: a table
// of dates would otherwise make one per cell.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${uiLanguage()} ${options.dateStyle} ${options.timeStyle}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(uiLanguage(), options)));
  return format;
}

/** A point in time as a short local date and time ("3 Jan 2026, 14:05"). */
export function formatTime(ms: number): string {
  // A time Date cannot represent (a record stored before times were bounded) reads as "?".
  return Number.isNaN(new Date(ms).getTime()) ? '?' : dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A calendar day (YYYY-MM-DD, as stored) in the local long form, without time-zone shifts. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return dateFormat({ dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

/** A byte count as "1.2 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(uiLanguage(), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
