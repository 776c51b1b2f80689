import { describe, expect, it, vi } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { selectionKey } from '../../../../protocol/keys';
import { COMMAND_ANNOTATE_PAGE, COMMAND_OPEN_PANEL, MENU_ANNOTATE, createCommands } from '../../../../services/background/commands';

const thread = {
  key: 'mediawiki:en.wikipedia.org/Talk:Cake#Icing',
  site: 'mediawiki',
  title: 'Icing',
  url: 'https://en.wikipedia.org/wiki/Talk:Cake#Icing',
  native: { state: null, replies: 2, participants: 2, lastActivity: null },
};
const tab = { id: 7, windowId: 3 } as never;

function setup(contentAnswer: unknown, annotatePage?: (tabId: number) => Promise<unknown>, listAnswer: unknown = null) {
  const session: Record<string, unknown> = {};
  const order: string[] = [];
  const created: unknown[] = [];
  const browser = {
    tabs: {
      sendMessage: vi.fn(async (_tabId: number, message: unknown, options?: unknown) => {
        order.push(`ask:${JSON.stringify(message)}:${JSON.stringify(options ?? null)}`);
        if ((message as { type: string }).type === 'listThreads') return listAnswer;
        if (contentAnswer instanceof Error) throw contentAnswer;
        return contentAnswer;
      }),
    },
    storage: { session: { set: vi.fn(async (items: Record<string, unknown>) => void Object.assign(session, items)) } },
    contextMenus: {
      removeAll: vi.fn(async () => undefined),
      create: vi.fn((props: unknown) => void created.push(props)),
    },
  } as unknown as WxtBrowser;
  const openPanel = vi.fn(() => void order.push('open'));
  const commands = createCommands({ browser, openPanel, menuTitle: 'Annotate this discussion', annotatePage: annotatePage as never });
  return { commands, session, order, openPanel, created };
}

describe('commands and context menu', () => {
  it('installs one context-menu entry for web pages', async () => {
    const { commands, created } = setup(null);
    await commands.installMenu();
    expect(created).toEqual([
      expect.objectContaining({ id: MENU_ANNOTATE, title: 'Annotate this discussion', documentUrlPatterns: ['http://*/*', 'https://*/*'] }),
    ]);
  });

  it('opens the panel first, then selects the right-clicked thread for that tab and frame', async () => {
    const { commands, session, order } = setup({ ok: true, value: thread });
    expect(await commands.onMenuClicked({ menuItemId: MENU_ANNOTATE, frameId: 0 }, tab)).toBe(true);
    expect(order).toEqual(['open', 'ask:{"type":"contextThread"}:{"frameId":0}']);
    expect(session[selectionKey(7)]).toEqual(thread);
  });

  it('ignores a forged or missing answer, and other menu entries', async () => {
    for (const answer of [{ ok: true, value: { key: 'evil' } }, { ok: true, value: null }, new Error('no receiver'), undefined]) {
      const { commands, session } = setup(answer);
      expect(await commands.onMenuClicked({ menuItemId: MENU_ANNOTATE }, tab)).toBe(false);
      expect(session).toEqual({});
    }
    const { commands, openPanel } = setup({ ok: true, value: thread });
    expect(await commands.onMenuClicked({ menuItemId: 'other' }, tab)).toBe(false);
    expect(openPanel).not.toHaveBeenCalled();
  });

  it('annotates the whole page when the right-click was outside any thread, and selects it', async () => {
    const page = { ...thread, key: 'generic:https://example.com/notes', site: 'generic', title: 'Notes' };
    const annotatePage = vi.fn(async () => 'injected');
    const { commands, session } = setup({ ok: true, value: null }, annotatePage, { ok: true, value: [thread, page] });
    expect(await commands.onMenuClicked({ menuItemId: MENU_ANNOTATE }, tab)).toBe(true);
    expect(annotatePage).toHaveBeenCalledWith(7);
    expect(session[selectionKey(7)]).toEqual(page);
  });

  it('opens the panel on both keyboard commands; "annotate this page" also annotates when available', () => {
    const annotatePage = vi.fn(async () => 'told');
    const { commands, openPanel } = setup(null, annotatePage);
    commands.onCommand(COMMAND_OPEN_PANEL, tab);
    expect(openPanel).toHaveBeenLastCalledWith(7, 3);
    expect(annotatePage).not.toHaveBeenCalled();
    commands.onCommand(COMMAND_ANNOTATE_PAGE, tab);
    expect(openPanel).toHaveBeenCalledTimes(2);
    expect(annotatePage).toHaveBeenCalledWith(7);
    commands.onCommand('something-else', tab);
    expect(openPanel).toHaveBeenCalledTimes(2);
  });
});
