/**
 * Every built-in site in real Chromium with the built extension, each fixture served at its real
 * URL: the badges match the fixture's expected threads; SPA route changes (history API and a
 * silent URL swap) rescan; a virtualised feed of 500 posts that recycles its nodes never shows a
 * missing, duplicated or misplaced badge; titles carrying markup stay text.
 */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; error?: string }> } };
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PAGES, ROOT, launch, openExtensionPage, openPage, readBadges, tabIdOf, waitFor, type BadgeReading, type Launched, type ServedPage } from './harness';

const expectedOf = (file: string) =>
  JSON.parse(readFileSync(file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
    url: string;
    result: { site: string; threads: Array<{ key: string; title: string }> };
  };

const tmp = mkdtempSync(path.join(tmpdir(), 'doneness-sites-'));
const fixture = (site: string, name: string) => path.join(ROOT, 'tests', 'fixtures', site, `${name}.html`);

const N = 500;
const ROW = 120;
const POOL = 12;
const activity = (i: number) => String(7430000000000000000n + BigInt(i));

/**
 * A LinkedIn-style feed (legacy markup) that keeps only a pool of nodes and recycles them as the
 * user scrolls, the way virtualised feeds do: odd posts are written into the recycled node in
 * place (its `data-urn` and texts change, the badge's anchor element stays), even posts replace
 * the node's content wholesale.
 */
function virtualFeedHtml(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Feed | LinkedIn</title></head>
<body style="margin:0"><main id="main">
<div id="scroller" style="height:700px;overflow-y:auto"><div id="spacer" style="position:relative;height:${N * ROW}px"></div></div>
</main>
<script>
const N = ${N}, ROW = ${ROW}, POOL = ${POOL};
const id = (i) => String(7430000000000000000n + BigInt(i));
const scroller = document.getElementById('scroller'), spacer = document.getElementById('spacer');
const pool = [];
function inner(i) {
  return '<div class="update-components-actor"><span class="update-components-actor__title"><span aria-hidden="true">Baker ' + i + '</span></span></div>' +
    '<div class="update-components-text"><span dir="ltr">Post number ' + i + ' about ovens</span></div>';
}
for (let k = 0; k < POOL; k++) {
  const node = document.createElement('div');
  node.className = 'feed-shared-update-v2 artdeco-card';
  node.setAttribute('role', 'article');
  node.style.cssText = 'position:absolute;left:0;right:0;height:' + (ROW - 10) + 'px';
  node.dataset.index = '-1';
  spacer.append(node);
  pool.push(node);
}
function render() {
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW) - 1);
  for (let i = first; i < Math.min(N, first + POOL); i++) {
    const node = pool[i % POOL];
    if (node.dataset.index === String(i)) continue;
    const fresh = node.dataset.index === '-1';
    node.dataset.index = String(i);
    node.style.top = i * ROW + 'px';
    node.setAttribute('data-urn', 'urn:li:activity:' + id(i));
    if (fresh || i % 2 === 0) node.innerHTML = inner(i);
    else {
      node.querySelector('.update-components-actor__title span[aria-hidden]').textContent = 'Baker ' + i;
      node.querySelector('.update-components-text span').textContent = 'Post number ' + i + ' about ovens';
    }
  }
}
scroller.addEventListener('scroll', render);
render();
</script></body></html>`;
}

/** A hybrid LinkedIn group feed with one post that has no evidence of its own (issue 14). */
const UNKEYABLE: ServedPage = { url: 'https://www.linkedin.com/groups/9876543/', file: fixture('linkedin', 'hybrid-group-feed') };
const VIRTUAL: ServedPage = { url: 'https://www.linkedin.com/groups/4242/', file: path.join(tmp, 'virtual-feed.html') };
const SINGLE_UNKNOWN: ServedPage = {
  url: 'https://www.linkedin.com/posts/grace-hopper_ovens-humidity-activity-7421000000000000042-Zk3p',
  file: fixture('linkedin', 'single-post-unknown-markup'),
};
const YAMMER_THREAD_URL = 'https://engage.cloud.microsoft/main/threads/eyJfdHlwZSI6IlRocmVhZCIsImlkIjoiMzUwMDAwMDAwMDAwMDAwMSJ9';

let launched: Launched;

/** Seeds a maturity for a thread through the background, as the side panel would. */
async function rate(page: Page, key: string, maturity: number): Promise<void> {
  const answer = await page.evaluate(
    ([k, m]) =>
      chrome.runtime.sendMessage({
        type: 'edit',
        thread: { key: k, site: 'linkedin', title: k, url: 'https://www.linkedin.com/', native: { state: null, replies: null, participants: null, lastActivity: null } },
        op: { kind: 'setMaturity', maturity: m },
      }),
    [key, maturity] as const,
  );
  assert.ok(answer.ok, answer.error);
}

describe('every site in Chromium', () => {
  before(async () => {
    writeFileSync(VIRTUAL.file, virtualFeedHtml());
    launched = await launch({ pages: [...DEMO_PAGES, VIRTUAL, SINGLE_UNKNOWN, UNKEYABLE] });
  });
  after(async () => {
    await launched?.context.close();
    rmSync(launched.profileDir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const demo of DEMO_PAGES) {
    const expected = expectedOf(demo.file);
    it(`${expected.result.site}: a badge on every thread of the fixture at ${demo.url}`, async () => {
      assert.equal(expected.url, demo.url, 'the demo is served at the URL its expectations were written for');
      const page = await openPage(launched, demo.url);
      const want = expected.result.threads.map((t) => t.key);
      const { value } = await waitFor(() => readBadges(page), (b) => b.length >= want.length, 8000);
      assert.deepEqual(
        value.map((b) => b.key),
        want,
      );
      await page.close();
    });
  }

  // Each site navigates in place to another page of the same site, the way its app does it:
  // history.pushState and a new <body> (GitHub's Turbo swaps the whole body).
  const ROUTES: Array<{ site: string; from: string; to: { url: string; file: string }; keys?: (key: string) => string }> = [
    { site: 'mediawiki', from: 'https://en.wikipedia.org/', to: { url: expectedOf(fixture('mediawiki', 'dt-today')).url, file: fixture('mediawiki', 'dt-today') } },
    { site: 'linkedin', from: 'https://www.linkedin.com/', to: { url: expectedOf(fixture('linkedin', 'feed-new-ui')).url, file: fixture('linkedin', 'feed-new-ui') } },
    {
      site: 'github',
      from: 'https://github.com/',
      to: { url: expectedOf(fixture('github', 'discussion-answered')).url, file: fixture('github', 'discussion-answered') },
    },
    {
      // Another Confluence Cloud page: the page id in the URL re-keys every thread on it.
      site: 'confluence',
      from: 'https://acme.atlassian.net/',
      to: { url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791999/Oven+replacement+RFC+v2', file: fixture('confluence', 'cloud-page') },
      keys: (key) => key.replace('/3290791937', '/3290791999'),
    },
  ];
  for (const route of ROUTES) {
    it(`${route.site}: an SPA route change with a new body rescans`, async () => {
      const demo = DEMO_PAGES.find((p) => p.url.startsWith(route.from))!;
      const page = await openPage(launched, demo.url);
      await waitFor(() => readBadges(page), (b) => b.length > 0, 8000);
      const html = readFileSync(route.to.file, 'utf8');
      await page.evaluate(
        ([url, text]) => {
          history.pushState({}, '', url);
          const next = new DOMParser().parseFromString(text, 'text/html');
          document.body.replaceWith(document.importNode(next.body, true));
        },
        [route.to.url, html] as const,
      );
      const want = expectedOf(route.to.file).result.threads.map((t) => (route.keys ? route.keys(t.key) : t.key));
      const { value } = await waitFor(() => readBadges(page), (b) => b.map((x) => x.key).join() === want.join(), 5000);
      assert.deepEqual(
        value.map((b) => b.key),
        want,
      );
      await page.close();
    });
  }

  it('rescans on an SPA route change through the history API', async () => {
    const feed = DEMO_PAGES.find((p) => p.url.startsWith('https://engage.cloud.microsoft/'))!;
    const page = await openPage(launched, feed.url);
    await waitFor(() => readBadges(page), (b) => b.length === 3, 8000);
    const threadMain = /<div role="main"[\s\S]*?<\/div>\n<\/div>\n<\/body>/.exec(readFileSync(fixture('yammer', 'thread-page'), 'utf8'))![0];
    await page.evaluate(
      ([url, html]) => {
        history.pushState({}, '', url);
        const main = document.querySelector('[role="main"]')!;
        const holder = document.createElement('div');
        holder.innerHTML = html;
        main.replaceWith(holder.querySelector('[role="main"]')!);
      },
      [YAMMER_THREAD_URL, threadMain] as const,
    );
    const { value } = await waitFor(() => readBadges(page), (b) => b.length === 1 && b[0].key === 'yammer:thread/3500000000000001', 5000);
    assert.equal(value.length, 1);
    await page.close();
  });

  it('rescans on a silent route swap, and keys a LinkedIn single post from its URL in unknown markup', async () => {
    const page = await openPage(launched, SINGLE_UNKNOWN.url);
    await waitFor(() => readBadges(page), (b) => b.length === 1 && b[0].key === 'linkedin:urn:li:activity:7421000000000000042', 8000);
    // The app swaps the route with replaceState and leaves the DOM as it is: only polling sees it.
    await page.evaluate(() => history.replaceState(null, '', '/feed/update/urn:li:activity:7421000000000000043/'));
    const { value, ms } = await waitFor(
      () => readBadges(page),
      (b) => b.length === 1 && b[0].key === 'linkedin:urn:li:activity:7421000000000000043',
      5000,
    );
    console.log(`# silent route swap noticed after ${ms.toFixed(0)} ms`);
    assert.equal(value.length, 1);
    await page.close();
  });

  it(`scrolling a virtualised feed of ${N} posts that recycles nodes leaves no missing, duplicated or misplaced badge`, async () => {
    const options = await openExtensionPage(launched, 'options.html');
    const rated = new Map<number, number>();
    for (let i = 0; i < N; i += 25) {
      const maturity = 5 + (i / 25) * 4;
      rated.set(i, maturity);
      await rate(options, `linkedin:urn:li:activity:${activity(i)}`, maturity);
    }
    await options.close();

    const page = await openPage(launched, VIRTUAL.url);
    const seen = new Set<string>();
    type Row = { index: number; urn: string | null; keys: string[] };
    const snapshot = () =>
      page.evaluate(() => {
        const box = document.getElementById('scroller')!.getBoundingClientRect();
        return [...document.querySelectorAll('#spacer > [data-index]')]
          .filter((n) => {
            const r = n.getBoundingClientRect();
            return Number((n as HTMLElement).dataset.index) >= 0 && r.bottom > box.top && r.top < box.bottom;
          })
          .map((n) => ({
            index: Number((n as HTMLElement).dataset.index),
            urn: n.getAttribute('data-urn'),
            keys: [...n.querySelectorAll('[data-doneness-badge]')].map((h) => h.getAttribute('data-doneness-key') ?? ''),
          }));
      }) as Promise<Row[]>;
    const correct = (rows: Row[]) =>
      rows.length > 0 && rows.every((r) => r.keys.length === 1 && r.keys[0] === `linkedin:urn:li:activity:${activity(r.index)}`);

    let steps = 0;
    let worstMs = 0;
    // Scroll, and render at once (the page's own scroll handler would run a frame later).
    const scrollTo = (y: number) =>
      page.evaluate((top) => {
        document.getElementById('scroller')!.scrollTo(0, top);
        (window as unknown as { render(): void }).render();
      }, y);
    for (let top = 0; top <= N * ROW; top += ROW * 2 + 17) {
      await scrollTo(top);
      const { value: rows, ms } = await waitFor(snapshot, correct, 5000);
      worstMs = Math.max(worstMs, ms);
      for (const r of rows) seen.add(r.keys[0]);
      // Every few steps, read the drawn badges of the visible posts too: a rated post shows its
      // own maturity, the others the faint "rate" badge.
      // One reading of the page serves every visible post (a reading walks the whole document).
      if (steps++ % 8 === 0) {
        const drawn = (badges: BadgeReading[]) =>
          rows.every((r) => {
            const shown = badges.find((x) => x.key === r.keys[0]);
            const m = rated.get(r.index);
            return m === undefined ? /Not assessed yet/.test(shown?.label ?? '') : shown?.text.startsWith(`${m}%`) === true;
          });
        await waitFor(() => readBadges(page), drawn, 5000);
      }
    }
    // Back up to the top: recycled nodes are re-keyed in the other direction as well.
    for (let top = N * ROW; top >= 0; top -= ROW * 5 + 3) {
      await scrollTo(top);
      await waitFor(snapshot, correct, 5000);
    }
    console.log(`# virtual feed: ${steps} scroll steps, ${seen.size} posts badged, slowest settle ${worstMs.toFixed(0)} ms`);
    assert.equal(seen.size, N, 'every post got its badge while on screen');
    const pageHosts = await page.evaluate(() => document.querySelectorAll('[data-doneness-badge]').length);
    assert.ok(pageHosts <= POOL, `no badges left behind (${pageHosts} hosts for ${POOL} nodes)`);
    await page.close();
  });

  it('says in the popup how many posts of the page have no badge, and what to do next', async () => {
    const expected = expectedOf(UNKEYABLE.file);
    assert.equal(expected.url, UNKEYABLE.url);
    const page = await openPage(launched, UNKEYABLE.url);
    const want = expected.result.threads.map((t) => t.key);
    const { value } = await waitFor(() => readBadges(page), (b) => b.length >= want.length, 8000);
    assert.deepEqual(value.map((b) => b.key), want, 'the keyable posts have their badges; the ad and the unkeyable post none');
    const popup = await openExtensionPage(launched, `popup.html?tab=${await tabIdOf(launched, page)}`);
    const health = popup.getByRole('status', { name: 'Detection on this page' });
    await health.getByText('1 post on this page has no badge: Doneness could not tell which discussion it is.').waitFor({ timeout: 5000 });
    await health.getByRole('button', { name: 'Pick a discussion on this page' }).waitFor({ timeout: 5000 });
    await Promise.all([popup.close(), page.close()]);
  });

  it('shows titles carrying HTML or script as text in the popup, and never runs them', async () => {
    const list = DEMO_PAGES.find((p) => p.url.startsWith('https://github.com/'))!;
    const hostile = 'Roadmap: multi-zone ovens <img src=x onerror=alert(1)>';
    const page = await launched.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(list.url);
    await waitFor(() => readBadges(page), (b) => b.length === 3, 8000);
    const images = await page.evaluate(() => document.images.length);
    const tabId = await tabIdOf(launched, page);
    const popup = await openExtensionPage(launched, `popup.html?tab=${tabId}`);
    popup.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await popup.getByText(hostile, { exact: true }).first().waitFor({ timeout: 5000 });
    assert.equal(await popup.locator('img[src="x"]').count(), 0);
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.getByText(hostile, { exact: true }).first().waitFor({ timeout: 5000 });
    assert.equal(await panel.locator('img[src="x"], script:not([src])').count(), 0);
    assert.equal(await page.evaluate(() => document.images.length), images, 'the page got no new images');
    assert.deepEqual(dialogs, []);
    await Promise.all([popup.close(), panel.close(), page.close()]);
  });
});
