/**
 * `npm run bench [-- --quick]`: performance figures, each next to a baseline measured in the same
 * run, printed as `BENCH <name> <value> <unit> ratio=<value/baseline> goal=<goal> ok|MISS` lines
 * and then a table. Figures are a list of functions, so other parts of the product add theirs
 * by appending to FIGURES. Not part of `npm test` (it takes minutes and wants a quiet machine).
 *
 * Team sync: push and pull of 2,000 and 10,000 annotations through storage/sync (Dexie on
 * fake-indexeddb, as in the unit tests) against PouchDB 9 `replicate()` of the same documents
 * to and from the same local server (express-pouchdb on 127.0.0.1). Goal: no slower than PouchDB.
 */
import 'fake-indexeddb/auto';
import { DonenessDb } from '../storage/db';
import type { Annotation } from '../storage/schema';
import { CouchClient } from '../storage/sync/couch';
import { toDoc } from '../storage/sync/doc';
import { SyncEngine } from '../storage/sync/engine';
import { PouchDB, startCouchServer, type CouchServer } from '../tests/support/sync/couch-server';
import { closeSharedBenchBrowser } from './bench/browser';
import { bundleBench } from './bench/bundle';
import { contentBench } from './bench/content';
import { exportImportBench } from './bench/export-import';
import { feedBench } from './bench/feed';
import { scrollBench } from './bench/scroll';
import { busyAnnotations } from './bench/annotations';
import { figureOk, median, type Figure, type FigureResult } from './bench/figure';

/** Annotations like a busy team's: a rating, two issues (one resolved), a note, tags, history. */
function annotations(n: number, prefix: string): Annotation[] {
  return busyAnnotations(n, (i) => ({
    key: `mediawiki:wiki.example.org/Talk:${prefix}_${i}#Section_${i}`,
    site: 'mediawiki' as const,
    title: `Section ${i} of the ${prefix} talk page`,
    url: `https://wiki.example.org/wiki/Talk:${prefix}_${i}#Section_${i}`,
    native: { state: null, replies: 4, participants: 3, lastActivity: null },
  }));
}

