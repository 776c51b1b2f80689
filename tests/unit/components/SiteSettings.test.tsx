/**
 * The dashboard's switches show what the person set from the click on, even when another query
 * answers (and the component renders again) before the stored state has caught up. The e2e of
 * company domains once failed on exactly this: the settings arrived just after the click on a
 * domain's switch, and the render they caused turned it back on.
 */
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompanyDomain } from '../../../services/shared/domains';
import { DEFAULT_SETTINGS, type Settings } from '../../../storage/schema';

/** A promise with its resolve and reject in hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const ORIGIN = 'https://community.corp.example';
const store = vi.hoisted(() => ({
  domains: [] as CompanyDomain[],
  watchers: [] as (() => void)[],
  settings: null as null | Promise<Settings>,
  setEnabled: null as null | ((origin: string, on: boolean) => Promise<void>),
  saveSettings: null as null | ((settings: Settings) => Promise<Settings>),
}));

vi.mock('../../../services/pages/domains', () => ({
  pageDomains: () => ({
    list: async () => store.domains,
    setEnabled: (origin: string, on: boolean) => store.setEnabled!(origin, on),
    remove: async () => undefined,
  }),
  watchDomains: (onChange: () => void) => {
    store.watchers.push(onChange);
    return () => (store.watchers = store.watchers.filter((w) => w !== onChange));
  },
}));
vi.mock('../../../services/pages/ui', () => ({
  repository: () => ({ settings: () => store.settings! }),
  saveSettings: (settings: Settings) => store.saveSettings!(settings),
}));

const { SiteSettings } = await import('../../../components/SiteSettings');

describe('SiteSettings', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
    store.domains = [{ origin: ORIGIN, kind: 'discourse', enabled: true, addedAt: 1 }];
    store.watchers = [];
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  const domainSwitch = () => root.querySelector<HTMLInputElement>(`input[aria-label="Doneness on ${ORIGIN}"]`);
  const siteSwitch = (n: number) => root.querySelectorAll<HTMLInputElement>('fieldset input[type=checkbox]')[n];
  const storedDomainsChange = (enabled: boolean) => {
    store.domains = store.domains.map((d) => ({ ...d, enabled }));
    store.watchers.forEach((w) => w());
  };

  it('keeps a domain switched off when the settings arrive before the switch is stored', async () => {
    const settings = deferred<Settings>();
    store.settings = settings.promise;
    const write = deferred<void>();
    store.setEnabled = () => write.promise;
    render(<SiteSettings />, root);
    await expect.poll(() => domainSwitch()?.checked).toBe(true);
    domainSwitch()!.click();
    expect(domainSwitch()!.checked).toBe(false);
    // Another query answers: the component renders again, with the domain still stored as on.
    settings.resolve({ ...DEFAULT_SETTINGS });
    await expect.poll(() => siteSwitch(0).disabled).toBe(false);
    expect(domainSwitch()!.checked).toBe(false);
    write.resolve();
    storedDomainsChange(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(domainSwitch()!.checked).toBe(false);
    // Once stored, the switch follows the stored state again (another page turns it back on).
    storedDomainsChange(true);
    await expect.poll(() => domainSwitch()!.checked).toBe(true);
  });

  it('shows the stored state again, and says why, when the write fails', async () => {
    store.settings = Promise.resolve({ ...DEFAULT_SETTINGS });
    store.setEnabled = async () => {
      throw new Error('the browser refused');
    };
    render(<SiteSettings />, root);
    await expect.poll(() => domainSwitch()?.checked).toBe(true);
    domainSwitch()!.click();
    await expect.poll(() => root.querySelector('[role=status]')?.textContent).toBe('the browser refused');
    expect(domainSwitch()!.checked).toBe(true);
  });

  it('shows a domain revoked and enabled again as stored, not as last switched', async () => {
    store.settings = Promise.resolve({ ...DEFAULT_SETTINGS });
    store.setEnabled = async () => undefined;
    render(<SiteSettings />, root);
    await expect.poll(() => domainSwitch()?.checked).toBe(true);
    domainSwitch()!.click();
    await new Promise((r) => setTimeout(r, 0));
    // Revoked before this page read the switch's new state; then enabled again from the popup.
    const domain = store.domains[0];
    store.domains = [];
    store.watchers.forEach((w) => w());
    await expect.poll(() => domainSwitch()).toBe(null);
    store.domains = [{ ...domain, enabled: true }];
    store.watchers.forEach((w) => w());
    await expect.poll(() => domainSwitch()?.checked).toBe(true);
  });

  it('keeps the first of two sites switched off quickly, one after the other', async () => {
    store.settings = Promise.resolve({ ...DEFAULT_SETTINGS });
    const saved: Settings[] = [];
    const writes: ReturnType<typeof deferred<Settings>>[] = [];
    store.saveSettings = (next) => {
      saved.push(next);
      const write = deferred<Settings>();
      writes.push(write);
      return write.promise;
    };
    render(<SiteSettings />, root);
    await expect.poll(() => siteSwitch(0).disabled).toBe(false);
    siteSwitch(0).click();
    // A render before the first is stored (the domain list answers again).
    store.watchers.forEach((w) => w());
    await new Promise((r) => setTimeout(r, 0));
    expect(siteSwitch(0).checked).toBe(false);
    siteSwitch(1).click();
    // The second write holds both sites, not only the second.
    const [first, second] = saved.map((s) => s.disabledSites ?? []);
    expect([first.length, second.length]).toEqual([1, 2]);
    expect(second).toContain(first[0]);
    expect([siteSwitch(0).checked, siteSwitch(1).checked]).toEqual([false, false]);
    writes.forEach((w) => w.resolve(saved[1]));
    await expect.poll(() => root.querySelector('[role=status]')?.textContent).toBe('Saved.');
    expect([siteSwitch(0).checked, siteSwitch(1).checked]).toEqual([false, false]);
  });
});
