/**
 * Names the extension's contexts share outside messages. Kept here, low in the house, so that
 * the background, the extension pages and the content script agree without importing each other.
 */

const SELECTION_PREFIX = 'selection:';

/**
 * Storage key (storage.session) of the thread selected in a tab's side panel: the background
 * (badge click, context menu, command) and the popup write it, the side panel reads and follows it.
 */
export function selectionKey(tabId: number): string {
  return SELECTION_PREFIX + tabId;
}

/**
 * Global set in the content script's world before it is injected (services/shared/annotate-page.ts):
 * start in whole-page mode ("Annotate this page"). The content script reads and clears it.
 */
export const ANNOTATE_PAGE_FLAG = '__donenessAnnotatePage';

/**
 * Global of the content script's running instance in the page's extension world
 * (content/start.ts, every family's script): the lazily injected picker script finds it there.
 */
export const CONTENT_GLOBAL = '__donenessContentScript';

/** Global the picker script (entrypoints/picker.ts) sets when injected: re-anchoring and the picker. */
export const PICKER_GLOBAL = '__donenessPicker';

/** Path of the built picker script (WXT names an unlisted script after its file). */
export const PICKER_SCRIPT_FILE = '/picker.js';

/**
 * The site families: each has its own content script carrying only its adapters
 * (entrypoints/<family>.content; their hosts in sites/hosts.ts, their adapters in sites/families/).
 */
export const SITE_FAMILIES = ['wiki', 'social', 'atlassian', 'code'] as const;

/** A family of sites with its own content script. */
export type SiteFamily = (typeof SITE_FAMILIES)[number];

/**
 * Path of a built content script: a family's, or `company`, the small script of company domains
 * that has the background inject the family's (WXT names it after entrypoints/<name>.content).
 */
export function contentScriptFile(name: SiteFamily | 'company'): string {
  return `content-scripts/${name}.js`;
}
