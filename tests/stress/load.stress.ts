/**
 * `npm run test:stress` (not part of `npm test`): 10,000 stored annotations, 20 tabs with content
 * scripts, and 100 edits per second for 10 seconds sent from the side panel. Afterwards no update
 * is lost (every acknowledged edit is in the database) and every badge in every tab shows exactly
 * what the database holds.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { applyEdit, badgeStateOf, emptyAnnotation } from '../../storage/model';
import type { Annotation, ThreadRef } from '../../storage/schema';
import { DEMO_PAGES, launch, openExtensionPage, readBadges, tabIdOf, waitFor, type Launched, type ServedPage } from '../e2e/harness';

const TABS = 20;
const STORED = 10_000;
const EDITS_PER_SECOND = 100;
const SECONDS = 10;

const fixture = DEMO_PAGES.find((p) => p.url.includes('wikipedia.org'))!;
const template = JSON.parse(readFileSync(fixture.file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
  result: { threads: ThreadRef[] };
};
const pages: ServedPage[] = Array.from({ length: TABS }, (_, i) => ({
  url: `https://en.wikipedia.org/wiki/Talk:Stress_${i + 1}`,
  file: fixture.file,
}));
const pagePrefix = 'mediawiki:en.wikipedia.org/Wikipedia:Village_pump_(technical)#';
/** The threads of each tab: the fixture's threads, keyed under that tab's page. */
const visible: ThreadRef[] = pages.flatMap((p) =>
  template.result.threads.map((t) => ({
    ...t,
    site: 'mediawiki' as const,
    key: t.key.replace(pagePrefix, `mediawiki:en.wikipedia.org/Talk:${p.url.split('/wiki/Talk:')[1]}#`),
    url: t.url.replace(fixture.url, p.url),
  })),
);

function seed(): Annotation[] {
  const ctx = (now: number) => ({ now, by: 'seed', memberId: 'seed', lastActivity: null });
  const rows: Annotation[] = [];
  for (let i = 0; i < STORED; i++) {
    const ref: ThreadRef =
      i < visible.length
        ? visible[i]
        : { ...visible[0], key: `mediawiki:wiki.example.com/Talk:Archive_${Math.floor(i / 50)}#T${i}`, title: `Archived ${i}` };
    let a = applyEdit(emptyAnnotation(ref, 1_000), { kind: 'setMaturity', maturity: (i * 5) % 105 }, ctx(1_000 + i));
    if (i % 3 === 0) a = applyEdit(a, { kind: 'addIssue', id: `seed-${i}`, text: `Seeded issue ${i}` }, ctx(2_000 + i));
    rows.push(a);
  }
  return rows;
}

/**
 * Writes rows straight into the extension's IndexedDB from one of its pages, raising the
 * annotations revision as every write through Dexie does (storage/revisions.ts).
 */
async function writeRows(page: Page, rows: Annotation[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await page.evaluate(async (chunk) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('doneness');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['annotations', 'revisions'], 'readwrite');
        for (const row of chunk) tx.objectStore('annotations').put(row);
        const revisions = tx.objectStore('revisions');
        const read = revisions.get('annotations');
        read.onsuccess = () => revisions.put({ table: 'annotations', revision: ((read.result?.revision as number) ?? 0) + 1 });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, rows.slice(i, i + 1000));
  }
}

async function readRows(page: Page, keys: string[]): Promise<Annotation[]> {
  return page.evaluate(async (wanted) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('doneness');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await Promise.all(
      wanted.map(
        (key) =>
          new Promise<unknown>((resolve) => {
            const request = db.transaction('annotations').objectStore('annotations').get(key);
            request.onsuccess = () => resolve(request.result);
          }),
      ),
    );
    db.close();
    return rows as never;
  }, keys);
}

/** What a badge must show for a stored annotation (the text of components/Badge.tsx). */
function expectedText(a: Annotation): { pct: string; open: number } {
  const state = badgeStateOf(a, Date.now());
  return { pct: state.maturity === null ? '–' : `${state.maturity}%`, open: state.openIssues };
}

