/**
 * The single source of every stored, exported, synced and messaged shape, written with
 * `zod/mini`. The content script does not import it (zod would be most of its size): it uses
 * storage/limits.ts and storage/content-guards.ts, which tests check against these schemas.
 */
import * as z from 'zod/mini';
import { refineWithTwin } from './es5-twins';
import { STAMP_PATTERN } from './hlc';
import { LIMITS, PICK_LIMITS, SITE_IDS, TIME_LIMITS, hasCleanKeyText, hasSitePrefix, isCalendarDay } from './limits';
import {
  appendOnlyLog,
  defineRecord,
  earliest,
  identity,
  lastWriterWins,
  latest,
  latestPerKey,
  listById,
  observedRemoveSet,
  recordShape,
  setElements,
  type SetEntry,
  type RegisterDef,
  stampedMap,
} from './registers';

export { LIMITS, SITE_IDS, TIME_LIMITS };
export const SiteId = z.enum(SITE_IDS);
export type SiteId = z.infer<typeof SiteId>;

/** A thread key: `site:canonical-id`, e.g. `mediawiki:en.wikipedia.org/Talk:Foo#Bar`. */
export const ThreadKey = z.string().check(
  z.minLength(3),
  z.maxLength(LIMITS.key),
  refineWithTwin(
    hasSitePrefix,
    'thread key must start with a known site id and a colon',
    `function (v) { var i = v.indexOf(':'); return i > 0 && i < v.length - 1 && ${JSON.stringify(SITE_IDS)}.indexOf(v.slice(0, i)) !== -1; }`,
  ),
  refineWithTwin(
    hasCleanKeyText,
    'thread key must not hold control characters, bidirectional overrides or lone surrogates',
    // Control characters, bidi overrides and isolates, lone surrogates (storage/limits.ts).
    'function (v) { for (var j = 0; j < v.length; j++) { var c = v.charCodeAt(j); ' +
      'if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x61c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false; ' +
      'if (c >= 0xd800 && c <= 0xdbff) { var d = v.charCodeAt(j + 1); if (!(d >= 0xdc00 && d <= 0xdfff)) return false; j++; } else if (c >= 0xdc00 && c <= 0xdfff) return false; } return true; }',
  ),
);
export type ThreadKey = z.infer<typeof ThreadKey>;

/** Maturity in percent baked: an integer 0–100 (the UI moves in steps of 5). */
export const Maturity = z.int().check(z.minimum(0), z.maximum(100));

/** A millisecond timestamp (Date.now()), within the bounds of stored times (storage/limits.ts). */
export const Millis = z.int().check(
  z.minimum(TIME_LIMITS.min),
  z.maximum(TIME_LIMITS.max, { message: 'the time is after 1 January 2200' }),
);

/** A day of the calendar as YYYY-MM-DD (a review-on date). */
export const CalendarDay = z.string().check(
  refineWithTwin(
    isCalendarDay,
    'expected a real date as YYYY-MM-DD',
    'function (v) { var m = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(v); if (!m) return false; var y = +m[1], mo = +m[2], d = +m[3]; ' +
      'var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0; ' +
      'return y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]; }',
  ),
);

/** What the site itself says about a thread, read from the page and never stored as judgement. */
export const NativeState = z.nullable(
  // merged / done / draft / progress: issue trackers and code review (GitHub, GitLab, Jira).
  z.enum(['resolved', 'closed', 'answered', 'archived', 'locked', 'merged', 'done', 'draft', 'progress']),
);
const Count = z.int().check(z.minimum(0));
export const NativeSignal = z.object({
  state: NativeState,
  replies: z.nullable(Count),
  participants: z.nullable(Count),
  /** ISO 8601 time of the latest comment, when the page shows one. */
  lastActivity: z.nullable(z.string().check(z.maxLength(40))),
  /** The site's own words for its state ("Closed as not planned", "In Review · Fixed"). */
  status: z.optional(z.string().check(z.maxLength(80))),
  /** The site's labels, offered as tag suggestions. */
  labels: z.optional(z.array(z.string().check(z.maxLength(LIMITS.tag))).check(z.maxLength(20))),
  /** A pull / merge request's review decision. */
  review: z.optional(z.enum(['approved', 'changes'])),
  /** Resolvable threads (review threads, GitLab threads): how many there are and how many are resolved. */
  threads: z.optional(z.object({ resolved: Count, total: Count })),
});
export type NativeSignal = z.infer<typeof NativeSignal>;

