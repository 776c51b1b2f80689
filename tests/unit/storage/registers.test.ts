/**
 * The one definition of an annotation's registers (storage/schema.ts ANNOTATION_RECORD) and
 * what is derived from it. The first block checks every register is wired where a person must
 * still wire it by hand, naming the file to change; the second adds a test-only field ("owner")
 * and shows the schema, merge, set-edit, tombstone, migration and the server's validator handle
 * it with no other change — and that teammates on two versions lose nothing (docs/sync-versions.md).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { SCHEMA_VERSIONS } from '../../../storage/db';
import { mergeAnnotations } from '../../../storage/merge';
import { EditOp, applyEdit, emptyAnnotation, tombstone } from '../../../storage/model';
import {
  defineRecord,
  editedFields,
  type FieldDef,
  type RegisterDef,
  lastWriterWins,
  markDeleted,
  mergeRecord,
  recordShape,
  setEditSchemas,
  setEdits,
  withRegistersSince,
} from '../../../storage/registers';
import { ANNOTATION_DOC_TYPE, ANNOTATION_RECORD, Annotation, Stamp } from '../../../storage/schema';
import { designDocument, validateDocUpdateSource } from '../../../storage/sync/design';
import { fromDoc, toDoc } from '../../../storage/sync/doc';
import { arbitrary, withinClientRules } from '../../support/arbitrary';
import { seededRandom } from '../../support/seeded-random';
import { runAsCouch } from '../../support/run-as-couch';

const LOCALES = path.resolve(__dirname, '../../../public/_locales');
const ref = { key: 'github:o/r/discussions/1', site: 'github' as const, title: 'T', url: 'https://github.com/o/r/discussions/1', native: { state: null, replies: null, participants: null, lastActivity: null } };
const ctx = (now: number, memberId = 'ada') => ({ now, by: memberId, memberId, lastActivity: null });
/** The definition seen loosely: these tests walk every register whatever its type. */
const FIELDS: Record<string, FieldDef> = ANNOTATION_RECORD.fields;
const registers = Object.entries(ANNOTATION_RECORD.registers as Record<string, RegisterDef>);

