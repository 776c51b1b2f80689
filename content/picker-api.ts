/**
 * What the lazily injected picker script offers the content script and the extension's pages,
 * through a global in the page's extension world (both run there): re-anchoring picked
 * discussions, picking one, and the page outline for bug reports. And what the content script
 * offers the picker in return. Types only, so the content script imports none of its code.
 */
import type { ThreadRef } from '../storage/schema';
import type { PickedPass } from './picked-anchors';

/** The picker script's side. */
export interface PickerApi {
  /** Finds the picked discussions in the page, in slices that yield to the page. */
  anchor(doc: Document, refs: readonly ThreadRef[]): Promise<PickedPass>;
  /**
   * Lets the person pick a block (starting at the right-clicked node or the selection when
   * `fromContext`); resolves to the chosen thread, already announced to the content script and
   * the side panel, or null.
   */
  pick(options: { fromContext?: boolean; repointKey?: string }): Promise<ThreadRef | null>;
  /** The page outline (sites/anchoring/outline.ts). */
  outline(): string;
}

/** The content script's side, on its running instance. */
export interface ContentApi {
  /** A discussion was just picked: find it and badge it now. */
  addPicked?(thread: ThreadRef): void;
  /** The node of the person's last right-click, if any. */
  rightClicked?(): Node | null;
}
