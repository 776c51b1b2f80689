/**
 * Real-browser harness: Debian's Chromium with the built extension loaded, pages of real sites
 * served from fixtures at their real URLs (context.route), and no other network at all.
 * Shared by the e2e tests, the `npm start` tour and the screenshot script.
 */
import { SCROLL_QUIET_MS } from '../../content/near-viewport';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const OUTPUT_DIR = path.resolve(ROOT, process.env.DONENESS_OUT ?? '.output');
export const EXTENSION_DIR = path.join(OUTPUT_DIR, 'chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A page of a real site, served from a fixture file at its real URL. */
export interface ServedPage {
  url: string;
  file: string;
}

const fixture = (site: string, name: string) => path.join(ROOT, 'tests', 'fixtures', site, `${name}.html`);

/**
 * The demo pages, one per site, each served at the real URL its fixture was written for (the
 * `url` of its `.expected.json`). The Wikipedia talk page stays first: suites rely on it.
 */
export const DEMO_PAGES: ServedPage[] = [
  { url: 'https://en.wikipedia.org/wiki/Wikipedia:Village_pump_(technical)', file: fixture('mediawiki', 'village-pump') },
  {
    url: 'https://engage.cloud.microsoft/main/org/contoso.com/groups/eyJfdHlwZSI6Ikdyb3VwIiwiaWQiOiIxMDE0NDE4MiJ9/all',
    file: fixture('yammer', 'community-feed'),
  },
  { url: 'https://www.linkedin.com/feed/', file: fixture('linkedin', 'feed-legacy') },
  { url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791937/Oven+replacement+RFC', file: fixture('confluence', 'cloud-page') },
  { url: 'https://github.com/acme-bakery/oven-controller/discussions', file: fixture('github', 'discussions-list') },
];

/**
 * Pages of self-hosted software and other sites: Doneness runs there once the user enables the
 * domain (the tour enables them through the same registration the popup uses).
 */
export const COMPANY_DEMO_PAGES: ServedPage[] = [
  { url: 'https://forum.example.com/t/oven-temperature-for-sourdough/1234/4?u=ada', file: fixture('discourse', 'topic-page') },
  { url: 'https://confluence.corp.example/display/ENG/Release+planning', file: fixture('confluence', 'server-page') },
  { url: 'https://qa.bakers.example/questions/118/why-does-my-bread-collapse?utm_source=share', file: fixture('generic', 'qapage-jsonld') },
];

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  profileDir: string;
}

/** A fresh, empty profile directory. */
export function freshProfile(): string {
  return mkdtempSync(path.join(tmpdir(), 'doneness-profile-'));
}

/** The window of every Chromium page the suites and the bench open (and of Firefox's scroll measure). */
export const VIEWPORT = { width: 1280, height: 900 };

/**
 * Starts Chromium with the built extension on `profileDir`, serving `pages` at their URLs and
 * refusing every other request that leaves the browser.
 */
export async function launch(
  options: { profileDir?: string; pages?: ServedPage[]; headless?: boolean; env?: Record<string, string> } = {},
): Promise<Launched> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`no built extension at ${EXTENSION_DIR}: run npm run build first`);
  }
  const profileDir = options.profileDir ?? freshProfile();
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    viewport: VIEWPORT,
    acceptDownloads: true,
    ...(options.env ? { env: { ...process.env, ...options.env } as Record<string, string> } : {}),
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  await serve(context, options.pages ?? DEMO_PAGES);
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 15000 }));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, profileDir };
}

/** Opens `url` in a new tab of the launched browser (a served page: `launch`'s `pages`). */
export async function openPage(launched: Launched, url: string): Promise<Page> {
  const page = await launched.context.newPage();
  await page.goto(url);
  return page;
}

/** A suite's `after`: closes the browser and deletes its profile (nothing when it never started). */
export async function closeAndDelete(launched: Launched | undefined): Promise<void> {
  if (!launched) return;
  await launched.context.close();
  rmSync(launched.profileDir, { recursive: true, force: true });
}

/** Serves fixture files at real URLs; everything else on http(s) is aborted. */
export async function serve(context: BrowserContext, pages: ServedPage[]): Promise<void> {
  await context.route(/^https?:\/\//, (route) => route.abort('blockedbyclient'));
  for (const page of pages) {
    const body = readFileSync(page.file);
    const target = new URL(page.url);
    await context.route(
      (url) => url.origin === target.origin && url.pathname === target.pathname,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
    );
  }
}

/** What one inline badge shows, read through its closed shadow root with the DevTools protocol. */
export interface BadgeReading {
  /** Id of the heading (or nearest ancestor with an id) the badge sits in. */
  anchorId: string;
  label: string;
  /** What the badge shows: text nodes and generated content alike. */
  text: string;
  /** The thread key the badge host says it shows (`data-doneness-key`). */
  key: string;
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

const attr = (node: DomNode, name: string): string | undefined => {
  const list = node.attributes ?? [];
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
  return undefined;
};

/** What a node shows: its text, and the generated content of a badge's drawn parts (`data-text`). */
function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.nodeName === 'STYLE') return '';
  return (attr(node, 'data-text') ?? '') + [...(node.children ?? []), ...(node.shadowRoots ?? [])].map(textOf).join('');
}

function findFirst(node: DomNode, test: (n: DomNode) => boolean): DomNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const hit = findFirst(child, test);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Scrolls a page through from top to bottom and back to where it was, a frame or two per
 * screen, as a reader would: badges are only built near the viewport. A string, so the same
 * script runs through Playwright and Puppeteer.
 */