/** The page text quoted by a picked discussion: the block's first words and the text around them. */
export const TextQuoteSelector = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().check(z.minLength(1), z.maxLength(PICK_LIMITS.exact)),
  prefix: z.optional(z.string().check(z.maxLength(PICK_LIMITS.context))),
  suffix: z.optional(z.string().check(z.maxLength(PICK_LIMITS.context))),
});
const offset = z.int().check(z.minimum(0), z.maximum(PICK_LIMITS.offset));
/** Where the quote was in the page's text when it was picked. */
export const TextPositionSelector = z
  .object({ type: z.literal('TextPositionSelector'), start: offset, end: offset })
  .check(refineWithTwin((p) => p.end >= p.start, 'end must not be before start', 'function (v) { return v.end >= v.start; }'));
/** A CSS path to the picked block. */
export const CssSelector = z.object({ type: z.literal('CssSelector'), value: z.string().check(z.minLength(1), z.maxLength(PICK_LIMITS.css)) });
export const PickSelector = z.discriminatedUnion('type', [TextQuoteSelector, TextPositionSelector, CssSelector]);

/**
 * Where a picked discussion is (PRODUCT.md §2 "Picked discussions"): the page it was picked on
 * and its W3C selectors, at most one of each type, a quote always among them.
 */
export const PickTarget = z.object({
  source: z.string().check(z.minLength(1), z.maxLength(LIMITS.url)),
  selector: z.array(PickSelector).check(
    z.minLength(1),
    z.maxLength(PICK_LIMITS.count),
    refineWithTwin<Array<{ type: string }>>(
      (list) => list.some((s) => s.type === 'TextQuoteSelector'),
      'a TextQuoteSelector is required',
      "function (v) { for (var i = 0; i < v.length; i++) { if (v[i].type === 'TextQuoteSelector') return true; } return false; }",
    ),
    refineWithTwin<Array<{ type: string }>>(
      (list) => new Set(list.map((s) => s.type)).size === list.length,
      'at most one selector of each type',
      'function (v) { var seen = {}; for (var i = 0; i < v.length; i++) { if (Object.prototype.hasOwnProperty.call(seen, v[i].type)) return false; seen[v[i].type] = true; } return true; }',
    ),
  ),
});
export type PickTarget = z.infer<typeof PickTarget>;

/** A discussion found on a page: what the content script reports and the side panel lists. */

