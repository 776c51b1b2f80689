/**
 * Reading MediaWiki signatures without DiscussionTools: user links in localised namespaces and
 * localised timestamps ("12:34, 5 July 2019 (UTC)", "10 octobre 2017 à 10:04 (CEST)",
 * "13:01، 27 فبراير 2020 (ت ع م)"). Pure string functions, so they are tested without a DOM.
 * Company wikis and most Wikipedias sign this way; the tables cover the common languages and
 * degrade to "no signature" (never to a wrong date) for the rest.
 */

/** User and user-talk namespace names (lower case, spaces), canonical and localised. */
const USER_NAMESPACES = new Set(
  [
    'user', 'user talk', 'usuario', 'usuaria', 'usuario discusión', 'usuaria discusión',
    'utilisateur', 'utilisatrice', 'discussion utilisateur', 'discussion utilisatrice',
    'benutzer', 'benutzerin', 'benutzer diskussion', 'benutzerin diskussion',
    'utente', 'discussioni utente', 'usuário', 'usuária', 'utilizador', 'utilizadora',
    'usuário discussão', 'usuário(a) discussão', 'utilizador discussão',
    'gebruiker', 'overleg gebruiker', 'wikipedysta', 'wikipedystka', 'dyskusja wikipedysty',
    'dyskusja wikipedystki', 'użytkownik', 'użytkowniczka', 'dyskusja użytkownika',
    'dyskusja użytkowniczki', 'участник', 'участница', 'обсуждение участника',
    'обсуждение участницы', 'користувач', 'користувачка', 'обговорення користувача',
    'обговорення користувачки', 'مستخدم', 'مستخدمة', 'نقاش المستخدم', 'نقاش المستخدمة',
    'משתמש', 'משתמשת', 'שיחת משתמש', 'שיחת משתמשת', 'کاربر', 'بحث کاربر',
    'بەکارھێنەر', 'لێدوانی بەکارھێنەر',
    '利用者', '利用者‐会話', '利用者-会話', '用户', '用户讨论', '用戶', '用戶討論',
    'användare', 'användardiskussion', 'bruker', 'brukerdiskusjon', 'bruger', 'brugerdiskussion',
    'käyttäjä', 'keskustelu käyttäjästä', 'wikipedista', 'diskuse s wikipedistou',
    'diskuse s uživatelem', 'uživatel', 'kullanıcı', 'kullanıcı mesaj', 'χρήστης', 'συζήτηση χρήστη',
    'szerkesztő', 'szerkesztővita', 'utilizator', 'discuție utilizator', 'pengguna', 'pembicaraan pengguna',
    'thành viên', 'thảo luận thành viên', '사용자', '사용자토론', 'सदस्य', 'सदस्य वार्ता',
  ].map((s) => s.normalize('NFC')),
);

/** Special pages whose subpage names a user (Special:Contributions/1.2.3.4 signs IP edits). */
const CONTRIBUTION_PAGES = new Set(
  [
    'special:contributions', 'spécial:contributions', 'spezial:beiträge', 'especial:contribuciones',
    'speciale:contributi', 'specjalna:wkład', 'служебная:вклад', 'خاص:مساهمات', 'מיוחד:תרומות',
    'ویژه:مشارکت‌ها', 'تایبەت:بەشدارییەکان', 'speciaal:bijdragen', 'especial:contribuições',
  ].map((s) => s.normalize('NFC')),
);

/**
 * The page title a wiki link points at (`/wiki/T`, `index.php?title=T`, Parsoid `./T`), decoded
 * with spaces, or null for links that are not wiki links.
 */
