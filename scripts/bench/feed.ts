/**
 * Feed figures (issue 7), on a generated Viva Engage community feed that grows as a page script
 * appends posts, as the real feed does while one scrolls:
 *
 * - `feed-append`: the content script's own script time (CPU profile samples whose stack runs
 *   through the content script) for appending 50 posts to a feed that holds 5,000 posts, against
 *   the same on a feed of 100. Work must grow with what was added, not with the page.
 * - `content-heap-feed`: JS heap after a 5,000-post feed (and the appends above) with the content
 *   script running, minus the same page and posts without it (both after forced garbage collection).
 */
import { median, type Figure, type FigureResult } from './figure';
import { heapAfterGc, openQuiet, sharedBenchBrowser, waitQuiet, type BenchBrowser, type BenchPage } from './browser';
import { yammerFeedPage, yammerPosts } from './pages';
import { contentScriptFor } from '../../services/shared/annotate-page';

/** A Viva Engage community feed URL: the content script is declared for it and runs by itself. */
const FEED_URL = 'https://engage.cloud.microsoft/main/org/contoso.com/groups/eyJfdHlwZSI6Ikdyb3VwIiwiaWQiOiIxMDE0NDE4MiJ9/all';
/** The same page on the bench host, where no content script runs. */
const PLAIN_PATH = '/feed-without-extension';

/** Appends posts `from`.. in the page, as its own script would (one batch per call). */
async function append(target: BenchPage, from: number, count: number): Promise<void> {
  await target.page.evaluate(`document.querySelector('[data-testid="feed-list"]').insertAdjacentHTML('beforeend', ${JSON.stringify(yammerPosts(from, count))})`);
}

/** Grows the feed to `posts` in batches of 1,000, letting the page (and the content script) settle. */
async function grow(target: BenchPage, posts: number): Promise<void> {
  for (let n = 0; n < posts; n += 1000) {
    await append(target, n, Math.min(1000, posts - n));
    await waitQuiet(target.cdp, { windowMs: 300 });
  }
}

/** Milliseconds of profile samples whose stack passes through a script of `urlPart`. */
function scriptTime(profile: { nodes: { id: number; parent?: number; callFrame: { url: string } }[]; samples: number[]; timeDeltas: number[] }, urlPart: string): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of (n as { children?: number[] }).children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = node.callFrame.url.includes(urlPart) || (up !== undefined && isOurs(up));
    ours.set(id, result);
    return result;
  };
  let us = 0;
  for (let i = 0; i < profile.samples.length; i++) if (isOurs(profile.samples[i])) us += profile.timeDeltas[i + 1] ?? 0;
  return us / 1000;
}

/**
 * The content script's time for `rounds` appends of 50 posts onto a feed of `existing` (median),
 * and the heap in use at the end, after garbage collection.
 */
async function appendCost(browser: BenchBrowser, existing: number, rounds: number): Promise<{ ms: number; heap: number }> {
  const target = await openQuiet(browser, FEED_URL);
  try {
    await grow(target, existing);
    const costs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await target.cdp.send('Profiler.enable');
      await target.cdp.send('Profiler.setSamplingInterval', { interval: 50 });
      await target.cdp.send('Profiler.start');
      await append(target, existing + r * 50, 50);
      await waitQuiet(target.cdp, { windowMs: 300 });
      const { profile } = (await target.cdp.send('Profiler.stop')) as { profile: Parameters<typeof scriptTime>[0] };
      costs.push(scriptTime(profile, contentScriptFor(FEED_URL)!));
    }
    await target.cdp.send('Profiler.disable');
    const badges = await target.page.evaluate(() => document.querySelectorAll('[data-doneness-badge]').length);
    if (badges === 0) throw new Error('feed: the content script put no badge on the feed');
    return { ms: median(costs), heap: await heapAfterGc(target.cdp) };
  } finally {
    await target.close();
  }
}

/** Heap after the same feed and appends on a host where the content script does not run. */
async function plainHeap(browser: BenchBrowser, posts: number): Promise<number> {
  const target = await openQuiet(browser, PLAIN_PATH);
  try {
    await grow(target, posts);
    return await heapAfterGc(target.cdp);
  } finally {
    await target.close();
  }
}

export const feedBench: Figure = {
  names: ['feed-append', 'content-heap-feed'],
  async run({ quick }) {
    const browser = await sharedBenchBrowser();
    browser.serve(FEED_URL, yammerFeedPage());
    browser.serve(PLAIN_PATH, yammerFeedPage());
    const rounds = quick ? 7 : 11;
    const small = await appendCost(browser, 100, rounds);
    const big = await appendCost(browser, 5000, rounds);
    // The same posts (the 5,000 and the appended ones) without the content script.
    const without = await plainHeap(browser, 5000 + rounds * 50);
    const growthMb = (big.heap - without) / 1024 / 1024;
    const results: FigureResult[] = [
      {
        name: 'feed-append',
        value: big.ms,
        baseline: small.ms,
        unit: 'ms',
        maxRatio: 1.5,
        against: 'the same 50-post append onto a feed of 100',
        details: `content-script time per append, median of ${rounds}`,
      },
      {
        name: 'content-heap-feed',
        value: Math.max(0, growthMb),
        baseline: 10,
        unit: 'MB',
        maxRatio: 1,
        against: 'the 10 MB budget',
        details: `JS heap after GC with the content script ${(big.heap / 1048576).toFixed(1)} MB, without ${(without / 1048576).toFixed(1)} MB; ${5000 + rounds * 50} posts`,
      },
    ];
    return results;
  },
};
