/**
 * Records made of registers: the one way an annotation's (and an issue's) fields are defined.
 * A register is one or more fields that change together, of a kind that says how two copies of
 * it merge and what a delete does to it. storage/schema.ts lists the registers of each record;
 * everything else — the zod shape, the merge, the empty record, the tombstone, the set-edits, the
 * migration filling new fields and the server's validator — is derived from that list, so adding
 * a field is one entry there (docs/adding-a-field.md).
 */
import * as z from 'zod/mini';
import { NO_STAMP } from './hlc';

/** One register of one copy: its fields' values in the register's order, and its stamp. */
export interface RegisterState {
  values: unknown[];
  /** The clock stamp ('' for unstamped kinds and for a register never written). */
  stamp: string;
}

/**
 * How a register merges and deletes. New kinds (an observed-remove set, say) are new objects of
 * this interface; the merge must stay deterministic, commutative, associative and idempotent.
 */
export interface RegisterKind<Stamped extends boolean = boolean> {
  /** Name, for errors and docs. */
  readonly name: string;
  /** Whether the register has a clock stamp in the record's `stamps`. */
  readonly stamped: Stamped;
  /** The merge of two copies. */
  merge(a: RegisterState, b: RegisterState): RegisterState;
  /** The register after its record was deleted at `stamp` (`empties`: its fields' empty values). */
  clear(state: RegisterState, empties: unknown[], stamp: string): RegisterState;
}

/** A stable total order on any JSON values, to break exact stamp ties deterministically. */
function compareJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a) ?? '';
  const y = JSON.stringify(b) ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Identical values, or tuples of identical values: what compareJson would call equal, cheaply. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Which of two stamped values wins: the later stamp, or on a tie the larger value. */
export function pick<T>(a: { stamp: string; value: T }, b: { stamp: string; value: T }): { stamp: string; value: T } {
  if (a.stamp !== b.stamp) return a.stamp > b.stamp ? a : b;
  // The same value (as when a record is merged with itself to make it canonical): nothing to compare.
  if (sameValue(a.value, b.value)) return a;
  return compareJson(a.value, b.value) >= 0 ? a : b;
}

const copy = (v: unknown) => (Array.isArray(v) ? [...v] : v);

/**
 * Last writer wins: the copy with the later stamp keeps all of the register's fields (a register
 * of one field compares its plain value on a tie, one of several compares the tuple).
 */
export const lastWriterWins: RegisterKind<true> = {
  name: 'last-writer-wins',
  stamped: true,
  merge(a, b) {
    const one = a.values.length === 1;
    const won = pick({ stamp: a.stamp, value: one ? a.values[0] : a.values }, { stamp: b.stamp, value: one ? b.values[0] : b.values });
    return { stamp: won.stamp, values: (one ? [won.value] : (won.value as unknown[])).map(copy) };
  },
  clear: (_state, empties, stamp) => ({ values: empties.map(copy), stamp }),
};

/** An unstamped register of one value whose copies merge with `combine`; a delete keeps it. */
function combining(name: string, combine: (a: unknown, b: unknown) => unknown): RegisterKind<false> {
  return {
    name,
    stamped: false,
    merge: (a, b) => ({ values: [combine(a.values[0], b.values[0])], stamp: NO_STAMP }),
    clear: (state) => state,
  };
}

/** The identity of a record (thread key, issue id): equal in both copies, never written. */
export const identity = combining('identity', (a) => a);
/** The earliest time either copy says (creation). */
export const earliest = combining('earliest', (a, b) => Math.min(a as number, b as number));
/** The latest time either copy says (last update). */
export const latest = combining('latest', (a, b) => Math.max(a as number, b as number));

/**
 * An append-only log (history): the union of both copies' entries, one per `idOf`, in time
 * order, the newest `max` kept; entries rebuilt with `keys` in order. A delete keeps it.
 */
