// Every saved page under tests/fixtures/ gives exactly the output stored beside it (STYLE.md
// habit 8), through the same code path as `doneness detect`.
import { describe, expect, it } from 'vitest';
import { detectHtml } from '../../../cli/detect';
import { detectThreads } from '../../../sites/index';
import { SITE_IDS } from '../../../storage/schema';
import { loadFixtures } from './fixtures';

const fixtures = loadFixtures();

describe('fixtures', () => {
  it('exist, for every site', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    // Every site the schema knows has fixtures (a new site id without them fails here), except
    // `pick`: no adapter detects picked discussions; their anchoring has tests of its own
    // (tests/unit/sites/anchoring).
    expect(new Set(fixtures.map((f) => f.site))).toEqual(new Set(SITE_IDS.filter((site) => site !== 'pick')));
  });

  for (const f of fixtures) {
    it(`${f.site}/${f.name} matches ${f.name}.expected.json`, async () => {
      expect(await detectHtml(f.html, new URL(f.url))).toEqual(f.result);
    });
  }

  for (const f of fixtures.filter((x) => x.result.threads.length > 0)) {
    it(`${f.site}/${f.name}: badge anchors are in the page (headings on wikis), keys are unique`, () => {
      const doc = new DOMParser().parseFromString(f.html, 'text/html');
      const found = detectThreads(new URL(f.url), doc);
      expect(found.threads.map((t) => t.key)).toEqual(f.result.threads.map((t) => t.key));
      for (const t of found.threads) {
        if (f.site === 'mediawiki') expect(t.badgeAnchor.localName).toMatch(/^h[1-6]$/);
        expect(doc.contains(t.badgeAnchor)).toBe(true);
        expect(t.key.startsWith(`${found.site}:`)).toBe(true);
      }
      expect(new Set(found.threads.map((t) => t.key)).size).toBe(found.threads.length);
    });
  }
});
