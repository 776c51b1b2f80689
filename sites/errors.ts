/**
 * Contained breakage (STYLE.md habit 4): an adapter that throws is logged once, tagged with its
 * id, and treated as "no threads found", so one broken site never stops the others.
 */
const reported = new Set<string>();

/** Log an adapter's failure once per adapter and failure message (pages re-scan on every mutation). */
export function reportAdapterError(adapterId: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const tag = `${adapterId}: ${message}`;
  if (reported.has(tag)) return;
  reported.add(tag);
  console.warn(`[doneness:${adapterId}] thread detection failed, showing no threads:`, error);
}
