/**
 * Records every shadow root attached from now on, closed ones included (the badges' are closed,
 * so a test cannot reach them through the host). `restore()` puts `attachShadow` back.
 */
import { vi } from 'vitest';

export function captureShadowRoots(): { roots: ShadowRoot[]; restore(): void } {
  const roots: ShadowRoot[] = [];
  const attach = HTMLElement.prototype.attachShadow;
  const spy = vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  });
  return { roots, restore: () => spy.mockRestore() };
}
