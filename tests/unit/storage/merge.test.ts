import { describe, expect, it } from 'vitest';
import { canonical, mergeAnnotations, mergeChangesNothing } from '../../../storage/merge';
import { applyEdit, emptyAnnotation, visibleIssues, type EditOp } from '../../../storage/model';
import { Annotation, type ThreadRef } from '../../../storage/schema';
import { seededRandom } from '../../support/seeded-random';

const ref: ThreadRef = {
  key: 'discourse:forum.example.com/t/1234',
  site: 'discourse',
  title: 'Retention policy for chat logs',
  url: 'https://forum.example.com/t/retention/1234',
  native: { state: null, replies: null, participants: null, lastActivity: null },
};

const rng = seededRandom;

function randomOp(rand: () => number, a: Annotation, member: string, n: number): EditOp {
  const issues = visibleIssues(a);
  const someIssue = issues[Math.floor(rand() * issues.length)];
  const roll = Math.floor(rand() * 11);
  if (!someIssue && roll >= 5) return { kind: 'addIssue', id: `${member}-${n}`, text: `issue ${n} by ${member}` };
  switch (roll) {
    case 0: return { kind: 'setMaturity', maturity: Math.floor(rand() * 21) * 5 };
    case 1: return { kind: 'setAnswer', text: `answer ${n} by ${member}` };
    case 2: return { kind: 'setNote', text: `note ${n} by ${member}` };
    case 3: return { kind: 'setTags', tags: [`tag${Math.floor(rand() * 5)}`, member] };
    case 4: return { kind: 'addIssue', id: `${member}-${n}`, text: `issue ${n} by ${member}` };
    case 5: return { kind: 'editIssue', id: someIssue.id, text: `edited ${n} by ${member}` };
    case 6: return { kind: 'resolveIssue', id: someIssue.id, resolution: `fixed by ${member}` };
    case 7: return { kind: 'reopenIssue', id: someIssue.id };
    case 8: return { kind: 'deleteIssue', id: someIssue.id };
    case 9: return { kind: 'moveIssue', id: someIssue.id, to: Math.floor(rand() * 4) };
    default: return { kind: 'setReviewOn', date: rand() < 0.5 ? null : '2027-01-15' };
  }
}

function evolve(base: Annotation, member: string, seed: number, steps: number, startAt: number): Annotation {
  const rand = rng(seed);
  let a = base;
  for (let i = 0; i < steps; i++) {
    // Clocks of different members drift and sometimes go backwards.
    const now = startAt + i * 1000 + Math.floor(rand() * 3000) - 1500;
    a = applyEdit(a, randomOp(rand, a, member, i), { now, by: member, memberId: member, lastActivity: null });
  }
  return a;
}

const json = (a: Annotation) => JSON.stringify(a);

