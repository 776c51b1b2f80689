/**
 * MediaWiki URLs as pure functions: which host and page a URL names, and the page part of a
 * thread key (`mediawiki:<host>/<Page_title>`). Mobile hosts, tracking parameters, actions and
 * fragments never change the key (PRODUCT.md §2). The table below is the test's source of truth.
 */
import type { UrlTable } from './url-examples';

/** Wikimedia project domains: their mobile twins are `<lang>.m.<domain>`. */
const WIKIMEDIA_DOMAINS = [
  'wikipedia.org', 'wiktionary.org', 'wikibooks.org', 'wikinews.org', 'wikiquote.org',
  'wikisource.org', 'wikiversity.org', 'wikivoyage.org', 'wikimedia.org', 'wikidata.org',
  'mediawiki.org', 'wikifunctions.org',
];

/** Hosts of other sites that also use `/wiki/` paths (Confluence Cloud, GitHub and GitLab wikis). */
const NOT_MEDIAWIKI_HOSTS = /(^|\.)(atlassian\.net|github\.com|gitlab\.com|bitbucket\.org)$/;

/** Language variant paths that replace `/wiki/` on some Wikipedias (zh, sr, …). */
const VARIANT_PATH = /^\/(?:zh(?:-[a-z]{2,4})?|sr-e[cl]|sr-(?:cyrl|latn)|kk-[a-z]{2,4}|ku-[a-z]{4}|tg-[a-z]{4}|gan-[a-z]{4})\//;

/** Lower-cased host with the mobile `m.` label removed from Wikimedia hosts. */
export function normaliseWikiHost(host: string): string {
  let h = host.toLowerCase().replace(/\.$/, '');
  for (const domain of WIKIMEDIA_DOMAINS) {
    if (h === 'm.' + domain) return (domain === 'wikimedia.org' ? 'meta.' : 'www.') + domain;
    if (h.endsWith('.m.' + domain)) {
      h = h.slice(0, -(domain.length + 3)) + '.' + domain;
      break;
    }
  }
  return h;
}

/** Whether a host belongs to the Wikimedia family (where MediaWiki is certain). */
export function isWikimediaHost(host: string): boolean {
  const h = normaliseWikiHost(host);
  return WIKIMEDIA_DOMAINS.some((d) => h === d || h.endsWith('.' + d));
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** MediaWiki's title normal form: spaces as underscores, no leading/trailing underscores. */
export function normaliseTitle(title: string): string {
  return title.replace(/[\s_]+/g, '_').replace(/^_+|_+$/g, '');
}

/** How a URL names its page: the decoded title and the article path style it used. */
interface PageRef {
  title: string;
  /** `<prefix>/wiki/` article path, `index.php?title=` or `index.php/`. */
  style: { kind: 'article'; prefix: string } | { kind: 'query'; script: string } | { kind: 'pathinfo'; script: string };
}

function pageRef(url: URL): PageRef | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (NOT_MEDIAWIKI_HOSTS.test(url.hostname.toLowerCase())) return null;
  const path = url.pathname;
  const script = /^(.*\/index\.php)(\/.*)?$/.exec(path);
  const titleParam = url.searchParams.get('title');
  if (script && titleParam) return { title: normaliseTitle(titleParam), style: { kind: 'query', script: script[1] } };
  if (script && script[2] && script[2].length > 1) {
    return { title: normaliseTitle(decode(script[2].slice(1))), style: { kind: 'pathinfo', script: script[1] } };
  }
  const article = /^(.*?)\/wiki\/(.+)$/.exec(path);
  if (article) return { title: normaliseTitle(decode(article[2])), style: { kind: 'article', prefix: article[1] } };
  const variant = VARIANT_PATH.exec(path);
  if (variant && isWikimediaHost(url.hostname) && path.length > variant[0].length) {
    return { title: normaliseTitle(decode(path.slice(variant[0].length))), style: { kind: 'article', prefix: '' } };
  }
  return null;
}