export function appendOnlyLog<T extends object>(options: {
  idOf: (entry: T) => string;
  timeOf: (entry: T) => number;
  keys: ReadonlyArray<keyof T>;
  max: number;
}): RegisterKind<false> {
  return combining('append-only log', (a, b) => {
    const byId = new Map<string, T>();
    for (const entry of [...(a as T[]), ...(b as T[])]) byId.set(options.idOf(entry), entry);
    return [...byId.entries()]
      .sort(([x, hx], [y, hy]) => options.timeOf(hx) - options.timeOf(hy) || (x < y ? -1 : x > y ? 1 : 0))
      .map(([, entry]) => rebuild(entry, options.keys))
      .slice(-options.max);
  });
}

/**
 * A map of entries that each carry their own `stamp` (per-member ratings): keys are the union,
 * each entry last writer wins, keys sorted, entries rebuilt with `keys` in order. A delete keeps it.
 */
export function stampedMap<T extends { stamp: string }>(keys: ReadonlyArray<keyof T>): RegisterKind<false> {
  return combining('stamped map', (a, b) => {
    const x = a as Record<string, T>;
    const y = b as Record<string, T>;
    const out: Record<string, T> = {};
    for (const member of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
      const p = Object.hasOwn(x, member) ? x[member] : undefined;
      const q = Object.hasOwn(y, member) ? y[member] : undefined;
      const r = p && q ? pick({ stamp: p.stamp, value: p }, { stamp: q.stamp, value: q }).value : (p ?? q)!;
      out[member] = rebuild(r, keys);
    }
    return out;
  });
}

function rebuild<T extends object>(entry: T, keys: ReadonlyArray<keyof T>): T {
  const out = {} as T;
  for (const k of keys) out[k] = entry[k];
  return out;
}

/**
 * A list of records merged by `id` (issues): each id's copies merge as records of `item`, the list
 * is stored by id (people see it sorted by position), the first `max` kept. A delete tombstones
 * every item, so no merge with an older copy brings one back.
 */
export function listById(item: () => RecordDef, max: number): RegisterKind<false> {
  return {
    name: 'list merged by id',
    stamped: false,
    merge(a, b) {
      const byId = new Map<string, Record<string, unknown>>();
      for (const entry of [...(a.values[0] as Array<Record<string, unknown>>), ...(b.values[0] as Array<Record<string, unknown>>)]) {
        const id = entry.id as string;
        byId.set(id, mergeRecord(item(), byId.get(id) ?? entry, entry));
      }
      const list = [...byId.values()].sort((x, y) => ((x.id as string) < (y.id as string) ? -1 : (x.id as string) > (y.id as string) ? 1 : 0));
      return { values: [list.slice(0, max)], stamp: NO_STAMP };
    },
    clear: (state, _empties, stamp) => ({
      values: [(state.values[0] as Array<Record<string, unknown>>).map((entry) => markDeleted(item(), entry, stamp))],
      stamp: NO_STAMP,
    }),
  };
}

/* ---------- Records ---------- */

/** One field: its schema and, where a fresh record has one, its empty value. */
export interface FieldDef<S extends z.core.$ZodType = z.core.$ZodType> {
  schema: S;
  empty?: z.output<S>;
}

/**
 * A set-edit of a one-field register (the edit's `kind`, the name of its value, a clean-up), and
 * how the CSV and Markdown exports show the field: the `_locales` message naming it and its
 * Markdown form (a quoted block, a list of escaped items, a date as is, or escaped inline text).
 */
export interface SetEdit {
  op: string;
  arg: string;
  normalize?: (value: never) => unknown;
  label: string;
  markdown: 'quote' | 'list' | 'date' | 'inline';
}

/** One register: its kind, its fields (in the order ties compare them) and what edits and deletes do. */
export interface RegisterDef<Field extends string = string> {
  kind: RegisterKind;
  fields: readonly Field[];
  /** A delete empties it (content) rather than keeping it (identity, page facts, logs). */
  clearedOnDelete?: boolean;
  /** The edit that sets it (one-field last-writer-wins registers). */
  edit?: SetEdit;
  /**
   * The stored-schema version (storage/db.ts) that added it. Absent from a record or document
   * written before: its fields are empty and never written. Registers of the first synced shape
   * have none.
   */
  since?: number;
}

/** A record: fields in stored order, registers in stamp order. */
export interface RecordDef<F extends Record<string, FieldDef> = Record<string, FieldDef>, R extends Record<string, RegisterDef> = Record<string, RegisterDef>> {
  fields: F;
  registers: R;
}

