/**
 * The dashboard over a seeded database of 200 discussions in real Chromium: every filter (site,
 * band, open issues, due, tag, text) shows exactly the rows an independent oracle expects,
 * sorting orders them, and the chart counts what is shown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { EditOp } from '../../storage/model';
import type { Annotation, SiteId, ThreadRef } from '../../storage/schema';
import { closeAndDelete, launch, openExtensionPage, waitFor, type Launched } from './harness';
import { buildAnnotation, seedDatabase } from './ui-helpers';

const SITES: SiteId[] = ['mediawiki', 'discourse', 'github', 'confluence', 'yammer', 'linkedin', 'generic'];
const TOPICS = ['budget', 'travel', 'hiring', 'security', 'release'];
const BASE = Date.UTC(2025, 0, 1);

/** The parameters of seeded discussion i: the oracle reasons over these, not over the app's code. */
function seedParams(i: number) {
  const site = SITES[i % SITES.length];
  const maturity = i % 11 === 0 ? null : ((i * 8) % 21) * 5;
  const issueCount = maturity === null ? Math.max(1, i % 4) : i % 4;
  const resolved = Array.from({ length: issueCount }, (_, j) => (i + j) % 3 === 0);
  const tags = i % 6 === 0 ? ['policy'] : i % 6 === 1 ? ['policy', 'travel'] : i % 6 === 2 ? ['infra'] : [];
  const reviewOn = i % 5 === 0 ? '2020-03-01' : i % 5 === 1 ? '2999-01-01' : null;
  return {
    i,
    key: site === 'generic' ? `generic:https://seed.example/page/${i}` : `${site}:seed.example/${i}`,
    site,
    title: `Seeded discussion ${i} about ${TOPICS[i % TOPICS.length]}`,
    maturity,
    open: resolved.filter((r) => !r).length,
    tags,
    reviewOn,
  };
}
type Params = ReturnType<typeof seedParams>;
const PARAMS = Array.from({ length: 200 }, (_, i) => seedParams(i));

function seedAnnotation(p: Params): Annotation {
  const ref: ThreadRef = {
    key: p.key,
    site: p.site,
    title: p.title,
    url: `https://seed.example/${p.i}`,
    native: { state: null, replies: null, participants: null, lastActivity: null },
  };
  const at = BASE + p.i * 60_000;
  const ops: EditOp[] = [];
  if (p.maturity !== null) ops.push({ kind: 'setMaturity', maturity: p.maturity });
  const count = p.maturity === null ? Math.max(1, p.i % 4) : p.i % 4;
  for (let j = 0; j < count; j++) ops.push({ kind: 'addIssue', id: `issue-${j}`, text: `Issue ${j} of ${p.i}` });
  for (let j = 0; j < count; j++) {
    if ((p.i + j) % 3 === 0) ops.push({ kind: 'resolveIssue', id: `issue-${j}`, resolution: 'done' });
  }
  if (p.tags.length) ops.push({ kind: 'setTags', tags: p.tags });
  if (p.reviewOn) ops.push({ kind: 'setReviewOn', date: p.reviewOn });
  return buildAnnotation(ref, ops.map((op, n) => ({ op, at: at + n })), at);
}

const band = (m: number | null) =>
  m === null ? 'unrated' : m >= 100 ? 'baked' : m >= 80 ? 'nearly' : m >= 50 ? 'baking' : m >= 20 ? 'mixing' : 'raw';
const keysWhere = (test: (p: Params) => boolean) => PARAMS.filter(test).map((p) => p.key).sort();

let launched: Launched;
let dashboard: Page;

async function shownKeys(): Promise<string[]> {
  return (await dashboard.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key!))).sort();
}

async function setFilters(filters: Partial<Record<'Site' | 'Band' | 'Open issues' | 'Review' | 'Tag', string>> & { text?: string }) {
  // The button is enabled only while a filter is set (the test before left its filters drawn); a
  // click on a disabled one waits out Playwright's 30 s for it to be enabled.
  const clear = dashboard.getByRole('button', { name: 'Clear filters' });
  if (await clear.isEnabled()) await clear.click();
  for (const [label, value] of Object.entries(filters)) {
    if (label === 'text') await dashboard.getByLabel('Search').fill(value as string);
    else await dashboard.getByRole('search').getByLabel(label, { exact: true }).selectOption({ label: value as string });
  }
}