export const ThreadRef = z.object({
  key: ThreadKey,
  site: SiteId,
  title: z.string().check(z.maxLength(LIMITS.title)),
  url: z.string().check(z.maxLength(LIMITS.url)),
  native: NativeSignal,
  /** Only for a picked discussion: where it is on its page. */
  target: z.optional(PickTarget),
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

/** The fields of an issue, in stored order (the first six are v1's). */
const issueFields = {
  ...Object.fromEntries(Object.entries(OpenIssueV1.shape).map(([name, schema]) => [name, { schema }])) as {
    [K in keyof typeof OpenIssueV1.shape]: { schema: (typeof OpenIssueV1.shape)[K] };
  },
  /** Sort key among the discussion's issues (reorder moves it between neighbours). */
  position: {
    schema: z.number().check(
      refineWithTwin(Number.isFinite, 'position must be a finite number', 'function (v) { return isFinite(v); }'),
    ),
  },
  deleted: { schema: z.boolean() },
};

/**
 * One issue that keeps a discussion from being done: its registers (text; status with
 * resolvedAt and resolution; position; deleted) each carry a stamp so concurrent edits merge
 * field by field; a deleted issue stays as a tombstone so a delete is never undone by a merge.
 */
export const ISSUE_RECORD = defineRecord(issueFields, {
  text: { kind: lastWriterWins, fields: ['text'] },
  status: { kind: lastWriterWins, fields: ['status', 'resolvedAt', 'resolution'] },
  position: { kind: lastWriterWins, fields: ['position'] },
  deleted: { kind: lastWriterWins, fields: ['deleted'] },
  id: { kind: identity, fields: ['id'] },
  createdAt: { kind: earliest, fields: ['createdAt'] },
});

/** One issue as stored, exported and synced (see ISSUE_RECORD). */
export const OpenIssue = z.object(recordShape(ISSUE_RECORD, Stamp));
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

/** The record's `site` is the site id its thread key starts with. */
function keyMatchesSite<T extends { threadKey: string; site: string }>() {
  return z.refine<T>((a) => a.threadKey.slice(0, a.threadKey.indexOf(':')) === a.site, {
    message: 'the site must be the one the thread key starts with',
    path: ['site'],
  });
}

const uniqueIds = <T extends { id: string }>() =>
  refineWithTwin<T[]>(
    (issues) => new Set(issues.map((i) => i.id)).size === issues.length,
    'issue ids must be unique',
    'function (v) { var seen = {}; for (var i = 0; i < v.length; i++) { if (Object.prototype.hasOwnProperty.call(seen, v[i].id)) return false; seen[v[i].id] = true; } return true; }',
  );

const text = (max: number) => z.string().check(z.maxLength(max));

/**
 * THE DEFINITION OF AN ANNOTATION: its fields in stored order, each with its schema and the
 * value of a fresh record, and its registers in stamp order, each with its kind (how copies
 * merge), what a delete does, the edit that sets it and the schema version that added it. The
 * zod shape, merge, empty record, tombstone, set-edits, migrations and the team server's
 * validator are all derived from it: docs/adding-a-field.md.
 */
export const ANNOTATION_RECORD = defineRecord(
  {
    threadKey: { schema: ThreadKey },
    site: { schema: SiteId },
    title: { schema: text(LIMITS.title) },
    url: { schema: text(LIMITS.url) },
    /** null: issues or notes were recorded but no maturity chosen yet. */
    maturity: { schema: z.nullable(Maturity), empty: null },
    answer: { schema: text(LIMITS.longText), empty: '' },
    note: { schema: text(LIMITS.longText), empty: '' },
    tags: {
      schema: z.array(z.string().check(z.minLength(1), z.maxLength(LIMITS.tag))).check(z.maxLength(LIMITS.tags)),
      empty: [],
    },
    /** A date (YYYY-MM-DD) to revisit; past it the discussion is due. */
    reviewOn: { schema: z.nullable(CalendarDay), empty: null },
    history: { schema: z.array(HistoryEntry).check(z.maxLength(LIMITS.history)), empty: [] },
    /** Latest native activity seen when the maturity was last set; drives "stale". */
    assessedActivity: { schema: z.nullable(text(40)), empty: null },
    createdAt: { schema: Millis },
    updatedAt: { schema: Millis },
    issues: { schema: z.array(OpenIssue).check(z.maxLength(LIMITS.issues), uniqueIds<OpenIssue>()), empty: [] },
    /** Each member's own latest rating, by member id. */
    ratings: { schema: z.record(MemberId, Rating), empty: {} },
    deleted: { schema: z.boolean(), empty: false },
    /** Only for a picked discussion (PRODUCT.md §2): where it is on its page; null for adapter threads. */
    target: { schema: z.nullable(PickTarget), empty: null },
    /**
     * The tags as an observed-remove set (since v6): one entry per tag and adding member. `tags`
     * is kept, derived from it, for teammates on older versions (docs/sync-versions.md).
     */
    tagSet: {
      schema: z.array(z.object({ tag: z.string().check(z.minLength(1), z.maxLength(LIMITS.tag)), add: Stamp, removed: Stamp })).check(z.maxLength(LIMITS.tagEntries)),
      empty: [],
    },
    /**
     * With a delete of v5 or later: for each member (stamp node), the latest of their stamps the
     * deleter had seen. The delete removes only what was seen (docs/conflicts.md).
     */
    deletedSeen: { schema: z.record(MemberId, Stamp), empty: {} },
  },
  {
    /** Covers maturity and assessedActivity, which change together. */
    maturity: { kind: lastWriterWins, fields: ['maturity', 'assessedActivity'], clearedOnDelete: true },
    answer: { kind: lastWriterWins, fields: ['answer'], clearedOnDelete: true, edit: { op: 'setAnswer', arg: 'text', label: 'reportAnswer', markdown: 'quote' } },
    note: { kind: lastWriterWins, fields: ['note'], clearedOnDelete: true, edit: { op: 'setNote', arg: 'text', label: 'reportNote', markdown: 'quote' } },
    tags: {
      kind: lastWriterWins,
      fields: ['tags'],
      clearedOnDelete: true,
      edit: {
        op: 'setTags',
        arg: 'tags',
        normalize: (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))],
        label: 'reportTags',
        markdown: 'list',
      },
    },
    reviewOn: { kind: lastWriterWins, fields: ['reviewOn'], clearedOnDelete: true, edit: { op: 'setReviewOn', arg: 'date', label: 'reportReviewOn', markdown: 'date' } },
    /** Covers title, url and site, refreshed from the page. */
    title: { kind: lastWriterWins, fields: ['title', 'url', 'site'] },
    deleted: { kind: lastWriterWins, fields: ['deleted'] },
    threadKey: { kind: identity, fields: ['threadKey'] },
    history: {
      kind: appendOnlyLog<HistoryEntry>({
        idOf: (h) => JSON.stringify([h.at, h.by, h.from, h.to]),
        timeOf: (h) => h.at,
        keys: ['at', 'from', 'to', 'by'],
        max: LIMITS.history,
      }),
      fields: ['history'],
    },
    createdAt: { kind: earliest, fields: ['createdAt'] },
    updatedAt: { kind: latest, fields: ['updatedAt'] },
    issues: { kind: listById(() => ISSUE_RECORD, LIMITS.issues), fields: ['issues'], clearedOnDelete: true },
    ratings: { kind: stampedMap<Rating>(['maturity', 'name', 'stamp']), fields: ['ratings'] },
    /**
     * A picked discussion's selectors: set when it is picked and again when it is re-pointed
     * (picking again keeps key and history). A page fact like the title, so a delete keeps it.
     */
    target: { kind: lastWriterWins, fields: ['target'], since: 5 },
    /** Written with `tags` by every tag edit of v6 and later (storage/model.ts applyEdit). */
    tagSet: { kind: observedRemoveSet(LIMITS.tagEntries), fields: ['tagSet'], clearedOnDelete: true, since: 6 },
    /** Written with `deleted` by a delete (storage/model.ts tombstone): joined over every delete. */
    deletedSeen: { kind: latestPerKey, fields: ['deletedSeen'], since: 6 },
  },
  {
    settle: (record) => {
      settleDelete(record as Loose);
      settleTags(record);
    },
  },
);

