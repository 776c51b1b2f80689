/**
 * Hybrid logical clock stamps for per-field last-writer-wins. A stamp is a fixed-width string
 * `<wall ms, base 36, 9 chars>.<counter, base 36, 4 chars>.<node id>`, so plain string
 * comparison orders stamps by time, then counter, then node: any two clients agree on a winner.
 */

import { TIME_LIMITS } from './limits';

/** The empty stamp: older than every real one (a field never written). */
export const NO_STAMP = '';

const WALL = 9;
const COUNTER = 4;
/** The largest wall time and counter a stamp can write (9 and 4 base-36 digits). */
const MAX_WALL = 36 ** WALL - 1;
const MAX_COUNTER = 36 ** COUNTER - 1;

/** Builds a stamp from its parts. */
export function makeStamp(wall: number, counter: number, node: string): string {
  return `${Math.max(0, Math.floor(wall)).toString(36).padStart(WALL, '0')}.${counter.toString(36).padStart(COUNTER, '0')}.${node}`;
}

/** The wall-clock milliseconds and counter of a stamp (0, 0 for the empty stamp). */
export function parseStamp(stamp: string): { wall: number; counter: number; node: string } {
  if (!stamp) return { wall: 0, counter: 0, node: '' };
  const [, counter, ...node] = stamp.split('.');
  return { wall: stampTime(stamp), counter: parseInt(counter, 36) || 0, node: node.join('.') };
}

/** The latest of some stamps. */
export function maxStamp(stamps: Iterable<string>): string {
  let best = NO_STAMP;
  for (const s of stamps) if (s > best) best = s;
  return best;
}

/**
 * The next stamp for a write by `node` at `now`, later than every stamp in `seen` (the record's
 * current stamps), so a local edit always wins over what it edits even if the clock went back.
 * Always a valid stamp: a clock beyond the bound of stored times counts as that bound; a full
 * counter rolls over into the next millisecond; and a stamp already at the largest time and
 * counter (only a record stored before stamps were bounded can hold one) is answered with that
 * same time and counter, so the record can still be edited and deleted.
 */
export function nextStamp(seen: string, now: number, node: string): string {
  const last = parseStamp(seen);
  const wall = Math.min(Math.max(0, Math.floor(now) || 0), TIME_LIMITS.max);
  if (wall > last.wall) return makeStamp(wall, 0, node);
  if (last.counter < MAX_COUNTER) return makeStamp(last.wall, last.counter + 1, node);
  if (last.wall < MAX_WALL) return makeStamp(last.wall + 1, 0, node);
  return makeStamp(MAX_WALL, MAX_COUNTER, node);
}

/** The wall time of a stamp in milliseconds (0 for the empty stamp). */
export function stampTime(stamp: string): number {
  // parseInt reads the base-36 digits up to the first dot: no split (an import reads 1.5 million).
  return parseInt(stamp, 36) || 0;
}

/** Stamp pattern for schemas: 9 + 1 + 4 + 1 + node id (1–40 safe characters), or empty. */
export const STAMP_PATTERN = /^$|^[0-9a-z]{9}\.[0-9a-z]{4}\.[A-Za-z0-9_-]{1,40}$/;
