// The page outline for bug reports keeps the markup's structure and nothing a person wrote: no
// text, no query string, no fragment, no host of another site.
import { describe as group, expect, it } from 'vitest';
import { OUTLINE_LIMIT, pageOutline, urlShape } from '../../../../sites/anchoring/outline';
import { pageHtml, parse } from './pages';

const PAGE = new URL('https://intranet.corp.example/board/topics/4412-oven-week?secretquery=zqvuxTOKEN1#frag');

// Every secret is a made-up word that appears nowhere in the markup's structure.
const SECRETS = ['zqvuxTOKEN1', 'wombleTOKEN2', 'quixoTOKEN3', 'flurbTOKEN4', 'grintTOKEN5', 'plonkTOKEN6', 'sprocTOKEN7', 'trundTOKEN8', 'vexilTOKEN9', 'Quorbleheading', 'blarghTOKENa', 'zingaTOKENb', 'hostTOKENc'];

const HTML = `<!doctype html><html><head><title>wombleTOKEN2 board</title><script>var x = "quixoTOKEN3";</script>
<style>.a::after { content: "flurbTOKEN4" }</style></head>
<body class="skin-vector">
<div id="app" role="main" data-testid="feed" data-urn="urn:li:activity:7415738731510468608">
  <h2><span class="mw-headline" id="Quorbleheading">Quorbleheading</span></h2>
  <article class="post Post_item__7fG2a" data-post-id="98765" data-author="grintTOKEN5 Smith">
    <header><a href="/board/topics/4412-plonkTOKEN6/posts/98765?ref=sprocTOKEN7#post-98765"><time datetime="2026-01-05T09:12:00Z">5 Jan</time></a></header>
    <p title="trundTOKEN8" aria-label="trundTOKEN8">The oven vexilTOKEN9 runs hot, see <a href="https://hostTOKENc.example/wiki/Oven?q=blarghTOKENa">this</a>.</p>
    <img src="/img/9f8e7d6c5b4a.png?sig=zingaTOKENb" alt="zingaTOKENb">
    <form action="/search?q=zingaTOKENb"><input name="q" value="blarghTOKENa"><textarea>blarghTOKENa</textarea></form>
  </article>
</div></body></html>`;

group('page outline', () => {
  it('keeps tags, roles, data-* names and values, class names and ids', () => {
    const outline = pageOutline(parse(HTML), PAGE);
    expect(outline).toContain('<div id="app" role="main" data-testid="feed" data-urn="urn:li:activity:{n}">');
    expect(outline).toContain('<article class="post Post_item__7fG2a" data-post-id="{n}" data-author="{text:17}">');
    expect(outline).toContain('<span class="mw-headline" id="{text:14}">');
    expect(outline).toContain('<a href="/board/topics/{id}/posts/{n}?{…}#{…}">');
    expect(outline).toContain('<a href="//{host}/wiki/{slug}?{…}">');
    expect(outline).toContain('<img src="/img/{id}?{…}"></img>');
    // Text becomes its length: "The oven vexilTOKEN9 runs hot, see" is 34 characters.
    expect(outline).toMatch(/\n\s+\{34\}\n/);
  });

  it('lets no text, query string, fragment or other host of the page survive', () => {
    const outline = pageOutline(parse(HTML), PAGE);
    for (const secret of SECRETS) expect(outline).not.toContain(secret);
    expect(outline).not.toMatch(/[?#][^{]/);
    // And on the project's own pages: no word of their text is left.
    for (const name of ['team-forum.html', 'wiki-sections.html']) {
      const doc = parse(pageHtml(name));
      const out = pageOutline(doc, new URL('https://board.example/t/1?x=1'));
      const words = new Set((doc.body.textContent ?? '').match(/[A-Za-z]{6,}/g));
      for (const word of words) expect(out, word).not.toMatch(new RegExp(`\\b${word}\\b`));
    }
  });

  it('stops at 300 KB', () => {
    const doc = parse(`<ul>${'<li class="feed-item entry-card" data-kind="post"><span class="author-name">x</span><p class="entry-text">text</p></li>'.repeat(3_000)}</ul>`);
    const outline = pageOutline(doc, PAGE);
    expect(outline.length).toBeLessThanOrEqual(OUTLINE_LIMIT);
    expect(outline).toContain('<!-- outline cut at 300 KB -->');
  });

  it('shapes addresses: numbers, ids and slugs generalised, structure words kept', () => {
    expect(urlShape('/t/oven-thermostats/1234/5?u=ada', PAGE)).toBe('/t/{slug}/{n}/{n}?{…}');
    expect(urlShape('viewtopic.php?t=42', PAGE)).toBe('/board/topics/viewtopic.php?{…}');
    expect(urlShape('mailto:ada@corp.example', PAGE)).toBe('mailto:{…}');
    expect(urlShape('javascript:alert(1)', PAGE)).toBe('javascript:{19}');
  });
});
