// Export from the dashboard downloads a file; importing it into a fresh profile restores every
// annotation, a few thousand of them too (in several of the import's chunks). Whether that work
// leaves the page without long tasks is a figure of `npm run bench` (export-100k, import-100k,
// measured by thread time): on a shared, loaded machine the wall-clock Long Tasks API this suite
// once checked counted the time other processes held the CPU, and failed by chance.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { setFallbackCatalogue, t } from '../../lib/i18n';
import en from '../../public/_locales/en/messages.json';
import { renderExport } from '../../storage/exchange/export-formats';
import { reportLabels } from '../../storage/exchange/export-markdown';
import { IMPORT_CHUNK } from '../../storage/exchange/import';
import { canonical } from '../../storage/merge';
import { manyAnnotations, sampleSet } from '../unit/storage/exchange/sample';
import { launch, openExtensionPage, type Launched } from './harness';
import { seedDatabase } from './ui-helpers';

/** More than two of the import's chunks (IMPORT_CHUNK), so chunk boundaries are crossed. */
const LARGE = 2 * IMPORT_CHUNK + 1000;
/** The dashboard's heading once it has counted the large set (with or without the first test's five). */
const COUNTED = new RegExp(`^Annotated discussions \\((${LARGE}|${LARGE + 5}|${LARGE.toLocaleString('en')}|${(LARGE + 5).toLocaleString('en')})\\)$`);
// A filter that matches nothing: the dashboard draws no rows of the large set while the test works.
const NO_ROWS = '#text=no-such-discussion-anywhere';

/** Clicks the section's Export button with a format chosen; answers the downloaded text. */
async function exportFrom(page: Page, format: string): Promise<{ text: string; name: string }> {
  await page.getByLabel('Export format').selectOption(format);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  return { text: readFileSync((await download.path())!, 'utf8'), name: download.suggestedFilename() };
}

/** Chooses a file in the import picker, waits for the preview, confirms; answers the status. */
async function importInto(page: Page, file: string, expectedNew: number): Promise<string> {
  await page.getByLabel('Import a file (Doneness JSON or W3C JSON-LD)').setInputFiles(file);
  await page.getByText(`New: ${expectedNew}`, { exact: true }).waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: `Import ${expectedNew} records` }).click();
  const status = page.getByRole('status').filter({ hasText: 'Imported:' });
  await status.waitFor({ timeout: 60000 });
  return (await status.textContent()) ?? '';
}

const withoutTime = (text: string) => text.replace(/"exportedAt": "[^"]*"/, '"exportedAt": "…"');