export const SCROLL_THROUGH = `(async () => {
  // A tab in the background draws no frames (and no reader scrolls it): read it as it is.
  if (document.hidden) return;
  // Two frames, or 40 ms where frames are throttled (a page that is not the front tab).
  const frames = () => Promise.race([
    new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    new Promise((r) => setTimeout(r, 40)),
  ]);
  const y = scrollY;
  for (let top = 0; top < document.documentElement.scrollHeight; top += innerHeight) {
    scrollTo(0, top);
    await frames();
  }
  scrollTo(0, y);
  await frames();
  // Badges near what was scrolled through are built once the page has been still for
  // SCROLL_QUIET_MS (content/near-viewport.ts): give it that stillness, or a poll that scrolls again
  // at once (a quick machine) would keep them from ever being built.
  await new Promise((r) => setTimeout(r, ${SCROLL_QUIET_MS + 50}));
  await frames();
})()`;

/**
 * Reads every Doneness badge on a page, in document order, after scrolling the page through so
 * that every thread has been near the viewport (poll it with `waitFor`: badges are built once
 * their states are back from the background).
 */
export async function readBadges(page: Page, cdp?: CDPSession, options: { scroll?: boolean } = {}): Promise<BadgeReading[]> {
  if (options.scroll ?? true) await page.evaluate(SCROLL_THROUGH);
  const session = cdp ?? (await page.context().newCDPSession(page));
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const found: BadgeReading[] = [];
  // The anchor of a badge: its parent's id, else the first id inside the parent (old MediaWiki
  // markup keeps the section id on span.mw-headline inside the h2), else the nearest ancestor's.
  const idWithin = (node: DomNode): string | undefined =>
    attr(node, 'id') ?? (node.children ?? []).map(idWithin).find((id) => id !== undefined);
  const walk = (node: DomNode, parent: DomNode | null, ancestorId: string) => {
    // The picker's host carries the same mark (scans skip it) but is not a badge.
    if (node.attributes && attr(node, 'data-doneness-badge') !== undefined && attr(node, 'data-doneness-badge') !== 'picker') {
      const shadow = node.shadowRoots?.[0];
      const button = shadow && findFirst(shadow, (n) => n.nodeName === 'BUTTON');
      const anchorId = (parent && (attr(parent, 'id') ?? idWithin({ ...parent, attributes: [] }))) || ancestorId;
      found.push({
        anchorId,
        label: (button && attr(button, 'aria-label')) ?? '',
        text: shadow ? textOf(shadow).trim() : '',
        key: attr(node, 'data-doneness-key') ?? '',
      });
      return;
    }
    const here = attr(node, 'id') ?? ancestorId;
    for (const child of node.children ?? []) walk(child, node, here);
  };
  walk(root, null, '');
  if (!cdp) await session.detach();
  return found;
}

/**
 * Polls `read` until `accept` holds or `timeoutMs` passes; returns the last value, the time taken,
 * and `lastMissAt`: when (Date.now()) the last read that was not accepted started, or null. What
 * that read saw was still so at least until then: a latency check that compares `lastMissAt`
 * with its budget fails only when the budget was certainly missed, however long each read itself
 * takes on a busy machine (`ms` includes those reads).
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<{ value: T; ms: number; lastMissAt: number | null }> {
  const start = performance.now();
  let lastMissAt: number | null = null;
  let readAt = Date.now();
  let value = await read();
  while (!accept(value)) {
    lastMissAt = readAt;
    if (performance.now() - start > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms; last value: ${String(JSON.stringify(value)).slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, 5));
    readAt = Date.now();
    value = await read();
  }
  return { value, ms: performance.now() - start, lastMissAt };
}

/** Opens an extension page (popup.html, sidepanel.html, options.html) in a tab. */
export async function openExtensionPage(launched: Launched, file: string): Promise<Page> {
  const page = await launched.context.newPage();
  await page.goto(`chrome-extension://${launched.extensionId}/${file}`);
  return page;
}

/** The browser's tab id of a page (brought to the front, then asked of the extension). */
export async function tabIdOf(launched: Launched, page: Page): Promise<number> {
  await page.bringToFront();
  const url = page.url();
  return launched.worker.evaluate(async (pageUrl) => {
    type Tab = { id?: number; url?: string; active: boolean };
    const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Tab[]> } } }).chrome;
    const byUrl = (await api.tabs.query({})).filter((t) => t.url === pageUrl);
    if (byUrl.length === 1) return byUrl[0].id!;
    const active = await api.tabs.query({ active: true, lastFocusedWindow: true });
    return active[0]?.id ?? -1;
  }, url);
}

/**
 * Stops the extension's service worker as Chrome does when it idles (DevTools protocol
 * `ServiceWorker.stopWorker`, sent from one of the extension's pages); resolves once stopped.
 */
export async function stopServiceWorker(extensionPage: Page): Promise<void> {
  const cdp = await extensionPage.context().newCDPSession(extensionPage);
  const versions = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: Array<{ versionId: string; runningStatus: string }> }) => {
    for (const v of event.versions) versions.set(v.versionId, v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await waitFor(async () => versions.size, (n) => n > 0, 5000);
  for (const [versionId, status] of versions) {
    if (status === 'running' || status === 'starting') await cdp.send('ServiceWorker.stopWorker', { versionId });
  }
  await waitFor(async () => [...versions.values()], (s) => s.every((status) => status === 'stopped'), 5000);
  await cdp.detach();
}