async function expectRows(expected: string[], what: string) {
  assert.ok(expected.length > 0, `${what}: the seed has matching rows`);
  // The dashboard's worker filters off the page: on a loaded machine that takes its time (the
  // bound only says when to give up and show the difference).
  const { value } = await waitFor(shownKeys, (keys) => keys.join('\n') === expected.join('\n'), 15000).catch(async () => ({
    value: await shownKeys(),
  }));
  assert.deepEqual(value, expected, what);
  assert.match(await dashboard.getByRole('status').filter({ hasText: 'Showing' }).innerText(), new RegExp(`Showing ${expected.length} of 200`));
}

describe('dashboard over 200 seeded discussions', () => {
  before(async () => {
    launched = await launch();
    dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.getByText('Nothing annotated yet.', { exact: false }).waitFor();
    await seedDatabase(dashboard, PARAMS.map(seedAnnotation));
    await dashboard.getByRole('heading', { name: 'Annotated discussions (200)' }).waitFor();
  });
  after(() => closeAndDelete(launched));

  it('shows every discussion without filters', async () => {
    assert.deepEqual(await shownKeys(), keysWhere(() => true));
  });

  it('"Baking with open issues" shows exactly those rows', async () => {
    await setFilters({ Band: 'Baking', 'Open issues': 'With open issues' });
    await expectRows(keysWhere((p) => band(p.maturity) === 'baking' && p.open > 0), 'Baking with open issues');
  });

  it('filters by site, and the chart counts only what is shown', async () => {
    await setFilters({ Site: 'Discourse' });
    const expected = keysWhere((p) => p.site === 'discourse');
    await expectRows(expected, 'site Discourse');
    assert.deepEqual(await dashboard.locator('[data-site]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.site)), ['discourse']);
    const baking = PARAMS.filter((p) => p.site === 'discourse' && band(p.maturity) === 'baking').length;
    assert.equal(await dashboard.locator('[data-band="baking"] .bar-value').innerText(), String(baking));
  });

  it('filters by due date and tag together', async () => {
    await setFilters({ Review: 'Due for review', Tag: 'policy' });
    await expectRows(keysWhere((p) => p.reviewOn === '2020-03-01' && p.tags.includes('policy')), 'due and tagged policy');
  });

  it('filters by text and unrated band, and by baked without open issues', async () => {
    await setFilters({ text: 'budget', Band: 'Not rated' });
    await expectRows(keysWhere((p) => p.title.includes('budget') && p.maturity === null), 'budget, not rated');
    await setFilters({ Band: 'Baked', 'Open issues': 'Without open issues' });
    await expectRows(keysWhere((p) => p.maturity === 100 && p.open === 0), 'Baked without open issues');
  });

  it('sorts by maturity both ways and keeps the view in the address', async () => {
    await setFilters({});
    await waitFor(shownKeys, (keys) => keys.length === 200);
    const header = dashboard.getByRole('columnheader', { name: /Maturity/ });
    await header.getByRole('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const firstKey = () => dashboard.locator('tbody tr').first().getAttribute('data-key');
    const maxMaturity = Math.max(...PARAMS.map((p) => p.maturity ?? -1));
    const firstDesc = await firstKey();
    assert.equal(PARAMS.find((p) => p.key === firstDesc)!.maturity, maxMaturity);
    await header.getByRole('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const firstAsc = await firstKey();
    assert.equal(PARAMS.find((p) => p.key === firstAsc)!.maturity, null, 'unrated sorts below 0 %');
    assert.match(new URL(dashboard.url()).hash, /sort=maturity%3Aasc/);
    // A reload keeps the order.
    await dashboard.reload();
    await dashboard.locator('tbody tr').first().waitFor();
    assert.equal(await firstKey(), firstAsc);
  });
});