type Loose = Record<string, unknown> & { stamps: Record<string, string> };
const nodeOf = (stamp: string) => stamp.slice(stamp.indexOf('.', stamp.indexOf('.') + 1) + 1);
const wallOf = (stamp: string) => parseInt(stamp.slice(0, 9), 36) || 0;
/** Last-writer-wins registers a delete empties (maturity, answer, note, tags, review date, …). */
const contentRegisters = () =>
  Object.entries(ANNOTATION_RECORD.registers as Record<string, RegisterDef>).filter(([, r]) => r.clearedOnDelete && r.kind === lastWriterWins);

/**
 * A delete of v6 or later (which writes `deletedSeen` with the stamp of `deleted`) removes what its
 * author had seen and nothing else: every register, tag, rating and issue whose stamp some delete's
 * author had seen is emptied or dropped (so a stored tombstone keeps ids and stamps only; a later
 * restore starts from that), as is history up to the latest delete. While such a delete is the
 * latest write of `deleted`, the discussion is deleted unless something is left that its authors
 * had not seen — a teammate's concurrent edit, which keeps it (docs/conflicts.md). A function of
 * the merged registers only, so merges stay commutative and associative.
 */
function settleDelete(record: Loose): void {
  const stamps = record.stamps;
  if (!stamps.deletedSeen) return;
  const seenBy = record.deletedSeen as Record<string, string>;
  const seen = (stamp: string) => !stamp || (Object.hasOwn(seenBy, nodeOf(stamp)) && stamp <= seenBy[nodeOf(stamp)]);
  let kept = false;
  for (const [name, register] of contentRegisters()) {
    if (!seen(stamps[name])) kept = true;
    else for (const f of register.fields) record[f] = structuredClone((ANNOTATION_RECORD.fields as Record<string, { empty?: unknown }>)[f].empty);
  }
  const entries: SetEntry[] = [];
  for (const e of record.tagSet as SetEntry[]) {
    if (seen(e.add)) continue;
    kept = true;
    entries.push(seen(e.removed) ? { tag: e.tag, add: e.add, removed: '' } : e);
  }
  record.tagSet = entries;
  const ratings: Record<string, Rating> = {};
  for (const [member, r] of Object.entries(record.ratings as Record<string, Rating>)) {
    if (seen(r.stamp)) continue;
    kept = true;
    ratings[member] = r;
  }
  record.ratings = Object.fromEntries(Object.entries(ratings));
  const issues: OpenIssue[] = [];
  for (const issue of record.issues as OpenIssue[]) {
    const unseen = Object.values(issue.stamps).some((st) => !seen(st));
    if (!unseen) continue;
    kept = true;
    // An issue the deleter saw is deleted with the discussion; what was written to it unseen stays in it.
    const out = { ...issue, stamps: { ...issue.stamps } };
    if (seen(issue.stamps.text)) out.text = '…';
    if (seen(issue.stamps.status)) Object.assign(out, { status: 'open', resolvedAt: null, resolution: '' });
    if (seen(issue.stamps.position)) out.position = 0;
    if (seen(issue.stamps.deleted)) out.deleted = true;
    issues.push(out);
  }
  record.issues = issues;
  const until = wallOf(stamps.deletedSeen);
  record.history = (record.history as HistoryEntry[]).filter((h) => h.at > until);
  // A restore (an edit that saw the delete) or an older client's write of `deleted` is later.
  if (stamps.deleted && stamps.deleted <= stamps.deletedSeen) record.deleted = !kept;
  // The page's title and link are the person's browsing too: a tombstone keeps the key only (any
  // copy that still has them wins the tie on their stamp, should the discussion be kept).
  if (record.deleted) {
    record.title = '';
    record.url = '';
  }
}

