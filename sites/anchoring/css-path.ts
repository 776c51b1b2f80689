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

/** One step of a path as `cssPath` writes it, unescaped names only: tag, id, classes, nth-of-type. */
const PLAIN_STEP = /^([a-z][a-z0-9-]*)(?:#([A-Za-z_][\w-]*))?((?:\.[A-Za-z_][\w-]*)*)(?::nth-of-type\(([1-9]\d*)\))?$/;

interface Step {
  tag: string;
  id: string | undefined;
  classes: string[];
  nth: number | null;
}

function parseStep(text: string): Step | null {
  const m = PLAIN_STEP.exec(text);
  if (!m) return null;
  return { tag: m[1], id: m[2], classes: m[3] ? m[3].slice(1).split('.') : [], nth: m[4] ? Number(m[4]) : null };
}

/**
 * Finds many CSS paths in one page at once, for a pass over many picked discussions. A path of
 * the plain shape `cssPath` writes (`:scope` or a first step, then `>` steps of tag, id, classes
 * and nth-of-type) is followed from the top down, with each parent's children grouped by tag once
 * for all the paths: the browser's own matching goes from the bottom up and counts the siblings of
 * every candidate again for each `:nth-of-type`, which made 180 paths into a page of 180 sections
 * cost more than the content script's whole scan. Any other selector (an imported one, say) goes to
 * `querySelectorAll`; both give the same elements in document order.
 */
export class CssResolver {
  private readonly byTag = new Map<Element, Map<string, Element[]>>();
  private readonly firsts = new Map<string, Element[]>();
  private readonly below = new Map<Element, Map<string, Element[]>>();
  private readonly steps = new Map<string, Step | null>();

  /** Quirks mode matches ids and classes without regard to case: left to the browser. */
  private readonly standards: boolean;

  constructor(private readonly root: Document | Element) {
    const doc = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
    this.standards = doc.compatMode !== 'BackCompat';
  }

  /** The elements `value` names under the root (at most `max`). */
  query(value: string, max = 20): Element[] {
    const texts = value.split(' > ');
    const steps = texts.map((t, i) => (i === 0 && t === ':scope' ? null : this.parse(t)));
    if (!this.standards || !steps.every((st, i) => st !== null || i === 0)) return queryCss(this.root, value, max);
    // A document is searched from a first step anywhere in it, an element from itself (`:scope`):
    // other paths under an element may start above it, which only the browser's matching follows.
    if ((steps[0] === null) !== (this.root.nodeType === 1) || steps.length < 2) return queryCss(this.root, value, max);
    let current = steps[0] === null ? [this.root as Element] : this.first(texts[0]);
    // Several starts could nest (a path cut at its depth limit, a repeated id): followed one after
    // the other they would not give document order, so the browser answers.
    if (current.length > 1) return queryCss(this.root, value, max);
    for (let i = 1; i < steps.length && current.length > 0; i++) {
      const st = steps[i]!;
      if (current.length === 1) {
        // Paths share their first steps (every section of a page under the same container): a
        // step from one parent is followed once for all of them.
        let known = this.below.get(current[0]);
        if (!known) this.below.set(current[0], (known = new Map()));
        let next = known.get(texts[i]);
        if (!next) known.set(texts[i], (next = this.follow(current, st)));
        current = next;
      } else current = this.follow(current, st);
    }
    return current.slice(0, max);
  }

  /** The children of `parents` that one step names, in order. */
  private follow(parents: Element[], st: Step): Element[] {
    const next: Element[] = [];
    for (const parent of parents) {
      const same = this.children(parent, st.tag);
      const picked = st.nth === null ? same : same[st.nth - 1] ? [same[st.nth - 1]] : [];
      for (const el of picked) if (fits(el, st)) next.push(el);
    }
    return next;
  }

  /** A step parsed once for all the paths that hold it. */
  private parse(text: string): Step | null {
    let st = this.steps.get(text);
    if (st === undefined) {
      st = parseStep(text);
      this.steps.set(text, st);
    }
    return st;
  }

  /** Where the first step matches (any depth, as in `querySelectorAll`). */
  private first(text: string): Element[] {
    let found = this.firsts.get(text);
    if (!found) {
      found = queryCss(this.root, text, Infinity);
      this.firsts.set(text, found);
    }
    return found;
  }

  /** `parent`'s element children named `tag`, in order (read once per parent). */
  private children(parent: Element, tag: string): Element[] {
    let groups = this.byTag.get(parent);
    if (!groups) {
      groups = new Map();
      for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
        const list = groups.get(c.localName);
        if (list) list.push(c);
        else groups.set(c.localName, [c]);
      }
      this.byTag.set(parent, groups);
    }
    return groups.get(tag) ?? [];
  }
}

function fits(el: Element, st: Step): boolean {
  if (st.id !== undefined && el.id !== st.id) return false;
  for (const c of st.classes) if (!el.classList.contains(c)) return false;
  return true;
}

/** The tag name a path's last step names, if it names one. */
export function lastTag(value: string): string | null {
  // By hand, not by regular expression: a pass asks this of every picked discussion.
  let i = value.lastIndexOf('>') + 1;
  while (i < value.length && value.charCodeAt(i) === 32) i++;
  const from = i;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i) | 0x20; // lower case
    const letter = c >= 97 && c <= 122;
    if (!(letter || (i > from && ((c >= 48 && c <= 57) || c === 0x2d)))) break;
  }
  return i > from ? value.slice(from, i).toLowerCase() : null;
}
