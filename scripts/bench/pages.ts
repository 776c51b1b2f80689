/**
 * Generated pages for the content-script figures: a MediaWiki talk page in today's
 * DiscussionTools markup (as Wikipedia serves it) with any number of threads, and a Viva Engage
 * community feed whose posts a page script appends, as the real feed does while one scrolls.
 * Deterministic: the same arguments give the same bytes.
 */
import { seededRandom } from '../../tests/support/seeded-random';

const WORDS = (
  'oven proofing crust crumb hydration starter levain flour rye spelt schedule rota delivery ' +
  'supplier price quality test batch recipe temperature steam minutes hours the a of to and we ' +
  'should could not because after before while our their this that it is was be will have'
).split(' ');
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Radia Perlman'];

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  const text = out.join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A DiscussionTools timestamp for comment `i` of thread `t`. */
function stamp(t: number, i: number): { iso: string; shown: string } {
  const d = new Date(Date.UTC(2024, 0, 1) + t * 3_600_000 * 7 + i * 2_700_000);
  const iso = d.toISOString();
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const shown = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} (UTC)`;
  return { iso, shown };
}

function signature(user: string, id: string, shown: string): string {
  const u = user.replace(/ /g, '_');
  return (
    `<span data-mw-comment-sig="${id}"></span><a href="/wiki/User:${u}" title="User:${user}">${user}</a> ` +
    `(<a href="/wiki/User_talk:${u}" title="User talk:${user}">talk</a>) ` +
    `<a class="ext-discussiontools-init-timestamplink" href="/wiki/Talk:Bench#${id}">${shown}</a>` +
    `<span data-mw-comment-end="${id}"></span>`
  );
}

/**
 * A talk page with `threads` level-2 sections, each with a few signed comments, replies nested in
 * `<dl><dd>` as editors indent them, an occasional level-3 subsection and an archived box.
 */
export function mediawikiTalkPage(threads: number, options: { seed?: number; title?: string; commentWords?: number } = {}): string {
  const random = seededRandom(options.seed ?? 7);
  const title = options.title ?? 'Talk:Bench';
  const words = options.commentWords ?? 24;
  const parts: string[] = [];
  for (let t = 0; t < threads; t++) {
    const heading = `Thread ${t + 1}: ${sentence(random, 4).slice(0, -1)}`;
    const anchor = heading.replace(/ /g, '_').replace(/[^\w:.-]/g, '');
    const first = stamp(t, 0);
    const threadId = `h-${anchor}-${first.iso}`;
    parts.push(
      `<div class="mw-heading mw-heading2 ext-discussiontools-init-section"><h2 id="${anchor}" data-mw-thread-id="${threadId}">` +
        `<span data-mw-comment-start="" id="${threadId}"></span>${heading}<span data-mw-comment-end="${threadId}"></span></h2>` +
        `<span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/index.php?title=${title}&amp;action=edit&amp;section=${t + 1}"><span>edit</span></a><span class="mw-editsection-bracket">]</span></span></div>`,
    );
    const comments = 2 + Math.floor(random() * 5);
    let open = 0;
    for (let i = 0; i < comments; i++) {
      const user = PEOPLE[Math.floor(random() * PEOPLE.length)];
      const when = stamp(t, i);
      const id = `c-${user.replace(/ /g, '_')}-${when.iso}-${anchor}`;
      const body = `<span data-mw-comment-start="" id="${id}"></span>${sentence(random, words)} ${signature(user, id, when.shown)}`;
      if (i === 0) parts.push(`<p>${body}</p>`);
      else {
        parts.push('<dl><dd>' + body);
        open++;
      }
      if (i === 2 && random() < 0.2) {
        parts.push(`<div class="mw-heading mw-heading3"><h3 id="${anchor}_sub">Proposal</h3></div><p>${sentence(random, words)}</p>`);
      }
    }
    parts.push('</dd></dl>'.repeat(open));
  }
  return (
    `<!DOCTYPE html><html class="client-js vector-feature-zebra-design-enabled" lang="en" dir="ltr"><head><meta charset="UTF-8">` +
    `<title>${title} - Wikipedia</title><meta name="generator" content="MediaWiki 1.44.0-wmf.8">` +
    `<style>body{font-family:sans-serif;margin:0}.mw-page-container{max-width:1100px;margin:0 auto;padding:0 24px}` +
    `h2{font-family:serif;font-weight:normal;border-bottom:1px solid #a2a9b1;margin:1em 0 .25em}dl{margin:.2em 0}dd{margin-left:1.6em}</style></head>` +
    `<body class="skin-vector skin-vector-2022 mediawiki ltr sitedir-ltr ns-1 ns-talk page-${title.replace(/ /g, '_')} action-view">` +
    `<div class="mw-page-container"><header class="vector-header mw-header" role="banner"><a class="mw-logo" href="/wiki/Main_Page">Wikipedia</a></header>` +
    `<main id="content" class="mw-body" role="main"><h1 id="firstHeading" class="firstHeading mw-first-heading">${title}</h1>` +
    `<div id="bodyContent" class="vector-body"><div id="mw-content-text" class="mw-body-content"><div class="mw-content-ltr mw-parser-output" lang="en" dir="ltr">` +
    parts.join('\n') +
    `</div></div></div></main><footer id="footer" class="mw-footer" role="contentinfo">This page was last edited on 14 May 2024.</footer></div></body></html>`
  );
}

