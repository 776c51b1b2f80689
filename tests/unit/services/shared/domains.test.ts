// Company domains with a fake browser: the permission is asked for before anything is awaited,
// the content script is registered once per origin (persisting across sessions), re-registered at
// start-up, switched off without losing the permission, and revoked.
import { describe, expect, it, vi } from 'vitest';
import { COMPANY_SCRIPT_FILE } from '../../../../services/shared/annotate-page';
import { createDomains, originOf, originPattern, PENDING_PREFIX, scriptId, type DomainsBrowser } from '../../../../services/shared/domains';

function fake(options: { grant?: boolean; kind?: string } = {}) {
  const local: Record<string, unknown> = {};
  const granted = new Set<string>();
  const registered = new Map<string, { id: string; matches?: string[]; persistAcrossSessions?: boolean; js?: string[] }>();
  const executed: Array<{ tabId: number; files?: string[]; func?: unknown }> = [];
  const calls: string[] = [];
  const browser: DomainsBrowser = {
    storage: {
      local: {
        get: async (key) => (key === null ? { ...local } : { [key]: local[key] }),
        set: async (items) => {
          calls.push('storage.set');
          Object.assign(local, items);
        },
        remove: async (key) => {
          delete local[key];
        },
      },
    },
    permissions: {
      request: vi.fn(async ({ origins }: { origins: string[] }) => {
        calls.push('permissions.request');
        if (options.grant === false) return false;
        origins.forEach((o) => granted.add(o));
        return true;
      }),
      contains: async ({ origins }) => origins.every((o) => granted.has(o)),
      remove: async ({ origins }) => {
        origins.forEach((o) => granted.delete(o));
        return true;
      },
    },
    scripting: {
      registerContentScripts: async (scripts) => {
        for (const s of scripts) {
          if (registered.has(s.id as string)) throw new Error(`Duplicate script ID '${s.id}'`);
          registered.set(s.id as string, s as never);
        }
      },
      unregisterContentScripts: async (filter) => {
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
      },
      getRegisteredContentScripts: async (filter) =>
        [...registered.values()].filter((s) => !filter || filter.ids.includes(s.id)),
      executeScript: async (injection) => {
        executed.push({ tabId: injection.target.tabId, files: injection.files, func: injection.func });
        return [{ result: injection.func ? (options.kind ?? 'discourse') : undefined }];
      },
    },
    tabs: { query: async () => [{ id: 7, url: 'https://forum.corp.example/t/x/1' }, { id: 8, url: 'https://other.example/' }] },
  };
  return { browser, local, granted, registered, executed, calls };
}

const ORIGIN = 'https://forum.corp.example';

