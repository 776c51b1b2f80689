/**
 * The single source of every stored, exported, synced and messaged shape, written with
 * `zod/mini`. The content script does not import it (zod would be most of its size): it uses
 * storage/limits.ts and storage/content-guards.ts, which tests check against these schemas.
 */
import * as z from 'zod/mini';
import { STAMP_PATTERN } from './hlc';
import { LIMITS, SITE_IDS, hasSitePrefix } from './limits';

export { LIMITS, SITE_IDS };
export const SiteId = z.enum(SITE_IDS);
export type SiteId = z.infer<typeof SiteId>;

/** A thread key: `site:canonical-id`, e.g. `mediawiki:en.wikipedia.org/Talk:Foo#Bar`. */
export const ThreadKey = z.string().check(
  z.minLength(3),
  z.maxLength(LIMITS.key),
  z.refine(hasSitePrefix, {
    message: 'thread key must start with a known site id and a colon',
  }),
);
export type ThreadKey = z.infer<typeof ThreadKey>;

/** Maturity in percent baked: an integer 0–100 (the UI moves in steps of 5). */
export const Maturity = z.int().check(z.minimum(0), z.maximum(100));

/** A millisecond timestamp (Date.now()). */
export const Millis = z.int().check(z.minimum(0));

/** What the site itself says about a thread, read from the page and never stored as judgement. */
export const NativeState = z.nullable(z.enum(['resolved', 'closed', 'answered', 'archived', 'locked']));
export const NativeSignal = z.object({
  state: NativeState,
  replies: z.nullable(z.int().check(z.minimum(0))),
  participants: z.nullable(z.int().check(z.minimum(0))),
  /** ISO 8601 time of the latest comment, when the page shows one. */
  lastActivity: z.nullable(z.string().check(z.maxLength(40))),
});
export type NativeSignal = z.infer<typeof NativeSignal>;

/** A discussion found on a page: what the content script reports and the side panel lists. */
export const ThreadRef = z.object({
  key: ThreadKey,
  site: SiteId,
  title: z.string().check(z.maxLength(LIMITS.title)),
  url: z.string().check(z.maxLength(LIMITS.url)),
  native: NativeSignal,
});
export type ThreadRef = z.infer<typeof ThreadRef>;

/** A hybrid-logical-clock stamp (storage/hlc.ts), or '' for a field never written. */
export const Stamp = z.string().check(z.maxLength(60), z.regex(STAMP_PATTERN));

/** One issue as schema v1 stored it (kept to read old databases and export files). */
export const OpenIssueV1 = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.issueText)),
  status: z.enum(['open', 'resolved']),
  createdAt: Millis,
  resolvedAt: z.nullable(Millis),
  resolution: z.string().check(z.maxLength(LIMITS.issueText)),
});
export type OpenIssueV1 = z.infer<typeof OpenIssueV1>;

/**
 * One issue that keeps a discussion from being done. Its registers (text; status with
 * resolvedAt and resolution; position; deleted) each carry a stamp so concurrent edits merge
 * field by field; a deleted issue stays as a tombstone so a delete is never undone by a merge.
 */
export const OpenIssue = z.object({
  ...OpenIssueV1.shape,
  /** Sort key among the discussion's issues (reorder moves it between neighbours). */
  position: z.number().check(z.refine(Number.isFinite, { message: 'position must be a finite number' })),
  deleted: z.boolean(),
  stamps: z.object({ text: Stamp, status: Stamp, position: Stamp, deleted: Stamp }),
});
export type OpenIssue = z.infer<typeof OpenIssue>;

/** One member's own maturity rating, for the team view (median and spread). */
export const Rating = z.object({
  maturity: z.nullable(Maturity),
  name: z.string().check(z.maxLength(100)),
  stamp: Stamp,
});
export type Rating = z.infer<typeof Rating>;

/** Member ids: random per browser profile (Settings.memberId), safe as object keys. */
export const MemberId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/));

