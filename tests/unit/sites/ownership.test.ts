// A page names only its own discussions: markup that points a thread at another host (a JSON-LD
// posting, a topic link, a canonical link) gives no thread of that host (sites/ownership.ts).
import { describe, expect, it } from 'vitest';
import { detectThreads } from '../../../sites/index';
import { belongsToPage, hostOfKey } from '../../../sites/ownership';
import { loadFixtures } from './fixtures';

const fixture = (site: string, name: string) => loadFixtures(site).find((f) => f.name === name)!;
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const keysOf = (url: string, html: string, wholePage = false) =>
  detectThreads(new URL(url), parse(html), { wholePage }).threads.map((t) => t.key);

describe('hostOfKey', () => {
  it('reads the host of keys that carry one, and knows the sites whose keys carry none', () => {
    expect(hostOfKey('mediawiki:en.wikipedia.org/Talk:Cake#Icing')).toBe('en.wikipedia.org');
    expect(hostOfKey('discourse:community.corp.example/forum/t/88')).toBe('community.corp.example');
    expect(hostOfKey('confluence:wiki.corp.example:8443/123#comment-4')).toBe('wiki.corp.example:8443');
    expect(hostOfKey('generic:http://intranet.corp.example:8080/forum?t=42')).toBe('intranet.corp.example:8080');
    expect(hostOfKey('mediawiki:no-slash')).toBe('');
    expect(hostOfKey('generic:not a url')).toBe('');
    expect(hostOfKey('yammer:thread/123')).toBeUndefined();
    expect(hostOfKey('linkedin:urn:li:activity:7')).toBeUndefined();
    expect(hostOfKey('github:wxt-dev/wxt/discussions/1')).toBeUndefined();
  });
});

describe('belongsToPage', () => {
  const page = new URL('https://en.m.wikipedia.org/wiki/Talk:Cake');
  it('takes threads of the page host, the desktop host of a mobile wiki page, and hostless sites', () => {
    expect(belongsToPage({ key: 'mediawiki:en.wikipedia.org/Talk:Cake#A', url: 'https://en.wikipedia.org/wiki/Talk:Cake#A' }, page)).toBe(true);
    expect(belongsToPage({ key: 'mediawiki:en.m.wikipedia.org/Talk:Cake#A', url: 'https://en.m.wikipedia.org/wiki/Talk:Cake#A' }, page)).toBe(true);
    expect(belongsToPage({ key: 'github:a/b/discussions/1', url: 'https://github.com/a/b/discussions/1' }, new URL('https://github.com/a/b/discussions'))).toBe(true);
  });

  it('refuses threads of another host, keys without a host, and permalinks that are no web address', () => {
    expect(belongsToPage({ key: 'mediawiki:de.wikipedia.org/Talk:Cake#A', url: 'https://de.wikipedia.org/wiki/Talk:Cake#A' }, page)).toBe(false);
    expect(belongsToPage({ key: 'discourse:/t/1', url: 'https://en.wikipedia.org/t/1' }, page)).toBe(false);
    expect(belongsToPage({ key: 'mediawiki:en.wikipedia.org/Talk:Cake#A', url: 'javascript:alert(1)' }, page)).toBe(false);
    expect(belongsToPage({ key: 'github:a/b/discussions/1', url: 'data:text/html,hi' }, new URL('https://github.com/'))).toBe(false);
  });
});

describe('detection keeps a page to its own discussions', () => {
  it('generic: a JSON-LD posting that claims another origin gives no thread of it', () => {
    const f = fixture('generic', 'qapage-jsonld');
    expect(keysOf(f.url, f.html)).toEqual(['generic:https://qa.bakers.example/questions/118/why-does-my-bread-collapse']);
    // The posting names an intranet page, and the page links to it so the posting has a place.
    const claimed = f.html
      .replace('"mainEntity":{"@type":"Question",', '"mainEntity":{"@type":"Question","url":"https://intranet.corp.example/secret/42",')
      .replace('<main>', '<main><p><a href="https://intranet.corp.example/secret/42">Related</a></p>');
    expect(keysOf(f.url, claimed)).toEqual([]);
    // "Annotate this page" still gives the page itself.
    expect(keysOf(f.url, claimed, true)).toEqual(['generic:https://qa.bakers.example/questions/118/why-does-my-bread-collapse']);
  });

  it('discourse: a topic row linking to another forum gives no thread of that forum', () => {
    const f = fixture('discourse', 'latest-list');
    const honest = keysOf(f.url, f.html);
    expect(honest).toContain('discourse:forum.example.com/t/1190');
    const claimed = f.html.replaceAll('href="/t/holiday-opening-hours-2025/1190', 'href="https://community.corp.example/t/holiday-opening-hours-2025/1190');
    const keys = keysOf(f.url, claimed);
    expect(keys.some((k) => k.includes('community.corp.example'))).toBe(false);
    expect(keys).toEqual(honest.filter((k) => k !== 'discourse:forum.example.com/t/1190'));
  });

  it('mediawiki: a canonical link to another wiki does not name the page', () => {
    const f = fixture('mediawiki', 'plain-heading2');
    const honest = keysOf(f.url, f.html);
    expect(honest.length).toBeGreaterThan(0);
    // The same page at an address that names no title: its canonical link on its own host names it.
    expect(keysOf('https://wiki.example.com/index.php?curid=77', f.html)).toEqual(honest);
    // At another host, the canonical link (wiki.example.com) is not taken: keys name the page's host.
    const elsewhere = keysOf('https://wiki.attacker.example/index.php?curid=77', f.html);
    expect(elsewhere.length).toBe(honest.length);
    for (const key of elsewhere) expect(hostOfKey(key)).toBe('wiki.attacker.example');
  });
});
