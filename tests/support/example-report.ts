/**
 * docs/example-report.md: the Markdown report of the demo data (demo-stories.ts) on a fixed day,
 * in English. `node --import tsx tests/support/example-report.ts` writes it; a unit test
 * (tests/unit/storage/exchange/example-report.test.ts) fails when the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFallbackCatalogue, t } from '../../lib/i18n';
import en from '../../public/_locales/en/messages.json';
import { renderExport } from '../../storage/exchange/export-formats';
import { reportLabels } from '../../storage/exchange/export-markdown';
import { demoAnnotations } from './demo-stories';

/** The day the example report is made on (noon UTC, so the review dates fall the same anywhere). */
export const EXAMPLE_NOW = new Date('2026-11-26T12:00:00.000Z');
export const EXAMPLE_REPORT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/example-report.md');

/** The example report's text, as the dashboard's export gives it for the demo data. */
export function exampleReport(): string {
  setFallbackCatalogue(en, 'en');
  const annotations = demoAnnotations(EXAMPLE_NOW.getTime());
  return renderExport('md', annotations, { now: EXAMPLE_NOW, clientVersion: 'example', labels: reportLabels(t, 'en') }).text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(EXAMPLE_REPORT, exampleReport());
  console.log(`wrote ${path.relative(process.cwd(), EXAMPLE_REPORT)}`);
}
