// Which adapter a page gets: dedicated sites by URL and DOM, self-hosted software by fingerprint on
// any host, the generic adapter only on pages no site claims, and the whole page on request.
import { describe, expect, it } from 'vitest';
import { detectThreads, pickAdapter, scanPage } from '../../../sites/index';

const doc = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('picking the adapter', () => {
  it('finds Discourse and Confluence Server on any host by their fingerprints', () => {
    expect(pickAdapter(new URL('https://talk.corp.example/'), doc('<meta name="generator" content="Discourse 3.4.2">'))?.id).toBe('discourse');
    expect(pickAdapter(new URL('https://intranet.example/x'), doc('<meta name="ajs-page-id" content="1"><h1>x</h1>'))?.id).toBe('confluence');
  });

  it('never picks a feed adapter by fingerprint on a foreign host', () => {
    const linkedinish = doc('<div data-urn="urn:li:activity:7400000000000000001"><p>x</p></div>');
    expect(pickAdapter(new URL('https://blog.example.com/post'), linkedinish)).toBeNull();
    const engageish = doc('<div role="main"><div data-testid="overflow-set"></div></div>');
    expect(pickAdapter(new URL('https://blog.example.com/post'), engageish)).toBeNull();
  });

  it('gives the generic adapter only pages with discussion data that no site claims', () => {
    const qa = doc('<script type="application/ld+json">{"@type":"QAPage","mainEntity":{"@type":"Question","name":"Q?"}}</script><h1>Q?</h1>');
    expect(pickAdapter(new URL('https://qa.example/q/1'), qa)?.id).toBe('generic');
    expect(pickAdapter(new URL('https://github.com/o/r/wiki/Home'), qa)).toBeNull();
    expect(pickAdapter(new URL('https://qa.example/q/1'), doc('<h1>plain</h1>'))).toBeNull();
  });

  it('adds the whole page when asked, once, on any site', () => {
    const page = doc('<title>Menu</title><main><h1>Menu</h1></main>');
    expect(detectThreads(new URL('https://canteen.example/menu#today'), page)).toEqual({ site: null, unrecognised: 0, threads: [] });
    const { site, threads } = detectThreads(new URL('https://canteen.example/menu?utm_source=x#today'), page, { wholePage: true });
    expect(site).toBe('generic');
    expect(threads.map((t) => [t.key, t.title, t.badgeAnchor.localName])).toEqual([['generic:https://canteen.example/menu', 'Menu', 'h1']]);
    // A page whose structured data already names the page gets no second thread for it.
    const qa = doc('<script type="application/ld+json">{"@type":"QAPage","mainEntity":{"@type":"Question","name":"Q?"}}</script><h1>Q?</h1>');
    expect(detectThreads(new URL('https://qa.example/q/1'), qa, { wholePage: true }).threads).toHaveLength(1);
  });

  it('scans incrementally only for adapters that can, and reports where it looked', () => {
    const feed = doc('<main><div data-urn="urn:li:activity:7400000000000000001"><p>a</p></div><div id="new" data-urn="urn:li:activity:7400000000000000002"><p>b</p></div></main>');
    const part = scanPage(new URL('https://www.linkedin.com/feed/'), feed, { roots: [feed.getElementById('new')!] });
    expect(part.threads.map((t) => t.key)).toEqual(['linkedin:urn:li:activity:7400000000000000002']);
    expect(part.scopes).toContain(feed.getElementById('new'));
    const wiki = doc('<body class="mediawiki"><div id="mw-content-text"><h2 id="A">A</h2></div></body>');
    expect(scanPage(new URL('https://en.wikipedia.org/wiki/Talk:X'), wiki, { roots: [wiki.body] }).scopes).toBeNull();
  });
});
