// A picked block's key: from its own permalink through the sites' URL keying, so a discussion
// picked in a feed and on its own page is one; else `pick:<page>#<hash of the quote>`; never
// another host's discussion.
import { describe as group, expect, it } from 'vitest';
import { keyOfPermalink, namesAnId, ownPermalink, pickedIdentity, pickedTitle, quoteHash } from '../../../../sites/anchoring/identity';
import { belongsToPage } from '../../../../sites/ownership';
import { isThreadKey } from '../../../../storage/limits';
import { pageHtml, parse, post } from './pages';

const BOARD = new URL('https://board.corp.example/topics/oven-week?utm_source=mail#top');

group('identity of a picked block', () => {
  it('comes from the permalink on its timestamp: the same key as annotating the post on its own page', () => {
    const doc = parse(pageHtml('team-forum.html'));
    const id = pickedIdentity(post(doc, '4413'), BOARD, 'Chloe Durand 6 Jan Proposal')!;
    expect(id).toEqual({
      key: 'generic:https://board.corp.example/topics/oven-week/posts/4413',
      url: 'https://board.corp.example/topics/oven-week/posts/4413',
      title: 'Chloe Durand 6 Jan Proposal for the sourdough schedule during the oven week: we bake the rye loaves first thing in the…',
    });
    expect(isThreadKey(id.key)).toBe(true);
  });

  it('goes through the adapters: a Discourse topic or GitHub discussion linked from its header', () => {
    expect(keyOfPermalink(new URL('https://forum.example.com/t/oven-temperatures/1234/7'))).toBe('discourse:forum.example.com/t/1234');
    expect(keyOfPermalink(new URL('https://github.com/acme/bakery/discussions/42#discussioncomment-9'))).toBe('github:acme/bakery/discussions/42');
    expect(keyOfPermalink(new URL('https://en.wikipedia.org/wiki/Talk:Cake#Icing'))).toBe('mediawiki:en.wikipedia.org/Talk:Cake#Icing');
    // A fragment naming a post inside a page is that post.
    expect(keyOfPermalink(new URL('https://board.corp.example/thread/5?utm_medium=x#comment-123'))).toBe('pick:https://board.corp.example/thread/5#comment-123');
  });

  it('ignores links in the body, in quotes and in nested replies, and links to other hosts', () => {
    const doc = parse(`<article id="a"><header><span class="author">Ada</span> <a href="https://evil.example/posts/12345"><time>5 Jan</time></a></header>
      <p>See <a href="/topics/other/posts/9999">this post</a></p>
      <blockquote><header><a href="/topics/q/posts/7777"><time>1 Jan</time></a></header>quoted</blockquote>
      <div role="comment"><header><a href="/topics/r/posts/8888"><time>2 Jan</time></a></header>reply text long enough to be a post</div></article>`);
    expect(ownPermalink(doc.getElementById('a')!, BOARD)).toBeNull();
    const id = pickedIdentity(doc.getElementById('a')!, BOARD, 'Ada 5 Jan See this post')!;
    expect(id.key).toBe(`pick:https://board.corp.example/topics/oven-week#${quoteHash('Ada 5 Jan See this post')}`);
    expect(id.url).toBe('https://board.corp.example/topics/oven-week');
    expect(belongsToPage(id, BOARD)).toBe(true);
  });

  it('without a permalink: pick:<page>#<hash>, the hash stable and short, the page without trackers', () => {
    const doc = parse('<div id="p"><h3>Ovens</h3><p>no link here at all, just words</p></div>');
    const id = pickedIdentity(doc.getElementById('p')!, BOARD, 'Ovens no link here')!;
    expect(id.key).toMatch(/^pick:https:\/\/board\.corp\.example\/topics\/oven-week#[0-9a-z]{7}$/);
    expect(quoteHash('Ovens  no link\nhere')).toBe(quoteHash('Ovens no link here'));
    expect(quoteHash('Ovens no link here')).not.toBe(quoteHash('Ovens no link there'));
    expect(id.title).toBe('Ovens');
  });

  it('no key on a page that is not on the web', () => {
    const doc = parse('<div id="p"><p>words words words words</p></div>');
    expect(pickedIdentity(doc.getElementById('p')!, new URL('file:///home/ada/page.html'), 'words')).toBeNull();
  });

  it('knows an id in an address when it sees one', () => {
    for (const yes of ['https://x.example/posts/4413', 'https://x.example/t/slug/1234', 'https://x.example/viewtopic.php?t=42', 'https://x.example/p#comment-123', 'https://x.example/c/9f8e7d6c5b']) {
      expect(namesAnId(new URL(yes)), yes).toBe(true);
    }
    for (const no of ['https://x.example/about', 'https://x.example/topics/oven-week', 'https://x.example/u/ada#top']) {
      expect(namesAnId(new URL(no)), no).toBe(false);
    }
  });

  it('titles a block by its heading, else its first line', () => {
    const doc = parse('<div id="a"><h2>Oven <b>week</b></h2><p>text</p></div><div id="b"><p>First words of a post without a heading</p></div>');
    expect(pickedTitle(doc.getElementById('a')!)).toBe('Oven week');
    expect(pickedTitle(doc.getElementById('b')!)).toBe('First words of a post without a heading');
  });
});
