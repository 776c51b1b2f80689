// The picker's "block": the smallest element around a point that looks like one post or thread,
// and the steps to widen and narrow it.
import { describe as group, expect, it } from 'vitest';
import { blockAt, blocksAround, defaultBlock, isRepeated, looksLikePost } from '../../../../sites/anchoring/blocks';
import { cssPath, looksGenerated } from '../../../../sites/anchoring/css-path';
import { pageHtml, parse, post } from './pages';

group('blocks', () => {
  it('a word in a post: the post (an item of the feed with an author line), not its paragraph or the feed', () => {
    const doc = parse(pageHtml('team-forum.html'));
    const word = post(doc, '4412').querySelector('p')!.firstChild!;
    expect(blockAt(word, doc)).toBe(post(doc, '4412'));
    const chain = blocksAround(word, doc);
    // Narrower: the paragraph (the body only wraps it); wider: main, the app (a list is no block).
    expect(chain.map((el) => el.localName + (el.className ? '.' + el.className.split(' ').pop() : ''))).toEqual([
      'p', 'li.post', 'main.Feed_main__a91Bc', 'div.Layout_root__x8K2p',
    ]);
    expect(defaultBlock(chain)).toBe(1);
  });

  it('a wrapper that adds nothing is the block it wraps', () => {
    const doc = parse('<section><div class="outer"><div class="inner"><h3>Title</h3><p>Some words of the body text</p></div></div><p>after</p></section>');
    const chain = blocksAround(doc.querySelector('h3')!.firstChild!, doc);
    expect(chain.map((el) => el.className || el.localName)).toEqual(['h3', 'inner', 'section']);
  });

  it('repeated siblings are posts; a single paragraph and a label are not', () => {
    const doc = parse('<div id="feed"><div class="x"><span>Ada</span><p>first post with some text</p></div><div class="x"><span>Ben</span><p>second post with some text</p></div></div><p id="lone">a paragraph on its own with words</p><div id="label">OK</div>');
    const items = Array.from(doc.querySelectorAll('.x'));
    expect(items.map(isRepeated)).toEqual([true, true]);
    expect(items.map(looksLikePost)).toEqual([true, true]);
    expect(looksLikePost(doc.getElementById('lone')!)).toBe(false);
    expect(looksLikePost(doc.getElementById('label')!)).toBe(false);
    expect(looksLikePost(doc.getElementById('feed')!)).toBe(false);
  });

  it('marked posts: article, role=comment, schema.org postings', () => {
    const doc = parse('<div role="comment" id="a">a comment long enough to count</div><div itemscope itemtype="https://schema.org/Comment" id="b">a comment long enough to count</div>');
    expect(looksLikePost(doc.getElementById('a')!)).toBe(true);
    expect(looksLikePost(doc.getElementById('b')!)).toBe(true);
  });
});

group('CSS paths', () => {
  it('skip generated class names and ids', () => {
    for (const name of ['Post_title__3xF9a', 'css-1x9f3k', 'sc-bdVaJa', 'x1n2onr6', 'ember1234', 'post-12345', ':r1:', 'jsx-2093847', 'a3F9b2']) {
      expect(looksGenerated(name), name).toBe(true);
    }
    for (const name of ['post', 'post-header', 'mw-heading2', 'col-12', 'feed', 'h2', 'ext-discussiontools-init-section', 'firstHeading']) {
      expect(looksGenerated(name), name).toBe(false);
    }
  });

  it('start at a stable unique id, use nth-of-type only among same-tag siblings', () => {
    const doc = parse('<div id="root"><div class="css-1x9f3k"><p class="a">one</p><span>s</span><p class="a is-active">two</p></div></div><div id="root2"></div>');
    const two = doc.querySelectorAll('p')[1];
    expect(cssPath(two, doc)).toBe('div#root > div > p.a:nth-of-type(2)');
    expect(doc.querySelector(cssPath(two, doc))).toBe(two);
    expect(cssPath(doc.querySelector('span')!, doc.getElementById('root')!)).toBe(':scope > div > span');
  });
});