describe('export and import from the dashboard (Chromium)', () => {
  const profiles: Launched[] = [];
  const start = async () => {
    const launched = await launch();
    profiles.push(launched);
    return launched;
  };
  let source: Launched;

  before(async () => {
    source = await start();
  });
  after(async () => {
    for (const p of profiles) await p.context.close();
  });

  it('downloads a JSON export that a fresh profile imports back whole', async () => {
    const dashboard = await openExtensionPage(source, 'options.html');
    await dashboard.getByRole('heading', { name: 'Export and import' }).waitFor();
    await seedDatabase(dashboard, sampleSet());
    const exported = await exportFrom(dashboard, 'json');
    assert.match(exported.name, /^doneness-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(exported.text);
    assert.equal(file.annotations.length, 5);
    assert.deepEqual(file.annotations, sampleSet().map(canonical).sort((a, b) => (a.threadKey < b.threadKey ? -1 : 1)));

    const fresh = await start();
    const target = await openExtensionPage(fresh, 'options.html');
    const path = `${fresh.profileDir}/../${exported.name}`;
    writeFileSync(path, exported.text);
    const status = await importInto(target, path, 5);
    assert.match(status, /Imported: 5 new, 0 updated, 0 unchanged, 0 skipped/);
    await target.getByRole('heading', { name: /5/ }).first().waitFor();
    const again = await exportFrom(target, 'json');
    assert.equal(withoutTime(again.text), withoutTime(exported.text));

    // The same file again: everything unchanged, nothing written.
    await target.getByLabel('Import a file (Doneness JSON or W3C JSON-LD)').setInputFiles(path);
    await target.getByText('Unchanged: 5', { exact: true }).waitFor();
    await target.getByRole('button', { name: 'Cancel' }).click();
  });

  it('downloads the Markdown report and both CSVs as the exporter writes them, in people\'s words', async () => {
    const dashboard = await openExtensionPage(source, 'options.html');
    await dashboard.getByRole('heading', { name: 'Export and import' }).waitFor();
    await seedDatabase(dashboard, sampleSet());
    setFallbackCatalogue(en, 'en');
    for (const format of ['md', 'csv', 'csv-issues'] as const) {
      const exported = await exportFrom(dashboard, format);
      // The worker's file, with the page's labels posted to it, is the exporter's own for the day.
      const expected = renderExport(format, sampleSet(), { now: new Date(), clientVersion: 'e2e', labels: reportLabels(t, 'en') });
      assert.equal(exported.text.replace(/^\uFEFF/, ''), expected.text, format);
      assert.equal(exported.name, expected.fileName);
    }
    const report = (await exportFrom(dashboard, 'md')).text;
    assert.match(report, /^# Doneness report, /);
    assert.match(report, /^## Needs attention \(2\)$/m);
    assert.match(report, /^Viva Engage \(Yammer\) · Not rated$/m);
    assert.match((await exportFrom(dashboard, 'csv')).text, /^\uFEFF?Discussion,Site,Maturity \(%\),Band,Open issues,Open issues \(text\),/);
  });

  it('shows every rejection with its path and changes nothing for a bad file', async () => {
    const dashboard = await openExtensionPage(source, 'options.html');
    await dashboard.getByLabel('Import a file (Doneness JSON or W3C JSON-LD)').setInputFiles('tests/fixtures/bad-imports/maturity-over-100.json');
    await dashboard.getByText('Rejected: 1', { exact: true }).waitFor();
    await dashboard.getByRole('cell', { name: 'annotations.0.maturity' }).waitFor();
    assert.equal(await dashboard.getByRole('button', { name: /^Import \d+ records?$/ }).isDisabled(), true);
    await dashboard.getByLabel('Import a file (Doneness JSON or W3C JSON-LD)').setInputFiles('tests/fixtures/bad-imports/truncated.json');
    await dashboard.getByText(/cannot be imported; nothing was changed/).waitFor();
    await dashboard.getByText(/not valid JSON/).waitFor();
  });

  it(`exports ${LARGE} annotations and imports them whole into a fresh profile, in several chunks`, async () => {
    const steps: string[] = [];
    let stepStart = Date.now();
    const step = (name: string) => {
      steps.push(`${name} ${Date.now() - stepStart}`);
      stepStart = Date.now();
    };
    const big = manyAnnotations(LARGE);
    const dashboard = await openExtensionPage(source, 'options.html' + NO_ROWS);
    await dashboard.getByRole('heading', { name: 'Export and import' }).waitFor();
    await seedDatabase(dashboard, big);
    step('seed');
    // The export reads the database, not the dashboard: it may start before the count is drawn.
    const exported = await exportFrom(dashboard, 'json');
    step('export');
    const annotations = JSON.parse(exported.text).annotations as Array<{ threadKey: string }>;
    // The first test's five discussions are there too when it ran.
    const keys = new Set(annotations.map((a) => a.threadKey));
    assert.ok(big.every((a) => keys.has(a.threadKey)), 'every seeded annotation is in the export');
    assert.ok(annotations.length === LARGE || annotations.length === LARGE + 5, `exported ${annotations.length}`);

    const fresh = await start();
    const target = await openExtensionPage(fresh, 'options.html' + NO_ROWS);
    await target.getByRole('heading', { name: 'Export and import' }).waitFor();
    step('fresh profile');
    const path = `${fresh.profileDir}/../large-${Date.now()}.json`;
    writeFileSync(path, exported.text);
    const status = await importInto(target, path, annotations.length);
    step('import');
    assert.match(status, new RegExp(`Imported: ${annotations.length} new, 0 updated`));
    // And the dashboard counts them all from the fresh profile's own database.
    await target.getByRole('heading', { name: COUNTED }).waitFor({ timeout: 60000 });
    step('counted');
    console.log(`# ${annotations.length} annotations, ${(exported.text.length / 1024 / 1024).toFixed(1)} MB; ms: ${steps.join(', ')}`);
  });
});
