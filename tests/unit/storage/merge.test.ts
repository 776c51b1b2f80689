import { describe, expect, it } from 'vitest';
import { makeStamp } from '../../../storage/hlc';
import { canonical, mergeAnnotations, mergeChangesNothing } from '../../../storage/merge';
import { applyEdit, badgeStateOf, emptyAnnotation, keptDespiteDelete, tombstone, visibleIssues, type EditOp } from '../../../storage/model';
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

describe('tags as an observed-remove set', () => {
  const ctx = (member: string, now: number) => ({ now, by: member, memberId: member, lastActivity: null });
  let start = applyEdit(emptyAnnotation(ref, 1000), { kind: 'setTags', tags: ['keep', 'x'] }, ctx('x', 1000));
  start = Annotation.parse(start);

  it('keeps a remove and a concurrent add of different tags by different people', () => {
    const ada = applyEdit(start, { kind: 'setTags', tags: ['keep'] }, ctx('ada', 5000));
    const bo = applyEdit(start, { kind: 'setTags', tags: ['keep', 'x', 'y'] }, ctx('bo', 4000));
    expect(mergeAnnotations(ada, bo).tags).toEqual(['keep', 'y']);
    expect(mergeAnnotations(bo, ada).tags).toEqual(['keep', 'y']);
  });

  it('removes only what the remover saw: a concurrent re-add of the same tag survives', () => {
    const boGone = applyEdit(start, { kind: 'setTags', tags: ['keep'] }, ctx('bo', 2000));
    const boBack = applyEdit(boGone, { kind: 'setTags', tags: ['keep', 'x'] }, ctx('bo', 3000));
    const ada = applyEdit(start, { kind: 'setTags', tags: ['keep'] }, ctx('ada', 9000));
    expect(mergeAnnotations(ada, boBack).tags).toEqual(['keep', 'x']);
    // Having seen the re-add, a remove removes it.
    const adaAgain = applyEdit(mergeAnnotations(ada, boBack), { kind: 'setTags', tags: ['keep'] }, ctx('ada', 9100));
    expect(mergeAnnotations(adaAgain, boBack).tags).toEqual(['keep']);
  });

  it('folds a newer tag list written by an older teammate (who knows no tag set) into the set', () => {
    const ada = applyEdit(start, { kind: 'setTags', tags: ['keep', 'x', 'new'] }, ctx('ada', 2000));
    // An older client: writes `tags` only, and drops `tagSet` (absent reads as never written).
    const { tagSet: _dropped, ...olderDoc } = { ...ada, tags: ['old'], stamps: { ...ada.stamps, tags: makeStamp(3000, 0, 'old') } };
    const older = Annotation.parse({ ...olderDoc, stamps: { ...olderDoc.stamps, tagSet: undefined } });
    const merged = mergeAnnotations(ada, older);
    expect(merged.tags).toEqual(['old']);
    // A newer client's next tag edit starts from the list its author saw.
    const next = applyEdit(merged, { kind: 'setTags', tags: ['old', 'z'] }, ctx('bo', 5000));
    expect(next.tags).toEqual(['old', 'z']);
    expect(mergeAnnotations(next, ada).tags).toEqual(['old', 'z']);
  });

  /** A model of the set: every add is an event, a remove removes the events its replica has. */
  interface Model { events: Map<string, string>; removed: Set<string> }
  const present = (m: Model) => new Set([...m.events].filter(([id]) => !m.removed.has(id)).map(([, tag]) => tag));

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('3 replicas in random orders converge to the model (seed %i)', (seed) => {
    const rand = rng(seed * 7919);
    const base = { a: start, m: { events: new Map([['x0-keep', 'keep'], ['x0-x', 'x']]), removed: new Set<string>() } as Model };
    const replicas = ['ada', 'bo', 'cy'].map((member) => {
      let { a } = base;
      const m: Model = { events: new Map(base.m.events), removed: new Set() };
      for (let i = 0; i < 8; i++) {
        const now = 2000 + i * 1000 + Math.floor(rand() * 3000) - 1500;
        const tags = [...present(m)];
        const tag = `t${Math.floor(rand() * 4)}`;
        if (tags.includes(tag) || (rand() < 0.4 && tags.length > 0)) {
          const gone = tags.includes(tag) ? tag : tags[Math.floor(rand() * tags.length)];
          for (const [id, t] of m.events) if (t === gone) m.removed.add(id);
          a = applyEdit(a, { kind: 'setTags', tags: a.tags.filter((t) => t !== gone) }, ctx(member, now));
        } else {
          m.events.set(`${member}-${i}`, tag);
          a = applyEdit(a, { kind: 'setTags', tags: [...a.tags, tag] }, ctx(member, now));
        }
        expect(new Set(a.tags)).toEqual(present(m));
      }
      return { a, m };
    });
    const model: Model = { events: new Map(replicas.flatMap((r) => [...r.m.events])), removed: new Set(replicas.flatMap((r) => [...r.m.removed])) };
    const orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0], [1, 0, 2]].map((o) => (rand() < 0.5 ? o : [...o].reverse()));
    const results = orders.map(([i, j, k]) => mergeAnnotations(mergeAnnotations(replicas[i].a, replicas[j].a), replicas[k].a));
    results.push(mergeAnnotations(replicas[0].a, mergeAnnotations(replicas[1].a, replicas[2].a)));
    for (const r of results) expect(json(r)).toBe(json(results[0]));
    expect(new Set(results[0].tags)).toEqual(present(model));
    expect(Annotation.safeParse(results[0]).success).toBe(true);
  });
});

