// Hostile data in Chromium (issue 20, items 1 and 2): a file with stamps and times from the future
// or beyond what Date represents is imported from the dashboard (the bad records rejected with
// their paths, the rest imported); a record one edit below the stamp's limit can be edited many
// times and deleted; records stored before times were bounded (straight into IndexedDB) leave
// every row of the dashboard and the side panel's history drawn, and can be edited, deleted and
// deleted all at once.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { makeStamp } from '../../storage/hlc';
import type { Annotation, ThreadRef } from '../../storage/schema';
import { closeAndDelete, launch, openExtensionPage, openPage, tabIdOf, waitFor, type Launched } from './harness';
import { buildAnnotation, seedDatabase, sendEdit } from './ui-helpers';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; error?: string; value?: unknown }> } };

const PUMP = 'https://en.wikipedia.org/wiki/Wikipedia:Village_pump_(technical)';
const onPump = (anchor: string, title: string): ThreadRef => ({
  key: `mediawiki:en.wikipedia.org/Wikipedia:Village_pump_(technical)#${anchor}`,
  site: 'mediawiki',
  title,
  url: `${PUMP}#${anchor}`,
  native: { state: null, replies: null, participants: null, lastActivity: null },
});
const SNIPPETS = onPump('Search_results_show_stale_snippets', 'Search results show stale snippets');
const other = (n: number): ThreadRef => ({ ...onPump(`Other_${n}`, `Other ${n}`) });

const BEYOND_DATE = 8_640_000_000_000_001;

/** A valid record rated 50 with an open issue, then changed by `patch`. */
function record(ref: ThreadRef, patch: (a: Annotation) => Annotation = (a) => a): Annotation {
  const now = Date.now() - 60_000;
  const a = buildAnnotation(ref, [
    { op: { kind: 'setMaturity', maturity: 50 }, at: now },
    { op: { kind: 'addIssue', id: 'i1', text: 'Open point' }, at: now + 1 },
  ], now - 1000);
  return patch(a);
}
const allStamps = (a: Annotation, stamp: string): Annotation => ({
  ...a,
  issues: a.issues.map((i) => ({ ...i, stamps: { text: stamp, status: stamp, position: stamp, deleted: stamp } })),
  ratings: Object.fromEntries(Object.entries(a.ratings).map(([k, r]) => [k, { ...r, stamp }])),
  stamps: Object.fromEntries(Object.keys(a.stamps).map((k) => [k, stamp])) as Annotation['stamps'],
});

