// The DiscussionTools pass (one querySelectorAll) must find exactly what the node-by-node walk
// finds, on every page with DiscussionTools comment markup.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoOf, scanMediawikiThreads } from '../../../sites/mediawiki';
import { mediawikiTalkPage } from '../../../scripts/bench/pages';
import { loadFixtures } from './fixtures';

const URL_ = new URL('https://en.wikipedia.org/wiki/Talk:Cake');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const hasDtComments = (doc: Document) => doc.querySelector('[data-mw-comment-start][id^="c-"]') !== null;

function both(doc: Document, url = URL_) {
  const shape = (threads: ReturnType<typeof scanMediawikiThreads>) =>
    threads.map(({ badgeAnchor, ...rest }) => ({ ...rest, anchor: badgeAnchor }));
  return { fast: shape(scanMediawikiThreads({ url, document: doc })), walk: shape(scanMediawikiThreads({ url, document: doc }, { walk: true })) };
}

const dt = (user: string, iso: string, anchor: string) =>
  `<span data-mw-comment-start="" id="c-${user}-${iso}-${anchor}"></span>Text. <a href="/wiki/User:${user}">${user}</a> 10:00, 1 May 2024 (UTC)<span data-mw-comment-end="c-${user}-${iso}-${anchor}"></span>`;
const heading = (id: string) =>
  `<div class="mw-heading mw-heading2 ext-discussiontools-init-section"><h2 id="${id}" data-mw-thread-id="h-${id}"><span data-mw-comment-start="" id="h-${id}"></span>${id}</h2><span class="mw-editsection"><a href="/w/index.php?action=edit">edit</a></span></div>`;
const page = (content: string) =>
  parse(`<html><body class="mediawiki ns-1 ns-talk"><div id="mw-content-text"><div class="mw-parser-output">${content}</div></div></body></html>`);

describe('comment times', () => {
  // What the walk does with every time: the round trip through Date.
  const viaDate = (t: string) => (Number.isFinite(Date.parse(t)) ? new Date(Date.parse(t)).toISOString() : null);
  it('reads the full form by its characters exactly as Date does, valid or not', () => {
    const times = [
      '2024-01-01T07:00:00.000Z', '2024-02-29T23:59:59.999Z', '2023-02-29T10:00:00.000Z', '1900-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z', '2024-13-01T00:00:00.000Z', '2024-00-10T00:00:00.000Z', '2024-04-31T00:00:00.000Z',
      '2024-04-30T24:00:00.000Z', '2024-04-30T23:60:00.000Z', '2024-04-30T23:00:60.000Z', '2024-01-00T00:00:00.000Z',
      '2024-01-01T07:00Z', '2024-01-01T07:00:00Z', '2024-01-01T07:00:00.000+', '2024-01-01X07:00:00.000Z', '2024-1a-01T07:00:00.000Z',
    ];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    for (let i = 0; i < 2000; i++) {
      times.push(`${pad(1990 + rand(120), 4)}-${pad(rand(14))}-${pad(rand(33))}T${pad(rand(26))}:${pad(rand(62))}:${pad(rand(62))}.${pad(rand(1000), 3)}Z`);
    }
    for (const t of times) expect(isoOf(t), t).toBe(viaDate(t));
  });
});

describe('DiscussionTools pass', () => {
  const fixtures = loadFixtures('mediawiki').filter((f) => hasDtComments(parse(f.html)));
  it('covers several fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(3));
  for (const f of fixtures) {
    it(`matches the walk on fixture ${f.name}`, () => {
      const { fast, walk } = both(parse(f.html), new URL(f.url));
      expect(fast.length).toBeGreaterThan(0);
      expect(fast).toEqual(walk);
    });
  }

  it('matches the walk on a generated 300-thread archive', () => {
    const { fast, walk } = both(parse(mediawikiTalkPage(300)));
    expect(fast).toHaveLength(300);
    expect(fast).toEqual(walk);
  });

  it('matches the walk on markers, wrappers, suppressed and skipped parts', () => {
    const doc = page(
      `<div id="toc" class="toc"><h2 id="mw-toc-heading">Contents</h2><span data-mw-comment-start="" id="c-Toc-2024-01-01T00:00:00.000Z-x"></span></div>` +
        heading('One') + `<p>${dt('Ada', '2024-05-01T10:00:00.000Z', 'One')}</p>` +
        `<div class="mw-archivedtalk">${heading('Two')}<p>${dt('Bob', '2024-05-02T10:00:00.000Z', 'Two')}</p></div>` +
        heading('Three') + `<p><span class="mw-editsection">${dt('Eve', '2024-05-03T10:00:00.000Z', 'Three')}</span>${dt('Cy', '2024-05-03T11:00:00.000Z', 'Three')}</p>` +
        `<div class="xfd-closed">closed by someone</div>` +
        `<div class="mw-notalk">${heading('Hidden')}<p>${dt('Dan', '2024-05-04T10:00:00.000Z', 'Hidden')}</p></div>` +
        `<p>${dt('Fay', '2024-05-04T12:00:00.000Z', 'Three')}</p>` +
        `<h1>Not a section</h1><p>${dt('Gil', '2024-05-05T10:00:00.000Z', 'none')}</p>` +
        heading('Four') + `<p><img src="//upload.wikimedia.org/Yes_check.svg.png"> Resolved. ${dt('Hal', '2024-05-06T10:00:00.000Z', 'Four')}</p>` +
        `<script>var x = '<span data-mw-comment-start id="c-X-2024-01-01T00:00:00.000Z-y"></span>';</script>`,
    );
    const { fast, walk } = both(doc);
    // A box closes the section it starts in as well as those it holds (DiscussionTools' own
    // suppressed-talk test page: its parse gives the closed marker to the section the box opens in).
    expect(fast.map((t) => [t.title, t.native.replies, t.native.state])).toEqual([
      ['One', 1, 'archived'],
      ['Two', 1, 'archived'],
      ['Three', 2, 'closed'],
      ['Four', 1, 'resolved'],
    ]);
    expect(fast).toEqual(walk);
  });

  const real = path.resolve(__dirname, '../../../../shared/real-pages/mediawiki');
  const realPages = existsSync(real) ? readdirSync(real).filter((f) => f.endsWith('.html')) : [];
  for (const file of realPages) {
    it(`matches the walk on the captured page ${file} (when present)`, () => {
      const doc = parse(readFileSync(path.join(real, file), 'utf8'));
      const { fast, walk } = both(doc);
      expect(fast).toEqual(walk);
    });
  }
});