describe('every register of ANNOTATION_RECORD is wired', () => {
  it.each(registers.filter(([, r]) => r.edit))('%s: its set-edit is an EditOp and applyEdit writes it', (name, register) => {
    const field = register.fields[0] as keyof Annotation;
    const rand = seededRandom(name.length);
    const normalize = setEdits(ANNOTATION_RECORD).get(register.edit!.op)!.normalize;
    let value: unknown;
    do value = arbitrary(FIELDS[field].schema, rand, field);
    while (JSON.stringify(normalize(value)) === JSON.stringify(FIELDS[field].empty));
    const op = EditOp.parse({ kind: register.edit!.op, [register.edit!.arg]: value });
    const before = emptyAnnotation(ref, 1000);
    const after = applyEdit(before, op, ctx(2000));
    expect(after.stamps[name as keyof Annotation['stamps']] > before.stamps[name as keyof Annotation['stamps']], 'its stamp advances').toBe(true);
    expect(after[field], 'storage/schema.ts: the edit writes its field').toEqual(normalize(value));
  });

  it.each(readdirSync(LOCALES))('the _locales/%s catalogue names every edited field (public/_locales/<lang>/messages.json)', (lang) => {
    const catalogue = JSON.parse(readFileSync(path.join(LOCALES, lang, 'messages.json'), 'utf8')) as Record<string, unknown>;
    for (const { field, label } of editedFields(ANNOTATION_RECORD)) expect(catalogue, `${field}: add "${label}"`).toHaveProperty(label);
  });

  it.each(registers.filter(([, r]) => r.since !== undefined).map(([name, r]) => [name, r.since]))(
    '%s, added in schema version %i, has a Dexie version upgrading stored rows (storage/db.ts SCHEMA_VERSIONS)',
    (_name, since) => {
      expect(SCHEMA_VERSIONS.find((v) => v.version === since)?.upgrade).toBeDefined();
    },
  );

  it('a delete empties the registers cleared on delete and keeps the others', () => {
    let a = emptyAnnotation(ref, 1000);
    for (const [name, r] of registers) {
      if (!r.edit) continue;
      a = applyEdit(a, EditOp.parse({ kind: r.edit.op, [r.edit.arg]: arbitrary(FIELDS[r.fields[0]].schema, seededRandom(name.length), name) }), ctx(1500));
    }
    a = applyEdit(applyEdit(a, { kind: 'setMaturity', maturity: 40 }, ctx(1600)), { kind: 'addIssue', id: 'i', text: 'x' }, ctx(1700));
    const dead = tombstone(a, 5000, 'bo');
    for (const [name, r] of registers) {
      for (const field of r.fields as ReadonlyArray<keyof Annotation>) {
        if (name === 'deleted') expect(dead.deleted).toBe(true);
        else if (field === 'updatedAt') expect(dead.updatedAt).toBe(5000);
        else if (field === 'issues') expect(dead.issues).toEqual([]);
        else if (field === 'title' || field === 'url') expect(dead[field], field).toBe('');
        else if (field === 'deletedSeen') expect(Object.keys(dead.deletedSeen)).toEqual(['ada']);
        // A tombstone keeps ids and stamps only (docs/security.md): no ratings, no history, no names.
        else if (r.clearedOnDelete || field === 'ratings' || field === 'history') expect(dead[field], field).toEqual(FIELDS[field].empty);
        else expect(dead[field], field).toEqual(a[field]);
      }
    }
  });

  it('defineRecord refuses a field in no register or in two', () => {
    const fields = { a: { schema: z.string() }, b: { schema: z.string() } };
    expect(() => defineRecord(fields, { a: { kind: lastWriterWins, fields: ['a'] } })).toThrow(/field b is in no register/);
    expect(() => defineRecord(fields, { a: { kind: lastWriterWins, fields: ['a', 'b'] }, b: { kind: lastWriterWins, fields: ['b'] } })).toThrow(/in registers a and b/);
  });
});

/* ---------- A test-only field: who owns the discussion ---------- */

/** ANNOTATION_RECORD plus one field, as docs/adding-a-field.md adds it (schema version 99). */
const WITH_OWNER = defineRecord(
  { ...ANNOTATION_RECORD.fields, owner: { schema: z.string().check(z.maxLength(100)), empty: '' } },
  {
    ...ANNOTATION_RECORD.registers,
    owner: { kind: lastWriterWins, fields: ['owner'], clearedOnDelete: true, since: 99, edit: { op: 'setOwner', arg: 'name', label: 'ownerLabel', markdown: 'inline' } },
  },
);
const OwnedAnnotation = z.object(recordShape(WITH_OWNER, Stamp));
type OwnedAnnotation = z.infer<typeof OwnedAnnotation>;
const OwnedDocBody = z.object({ type: z.literal(ANNOTATION_DOC_TYPE), author: z.nullable(z.string().check(z.maxLength(200))), ...OwnedAnnotation.shape });

const owned = (a: Annotation, owner: string, stamp: string): OwnedAnnotation => OwnedAnnotation.parse({ ...a, owner, stamps: { ...a.stamps, owner: stamp } });

