/**
 * The calls between the extension's contexts, in one file, named by direction (as the Hypothesis
 * client's `port-rpc-calls`): for each direction a zod schema of its messages (the argument of
 * each call, told apart by `type`) and an interface of what each call answers. Every receiver
 * validates what it gets with these schemas before acting; anything else is rejected. Answers
 * travel as `{ok: true, value}` or `{ok: false, error}` (`Result`); protocol/request.ts is the one
 * helper that sends a call and unwraps its answer, typed by these maps.
 *
 * Why not `@webext-core/messaging` (WXT's typed messaging): it types calls the same way, but
 * (1) it wraps each message in its own envelope and dispatches by name before any code of ours
 * runs, while the background must first check the sender (this extension, a top-level tab or an
 * extension page), take from the sender's message budget and then validate the whole message
 * with zod (docs/security.md); doing that per handler would spread those checks over every call;
 * (2) its 2.x line imports `webextension-polyfill`, which the content script is built without, and with its
 * envelope and error serialising it would not fit the content script's 25 KB gzip budget (it is at
 * about 24 KB); (3) the content script answers requests without zod, through the hand-written
 * guards of protocol/content-guards.ts held to these schemas by tests. What it offers beyond a
 * typed map of calls is what protocol/request.ts does in a dozen lines.
 */
import * as z from 'zod/mini';
import { EditOp } from '../storage/model';
import {
  BadgeState,
  LIMITS,
  Settings,
  SiteId,
  SyncConfig,
  ThreadKey,
  ThreadRef,
  type Annotation,
  type ConnectionVerdict,
  type SyncStatus,
} from '../storage/schema';
import { SITE_FAMILIES } from './keys';

/** Content script → background. */
export const ContentToBackground = z.discriminatedUnion('type', [
  /**
   * Badge states for the threads on this page, in one round trip. Also subscribes this tab to
   * live updates for these keys (`reset` drops the tab's earlier keys, e.g. after navigation).
   */
  z.object({
    type: z.literal('lookup'),
    keys: z.array(ThreadKey).check(z.maxLength(LIMITS.keysPerLookup)),
    reset: z.boolean(),
    /** The site the page belongs to, so the answer can say whether it is switched off. */
    site: z.optional(z.nullable(SiteId)),
  }),
  /** The user clicked a badge: open the side panel on that thread. */
  z.object({ type: z.literal('openThread'), thread: ThreadRef }),
  /**
   * The company script (entrypoints/company.content) read which software made this page: inject
   * the content script of that site family into this tab (sites/fingerprint.ts).
   */
  z.object({ type: z.literal('startFamily'), family: z.enum(SITE_FAMILIES) }),
]);
export type ContentToBackground = z.infer<typeof ContentToBackground>;

/** Extension pages (popup, side panel, dashboard) → background. */
export const PageToBackground = z.discriminatedUnion('type', [
  /** Apply one edit to a thread's annotation; answers with the new annotation. */
  z.object({ type: z.literal('edit'), thread: ThreadRef, op: EditOp }),
  /** Delete a thread's annotation. */
  z.object({ type: z.literal('deleteAnnotation'), key: ThreadKey }),
  /** Store new settings. */
  z.object({ type: z.literal('saveSettings'), settings: Settings }),
  /** Delete every annotation (the dashboard asked for confirmation first); answers with the count. */
  z.object({ type: z.literal('deleteAll') }),
  /**
   * The page wrote these annotations itself (an import, in one transaction from a worker): push
   * their badge states to the tabs that show them. Sent in chunks of at most keysPerLookup keys.
   */
  z.object({ type: z.literal('annotationsChanged'), keys: z.array(ThreadKey).check(z.maxLength(LIMITS.keysPerLookup)) }),
  /** Run a team-sync pass now (also after a halt); answers the new SyncStatus. */
  z.object({ type: z.literal('syncNow') }),
  /** Try these sync settings (saved or not); answers a ConnectionVerdict. */
  z.object({ type: z.literal('testConnection'), config: SyncConfig }),
  /** Store sync settings (the page asked for the server's host permission first); answers the SyncStatus. */
  z.object({ type: z.literal('saveSyncConfig'), config: SyncConfig }),
]);
export type PageToBackground = z.infer<typeof PageToBackground>;