describe('a delete and an edit it did not see (docs/conflicts.md)', () => {
  const ctx = (member: string, now: number) => ({ now, by: member, memberId: member, lastActivity: null });
  let start = applyEdit(emptyAnnotation(ref, 1000), { kind: 'setMaturity', maturity: 40 }, ctx('ada', 1000));
  start = applyEdit(start, { kind: 'addIssue', id: 'old', text: 'Old question' }, ctx('ada', 1100));
  start = applyEdit(start, { kind: 'setNote', text: 'Old note' }, ctx('bo', 1200));
  start = applyEdit(start, { kind: 'setTags', tags: ['keep'] }, ctx('bo', 1300));
  const private_ = ["Retention policy", "forum.example.com/t/retention", 'Old question', 'Old note', 'keep', '"ada"', '"bo"'];

  it('a stored tombstone keeps ids and stamps only', () => {
    const dead = tombstone(start, 5000, 'ada');
    expect(dead.deleted).toBe(true);
    const text = JSON.stringify({ ...dead, stamps: {}, deletedSeen: {} });
    for (const word of private_) expect(text).not.toContain(word);
    // Merged with an older copy, it stays so.
    const again = mergeAnnotations(dead, start);
    expect(again.deleted).toBe(true);
    expect(JSON.stringify({ ...again, stamps: {}, deletedSeen: {} })).toBe(text);
  });

  it.each([
    ['the delete is later on the clock', 5000, 3000],
    ['the edit is later on the clock', 3000, 5000],
  ])('an edit concurrent with a delete keeps the discussion, with only the unseen edit (%s)', (_, deleteAt, editAt) => {
    const dead = tombstone(start, deleteAt, 'ada');
    let bo = applyEdit(start, { kind: 'setMaturity', maturity: 90 }, ctx('bo', editAt));
    bo = applyEdit(bo, { kind: 'addIssue', id: 'new', text: 'New question' }, ctx('bo', editAt + 10));
    bo = applyEdit(bo, { kind: 'setNote', text: 'New note' }, ctx('bo', editAt + 20));
    for (const merged of [mergeAnnotations(dead, bo), mergeAnnotations(bo, dead)]) {
      expect(merged.deleted).toBe(false);
      expect(merged.maturity).toBe(90);
      expect(merged.note).toBe('New note');
      expect(visibleIssues(merged).map((i) => i.text)).toEqual(['New question']);
      expect(merged.tags).toEqual([]);
      expect(keptDespiteDelete(merged, 'ada')).toBe(true);
      expect(keptDespiteDelete(merged, 'bo')).toBe(false);
    }
  });

  it('an edit made after seeing the delete brings the discussion back; a delete after seeing the edit wins', () => {
    const dead = tombstone(start, 5000, 'ada');
    const back = applyEdit(dead, { kind: 'setMaturity', maturity: 10 }, ctx('bo', 3000));
    expect(mergeAnnotations(back, dead).deleted).toBe(false);
    const bo = applyEdit(start, { kind: 'setNote', text: 'New note' }, ctx('bo', 6000));
    const seenThenDeleted = tombstone(mergeAnnotations(dead, bo), 4000, 'ada');
    expect(mergeAnnotations(seenThenDeleted, bo).deleted).toBe(true);
    expect(mergeAnnotations(bo, seenThenDeleted).note).toBe('');
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('3 replicas, deletes among random edits, random orders: one result, nothing unseen lost (seed %i)', (seed) => {
    const rand = rng(seed * 104729);
    const replicas = ['ada', 'bo', 'cy'].map((member, k) => {
      let a = evolve(start, member, seed * 3 + k, 4, 2000);
      if (rand() < 0.6) a = tombstone(a, 2000 + Math.floor(rand() * 8000), member);
      if (rand() < 0.5) a = evolve(a, member, seed * 5 + k, 3, 9000);
      return a;
    });
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const results = perms.map(([i, j, k]) => mergeAnnotations(mergeAnnotations(replicas[i], replicas[j]), replicas[k]));
    results.push(...perms.map(([i, j, k]) => mergeAnnotations(replicas[i], mergeAnnotations(replicas[j], replicas[k]))));
    for (const r of results) expect(json(r)).toBe(json(results[0]));
    const merged = results[0];
    expect(json(mergeAnnotations(merged, merged))).toBe(json(merged));
    expect(Annotation.safeParse(merged).success).toBe(true);
    // A live replica's newest write was seen by no delete of another replica: it survives.
    const deleters = replicas.filter((r) => r.stamps.deletedSeen && r.stamps.deletedSeen === r.stamps.deleted);
    for (const r of replicas) {
      if (r.deleted) continue;
      const newest = [r.stamps.maturity, r.stamps.note, r.stamps.answer].sort().at(-1)!;
      const seenByAll = deleters.some((d) => d !== r && newest <= (d.deletedSeen[newest.split('.')[2]] ?? ''));
      if (!seenByAll && merged.stamps.deleted === maxDeleteStamp(replicas)) expect(merged.deleted).toBe(false);
    }
  });
});

function maxDeleteStamp(list: Annotation[]): string {
  return list.map((a) => a.stamps.deleted).sort().at(-1)!;
}

describe('the badge of a team (issue 21 item 5)', () => {
  const ctx = (member: string, now: number) => ({ now, by: member, memberId: member, lastActivity: null });
  it('shows the median of each member’s latest rating once two or more rated, with this profile’s own', () => {
    let a = applyEdit(emptyAnnotation(ref, 1000), { kind: 'setMaturity', maturity: 30 }, ctx('ada', 2000));
    // Alone: as always, no team part.
    expect(badgeStateOf(a, 3000, 'ada')).not.toHaveProperty('team');
    a = applyEdit(a, { kind: 'setMaturity', maturity: 70 }, ctx('bo', 3000));
    expect(a.maturity).toBe(70);
    expect(badgeStateOf(a, 4000, 'ada').team).toEqual({ maturity: 50, raters: 2, own: 30 });
    expect(badgeStateOf(a, 4000, 'bo').team).toEqual({ maturity: 50, raters: 2, own: 70 });
    // A member who did not rate sees the team's number and no own rating.
    expect(badgeStateOf(a, 4000, 'cy').team).toEqual({ maturity: 50, raters: 2, own: null });
    // Each member counts once, with their latest rating.
    a = applyEdit(a, { kind: 'setMaturity', maturity: 90 }, ctx('ada', 5000));
    a = applyEdit(a, { kind: 'setMaturity', maturity: 40 }, ctx('cy', 6000));
    expect(badgeStateOf(a, 7000, 'cy').team).toEqual({ maturity: 70, raters: 3, own: 40 });
  });
});

