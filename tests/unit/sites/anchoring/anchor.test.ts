// Picked blocks are found again after the page changes around them, and a deleted block is an
// orphan even when a similar post is there (PRODUCT.md §2 "Picked discussions").
import { describe as group, expect, it } from 'vitest';
import { Anchorer, describe, find } from '../../../../sites/anchoring/anchor';
import { selectorOf, type AnchorSelector } from '../../../../sites/anchoring/selectors';
import { pageHtml, parse, post } from './pages';

const FORUM = pageHtml('team-forum.html');

/** Selectors of post `id` as picked on the unchanged page. */
function picked(id: string): AnchorSelector[] {
  const doc = parse(FORUM);
  const sel = describe(post(doc, id), doc);
  if (!sel) throw new Error('nothing described');
  return sel;
}

const newPost = (doc: Document, author: string, text: string): Element => {
  const li = doc.createElement('li');
  li.className = 'Post_item__7fG2a post';
  const header = doc.createElement('div');
  header.className = 'post-header';
  const name = doc.createElement('span');
  name.className = 'author';
  name.textContent = author;
  header.append(name);
  const body = doc.createElement('div');
  body.className = 'body';
  const p = doc.createElement('p');
  p.textContent = text;
  body.append(p);
  li.append(header, body);
  return li;
};

group('describing a block', () => {
  it('quotes its first words with context, gives their position and a CSS path without generated names', () => {
    const doc = parse(FORUM);
    const sel = describe(post(doc, '4413'), doc)!;
    const quote = selectorOf(sel, 'TextQuoteSelector')!;
    expect(quote.exact.startsWith('Chloe Durand 6 Jan Proposal for the sourdough schedule')).toBe(true);
    expect(quote.exact.length).toBeLessThanOrEqual(160);
    expect(quote.prefix).toBe('isit within three working days. ');
    expect(quote.suffix?.length).toBe(32);
    const position = selectorOf(sel, 'TextPositionSelector')!;
    expect(position.end - position.start).toBe(quote.exact.length);
    const css = selectorOf(sel, 'CssSelector')!.value;
    expect(css).toBe('div#app > main > ul.feed > li.post:nth-of-type(3)');
    expect(doc.querySelector(css)).toBe(post(doc, '4413'));
  });

  it('answers null for an element with no text', () => {
    const doc = parse('<div id="a"><img src="x.png"></div><p>text</p>');
    expect(describe(doc.getElementById('a')!, doc)).toBeNull();
  });
});

group('finding a picked block again', () => {
  it('on the unchanged page, through its CSS path', () => {
    const doc = parse(FORUM);
    expect(find(picked('4413'), doc)).toEqual({ element: post(doc, '4413'), via: 'css' });
  });

  it('after posts are inserted above it', () => {
    const doc = parse(FORUM);
    const list = doc.querySelector('ul.feed')!;
    list.prepend(
      newPost(doc, 'Dan Ortiz', 'Good morning, the coffee machine is fixed and the spare filters are in the cupboard next to the sink.'),
      newPost(doc, 'Eve Novak', 'The delivery van is booked for Thursday afternoon; tell me by Wednesday if you need it for catering orders.'),
    );
    // Its CSS path now names another post: the quote finds it.
    expect(doc.querySelector(selectorOf(picked('4413'), 'CssSelector')!.value)).not.toBe(post(doc, '4413'));
    expect(find(picked('4413'), doc)).toEqual({ element: post(doc, '4413'), via: 'quote' });
  });

  it('after every class name is renamed', () => {
    const doc = parse(FORUM);
    let n = 0;
    for (const el of Array.from(doc.querySelectorAll('[class]'))) el.setAttribute('class', `c${(n++).toString(36)}x_${n * 7919}`);
    expect(find(picked('4412'), doc)?.element).toBe(post(doc, '4412'));
  });

  it('after it moves to another parent', () => {
    const doc = parse(FORUM);
    const moved = post(doc, '4412');
    const archive = doc.createElement('section');
    archive.innerHTML = '<h2>Archive</h2><ol class="archived"></ol>';
    archive.querySelector('ol')!.append(moved);
    doc.querySelector('aside')!.append(archive);
    expect(find(picked('4412'), doc)?.element).toBe(moved);
  });

  it('after its text is edited by up to 10 % (typo fixes, an added sentence)', () => {
    const sel = picked('4411');
    const doc = parse(FORUM);
    const p = post(doc, '4411').querySelector('p')!;
    const before = p.textContent!;
    p.textContent = before
      .replace('fifteen degrees hot', 'fifteen degrees too hot')
      .replace('two probe thermometers', 'two probe-thermometers')
      .replace('Monday', 'monday')
      .replace('browned the loaves', 'browned the loafs')
      .concat(' The right side is fine.');
    // Also renamed, so the CSS path cannot find it and the quote has to match fuzzily.
    for (const el of Array.from(doc.querySelectorAll('.post'))) el.className = 'entry';
    const found = find(sel, doc);
    expect(found).toEqual({ element: post(doc, '4411'), via: 'fuzzy' });
  });

  it('not when the block is deleted, even though a similar post by the same person is there', () => {
    const sel = picked('4411');
    const doc = parse(FORUM);
    const gone = post(doc, '4411');
    const similar = newPost(
      doc,
      'Ada Baker',
      'The new oven runs about ten degrees cold on the right side now that the door seal was replaced, so the rolls need five more minutes.',
    );
    gone.replaceWith(similar);
    similar.querySelector('.post-header')!.insertAdjacentHTML('beforeend', ' <a class="stamp" href="/topics/oven-week/posts/4415"><time>5 Jan</time></a>');
    expect(find(sel, doc)).toBeNull();
  });

  it('not when the block is deleted, even where a copy of its first words starts another post', () => {
    const sel = picked('4414');
    const doc = parse(FORUM);
    const gone = post(doc, '4414');
    const quote = selectorOf(sel, 'TextQuoteSelector')!.exact;
    // Two posts that open with the same words, in other places: neither is the picked one.
    for (const parent of [doc.querySelector('aside')!, doc.querySelector('main')!]) {
      const copy = doc.createElement('div');
      copy.className = 'post';
      copy.innerHTML = '<p></p>';
      copy.querySelector('p')!.textContent = quote + ' but this one goes on about something else entirely.';
      parent.prepend(copy);
    }
    gone.remove();
    expect(find(sel, doc)).toBeNull();
  });

  it('finds many discussions on one reading of the page', () => {
    const doc = parse(FORUM);
    const all = ['4411', '4412', '4413', '4414'].map((id) => [id, picked(id)] as const);
    doc.querySelector('ul.feed')!.prepend(newPost(doc, 'Dan Ortiz', 'An unrelated post pushed in at the top of the feed, long enough to read as one.'));
    const anchorer = new Anchorer(doc);
    for (const [id, sel] of all) expect(anchorer.find(sel)?.element, id).toBe(post(doc, id));
  });
});
