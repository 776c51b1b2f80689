/**
 * Hybrid logical clock stamps for per-field last-writer-wins. A stamp is a fixed-width string
 * `<wall ms, base 36, 9 chars>.<counter, base 36, 4 chars>.<node id>`, so plain string
 * comparison orders stamps by time, then counter, then node: any two clients agree on a winner.
 */

/** The empty stamp: older than every real one (a field never written). */
export const NO_STAMP = '';

const WALL = 9;
const COUNTER = 4;

/** Builds a stamp from its parts. */
export function makeStamp(wall: number, counter: number, node: string): string {
  return `${Math.max(0, Math.floor(wall)).toString(36).padStart(WALL, '0')}.${counter.toString(36).padStart(COUNTER, '0')}.${node}`;
}

/** The wall-clock milliseconds and counter of a stamp (0, 0 for the empty stamp). */
export function parseStamp(stamp: string): { wall: number; counter: number; node: string } {
  if (!stamp) return { wall: 0, counter: 0, node: '' };
  const [wall, counter, ...node] = stamp.split('.');
  return { wall: parseInt(wall, 36) || 0, counter: parseInt(counter, 36) || 0, node: node.join('.') };
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
 */
export function nextStamp(seen: string, now: number, node: string): string {
  const last = parseStamp(seen);
  if (now > last.wall) return makeStamp(now, 0, node);
  return makeStamp(last.wall, last.counter + 1, node);
}

/** Stamp pattern for schemas: 9 + 1 + 4 + 1 + node id (1–40 safe characters), or empty. */
export const STAMP_PATTERN = /^$|^[0-9a-z]{9}\.[0-9a-z]{4}\.[A-Za-z0-9_-]{1,40}$/;
