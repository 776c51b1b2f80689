// Badges are built only for threads near the viewport, in one batch after their states are back;
// the rest follow as they scroll near. Every thread is detected all the same.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentBrowser } from '../../../content/page-badges';
import { LOOKUP_PATIENCE_MS } from '../../../content/badge-states';
import { startBadges } from '../../support/page-badges';
import { mediawikiTalkPage } from '../../../scripts/bench/pages';
import { captureShadowRoots } from '../../support/shadow-roots';
import { shownText } from '../../support/shown-text';
import { FakeIO } from '../../support/fake-io';

/**
 * Waits for what the content script does on its own time (idle-time scans, answers from the
 * background): on a loaded machine that takes what it takes, so the wait is bounded only as a
 * guard against a hang, never as a speed check (the content figures of `npm run bench` are that).
 */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 15000, interval: 10 });
const badgeCount = () => document.querySelectorAll('[data-doneness-badge]').length;
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  FakeIO.all = [];
  delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
  document.body.innerHTML = '';
});

describe('lazy badges', () => {
  it('detects every thread, builds badges only near the viewport, one lookup per batch', async () => {
    (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = FakeIO;
    // Enough threads that most are far from the viewport (a bigger page only makes happy-dom slow).
    const html = mediawikiTalkPage(60);
    document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
    const sent: Array<{ type: string; keys: string[]; reset: boolean }> = [];
    const browser: ContentBrowser = {
      runtime: {
        id: 'ext',
        sendMessage: vi.fn(async (m: unknown) => {
          sent.push(m as (typeof sent)[number]);
          return { ok: true, value: { states: {}, unassessedBadge: 'faint' } };
        }),
        onMessage: { addListener: () => undefined, removeListener: () => undefined },
      },
    };
    const handle = startBadges(browser, document, () => 'https://en.wikipedia.org/wiki/Talk:Bench');
    stop = handle.stop;
    // The whole page is scanned in idle time.
    await eventually(() => expect(handle.threads()).toHaveLength(60));
    expect(document.querySelectorAll('[data-doneness-badge]')).toHaveLength(0);
    expect(sent).toHaveLength(0);

    const headings = Array.from(document.querySelectorAll('#mw-content-text h2'));
    FakeIO.near(headings.slice(0, 12));
    // Not yet: the badges wait for their states, then come in one go.
    expect(document.querySelectorAll('[data-doneness-badge]')).toHaveLength(0);
    await eventually(() => expect(badgeCount()).toBeGreaterThan(0));
    expect(badgeCount()).toBe(12);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'lookup', reset: true });
    expect(sent[0].keys).toHaveLength(12);

    FakeIO.near(headings.slice(10, 30));
    await eventually(() => expect(badgeCount()).toBeGreaterThan(12));
    expect(badgeCount()).toBe(30);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ reset: false });
    expect(sent[1].keys).toHaveLength(18);
    expect(headings.slice(0, 30).every((h) => h.querySelector('[data-doneness-badge]'))).toBe(true);
  });

  it('shows the badges without their states when the background does not answer, and fills them in when it does', async () => {
    (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = FakeIO;
    document.body.innerHTML = new DOMParser().parseFromString(mediawikiTalkPage(20), 'text/html').body.innerHTML;
    const { roots, restore } = captureShadowRoots();
    let answer: (value: unknown) => void = () => undefined;
    const sent: Array<{ keys: string[] }> = [];
    const browser: ContentBrowser = {
      runtime: {
        id: 'ext',
        sendMessage: vi.fn((m: unknown) => {
          sent.push(m as (typeof sent)[number]);
          return new Promise((resolve) => (answer = resolve)); // a background starting up, or stuck
        }),
        onMessage: { addListener: () => undefined, removeListener: () => undefined },
      },
    };
    const handle = startBadges(browser, document, () => 'https://en.wikipedia.org/wiki/Talk:Bench');
    stop = handle.stop;
    await eventually(() => expect(handle.threads()).toHaveLength(20));
    vi.useFakeTimers();
    try {
      const headings = Array.from(document.querySelectorAll('#mw-content-text h2'));
      FakeIO.near(headings.slice(0, 3));
      vi.advanceTimersByTime(LOOKUP_PATIENCE_MS - 1);
      expect(document.querySelectorAll('[data-doneness-badge]')).toHaveLength(0);
      vi.advanceTimersByTime(1);
      expect(document.querySelectorAll('[data-doneness-badge]')).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
    const host = document.querySelector('[data-doneness-badge]')!;
    const key = host.getAttribute('data-doneness-key')!;
    expect(sent[0].keys).toContain(key);
    expect(shownText(roots[0].querySelector('button'))).toBe('rate');
    const state = { maturity: 60, openIssues: 2, totalIssues: 3, due: false, assessedActivity: null };
    answer({ ok: true, value: { states: { [key]: state }, unassessedBadge: 'faint' } });
    await eventually(() => expect(shownText(roots[0].querySelector('button'))).toContain('60%'));
    restore();
  });
});
