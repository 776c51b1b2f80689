/**
 * The rule for times that come from elsewhere (issue 20): a record from an import file or the
 * team database may be at most `TIME_LIMITS.clockSkew` ahead of this computer's clock, in every
 * time field and every clock stamp; further ahead, it is refused with the path of the field. The
 * stored schema (storage/schema.ts) bounds every time absolutely (`TIME_LIMITS`), and the design
 * document (storage/sync/design.ts) applies both bounds on the server with the server's clock.
 * Why: a stamp from the far future would win every merge for good and, near the stamp's width,
 * leave no later stamp for an edit or a delete; a time beyond what `Date` represents blanks views.
 */
import type * as z from 'zod/mini';
import { stampTime } from './hlc';
import { TIME_LIMITS } from './limits';
import { Annotation, Millis, Stamp } from './schema';

/** One field that is too far ahead: its path in the record and why. */
export interface TimeProblem {
  path: PropertyKey[];
  message: string;
}

/** The latest time a record received at `now` may hold. */
export function latestAccepted(now: number): number {
  return Math.min(TIME_LIMITS.max, now + TIME_LIMITS.clockSkew);
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.core.$ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Calls `visit` for every time (`Millis`) and clock stamp (`Stamp`) of a value of `schema`,
 * found by walking the schema itself, so a new field of either kind is covered without being
 * listed here. The design document's validator is generated the same way (storage/sync/design.ts).
 * `path` is the walk's own stack of keys, changed as the walk goes on: a visitor copies it to
 * keep it (an import walks 100,000 records; a path made for every field cost half the walk).
 */
export function visitTimes(
  schema: z.core.$ZodType,
  value: unknown,
  visit: (kind: 'time' | 'stamp', value: unknown, path: readonly PropertyKey[]) => void,
  path: PropertyKey[] = [],
): void {
  if (schema === Millis) return visit('time', value, path);
  if (schema === Stamp) return visit('stamp', value, path);
  const def = defOf(schema);
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  switch (def.type) {
    case 'object':
      if (!isObject) return;
      for (const [key, inner] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
        if (!Object.hasOwn(value, key)) continue;
        path.push(key);
        visitTimes(inner, (value as Record<string, unknown>)[key], visit, path);
        path.pop();
      }
      return;
    case 'record':
      if (!isObject) return;
      for (const [key, item] of Object.entries(value)) {
        path.push(key);
        visitTimes(def.valueType as z.core.$ZodType, item, visit, path);
        path.pop();
      }
      return;
    case 'array':
      if (!Array.isArray(value)) return;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visitTimes(def.element as z.core.$ZodType, value[i], visit, path);
        path.pop();
      }
      return;
    case 'nullable':
    case 'optional':
    case 'default':
      if (value !== null && value !== undefined) visitTimes(def.innerType as z.core.$ZodType, value, visit, path);
      return;
  }
}

/** Every time and stamp of a received record that is later than `now` plus the allowed skew. */
export function aheadOfClock(a: Annotation, now: number): TimeProblem[] {
  const latest = latestAccepted(now);
  const when = new Date(latest).toISOString();
  const problems: TimeProblem[] = [];
  visitTimes(Annotation, a, (kind, value, path) => {
    if (kind === 'time' && typeof value === 'number' && value > latest) {
      problems.push({ path: [...path], message: `the time ${value} is later than ${when} (more than a day ahead of this clock)` });
    }
    if (kind === 'stamp' && typeof value === 'string' && stampTime(value) > latest) {
      problems.push({ path: [...path], message: `the stamp ${value.slice(0, 60)} is later than ${when} (more than a day ahead of this clock)` });
    }
  });
  return problems;
}

const inRange = (ms: number) => Number.isInteger(ms) && ms >= TIME_LIMITS.min && ms <= TIME_LIMITS.max;

/**
 * A stored record with every impossible time (outside `TIME_LIMITS`: only records stored before
 * times were bounded hold one) set to `now`, so an edit or a delete of it stays valid. Records
 * without such times come back as they are (the same object).
 */
export function repairTimes(a: Annotation, now: number): Annotation {
  const fix = (ms: number) => (inRange(ms) ? ms : Math.min(Math.max(TIME_LIMITS.min, Math.floor(now) || 0), TIME_LIMITS.max));
  const issuesOk = a.issues.every((i) => inRange(i.createdAt) && (i.resolvedAt === null || inRange(i.resolvedAt)));
  if (inRange(a.createdAt) && inRange(a.updatedAt) && a.history.every((h) => inRange(h.at)) && issuesOk) return a;
  return {
    ...a,
    createdAt: fix(a.createdAt),
    updatedAt: fix(a.updatedAt),
    history: a.history.map((h) => (inRange(h.at) ? h : { ...h, at: fix(h.at) })),
    issues: a.issues.map((i) => ({ ...i, createdAt: fix(i.createdAt), resolvedAt: i.resolvedAt === null ? null : fix(i.resolvedAt) })),
  };
}

/** A time as ISO 8601 for a `dateTime` attribute, or undefined when `Date` cannot represent it. */
export function isoTime(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
