/**
 * What extension pages (popup, dashboard) do with company domains and "Annotate this page", with
 * the page's own browser APIs, so components call plain functions and never build the services
 * themselves. Each must be called inside the person's click where it asks for a permission.
 */
import { browser } from 'wxt/browser';
import { annotatePage, type AnnotateBrowser } from '../shared/annotate-page';
import { createDomains, DOMAINS_KEY, type DomainsBrowser } from '../shared/domains';

let domains: ReturnType<typeof createDomains> | null = null;

/** The company domains service (services/shared/domains.ts) over this page's browser APIs. */
export function pageDomains(): ReturnType<typeof createDomains> {
  domains ??= createDomains(browser as unknown as DomainsBrowser);
  return domains;
}

/** Calls `onChange` whenever the list of company domains changes; returns the unsubscribe. */
export function watchDomains(onChange: () => void): () => void {
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && DOMAINS_KEY in changes) onChange();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/** The URL of a tab, or undefined when it is gone or not readable. */
export async function tabUrl(tabId: number): Promise<string | undefined> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  return tab?.url;
}

/** "Annotate this page" on a tab, from the popup's click (see services/shared/annotate-page.ts). */
export function annotateTab(tabId: number): Promise<'told' | 'injected'> {
  return annotatePage(browser as unknown as AnnotateBrowser, tabId);
}
