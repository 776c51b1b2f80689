import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { anchorPickedSliced } from '../content/picked-anchors';
import { startPicker } from '../content/picker';
import type { ContentApi, PickerApi } from '../content/picker-api';
import { CONTENT_GLOBAL, PICKER_GLOBAL } from '../protocol/keys';
import { pageOutline } from '../sites/anchoring/outline';

// Wiring only: injected into a tab (scripting.executeScript) when the page has picked discussions
// or the person starts picking, so other pages never load the anchoring code or the picker.
export default defineUnlistedScript(() => {
  const world = globalThis as Record<string, unknown>;
  if (world[PICKER_GLOBAL]) return;
  let stop: (() => void) | null = null;
  const api: PickerApi = {
    anchor: (doc, refs) => anchorPickedSliced(doc, refs),
    outline: () => pageOutline(document, new URL(location.href)),
    pick({ fromContext, repointKey }) {
      stop?.();
      const content = world[CONTENT_GLOBAL] as ContentApi | undefined;
      return new Promise((resolve) => {
        stop = startPicker(document, {
          start: fromContext ? (content?.rightClicked?.() ?? null) : null,
          repointKey,
          done(thread) {
            stop = null;
            if (thread) {
              content?.addPicked?.(thread);
              // The side panel opens on it, title prefilled (the person's click is the gesture).
              browser.runtime.sendMessage({ type: 'openThread', thread }).catch(() => undefined);
            }
            resolve(thread);
          },
        });
      });
    },
  };
  world[PICKER_GLOBAL] = api;
});
