/**
 * The team server's validate_doc_update, run as CouchDB runs it (the function's source evaluated
 * and called with newDoc, oldDoc, userCtx, secObj), held to the zod schema clients read
 * documents with (storage/sync/doc.ts fromDoc): every document the schema accepts, the validator
 * accepts — generated from the schema and made through real edits — and on mutated documents
 * the two agree, so what the schema refuses, the validator refuses.
 */
import { describe, expect, it } from 'vitest';
import { applyEdit, emptyAnnotation, tombstone, type EditOp } from '../../../../storage/model';
import { AnnotationDoc } from '../../../../storage/schema';
import { designDocument } from '../../../../storage/sync/design';
import { docIdOf, fromDoc, toDoc } from '../../../../storage/sync/doc';
import { arbitrary, withinClientRules } from '../../../support/arbitrary';
import { runAsCouch } from '../../../support/run-as-couch';
import { seededRandom } from '../../../support/seeded-random';

const validate = runAsCouch(designDocument().validate_doc_update);
const clientAccepts = (doc: Record<string, unknown>) => fromDoc(doc).ok;

/** A valid document generated from the AnnotationDoc schema (retried until the schema accepts it). */
function generatedDoc(rand: () => number): Record<string, unknown> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const doc = withinClientRules(arbitrary(AnnotationDoc, rand, 'doc') as Record<string, unknown>);
    doc._id = docIdOf(doc.threadKey as string);
    if (clientAccepts(doc)) return doc;
  }
  throw new Error('the generator made no valid document in 50 attempts');
}

const ref = { key: 'github:owner/repo/discussions/42', site: 'github' as const, title: 'Title "quoted"', url: 'https://github.com/o/r/discussions/42', native: { state: null, replies: null, participants: null, lastActivity: null } };

/** A document made through the edits the UI applies. */
function editedDoc(rand: () => number): Record<string, unknown> {
  const ops: EditOp[] = [
    { kind: 'setMaturity', maturity: Math.floor(rand() * 21) * 5 },
    { kind: 'addIssue', id: 'i1', text: 'Who owns this?' },
    { kind: 'resolveIssue', id: 'i1', resolution: 'Grace' },
    { kind: 'addIssue', id: 'i2', text: 'Budget' },
    { kind: 'deleteIssue', id: 'i2' },
    { kind: 'setAnswer', text: 'Yes, ship it' },
    { kind: 'setNote', text: 'line\nbreak' },
    { kind: 'setTags', tags: ['a', 'b'] },
    { kind: 'setReviewOn', date: '2027-01-15' },
  ];
  let a = emptyAnnotation(ref, 1000);
  for (const [i, op] of ops.entries()) {
    // Issue edits name issues an earlier skipped edit would have added: those are skipped too.
    const needs = 'id' in op && op.kind !== 'addIssue' ? op.id : null;
    if (rand() < 0.7 && (needs === null || a.issues.some((issue) => issue.id === needs && !issue.deleted))) {
      a = applyEdit(a, op, { now: 2000 + i, by: 'Ada', memberId: 'ada', lastActivity: null });
    }
  }
  if (rand() < 0.2) a = tombstone(a, 9000, 'bo');
  return toDoc(a, '3-abc', rand() < 0.5 ? 'alice' : null);
}

const JUNK: unknown[] = [null, -1, 0.5, 101, 2 ** 60, '', 'x'.repeat(70_000), true, {}, [], [''], 'not-a-date', { a: 1 }, '2026-13-45x'];

/** The document with the value at one random path replaced by junk or removed (never CouchDB's own fields). */
function mutate(doc: Record<string, unknown>, rand: () => number): { doc: Record<string, unknown>; path: string } {
  const copy = structuredClone(doc);
  let node: Record<string, unknown> = copy;
  const path: string[] = [];
  for (;;) {
    const keys = Object.keys(node).filter((k) => path.length > 0 || !k.startsWith('_'));
    if (!keys.length) break;
    const key = keys[Math.floor(rand() * keys.length)];
    path.push(key);
    const child = node[key];
    if (child !== null && typeof child === 'object' && rand() < 0.6 && Object.keys(child).length) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (rand() < 0.15 && !Array.isArray(node)) delete node[key];
    else node[key] = structuredClone(JUNK[Math.floor(rand() * JUNK.length)]);
    break;
  }
  return { doc: copy, path: path.join('.') };
}

