/**
 * Company domains: self-hosted wikis, Confluence Server / Data Center, Discourse forums, GitLab,
 * Jira Data Center and any other site a person enables from the popup ("Enable Doneness on <origin>"). The manifest asks
 * for no host permission up front (`optional_host_permissions`); enabling asks for that one
 * origin at run time, registers the content script for it with
 * `scripting.registerContentScripts` (the company script, entrypoints/company.content: a small
 * fingerprint that has the background inject the script of the page's site family; kept across
 * browser restarts, and re-registered when the
 * background starts in case the browser dropped it), injects it into the tabs already open there
 * and records which adapter the page's fingerprint points to. The list lives in
 * `storage.local`; the dashboard lists, switches off and revokes domains.
 */
import { familyOfSoftware, fingerprintPage, type SoftwareKind } from '../../sites/fingerprint';
import { contentScriptFile } from '../../protocol/keys';
import { COMPANY_SCRIPT_FILE } from './annotate-page';

export { fingerprintPage };

/** Storage keys (storage.local). */
export const DOMAINS_KEY = 'companyDomains';
/**
 * A permission request on its way is kept under its own key, `pendingDomain:<origin>`, so that
 * recording it is one write issued inside the click, with no read before it: Chromium closes the
 * popup as soon as its permission dialog takes the focus, and a write that waited for a read
 * first was lost with the popup (then the grant enabled nothing).
 */
export const PENDING_PREFIX = 'pendingDomain:';
const pendingKey = (origin: string) => PENDING_PREFIX + origin;

/** What a page's fingerprint says runs there (sites/fingerprint.ts). */
export type DomainKind = SoftwareKind;

/** One enabled (or switched-off) company domain. */
export interface CompanyDomain {
  /** `https://wiki.corp.example` (scheme, host and port; no path). */
  origin: string;
  /** Which adapter the page's fingerprint pointed to when it was enabled; null when unknown. */
  kind: DomainKind | null;
  /** Switched on: the content script is registered. Off keeps the permission. */
  enabled: boolean;
  addedAt: number;
}

/** A permission request on its way: which origin, and the tab it was asked from. */
interface Pending {
  origin: string;
  tabId: number | null;
  at: number;
}

interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
}