/** Defines a record; throws unless every field is in exactly one register. */
export function defineRecord<const F extends Record<string, FieldDef>, const R extends Record<string, RegisterDef<Extract<keyof F, string>>>>(
  fields: F,
  registers: R,
): RecordDef<F, R> {
  const owners = new Map<string, string>();
  for (const [name, register] of Object.entries(registers)) {
    for (const field of register.fields) {
      if (owners.has(field)) throw new Error(`field ${field} is in registers ${owners.get(field)} and ${name}`);
      owners.set(field, name);
    }
    if (register.edit && (register.fields.length !== 1 || !register.kind.stamped)) throw new Error(`register ${name}: set-edits are for one-field stamped registers`);
  }
  for (const field of Object.keys(fields)) if (!owners.has(field)) throw new Error(`field ${field} is in no register`);
  for (const field of owners.keys()) if (!(field in fields)) throw new Error(`register field ${field} is not a field`);
  return { fields, registers };
}

/** Names of a record's stamped registers (its `stamps` keys), in order. */
export type StampedOf<R> = { [K in keyof R]: R[K] extends { kind: RegisterKind<true> } ? K : never }[keyof R];

/** The zod shape of a record: its fields, then `stamps` (one stamp per stamped register). */
export type ShapeOf<D> = D extends RecordDef<infer F, infer R>
  ? { [K in keyof F]: F[K]['schema'] } & { stamps: z.ZodMiniObject<{ [K in StampedOf<R> & string]: z.ZodMiniString<string> }> }
  : never;

/** Registers of a record with a stamp, in stamp order. */
export function stampedRegisters(def: RecordDef): string[] {
  return Object.keys(def.registers).filter((name) => def.registers[name].kind.stamped);
}

/** The register each field belongs to. */
function registerOf(def: RecordDef, field: string): RegisterDef {
  for (const register of Object.values(def.registers)) if (register.fields.includes(field)) return register;
  throw new Error(`field ${field} is in no register`);
}

/** The zod shape of a record; fields and stamps of later registers (`since`) default when absent. */
export function recordShape<D extends RecordDef>(def: D, stamp: z.ZodMiniString<string>): ShapeOf<D> {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const [name, field] of Object.entries(def.fields)) {
    shape[name] = registerOf(def, name).since === undefined ? field.schema : z._default(field.schema as z.ZodMiniType, () => structuredClone(field.empty));
  }
  const stamps: Record<string, z.core.$ZodType> = {};
  for (const name of stampedRegisters(def)) stamps[name] = def.registers[name].since === undefined ? stamp : z._default(stamp, NO_STAMP);
  shape.stamps = z.object(stamps);
  return shape as ShapeOf<D>;
}

type Row = Record<string, unknown>;

const stateOf = (def: RecordDef, name: string, r: Row): RegisterState => ({
  values: def.registers[name].fields.map((f) => r[f]),
  stamp: def.registers[name].kind.stamped ? ((r.stamps as Record<string, string>)[name] ?? NO_STAMP) : NO_STAMP,
});

/** Writes register states back as a record: fields in stored order, then stamps in stamp order. */
function assemble(def: RecordDef, states: Map<string, RegisterState>): Row {
  const values = new Map<string, unknown>();
  for (const [name, state] of states) def.registers[name].fields.forEach((f, i) => values.set(f, state.values[i]));
  const out: Row = {};
  for (const field of Object.keys(def.fields)) out[field] = values.get(field);
  const stamps: Record<string, string> = {};
  for (const name of stampedRegisters(def)) stamps[name] = states.get(name)!.stamp;
  out.stamps = stamps;
  return out;
}

/** Merges two copies of a record register by register. */
export function mergeRecord<T extends object>(def: RecordDef, a: T, b: T): T {
  const states = new Map<string, RegisterState>();
  for (const [name, register] of Object.entries(def.registers)) {
    states.set(name, register.kind.merge(stateOf(def, name, a as Row), stateOf(def, name, b as Row)));
  }
  return assemble(def, states) as T;
}