describe('a test-only field added to the definition', () => {
  const base = applyEdit(emptyAnnotation(ref, 1000), { kind: 'setMaturity', maturity: 50 }, ctx(1000));
  const later = '0000000zz.0000.bo';
  const earlier = '0000000aa.0000.ada';

  it('is in the schema, defaulting (empty, never written) where an older record lacks it', () => {
    const old = OwnedAnnotation.parse(base);
    expect(old.owner).toBe('');
    expect(old.stamps.owner).toBe('');
    expect(Object.keys(old).at(-2)).toBe('owner');
    expect(OwnedAnnotation.safeParse({ ...base, owner: 'x'.repeat(101) }).success).toBe(false);
  });

  it('merges as last writer wins, and no older copy without it undoes it', () => {
    const a = owned(base, 'Ada', earlier);
    const b = owned(base, 'Bo', later);
    expect(mergeRecord(WITH_OWNER, a, b).owner).toBe('Bo');
    expect(JSON.stringify(mergeRecord(WITH_OWNER, a, b))).toBe(JSON.stringify(mergeRecord(WITH_OWNER, b, a)));
    expect(mergeRecord(WITH_OWNER, b, OwnedAnnotation.parse(base))).toMatchObject({ owner: 'Bo', stamps: { owner: later } });
  });

  it('has its set-edit and is emptied by a delete', () => {
    const op = z.discriminatedUnion('kind', [setEditSchemas(WITH_OWNER)[0], ...setEditSchemas(WITH_OWNER).slice(1)]);
    expect(op.parse({ kind: 'setOwner', name: 'Grace' })).toEqual({ kind: 'setOwner', name: 'Grace' });
    expect(editedFields(WITH_OWNER).map((f) => f.field)).toContain('owner');
    expect(markDeleted(WITH_OWNER, owned(base, 'Ada', earlier), later)).toMatchObject({ owner: '', deleted: true, stamps: { owner: later } });
  });

  it('is filled into stored rows by the migration of its schema version', () => {
    const row = withRegistersSince(WITH_OWNER, base as OwnedAnnotation, 98);
    expect(row).toMatchObject({ owner: '', stamps: { owner: '' } });
    expect(OwnedAnnotation.safeParse(row).success).toBe(true);
    expect(withRegistersSince(WITH_OWNER, owned(base, 'Ada', earlier), 99).owner).toBe('Ada');
  });

  it('is checked by the generated validator, which still accepts documents without it', () => {
    const validate = runAsCouch(validateDocUpdateSource(OwnedDocBody));
    const doc = toDoc(base, undefined, null);
    expect(validate({ ...doc, owner: 'Grace', stamps: { ...base.stamps, owner: later } })).toBeNull();
    expect(validate(doc), 'an older teammate writes without it').toBeNull();
    expect(validate({ ...doc, owner: 5 })).toMatch(/invalid field: owner/);
    expect(validate({ ...doc, stamps: { ...base.stamps, owner: 'soon' } })).toMatch(/invalid field: stamps\.owner/);
    // Held to its schema like the real one: generated valid documents pass.
    for (let seed = 1; seed <= 100; seed++) {
      const generated = withinClientRules(arbitrary(OwnedDocBody, seededRandom(seed)) as Record<string, unknown>);
      if (!OwnedDocBody.safeParse(generated).success) continue;
      expect(validate({ ...generated, _id: `annotation:${String(generated.threadKey)}` }), `seed ${seed}`).toBeNull();
    }
  });

  it('two versions in one team: nobody is refused, nothing is lost', () => {
    // The newer teammate writes an owner; the server still runs the older design document.
    const newer = owned(applyEdit(base, { kind: 'setNote', text: 'n' }, ctx(3000, 'bo')), 'Bo', later);
    const oldServer = runAsCouch(designDocument().validate_doc_update);
    expect(oldServer(toDoc(newer as Annotation, '2-a', null)), 'the older validator accepts the unknown field').toBeNull();
    // The older teammate reads it (the field is dropped), edits and writes back without it…
    const read = fromDoc({ ...toDoc(newer as Annotation, '2-a', null) });
    expect(read.ok).toBe(true);
    const olderCopy = applyEdit((read as { annotation: Annotation }).annotation, { kind: 'setAnswer', text: 'yes' }, ctx(4000, 'ada'));
    // …which the upgraded server accepts,
    expect(runAsCouch(validateDocUpdateSource(OwnedDocBody))(toDoc(olderCopy, '3-b', null))).toBeNull();
    // …and the newer teammate's merge keeps both the answer and the owner (then pushes them back).
    const merged = mergeRecord(WITH_OWNER, newer, OwnedAnnotation.parse(olderCopy));
    expect(merged).toMatchObject({ owner: 'Bo', answer: 'yes', note: 'n' });
    expect(mergeAnnotations(olderCopy, olderCopy).answer).toBe('yes');
  });
});
