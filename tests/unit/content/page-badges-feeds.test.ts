// The content script on feeds and single-page apps: recycled nodes are re-keyed, scans after
// mutations stay incremental, route changes rescan, switched-off sites show nothing, and
// "Annotate this page" adds the page itself.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentBrowser } from '../../../content/page-badges';
import { BADGE_KEY_ATTRIBUTE } from '../../../content/badge-host';
import { startBadges } from '../../support/page-badges';

type Listener = (message: unknown, sender: { id?: string }) => Promise<unknown> | undefined;

function fakeBrowser(answer: (message: { type: string; keys?: string[]; site?: string }) => unknown = () => ({
  ok: true,
  value: { states: {}, unassessedBadge: 'faint', siteEnabled: true },
})) {
  const listeners: Listener[] = [];
  const sent: Array<{ type: string; keys?: string[]; reset?: boolean; site?: string }> = [];
  const browser: ContentBrowser = {
    runtime: {
      id: 'ext',
      sendMessage: vi.fn(async (message: unknown) => {
        sent.push(message as never);
        return answer(message as never);
      }),
      onMessage: {
        addListener: (l) => void listeners.push(l),
        removeListener: (l) => void listeners.splice(listeners.indexOf(l), 1),
      },
    },
  };
  const deliver = (message: unknown) => listeners.map((l) => l(message, { id: 'ext' }));
  return { browser, sent, deliver };
}

const settle = (ms = 90) => new Promise((r) => setTimeout(r, ms));
const post = (id: string, text: string) =>
  `<div class="feed-shared-update-v2" data-urn="urn:li:activity:${id}"><span class="update-components-actor__title">A</span><div class="update-components-text">${text}</div></div>`;
const keysShown = () => [...document.querySelectorAll('[data-doneness-badge]')].map((h) => h.getAttribute(BADGE_KEY_ATTRIBUTE));

let url = 'https://www.linkedin.com/feed/';
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
  url = 'https://www.linkedin.com/feed/';
});