/** Whether this URL may be a MediaWiki page: a Wikimedia host, a `/wiki/` or an `index.php` path. */
export function isMediawikiUrl(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (NOT_MEDIAWIKI_HOSTS.test(url.hostname.toLowerCase())) return false;
  return isWikimediaHost(url.hostname) || pageRef(url) !== null;
}

/** The page title a URL names (decoded, underscores), or null when the URL does not name one. */
export function mediawikiPageTitle(url: URL): string | null {
  const ref = pageRef(url);
  return ref && ref.title ? ref.title : null;
}

/** `mediawiki:<host>/<Page_title>`: the page part of every thread key on that page. */
export function mediawikiPageKey(url: URL): string | null {
  const title = mediawikiPageTitle(url);
  return title ? `mediawiki:${normaliseWikiHost(url.host)}/${title}` : null;
}

/** A title encoded the way MediaWiki writes it into links (wfUrlencode keeps `:/(),` readable). */
export function encodeTitle(title: string): string {
  return encodeURIComponent(title).replace(/%(3A|2F|28|29|2C|3B|40|24|21|2A|7E)/gi, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** The canonical page URL (desktop host, no query or fragment) in the wiki's own path style. */
export function mediawikiPageUrl(url: URL): string | null {
  const ref = pageRef(url);
  if (!ref || !ref.title) return null;
  const origin = `${url.protocol}//${normaliseWikiHost(url.host)}`;
  const t = encodeTitle(ref.title);
  switch (ref.style.kind) {
    case 'article':
      return `${origin}${ref.style.prefix}/wiki/${t}`;
    case 'pathinfo':
      return `${origin}${ref.style.script}/${t}`;
    case 'query':
      return `${origin}${ref.style.script}?title=${t}`;
  }
}

/** The key of one section thread: page key + `#` + the decoded anchor, spaces as underscores. */
export function mediawikiThreadKey(pageKey: string, anchor: string): string {
  return `${pageKey}#${normaliseTitle(decode(anchor))}`;
}

/** A permalink to a section: page URL + `#` + the anchor, escaped so it decodes back exactly. */
export function sectionPermalink(pageUrl: string, anchor: string): string {
  const frag = anchor.replace(/%/g, '%25').replace(/[\s"<>`#]|[^\x00-\x7f]+/g, (c) => encodeURIComponent(c));
  return `${pageUrl}#${frag}`;
}

/** Real-form MediaWiki URLs and the page keys they must give. */
export const mediawikiUrls: UrlTable = {
  site: 'mediawiki',
  pageKey: mediawikiPageKey,
  pageUrl: mediawikiPageUrl,
  examples: [
    {
      url: 'https://en.wikipedia.org/wiki/Wikipedia:Village_pump_(technical)',
      matches: true,
      pageKey: 'mediawiki:en.wikipedia.org/Wikipedia:Village_pump_(technical)',
      pageUrl: 'https://en.wikipedia.org/wiki/Wikipedia:Village_pump_(technical)',
    },
    {
      url: 'https://en.wikipedia.org/wiki/Wikipedia:Village_pump_(technical)/Archive_175#Section_anchor',
      matches: true,
      pageKey: 'mediawiki:en.wikipedia.org/Wikipedia:Village_pump_(technical)/Archive_175',
    },
    {
      url: 'https://en.m.wikipedia.org/wiki/Talk:Ada_Lovelace?utm_source=share&utm_medium=ios_app#Early_life',
      matches: true,
      pageKey: 'mediawiki:en.wikipedia.org/Talk:Ada_Lovelace',
      pageUrl: 'https://en.wikipedia.org/wiki/Talk:Ada_Lovelace',
    },
    {
      url: 'https://en.wikipedia.org/w/index.php?title=Talk:Ada_Lovelace&action=edit&section=3',
      matches: true,
      pageKey: 'mediawiki:en.wikipedia.org/Talk:Ada_Lovelace',
      pageUrl: 'https://en.wikipedia.org/w/index.php?title=Talk:Ada_Lovelace',
    },
    {
      url: 'https://en.wikipedia.org/w/index.php?title=Talk%3AAda+Lovelace&oldid=1200000000',
      matches: true,
      pageKey: 'mediawiki:en.wikipedia.org/Talk:Ada_Lovelace',
    },
    {
      url: 'https://pl.wikipedia.org/wiki/Wikipedia:Kawiarenka/Artyku%C5%82y_dyskusja/Archiwum/2018-pa%C5%BAdziernik',
      matches: true,
      pageKey: 'mediawiki:pl.wikipedia.org/Wikipedia:Kawiarenka/Artykuły_dyskusja/Archiwum/2018-październik',
      pageUrl: 'https://pl.wikipedia.org/wiki/Wikipedia:Kawiarenka/Artyku%C5%82y_dyskusja/Archiwum/2018-pa%C5%BAdziernik',
    },
    {
      url: 'https://ar.m.wikipedia.org/wiki/%D9%86%D9%82%D8%A7%D8%B4_%D8%A7%D9%84%D9%85%D8%B3%D8%AA%D8%AE%D8%AF%D9%85:Khaled',
      matches: true,
      pageKey: 'mediawiki:ar.wikipedia.org/نقاش_المستخدم:Khaled',
    },
    {
      url: 'https://fr.wikipedia.org/wiki/Discussion:Le_Monde?wprov=sfla1',
      matches: true,
      pageKey: 'mediawiki:fr.wikipedia.org/Discussion:Le_Monde',
    },
    {
      url: 'https://zh.wikipedia.org/zh-hans/Talk:%E9%A6%96%E9%A1%B5',
      matches: true,
      pageKey: 'mediawiki:zh.wikipedia.org/Talk:首页',
    },
    {
      url: 'https://m.mediawiki.org/wiki/Talk:Talk_pages_project',
      matches: true,
      pageKey: 'mediawiki:www.mediawiki.org/Talk:Talk_pages_project',
    },
    {
      url: 'https://commons.m.wikimedia.org/wiki/Commons:Village_pump',
      matches: true,
      pageKey: 'mediawiki:commons.wikimedia.org/Commons:Village_pump',
    },
    {
      url: 'https://EN.Wikipedia.org/wiki/Talk:Foo_bar',
      matches: true,
      pageKey: 'mediawiki:en.wikipedia.org/Talk:Foo_bar',
    },
    {
      url: 'https://wiki.example.com/index.php?title=Team_talk:Release_planning&curid=12',
      matches: true,
      pageKey: 'mediawiki:wiki.example.com/Team_talk:Release_planning',
      pageUrl: 'https://wiki.example.com/index.php?title=Team_talk:Release_planning',
    },
    {
      url: 'https://intranet.example.com/mediawiki/index.php/Talk:Coffee_machine',
      matches: true,
      pageKey: 'mediawiki:intranet.example.com/Talk:Coffee_machine',
      pageUrl: 'https://intranet.example.com/mediawiki/index.php/Talk:Coffee_machine',
    },
    {
      url: 'http://wiki.corp.example:8080/wiki/Talk:Onboarding#Laptops',
      matches: true,
      pageKey: 'mediawiki:wiki.corp.example:8080/Talk:Onboarding',
      pageUrl: 'http://wiki.corp.example:8080/wiki/Talk:Onboarding',
    },
    { url: 'https://en.wikipedia.org/', matches: true, pageKey: null },
    { url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791937/Release+notes', matches: false, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/wiki/Home', matches: false, pageKey: null },
    { url: 'https://www.example.com/blog/2024/post', matches: false, pageKey: null },
    { url: 'ftp://en.wikipedia.org/wiki/Talk:Foo', matches: false, pageKey: null },
  ],
};