/** The record deleted at `stamp`: the `deleted` register set, registers cleared on delete emptied. */
export function markDeleted<T extends object>(def: RecordDef, record: T, stamp: string): T {
  const states = new Map<string, RegisterState>();
  for (const [name, register] of Object.entries(def.registers)) {
    const state = stateOf(def, name, record as Row);
    const empties = register.fields.map((f) => def.fields[f].empty);
    states.set(name, name === 'deleted' ? { values: [true], stamp } : register.clearedOnDelete ? register.kind.clear(state, empties, stamp) : state);
  }
  return assemble(def, states) as T;
}

/** Empty values of every field that has one, and every stamp unwritten. */
export function emptyFields(def: RecordDef): Row {
  const out: Row = {};
  for (const [name, field] of Object.entries(def.fields)) if ('empty' in field) out[name] = structuredClone(field.empty);
  return out;
}

/**
 * Every stamp of a record set to `stamp` (a new issue; a migration of records that had none).
 * With `asOf`, registers added after that schema version stay unwritten.
 */
export function stampsAll(def: RecordDef, stamp: string, asOf = Infinity): Record<string, string> {
  return Object.fromEntries(stampedRegisters(def).map((name) => [name, (def.registers[name].since ?? 0) > asOf ? NO_STAMP : stamp]));
}

/**
 * A stored record of an older schema version completed with the registers added since (`since`
 * after `version`): empty values, unwritten stamps. Used by the Dexie upgrade of that version.
 */
export function withRegistersSince<T extends object>(def: RecordDef, record: T, version: number): T {
  const out = { ...(record as Row), stamps: { ...((record as Row).stamps as object) } } as Row & { stamps: Record<string, string> };
  for (const [name, register] of Object.entries(def.registers)) {
    if (register.since === undefined || register.since <= version) continue;
    for (const f of register.fields) if (out[f] === undefined) out[f] = structuredClone(def.fields[f].empty);
    if (register.kind.stamped) out.stamps[name] ??= NO_STAMP;
  }
  return mergeRecord(def, out, out) as T;
}

/** The fields people edit one by one (the set-edits), in stored order, with how exports show them. */
export function editedFields(def: RecordDef): Array<{ field: string; label: string; markdown: SetEdit['markdown'] }> {
  const edits = Object.values(def.registers).filter((r) => r.edit);
  return Object.keys(def.fields).flatMap((field) => {
    const edit = edits.find((r) => r.fields[0] === field)?.edit;
    return edit ? [{ field, label: edit.label, markdown: edit.markdown }] : [];
  });
}

/** The set-edits of a record: edit kind → the register and field it writes. */
export function setEdits(def: RecordDef): Map<string, { register: string; field: string; arg: string; normalize: (v: unknown) => unknown }> {
  const out = new Map<string, { register: string; field: string; arg: string; normalize: (v: unknown) => unknown }>();
  for (const [name, register] of Object.entries(def.registers)) {
    if (!register.edit) continue;
    out.set(register.edit.op, {
      register: name,
      field: register.fields[0],
      arg: register.edit.arg,
      normalize: (register.edit.normalize as ((v: unknown) => unknown) | undefined) ?? ((v) => v),
    });
  }
  return out;
}

/** The zod schemas of a record's set-edits, e.g. `{ kind: 'setNote', text: … }`. */
export type SetEditSchemas<D> = D extends RecordDef<infer F, infer R>
  ? {
      [K in keyof R]: R[K] extends { edit: { op: infer O extends string; arg: infer A extends string }; fields: readonly [infer N extends keyof F] }
        ? z.ZodMiniObject<{ kind: z.ZodMiniLiteral<O> } & { [P in A]: F[N]['schema'] }>
        : never;
    }[keyof R]
  : never;

/** The set-edit schemas of a record, for the EditOp union of storage/model.ts. */
export function setEditSchemas<D extends RecordDef>(def: D): Array<SetEditSchemas<D>> {
  return Object.values(def.registers)
    .filter((r) => r.edit)
    .map((r) => z.object({ kind: z.literal(r.edit!.op), [r.edit!.arg]: def.fields[r.fields[0]].schema })) as Array<SetEditSchemas<D>>;
}