describe('company domains', () => {
  it('reads origins and match patterns', () => {
    expect(originOf('https://Forum.Corp.Example:8443/t/x/1?y#z')).toBe('https://forum.corp.example:8443');
    expect(originOf('chrome://extensions')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    expect(originPattern('https://forum.corp.example:8443')).toBe('https://forum.corp.example/*');
    expect(scriptId(ORIGIN)).toBe('doneness-domain:https://forum.corp.example');
  });

  it('asks for the permission before awaiting anything (the click gesture must still hold)', async () => {
    const f = fake();
    const domains = createDomains(f.browser, () => 1000);
    const asked = domains.request(ORIGIN, 7);
    expect(f.browser.permissions.request).toHaveBeenCalledWith({ origins: ['https://forum.corp.example/*'] });
    // The pending record is written in the same task, before the request: Chromium closes the
    // popup when its dialog opens, so a write that waited for anything would be lost.
    expect(f.calls).toEqual(['storage.set', 'permissions.request']);
    expect(f.local[`${PENDING_PREFIX}${ORIGIN}`]).toEqual({ origin: ORIGIN, tabId: 7, at: 1000 });
    expect(await asked).toBe(true);
  });

  it('enables a granted domain: registers the content script, fingerprints and starts in open tabs', async () => {
    const f = fake();
    const domains = createDomains(f.browser, () => 1000);
    await domains.request(ORIGIN, 7);
    const domain = await domains.enable(ORIGIN, 7);
    expect(domain).toEqual({ origin: ORIGIN, kind: 'discourse', enabled: true, addedAt: 1000 });
    expect([...f.registered.values()]).toEqual([
      {
        id: scriptId(ORIGIN),
        matches: ['https://forum.corp.example/*'],
        js: [COMPANY_SCRIPT_FILE],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
    // Only the tab of that origin: a fingerprint probe, then the script of the family the
    // fingerprint points to (Discourse: social), as the registered company script would ask.
    expect(f.executed.map((e) => [e.tabId, e.files ?? 'probe'])).toEqual([
      [7, 'probe'],
      [7, ['content-scripts/social.js']],
    ]);
    expect(await domains.list()).toEqual([domain]);
    // Enabling again (popup and permission event race) registers nothing twice.
    await domains.enable(ORIGIN, 7);
    expect(f.registered.size).toBe(1);
    expect((await domains.list()).length).toBe(1);
  });

  it('refuses to enable without the permission, and says a denied request was denied', async () => {
    const f = fake({ grant: false });
    const domains = createDomains(f.browser);
    expect(await domains.request(ORIGIN, 7)).toBe(false);
    await expect(domains.enable(ORIGIN)).rejects.toThrow(/no permission/);
    expect(f.registered.size).toBe(0);
  });

  it('finishes enabling on permissions.onAdded for a pending request only', async () => {
    const f = fake();
    const domains = createDomains(f.browser);
    await domains.request(ORIGIN, 7);
    await new Promise((r) => setTimeout(r, 0));
    await domains.onPermissionsAdded({ origins: ['https://sync.example/*'] });
    expect(f.registered.size).toBe(0);
    await domains.onPermissionsAdded({ origins: ['https://forum.corp.example/*'] });
    expect([...f.registered.keys()]).toEqual([scriptId(ORIGIN)]);
    expect(Object.keys(f.local).filter((k) => k.startsWith(PENDING_PREFIX))).toEqual([]);
  });

  it('re-registers enabled domains at start-up and drops registrations of domains that are gone', async () => {
    const f = fake();
    const domains = createDomains(f.browser);
    await domains.request(ORIGIN, 7);
    await domains.enable(ORIGIN, 7);
    f.registered.clear(); // the browser lost it (Firefox, profile copy)
    f.registered.set('doneness-domain:https://old.example', { id: 'doneness-domain:https://old.example' });
    f.registered.set('someone-else', { id: 'someone-else' });
    await domains.syncRegistrations();
    expect([...f.registered.keys()].sort()).toEqual([scriptId(ORIGIN), 'someone-else']);
  });

  it('re-registers a domain whose registration names the script of an older version', async () => {
    const f = fake();
    const domains = createDomains(f.browser);
    await domains.request(ORIGIN, 7);
    await domains.enable(ORIGIN, 7);
    // Before the split per site family, one script for every site: the browser keeps that.
    f.registered.set(scriptId(ORIGIN), { id: scriptId(ORIGIN), matches: ['https://forum.corp.example/*'], js: ['content-scripts/discussions.js'] });
    await domains.syncRegistrations();
    expect(f.registered.get(scriptId(ORIGIN))?.js).toEqual([COMPANY_SCRIPT_FILE]);
  });

  it('switches a domain off and on without losing the permission, and revokes it', async () => {
    const f = fake();
    const domains = createDomains(f.browser);
    await domains.request(ORIGIN, 7);
    await domains.enable(ORIGIN, 7);
    await domains.setEnabled(ORIGIN, false);
    expect(f.registered.size).toBe(0);
    expect(f.granted.has('https://forum.corp.example/*')).toBe(true);
    expect((await domains.list())[0].enabled).toBe(false);
    await domains.syncRegistrations();
    expect(f.registered.size).toBe(0);
    await domains.setEnabled(ORIGIN, true);
    expect(f.registered.size).toBe(1);
    await domains.remove(ORIGIN);
    expect(f.registered.size).toBe(0);
    expect(f.granted.size).toBe(0);
    expect(await domains.list()).toEqual([]);
  });

  it('ignores malformed stored domains', async () => {
    const f = fake();
    f.local.companyDomains = [null, { origin: 'javascript:alert(1)', enabled: true }, { origin: ORIGIN, enabled: true, kind: null, addedAt: 1 }, 'x'];
    expect((await createDomains(f.browser).list()).map((d) => d.origin)).toEqual([ORIGIN]);
  });
});
