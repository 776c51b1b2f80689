/**
 * `lookup-1000` (issue 7): how long a page waits for its badges. A real content script (the
 * isolated world of the Wikipedia demo page in Chromium, reached through the DevTools protocol)
 * sends one `lookup` of 1,000 thread keys to the built extension's background and times the
 * answer with performance.now() inside the page. Baseline: 1,000 annotations stored; value:
 * 100,000 stored. Both profiles are filled through the dashboard's import (the 100,000 are the
 * ones `import-100k` imports, so they are written once for both figures), every key looked up is
 * stored, and the 1,000 keys are spread over the whole store, so nothing is read from
 * neighbouring rows by luck. The figure is the median of repeated lookups of the same keys,
 * which the background answers from its in-memory badge copy (storage/badge-cache.ts) after one
 * IndexedDB read; the first lookup after the rows were written, which reads every key from
 * IndexedDB, is in the details.
 */
import type { CDPSession, Page } from 'playwright-core';
import { DEMO_PAGES, waitFor, type Launched } from '../../tests/e2e/harness';
import { median, type FigureResult } from './figure';

export const LOOKUP_KEYS = 1_000;
const WARMUPS = 3;

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
 * `timeLookups` from the content script of a new tab on the Wikipedia demo page (the launch must
 * serve it), closed after: each measurement's tab subscribes to its own keys only, as a page does.
 */
export async function lookupsInNewTab(launched: Launched, keys: string[], runs: number): Promise<{ first: number; times: number[] }> {
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

/** Lookup times of one profile: the first lookup after the write, and the measured runs. */
export type LookupTimes = { first: number; times: number[] };

const fmt = (values: number[]) => values.map((v) => v.toFixed(1)).join(' ');

/** `lookup-1000` from the lookups with `small` and with `large` annotations stored. */
export function lookupFigure(small: LookupTimes, large: LookupTimes, counts: { small: number; large: number }): FigureResult {
  const value = median(large.times);
  return {
    name: 'lookup-1000',
    value,
    baseline: median(small.times),
    unit: 'ms',
    maxRatio: 2,
    against: `the same lookup with ${counts.small.toLocaleString('en')} stored`,
    alsoMet: [{ goal: `under 20 ms at ${counts.large.toLocaleString('en')}`, ok: value < 20, measured: `${value.toFixed(1)} ms` }],
    details:
      `${LOOKUP_KEYS} keys, all stored; median of ${large.times.length} after ${WARMUPS} warm-ups; ` +
      `first lookup after the write (all read from IndexedDB) ${small.first.toFixed(1)} ms at 1k, ${large.first.toFixed(1)} ms at 100k; ` +
      `runs at 1k: ${fmt(small.times)}; at 100k: ${fmt(large.times)}`,
  };
}
