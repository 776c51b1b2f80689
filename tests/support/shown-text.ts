/**
 * What a badge shows on screen: its text nodes and the generated content of its drawn parts
 * (`data-text`, drawn as `::before`: see content/badge-view.ts), in order; style sheets left out.
 */
import { SHOWN_TEXT_ATTRIBUTE } from '../../content/badge-view';

export function shownText(node: Node | null | undefined): string {
  if (!node) return '';
  if (node.nodeType === 3) return (node as Text).data;
  if (node.nodeName === 'STYLE') return '';
  const own = node.nodeType === 1 ? ((node as Element).getAttribute(SHOWN_TEXT_ATTRIBUTE) ?? '') : '';
  return own + [...node.childNodes].map(shownText).join('');
}

/** Every text node under `node` (shadow roots are not entered: pass a root to search it). */
export function textNodes(node: Node): Text[] {
  const found: Text[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3) found.push(n as Text);
    n.childNodes.forEach(walk);
  };
  walk(node);
  return found;
}
