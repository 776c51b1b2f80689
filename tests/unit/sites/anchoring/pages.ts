/** The anchoring tests' own saved pages (tests/unit/sites/anchoring/pages/), parsed afresh per use. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The HTML text of one of the pages. */
export function pageHtml(name: string): string {
  return readFileSync(path.join(__dirname, 'pages', name), 'utf8');
}

/** A new document of `html` (happy-dom's parser, as in the CLI). */
export function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** The forum post whose permalink ends in `id` (each post's own timestamp link). */
export function post(doc: Document, id: string): Element {
  const link = doc.querySelector(`a.stamp[href$="/posts/${id}"], a[href$="/posts/${id}"]`);
  const li = link?.closest('li');
  if (!li) throw new Error(`no post ${id} in the page`);
  return li;
}
