/**
 * Viva Engage / Yammer URLs as pure functions. New-UI thread URLs carry unpadded base64url JSON
 * (`{"_type":"Thread","id":"…"}`); classic URLs carry `threadId=<numeric>`. Both give the same
 * key, `yammer:thread/<numeric id>`; extra query parameters (`trk_copy_link`, `search`,
 * `groupScope`) never change it (SITES.md "Yammer / Viva Engage").
 */
import type { UrlTable } from './url-examples';

/** Whether a host is Viva Engage or Yammer. */
export function isYammerHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return (
    h === 'engage.cloud.microsoft' ||
    h.endsWith('.engage.cloud.microsoft') ||
    h === 'web.yammer.com' ||
    h === 'www.yammer.com' ||
    h === 'yammer.com'
  );
}

/** Whether this URL is a Viva Engage / Yammer page. */
export function isYammerUrl(url: URL): boolean {
  return (url.protocol === 'https:' || url.protocol === 'http:') && isYammerHost(url.hostname);
}

/** Decodes unpadded base64url to text; null when it is not base64url. */
function fromBase64Url(b64: string): string | null {
  if (!/^[A-Za-z0-9_-]{4,400}={0,2}$/.test(b64)) return null;
  const std = b64.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const padded = std + '='.repeat((4 - (std.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Encodes text as unpadded base64url (how Engage writes ids into URLs). */
export function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The numeric id inside an Engage URL id of the given type (`Thread`, `Group`), or null. */
export function decodeEngageId(b64: string, type: string): string | null {
  const json = fromBase64Url(b64);
  if (!json) return null;
  try {
    const value = JSON.parse(json) as { _type?: unknown; id?: unknown };
    if (value === null || typeof value !== 'object' || value._type !== type) return null;
    const id = typeof value.id === 'number' ? String(value.id) : value.id;
    return typeof id === 'string' && /^\d{1,30}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The numeric thread id a URL names (new UI, embed or classic form), or null. */
export function yammerThreadId(url: URL): string | null {
  const m = /\/threads\/([A-Za-z0-9_=-]+)\/?$/.exec(url.pathname);
  if (m) {
    const decoded = decodeEngageId(m[1], 'Thread');
    if (decoded) return decoded;
    // Classic `/threads/<numeric>` permalinks.
    if (/^\d{1,30}$/.test(m[1])) return m[1];
  }
  const fromQuery = url.searchParams.get('threadId');
  if (fromQuery && /^\d{1,30}$/.test(fromQuery)) return fromQuery;
  // Classic single-page app routes live in the fragment: `#/Threads/show?threadId=…`.
  const hash = /[?&]threadId=(\d{1,30})(?:&|$)/.exec(url.hash);
  return hash ? hash[1] : null;
}

/** `yammer:thread/<id>` for a URL that names a thread, else null. */
export function yammerPageKey(url: URL): string | null {
  if (!isYammerUrl(url)) return null;
  const id = yammerThreadId(url);
  return id ? yammerThreadKey(id) : null;
}

/** The key of a thread id. */
export function yammerThreadKey(id: string): string {
  return `yammer:thread/${id}`;
}

/** A canonical permalink to a thread on the same host, in the new UI's form. */
export function yammerThreadUrl(origin: string, id: string): string {
  return `${origin}/main/threads/${toBase64Url(JSON.stringify({ _type: 'Thread', id }))}`;
}

/** The canonical thread URL for a URL that names a thread (new-UI form), else null. */
export function yammerPageUrl(url: URL): string | null {
  if (!isYammerUrl(url)) return null;
  const id = yammerThreadId(url);
  return id ? yammerThreadUrl(url.origin, id) : null;
}

const T = 'eyJfdHlwZSI6IlRocmVhZCIsImlkIjoiMzQ5MTAxMjUxMTc4NDk2MCJ9'; // {"_type":"Thread","id":"3491012511784960"}
const G = 'eyJfdHlwZSI6Ikdyb3VwIiwiaWQiOiIxMDE0NDE4MiJ9'; // {"_type":"Group","id":"10144182"}

/** Real-form Engage / Yammer URLs and the keys they must give. */
export const yammerUrls: UrlTable = {
  site: 'yammer',
  pageKey: yammerPageKey,
  pageUrl: yammerPageUrl,
  examples: [
    {
      url: `https://engage.cloud.microsoft/main/threads/${T}`,
      matches: true,
      pageKey: 'yammer:thread/3491012511784960',
      pageUrl: `https://engage.cloud.microsoft/main/threads/${T}`,
    },
    {
      url: `https://engage.cloud.microsoft/main/org/contoso.com/threads/${T}?trk_copy_link=V2`,
      matches: true,
      pageKey: 'yammer:thread/3491012511784960',
    },
    {
      url: `https://contoso.engage.cloud.microsoft/main/threads/${T}?search=oven&groupScope=${G}`,
      matches: true,
      pageKey: 'yammer:thread/3491012511784960',
    },
    {
      url: `https://web.yammer.com/main/org/contoso.com/threads/${T}`,
      matches: true,
      pageKey: 'yammer:thread/3491012511784960',
    },
    {
      url: 'https://www.yammer.com/contoso.com/#/Threads/show?threadId=3491012511784960',
      matches: true,
      pageKey: 'yammer:thread/3491012511784960',
      pageUrl: `https://www.yammer.com/main/threads/${T}`,
    },
    {
      url: 'https://www.yammer.com/contoso.com/threads/3491012511784960',
      matches: true,
      pageKey: 'yammer:thread/3491012511784960',
    },
    {
      url: 'https://www.yammer.com/contoso.com/#/threads/inGroup?type=in_group&feedId=10144182&threadId=3491012511784960&view=all',
      matches: true,
      pageKey: 'yammer:thread/3491012511784960',
    },
    { url: `https://engage.cloud.microsoft/main/groups/${G}/all`, matches: true, pageKey: null, pageUrl: null },
    { url: `https://engage.cloud.microsoft/main/org/contoso.com/groups/${G}`, matches: true, pageKey: null },
    { url: `https://web.yammer.com/embed/groups/${G}`, matches: true, pageKey: null },
    { url: 'https://engage.cloud.microsoft/main/feed', matches: true, pageKey: null },
    // A group id where a thread id belongs is not a thread.
    { url: `https://engage.cloud.microsoft/main/threads/${G}`, matches: true, pageKey: null },
    { url: 'https://engage.cloud.microsoft/main/threads/not-base64!', matches: true, pageKey: null },
    { url: 'https://engage.cloud.microsoft.evil.example/main/threads/' + T, matches: false, pageKey: null },
    { url: 'https://yammer.example.com/main/threads/' + T, matches: false, pageKey: null },
    { url: 'https://www.linkedin.com/feed/', matches: false, pageKey: null },
  ],
};
