// The registry: every adapter is registered once, has a URL table and fixtures (STYLE.md habit 1),
// and a broken adapter is contained (habit 4).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SITE_IDS } from '../../../storage/schema';
import { adapters, detectThreads, pickAdapter } from '../../../sites/index';
import type { SiteAdapter } from '../../../sites/types';
import { FIXTURES } from './fixtures';
import { urlTables } from './url-tables';

describe('adapters registry', () => {
  it('lists each site id once, all known', () => {
    const ids = adapters.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(SITE_IDS).toContain(id);
  });

  for (const a of adapters) {
    it(`${a.id} has a URL table with positive and negative examples`, () => {
      const table = urlTables.find((t) => t.site === a.id);
      expect(table, `sites/${a.id}.urls.ts exporting a UrlTable`).toBeDefined();
      expect(table!.examples.some((e) => e.matches)).toBe(true);
      expect(table!.examples.some((e) => !e.matches)).toBe(true);
    });

    it(`${a.id} has a fixture directory with pages and expectations`, () => {
      const dir = path.join(FIXTURES, a.id);
      expect(existsSync(dir), dir).toBe(true);
      const files = readdirSync(dir);
      const pages = files.filter((f) => f.endsWith('.html'));
      expect(pages.length).toBeGreaterThan(0);
      for (const p of pages) expect(files).toContain(p.replace(/\.html$/, '.expected.json'));
    });
  }
});

describe('detectThreads', () => {
  const broken: SiteAdapter = {
    id: 'generic',
    matchesUrl: () => true,
    matchesDocument: () => true,
    findThreads: () => {
      throw new Error('boom');
    },
  };
  afterEach(() => {
    const i = adapters.indexOf(broken);
    if (i >= 0) adapters.splice(i, 1);
    vi.restoreAllMocks();
  });

  it('gives site null and no threads when no adapter applies', () => {
    const doc = new DOMParser().parseFromString('<p>hello</p>', 'text/html');
    expect(detectThreads(new URL('https://example.com/'), doc)).toEqual({ site: null, unrecognised: 0, threads: [] });
    expect(pickAdapter(new URL('https://example.com/'), doc)).toBeNull();
  });

  it('picks MediaWiki by fingerprint on a host with an unusual article path', () => {
    const doc = new DOMParser().parseFromString('<body class="mediawiki"><div id="mw-content-text"></div></body>', 'text/html');
    expect(pickAdapter(new URL('https://wiki.corp.example/Some_page'), doc)?.id).toBe('mediawiki');
  });

  it('contains a throwing adapter and warns once, tagged with its id', () => {
    adapters.unshift(broken);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const doc = new DOMParser().parseFromString('<p>x</p>', 'text/html');
    expect(detectThreads(new URL('https://example.com/'), doc)).toEqual({ site: 'generic', unrecognised: 0, threads: [] });
    expect(detectThreads(new URL('https://example.com/'), doc)).toEqual({ site: 'generic', unrecognised: 0, threads: [] });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('generic');
  });
});
