/**
 * CSS paths that survive a redeploy: built from tag names, ids and classes a person could have
 * written, never from the generated names bundlers and frameworks stamp on elements (CSS-module
 * hashes, styled-components, atomic classes, React ids), which change with every build.
 */

/** Longest path kept; a deeper element is anchored from its nearest stable ancestor. */
const MAX_DEPTH = 40;

/** State classes come and go while a person looks at the page. */
const STATE = /^(?:is-|has-)|^(?:active|selected|open|opened|closed|hover|hovered|focus|focused|visible|hidden|collapsed|expanded|current|highlighted|loading|loaded|new|unread|read|show|shown|fade|in)$/i;

/** Prefixes of class names and ids that generators stamp. */
const GENERATED_PREFIX = /^(?:css-|sc-|jsx-|emotion-|svelte-|ember|react-|radix-|headlessui-|mui-|chakra-|tw-|_)/i;

/**
 * Whether a class name or id looks generated: digit runs, hash-like pieces mixing letters and
 * digits, CSS-module suffixes (`Post_title__3xF9a`), framework prefixes, or characters a
 * hand-written name does not use.
 */
export function looksGenerated(name: string): boolean {
  if (name.length === 0 || name.length > 48) return true;
  if (!/^[A-Za-z][\w-]*$/.test(name)) return true;
  if (/\d{3,}/.test(name)) return true;
  if (GENERATED_PREFIX.test(name)) return true;
  if (/__[A-Za-z0-9-]{4,}$/.test(name) && /\d/.test(name.slice(name.lastIndexOf('__')))) return true;
  for (const piece of name.split(/[-_]+/)) {
    const digits = piece.replace(/\D/g, '').length;
    // "h2", "col-12", "mw-heading2" are written by people; "x1n2onr6", "a3F9b" are not.
    if (digits >= 2 && /[A-Za-z]/.test(piece)) return true;
    if (piece.length >= 5 && /[a-z]/.test(piece) && /[A-Z]/.test(piece) && /[A-Z][A-Z]|[a-z][A-Z][a-z][A-Z]/.test(piece) && digits > 0) return true;
  }
  return false;
}

/** A CSS identifier for `name` (what `CSS.escape` does, which happy-dom lacks). */
export function cssIdent(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    const code = name.charCodeAt(i);
    if (/[A-Za-z_-]/.test(c) || code >= 0x80 || (/\d/.test(c) && i > 0 && !(i === 1 && name[0] === '-'))) out += c;
    else out += `\\${code.toString(16)} `;
  }
  return out;
}

/** The stable classes of an element, at most two (the most specific-looking first). */
function stableClasses(el: Element): string[] {
  const names = Array.from(el.classList).filter((c) => !looksGenerated(c) && !STATE.test(c));
  return names.sort((a, b) => b.length - a.length).slice(0, 2);
}

/** Whether an id can anchor a path: stable-looking and unique in its document. */
function stableId(el: Element): string | null {
  const id = el.id;
  if (!id || looksGenerated(id.replace(/[^\w-]/g, '_').replace(/^[^A-Za-z]/, 'x'))) return null;
  if (/[\s"'\\]/.test(id)) return null;
  const doc = el.ownerDocument;
  try {
    return doc.querySelectorAll(`#${cssIdent(id)}`).length === 1 ? id : null;
  } catch {
    return null;
  }
}

/** One step of a path: tag, stable classes, and `:nth-of-type` when siblings look the same. */
function step(el: Element): string {
  const tag = el.localName;
  const classes = stableClasses(el);
  let part = cssIdent(tag) + classes.map((c) => '.' + cssIdent(c)).join('');
  const parent = el.parentElement;
  if (parent) {
    let same = 0;
    let index = 0;
    for (let s = parent.firstElementChild; s; s = s.nextElementSibling) {
      if (s.localName === tag) {
        same++;
        if (s === el) index = same;
      }
    }
    if (same > 1) part += `:nth-of-type(${index})`;
  }
  return part;
}

/**
 * A CSS path from `root` (a document or an element) down to `el`: child steps of stable names,
 * starting at the nearest ancestor with a stable unique id when there is one. Paths below an
 * element root begin with `:scope`.
 */
export function cssPath(el: Element, root: Document | Element): string {
  const steps: string[] = [];
  let anchored = false;
  for (let cur: Element | null = el; cur && cur !== root && steps.length < MAX_DEPTH; cur = cur.parentElement) {
    const id = stableId(cur);
    if (id) {
      // The tag stays: it says what kind of block was picked, and an id moved to another element
      // (a heading's anchor on its inner span in another markup) does not match.
      steps.unshift(cssIdent(cur.localName) + '#' + cssIdent(id));
      anchored = true;
      break;
    }
    steps.unshift(step(cur));
  }
  if (!anchored && root.nodeType === 1) steps.unshift(':scope');
  return steps.join(' > ');
}

/** The elements a CSS path names under `root` (at most `max`); none for a path that does not parse. */
export function queryCss(root: Document | Element, value: string, max = 20): Element[] {
  try {
    const list = root.querySelectorAll(value);
    return Array.from({ length: Math.min(list.length, max) }, (_, i) => list[i]);
  } catch {
    return [];
  }
}

/** The tag name a path's last step names, if it names one. */
export function lastTag(value: string): string | null {
  const last = value.split('>').pop()?.trim() ?? '';
  return /^([a-z][a-z0-9-]*)/i.exec(last)?.[1]?.toLowerCase() ?? null;
}