describe('the design document validator', () => {
  it('is ES5 text (no arrows, let/const, template strings, spreads or classes)', () => {
    const source = designDocument().validate_doc_update;
    expect(source).toMatch(/^function \(newDoc, oldDoc, userCtx, secObj\) \{/);
    expect(source).not.toMatch(/=>|\blet\b|\bconst\b|`|\.\.\.|\bclass\b/);
  });

  it('accepts every document the schema accepts (400 generated from the schema, 200 made by edits)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const doc = generatedDoc(seededRandom(seed));
      expect(AnnotationDoc.safeParse(doc).success, `seed ${seed}`).toBe(true);
      expect(validate(doc), `seed ${seed}: ${JSON.stringify(doc).slice(0, 300)}`).toBeNull();
    }
    for (let seed = 1; seed <= 200; seed++) {
      const doc = editedDoc(seededRandom(seed));
      expect(clientAccepts(doc)).toBe(true);
      expect(validate(doc), `seed ${seed}`).toBeNull();
    }
  });

  it('agrees with the schema on 800 mutated documents, refusing what it refuses', () => {
    let bothRefuse = 0;
    for (let seed = 1; seed <= 800; seed++) {
      const rand = seededRandom(seed);
      const valid = seed % 3 === 0 ? editedDoc(rand) : generatedDoc(rand);
      const { doc, path } = mutate(valid, rand);
      const server = validate(doc);
      expect(server === null, `seed ${seed}, ${path}: client ${clientAccepts(doc)}, server ${server}`).toBe(clientAccepts(doc));
      if (server !== null) {
        bothRefuse++;
        expect(server).toMatch(/^invalid field: /);
      }
    }
    expect(bothRefuse).toBeGreaterThan(350);
  });

  it('refuses by name what the schema refuses', () => {
    const good = editedDoc(seededRandom(3));
    const withIssues = toDoc(
      applyEdit(emptyAnnotation(ref, 1), { kind: 'addIssue', id: 'i1', text: 't' }, { now: 2, by: 'a', memberId: 'a', lastActivity: null }),
      undefined,
      null,
    );
    const issue = (withIssues.issues as unknown[])[0];
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['maturity over 100', { ...good, maturity: 101 }, /maturity/],
      ['maturity not whole', { ...good, maturity: 50.5 }, /maturity/],
      ['empty tag', { ...good, tags: ['ok', ''] }, /tags\.1/],
      ['too many tags', { ...good, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /tags/],
      ['bad review date', { ...good, reviewOn: '26-1-1' }, /reviewOn/],
      ['duplicate issue ids', { ...withIssues, issues: [issue, issue] }, /issues/],
      ['bad stamp', { ...good, stamps: { ...(good.stamps as object), note: 'yesterday' } }, /stamps\.note/],
      ['unknown site', { ...good, site: 'myspace' }, /site/],
      ['missing field', Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'answer')), /answer/],
      ['bad member id', { ...good, ratings: { 'no spaces': { maturity: 5, name: '', stamp: '' } } }, /ratings/],
      ['wrong type', { ...good, type: 'other' }, /type/],
      ['key not matching the id', { ...good, _id: docIdOf('github:else') }, /threadKey/],
      // Issue 20: the same rules as the client beyond the shape.
      ['site not the one the key starts with', { ...good, site: 'mediawiki' }, /site/],
      ['a stamp from the far future', { ...good, stamps: { ...(good.stamps as object), note: 'zzzzzzzzz.0000.x' } }, /stamps\.note \(more than a day ahead/],
      ['a time two days ahead', { ...good, createdAt: Date.now() + 2 * 86_400_000 }, /createdAt \(more than a day ahead/],
      ['a time beyond what Date represents', { ...good, updatedAt: 8_640_000_000_000_001 }, /updatedAt/],
      ['a key with a bidi override', { ...good, _id: docIdOf('github:a\u202eb'), threadKey: 'github:a\u202eb' }, /threadKey/],
      ['a key with NUL', { ...good, _id: docIdOf('github:a\u0000b'), threadKey: 'github:a\u0000b' }, /threadKey/],
      ['a key with a lone surrogate', { ...good, _id: docIdOf('github:a\ud800b'), threadKey: 'github:a\ud800b' }, /threadKey/],
      ['an unreal day', { ...good, reviewOn: '2026-02-31' }, /reviewOn/],
    ];
    for (const [name, doc, reason] of cases) {
      expect(clientAccepts(doc), name).toBe(false);
      expect(validate(doc), name).toMatch(reason);
    }
  });

  it('accepts fields it does not know (a newer teammate\'s), as the schema does', () => {
    const doc = { ...editedDoc(seededRandom(5)), owner: 'Grace', stamps: { ...(editedDoc(seededRandom(5)).stamps as object), owner: '' } };
    expect(clientAccepts(doc)).toBe(true);
    expect(validate(doc)).toBeNull();
  });

  it('refuses a write in another user\'s name unless by an admin', () => {
    const doc = editedDoc(seededRandom(8));
    doc.author = 'alice';
    expect(validate(doc, { name: 'bob', roles: [] })).toMatch(/author must be the signed-in user \(bob\)/);
    expect(validate(doc, { name: 'admin', roles: ['_admin'] })).toBeNull();
  });
});
