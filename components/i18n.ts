/**
 * UI strings come from `_locales` through browser.i18n. Where that API is missing (unit tests,
 * the command line) the English catalogue is used, so a string is never blank.
 */
import en from '../public/_locales/en/messages.json';

type Catalogue = Record<string, { message: string }>;
const fallback = en as Catalogue;

/** The localised string for `key`, with `$1`… replaced by `subs`. */
export function t(key: string, ...subs: Array<string | number>): string {
  const g = globalThis as { chrome?: { i18n?: { getMessage(k: string, s?: string[]): string } } };
  let text = '';
  try {
    text = g.chrome?.i18n?.getMessage(key, subs.map(String)) ?? '';
  } catch {
    text = '';
  }
  if (!text) {
    text = fallback[key]?.message ?? key;
    subs.forEach((s, i) => (text = text.split('$' + (i + 1)).join(String(s))));
  }
  return text;
}