const time = async (run: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

let dbSerial = 0;

/** Times of one round of `syncRound`. */
interface SyncRound {
  pushMs: number;
  pouchPushMs: number;
  pullMs: number;
  pouchPullMs: number;
}

/** One push and one pull of n annotations each, ours and PouchDB's, into and from fresh databases. */
async function syncRound(server: CouchServer, n: number, docs: Annotation[]): Promise<SyncRound> {
  const round = ++dbSerial;
  const ours = `ours-${n}-${round}`;
  const theirs = `pouch-${n}-${round}`;
  await server.createDb(ours);
  await server.createDb(theirs);
  const engineOptions = { log: () => undefined };

  // Push: a profile holding n annotations (all in its outbox) → empty team database.
  const local = new DonenessDb(`bench-push-${n}-${++dbSerial}`);
  await local.annotations.bulkPut(docs);
  const pushEngine = new SyncEngine(local, new CouchClient({ url: server.url, db: ours, auth: { kind: 'none' } }), null, engineOptions);
  const pushMs = await time(() => pushEngine.pass());
  const pushed = await local.outbox.count();
  if (pushed !== 0) throw new Error(`push left ${pushed} documents unsent`);
  local.close();
  await local.delete();

  const pouchLocal = new PouchDB(`bench-local-${n}-${++dbSerial}`, { adapter: 'memory' });
  await pouchLocal.bulkDocs(docs.map((a) => toDoc(a, undefined, null)));
  const pouchPushMs = await time(() => pouchLocal.replicate.to(`${server.url}/${theirs}`));
  await pouchLocal.destroy();

  // Pull: an empty profile ← the team database holding n annotations.
  const fresh = new DonenessDb(`bench-pull-${n}-${++dbSerial}`);
  const pullEngine = new SyncEngine(fresh, new CouchClient({ url: server.url, db: ours, auth: { kind: 'none' } }), null, engineOptions);
  const pullMs = await time(() => pullEngine.pass());
  const pulled = await fresh.annotations.count();
  if (pulled !== n) throw new Error(`pull brought ${pulled} of ${n} annotations`);
  fresh.close();
  await fresh.delete();

  const pouchFresh = new PouchDB(`bench-fresh-${n}-${++dbSerial}`, { adapter: 'memory' });
  const pouchPullMs = await time(() => pouchFresh.replicate.from(`${server.url}/${theirs}`));
  const info = await pouchFresh.info();
  if (info.doc_count !== n) throw new Error(`PouchDB pulled ${info.doc_count} of ${n}`);
  await pouchFresh.destroy();

  return { pushMs, pouchPushMs, pullMs, pouchPullMs };
}

/**
 * Push and pull of n annotations: ours against PouchDB replicate(), same server, same documents;
 * medians of `runs` rounds, ours and PouchDB's alternating within each.
 */
async function syncFigures(server: CouchServer, n: number, runs: number): Promise<FigureResult[]> {
  const docs = annotations(n, `bench${n}`);
  const rounds: SyncRound[] = [];
  for (let i = 0; i < runs; i++) rounds.push(await syncRound(server, n, docs));
  const mid = (pick: (r: SyncRound) => number) => median(rounds.map(pick));
  const against = 'PouchDB 9 replicate()';
  const details = runs > 1 ? `median of ${runs}` : undefined;
  return [
    { name: `sync-push-${n}`, value: mid((r) => r.pushMs), baseline: mid((r) => r.pouchPushMs), unit: 'ms', maxRatio: 1, against, details },
    { name: `sync-pull-${n}`, value: mid((r) => r.pullMs), baseline: mid((r) => r.pouchPullMs), unit: 'ms', maxRatio: 1, against, details },
  ];
}

/** Team sync figures (issue 6). */
const syncBench: Figure = {
  names: ['sync-push-2000', 'sync-pull-2000', 'sync-push-10000', 'sync-pull-10000'],
  async run({ quick }) {
    const server = await startCouchServer();
    try {
      // Warm-up, not counted: the first requests of a process (and of the server) pay for
      // compilation, which would fall on whichever side went first.
      await syncRound(server, 200, annotations(200, 'warmup'));
      const results: FigureResult[] = [];
      for (const n of [2000, 10000]) results.push(...(await syncFigures(server, n, quick ? 1 : 3)));
      return results;
    } finally {
      await server.close();
    }
  },
};

/** Every figure function; append new ones here. */
export const FIGURES: Figure[] = [contentBench, scrollBench, feedBench, bundleBench, syncBench, exportImportBench];

async function main() {
  const begun = performance.now();
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const chosen = FIGURES.filter((figure) => !only || figure.names.some((name) => name.startsWith(only)));
  const measured = new Map<Figure, FigureResult[]>();
  // One after the other: figures measured side by side disturb each other on a small machine.
  try {
    for (const figure of chosen) {
      const started = performance.now();
      measured.set(figure, await figure.run({ quick }));
      console.log(`# ${figure.names.join(', ')}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await closeSharedBenchBrowser();
  }
  const results: FigureResult[] = [];
  for (const figure of chosen) {
    for (const r of measured.get(figure) ?? []) {
      results.push(r);
      const ratio = r.value / r.baseline;
      const extra = (r.alsoMet ?? []).map((g) => ` [${g.goal}: ${g.measured}${g.ok ? '' : ' MISS'}]`).join('');
      console.log(`BENCH ${r.name} ${r.value.toFixed(1)} ${r.unit} ratio=${ratio.toFixed(2)} goal=<=${r.maxRatio} ${figureOk(r) ? 'ok' : 'MISS'}${extra}`);
    }
  }
  const rows = results.map((r) => [
    r.name,
    `${r.value.toFixed(1)} ${r.unit}`,
    `${r.baseline.toFixed(1)} ${r.unit}`,
    (r.value / r.baseline).toFixed(2),
    `<= ${r.maxRatio}` + (r.alsoMet ?? []).map((g) => `; ${g.goal}`).join(''),
    figureOk(r) ? 'ok' : 'MISS',
    r.against + (r.details ? ` (${r.details})` : ''),
  ]);
  const head = ['figure', 'ours', 'baseline', 'ratio', 'goal', '', 'baseline is'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log('\n' + line(head) + '\n' + widths.map((w) => '-'.repeat(w)).join('  ') + '\n' + rows.map(line).join('\n'));
  // The build before it (`npm run bench` runs `wxt build` first) is not in this figure.
  console.log(`\n# total ${((performance.now() - begun) / 1000).toFixed(0)} s of figures (not counting the build)`);
  process.exitCode = results.every(figureOk) ? 0 : 1;
}

await main();