const base64url = (s: string) => Buffer.from(s).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An empty Viva Engage community feed page; `appendPosts` (run in the page) fills it. */
export function yammerFeedPage(): string {
  return (
    `<!DOCTYPE html><html lang="en-us" dir="ltr"><head><meta charset="utf-8"><title>Bakery Guild | Viva Engage</title>` +
    `<style>body{font-family:sans-serif}[role=article]{border:1px solid #ddd;margin:8px;padding:8px}</style></head><body>` +
    `<div id="root" class="fui-FluentProvider"><div role="banner"><a href="/main/feed">Viva Engage</a></div>` +
    `<div role="main" class="qaContentMainColumn"><h1>Bakery Guild</h1><div class="___feed" data-testid="feed-list"></div></div></div></body></html>`
  );
}

/** The HTML of feed posts `from` .. `from + count - 1`, as Engage renders a thread starter card. */
export function yammerPosts(from: number, count: number): string {
  const random = seededRandom(from + 1);
  const out: string[] = [];
  for (let n = from; n < from + count; n++) {
    const person = PEOPLE[n % PEOPLE.length];
    const user = base64url(JSON.stringify({ _type: 'User', id: String(1_500_000_000 + (n % 97)) }));
    const thread = base64url(JSON.stringify({ _type: 'Thread', id: String(3_491_012_511_000_000 + n) }));
    const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
    out.push(
      `<div role="article" aria-labelledby="msg-${n}" class="qaThreadStarter">` +
        `<div class="___header"><a href="/main/org/contoso.com/users/${user}">${person}</a> ` +
        `<a href="/main/org/contoso.com/threads/${thread}"><time datetime="${at}">${at.slice(0, 10)}</time></a></div>` +
        `<div id="msg-${n}" class="fui-Text">${sentence(random, 30)}</div>` +
        `<div data-testid="overflow-set"><button type="button" aria-label="Like - ${person}'s post">Like</button>` +
        `<button type="button" aria-label="Comment - ${person}'s post">Comment</button></div>` +
        `<button type="button"><span>${n % 5} replies</span></button></div>`,
    );
  }
  return out.join('');
}

