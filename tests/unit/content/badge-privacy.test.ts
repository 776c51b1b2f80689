import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { BADGE_CSS, createBadge } from '../../../content/badge-view';
import type { ContentBrowser } from '../../../content/page-badges';
import type { BadgeState } from '../../../storage/schema';
import { startBadges } from '../../support/page-badges';
import { captureShadowRoots } from '../../support/shadow-roots';
import { shownText, textNodes } from '../../support/shown-text';

// Issue 20 item 5: a page's window.find and selection search the text nodes of closed shadow
// roots too, so a rated badge draws what it shows as generated content and keeps no text node.

const state = (over: Partial<BadgeState> = {}): BadgeState => ({
  maturity: 60,
  openIssues: 1,
  totalIssues: 2,
  due: false,
  assessedActivity: null,
  ...over,
});

const URL_ = 'https://en.wikipedia.org/wiki/Talk:Cake';
const PAGE = `
<div id="mw-content-text"><div class="mw-parser-output">
  <div class="mw-heading mw-heading2 ext-discussiontools-init-section">
    <h2 id="Oven" data-mw-thread-id="h-Oven-2026-01-01T10:00:00.000Z">Oven</h2>
  </div>
  <p>Opening comment <span data-mw-comment-start="" id="c-Ada-2026-01-01T10:00:00.000Z-Oven"></span>
  <a href="/wiki/User:Ada">Ada</a> 10:00, 1 January 2026 (UTC)<span data-mw-comment-end="c-Ada-2026-01-01T10:00:00.000Z-Oven"></span></p>
</div></div>`;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('badge privacy: nothing a page can find', () => {
  it('draws percent, check mark and open count as generated content, with the accessible name intact', () => {
    for (const [s, shown, name] of [
      [state(), '60%1 open', '60% baked (Baking) · 1 open issue'],
      [state({ maturity: 100, openIssues: 0 }), '100%✓', '100% baked (Baked) · 0 open issues'],
      [state({ maturity: null, openIssues: 3 }), '–3 open', 'No maturity set · 3 open issues'],
    ] as const) {
      for (const onActivate of [() => undefined, undefined]) {
        const badge = createBadge(document, { state: s, showUnassessed: true, onActivate })!;
        expect(textNodes(badge)).toEqual([]);
        expect(shownText(badge)).toBe(shown);
        expect(badge.getAttribute('aria-label')).toBe(name);
        // Drawn parts are hidden from screen readers: the name is read once, from aria-label.
        for (const part of badge.querySelectorAll('[data-text]')) expect(part.getAttribute('aria-hidden')).toBe('true');
      }
    }
    expect(BADGE_CSS).toContain('[data-text]::before{content:attr(data-text)}');
  });

  it('leaves no number or count in any text node of the shadow tree on a page', async () => {
    document.body.innerHTML = PAGE;
    const { roots, restore } = captureShadowRoots();
    onTestFinished(restore);
    const key = 'mediawiki:en.wikipedia.org/Talk:Cake#Oven';
    const browser: ContentBrowser = {
      runtime: {
        id: 'ext-id',
        sendMessage: vi.fn(async () => ({ ok: true, value: { states: { [key]: state() }, unassessedBadge: 'faint' } })),
        onMessage: { addListener: () => undefined, removeListener: () => undefined },
      },
    };
    const { stop } = startBadges(browser, document, () => URL_);
    onTestFinished(stop);
    await vi.waitFor(() => expect(shownText(roots[0])).toContain('60%'), { timeout: 5000 });
    const button = roots[0].querySelector('button')!;
    expect(shownText(button)).toBe('60%1 open⟳ new');
    expect(button.getAttribute('aria-label')).toMatch(/^60% baked \(Baking\) · 1 open issue/);
    // Text outside style sheets: none at all (what window.find and getSelection could reach).
    const text = textNodes(roots[0]).filter((n) => n.parentElement?.nodeName !== 'STYLE');
    expect(text.map((n) => n.data)).toEqual([]);
    expect(document.body.textContent).not.toMatch(/60|1 open/);
  });
});
