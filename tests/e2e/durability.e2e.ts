/**
 * Durability in Chromium: the service worker is stopped in the middle of a burst of edits.
 * Every record left in IndexedDB is a whole, valid annotation (no partial write), every edit
 * the background acknowledged is there, and after the worker restarts the badges on open pages
 * still follow new edits (subscriptions survive in storage.session).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Annotation } from '../../storage/schema';
import { DEMO_PAGES, closeAndDelete, launch, openExtensionPage, openPage, readBadges, stopServiceWorker, tabIdOf, waitFor, type Launched } from './harness';

const TALK = DEMO_PAGES.find((p) => p.url.includes('wikipedia.org'))!;
const threads = (JSON.parse(readFileSync(TALK.file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
  result: { threads: Array<{ key: string; title: string; url: string; native: unknown }> };
}).result.threads.map((t) => ({ ...t, site: 'mediawiki' }));

let launched: Launched;
let talk: Page;
let panel: Page;

async function storedRows(page: Page): Promise<unknown[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('doneness');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<unknown[]>((resolve) => {
      const request = db.transaction('annotations').objectStore('annotations').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return rows;
  });
}

describe('durability in Chromium', () => {
  before(async () => {
    launched = await launch();
    talk = await openPage(launched, TALK.url);
    await waitFor(() => readBadges(talk), (b) => b.length === threads.length);
    panel = await openExtensionPage(launched, `sidepanel.html?tab=${await tabIdOf(launched, talk)}`);
    await panel.waitForSelector('main');
  });
  after(() => closeAndDelete(launched));

  it('leaves only whole annotations when the worker stops mid-write, and keeps every acknowledged edit', async () => {
    // A burst of large edits, not awaited one by one, so writes are in flight when the worker stops.
    await panel.evaluate((list) => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime;
      const w = window as unknown as { acknowledged: Array<{ key: string; id: string }>; settled: number };
      w.acknowledged = [];
      w.settled = 0;
      for (let n = 0; n < 400; n++) {
        const thread = list[n % list.length];
        const op =
          n % 4 === 0
            ? { kind: 'setNote', text: `note ${n} `.repeat(1500) }
            : n % 4 === 1
              ? { kind: 'setMaturity', maturity: (n * 5) % 105 }
              : { kind: 'addIssue', id: `burst-${n}`, text: `Burst issue ${n}` };
        runtime
          .sendMessage({ type: 'edit', thread, op })
          .then((answer) => {
            if (answer?.ok && op.kind === 'addIssue') w.acknowledged.push({ key: thread.key, id: op.id as string });
          })
          .catch(() => undefined)
          .finally(() => (w.settled += 1));
      }
    }, threads);
    await waitFor(() => panel.evaluate(() => (window as unknown as { settled: number }).settled), (n) => n >= 40, 20000);
    await stopServiceWorker(panel);
    await waitFor(() => panel.evaluate(() => (window as unknown as { settled: number }).settled), (n) => n >= 400, 30000);
    const acknowledged = await panel.evaluate(() => (window as unknown as { acknowledged: Array<{ key: string; id: string }> }).acknowledged);

    const rows = await storedRows(panel);
    assert.ok(rows.length > 0, 'something was written before the stop');
    for (const row of rows) {
      const parsed = Annotation.safeParse(row);
      assert.ok(parsed.success, `a stored record is not a whole annotation: ${JSON.stringify(row).slice(0, 200)}`);
    }
    const byKey = new Map((rows as Annotation[]).map((r) => [r.threadKey, r]));
    const lost = acknowledged.filter(({ key, id }) => !byKey.get(key)?.issues.some((i) => i.id === id));
    console.log(`# edits 400, acknowledged issue adds ${acknowledged.length}, lost ${lost.length}, records ${rows.length}`);
    assert.equal(lost.length, 0);
  });

  it('wakes the worker and keeps badges live after the stop', async () => {
    await stopServiceWorker(panel);
    const target = threads[3];
    const answer = await panel.evaluate(
      (thread) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime.sendMessage({
          type: 'edit',
          thread,
          op: { kind: 'setMaturity', maturity: 85 },
        }),
      target,
    );
    assert.ok(answer.ok);
    const anchor = decodeURIComponent(target.url.slice(target.url.indexOf('#') + 1));
    await waitFor(() => readBadges(talk), (b) => b.find((x) => x.anchorId === anchor)?.text.startsWith('85%') === true, 5000);
  });
});