/** Background → content script: new badge states (null: the annotation was deleted). */
export const BackgroundToContent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('badges'),
    states: z.record(z.string(), z.nullable(BadgeState)),
  }),
  /** Settings that change how badges look. */
  z.object({ type: z.literal('settings'), settings: Settings }),
  /**
   * The discussions picked on the page at `url` (sent after a tab's first lookup there, once the
   * background has put the picker script into the page), to find again.
   */
  z.object({ type: z.literal('picked'), url: z.string().check(z.maxLength(LIMITS.url)), found: z.array(ThreadRef) }),
]);
export type BackgroundToContent = z.infer<typeof BackgroundToContent>;

/** Extension pages → content script. */
export const PageToContent = z.discriminatedUnion('type', [
  /** The threads found on this page, in page order. */
  z.object({ type: z.literal('listThreads') }),
  /** Scroll a thread into view and highlight it. */
  z.object({ type: z.literal('focusThread'), key: ThreadKey }),
  /** The thread under the last right-click (context menu "Annotate this discussion"), or null. */
  z.object({ type: z.literal('contextThread') }),
  /** "Annotate this page": the whole page becomes a discussion too (services/shared/annotate-page.ts). */
  z.object({ type: z.literal('annotatePage') }),
  /** The picked discussions of this page: found (with badges) and not found (orphans). */
  z.object({ type: z.literal('listPicked') }),
  /** Detection health: how many thread-like posts the adapter saw but could not key (no badge). */
  z.object({ type: z.literal('detectionHealth') }),
  /** The keys of the threads whose badge anchors are in the viewport now (the side panel marks them). */
  z.object({ type: z.literal('threadsInView') }),
]);
export type PageToContent = z.infer<typeof PageToContent>;


/** The answer to `lookup`: badge states of the annotated keys, and how to show the rest. */
export const LookupAnswer = z.object({
  states: z.record(z.string(), BadgeState),
  unassessedBadge: Settings.shape.unassessedBadge,
  /** False when the user switched this page's site off: the content script shows nothing. */
  siteEnabled: z.optional(z.boolean()),
});
export type LookupAnswer = z.infer<typeof LookupAnswer>;

/** The answer to `detectionHealth` (sites/types.ts PartialScan `unrecognised`). */
export const DetectionHealth = z.object({ unrecognised: z.int().check(z.minimum(0)) });
export type DetectionHealth = z.infer<typeof DetectionHealth>;

/** Answers of the content script's `listThreads`. */
export const ThreadList = z.array(ThreadRef);

/** The answer to any call: its value, or why it failed. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** What each content-script → background call answers. */
export interface ContentToBackgroundResults {
  lookup: LookupAnswer;
  openThread: null;
  startFamily: null;
}

/** What each extension page → background call answers. */
export interface PageToBackgroundResults {
  /** The annotation after the edit. */
  edit: Annotation;
  deleteAnnotation: null;
  /** The settings as stored. */
  saveSettings: Settings;
  /** How many annotations were deleted. */
  deleteAll: number;
  annotationsChanged: null;
  syncNow: SyncStatus;
  testConnection: ConnectionVerdict;
  saveSyncConfig: SyncStatus;
}

/** What each extension page (or the background's context menu) → content script call answers. */
export interface PageToContentResults {
  /** The threads found on the page, in page order. */
  listThreads: ThreadRef[];
  /** Whether the thread is on the page (and was scrolled to). */
  focusThread: boolean;
  /** The thread under the last right-click, or null. */
  contextThread: ThreadRef | null;
  /** The threads found, the page-level discussion included. */
  annotatePage: ThreadRef[];
  /** The picked discussions of the page, found and not found. */
  listPicked: PickedList;
  /** Posts the adapter saw but could not key. */
  detectionHealth: DetectionHealth;
  /** Keys of the threads in view. */
  threadsInView: string[];
}

/** Background → content script: notifications, answered by nothing. */
export type BackgroundToContentResults = { [T in BackgroundToContent['type']]: void };

/**
 * The calls of one direction as functions (message of that `type` in, answer out), for the side
 * that implements them: `Calls<PageToBackground, PageToBackgroundResults>`.
 */
export type Calls<M extends { type: string }, R extends { [T in M['type']]: unknown }, Context = void> = {
  [T in M['type']]: (message: Extract<M, { type: T }>, context: Context) => Promise<R[T]>;
};

/** Answer of the content script's `listPicked`. */
export const PickedList = z.object({ found: z.array(ThreadRef), orphans: z.array(ThreadRef) });
export type PickedList = z.infer<typeof PickedList>;
