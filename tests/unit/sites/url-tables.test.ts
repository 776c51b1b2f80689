// Page detection as pure functions of a URL (STYLE.md habit 2): each site's URL table is positive
// for its own adapter and negative for every other adapter, in one generated loop.
import { describe, expect, it } from 'vitest';
import { adapters } from '../../../sites/index';
import { urlTables } from './url-tables';

describe('URL tables', () => {
  it('are found', () => {
    expect(urlTables.length).toBeGreaterThan(0);
  });

  for (const table of urlTables) {
    const own = adapters.find((a) => a.id === table.site);
    describe(table.site, () => {
      it('has a registered adapter', () => {
        expect(own).toBeDefined();
      });
      for (const ex of table.examples) {
        it(`${ex.matches ? 'claims' : 'rejects'} ${ex.url}`, () => {
          const url = new URL(ex.url);
          expect(own?.matchesUrl(url)).toBe(ex.matches);
          if (ex.matches) {
            for (const other of adapters.filter((a) => a.id !== table.site)) expect(other.matchesUrl(url), other.id).toBe(false);
          }
          if (ex.pageKey !== undefined && table.pageKey) expect(table.pageKey(url)).toBe(ex.pageKey);
          if (ex.pageUrl !== undefined && table.pageUrl) expect(table.pageUrl(url)).toBe(ex.pageUrl);
        });
      }
      it('gives keys that start with the site id', () => {
        for (const ex of table.examples) {
          if (ex.pageKey) expect(ex.pageKey.startsWith(`${table.site}:`)).toBe(true);
        }
      });
    });
  }
});
