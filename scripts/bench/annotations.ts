/**
 * The annotation the bench figures store, export and sync: what a busy team leaves on a
 * discussion (a rating, two issues of which one is resolved, a note, two tags, and the history of
 * those edits), made by the product's own edit code.
 */
import { canonical } from '../../storage/merge';
import { applyEdit, emptyAnnotation } from '../../storage/model';
import type { Annotation, ThreadRef } from '../../storage/schema';

/** The `i`-th such annotation, on the thread `ref` (times and ids differ with `i`). */
export function busyAnnotation(ref: ThreadRef, i: number): Annotation {
  const ctx = (at: number) => ({ now: 1_700_000_000_000 + i * 10 + at, by: 'Bench', memberId: 'bench', lastActivity: null });
  let a = emptyAnnotation(ref, ctx(0).now);
  a = applyEdit(a, { kind: 'setMaturity', maturity: (i * 5) % 105 }, ctx(1));
  a = applyEdit(a, { kind: 'addIssue', id: `a${i}`, text: 'Who signs off on the change?' }, ctx(2));
  a = applyEdit(a, { kind: 'addIssue', id: `b${i}`, text: 'Does it break the mobile skin?' }, ctx(3));
  a = applyEdit(a, { kind: 'resolveIssue', id: `a${i}`, resolution: 'The team lead does.' }, ctx(4));
  a = applyEdit(a, { kind: 'setNote', text: `Notes on ${ref.title}: proposals are on the table.` }, ctx(5));
  a = applyEdit(a, { kind: 'setTags', tags: ['release', `area-${i % 7}`] }, ctx(6));
  return a;
}

/** Busy annotations differ in maturity every 21 (5 × i mod 105) and in tags every 7: one period. */
const PERIOD = 21;

/**
 * `n` busy annotations on the threads `refOf(i)`, canonical as the database keeps them. The edit
 * code makes one period of them; the rest are copies of those under their own thread (key, site,
 * title, URL, and the note that names it). Making 100,000 through the edit code, which validates
 * every step, took 20 s of a bench run.
 */
export function busyAnnotations(n: number, refOf: (i: number) => ThreadRef): Annotation[] {
  const templates = Array.from({ length: Math.min(n, PERIOD) }, (_, i) => canonical(busyAnnotation(refOf(i), i)));
  const out: Annotation[] = [];
  for (let i = 0; i < n; i++) {
    const ref = refOf(i);
    const template = templates[i % PERIOD];
    out.push({ ...template, threadKey: ref.key, site: ref.site, title: ref.title, url: ref.url, note: template.note.replace(template.title, ref.title) });
  }
  return out;
}