/**
 * `tags` is what people see and what older teammates read and write. When the set was written
 * last (or as last as `tags`), `tags` is the set's elements; when an older teammate wrote `tags`
 * after it, their list stands until the next tag edit of a newer client folds it into the set
 * (that edit compares the set with the list its author saw).
 */
function settleTags(record: Record<string, unknown>): void {
  const stamps = record.stamps as Record<string, string>;
  if (stamps.tags <= stamps.tagSet) record.tags = setElements(record.tagSet as SetEntry[]).slice(0, LIMITS.tags);
}

/** Fields an annotation had at schema v1 (before stamps, tombstones and ratings). */
const V1_FIELDS = ['threadKey', 'site', 'title', 'url', 'maturity', 'answer', 'note', 'tags', 'reviewOn', 'history', 'assessedActivity', 'createdAt', 'updatedAt'] as const;

/** An annotation as schema v1 stored it (read by the v2 migration and by old export files). */
export const AnnotationV1 = z.object({
  ...(Object.fromEntries(V1_FIELDS.map((f) => [f, ANNOTATION_RECORD.fields[f].schema])) as {
    [K in (typeof V1_FIELDS)[number]]: (typeof ANNOTATION_RECORD.fields)[K]['schema'];
  }),
  issues: z.array(OpenIssueV1).check(z.maxLength(LIMITS.issues), uniqueIds<OpenIssueV1>()),
});
export type AnnotationV1 = z.infer<typeof AnnotationV1>;

/**
 * A person's (or, synced, a team's) judgement of one discussion: the stored record, keyed by
 * thread key (see ANNOTATION_RECORD). Every register carries a stamp for per-field
 * last-writer-wins merging; a deleted annotation stays as a tombstone (`deleted`) so the delete
 * reaches every copy.
 */
export const Annotation = z.object(recordShape(ANNOTATION_RECORD, Stamp)).check(keyMatchesSite());
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
  /**
   * The team's number, once two or more members have rated (docs/conflicts.md): the median of
   * each member's own latest rating, how many rated, and this profile's own rating. Absent when
   * one person (or nobody) rated: the badge then shows `maturity` as it always did.
   */
  team: z.optional(
    z.object({
      maturity: Maturity,
      raters: z.int().check(z.minimum(2)),
      own: z.nullable(Maturity),
    }),
  ),
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
  /**
   * What the toolbar icon counts on a tab: discussions needing attention (due or stale), open
   * issues, or nothing (optional: older settings lack it, and mean 'attention').
   */
  toolbarCount: z.optional(z.enum(['attention', 'openIssues', 'off'])),
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