/** One maturity change: kept forever and drawn as a trend. */
export const HistoryEntry = z.object({
  at: Millis,
  from: z.nullable(Maturity),
  to: z.nullable(Maturity),
  by: z.string().check(z.maxLength(100)),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

const uniqueIds = <T extends { id: string }>() =>
  z.refine<T[]>((issues) => new Set(issues.map((i) => i.id)).size === issues.length, {
    message: 'issue ids must be unique',
  });

/** The fields every schema version of an annotation has. */
const annotationV1Fields = {
  threadKey: ThreadKey,
  site: SiteId,
  title: z.string().check(z.maxLength(LIMITS.title)),
  url: z.string().check(z.maxLength(LIMITS.url)),
  /** null: issues or notes were recorded but no maturity chosen yet. */
  maturity: z.nullable(Maturity),
  answer: z.string().check(z.maxLength(LIMITS.longText)),
  note: z.string().check(z.maxLength(LIMITS.longText)),
  tags: z.array(z.string().check(z.minLength(1), z.maxLength(LIMITS.tag))).check(z.maxLength(LIMITS.tags)),
  /** A date (YYYY-MM-DD) to revisit; past it the discussion is due. */
  reviewOn: z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  history: z.array(HistoryEntry).check(z.maxLength(LIMITS.history)),
  /** Latest native activity seen when the maturity was last set; drives "stale". */
  assessedActivity: z.nullable(z.string().check(z.maxLength(40))),
  createdAt: Millis,
  updatedAt: Millis,
};

/** An annotation as schema v1 stored it (read by the v2 migration and by old export files). */
export const AnnotationV1 = z.object({
  ...annotationV1Fields,
  issues: z.array(OpenIssueV1).check(z.maxLength(LIMITS.issues), uniqueIds<OpenIssueV1>()),
});
export type AnnotationV1 = z.infer<typeof AnnotationV1>;

/**
 * A person's (or, synced, a team's) judgement of one discussion: the stored record, keyed by
 * thread key. Every register carries a stamp for per-field last-writer-wins merging; a deleted
 * annotation stays as a tombstone (`deleted`) so the delete reaches every copy.
 */
export const Annotation = z.object({
  ...annotationV1Fields,
  issues: z.array(OpenIssue).check(z.maxLength(LIMITS.issues), uniqueIds<OpenIssue>()),
  /** Each member's own latest rating, by member id. */
  ratings: z.record(MemberId, Rating),
  deleted: z.boolean(),
  stamps: z.object({
    /** Covers maturity and assessedActivity, which change together. */
    maturity: Stamp,
    answer: Stamp,
    note: Stamp,
    tags: Stamp,
    reviewOn: Stamp,
    /** Covers title and url, refreshed from the page. */
    title: Stamp,
    deleted: Stamp,
  }),
});
export type Annotation = z.infer<typeof Annotation>;

/** What a badge needs to draw one thread: small enough to send for thousands of threads. */
export const BadgeState = z.object({
  maturity: z.nullable(Maturity),
  openIssues: z.int().check(z.minimum(0)),
  totalIssues: z.int().check(z.minimum(0)),
  due: z.boolean(),
  /**
   * Latest native activity judged by the last rating: the content script compares it with what
   * the page shows now to draw the stale dot (the background never sees the page).
   */
  assessedActivity: z.nullable(z.string().check(z.maxLength(40))),
});
export type BadgeState = z.infer<typeof BadgeState>;

/** User settings, stored as one record. */
export const Settings = z.object({
  /** How a detected thread without an annotation looks: a faint "rate" badge, or nothing. */
  unassessedBadge: z.enum(['faint', 'hidden']),
  /** Name written into history entries ("who"). */
  displayName: z.string().check(z.maxLength(100)),
  /** Random id of this browser profile: the node of its clock stamps and the key of its rating. */
  memberId: z.optional(MemberId),
  /** Sites switched off on the dashboard: no badges there (optional: older settings lack it). */
  disabledSites: z.optional(z.array(SiteId).check(z.maxLength(SITE_IDS.length))),
});
export type Settings = z.infer<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = { unassessedBadge: 'faint', displayName: '', disabledSites: [] };

/** Current version of the native export format. */
export const EXPORT_FORMAT = 'doneness-export';
export const EXPORT_VERSION = 2;

/** The versioned envelope of a native JSON export. */
export const ExportEnvelope = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string().check(z.maxLength(40)),
  clientVersion: z.string().check(z.maxLength(40)),
  annotations: z.array(Annotation),
});
export type ExportEnvelope = z.infer<typeof ExportEnvelope>;

/** The site id of a thread key (the part before the first colon). */
export function siteOfKey(key: string): SiteId | null {
  const id = key.slice(0, key.indexOf(':'));
  return (SITE_IDS as readonly string[]).includes(id) ? (id as SiteId) : null;
}

