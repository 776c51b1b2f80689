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
