import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ContentBrowser } from '../../../content/page-badges';
import { startBadges } from '../../support/page-badges';
import { captureShadowRoots } from '../../support/shadow-roots';
import { shownText } from '../../support/shown-text';

const URL_ = 'https://en.wikipedia.org/wiki/Talk:Cake';
const PAGE = `
<div id="mw-content-text"><div class="mw-parser-output">
  ${['Recipe', 'Oven_temperature', 'Icing'].map((id, i) => `
  <div class="mw-heading mw-heading2 ext-discussiontools-init-section">
    <h2 id="${id}" data-mw-thread-id="h-${id}-2026-01-0${i + 1}T10:00:00.000Z">${id.replace('_', ' ')}</h2>
  </div>
  <p>Opening comment <span data-mw-comment-start="" id="c-Ada-2026-01-0${i + 1}T10:00:00.000Z-${id}"></span>
  <a href="/wiki/User:Ada">Ada</a> 10:00, ${i + 1} January 2026 (UTC)<span data-mw-comment-end="c-Ada-2026-01-0${i + 1}T10:00:00.000Z-${id}"></span></p>`).join('')}
</div></div>`;

type Listener = (message: unknown, sender: { id?: string }) => Promise<unknown> | undefined;

function fakeBrowser(answer: (message: { type: string; keys?: string[] }) => unknown) {
  const listeners: Listener[] = [];
  const sent: unknown[] = [];
  const browser: ContentBrowser = {
    runtime: {
      id: 'ext-id',
      sendMessage: vi.fn(async (message: unknown) => {
        sent.push(message);
        return answer(message as { type: string; keys?: string[] });
      }),
      onMessage: {
        addListener: (l) => void listeners.push(l),
        removeListener: (l) => void listeners.splice(listeners.indexOf(l), 1),
      },
    },
  };
  const deliver = (message: unknown, sender = { id: 'ext-id' }) => listeners.map((l) => l(message, sender));
  return { browser, sent, deliver, listeners };
}

const settle = () => new Promise((r) => setTimeout(r, 80));
const hosts = () => [...document.querySelectorAll('[data-doneness-badge]')] as HTMLElement[];

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