/* ---------- Team sync (storage/sync, services/sync.ts) ---------- */

/** How a team database is signed in to: not at all (an open server), Basic, or a JWT bearer token. */
export const SyncAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('basic'),
    user: z.string().check(z.minLength(1), z.maxLength(200)),
    password: z.string().check(z.maxLength(1000)),
  }),
  z.object({ kind: z.literal('jwt'), token: z.string().check(z.minLength(1), z.maxLength(8000)) }),
]);
export type SyncAuth = z.infer<typeof SyncAuth>;

/** Server address of a team database: http(s), no user or password in it, no query or fragment. */
export const SyncServerUrl = z.string().check(
  z.maxLength(2000),
  z.refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !u.search && !u.hash;
      } catch {
        return false;
      }
    },
    { message: 'the server address must be an http(s) URL without user, password, query or fragment' },
  ),
);

/** A CouchDB database name (CouchDB's own rule: lowercase letter first, then a-z 0-9 _$()+-/). */
export const CouchDbName = z.string().check(
  z.maxLength(238),
  z.regex(/^[a-z][a-z0-9_$()+/-]*$/, { message: 'a database name starts with a lowercase letter; then a-z, 0-9 and _$()+-/' }),
);

/** The team database this profile syncs with; kept in browser.storage.local, never exported. */
export const SyncConfig = z.object({
  url: SyncServerUrl,
  db: CouchDbName,
  auth: SyncAuth,
  enabled: z.boolean(),
});
export type SyncConfig = z.infer<typeof SyncConfig>;

/** Why a sync request failed, as the dashboard explains it. */
export const SyncErrorKind = z.enum([
  'unreachable',
  'timeout',
  'unauthorized',
  'forbidden',
  'notFound',
  'tooLarge',
  'server',
  'badAnswer',
  'permission',
]);
export type SyncErrorKind = z.infer<typeof SyncErrorKind>;

/** The verdict of "test connection". */
export const ConnectionVerdict = z.object({
  verdict: z.enum(['ok', 'unreachable', 'unauthorized', 'forbidden', 'noDatabase', 'notCouch', 'permission', 'error']),
  /** Server's own words or the HTTP status, for the details line. */
  detail: z.string().check(z.maxLength(500)),
  /** The signed-in user name the server reports (null: anonymous). */
  user: z.nullable(z.string().check(z.maxLength(200))),
});
export type ConnectionVerdict = z.infer<typeof ConnectionVerdict>;

/** What the dashboard shows about sync; kept in browser.storage.local by the background. */
export const SyncStatus = z.object({
  /** End of the last pass that completed. */
  lastSync: z.nullable(Millis),
  lastError: z.nullable(z.object({ kind: SyncErrorKind, message: z.string().check(z.maxLength(500)), at: Millis })),
  /** Passes stopped until the user acts: sign in again (401) or a refused database (403). */
  halted: z.boolean(),
  /** Consecutive failed passes: the exponent of the back-off. */
  failures: z.int().check(z.minimum(0)),
  /** When the next retry after a failure is due (null: none scheduled). */
  retryAt: z.nullable(Millis),
  running: z.boolean(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;
export const INITIAL_SYNC_STATUS: SyncStatus = { lastSync: null, lastError: null, halted: false, failures: 0, retryAt: null, running: false };

/** The `type` of Doneness' annotation documents in a team database. */
export const ANNOTATION_DOC_TYPE = 'doneness.annotation';

/** A CouchDB revision: generation, dash, hash. */
export const CouchRev = z.string().check(z.maxLength(100), z.regex(/^[1-9][0-9]{0,9}-[0-9A-Za-z]{1,64}$/));

/**
 * An annotation as a CouchDB document: the annotation's own fields, a `type`, the CouchDB user
 * who wrote this revision (`author`, checked by the design document), and CouchDB's fields.
 * Every document a server sends is parsed with this before anything is written.
 */
export const AnnotationDoc = z.object({
  _id: z.string().check(z.maxLength(LIMITS.key + 20)),
  _rev: CouchRev,
  _conflicts: z.optional(z.array(CouchRev).check(z.maxLength(1000))),
  type: z.literal(ANNOTATION_DOC_TYPE),
  author: z.nullable(z.string().check(z.maxLength(200))),
  ...Annotation.shape,
});
export type AnnotationDoc = z.infer<typeof AnnotationDoc>;
