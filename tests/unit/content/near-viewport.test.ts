// While the reader scrolls, badges wait: anchors that come near are held and passed on in one
// batch once the scrolling stops, so a scroll lays the page out once, not at every step (issue 17).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NEAR_PX, watchNearViewport } from '../../../content/near-viewport';
import { FakeIO } from '../../support/fake-io';

const setScrollY = (y: number) => Object.defineProperty(window, 'scrollY', { value: y, configurable: true });

/** Headings at these page offsets (px from the top of the document), laid out as the test says. */
function headings(tops: number[]): HTMLElement[] {
  return tops.map((top) => {
    const h = document.createElement('h2');
    h.getBoundingClientRect = () => ({ top: top - window.scrollY, bottom: top - window.scrollY + 30, left: 0, right: 600, width: 600, height: 30, x: 0, y: top - window.scrollY, toJSON: () => ({}) });
    document.body.append(h);
    return h;
  });
}

let controller: AbortController;
afterEach(() => {
  controller?.abort();
  FakeIO.all = [];
  delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
  setScrollY(0);
  document.body.innerHTML = '';
});

function watch() {
  (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = FakeIO;
  controller = new AbortController();
  const batches: Element[][] = [];
  const near = watchNearViewport(window, (els) => batches.push(els), controller.signal);
  return { near, batches };
}

describe('near-viewport watching while the reader scrolls', () => {
  it('passes anchors on at once while the page is still', () => {
    const { near, batches } = watch();
    const [a, b] = headings([100, 200]);
    near.observe(a);
    near.observe(b);
    FakeIO.near([a, b]);
    expect(batches).toEqual([[a, b]]);
  });

  it('holds what comes near while a box scrolls, and passes it on in one batch when it stops', async () => {
    const { near, batches } = watch();
    const box = document.createElement('div');
    document.body.append(box);
    const [a, b, c] = headings([100, 900, 1800]);
    for (const h of [a, b, c]) near.observe(h);
    // Steps closer together than SCROLL_QUIET_MS (here with no time between them at all, so a
    // busy machine cannot split the scroll in two).
    for (let step = 0; step < 6; step++) {
      box.dispatchEvent(new Event('scroll'));
      FakeIO.near([[a, b, c][step % 3]]);
    }
    expect(batches).toEqual([]);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 2000 });
    expect(new Set(batches[0])).toEqual(new Set([a, b, c]));
  });

  it('after the document scrolled, passes on the anchors near what the reader scrolled through, and watches the rest again', async () => {
    const { near, batches } = watch();
    const height = window.innerHeight;
    const [top, middle, bottom, far] = headings([100, 3000, 6000 + height + NEAR_PX - 10, 20_000]);
    for (const h of [top, middle, bottom, far]) near.observe(h);
    for (const y of [0, 1500, 3000, 4500, 6000]) {
      setScrollY(y);
      document.dispatchEvent(new Event('scroll'));
    }
    // The observer is off while the document scrolls.
    expect(FakeIO.all[0].observed.size).toBe(0);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 2000 });
    expect(batches[0]).toEqual([top, middle, bottom]);
    expect(FakeIO.all[0].observed.has(far)).toBe(true);
  });
});

describe('near-viewport watching while a batch of badges goes in', () => {
  it('is off for the frame that lays the batch out, and then reports what came near meanwhile', async () => {
    const { near, batches } = watch();
    const [a, b, c] = headings([100, 200, 300]);
    for (const h of [a, b, c]) near.observe(h);
    near.unobserve(a);
    near.mounting();
    // An observer still on would compute every target again in that frame, after its layout.
    expect(FakeIO.all[0].observed.size).toBe(0);
    FakeIO.near([b]);
    expect(batches).toEqual([]);
    // In idle time after the frame it watches the anchors not built yet again.
    await vi.waitFor(() => expect(batches).toEqual([[b]]), { timeout: 2000 });
    expect(FakeIO.all[0].observed).toEqual(new Set([b, c]));
  });
});
