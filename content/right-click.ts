/**
 * Right-click thread picking: the context menu's "Annotate this discussion" asks the content
 * script which thread the person right-clicked. Only the person's own (trusted) right-click
 * counts: a page may dispatch contextmenu events of its own to move the command elsewhere.
 */
import type { FoundThread } from '../sites/types';

/** Remembers the node of the person's last right-click in `doc`, until `signal` aborts. */
export function trackRightClicks(doc: Document, signal: AbortSignal): () => Node | null {
  let rightClicked: Node | null = null;
  const onContextMenu = (event: Event) => {
    if (event.isTrusted) rightClicked = event.target as Node | null;
  };
  doc.addEventListener('contextmenu', onContextMenu, { capture: true, signal });
  return () => rightClicked;
}

/** The thread a node belongs to: the last thread (in page order) whose badge anchor is at or before it. */
export function threadAt(node: Node | null, threads: readonly FoundThread[]): FoundThread | null {
  if (!node?.isConnected) return null;
  let hit: FoundThread | null = null;
  for (const thread of threads) {
    const anchor = thread.badgeAnchor;
    // 4 = Node.DOCUMENT_POSITION_FOLLOWING: the node comes after this thread's anchor.
    if (anchor === node || anchor.contains(node) || anchor.compareDocumentPosition(node) & 4) hit = thread;
  }
  return hit;
}
