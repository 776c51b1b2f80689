/**
 * The content script's ties to the extension: the browser's own runtime API in the shape the
 * content script uses, and the guard that keeps a page from retiring this copy.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentBrowser } from './page-badges';

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
export function contentBrowser(): ContentBrowser {
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
export function keepPageFromRetiringThisCopy(ctx: ContentScriptContext): void {
  // WXT names `wxt:` events after the extension and the entrypoint, as it names its own notice.
  const onStarted = (event: Event) => {
    if (browser.runtime?.id) event.stopImmediatePropagation();
  };
  ctx.addEventListener(window as EventTarget, 'wxt:content-script-started', onStarted, { capture: true });
}
