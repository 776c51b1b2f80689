/**
 * Helpers for driving the extension's own pages in e2e tests and the screenshot script: edits
 * through the real background, seeding IndexedDB directly, and axe-core accessibility checks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { applyEdit, emptyAnnotation, type EditOp } from '../../storage/model';
import type { Annotation, ThreadRef } from '../../storage/schema';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; error?: string; value?: unknown }> } };

/** Sends one edit through the background from an extension page, as the side panel does. */
export async function sendEdit(extensionPage: Page, thread: ThreadRef, op: EditOp): Promise<void> {
  const answer = await extensionPage.evaluate((message) => chrome.runtime.sendMessage(message), { type: 'edit', thread, op });
  if (!answer?.ok) throw new Error(`edit failed: ${answer?.error}`);
}

/** Builds a valid annotation by applying edits to an empty one (the same code the background runs). */
export function buildAnnotation(ref: ThreadRef, ops: Array<{ op: EditOp; at: number; by?: string }>, createdAt: number): Annotation {
  let a = emptyAnnotation(ref, createdAt);
  for (const { op, at, by } of ops) {
    a = applyEdit(a, op, { now: at, by: by ?? '', memberId: 'seed', lastActivity: ref.native.lastActivity });
  }
  return a;
}

/**
 * Writes annotations straight into the extension's IndexedDB from one of its pages (which must
 * have opened the database once, so the schema exists), then reloads the page. Raises the
 * annotations revision in the same transaction, as every write through Dexie does
 * (storage/revisions.ts), so the background's badge copy sees the change.
 */
export async function seedDatabase(extensionPage: Page, annotations: Annotation[]): Promise<void> {
  // Handed over as one JSON string, parsed in the page: Playwright's own serialisation of the
  // argument, value by value, was most of the 44 s that seeding 5,000 annotations took on a
  // loaded machine. Annotations are plain JSON data (they are exported as JSON too).
  await extensionPage.evaluate(async (json) => {
    const rows = JSON.parse(json) as unknown[];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('doneness');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['annotations', 'revisions'], 'readwrite');
      const store = tx.objectStore('annotations');
      for (const row of rows) store.put(row);
      const revisions = tx.objectStore('revisions');
      const read = revisions.get('annotations');
      read.onsuccess = () => revisions.put({ table: 'annotations', revision: ((read.result?.revision as number) ?? 0) + 1 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, JSON.stringify(annotations));
  await extensionPage.reload();
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One axe finding, trimmed to what a failing test should print. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on a page and returns its serious and critical violations. The source is
 * evaluated through the DevTools protocol, which extension pages' CSP (script-src 'self') allows.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Once per document: axe is half a megabyte of script to parse, and a page is often checked
  // again (light, then dark).
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) {
    const cdp = await page.context().newCDPSession(page);
    try {
      await cdp.send('Runtime.evaluate', { expression: AXE_SOURCE });
    } finally {
      await cdp.detach();
    }
  }
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const run = await axe.run(document, { resultTypes: ['violations'] });
    return run.violations as Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  });
  return results
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
