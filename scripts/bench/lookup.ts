/**
 * `lookup-1000` (issue 7): how long a page waits for its badges. A real content script (the
 * isolated world of the Wikipedia demo page in Chromium, reached through the DevTools protocol)
 * sends one `lookup` of 1,000 thread keys to the built extension's background and times the
 * answer with performance.now() inside the page. Baseline: 1,000 annotations stored; value:
 * 100,000 stored. Every key looked up is stored, and the 1,000 keys are spread over the whole
 * store, so nothing is read from neighbouring rows by luck. The figure is the median of repeated
 * lookups of the same keys, which the background answers from its in-memory badge copy
 * (storage/badge-cache.ts) after one IndexedDB read; the first lookup after the rows were
 * written, which reads every key from IndexedDB, is in the details.
 */
import { rmSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { applyEdit, emptyAnnotation } from '../../storage/model';
import type { Annotation } from '../../storage/schema';
import { DEMO_PAGES, launch, openExtensionPage, waitFor, type Launched } from '../../tests/e2e/harness';
import { median, type Figure } from './figure';

const SMALL = 1_000;
const LARGE = 100_000;
const KEYS = 1_000;
const WARMUPS = 3;
/** Rows written per IndexedDB transaction while seeding. */
const SEED_CHUNK = 10_000;
/** Quiet time after seeding, so the browser's storage has written the rows before the first lookup. */
const SETTLE_MS = 3_000;

/** Thread key of stored annotation i (the seeding page builds the same string). */
const keyOf = (i: number) => `mediawiki:wiki.example.org/Talk:Bench_${i}#Section_${i}`;

/**
 * One annotation like a busy team's (a rating, two issues of which one is resolved, a note, tags,
 * history), built by the product's own edit code; the seeding page copies it under each key.
 */
function template(): Annotation {
  const ref = {
    key: keyOf(0),
    site: 'mediawiki' as const,
    title: 'Section 0 of the bench talk page',
    url: 'https://wiki.example.org/wiki/Talk:Bench_0#Section_0',
    native: { state: null, replies: 4, participants: 3, lastActivity: '2025-01-01T00:00:00Z' },
  };
  const ctx = (at: number) => ({ now: 1_700_000_000_000 + at, by: 'Bench', memberId: 'bench', lastActivity: '2025-01-01T00:00:00Z' });
  let a = emptyAnnotation(ref, ctx(0).now);
  a = applyEdit(a, { kind: 'setMaturity', maturity: 40 }, ctx(1));
  a = applyEdit(a, { kind: 'addIssue', id: 'a', text: 'Who signs off on the change?' }, ctx(2));
  a = applyEdit(a, { kind: 'addIssue', id: 'b', text: 'Does it break the mobile skin?' }, ctx(3));
  a = applyEdit(a, { kind: 'resolveIssue', id: 'a', resolution: 'The team lead does.' }, ctx(4));
  a = applyEdit(a, { kind: 'setMaturity', maturity: 60 }, ctx(5));
  a = applyEdit(a, { kind: 'setNote', text: 'Proposals are on the table; waiting for the skin check.' }, ctx(6));
  a = applyEdit(a, { kind: 'setTags', tags: ['release', 'skins'] }, ctx(7));
  return a;
}

/**
 * Stores annotations `from`..`to - 1` in the extension's database through one of its pages, in
 * chunks of SEED_CHUNK rows per transaction; copies of the template under each key. Each chunk
 * raises the annotations revision as every write through Dexie does (storage/revisions.ts), so
 * the background sees a write from another context, as after an import.
 */
async function seed(extensionPage: Page, from: number, to: number): Promise<void> {
  const base = template();
  for (let start = from; start < to; start += SEED_CHUNK) {
    const end = Math.min(to, start + SEED_CHUNK);
    await extensionPage.evaluate(
      async ({ base, start, end }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('doneness');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['annotations', 'revisions'], 'readwrite');
          const store = tx.objectStore('annotations');
          const revisions = tx.objectStore('revisions');
          const read = revisions.get('annotations');
          read.onsuccess = () => revisions.put({ table: 'annotations', revision: ((read.result?.revision as number) ?? 0) + 1 });
          for (let i = start; i < end; i++) {
            store.put({
              ...base,
              threadKey: `mediawiki:wiki.example.org/Talk:Bench_${i}#Section_${i}`,
              title: `Section ${i} of the bench talk page`,
              url: `https://wiki.example.org/wiki/Talk:Bench_${i}#Section_${i}`,
            });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { base, start, end },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** A DevTools session on the page and the id of the extension's content-script world in it. */
async function contentWorld(launched: Launched, page: Page): Promise<{ cdp: CDPSession; contextId: number }> {
  const cdp = await launched.context.newCDPSession(page);
  const worlds: Array<{ id: number; origin: string; name: string; auxData?: { type?: string; isDefault?: boolean } }> = [];
  cdp.on('Runtime.executionContextCreated', (event: { context: (typeof worlds)[number] }) => worlds.push(event.context));
  // Runtime.enable reports every context that exists already, then each new one.
  await cdp.send('Runtime.enable');
  const { value } = await waitFor(
    async () => worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.includes(launched.extensionId)),
    (world) => world !== undefined,
    15_000,
  );
  return { cdp, contextId: value!.id };
}

/** Evaluates an expression in the content script's world and returns its (awaited) value. */
async function evaluate<T>(world: { cdp: CDPSession; contextId: number }, expression: string): Promise<T> {
  const result = (await world.cdp.send('Runtime.evaluate', {
    expression,
    contextId: world.contextId,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } };
  if (result.exceptionDetails) {
    throw new Error(`in the content script: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
  }
  return result.result.value as T;
}

/**
 * Times WARMUPS + `runs` lookups of `keys` from the content script, one at a time with a pause
 * between them (well under the background's 50 messages a second per tab); answers the first
 * (the background reads every key from IndexedDB) and the `runs` after the warm-ups. Checks
 * every answer holds a state for every key.
 */
async function timeLookups(world: { cdp: CDPSession; contextId: number }, keys: string[], runs: number): Promise<{ first: number; times: number[] }> {
  await evaluate(world, `globalThis.__donenessBenchKeys = ${JSON.stringify(keys)}; true`);
  const times: number[] = [];
  let first = 0;
  for (let run = 0; run < WARMUPS + runs; run++) {
    const { ms, ok, error, found } = await evaluate<{ ms: number; ok: boolean; error?: string; found: number }>(
      world,
      `(async () => {
        const keys = globalThis.__donenessBenchKeys;
        const start = performance.now();
        const answer = await chrome.runtime.sendMessage({ type: 'lookup', keys, reset: false, site: 'mediawiki' });
        const ms = performance.now() - start;
        return { ms, ok: answer?.ok === true, error: answer?.error, found: answer?.ok ? keys.filter((k) => answer.value.states[k]).length : 0 };
      })()`,
    );
    if (!ok) throw new Error(`lookup failed: ${error}`);
    if (found !== keys.length) throw new Error(`lookup answered ${found} of ${keys.length} stored keys`);
    if (run === 0) first = ms;
    if (run >= WARMUPS) times.push(ms);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { first, times };
}

/**
 * `timeLookups` from the content script of a new tab on the Wikipedia demo page, closed after:
 * each measurement's tab subscribes to its own keys only, as a page does.
 */
async function lookupsInNewTab(launched: Launched, keys: string[], runs: number): Promise<{ first: number; times: number[] }> {
  const page = await launched.context.newPage();
  try {
    await page.goto(DEMO_PAGES[0].url);
    const world = await contentWorld(launched, page);
    const result = await timeLookups(world, keys, runs);
    await world.cdp.detach();
    return result;
  } finally {
    await page.close();
  }
}

const fmt = (values: number[]) => values.map((v) => v.toFixed(1)).join(' ');

/** Lookup of 1,000 stored keys with 1,000 against 100,000 annotations stored. */
export const lookupBench: Figure = {
  names: ['lookup-1000'],
  async run({ quick }) {
    const runs = quick ? 5 : 15;
    const launched = await launch({ pages: [DEMO_PAGES[0]] });
    try {
      // The dashboard opens the database (creating its schema) before anything is seeded.
      const dashboard = await openExtensionPage(launched, 'options.html');
      await dashboard.getByText('Nothing annotated yet.', { exact: false }).waitFor();
      await seed(dashboard, 0, SMALL);
      const smallKeys = Array.from({ length: KEYS }, (_, i) => keyOf(i));
      const small = await lookupsInNewTab(launched, smallKeys, runs);

      await seed(dashboard, SMALL, LARGE);
      // 1,000 keys spread evenly over all 100,000 stored ones.
      const largeKeys = Array.from({ length: KEYS }, (_, i) => keyOf(i * (LARGE / KEYS) + (i % (LARGE / KEYS))));
      const large = await lookupsInNewTab(launched, largeKeys, runs);

      const value = median(large.times);
      return [
        {
          name: 'lookup-1000',
          value,
          baseline: median(small.times),
          unit: 'ms',
          maxRatio: 2,
          against: `the same lookup with ${SMALL.toLocaleString('en')} stored`,
          alsoMet: [{ goal: 'under 20 ms at 100,000', ok: value < 20, measured: `${value.toFixed(1)} ms` }],
          details:
            `${KEYS} keys, all stored; median of ${runs} after ${WARMUPS} warm-ups; ` +
            `first lookup after the write (all read from IndexedDB) ${small.first.toFixed(1)} ms at 1k, ${large.first.toFixed(1)} ms at 100k; ` +
            `runs at 1k: ${fmt(small.times)}; at 100k: ${fmt(large.times)}`,
        },
      ];
    } finally {
      await launched.context.close();
      rmSync(launched.profileDir, { recursive: true, force: true });
    }
  },
};
