import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentBrowser } from '../../../content/page-badges';
import { startBadges } from '../../support/page-badges';
import { captureShadowRoots } from '../../support/shadow-roots';

const URL_ = 'https://en.wikipedia.org/wiki/Talk:Cake';
const PAGE = `
<div id="mw-content-text"><div class="mw-parser-output">
  ${['Recipe', 'Oven_temperature'].map((id, i) => `
  <div class="mw-heading mw-heading2 ext-discussiontools-init-section">
    <h2 id="${id}" data-mw-thread-id="h-${id}-2026-01-0${i + 1}T10:00:00.000Z">${id.replace('_', ' ')}</h2>
  </div>
  <p id="p-${id}">Opening comment <span data-mw-comment-start="" id="c-Ada-2026-01-0${i + 1}T10:00:00.000Z-${id}"></span>
  <a href="/wiki/User:Ada">Ada</a> 10:00, ${i + 1} January 2026 (UTC)<span data-mw-comment-end="c-Ada-2026-01-0${i + 1}T10:00:00.000Z-${id}"></span></p>`).join('')}
</div></div>`;

type Listener = (message: unknown, sender: { id?: string }) => Promise<unknown> | undefined;
const settle = () => new Promise((r) => setTimeout(r, 80));

function fake() {
  const listeners: Listener[] = [];
  const browser: ContentBrowser = {
    runtime: {
      id: 'ext-id',
      sendMessage: vi.fn(async () => ({ ok: true, value: { states: {}, unassessedBadge: 'faint' } })),
      onMessage: {
        addListener: (l) => void listeners.push(l),
        removeListener: (l) => void listeners.splice(listeners.indexOf(l), 1),
      },
    },
  };
  const ask = (message: unknown) => Promise.all(listeners.map((l) => l(message, { id: 'ext-id' })));
  return { browser, ask };
}

/** A right-click as the browser reports the person's own (happy-dom marks no event trusted). */
function rightClick(id: string, trusted = true) {
  const event = new MouseEvent('contextmenu', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: trusted });
  document.getElementById(id)!.dispatchEvent(event);
}

let stop: (() => void) | undefined;

/** The content script started on `html`, settled; answers what its message listener says. */
async function startOn(html: string) {
  document.body.innerHTML = html;
  const { browser, ask } = fake();
  stop = startBadges(browser, document, () => URL_).stop;
  await settle();
  return ask;
}
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

describe('content script: context menu and stale dot', () => {
  it('names the thread under the last right-click, or null outside every thread', async () => {
    const ask = await startOn(`<p id="before">Intro</p>${PAGE}`);
    rightClick('p-Oven_temperature');
    const [inside] = await ask({ type: 'contextThread' });
    expect(inside).toMatchObject({ ok: true, value: { key: 'mediawiki:en.wikipedia.org/Talk:Cake#Oven_temperature', title: 'Oven temperature' } });
    rightClick('before');
    const [outside] = await ask({ type: 'contextThread' });
    expect(outside).toEqual({ ok: true, value: null });
  });

  it('ignores contextmenu events that the page dispatches itself', async () => {
    const ask = await startOn(`<p id="before">Intro</p>${PAGE}`);
    rightClick('p-Oven_temperature');
    // The page answers the person's right-click with one of its own on another thread.
    rightClick('p-Recipe', false);
    const [answer] = await ask({ type: 'contextThread' });
    expect(answer).toMatchObject({ ok: true, value: { key: 'mediawiki:en.wikipedia.org/Talk:Cake#Oven_temperature' } });
  });

  it('shows the stale dot when the page has activity newer than the rating', async () => {
    const { roots, restore } = captureShadowRoots();
    const ask = await startOn(PAGE);
    const state = (assessedActivity: string | null) => ({ maturity: 60, openIssues: 0, totalIssues: 0, due: false, assessedActivity });
    await ask({
      type: 'badges',
      states: {
        'mediawiki:en.wikipedia.org/Talk:Cake#Recipe': state('2026-01-01T10:00:00.000Z'),
        'mediawiki:en.wikipedia.org/Talk:Cake#Oven_temperature': state('2025-12-01T10:00:00.000Z'),
      },
    });
    await settle();
    expect(roots[0].querySelector('.due')).toBeNull();
    expect(roots[1].querySelector('.due')).not.toBeNull();
    expect(roots[1].querySelector('button')!.getAttribute('aria-label')).toContain('new activity since the rating');
    restore();
  });
});
