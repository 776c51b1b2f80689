/**
 * "Copy a page outline for a bug report": the page's element structure without its content, so a
 * person can send maintainers the markup of a private page. Kept: tag names, roles, `data-*` names
 * and values, class names, ids, schema.org item types. Every text node becomes its length, every
 * address its path shape (no host, query or fragment; ids, digits and slugs generalised), and any
 * value that reads like text (spaces, long words, non-ASCII letters) its length. Nothing else of
 * an element is kept: no titles, labels, alt texts, form values, scripts or styles.
 */

/** Largest outline, in characters (the clipboard text a person pastes into an issue). */
export const OUTLINE_LIMIT = 300 * 1024;

/** Attributes whose values are addresses. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'cite', 'poster', 'data-href', 'data-url', 'data-src', 'data-permalink']);
/** Elements whose contents are never outlined beyond their length. */
const OPAQUE = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'svg']);
/** Nesting kept; deeper elements are summarised. */
const MAX_DEPTH = 60;

/** A path segment as a shape: `{n}` for numbers, `{id}` for ids, `{slug}` for words, or the segment when it is structure. */
function segmentShape(segment: string): string {
  if (segment === '') return '';
  if (/^\d+$/.test(segment)) return '{n}';
  if (/\d/.test(segment)) return '{id}';
  if (/^[a-z]{1,16}(?:\.(?:php|aspx?|jsp|html?|cgi))?$/.test(segment)) return segment;
  return '{slug}';
}

/** An address reduced to its path shape: `/t/{slug}/{n}`, with `?` or `#` noted but never kept. */
export function urlShape(value: string, base: URL): string {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return `{url:${value.length}}`;
  }
  if (url.protocol === 'mailto:' || url.protocol === 'tel:') return `${url.protocol}{…}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol}{${value.length}}`;
  const where = url.origin === base.origin ? '' : '//{host}';
  const path = url.pathname.split('/').map(segmentShape).join('/');
  return where + path + (url.search ? '?{…}' : '') + (url.hash ? '#{…}' : '');
}

/** A name or value as kept: structure words as they are, anything that reads like text as its length. */
function valueShape(value: string): string {
  if (value === '') return '';
  if (/^https?:\/\//i.test(value)) return '{url}';
  const generalised = value.replace(/\d{3,}/g, '{n}');
  // Words with spaces, long runs, letters outside ASCII (MediaWiki heading ids copy the heading).
  if (/\s/.test(value) || generalised.length > 40 || /[^\x00-\x7f]/.test(value)) return `{text:${value.length}}`;
  return generalised;
}

/** An id as kept: wikis make heading ids of the heading's words (`Kalendarium`, `Oven_week`), so those are text. */
function idShape(value: string): string {
  return /^[A-Z][^-]*$/.test(value) || /(?:[A-Za-z]+_){2,}/.test(value) ? `{text:${value.length}}` : valueShape(value);
}

/** A class list as kept: each class through `valueShape`. */
function classShape(value: string): string {
  return value.split(/\s+/).filter(Boolean).map(valueShape).join(' ');
}

const quoteAttr = (v: string): string => '"' + v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;') + '"';

/** The outline of `doc` (at most `OUTLINE_LIMIT` characters), addresses shaped relative to `page`. */
export function pageOutline(doc: Document, page: URL): string {
  const lines: string[] = [`<!-- page outline: ${urlShape(page.href, page)} — text replaced by its length, addresses by their path shape -->`];
  let size = lines[0].length;
  let full = false;
  const push = (depth: number, line: string): void => {
    if (full) return;
    const text = '  '.repeat(Math.min(depth, MAX_DEPTH)) + line;
    if (size + text.length + 1 > OUTLINE_LIMIT - 40) {
      full = true;
      lines.push('<!-- outline cut at 300 KB -->');
      return;
    }
    lines.push(text);
    size += text.length + 1;
  };
  // Iterative: a page nested 10,000 deep cannot overflow the stack.
  const stack: { el: Element; depth: number; i: number; textRun: number }[] = [];
  const open = (el: Element, depth: number): void => {
    const attrs: string[] = [];
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name === 'class') attrs.push(`class=${quoteAttr(classShape(attr.value))}`);
      else if (name === 'id') attrs.push(`id=${quoteAttr(idShape(attr.value))}`);
      else if (name === 'role' || name === 'itemprop' || name === 'itemscope') attrs.push(`${name}=${quoteAttr(valueShape(attr.value))}`);
      else if (name === 'itemtype') attrs.push(`itemtype=${quoteAttr(attr.value.split(/\s+/).map((t) => t.replace(/^https?:\/\/schema\.org\//, 'schema:')).map(valueShape).join(' '))}`);
      else if (URL_ATTRIBUTES.has(name)) attrs.push(`${name}=${quoteAttr(urlShape(attr.value, page))}`);
      else if (name.startsWith('data-')) attrs.push(`${name}=${quoteAttr(/^(?:https?:)?\/\//i.test(attr.value) || attr.value.startsWith('/') ? urlShape(attr.value, page) : valueShape(attr.value))}`);
    }
    const tag = el.localName.replace(/[^\w-]/g, '');
    if (OPAQUE.has(el.localName)) {
      push(depth, `<${[tag, ...attrs].join(' ')}>{${(el.textContent ?? '').length}}</${tag}>`);
      return;
    }
    if (!el.firstChild) {
      push(depth, `<${[tag, ...attrs].join(' ')}></${tag}>`);
      return;
    }
    push(depth, `<${[tag, ...attrs].join(' ')}>`);
    stack.push({ el, depth, i: 0, textRun: 0 });
  };
  open(doc.documentElement, 0);
  while (stack.length && !full) {
    const top = stack[stack.length - 1];
    const kids = top.el.childNodes;
    if (top.i >= kids.length) {
      if (top.textRun) push(top.depth + 1, `{${top.textRun}}`);
      stack.pop();
      push(top.depth, `</${top.el.localName.replace(/[^\w-]/g, '')}>`);
      continue;
    }
    const node = kids[top.i++];
    if (node.nodeType === 3) {
      const n = (node as Text).data.trim().length;
      top.textRun += n;
      continue;
    }
    if (node.nodeType !== 1) continue;
    if (top.textRun) {
      push(top.depth + 1, `{${top.textRun}}`);
      top.textRun = 0;
    }
    if (top.depth + 1 > MAX_DEPTH * 4) {
      push(top.depth + 1, `<!-- deeper elements left out -->`);
      top.i = kids.length;
      continue;
    }
    open(node as Element, top.depth + 1);
  }
  return lines.join('\n') + '\n';
}
