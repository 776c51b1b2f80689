/**
 * Typed message contracts, one schema per direction (Hypothesis' port-rpc-calls style). Every
 * receiver validates what it gets with these schemas before acting; anything else is rejected.
 * Results travel as `{ok: true, value}` or `{ok: false, error}`.
 */
import * as z from 'zod/mini';
import { EditOp } from '../storage/model';
import { BadgeState, LIMITS, Settings, SiteId, SyncConfig, ThreadKey, ThreadRef } from '../storage/schema';

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
]);
export type ContentToBackground = z.infer<typeof ContentToBackground>;

/** Extension pages (popup, side panel, dashboard) → background. */
export const UiToBackground = z.discriminatedUnion('type', [
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
export type UiToBackground = z.infer<typeof UiToBackground>;

/** Background → content script: new badge states (null: the annotation was deleted). */
export const BackgroundToContent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('badges'),
    states: z.record(z.string(), z.nullable(BadgeState)),
  }),
  /** Settings that change how badges look. */
  z.object({ type: z.literal('settings'), settings: Settings }),
]);
export type BackgroundToContent = z.infer<typeof BackgroundToContent>;

/** Extension pages → content script. */
export const UiToContent = z.discriminatedUnion('type', [
  /** The threads found on this page, in page order. */
  z.object({ type: z.literal('listThreads') }),
  /** Scroll a thread into view and highlight it. */
  z.object({ type: z.literal('focusThread'), key: ThreadKey }),
  /** The thread under the last right-click (context menu "Annotate this discussion"), or null. */
  z.object({ type: z.literal('contextThread') }),
  /** "Annotate this page": the whole page becomes a discussion too (services/shared/annotate-page.ts). */
  z.object({ type: z.literal('annotatePage') }),
]);
export type UiToContent = z.infer<typeof UiToContent>;

/** The answer to any message. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** The answer to `lookup`: badge states of the annotated keys, and how to show the rest. */
export const LookupAnswer = z.object({
  states: z.record(z.string(), BadgeState),
  unassessedBadge: Settings.shape.unassessedBadge,
  /** False when the user switched this page's site off: the content script shows nothing. */
  siteEnabled: z.optional(z.boolean()),
});
export type LookupAnswer = z.infer<typeof LookupAnswer>;

/** Answers of the content script's `listThreads`. */
export const ThreadList = z.array(ThreadRef);
