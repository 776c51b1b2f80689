import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { createBackground } from '../../../../services/background/handlers';
import { selectionKey } from '../../../../protocol/keys';
import { DonenessDb } from '../../../../storage/db';
import { Repository } from '../../../../storage/repository';
import type { ThreadRef } from '../../../../storage/schema';

const thread: ThreadRef = {
  key: 'mediawiki:en.wikipedia.org/Wikipedia:Village_pump_(technical)#Dark_mode',
  site: 'mediawiki',
  title: 'Dark mode',
  url: 'https://en.wikipedia.org/wiki/Wikipedia:Village_pump_(technical)#Dark_mode',
  native: { state: null, replies: 4, participants: 3, lastActivity: null },
};
const id = fakeBrowser.runtime.id;
const page = { id, url: fakeBrowser.runtime.getURL('/sidepanel.html') };
const tab = (tabId: number) => ({ id, url: 'https://en.wikipedia.org/wiki/X', tab: { id: tabId, windowId: 1 } as never });

let db: DonenessDb;
let sent: Array<[number, unknown]>;
let openPanel: ReturnType<typeof vi.fn<(tabId: number, windowId: number | undefined) => void>>;
let background: ReturnType<typeof createBackground>;

beforeEach(() => {
  db = new DonenessDb(`bg-${Math.random()}`);
  sent = [];
  fakeBrowser.tabs.sendMessage = (async (tabId: number, message: unknown) => {
    sent.push([tabId, message]);
  }) as never;
  openPanel = vi.fn<(tabId: number, windowId: number | undefined) => void>();
  background = createBackground({
    browser: fakeBrowser as unknown as WxtBrowser,
    repository: new Repository(db),
    now: () => 1_000_000,
    openPanel,
  });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('background messages', () => {
  it('answers a lookup with badge states and pushes later edits to the subscribed tab only', async () => {
    const first = await background.onMessage({ type: 'lookup', keys: [thread.key], reset: true }, tab(7));
    expect(first).toEqual({ ok: true, value: { states: {}, unassessedBadge: 'faint', siteEnabled: true } });
    await background.onMessage({ type: 'lookup', keys: ['mediawiki:other.org/X#y'], reset: true }, tab(8));

    const edited = await background.onMessage({ type: 'edit', thread, op: { kind: 'setMaturity', maturity: 60 } }, page);
    expect(edited).toMatchObject({ ok: true, value: { maturity: 60 } });
    expect(sent).toEqual([
      [7, { type: 'badges', states: { [thread.key]: { maturity: 60, openIssues: 0, totalIssues: 0, due: false, assessedActivity: null } } }],
    ]);

    const again = await background.onMessage({ type: 'lookup', keys: [thread.key], reset: false }, tab(7));
    expect(again).toMatchObject({ ok: true, value: { states: { [thread.key]: { maturity: 60 } } } });
  });

  it('publishes the stored states of changed threads, only those a tab shows', async () => {
    const other = { ...thread, key: 'mediawiki:en.wikipedia.org/Talk:Other#Elsewhere' };
    await background.onMessage({ type: 'lookup', keys: [thread.key], reset: true }, tab(7));
    await background.onMessage({ type: 'edit', thread, op: { kind: 'setMaturity', maturity: 60 } }, page);
    await background.onMessage({ type: 'edit', thread: other, op: { kind: 'setMaturity', maturity: 20 } }, page);
    sent = [];

    // An import in a page wrote both threads itself (another database connection), then told us.
    const importer = new Repository(new DonenessDb(db.name));
    await importer.edit(thread, { kind: 'addIssue', id: 'i1', text: 'Who signs off?' }, { now: 1, by: 'Ada', lastActivity: null });
    await importer.edit(other, { kind: 'setMaturity', maturity: 25 }, { now: 1, by: 'Ada', lastActivity: null });
    importer.db.close();
    await background.onMessage({ type: 'annotationsChanged', keys: [thread.key, other.key] }, page);
    expect(sent).toEqual([[7, { type: 'badges', states: { [thread.key]: { maturity: 60, openIssues: 1, totalIssues: 1, due: false, assessedActivity: null } } }]]);

    sent = [];
    expect(await background.onMessage({ type: 'deleteAll' }, page)).toEqual({ ok: true, value: 2 });
    expect(sent).toEqual([[7, { type: 'badges', states: { [thread.key]: null } }]]);
    const after = await background.onMessage({ type: 'lookup', keys: [thread.key, other.key], reset: false }, tab(7));
    expect(after).toMatchObject({ ok: true, value: { states: {} } });
  });

  it('answers lookups with what another context wrote since the last one', async () => {
    await background.onMessage({ type: 'edit', thread, op: { kind: 'setMaturity', maturity: 60 } }, page);
    expect(await background.onMessage({ type: 'lookup', keys: [thread.key], reset: true }, tab(7))).toMatchObject({
      value: { states: { [thread.key]: { maturity: 60 } } },
    });
    const elsewhere = new Repository(new DonenessDb(db.name));
    await elsewhere.edit(thread, { kind: 'setMaturity', maturity: 85 }, { now: 1, by: 'Ada', lastActivity: null });
    elsewhere.db.close();
    expect(await background.onMessage({ type: 'lookup', keys: [thread.key], reset: false }, tab(7))).toMatchObject({
      value: { states: { [thread.key]: { maturity: 85 } } },
    });
  });

  it('rejects malformed messages by schema, naming the bad field', async () => {
    const bad = [
      null,
      42,
      { type: 'lookup', keys: 'not-a-list', reset: true },
      { type: 'lookup', keys: ['nosite:thing'], reset: true },
      { type: 'edit', thread, op: { kind: 'setMaturity', maturity: 101 } },
      { type: 'edit', thread, op: { kind: 'setMaturity', maturity: 50.5 } },
      { type: 'edit', thread: { ...thread, key: 42 }, op: { kind: 'setNote', text: 'x' } },
      { type: 'nonsense' },
    ];
    for (const message of bad) {
      const fromPage = await background.onMessage(message, page);
      const fromTab = await background.onMessage(message, tab(3));
      expect(fromPage).toMatchObject({ ok: false });
      expect(fromTab).toMatchObject({ ok: false });
      expect((fromPage as { error: string }).error).toMatch(/rejected message|unknown sender/);
    }
    expect(await new Repository(db).list()).toEqual([]);
  });

  it('does not let a content script (a web page) edit annotations', async () => {
    const answer = await background.onMessage({ type: 'edit', thread, op: { kind: 'setMaturity', maturity: 10 } }, tab(3));
    expect(answer).toMatchObject({ ok: false });
    expect(await new Repository(db).list()).toEqual([]);
  });

  it('ignores messages from other extensions', async () => {
    const answer = await background.onMessage({ type: 'lookup', keys: [], reset: true }, { id: 'evil', tab: { id: 1 } as never });
    expect(answer).toEqual({ ok: false, error: 'unknown sender' });
  });

  it('opens the panel at once on a badge click and remembers the thread for the tab', async () => {
    await background.onMessage({ type: 'openThread', thread }, tab(9));
    expect(openPanel).toHaveBeenCalledWith(9, 1);
    const stored = await fakeBrowser.storage.session.get(selectionKey(9));
    expect(stored[selectionKey(9)]).toEqual(thread);
    await background.onTabRemoved(9);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('sends settings to subscribed tabs when they change', async () => {
    await background.onMessage({ type: 'lookup', keys: [thread.key], reset: true }, tab(4));
    await background.onMessage({ type: 'saveSettings', settings: { unassessedBadge: 'hidden', displayName: 'Ada' } }, page);
    expect(sent).toEqual([[4, { type: 'settings', settings: { unassessedBadge: 'hidden', displayName: 'Ada' } }]]);
    const edited = await background.onMessage({ type: 'edit', thread, op: { kind: 'setMaturity', maturity: 5 } }, page);
    expect((edited as { value: { history: Array<{ by: string }> } }).value.history[0].by).toBe('Ada');
  });
});

describe('background defences', () => {
  it('refuses content messages from sub-frames', async () => {
    const answer = await background.onMessage(
      { type: 'lookup', keys: [thread.key], reset: true },
      { id, url: 'https://en.wikipedia.org/', tab: { id: 5 } as never, frameId: 3 },
    );
    expect(answer).toEqual({ ok: false, error: 'content messages must come from a top-level page' });
  });

  it('refuses content messages that come from no tab', async () => {
    const answer = await background.onMessage({ type: 'lookup', keys: [thread.key], reset: true }, { id, url: 'https://en.wikipedia.org/' });
    expect(answer).toEqual({ ok: false, error: 'content messages must come from a top-level page' });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('stops a page that floods the background, without touching other tabs', async () => {
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const answer = await background.onMessage({ type: 'lookup', keys: [], reset: false }, tab(11));
      if (!(answer as { ok: boolean }).ok) refused++;
    }
    // The clock stands still in this test: exactly the burst of 200 goes through.
    expect(refused).toBe(200);
    expect(await background.onMessage({ type: 'lookup', keys: [], reset: false }, tab(12))).toMatchObject({ ok: true });
  });

  it('explains a full disk and keeps what was stored', async () => {
    const repo = new Repository(db);
    await background.onMessage({ type: 'edit', thread, op: { kind: 'setMaturity', maturity: 40 } }, page);
    const quota = Object.assign(new Error('QuotaExceededError'), { name: 'QuotaExceededError' });
    const put = db.annotations.put.bind(db.annotations);
    db.annotations.put = (() => Promise.reject(quota)) as never;
    const answer = await background.onMessage({ type: 'edit', thread, op: { kind: 'setMaturity', maturity: 90 } }, page);
    db.annotations.put = put;
    expect(answer).toMatchObject({ ok: false });
    expect((answer as { error: string }).error).toMatch(/^Storage is full/);
    expect((await repo.get(thread.key))?.maturity).toBe(40);
  });
});
