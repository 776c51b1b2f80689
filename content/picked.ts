/**
 * The content script's part of picked discussions: which are picked on this page (asked of the
 * background, checked here without zod), and finding them through the picker script once the
 * background has put it into the page. Re-anchoring runs on every scan while some are not found
 * (feed growth, a late render), at most every `PASS_MS`; once all are found, only when one of
 * their blocks left the page.
 */
import { parseSelectors } from '../sites/anchoring/selectors';
import type { FoundThread } from '../sites/types';
import { LIMITS, isThreadKey } from '../storage/limits';
import type { ThreadRef } from '../storage/schema';
import type { PickerApi } from './picker-api';

/** Least time between two re-anchoring passes while some picked discussions are not found. */
const PASS_MS = 250;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** The background's list of picked discussions, each checked; malformed ones are left out. */
export function pickedRefs(raw: unknown): ThreadRef[] {
  if (!isObject(raw) || !Array.isArray(raw.found)) return [];
  const out: ThreadRef[] = [];
  for (const r of raw.found.slice(0, LIMITS.keysPerLookup)) {
    if (!isObject(r) || !isThreadKey(r.key) || !text(r.title, LIMITS.title) || !text(r.url, LIMITS.url) || !isObject(r.target)) continue;
    const site = r.key.slice(0, r.key.indexOf(':')) as ThreadRef['site'];
    const selectors = parseSelectors(r.target.selector);
    if (!selectors.ok || !text(r.target.source, LIMITS.url)) continue;
    out.push({
      key: r.key,
      site,
      title: r.title,
      url: r.url,
      native: { state: null, replies: null, participants: null, lastActivity: null },
      target: { source: r.target.source, selector: selectors.value },
    });
  }
  return out;
}

/** The picked discussions of the page and where they were last found. */
export function pickedOnPage(api: () => PickerApi | undefined, doc: Document, now: () => number = Date.now) {
  let refs: ThreadRef[] = [];
  let found: FoundThread[] = [];
  let orphans: ThreadRef[] = [];
  let lastPass = -Infinity;
  let dirty = true;
  let running = false;

  return {
    /** Replaces the list (a new page or route). */
    set(list: ThreadRef[]): void {
      refs = list;
      found = [];
      orphans = [...list];
      dirty = true;
    },
    /** Adds or re-points one (just picked). */
    add(ref: ThreadRef): void {
      refs = [...refs.filter((r) => r.key !== ref.key), ref];
      dirty = true;
    },
    /** The stored reference of a picked key (with its target), if it is one. */
    ref: (key: string): ThreadRef | undefined => refs.find((r) => r.key === key),
    /**
     * The picked threads for this scan: re-anchored when asked to, when some are missing (not
     * more often than every PASS_MS) or when a found block left the page; else as last found.
     * `late` is called when a pass was skipped for time, so the caller can scan once more.
     */
    threads(late: () => void): FoundThread[] {
      const picker = api();
      if (!picker || refs.length === 0) return [];
      const gone = found.some((f) => !f.badgeAnchor.isConnected);
      if ((dirty || gone || orphans.length > 0) && !running) {
        if (!dirty && now() - lastPass < PASS_MS) late();
        else {
          // The pass runs in slices (the picker script yields to the page between them); its
          // answer is drawn by the scan `late` asks for, when it changed anything.
          lastPass = now();
          dirty = false;
          running = true;
          const asked = refs;
          const before = found;
          picker.anchor(doc, refs).then(
            (pass) => {
              running = false;
              if (refs !== asked) {
                dirty = true;
                late();
                return;
              }
              found = pass.found;
              orphans = pass.orphans;
              const same = before.length === found.length && found.every((f, i) => f.key === before[i].key && f.badgeAnchor === before[i].badgeAnchor);
              if (!same) late();
            },
            () => (running = false),
          );
        }
      }
      return found.filter((f) => f.badgeAnchor.isConnected);
    },
    /** Found and not found, for the side panel. */
    list: () => ({ found: refs.filter((r) => !orphans.includes(r)), orphans }),
    /** Whether there are any. */
    any: () => refs.length > 0,
  };
}
