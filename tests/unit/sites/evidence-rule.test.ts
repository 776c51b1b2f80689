// The evidence rule (PRODUCT.md §2, sites/types.ts `EVIDENCE`) as a property of every fixture of
// every site, found by globbing tests/fixtures/<site>/ so adapters added later are covered too:
// links, quotes and embeds that point at other threads, put anywhere in a thread's body, never
// change the keys detected; nor does one more unknown wrapper element around each thread.
import { describe, expect, it } from 'vitest';
import { detectThreads } from '../../../sites/index';
import type { FoundThread } from '../../../sites/types';
import { loadFixtures } from './fixtures';
import { urlTables } from './url-tables';

const fixtures = loadFixtures().filter((f) => f.result.site && f.result.threads.length > 0);

/** Elements that are no thread body: headings, links, times, controls and what the head holds. */
const NOT_BODY = 'h1, h2, h3, h4, h5, h6, [role="heading"], a, time, button, script, style, template, title, head, svg';

/** Another thread's id wherever a site keeps one, for embeds that carry ids rather than links. */
const OTHER_IDS = {
  'data-urn': 'urn:li:activity:7000000000000000099',
  'data-id': 'urn:li:activity:7000000000000000099',
  'data-view-tracking-scope': '[{"topicName":"FeedUpdateServedEvent","breadcrumb":{"updateUrn":"urn:li:activity:7000000000000000099"}}]',
  'data-comment-id': '987654321',
  'data-topic-id': '987654',
  'data-post-id': '987654',
  'data-mw-thread-id': 'h-Other_thread-2020-01-01T00:00:00.000Z',
  'data-annotation-id': 'other-inline-comment',
};

/**
 * Plausible URLs of other threads of the same site: the site's own URL table examples, and each
 * found thread's permalink with its number changed and its anchor renamed (same host).
 */
function otherThreadUrls(site: string, found: FoundThread[]): string[] {
  const keys = new Set(found.map((t) => t.key));
  const fromTables = urlTables
    .filter((t) => t.site === site)
    .flatMap((t) => t.examples.filter((e) => e.matches && e.pageKey && !keys.has(e.pageKey)).map((e) => e.url));
  const shifted = found.map((t) => {
    // The last digit of the id changed: `…/t/1234` → `…/t/1239`, `…activity:…608/` → `…603/`.
    const digits = t.url.replace(/(\d)(\D*)$/, (_, d: string, rest: string) => String((Number(d) + 5) % 10) + rest);
    return digits.includes('#') ? `${digits}_other` : digits;
  });
  return [...new Set([...fromTables, ...shifted])].filter((u) => !found.some((t) => t.url === u));
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A link, a quote, a onebox and two embeds pointing at `urls` (cycled). */
function hostileHtml(urls: string[], n: number): string {
  const u = (i: number) => escape(urls[(n + i) % urls.length]);
  const ids = Object.entries(OTHER_IDS).map(([k, v]) => `${k}="${escape(v)}"`).join(' ');
  return (
    `<a href="${u(0)}">see also this thread</a> ` +
    `<blockquote cite="${u(1)}"><p>Quoted from <a href="${u(1)}">an older thread</a></p></blockquote>` +
    `<aside class="onebox quote" data-onebox-src="${u(2)}" data-topic="987654" data-post="2">` +
    `<header><a href="${u(2)}"><time datetime="2020-01-01T00:00:00Z">Jan 1, 2020</time></a></header>` +
    `<a href="${u(2)}">Other thread 12</a></aside>` +
    `<div class="update-components-mini-update-v2" ${ids}><a href="${u(3)}"><span title="2020-01-01T00:00:00Z">1 Jan 2020</span></a></div>` +
    `<div ${ids}><a href="${u(4)}">shared post, 3d</a></div>`
  );
}

/** Every element of a thread body: one with text of its own (not only in its children). */
function bodyElements(doc: Document, found: FoundThread[]): Element[] {
  return Array.from(doc.body?.querySelectorAll('*') ?? []).filter((el) => {
    if (el.closest(NOT_BODY)) return false;
    // Not what holds a badge anchor (a header, a whole post); an anchor may hold a body, though.
    if (found.some((t) => el.contains(t.badgeAnchor))) return false;
    let own = '';
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3) own += (c as Text).data;
    return own.replace(/\s+/g, ' ').trim().length >= 20;
  });
}

/** Each thread's container: its badge anchor's largest ancestor holding no other thread's anchor. */
function containers(doc: Document, found: FoundThread[]): Element[] {
  const out = new Set<Element>();
  for (const t of found) {
    let el = t.badgeAnchor;
    while (el.parentElement && el.parentElement !== doc.body && !found.some((o) => o !== t && el.parentElement!.contains(o.badgeAnchor))) {
      el = el.parentElement;
    }
    out.add(el);
  }
  return [...out];
}

function keysOf(url: URL, doc: Document): string[] {
  return detectThreads(url, doc).threads.map((t) => t.key);
}

describe('evidence rule: keys come only from a thread’s own evidence', () => {
  it('covers every site with fixtures', () => {
    expect(new Set(fixtures.map((f) => f.site)).size).toBeGreaterThanOrEqual(7);
  });

  for (const f of fixtures) {
    const url = new URL(f.url);
    const parse = () => new DOMParser().parseFromString(f.html, 'text/html');
    const expected = f.result.threads.map((t) => t.key);

    it(`${f.site}/${f.name}: links, quotes and embeds of other threads in bodies change no key`, () => {
      const doc = parse();
      const found = detectThreads(url, doc).threads;
      expect(found.map((t) => t.key)).toEqual(expected);
      const urls = otherThreadUrls(f.site, found);
      expect(urls.length).toBeGreaterThan(0);
      const bodies = bodyElements(doc, found);
      bodies.forEach((el, i) => {
        el.insertAdjacentHTML('afterbegin', hostileHtml(urls, i));
        el.insertAdjacentHTML('beforeend', hostileHtml(urls, i + 2));
      });
      expect(keysOf(url, doc), `${bodies.length} bodies, other threads: ${urls.join(' ')}`).toEqual(expected);
    });

    for (const wrapper of ['<div class="x9f3a"></div>', '<div role="listitem"></div>', '<div data-view-name="feed-item-wrapper"></div>']) {
      it(`${f.site}/${f.name}: one more ${wrapper} around each thread changes no key`, () => {
        const doc = parse();
        const found = detectThreads(url, doc).threads;
        for (const el of containers(doc, found)) {
          const tpl = doc.createElement('template');
          tpl.innerHTML = wrapper;
          const wrap = tpl.content.firstElementChild!;
          el.replaceWith(wrap);
          wrap.append(el);
        }
        expect(keysOf(url, doc)).toEqual(expected);
      });
    }
  }
});
