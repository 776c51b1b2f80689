// Realistic annotations for export/import tests, made through the same edits the UI applies,
// with the text that breaks naive exporters: quotes, commas, newlines, right-to-left, emoji.
import { applyEdit, emptyAnnotation, type EditOp } from '../../../../storage/model';
import type { Annotation, SiteId, ThreadRef } from '../../../../storage/schema';

export const TRICKY = [
  'He said "no", then left',
  'line one\nline two\r\nline three',
  'שלום, עולם — تحقق من هذا',
  'Cake 🎂 and 👩🏽‍💻, baked',
  '=HYPERLINK("http://evil.example")',
  '<script>alert(1)</script> [link](javascript:alert(1)) *bold* # heading',
];

/** A thread reference on one of the sites. */
export function ref(n: number, site: SiteId = 'mediawiki', title = `Thread ${n}`): ThreadRef {
  const key = site === 'mediawiki' ? `mediawiki:en.wikipedia.org/Talk:Cake#T${n}` : `${site}:example/${n}`;
  return { key, site, title, url: `https://en.wikipedia.org/wiki/Talk:Cake#T${n}`, native: { state: null, replies: null, participants: null, lastActivity: null } };
}

/** A discussion picked on a page no adapter knows, with its W3C selectors (tricky quote text too). */
export function picked(n: number): ThreadRef {
  const page = `https://board.corp.example/topics/oven-week`;
  return {
    key: `pick:${page}#abc${n}def`,
    site: 'pick',
    title: `Picked ${n}`,
    url: page,
    native: { state: null, replies: null, participants: null, lastActivity: null },
    target: {
      source: page,
      selector: [
        { type: 'TextQuoteSelector', exact: `Ada Baker 5 Jan The new oven runs "hot", <b>left</b> side ${n}`, prefix: 'three working days. ', suffix: ' I measured it, עולם 🎂' },
        { type: 'TextPositionSelector', start: 578, end: 640 },
        { type: 'CssSelector', value: 'div#app > main > ul.feed > li.post:nth-of-type(3)' },
      ],
    },
  };
}

/** Applies edits in order, a millisecond apart, as member `m1`. */
export function annotate(r: ThreadRef, ops: EditOp[], start = 1_700_000_000_000, memberId = 'm1'): Annotation {
  let a = emptyAnnotation(r, start);
  ops.forEach((op, i) => {
    a = applyEdit(a, op, { now: start + i + 1, by: 'Ada', memberId, lastActivity: null });
  });
  return a;
}

/** A varied set: every field used, tricky text, resolved and deleted issues, several sites. */
export function sampleSet(): Annotation[] {
  const out: Annotation[] = [];
  out.push(
    annotate(ref(1, 'mediawiki', TRICKY[0]), [
      { kind: 'setMaturity', maturity: 60 },
      { kind: 'addIssue', id: 'i1', text: TRICKY[1] },
      { kind: 'addIssue', id: 'i2', text: TRICKY[2] },
      { kind: 'resolveIssue', id: 'i2', resolution: TRICKY[3] },
      { kind: 'addIssue', id: 'i3', text: 'gone' },
      { kind: 'deleteIssue', id: 'i3' },
      { kind: 'setAnswer', text: TRICKY[4] },
      { kind: 'setNote', text: TRICKY[5] },
      { kind: 'setTags', tags: ['policy', 'a, b', 'ünïcode'] },
      { kind: 'setReviewOn', date: '2026-12-24' },
    ]),
  );
  out.push(annotate(ref(2, 'github', TRICKY[2]), [{ kind: 'setMaturity', maturity: 100 }, { kind: 'setAnswer', text: 'Done.' }]));
  out.push(annotate(ref(3, 'yammer', TRICKY[3]), [{ kind: 'addIssue', id: 'x', text: TRICKY[5] }]));
  out.push(annotate(ref(4, 'discourse', ''), [{ kind: 'setMaturity', maturity: 15 }, { kind: 'setMaturity', maturity: 85 }]));
  out.push(annotate({ ...ref(5, 'generic', 'No address'), key: 'generic:https://example.com/page', url: '' }, [{ kind: 'setNote', text: 'only a note' }]));
  return out;
}

/** `n` small annotations for size tests. */
export function manyAnnotations(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) =>
    annotate({ ...ref(i), key: `mediawiki:en.wikipedia.org/Talk:Many#T${i}` }, [
      { kind: 'setMaturity', maturity: (i * 5) % 105 },
      { kind: 'addIssue', id: `i${i}`, text: `Issue ${i}, "quoted"` },
    ]),
  );
}
