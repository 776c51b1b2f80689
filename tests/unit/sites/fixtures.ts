/**
 * The fixture index: every `tests/fixtures/<site>/<case>.html` with its `<case>.expected.json`
 * (`{url, result}`: the URL the page is detected at and the exact `detect` output).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DetectOutput } from '../../../cli/detect';

/** The project's fixture root. */
export const FIXTURES = path.resolve(__dirname, '../../fixtures');

/** One fixture page and what detection must say about it. */
export interface Fixture {
  site: string;
  name: string;
  htmlPath: string;
  html: string;
  url: string;
  result: DetectOutput;
}

/** Every fixture of one site directory (or of all of them). */
export function loadFixtures(site?: string): Fixture[] {
  const sites = site ? [site] : readdirSync(FIXTURES).filter((d) => !d.startsWith('.'));
  const out: Fixture[] = [];
  for (const s of sites) {
    const dir = path.join(FIXTURES, s);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) {
      const name = file.slice(0, -'.html'.length);
      const expectedPath = path.join(dir, `${name}.expected.json`);
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as { url: string; result: DetectOutput };
      const htmlPath = path.join(dir, file);
      out.push({ site: s, name, htmlPath, html: readFileSync(htmlPath, 'utf8'), url: expected.url, result: expected.result });
    }
  }
  return out;
}
