// Threads are listed in page order (the side panel's list, screen-reader order of badges), however
// the adapters or the registry collected them (sites/dom-text.ts inPageOrder).
import { describe, expect, it } from 'vitest';
import { inPageOrder } from '../../../sites/dom-text';

function page(): { doc: Document; headings: Element[] } {
  const doc = new DOMParser().parseFromString(
    '<div id="a"><h2>one</h2><p>x</p><div><h2>two</h2></div><h2>three</h2></div><section><h2>four</h2><p><span>five</span></p></section>',
    'text/html',
  );
  return { doc, headings: [...doc.querySelectorAll('h2, span')] };
}
const names = (items: { badgeAnchor: Element }[]) => items.map((i) => i.badgeAnchor.textContent);

describe('inPageOrder', () => {
  it('leaves a list already in page order as it is', () => {
    const { headings } = page();
    const items = headings.map((badgeAnchor) => ({ badgeAnchor }));
    expect(names(inPageOrder([...items]))).toEqual(['one', 'two', 'three', 'four', 'five']);
  });

  it('sorts a shuffled list, nested anchors and two threads on one anchor included', () => {
    const { headings } = page();
    const [one, two, three, four, five] = headings.map((badgeAnchor) => ({ badgeAnchor }));
    const again = { badgeAnchor: two.badgeAnchor };
    expect(names(inPageOrder([five, three, again, one, four, two]))).toEqual(['one', 'two', 'two', 'three', 'four', 'five']);
  });

  it('puts an anchor outside the document tree last', () => {
    const { doc, headings } = page();
    const loose = doc.createElement('h2');
    loose.textContent = 'loose';
    const items = [headings[2], loose, headings[0]].map((badgeAnchor) => ({ badgeAnchor }));
    expect(names(inPageOrder(items))).toEqual(['one', 'three', 'loose']);
  });
});