let launched: Launched;
let tabs: Page[] = [];

describe(`load: ${STORED} annotations, ${TABS} tabs, ${EDITS_PER_SECOND} edits/s for ${SECONDS} s`, () => {
  before(async () => {
    launched = await launch({ pages });
    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.waitForSelector('main');
    await writeRows(dashboard, seed());
    await dashboard.close();
    tabs = [];
    for (const p of pages) {
      const tab = await launched.context.newPage();
      await tab.goto(p.url);
      tabs.push(tab);
    }
    for (const tab of tabs) await waitFor(() => readBadges(tab), (b) => b.length === template.result.threads.length, 20000);
  });
  after(async () => {
    await launched?.context.close();
    if (launched) rmSync(launched.profileDir, { recursive: true, force: true });
  });

  it('loses no update and leaves every badge consistent', async () => {
    const tabId = await tabIdOf(launched, tabs[0]);
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.waitForSelector('main');
    // The side panel sends the edits exactly as its controls do: one `edit` message each.
    const report = await panel.evaluate(
      async ({ threads, perSecond, seconds }) => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: string }> } } }).chrome.runtime;
        const pending: Array<Promise<{ ok: boolean; error?: string }>> = [];
        const added: Array<{ key: string; id: string }> = [];
        const started = performance.now();
        let n = 0;
        while (performance.now() - started < seconds * 1000) {
          const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
          for (; n < due; n++) {
            const thread = threads[(n * 7919) % threads.length];
            const op =
              n % 2 === 0
                ? { kind: 'setMaturity', maturity: ((n * 13) % 21) * 5 }
                : { kind: 'addIssue', id: `load-${n}`, text: `Load issue ${n}` };
            if (op.kind === 'addIssue') added.push({ key: thread.key, id: op.id as string });
            pending.push(runtime.sendMessage({ type: 'edit', thread, op }));
          }
          await new Promise((r) => setTimeout(r, 5));
        }
        const answers = await Promise.all(pending);
        const failed = answers.filter((a) => !a?.ok).map((a) => a?.error ?? 'no answer');
        return { sent: pending.length, failed, added, ms: performance.now() - started };
      },
      { threads: visible, perSecond: EDITS_PER_SECOND, seconds: SECONDS },
    );
    console.log(`# edits sent ${report.sent} in ${(report.ms / 1000).toFixed(1)} s, refused ${report.failed.length}`);
    assert.equal(report.failed.length, 0, report.failed.slice(0, 3).join('; '));
    assert.ok(report.sent >= EDITS_PER_SECOND * SECONDS * 0.95, `only ${report.sent} edits sent`);

    const rows = await readRows(panel, visible.map((t) => t.key));
    const byKey = new Map(rows.map((r) => [r.threadKey, r]));
    let lost = 0;
    for (const { key, id } of report.added) {
      if (!byKey.get(key)?.issues.some((i) => i.id === id)) lost++;
    }
    console.log(`# issues added ${report.added.length}, lost ${lost}`);
    assert.equal(lost, 0);

    let mismatches = 0;
    let checked = 0;
    for (const [i, tab] of tabs.entries()) {
      const threads = visible.slice(i * template.result.threads.length, (i + 1) * template.result.threads.length);
      const expected = threads.map((t) => expectedText(byKey.get(t.key)!));
      const { value: badges } = await waitFor(
        () => readBadges(tab),
        (b) => b.every((badge, j) => badge.text.startsWith(expected[j].pct) && (expected[j].open === 0 || badge.text.includes(`${expected[j].open} open`))),
        10000,
      ).catch(async () => ({ value: await readBadges(tab) }));
      badges.forEach((badge, j) => {
        checked++;
        const want = expected[j];
        if (!badge.text.startsWith(want.pct) || (want.open > 0 && !badge.text.includes(`${want.open} open`))) mismatches++;
      });
    }
    console.log(`# badges checked ${checked}, inconsistent ${mismatches}`);
    assert.equal(checked, visible.length);
    assert.equal(mismatches, 0);
  });
});