/** The browser APIs this needs (a subset, so unit tests can fake them). */
export interface DomainsBrowser {
  storage: {
    local: {
      get(key: string | null): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(key: string): Promise<void>;
    };
  };
  permissions: {
    request(p: { origins: string[] }): Promise<boolean>;
    contains(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  scripting: {
    registerContentScripts(scripts: Array<Record<string, unknown>>): Promise<void>;
    unregisterContentScripts(filter?: { ids: string[] }): Promise<void>;
    getRegisteredContentScripts(filter?: { ids: string[] }): Promise<RegisteredScript[]>;
    executeScript(injection: { target: { tabId: number }; files?: string[]; func?: () => unknown }): Promise<Array<{ result?: unknown }>>;
  };
  tabs: { query(q: { url?: string | string[] }): Promise<Array<{ id?: number; url?: string }>> };
}

/** The origin of an http(s) URL (`https://host[:port]`), or null for anything else. */
export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** The match pattern of an origin (ports are not part of match patterns: the host covers them). */
export function originPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/** The id of an origin's registered content script. */
export function scriptId(origin: string): string {
  return 'doneness-domain:' + origin.toLowerCase();
}

function isDomain(value: unknown): value is CompanyDomain {
  const d = value as CompanyDomain | null;
  return !!d && typeof d.origin === 'string' && originOf(d.origin) === d.origin && typeof d.enabled === 'boolean';
}

/** Company domains and the operations on them. */
export function createDomains(browser: DomainsBrowser, now: () => number = Date.now) {
  async function list(): Promise<CompanyDomain[]> {
    const stored = (await browser.storage.local.get(DOMAINS_KEY))[DOMAINS_KEY];
    return Array.isArray(stored) ? stored.filter(isDomain) : [];
  }

  async function save(domains: CompanyDomain[]): Promise<void> {
    await browser.storage.local.set({ [DOMAINS_KEY]: domains });
  }

  async function pending(): Promise<Pending[]> {
    const stored = await browser.storage.local.get(null);
    // A request older than ten minutes was abandoned.
    return Object.entries(stored)
      .filter(([key]) => key.startsWith(PENDING_PREFIX))
      .map(([, p]) => p as Pending)
      .filter((p) => p && typeof p.origin === 'string' && typeof p.at === 'number' && now() - p.at < 600_000);
  }

  async function register(origin: string): Promise<void> {
    const id = scriptId(origin);
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] }).catch(() => [] as RegisteredScript[]);
    if (existing.length > 0) {
      if (existing[0].js?.includes(COMPANY_SCRIPT_FILE) ?? true) return;
      // Registered by a version whose script had another name (one script for every site, before
      // the split per site family): the browser keeps the registration across the update.
      await unregister(origin);
    }
    try {
      await browser.scripting.registerContentScripts([
        { id, matches: [originPattern(origin)], js: [COMPANY_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
      ]);
    } catch (error) {
      // Enabling from the popup and from the permission event can race: one registration wins.
      if (!/duplicate|already/i.test(String(error))) throw error;
    }
  }

  async function unregister(origin: string): Promise<void> {
    await browser.scripting.unregisterContentScripts({ ids: [scriptId(origin)] }).catch(() => undefined);
  }

  /** Reads the fingerprint of an open tab of the origin and starts the content script there. */
  async function startInOpenTabs(origin: string, preferredTab: number | null): Promise<DomainKind | null> {
    const tabs = await browser.tabs.query({ url: originPattern(origin) }).catch(() => []);
    const ids = tabs.filter((t) => originOf(t.url) === origin && t.id !== undefined).map((t) => t.id!);
    if (preferredTab !== null && !ids.includes(preferredTab)) ids.unshift(preferredTab);
    let kind: DomainKind | null = null;
    for (const tabId of ids) {
      try {
        const [probe] = await browser.scripting.executeScript({ target: { tabId }, func: fingerprintPage });
        const found = (probe?.result as DomainKind | undefined) ?? null;
        kind ??= found;
        // The fingerprint is in hand: the family's script straight away (the registered company
        // script would take the same fingerprint and ask for it).
        await browser.scripting.executeScript({
          target: { tabId },
          files: [found ? contentScriptFile(familyOfSoftware(found)) : COMPANY_SCRIPT_FILE],
        });
      } catch {
        /* a tab that navigated away or is not ours to script: it gets the script on next load */
      }
    }
    return kind;
  }

  /**
   * Asks for an origin's permission. Call it straight from the click handler (a user gesture):
   * nothing is awaited before the browser's prompt. Resolves to whether the person allowed it;
   * the background finishes enabling on `permissions.onAdded`, and so does `enable` here.
   */
  function request(origin: string, tabId: number | null): Promise<boolean> {
    // Issued before the request, in the same task: it reaches the browser before the dialog
    // can close the popup (see PENDING_PREFIX).
    browser.storage.local.set({ [pendingKey(origin)]: { origin, tabId, at: now() } }).catch(() => undefined);
    return browser.permissions.request({ origins: [originPattern(origin)] });
  }

  /** Enables a domain whose permission is granted: register, start in open tabs, remember. */
  async function enable(origin: string, tabId: number | null = null): Promise<CompanyDomain> {
    if (!(await browser.permissions.contains({ origins: [originPattern(origin)] }))) {
      throw new Error(`no permission for ${origin}`);
    }
    await register(origin);
    const kind = await startInOpenTabs(origin, tabId);
    const domains = await list();
    const previous = domains.find((d) => d.origin === origin);
    const domain: CompanyDomain = { origin, kind: kind ?? previous?.kind ?? null, enabled: true, addedAt: previous?.addedAt ?? now() };
    await save([...domains.filter((d) => d.origin !== origin), domain]);
    await browser.storage.local.remove(pendingKey(origin));
    return domain;
  }

  /** Switches a domain on or off without giving up its permission. */
  async function setEnabled(origin: string, enabled: boolean): Promise<void> {
    const domains = await list();
    const domain = domains.find((d) => d.origin === origin);
    if (!domain) throw new Error(`${origin} is not a company domain`);
    if (enabled) await register(origin);
    else await unregister(origin);
    await save(domains.map((d) => (d.origin === origin ? { ...d, enabled } : d)));
  }

  /** Forgets a domain and gives its permission back. */
  async function remove(origin: string): Promise<void> {
    await unregister(origin);
    await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
    await save((await list()).filter((d) => d.origin !== origin));
  }

  /**
   * At background start-up: every enabled domain whose permission is still granted has its
   * content script registered; registrations of domains that are gone or off are removed.
   */
  async function syncRegistrations(): Promise<void> {
    const domains = await list();
    const registered = await browser.scripting.getRegisteredContentScripts().catch(() => [] as RegisteredScript[]);
    const wanted = new Set<string>();
    for (const d of domains) {
      if (!d.enabled) continue;
      if (!(await browser.permissions.contains({ origins: [originPattern(d.origin)] }).catch(() => false))) continue;
      wanted.add(scriptId(d.origin));
      await register(d.origin).catch((e) => console.warn('[doneness] could not register', d.origin, e));
    }
    const stale = registered.map((r) => r.id).filter((id) => id.startsWith('doneness-domain:') && !wanted.has(id));
    if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale }).catch(() => undefined);
  }

  /** `permissions.onAdded`: finish enabling the origins a popup asked for. */
  async function onPermissionsAdded(added: { origins?: string[] }): Promise<void> {
    const waiting = await pending();
    for (const p of waiting) {
      if ((added.origins ?? []).includes(originPattern(p.origin))) {
        await enable(p.origin, p.tabId).catch((e) => console.warn('[doneness] could not enable', p.origin, e));
      }
    }
  }

  /** `permissions.onRemoved` (revoked in the browser's settings): stop running there. */
  async function onPermissionsRemoved(removed: { origins?: string[] }): Promise<void> {
    for (const d of await list()) {
      if ((removed.origins ?? []).includes(originPattern(d.origin))) await unregister(d.origin);
    }
  }

  return { list, request, enable, setEnabled, remove, syncRegistrations, onPermissionsAdded, onPermissionsRemoved };
}
