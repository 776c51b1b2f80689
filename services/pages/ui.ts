/**
 * What extension pages (popup, side panel, dashboard) share: the repository for reads, typed
 * requests to the background for writes, and to the content script of a tab for its threads.
 */
import { browser } from 'wxt/browser';
import { openDatabase, requestPersistence } from '../../storage/db';
import { newId, type EditOp } from '../../storage/model';
import { DetectionHealth, PickedList, ThreadList } from '../../protocol/messages';
import { startPicking, type PickBrowser } from '../shared/pick-page';
import { toBackground, toTab } from './calls';
import { selectionKey } from '../../protocol/keys';
import { openPanel } from '../shared/panel';
import { Repository } from '../../storage/repository';
import type { Annotation, Settings, ThreadRef } from '../../storage/schema';

let repo: Repository | null = null;

/** The page's repository (reads go straight to IndexedDB; writes go through the background). */
export function repository(): Repository {
  if (!repo) {
    repo = new Repository(openDatabase());
    // Ask once per page that opens the database; persist() is not available in the worker.
    void requestPersistence();
  }
  return repo;
}

/** Applies one edit through the background, which also updates the badges on open pages. */
export function edit(thread: ThreadRef, op: EditOp): Promise<Annotation> {
  return toBackground({ type: 'edit', thread, op });
}

/** Adds an issue with a fresh id. */
export function addIssue(thread: ThreadRef, text: string): Promise<Annotation> {
  return edit(thread, { kind: 'addIssue', id: newId(), text });
}

/** Deletes a thread's annotation. */
export function deleteAnnotation(key: string): Promise<null> {
  return toBackground({ type: 'deleteAnnotation', key });
}

const KEPT_SEEN_KEY = 'doneness-kept-seen';

/**
 * The kept-after-delete notices this person answered "keep it" to, as `threadKey stamp` (a later
 * delete kept again has a new stamp and is told again). Kept in this page's localStorage.
 */
export function keptSeen(): Set<string> {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(KEPT_SEEN_KEY) ?? '[]');
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Remembers that the person chose to keep this discussion (see keptSeen); at most 500 remembered. */
export function markKeptSeen(id: string): Set<string> {
  const seen = [...keptSeen(), id].slice(-500);
  localStorage.setItem(KEPT_SEEN_KEY, JSON.stringify(seen));
  return new Set(seen);
}

/** Deletes every annotation; badges on open pages go back to unassessed. Answers the count. */
export function deleteAll(): Promise<number> {
  return toBackground({ type: 'deleteAll' });
}

/** Every tag in use, most used first, for autocomplete (from the tags index: no record is read). */
export function knownTags(): Promise<string[]> {
  return repository().tagsByUse();
}

/** How much this extension stores and whether the browser keeps it under storage pressure. */
export interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean;
}

/** Storage used (navigator.storage.estimate) and persistence, asking for it once more. */
export async function storageInfo(): Promise<StorageInfo> {
  const persisted = await requestPersistence();
  try {
    const estimate = await navigator.storage.estimate();
    return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted };
  } catch {
    return { usage: null, quota: null, persisted };
  }
}

/**
 * Opens the side panel on one thread of a tab. The panel is opened first, synchronously, because
 * the browser allows it only inside the user's click; the selection follows through storage.
 */
export function openThreadInPanel(tabId: number, thread: ThreadRef): Promise<void> {
  openPanel(tabId, undefined);
  return browser.storage.session.set({ [selectionKey(tabId)]: thread });
}

/** Stores settings. */
export function saveSettings(settings: Settings): Promise<Settings> {
  return toBackground({ type: 'saveSettings', settings });
}

/** What a tab holds: whether Doneness runs there (its content script answers), and its threads. */
export interface TabScan {
  active: boolean;
  threads: ThreadRef[];
}

/** Asks a tab's content script for its threads; `active: false` when none answers. */
export async function scanTab(tabId: number): Promise<TabScan> {
  try {
    // The answer comes from a script running in a web page: checked like any other input.
    const parsed = ThreadList.safeParse(await toTab(tabId)({ type: 'listThreads' }));
    return { active: true, threads: parsed.success ? parsed.data : [] };
  } catch {
    return { active: false, threads: [] };
  }
}

/** The picked discussions of a tab's page, found and not found; none when it cannot be asked. */
export async function pickedOfTab(tabId: number): Promise<PickedList> {
  try {
    // From a web page's script: checked like any other input.
    const parsed = PickedList.safeParse(await toTab(tabId)({ type: 'listPicked' }));
    return parsed.success ? parsed.data : { found: [], orphans: [] };
  } catch {
    return { found: [], orphans: [] };
  }
}

/**
 * Re-points a picked discussion that was not found: the picker starts in the tab, and the block
 * chosen keeps the discussion's key (and so its history). A click in the side panel is the gesture.
 */
export function pickAgain(tabId: number, key: string): Promise<void> {
  return startPicking(browser as unknown as PickBrowser, tabId, { repointKey: key });
}

/** How many posts in a tab Doneness saw but could not tell which discussion they are (0 when unknown). */
export async function unrecognisedInTab(tabId: number): Promise<number> {
  try {
    // From a web page's script: checked like any other input.
    const parsed = DetectionHealth.safeParse(await toTab(tabId)({ type: 'detectionHealth' }));
    return parsed.success ? parsed.data.unrecognised : 0;
  } catch {
    return 0;
  }
}

/** Scrolls a thread into view in its tab. */
export async function focusThread(tabId: number, key: string): Promise<void> {
  await toTab(tabId)({ type: 'focusThread', key }).catch(() => undefined);
}

/** Keys of the threads in view on the tab's page now ([] when the page does not answer). */
export async function threadsInView(tabId: number): Promise<string[]> {
  // The answer comes from a script running in a web page: checked like any other input.
  const keys: unknown = await toTab(tabId)({ type: 'threadsInView' }).catch(() => []);
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

/** The tab a page works on: `?tab=<id>` when given, else the active tab of this window. */
export async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
