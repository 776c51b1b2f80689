/**
 * Whether a permalink is a web address (http or https). Permalinks come from pages, import files
 * and the team database; only web addresses are linked to (never `javascript:`, `data:` or an
 * extension's own pages) or taken from a page as a thread's.
 */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
