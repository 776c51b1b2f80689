// The content script's picked discussions (content/picked.ts): the background's list checked
// without zod, re-anchoring on scans through the picker script's `anchor` (here the real
// content/picked-anchors.ts), missing ones retried at most every PASS_MS, the badge anchored on
// the found block, and no pass at all once every one is found and still on the page.
import { beforeEach, describe, expect, it } from 'vitest';
import { pickedOnPage, pickedRefs } from '../../../content/picked';
import { anchorPicked, anchorPickedSliced } from '../../../content/picked-anchors';
import type { PickerApi } from '../../../content/picker-api';
import { describe as describeBlock } from '../../../sites/anchoring/anchor';
import type { ThreadRef } from '../../../storage/schema';

const PAGE = 'https://forum.intranet.example/t/oven-week';
const post = (id: string, text: string) =>
  `<article class="post" id="${id}"><header><b>Ada</b> wrote</header><p>${text}</p></article>`;
const TEXTS = {
  rota: 'Should the oven rota move to Mondays so that the early bakers get the long proof slot first?',
  rye: 'Rye starter keeps collapsing after the third feed; is the flour from the new supplier too coarse?',
};

function refOf(el: Element, key: string): ThreadRef {
  const selector = describeBlock(el, document);
  if (!selector) throw new Error('not describable');
  return {
    key,
    site: 'pick',
    title: key,
    url: PAGE,
    native: { state: null, replies: null, participants: null, lastActivity: null },
    target: { source: PAGE, selector },
  };
}

let passes = 0;
/** The last pass started: the tests wait for it as the content script waits for `late`. */
let last: Promise<unknown> = Promise.resolve();
const api: PickerApi = {
  anchor: (doc, refs) => {
    passes++;
    const pass = anchorPickedSliced(doc, refs);
    last = pass;
    return pass;
  },
  pick: async () => null,
  outline: () => '',
};

beforeEach(() => {
  passes = 0;
  document.body.innerHTML = `<main id="feed">${post('p1', TEXTS.rota)}${post('p2', TEXTS.rye)}</main>`;
});

describe('picked discussions on the page', () => {
  it('finds them on a scan (in slices, then the scan it asks for) and puts the badge on the found block', async () => {
    const rota = refOf(document.getElementById('p1')!, 'pick:forum.intranet.example/t/oven-week#a');
    const picked = pickedOnPage(() => api, document);
    picked.set([rota]);
    let late = 0;
    expect(picked.threads(() => late++)).toEqual([]);
    await last;
    expect(late).toBe(1);
    const threads = picked.threads(() => late++);
    expect(threads.map((t) => [t.key, (t.badgeAnchor as Element).id])).toEqual([[rota.key, 'p1']]);
    expect(picked.list()).toEqual({ found: [rota], orphans: [] });
  });

  it('finds nothing before the picker script is in the page', () => {
    const picked = pickedOnPage(() => undefined, document);
    picked.set([refOf(document.getElementById('p1')!, 'pick:forum.intranet.example/t/oven-week#a')]);
    expect(picked.threads(() => undefined)).toEqual([]);
  });

  it('retries missing ones on later scans, not more often than every 250 ms, and finds a block that came late', async () => {
    const rye = refOf(document.getElementById('p2')!, 'pick:forum.intranet.example/t/oven-week#b');
    document.getElementById('p2')!.remove();
    let now = 1000;
    let late = 0;
    const picked = pickedOnPage(() => api, document, () => now);
    picked.set([rye]);
    expect(picked.threads(() => late++)).toEqual([]);
    await last;
    expect(picked.list().orphans).toEqual([rye]);
    // Nothing changed: no scan asked for.
    expect(late).toBe(0);
    // The post renders late (a feed growing): a scan right away is skipped and asks for a later one.
    document.getElementById('feed')!.insertAdjacentHTML('afterbegin', post('p9', TEXTS.rye));
    now += 100;
    expect(picked.threads(() => late++)).toEqual([]);
    expect([passes, late]).toEqual([1, 1]);
    now += 200;
    picked.threads(() => late++);
    await last;
    expect(late).toBe(2);
    const found = picked.threads(() => late++);
    expect(found.map((t) => (t.badgeAnchor as Element).id)).toEqual(['p9']);
    expect(picked.list()).toEqual({ found: [rye], orphans: [] });
    expect(passes).toBe(2);
  });

  it('does not re-anchor while every one is found and on the page; does when a found block leaves it', async () => {
    const rota = refOf(document.getElementById('p1')!, 'pick:forum.intranet.example/t/oven-week#a');
    let now = 0;
    const picked = pickedOnPage(() => api, document, () => now);
    picked.set([rota]);
    picked.threads(() => undefined);
    await last;
    picked.threads(() => undefined);
    now += 1000;
    picked.threads(() => undefined);
    expect(passes).toBe(1);
    // The page re-renders the post (same text, new element): found again on the new one.
    const old = document.getElementById('p1')!;
    old.insertAdjacentHTML('afterend', post('p1b', TEXTS.rota));
    old.remove();
    expect(picked.threads(() => undefined)).toEqual([]);
    await last;
    expect(passes).toBe(2);
    expect(picked.threads(() => undefined).map((t) => (t.badgeAnchor as Element).id)).toEqual(['p1b']);
  });

  it('a deleted block is an orphan even though a similar post is on the page, and no badge goes elsewhere', async () => {
    const rota = refOf(document.getElementById('p1')!, 'pick:forum.intranet.example/t/oven-week#a');
    document.getElementById('p1')!.remove();
    const picked = pickedOnPage(() => api, document);
    picked.set([rota]);
    picked.threads(() => undefined);
    await last;
    expect(picked.threads(() => undefined)).toEqual([]);
    expect(picked.list()).toEqual({ found: [], orphans: [rota] });
  });

  it('a pass yields to the page between slices: 60 discussions with a 0 ms slice take many tasks, with the same answer', async () => {
    const refs = Array.from({ length: 60 }, (_, i) => refOf(document.getElementById(i % 2 ? 'p2' : 'p1')!, `pick:forum.intranet.example/t/oven-week#n${i}`));
    let ticks = 0;
    const counting = setInterval(() => ticks++, 0);
    const pass = await anchorPickedSliced(document, refs, 0);
    clearInterval(counting);
    expect(ticks).toBeGreaterThan(0);
    expect(pass).toEqual(anchorPicked(document, refs));
  });
});

describe('the background list, checked without zod', () => {
  it('keeps well-formed picked discussions and leaves the rest out', () => {
    const good = refOf(document.getElementById('p1')!, 'pick:forum.intranet.example/t/oven-week#a');
    const raw = {
      found: [
        good,
        { ...good, key: 'nosite:x' },
        { ...good, target: { source: PAGE, selector: [{ type: 'CssSelector', value: 'main > article' }] } },
        { ...good, title: 5 },
        'junk',
      ],
    };
    expect(pickedRefs(raw)).toEqual([good]);
    expect(pickedRefs(null)).toEqual([]);
  });
});