describe('mergeAnnotations', () => {
  const base = applyEdit(emptyAnnotation(ref, 1000), { kind: 'addIssue', id: 'base', text: 'Who owns this?' }, {
    now: 1000, by: 'x', memberId: 'x', lastActivity: null,
  });

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('is commutative, associative and idempotent (seed %i)', (seed) => {
    const a = evolve(base, 'ada', seed * 3, 12, 2000);
    const b = evolve(base, 'bo', seed * 3 + 1, 12, 2000);
    const c = evolve(base, 'cy', seed * 3 + 2, 12, 2000);
    const ab = mergeAnnotations(a, b);
    expect(json(ab)).toBe(json(mergeAnnotations(b, a)));
    expect(json(mergeAnnotations(ab, c))).toBe(json(mergeAnnotations(a, mergeAnnotations(b, c))));
    expect(json(mergeAnnotations(ab, ab))).toBe(json(ab));
    expect(json(mergeAnnotations(ab, a))).toBe(json(ab));
    expect(Annotation.safeParse(ab).success).toBe(true);
    // Parsing (as an import does) gives the very same bytes as the merged record.
    expect(json(Annotation.parse(JSON.parse(json(ab))))).toBe(json(ab));
    // Every issue either side ever had is still there (possibly as a tombstone).
    const ids = new Set(ab.issues.map((i) => i.id));
    for (const issue of [...a.issues, ...b.issues]) expect(ids.has(issue.id)).toBe(true);
    // Every rating and history entry survives.
    expect(Object.keys(ab.ratings).sort()).toEqual([...new Set([...Object.keys(a.ratings), ...Object.keys(b.ratings)])].sort());
    expect(ab.history.length).toBe(new Set([...a.history, ...b.history].map((h) => JSON.stringify(h))).size);
  });

  it('settles the concurrent edits of two teammates without losing either', () => {
    const ctx = (memberId: string, now: number) => ({ now, by: memberId, memberId, lastActivity: null });
    let start = applyEdit(base, { kind: 'addIssue', id: 'doomed', text: 'Legal review?' }, ctx('x', 1100));
    start = applyEdit(start, { kind: 'setMaturity', maturity: 30 }, ctx('x', 1200));
    // Ada: maturity 60, resolves "base", adds an issue.
    let ada = applyEdit(start, { kind: 'setMaturity', maturity: 60 }, ctx('ada', 5000));
    ada = applyEdit(ada, { kind: 'resolveIssue', id: 'base', resolution: 'Grace owns it' }, ctx('ada', 5100));
    ada = applyEdit(ada, { kind: 'addIssue', id: 'ada-1', text: 'Budget' }, ctx('ada', 5200));
    // Bo, at the same time: maturity 70 (later), edits "base", deletes "doomed", writes a note.
    let bo = applyEdit(start, { kind: 'setMaturity', maturity: 70 }, ctx('bo', 5050));
    bo = applyEdit(bo, { kind: 'editIssue', id: 'base', text: 'Who owns this decision?' }, ctx('bo', 5150));
    bo = applyEdit(bo, { kind: 'deleteIssue', id: 'doomed' }, ctx('bo', 5250));
    bo = applyEdit(bo, { kind: 'setNote', text: 'See the March thread' }, ctx('bo', 5300));

    const merged = mergeAnnotations(ada, bo);
    expect(json(merged)).toBe(json(mergeAnnotations(bo, ada)));
    expect(merged.maturity).toBe(70);
    expect(merged.ratings).toMatchObject({ ada: { maturity: 60 }, bo: { maturity: 70 } });
    expect(merged.note).toBe('See the March thread');
    const issues = visibleIssues(merged);
    expect(issues.map((i) => i.id).sort()).toEqual(['ada-1', 'base']);
    expect(issues.find((i) => i.id === 'base')).toMatchObject({
      text: 'Who owns this decision?',
      status: 'resolved',
      resolution: 'Grace owns it',
    });
    expect(merged.history.map((h) => h.to)).toEqual([30, 60, 70]);
  });

  it('keeps a deleted annotation deleted when merged with an older copy', () => {
    const live = applyEdit(base, { kind: 'setMaturity', maturity: 50 }, { now: 2000, by: 'a', memberId: 'a', lastActivity: null });
    const dead = { ...live, deleted: true, stamps: { ...live.stamps, deleted: '00000000z.0000.b' } };
    const merged = mergeAnnotations(live, Annotation.parse(dead));
    expect(merged.deleted).toBe(true);
  });

  it('tells an unchanged copy from one that adds something', () => {
    const a = evolve(base, 'ada', 7, 5, 2000);
    expect(mergeChangesNothing(a, a)).toBe(true);
    expect(mergeChangesNothing(a, base)).toBe(true);
    expect(mergeChangesNothing(base, a)).toBe(false);
    expect(json(canonical(a))).toBe(json(a));
  });

  it('refuses to merge different discussions', () => {
    expect(() => mergeAnnotations(base, { ...base, threadKey: 'discourse:forum.example.com/t/9' })).toThrow();
  });
});