export function linkTargetTitle(href: string): string | null {
  let t: string | null = null;
  const titleParam = /[?&]title=([^&#]*)/.exec(href);
  if (titleParam) t = titleParam[1].replace(/\+/g, ' ');
  else {
    const wiki = /^(?:(?:https?:)?\/\/[^/]+)?(?:\/[^/?#]+)?\/wiki\/([^?#]+)/.exec(href) ?? /^\.\/([^?#]+)/.exec(href);
    if (wiki) t = wiki[1];
  }
  if (t === null) return null;
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep the raw form: a malformed escape is still a usable name */
  }
  return t.replace(/_/g, ' ').trim();
}

/** The user a link names when it points at a user page, user talk page or contributions list. */
export function userFromHref(href: string): string | null {
  const title = linkTargetTitle(href);
  if (!title) return null;
  const colon = title.indexOf(':');
  if (colon <= 0) return null;
  const ns = title.slice(0, colon).trim().toLowerCase().normalize('NFC');
  const rest = title.slice(colon + 1);
  if (USER_NAMESPACES.has(ns)) {
    // A link to a user's subpage (User:Foo/Drafts) is a mention, not a signature.
    const name = rest.trim();
    return name && !name.includes('/') ? name : null;
  }
  const slash = title.indexOf('/');
  if (slash > colon && CONTRIBUTION_PAGES.has(title.slice(0, slash).toLowerCase().normalize('NFC'))) {
    return title.slice(slash + 1).trim() || null;
  }
  return null;
}

/** Month names and abbreviations (lower case) in the languages we read; value is 1–12. */
const MONTHS: Array<[string, number]> = (
  [
    // English
    ['january', 1], ['february', 2], ['march', 3], ['april', 4], ['may', 5], ['june', 6], ['july', 7],
    ['august', 8], ['september', 9], ['october', 10], ['november', 11], ['december', 12],
    ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9],
    ['oct', 10], ['nov', 11], ['dec', 12],
    // French
    ['janvier', 1], ['février', 2], ['mars', 3], ['avril', 4], ['mai', 5], ['juin', 6], ['juillet', 7],
    ['août', 8], ['septembre', 9], ['octobre', 10], ['novembre', 11], ['décembre', 12],
    ['janv', 1], ['févr', 2], ['avr', 4], ['juil', 7], ['sept', 9], ['déc', 12],
    // German / Dutch
    ['januar', 1], ['jänner', 1], ['februar', 2], ['märz', 3], ['mär', 3], ['juni', 6], ['juli', 7],
    ['oktober', 10], ['okt', 10], ['dezember', 12], ['dez', 12], ['januari', 1], ['februari', 2],
    ['maart', 3], ['mei', 5], ['augustus', 8], ['augusti', 8],
    // Spanish / Italian / Portuguese
    ['enero', 1], ['febrero', 2], ['marzo', 3], ['abril', 4], ['mayo', 5], ['junio', 6], ['julio', 7],
    ['agosto', 8], ['septiembre', 9], ['setiembre', 9], ['octubre', 10], ['noviembre', 11],
    ['diciembre', 12], ['gennaio', 1], ['febbraio', 2], ['aprile', 4], ['maggio', 5], ['giugno', 6],
    ['luglio', 7], ['settembre', 9], ['ottobre', 10], ['dicembre', 12], ['gen', 1], ['giu', 6],
    ['lug', 7], ['ago', 8], ['set', 9], ['ott', 10], ['dic', 12], ['janeiro', 1], ['fevereiro', 2],
    ['março', 3], ['maio', 5], ['junho', 6], ['julho', 7], ['setembro', 9], ['outubro', 10],
    ['novembro', 11], ['dezembro', 12], ['ene', 1], ['abr', 4], ['out', 10],
    // Polish (nominative, genitive and the abbreviations signatures use)
    ['stycznia', 1], ['styczeń', 1], ['sty', 1], ['lutego', 2], ['luty', 2], ['lut', 2], ['marca', 3],
    ['kwietnia', 4], ['kwi', 4], ['maja', 5], ['maj', 5], ['czerwca', 6], ['cze', 6], ['lipca', 7],
    ['lip', 7], ['sierpnia', 8], ['sie', 8], ['września', 9], ['wrz', 9], ['października', 10],
    ['paź', 10], ['listopada', 11], ['lis', 11], ['grudnia', 12], ['gru', 12],
    // Russian / Ukrainian (genitive)
    ['января', 1], ['февраля', 2], ['марта', 3], ['апреля', 4], ['мая', 5], ['июня', 6], ['июля', 7],
    ['августа', 8], ['сентября', 9], ['октября', 10], ['ноября', 11], ['декабря', 12],
    ['січня', 1], ['лютого', 2], ['березня', 3], ['квітня', 4], ['травня', 5], ['червня', 6],
    ['липня', 7], ['серпня', 8], ['вересня', 9], ['жовтня', 10], ['листопада', 11], ['грудня', 12],
    // Arabic (Egyptian and Levantine names)
    ['يناير', 1], ['فبراير', 2], ['مارس', 3], ['أبريل', 4], ['ابريل', 4], ['مايو', 5], ['يونيو', 6],
    ['يوليو', 7], ['أغسطس', 8], ['سبتمبر', 9], ['أكتوبر', 10], ['نوفمبر', 11], ['ديسمبر', 12],
    ['كانون الثاني', 1], ['شباط', 2], ['آذار', 3], ['نيسان', 4], ['أيار', 5], ['حزيران', 6],
    ['تموز', 7], ['آب', 8], ['أيلول', 9], ['تشرين الأول', 10], ['تشرين الثاني', 11], ['كانون الأول', 12],
    // Central Kurdish (Sorani)
    ['کانوونی دووەم', 1], ['شوبات', 2], ['ئازار', 3], ['نیسان', 4], ['ئایار', 5], ['حوزەیران', 6],
    ['تەممووز', 7], ['ئاب', 8], ['ئەیلوول', 9], ['تشرینی یەکەم', 10], ['تشرینی دووەم', 11],
    ['کانوونی یەکەم', 12],
    // Persian
    ['ژانویهٔ', 1], ['ژانویه', 1], ['فوریهٔ', 2], ['فوریه', 2], ['مارس', 3], ['آوریل', 4], ['مهٔ', 5],
    ['مه', 5], ['ژوئن', 6], ['ژوئیهٔ', 7], ['ژوئیه', 7], ['اوت', 8], ['سپتامبر', 9], ['اکتبر', 10],
    ['نوامبر', 11], ['دسامبر', 12],
    // Hebrew (signatures use the "in" prefix ב)
    ['בינואר', 1], ['בפברואר', 2], ['במרץ', 3], ['באפריל', 4], ['במאי', 5], ['ביוני', 6], ['ביולי', 7],
    ['באוגוסט', 8], ['בספטמבר', 9], ['באוקטובר', 10], ['בנובמבר', 11], ['בדצמבר', 12],
  ] as Array<[string, number]>
)
  .map(([name, n]) => [name.normalize('NFC'), n] as [string, number])
  .sort((a, b) => b[0].length - a[0].length);

/** Offsets in minutes of the zone names signatures print. Unknown zones give no time at all. */
const ZONES: Record<string, number> = {
  utc: 0, gmt: 0, z: 0, 'ت ع م': 0, 'ت.ع.م': 0, 'uct': 0, wet: 0, west: 60, bst: 60, cet: 60, cest: 120,
  mez: 60, mesz: 120, eet: 120, eest: 180, msk: 180, ist: 120, idt: 180, jst: 540, kst: 540,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  'ساعت هماهنگ جهانی': 0, 'ഗ്രീ.സ.': 0, 'көү': 0, 'всв': 0,
};

const DIGITS = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/g;

/** Eastern Arabic, Persian and Devanagari digits as ASCII, one UTF-16 unit each (offsets stay). */
export function asciiDigits(s: string): string {
  return s.replace(DIGITS, (d) => {
    const c = d.charCodeAt(0);
    const base = c >= 0x966 ? 0x966 : c >= 0x6f0 ? 0x6f0 : 0x660;
    return String(c - base);
  });
}

/**
 * A signature timestamp: a time, a year and a parenthesised zone, in either order of date and
 * time (English/Polish/Arabic put the time first, French the date), or the CJK 年月日 form.
 */
const TIMESTAMP =
  /(\d{1,2}:\d{2}(?::\d{2})?[^\n()]{0,40}?\d{4}|\d{1,2}[^\n()\d]{1,30}\d{4}[^\n()\d]{0,12}\d{1,2}:\d{2}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\([^()\n]{1,6}\)\s*)?\d{1,2}:\d{2})[\s\u200e\u200f\u00a0]*\(([^()\n]{1,24})\)/g;

/** A timestamp found in text: where it ends and, when the month and zone are known, its UTC time. */
export interface FoundTimestamp {
  end: number;
  iso: string | null;
}

/** Every signature timestamp in a piece of text, in order. */
export function findTimestamps(text: string): FoundTimestamp[] {
  if (text.length < 12 || text.indexOf(':') < 0 || text.indexOf('(') < 0) return [];
  const norm = asciiDigits(text);
  const out: FoundTimestamp[] = [];
  TIMESTAMP.lastIndex = 0;
  for (let m = TIMESTAMP.exec(norm); m; m = TIMESTAMP.exec(norm)) {
    out.push({ end: m.index + m[0].length, iso: timestampToIso(m[1], m[2]) });
  }
  return out;
}

/** The UTC ISO time of one matched timestamp (date part and zone name), or null when unsure. */
export function timestampToIso(datePart: string, zone: string): string | null {
  const offset = zoneOffset(zone);
  if (offset === null) return null;
  const time = /(\d{1,2}):(\d{2})/.exec(datePart);
  if (!time) return null;
  let rest = datePart.slice(0, time.index) + ' ' + datePart.slice(time.index + time[0].length);
  const cjk = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(rest);
  let year: number, month: number, day: number;
  if (cjk) {
    [year, month, day] = [Number(cjk[1]), Number(cjk[2]), Number(cjk[3])];
  } else {
    const y = /\d{4}/.exec(rest);
    if (!y) return null;
    year = Number(y[0]);
    rest = rest.slice(0, y.index) + ' ' + rest.slice(y.index + 4);
    const d = /\d{1,2}/.exec(rest);
    if (!d) return null;
    day = Number(d[0]);
    rest = (rest.slice(0, d.index) + ' ' + rest.slice(d.index + d[0].length)).toLowerCase().normalize('NFC');
    const found = monthIn(rest);
    if (!found) return null;
    month = found;
  }
  const hour = Number(time[1]);
  const minute = Number(time[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute) - offset * 60000;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function monthIn(text: string): number | null {
  for (const [name, n] of MONTHS) {
    let from = 0;
    for (let i = text.indexOf(name, from); i >= 0; i = text.indexOf(name, from)) {
      if (i === 0 || !/\p{L}/u.test(text[i - 1])) return n;
      from = i + 1;
    }
  }
  return null;
}

function zoneOffset(zone: string): number | null {
  const z = zone.replace(/[\u00a0\u200e\u200f]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  if (z in ZONES) return ZONES[z];
  const rel = /^(?:utc|gmt)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (rel) return (rel[1] === '+' ? 1 : -1) * (Number(rel[2]) * 60 + Number(rel[3] ?? 0));
  return null;
}