const tableKeys = (dashboard: Page) => dashboard.locator('tbody tr[data-key]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key));

describe('hostile data (Chromium)', () => {
  let launched: Launched;
  const errors: string[] = [];

  before(async () => {
    launched = await launch();
    launched.context.on('weberror', (e) => errors.push(String(e.error())));
  });
  after(() => closeAndDelete(launched));

  it('imports a hostile file: stamps and times from the future refused with their paths, a stamp one edit below its limit edited and deleted', async () => {
    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.getByRole('heading', { name: 'Export and import' }).waitFor();
    // An hour ahead (within the allowed skew): the edits build on its time, one counter step from the limit.
    const nearLimit = record(other(1), (a) => allStamps(a, makeStamp(Date.now() + 3_600_000, 36 ** 4 - 2, 'mate')));
    const file = {
      format: 'doneness-export',
      version: 2,
      exportedAt: new Date().toISOString(),
      clientVersion: '0.1.0',
      annotations: [
        nearLimit,
        record(other(2), (a) => allStamps(a, 'zzzzzzzzz.0000.mate')),
        record(other(3), (a) => ({ ...a, updatedAt: BEYOND_DATE })),
        record(other(4), (a) => ({ ...a, history: [{ ...a.history[0], at: Date.now() + 7 * 86_400_000 }] })),
      ],
    };
    const filePath = path.join(launched.profileDir, '..', `hostile-${Date.now()}.json`);
    writeFileSync(filePath, JSON.stringify(file));
    await dashboard.getByLabel('Import a file (Doneness JSON or W3C JSON-LD)').setInputFiles(filePath);
    await dashboard.getByText('Rejected: 3', { exact: true }).waitFor();
    for (const bad of ['annotations.1.issues.0.stamps.text', 'annotations.2.updatedAt', 'annotations.3.history.0.at']) {
      await dashboard.getByRole('cell', { name: bad, exact: true }).waitFor();
    }
    await dashboard.getByText(/more than a day ahead of this clock/).first().waitFor();
    await dashboard.getByText('the time is after 1 January 2200').waitFor();
    await dashboard.getByLabel('Skip the 3 rejected records and import the rest').check();
    await dashboard.getByRole('button', { name: 'Import 1 record', exact: true }).click();
    await dashboard.getByRole('status').filter({ hasText: 'Imported: 1 new, 0 updated, 0 unchanged, 3 skipped.' }).waitFor();
    rmSync(filePath, { force: true });

    // Without the fix the second edit threw (a counter of 10000 breaks the stamp pattern).
    for (const maturity of [55, 60, 65, 70]) await sendEdit(dashboard, other(1), { kind: 'setMaturity', maturity });
    const deleted = await dashboard.evaluate((key) => chrome.runtime.sendMessage({ type: 'deleteAnnotation', key }), other(1).key);
    assert.deepEqual(deleted, { ok: true, value: null });
    await sendEdit(dashboard, other(1), { kind: 'setNote', text: 'back again' });
    await dashboard.close();
  });

  it('keeps every row and the history drawn with records stored before times were bounded; edits, deletes and "Delete all" go through', async () => {
    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.getByRole('heading', { name: 'Export and import' }).waitFor();
    const legacy = [
      record(SNIPPETS, (a) => ({ ...a, history: [...a.history, { at: BEYOND_DATE, from: 50, to: 70, by: 'Eve' }], updatedAt: BEYOND_DATE })),
      record(other(5), (a) => allStamps(a, 'zzzzzzzzz.zzzz.mate')),
      record(other(6), (a) => ({ ...a, updatedAt: -BEYOND_DATE })),
      { ...record(other(7)), threadKey: 'mediawiki:legacy\u0000key' },
      record(other(8), (a) => ({ ...a, reviewOn: '2026-02-31' })),
    ];
    await seedDatabase(dashboard, legacy);
    const expected = [...legacy.map((a) => a.threadKey), other(1).key].sort();
    await dashboard.getByRole('heading', { name: /^Annotated discussions \(6\)$/ }).waitFor();
    const { value } = { value: await tableKeys(dashboard) };
    assert.deepEqual([...value].sort(), expected);

    // The side panel on the talk page: the thread with a history time Date cannot represent.
    const page = await openPage(launched, PUMP);
    const tabId = await tabIdOf(launched, page);
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.getByRole('button', { name: SNIPPETS.title }).click();
    await panel.getByRole('heading', { name: SNIPPETS.title }).waitFor();
    await panel.locator('.history summary').click();
    const items = await panel.locator('.history-list li').allInnerTexts();
    assert.equal(items.length, 2);
    assert.match(items[0], /Eve/);

    // Edit and delete the frozen and the timeless ones; then delete all, in the dashboard.
    await panel.getByLabel(`Maturity of ${SNIPPETS.title}`).fill('75');
    const row = () =>
      dashboard.evaluate((k) => {
        const tr = [...document.querySelectorAll<HTMLElement>('tr[data-key]')].find((r) => r.dataset.key === k);
        return tr?.querySelector('.badge')?.getAttribute('aria-label') ?? '';
      }, SNIPPETS.key);
    await waitFor(row, (label) => label.startsWith('75% baked'), 10_000).catch(async (e) => {
      throw new Error(`${e}: row ${await row()}; panel: ${await panel.locator('[role="alert"]').allInnerTexts()}`);
    });
    await sendEdit(dashboard, other(5), { kind: 'setMaturity', maturity: 80 });
    await sendEdit(dashboard, other(6), { kind: 'setNote', text: 'repaired' });
    const removed = await dashboard.evaluate((key) => chrome.runtime.sendMessage({ type: 'deleteAnnotation', key }), other(5).key);
    assert.equal(removed.ok, true);
    await dashboard.getByRole('heading', { name: /^Annotated discussions \(5\)$/ }).waitFor();
    await dashboard.getByRole('button', { name: 'Delete all annotations…' }).click();
    await dashboard.getByLabel('Type “delete” to confirm').fill('delete');
    await dashboard.getByRole('button', { name: 'Delete 5 discussions' }).click();
    await dashboard.getByRole('heading', { name: /^Annotated discussions \(0\)$/ }).waitFor();
    assert.equal(await dashboard.getByRole('alert').count(), 0);
    assert.deepEqual(errors, []);
  });
});