describe('content script badges', () => {
  it('mounts one badge per thread in a closed shadow root and looks all keys up in one message', async () => {
    document.body.innerHTML = PAGE;
    const fake = fakeBrowser(() => ({ ok: true, value: { states: {}, unassessedBadge: 'faint' } }));
    const handle = startBadges(fake.browser, document, () => URL_);
    stop = handle.stop;
    // The first scan waits for idle time: on a loaded machine that can take longer than a settle.
    await vi.waitFor(() => expect(hosts()).toHaveLength(3), { timeout: 5000 });
    expect(hosts().map((h) => h.parentElement?.id)).toEqual(['Recipe', 'Oven_temperature', 'Icing']);
    expect(hosts().every((h) => h.shadowRoot === null)).toBe(true);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({ type: 'lookup', reset: true });
    expect((fake.sent[0] as { keys: string[] }).keys).toEqual([
      'mediawiki:en.wikipedia.org/Talk:Cake#Recipe',
      'mediawiki:en.wikipedia.org/Talk:Cake#Oven_temperature',
      'mediawiki:en.wikipedia.org/Talk:Cake#Icing',
    ]);
    expect(handle.threads().map((t) => t.title)).toEqual(['Recipe', 'Oven temperature', 'Icing']);
  });

  it('answers listThreads only for its own extension and ignores malformed or foreign messages', async () => {
    document.body.innerHTML = PAGE;
    const { roots, restore } = captureShadowRoots();
    onTestFinished(restore);
    const key = 'mediawiki:en.wikipedia.org/Talk:Cake#Oven_temperature';
    const valid = { maturity: 60, openIssues: 2, totalIssues: 3, due: false, assessedActivity: null };
    const fake = fakeBrowser(() => ({ ok: true, value: { states: {}, unassessedBadge: 'faint' } }));
    stop = startBadges(fake.browser, document, () => URL_).stop;
    await settle();
    const [own] = fake.deliver({ type: 'listThreads' });
    expect(((await own) as { value: unknown[] }).value).toHaveLength(3);
    expect(fake.deliver({ type: 'listThreads' }, { id: 'other-extension' })).toEqual([undefined]);
    // Another extension's well-formed update, and malformed ones from anyone: no answer, no change.
    expect(fake.deliver({ type: 'badges', states: { [key]: valid } }, { id: 'other-extension' })).toEqual([undefined]);
    for (const bad of [null, 'x', { type: 'badges', states: { [key]: { ...valid, maturity: 500 } } }, { type: 'focusThread' }]) {
      expect(fake.deliver(bad)).toEqual([undefined]);
    }
    await settle();
    expect(roots.map((r) => shownText(r.querySelector('button')))).toEqual(['rate', 'rate', 'rate']);
    // The same update from its own extension does change the badge.
    fake.deliver({ type: 'badges', states: { [key]: valid } });
    expect(shownText(roots[1].querySelector('button'))).toContain('60%');
  });

  it('adds badges for threads that appear later, looking up only the new keys', async () => {
    document.body.innerHTML = PAGE;
    const fake = fakeBrowser(() => ({ ok: true, value: { states: {}, unassessedBadge: 'faint' } }));
    stop = startBadges(fake.browser, document, () => URL_).stop;
    await settle();
    const output = document.querySelector('.mw-parser-output')!;
    output.insertAdjacentHTML(
      'beforeend',
      `<div class="mw-heading mw-heading2 ext-discussiontools-init-section"><h2 id="Plates" data-mw-thread-id="h-Plates-2026-02-01T10:00:00.000Z">Plates</h2></div>
       <p><span data-mw-comment-start="" id="c-Bo-2026-02-01T10:00:00.000Z-Plates"></span><a href="/wiki/User:Bo">Bo</a> 10:00, 1 February 2026 (UTC)</p>`,
    );
    await settle();
    expect(hosts()).toHaveLength(4);
    expect(fake.sent).toHaveLength(2);
    expect(fake.sent[1]).toEqual({ type: 'lookup', keys: ['mediawiki:en.wikipedia.org/Talk:Cake#Plates'], reset: false, site: 'mediawiki' });
  });

  it('survives an adapter crash: no badges, no lookup, one warning', async () => {
    document.body.innerHTML = PAGE;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fake = fakeBrowser(() => ({ ok: true, value: { states: {}, unassessedBadge: 'faint' } }));
    stop = startBadges(fake.browser, document, () => 'not a url').stop;
    await settle();
    expect(hosts()).toHaveLength(0);
    expect(fake.sent).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('announces a page with no thread of its own, so the background can send the discussions picked there', async () => {
    document.body.innerHTML = '<main><h1>Night shift</h1><p>A forum topic no adapter knows.</p></main>';
    const fake = fakeBrowser(() => ({ ok: true, value: { states: {}, unassessedBadge: 'faint' } }));
    stop = startBadges(fake.browser, document, () => 'https://intranet-forum.example/viewtopic.php?t=812').stop;
    await vi.waitFor(() => expect(fake.sent).toEqual([expect.objectContaining({ type: 'lookup', keys: [], reset: true })]), { timeout: 5000 });
    expect(hosts()).toHaveLength(0);
  });

  it('shows the badges of a page whose background does not answer, without states, and warns once', async () => {
    document.body.innerHTML = PAGE;
    const { roots, restore } = captureShadowRoots();
    onTestFinished(restore);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    onTestFinished(() => warn.mockRestore());
    const fake = fakeBrowser(() => undefined);
    stop = startBadges(fake.browser, document, () => URL_).stop;
    await settle();
    // The lookup went out and failed at once: the badges do not wait out the patience for it.
    expect(fake.sent).toEqual([expect.objectContaining({ type: 'lookup', reset: true })]);
    expect(hosts().map((h) => h.parentElement?.id)).toEqual(['Recipe', 'Oven_temperature', 'Icing']);
    expect(roots.map((r) => shownText(r.querySelector('button')))).toEqual(['rate', 'rate', 'rate']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][1])).toContain('the background did not answer');
  });

  it('redraws a badge when the background sends its new state', async () => {
    document.body.innerHTML = PAGE;
    const { roots, restore } = captureShadowRoots();
    const key = 'mediawiki:en.wikipedia.org/Talk:Cake#Oven_temperature';
    const fake = fakeBrowser(() => ({ ok: true, value: { states: {}, unassessedBadge: 'faint' } }));
    stop = startBadges(fake.browser, document, () => URL_).stop;
    await settle();
    expect(roots.map((r) => shownText(r))).toEqual(['rate', 'rate', 'rate'].map((t) => expect.stringContaining(t)));
    fake.deliver({ type: 'badges', states: { [key]: { maturity: 60, openIssues: 2, totalIssues: 3, due: true, assessedActivity: null } } });
    await settle();
    const text = shownText(roots[1].querySelector('button'));
    expect(text).toContain('60%');
    expect(text).toContain('2 open');
    expect(roots[1].querySelector('.due')).not.toBeNull();
    expect(shownText(roots[0].querySelector('button'))).toBe('rate');
    fake.deliver({ type: 'settings', settings: { unassessedBadge: 'hidden', displayName: '' } });
    await settle();
    expect(roots[0].querySelector('button')).toBeNull();
    expect(roots[1].querySelector('button')).not.toBeNull();
    restore();
  });
});
