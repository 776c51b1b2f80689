/**
 * The dashboard over 3,000 seeded discussions in real Chromium: the table draws only the rows
 * around the view, each in its place of the sorted list (checked at the top, the middle and the
 * end), keyboard focus walks down the rows past what was first drawn, axe finds nothing serious,
 * an edit elsewhere shows in the row, a narrow filter draws the whole (short) table again, and
 * "only the filtered rows" exports exactly those rows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Annotation, ThreadRef } from '../../storage/schema';
import { closeAndDelete, launch, openExtensionPage, waitFor, type Launched } from './harness';
import { axeViolations, buildAnnotation, seedDatabase, sendEdit } from './ui-helpers';

const COUNT = 3000;
const BASE = Date.UTC(2025, 0, 1);
const pad = (i: number) => String(i).padStart(5, '0');

function thread(i: number): ThreadRef {
  return {
    key: `discourse:forum.example.com/t/${i}`,
    site: 'discourse',
    title: `Large list discussion ${pad(i)}`,
    url: `https://forum.example.com/t/${i}`,
    native: { state: null, replies: null, participants: null, lastActivity: null },
  };
}

/** Discussion i: updated at BASE + i minutes, so the default order (newest first) is COUNT-1 … 0. */
function seeded(i: number): Annotation {
  const at = BASE + i * 60_000;
  return buildAnnotation(
    thread(i),
    [
      { op: { kind: 'setMaturity', maturity: (i * 5) % 105 }, at },
      { op: { kind: 'setTags', tags: [i % 2 ? 'odd' : 'even'] }, at: at + 1 },
    ],
    at - 1,
  );
}
/** The key at a 1-based aria-rowindex of the default order (row 1 is the header). */
const keyAtRow = (rowIndex: number) => thread(COUNT - 1 - (rowIndex - 2)).key;

let launched: Launched;
let dashboard: Page;

/** The drawn rows: their aria-rowindex and thread key. */
async function drawnRows(): Promise<Array<{ index: number; key: string }>> {
  return dashboard.locator('tbody tr[data-key]').evaluateAll((rows) =>
    rows.map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), key: (r as HTMLElement).dataset.key! })),
  );
}

async function scrollTableTo(fraction: number): Promise<void> {
  await dashboard.getByRole('region', { name: 'Annotated discussions', exact: true }).evaluate((box, f) => {
    box.scrollTop = (box.scrollHeight - box.clientHeight) * f;
  }, fraction);
}

/** Waits until the drawn rows include `rowIndex`, then checks every drawn row is in its place. */
async function expectDrawnAround(rowIndex: number, what: string): Promise<void> {
  const { value } = await waitFor(drawnRows, (rows) => rows.some((r) => r.index === rowIndex), 5000);
  assert.ok(value.length < 80, `${what}: only rows around the view are drawn (${value.length})`);
  for (const row of value) assert.equal(row.key, keyAtRow(row.index), `${what}: row ${row.index}`);
  const indexes = value.map((r) => r.index);
  assert.deepEqual(indexes, indexes.map((_, i) => indexes[0] + i), `${what}: drawn rows are consecutive`);
}

describe(`dashboard over ${COUNT} seeded discussions`, () => {
  before(async () => {
    launched = await launch({ pages: [] });
    dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.getByText('Nothing annotated yet.', { exact: false }).waitFor();
    await seedDatabase(dashboard, Array.from({ length: COUNT }, (_, i) => seeded(i)));
    await dashboard.getByRole('heading', { name: `Annotated discussions (${COUNT})` }).waitFor({ timeout: 30000 });
    await dashboard.locator('tbody tr[data-key]').first().waitFor();
  });
  after(() => closeAndDelete(launched));

  it('draws the rows in view, in their places at the top, middle and end of the list', async () => {
    assert.equal(await dashboard.locator('table.annotations').getAttribute('aria-rowcount'), String(COUNT + 1));
    await expectDrawnAround(2, 'top');
    await scrollTableTo(0.5);
    await expectDrawnAround(Math.round(COUNT / 2), 'middle');
    await scrollTableTo(1);
    await expectDrawnAround(COUNT + 1, 'end');
    await scrollTableTo(0);
    await expectDrawnAround(2, 'top again');
  });

  it('lets keyboard focus walk down the rows past those first drawn', async () => {
    const first = dashboard.locator(`tr[data-key="${keyAtRow(2)}"] a`);
    await first.focus();
    const steps = 70;
    for (let i = 0; i < steps; i++) await dashboard.keyboard.press('Tab');
    const focused = await dashboard.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') ?? null);
    assert.equal(focused, String(2 + steps));
    await scrollTableTo(0);
  });

  it('has no serious or critical axe violations with a long table', async () => {
    assert.deepEqual(await axeViolations(dashboard), []);
  });

  it('shows an edit made elsewhere in the drawn row', async () => {
    const target = thread(COUNT - 3);
    await sendEdit(dashboard, target, { kind: 'setMaturity', maturity: 100 });
    await waitFor(
      () => dashboard.locator(`tr[data-key="${target.key}"] .badge`).getAttribute('aria-label').catch(() => ''),
      (label) => /100% baked/.test(label ?? ''),
      5000,
    );
    // Edited just now: it is the newest, so the first row.
    await waitFor(async () => (await drawnRows())[0]?.key, (key) => key === target.key, 5000);
  });

  it('draws a narrow filter whole, and exports only the filtered rows', async () => {
    await dashboard.getByLabel('Search').fill('discussion 01234');
    await waitFor(() => dashboard.locator('tbody tr[data-key]').count(), (n) => n === 1, 5000);
    assert.equal(await dashboard.locator('table.annotations').getAttribute('aria-rowcount'), null);
    await dashboard.getByRole('button', { name: 'Clear filters' }).click();

    await dashboard.getByRole('search').getByLabel('Tag', { exact: true }).selectOption({ label: 'odd' });
    await dashboard.getByText(`Only the ${COUNT / 2} discussions the filter shows`).click();
    await dashboard.getByLabel('Export format').selectOption('json');
    const [download] = await Promise.all([
      dashboard.waitForEvent('download', { timeout: 30000 }),
      dashboard.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { annotations: Annotation[] };
    const odd = Array.from({ length: COUNT }, (_, i) => i)
      .filter((i) => i % 2)
      .map((i) => thread(i).key)
      .sort();
    assert.deepEqual(file.annotations.map((a) => a.threadKey), odd);
  });
});