const TECH_WORDS = (
  'template module gadget script edit preview page cache purge category watchlist diff revision ' +
  'browser skin Vector mobile talk archive bot API query timestamp signature link redirect file ' +
  'upload the a of to and I it is was not this that in on for with when after before since have see'
).split(' ');
const EDITORS = ['Whatamidoing', 'Izno', 'Johnuniq', 'Redrose64', 'Anomie', 'Xaosflux', 'Nardog', 'Jonesey95', 'Graham87', 'Sohom Datta', 'Quiddity (WMF)', 'Pppery'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A classic-parser signature: user and talk links, then "10:02, 1 May 2024 (UTC)". */
function legacySignature(user: string, at: Date): string {
  const u = user.replace(/ /g, '_');
  const when = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} (UTC)`;
  return `<a href="/wiki/User:${u}" title="User:${user}">${user}</a> (<a href="/wiki/User_talk:${u}" title="User talk:${user}">talk</a>) ${when}`;
}

/**
 * A Village pump archive as the classic (legacy) parser renders it, as self-hosted wikis without
 * DiscussionTools show it: the old Vector shell, an archive notice, the table of contents (its
 * "Contents" h2 is no thread), then `threads` sections of `<h2><span class="mw-headline">` with
 * signed comments of uneven length, replies indented in `<dl><dd>`, the odd bulleted list and
 * `<code>`, so the page is as long as a real archive (about 180 sections: some 100,000 px).
 */
export function mediawikiLegacyArchive(threads: number, options: { seed?: number; title?: string } = {}): string {
  const random = seededRandom(options.seed ?? 17);
  const title = options.title ?? 'Wikipedia:Village pump (technical)/Archive 210';
  const path = title.replace(/ /g, '_');
  const words = (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(TECH_WORDS[Math.floor(random() * TECH_WORDS.length)]);
    const text = out.join(' ');
    return text[0].toUpperCase() + text.slice(1);
  };
  const toc: string[] = [];
  const sections: string[] = [];
  const anchors = new Map<string, number>();
  for (let t = 0; t < threads; t++) {
    const heading = `${words(2 + Math.floor(random() * 5))}${t % 7 === 3 ? '?' : ''}`;
    // A repeated heading gets "_2", "_3" on its anchor, as MediaWiki numbers them.
    const base = heading.replace(/ /g, '_').replace(/\?/g, '.3F');
    const seen = (anchors.get(base) ?? 0) + 1;
    anchors.set(base, seen);
    const anchor = seen > 1 ? `${base}_${seen}` : base;
    toc.push(`<li class="toclevel-1 tocsection-${t + 1}"><a href="#${anchor}"><span class="tocnumber">${t + 1}</span> <span class="toctext">${heading}</span></a></li>`);
    sections.push(
      `<h2><span class="mw-headline" id="${anchor}">${heading}</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span>` +
        `<a href="/w/index.php?title=${path}&amp;action=edit&amp;section=${t + 1}" title="Edit section: ${heading}">edit</a><span class="mw-editsection-bracket">]</span></span></h2>`,
    );
    // Most threads have a handful of comments, a few run to dozens, as on a real village pump.
    const comments = 1 + Math.floor(random() * random() * 30);
    let at = new Date(Date.UTC(2024, 0, 1) + t * 3_600_000 * 4);
    let depth = 0;
    for (let i = 0; i < comments; i++) {
      const user = EDITORS[Math.floor(random() * EDITORS.length)];
      at = new Date(at.getTime() + Math.floor(random() * 20) * 600_000);
      let body = `${words(12 + Math.floor(random() * 70))}.`;
      if (random() < 0.15) body += ` See <code>${words(1).toLowerCase()}.js</code> and <a href="/wiki/Help:${heading.split(' ')[0]}" title="Help:${heading.split(' ')[0]}">the help page</a>.`;
      if (random() < 0.1) body += `<ul><li>${words(10)}</li><li>${words(14)}</li></ul>`;
      const signed = `${body} ${legacySignature(user, at)}`;
      if (i === 0) sections.push(`<p>${signed}\n</p>`);
      else {
        const next = Math.max(1, Math.min(depth + 1, depth + 1 - Math.floor(random() * 3)));
        sections.push(next > depth ? '<dl><dd>'.repeat(next - depth) : '</dd></dl>'.repeat(depth - next) + '</dd><dd>');
        depth = next;
        sections.push(signed);
      }
    }
    sections.push('</dd></dl>'.repeat(depth));
  }
  return (
    `<!DOCTYPE html><html class="client-js" lang="en" dir="ltr"><head><meta charset="UTF-8">` +
    `<title>${title} - Wikipedia</title><meta name="generator" content="MediaWiki 1.39.5">` +
    `<link rel="canonical" href="https://en.wikipedia.org/wiki/${path}">` +
    `<style>body{font-family:sans-serif;margin:0;background:#f6f6f6}#content{margin-left:11em;padding:1.25em 1.5em;background:#fff;border:1px solid #a7d7f9;font-size:.875em;line-height:1.6}` +
    `h1,h2{font-family:'Linux Libertine',Georgia,serif;font-weight:normal;border-bottom:1px solid #a2a9b1}h2{font-size:1.5em;margin:1em 0 .25em}` +
    `.mw-editsection{font-family:sans-serif;font-size:small;margin-left:1em}dl{margin:.2em 0}dd{margin-left:1.6em}code{background:#f8f9fa;padding:1px 4px}` +
    `.toc{display:table;border:1px solid #a2a9b1;background:#f8f9fa;padding:7px}.toc ul{list-style:none;margin:.3em 0;padding:0}.tmbox{margin:4px 10%;border:1px solid #c0c090;background:#f8eaba}</style></head>` +
    `<body class="mediawiki ltr sitedir-ltr mw-hide-empty-elt ns-4 ns-subject page-${path} rootpage-Wikipedia_Village_pump_technical skin-vector action-view">` +
    `<div id="mw-page-base" class="noprint"></div><div id="content" class="mw-body" role="main"><a id="top"></a>` +
    `<h1 id="firstHeading" class="firstHeading mw-first-heading">${title}</h1><div id="bodyContent" class="vector-body">` +
    `<div id="siteSub" class="noprint">From Wikipedia, the free encyclopedia</div>` +
    `<div id="mw-content-text" class="mw-body-content mw-content-ltr" lang="en" dir="ltr"><div class="mw-parser-output">` +
    `<table class="plainlinks tmbox tmbox-notice" role="presentation"><tbody><tr><td class="mbox-text">` +
    `<b>This is an <a href="/wiki/Help:Archiving_a_talk_page" title="Help:Archiving a talk page">archive</a> of past discussions.</b> ` +
    `Do not edit the contents of this page. If you wish to start a new discussion or revive an old one, please do so on the current main page.</td></tr></tbody></table>` +
    `<div id="toc" class="toc" role="navigation" aria-labelledby="mw-toc-heading"><div class="toctitle" lang="en" dir="ltr"><h2 id="mw-toc-heading">Contents</h2></div>` +
    `<ul>${toc.join('\n')}</ul></div>\n` +
    sections.join('\n') +
    `</div></div></div></div><div id="mw-navigation"><div id="mw-panel" class="vector-legacy-sidebar"><a class="mw-wiki-logo" href="/wiki/Main_Page" title="Visit the main page"></a></div></div>` +
    `<div id="footer" role="contentinfo"><ul id="footer-info"><li id="footer-info-lastmod"> This page was last edited on 2 February 2024, at 09:12<span class="anonymous-show">&#160;(UTC)</span>.</li></ul></div></body></html>`
  );
}