describe('content script on feeds', () => {
  it('re-keys a recycled node in place and removes the badge of a node that stops being a post', async () => {
    document.body.innerHTML = `<main>${post('7400000000000000001', 'one')}${post('7400000000000000002', 'two')}</main>`;
    const fake = fakeBrowser();
    stop = startBadges(fake.browser, document, () => url).stop;
    await settle();
    expect(keysShown()).toEqual(['linkedin:urn:li:activity:7400000000000000001', 'linkedin:urn:li:activity:7400000000000000002']);
    const first = document.querySelector('[data-urn]')!;
    const host = first.querySelector('[data-doneness-badge]');
    first.setAttribute('data-urn', 'urn:li:activity:7400000000000000009');
    first.querySelector('.update-components-text')!.textContent = 'nine';
    await settle();
    expect(keysShown()).toEqual(['linkedin:urn:li:activity:7400000000000000009', 'linkedin:urn:li:activity:7400000000000000002']);
    expect(first.querySelector('[data-doneness-badge]')).toBe(host); // the same badge, redrawn
    expect(fake.sent.at(-1)).toEqual({ type: 'lookup', keys: ['linkedin:urn:li:activity:7400000000000000009'], reset: false, site: 'linkedin' });
    // Recycled into something that is no post at all (an ad without an activity id).
    first.setAttribute('data-urn', 'urn:li:sponsored:1');
    await settle();
    expect(keysShown()).toEqual(['linkedin:urn:li:activity:7400000000000000002']);
  });

  it('watches a single-page app that renders its feed after the first scan, link changes included', async () => {
    url = 'https://engage.cloud.microsoft/main/feed';
    const thread = (id: string) => btoa(JSON.stringify({ _type: 'Thread', id })).replace(/=+$/, '');
    document.body.innerHTML = '<div role="main"></div>';
    const fake = fakeBrowser();
    stop = startBadges(fake.browser, document, () => url).stop;
    await settle();
    expect(keysShown()).toEqual([]);
    document.querySelector('[role="main"]')!.innerHTML = `<div role="article"><a href="/main/threads/${thread('111')}">Jan 1</a><p>Oven rota</p>
      <div data-testid="overflow-set"><button aria-label="Like - Ada's post">Like</button></div></div>`;
    await settle();
    expect(keysShown()).toEqual(['yammer:thread/111']);
    // The virtualised feed reuses the card for another conversation: only the link changes.
    document.querySelector('[role="article"] a')!.setAttribute('href', `/main/threads/${thread('222')}`);
    await settle();
    expect(keysShown()).toEqual(['yammer:thread/222']);
  });

  it('scans only what was added: appending to a long feed does not rescan the feed', async () => {
    document.body.innerHTML = `<main id="feed">${Array.from({ length: 200 }, (_, i) => post(String(7400000000000001000 + i), `p${i}`)).join('')}</main>`;
    const fake = fakeBrowser();
    stop = startBadges(fake.browser, document, () => url).stop;
    await settle();
    expect(keysShown()).toHaveLength(200);
    const spy = vi.spyOn(Element.prototype, 'querySelectorAll');
    document.getElementById('feed')!.insertAdjacentHTML('beforeend', post('7400000000000009999', 'new'));
    await settle();
    const scannedFeed = spy.mock.contexts.some((el) => (el as Element).id === 'feed');
    spy.mockRestore();
    expect(scannedFeed).toBe(false);
    expect(keysShown()).toHaveLength(201);
    expect(fake.sent.at(-1)?.keys).toEqual(['linkedin:urn:li:activity:7400000000000009999']);
  });

  it('rescans from scratch when the URL changes without any event', async () => {
    url = 'https://www.linkedin.com/feed/update/urn:li:activity:7400000000000000042/';
    document.body.innerHTML = '<main><p>unknown markup</p></main>';
    const fake = fakeBrowser();
    stop = startBadges(fake.browser, document, () => url).stop;
    await settle();
    expect(keysShown()).toEqual(['linkedin:urn:li:activity:7400000000000000042']);
    url = 'https://www.linkedin.com/feed/update/urn:li:activity:7400000000000000043/';
    await settle(400);
    expect(keysShown()).toEqual(['linkedin:urn:li:activity:7400000000000000043']);
    expect(fake.sent.at(-1)).toMatchObject({ reset: true, keys: ['linkedin:urn:li:activity:7400000000000000043'] });
  });

  it('shows nothing on a site switched off, and comes back when it is switched on', async () => {
    document.body.innerHTML = `<main>${post('7400000000000000001', 'one')}</main>`;
    const fake = fakeBrowser((m) => ({ ok: true, value: { states: {}, unassessedBadge: 'faint', siteEnabled: m.site !== 'linkedin' } }));
    stop = startBadges(fake.browser, document, () => url).stop;
    await settle();
    expect(keysShown()).toEqual([]);
    expect(fake.sent[0]).toMatchObject({ type: 'lookup', site: 'linkedin' });
    fake.deliver({ type: 'settings', settings: { unassessedBadge: 'faint', displayName: '', disabledSites: [] } });
    await settle();
    // The background still says "off" in this fake, so the rescan's lookup switches it off again;
    // what matters is that the settings message restarted detection at all.
    expect(fake.sent.filter((m) => m.reset).length).toBeGreaterThanOrEqual(2);
  });

  it('turns badges off when the settings switch the site off', async () => {
    document.body.innerHTML = `<main>${post('7400000000000000001', 'one')}</main>`;
    const fake = fakeBrowser();
    stop = startBadges(fake.browser, document, () => url).stop;
    await settle();
    expect(keysShown()).toHaveLength(1);
    fake.deliver({ type: 'settings', settings: { unassessedBadge: 'faint', displayName: '', disabledSites: ['linkedin'] } });
    expect(keysShown()).toEqual([]);
    document.querySelector('main')!.insertAdjacentHTML('beforeend', post('7400000000000000002', 'two'));
    await settle();
    expect(keysShown()).toEqual([]);
  });

  it('"Annotate this page" adds the whole page as a discussion, on any site', async () => {
    url = 'https://news.corp.example/2026/q1?utm_source=mail#top';
    document.body.innerHTML = '<main><h1>Quarterly newsletter</h1><p>text</p></main>';
    const fake = fakeBrowser();
    const handle = startBadges(fake.browser, document, () => url);
    stop = handle.stop;
    await settle();
    expect(keysShown()).toEqual([]);
    const [answer] = fake.deliver({ type: 'annotatePage' });
    const threads = ((await answer) as { value: Array<{ key: string; title: string; site: string }> }).value;
    expect(threads).toEqual([expect.objectContaining({ key: 'generic:https://news.corp.example/2026/q1', site: 'generic' })]);
    // The badge is built once its state is back from the background.
    await settle();
    expect(document.querySelector('h1 [data-doneness-badge]')).not.toBeNull();
  });
});
