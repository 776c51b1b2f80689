// Each content script runs one site family (issue 16): the families partition what the full
// registry (sites/index.ts) does, by host on the built-in sites and by fingerprint elsewhere.
import { describe, expect, it } from 'vitest';
import { adapters, families } from '../../../sites/index';
import { familyOfSoftware, type SoftwareKind } from '../../../sites/fingerprint';
import { SITE_FAMILIES, familyOf } from '../../../sites/hosts';
import { contentScriptFor } from '../../../services/shared/annotate-page';
import { urlTables } from './url-tables';

const KIND_SITE: Record<SoftwareKind, string> = {
  mediawiki: 'mediawiki',
  confluence: 'confluence',
  discourse: 'discourse',
  gitlab: 'gitlab',
  jira: 'jira',
  generic: 'generic',
};

describe('site families', () => {
  it('has a registry per family', () => {
    expect(Object.keys(families).sort()).toEqual([...SITE_FAMILIES].sort());
  });

  it('covers every adapter, in the registry order, with the generic fallback last', () => {
    const covered = new Set(Object.values(families).flatMap((f) => f.adapters));
    for (const a of adapters) expect(covered.has(a), a.id).toBe(true);
    for (const [name, family] of Object.entries(families)) {
      const order = family.adapters.map((a) => adapters.indexOf(a));
      expect(order, name).toEqual([...order].sort((x, y) => x - y));
      expect(family.adapters.at(-1)?.id, name).toBe('generic');
    }
  });

  it("gives every URL an adapter claims on a built-in host to the family with that adapter", () => {
    let checked = 0;
    for (const table of urlTables) {
      for (const example of table.examples) {
        if (!example.matches) continue;
        const family = familyOf(new URL(example.url));
        if (!family) continue;
        checked++;
        expect(families[family].adapters.map((a) => a.id), `${table.site}: ${example.url}`).toContain(table.site);
        expect(contentScriptFor(example.url)).toBe(`content-scripts/${family}.js`);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('sends each self-hosted software to a family that has its adapter', () => {
    for (const [kind, site] of Object.entries(KIND_SITE) as [SoftwareKind, string][]) {
      expect(families[familyOfSoftware(kind)].adapters.map((a) => a.id), kind).toContain(site);
    }
    // And every adapter that runs on any host has a fingerprint that leads to it.
    for (const a of adapters.filter((x) => x.anyHost)) expect(Object.values(KIND_SITE)).toContain(a.id);
  });

  it('leaves pages off the built-in hosts to the fingerprint', () => {
    expect(contentScriptFor('https://wiki.corp.example/Talk:Oven')).toBeNull();
    expect(contentScriptFor('not a url')).toBeNull();
    expect(contentScriptFor('https://en.m.wikipedia.org/wiki/Talk:Cake')).toBe('content-scripts/wiki.js');
  });
});
