import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '../../services/background/handlers';
import { contentScriptFile } from '../../protocol/keys';
import { t, tn } from '../../lib/i18n';
import { annotatePage, type AnnotateBrowser } from '../../services/shared/annotate-page';
import { createCommands } from '../../services/background/commands';
import { createDomains, type DomainsBrowser } from '../../services/shared/domains';
import { openPanel } from '../../services/shared/panel';
import { createSync } from '../../services/background/sync';
import { createToolbarCount } from '../../services/background/toolbar-count';
import { installTestHooks } from '../../services/background/test-hooks';
import { openDatabase } from '../../storage/db';
import { Repository } from '../../storage/repository';
import { PICKER_SCRIPT_FILE } from '../../protocol/keys';
import { startPicking, type PickBrowser } from '../../services/shared/pick-page';

const TOOLBAR_ALARM = 'toolbar-count';

// Wiring only: the handlers live in services/background/handlers.ts.
export default defineBackground(() => {
  const sync = createSync({
    browser,
    db: openDatabase(),
    publish: (changed) => background.publishAnnotations(changed),
    badgesShown: () => background.badgesShown(),
  });
  const repository = new Repository(openDatabase());
  const toolbar = createToolbarCount({
    browser,
    repository,
    now: Date.now,
    mode: async () => (await background.settings()).toolbarCount ?? 'attention',
    words: (key, count) => tn(key, count),
    name: t('extName'),
  });
  const background = createBackground({
    browser,
    repository,
    openPanel,
    sync,
    toolbar,
    injectPicker: async (tabId, frameId) => {
      await browser.scripting.executeScript({ target: { tabId, ...(frameId !== undefined ? { frameIds: [frameId] } : {}) }, files: [PICKER_SCRIPT_FILE] });
    },
    // The company script's request (top frame only, checked by the handlers): the tab is on an
    // enabled company domain, whose host permission the person granted.
    startFamily: (tabId, family) => browser.scripting.executeScript({ target: { tabId }, files: [contentScriptFile(family) as never] }),
  });
  // Review dates pass while nobody edits: the counts are looked at again every hour.
  void browser.alarms.create(TOOLBAR_ALARM, { periodInMinutes: 60 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TOOLBAR_ALARM) void background.refreshToolbars();
    else void sync.onAlarm(alarm);
  });
  browser.runtime.onStartup.addListener(() => void sync.onWake(true));
  void sync.onWake();
  // Reaches the worker only while it runs (MV3 does not start a worker for it); the capped
  // retry alarm covers a stopped one (services/background/sync.ts).
  globalThis.addEventListener?.('online', () => void sync.onOnline());
  browser.runtime.onMessage.addListener(background.onMessage as never);
  // Company domains (services/shared/domains.ts): registrations kept in step with the permissions.
  const domains = createDomains(browser as unknown as DomainsBrowser);
  void domains.syncRegistrations();
  browser.permissions.onAdded.addListener((added) => void domains.onPermissionsAdded(added));
  browser.permissions.onRemoved.addListener((removed) => void domains.onPermissionsRemoved(removed));
  browser.tabs.onRemoved.addListener((tabId) => void background.onTabRemoved(tabId));
  const commands = createCommands({
    browser,
    openPanel,
    menuTitle: t('contextAnnotate'),
    annotatePage: (tabId) => annotatePage(browser as unknown as AnnotateBrowser, tabId),
    pick: (tabId, fromContext) => startPicking(browser as unknown as PickBrowser, tabId, { fromContext }),
    pickMenuTitle: t('contextPick'),
  });
  browser.runtime.onInstalled.addListener(() => void commands.installMenu());
  browser.commands.onCommand.addListener((command, tab) => commands.onCommand(command, tab));
  browser.contextMenus.onClicked.addListener((info, tab) => void commands.onMenuClicked(info, tab));
  // Only in the Firefox e2e build (WXT_TEST_HOOKS=true); dead code, and dropped, everywhere else.
  if (import.meta.env.WXT_TEST_HOOKS === 'true') installTestHooks(browser);
});
