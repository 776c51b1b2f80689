import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '../../services/background';
import { openPanel } from '../../services/panel';
import { openDatabase } from '../../storage/db';
import { Repository } from '../../storage/repository';

// Wiring only: the handlers live in services/background.ts.
export default defineBackground(() => {
  const background = createBackground({ browser, repository: new Repository(openDatabase()), openPanel });
  browser.runtime.onMessage.addListener(background.onMessage as never);
  browser.tabs.onRemoved.addListener((tabId) => void background.onTabRemoved(tabId));
});
