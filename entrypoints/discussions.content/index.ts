import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ANNOTATE_PAGE_FLAG } from '../../protocol/keys';
import { startPageBadges, type ContentBrowser } from '../../content/page-badges';
import { contentHostPatterns } from '../../sites/hosts';

type Listener = Parameters<ContentBrowser['runtime']['onMessage']['addListener']>[0];
type NativeListener = (message: unknown, sender: { id?: string }, sendResponse: (answer: unknown) => void) => boolean;
interface NativeRuntime {
  id: string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(l: NativeListener): void; removeListener(l: NativeListener): void };
}

/**
 * The browser's own runtime API (content scripts are built without webextension-polyfill, see
 * wxt.config.ts), with listeners that answer by returning a promise, as the polyfill allowed:
 * Chrome wants `sendResponse` and `return true` instead.
 */
function contentBrowser(): ContentBrowser {
  const runtime = browser.runtime as unknown as NativeRuntime;
  const natives = new Map<Listener, NativeListener>();
  return {
    runtime: {
      id: runtime.id,
      sendMessage: (message) => runtime.sendMessage(message),
      onMessage: {
        addListener(listener) {
          const native: NativeListener = (message, sender, sendResponse) => {
            const answer = listener(message, sender);
            if (!answer) return false;
            answer.then(sendResponse, () => sendResponse(undefined));
            return true;
          };
          natives.set(listener, native);
          runtime.onMessage.addListener(native);
        },
        removeListener(listener) {
          const native = natives.get(listener);
          if (native) runtime.onMessage.removeListener(native);
          natives.delete(listener);
        },
      },
    },
  };
}

/**
 * WXT retires an older copy of a content script when a newer one announces itself with a DOM
 * event on `document`. A page can dispatch that event too: its name holds only the extension's
 * id, which is public. So while this copy is still connected to the extension, it stops the event
 * in the capture phase on `window`, before it reaches WXT's listener on `document`; a second
 * injection then finds RUNNING and hands over to this copy. A copy orphaned by an update or a
 * reload of the extension (no `runtime.id` any more) lets the event through and retires.
 */
function keepPageFromRetiringThisCopy(ctx: ContentScriptContext): void {
  // WXT names `wxt:` events after the extension and the entrypoint, as it names its own notice.
  const onStarted = (event: Event) => {
    if (browser.runtime?.id) event.stopImmediatePropagation();
  };
  ctx.addEventListener(window as EventTarget, 'wxt:content-script-started', onStarted, { capture: true });
}

/** The running instance in this page's extension world, so a second injection reuses it. */
const RUNNING = '__donenessContentScript';
type Running = { annotatePage(): void; alive: boolean };

// Wiring only: content/page-badges.ts does the work. The same file is registered at run time
// for company domains (services/shared/domains.ts) and injected by "Annotate this page".
export default defineContentScript({
  matches: contentHostPatterns,
  runAt: 'document_idle',
  // WXT announces a start with a DOM event only, not also with window.postMessage, which every
  // message listener of the page would receive (and answer with work of its own).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const world = globalThis as Record<string, unknown>;
    const annotate = world[ANNOTATE_PAGE_FLAG] === true;
    world[ANNOTATE_PAGE_FLAG] = false;
    const running = world[RUNNING] as Running | undefined;
    if (running?.alive) {
      // Injected again (domain enabled, "Annotate this page"): one instance per page.
      if (annotate) running.annotatePage();
      return;
    }
    keepPageFromRetiringThisCopy(ctx);
    const badges = startPageBadges(contentBrowser(), document, () => location.href);
    const self: Running = { annotatePage: badges.annotatePage, alive: true };
    world[RUNNING] = self;
    if (annotate) badges.annotatePage();
    // The Navigation API fires before the URL commits: compare on the next task.
    ctx.addEventListener(window, 'wxt:locationchange', () => setTimeout(badges.checkLocation, 0));
    ctx.onInvalidated(() => {
      self.alive = false;
      badges.stop();
    });
  },
});
