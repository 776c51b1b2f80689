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

type Row = Record<string, unknown> & { stamps?: Record<string, string> };

/** One register as a kind sees it: its name (its key in `stamps`) and its fields, in tie order. */
export interface RegisterSlot {
  name: string;
  fields: readonly string[];
}

/**
 * How a register merges and deletes. New kinds (an observed-remove set, say) are new objects of
 * this interface; the merge must stay deterministic, commutative, associative and idempotent.
 * Kinds write into `out` (whose fields and stamps are laid out already), as merges run for
 * every record of every sync pass and import.
 */
export interface RegisterKind<Stamped extends boolean = boolean> {
  /** Name, for errors and docs. */
  readonly name: string;
  /** Whether the register has a clock stamp in the record's `stamps`. */
  readonly stamped: Stamped;
  /** Writes the merge of the register's fields (and stamp) of two copies into `out`. */
  merge(register: RegisterSlot, a: Row, b: Row, out: Row): void;
  /** Writes the register after its record was deleted at `stamp` (`empties`: its fields' empty values). */
  clear(register: RegisterSlot, from: Row, empties: readonly unknown[], stamp: string, out: Row): void;
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
const stampOf = (r: Row, name: string) => r.stamps?.[name] ?? NO_STAMP;

/**
 * Last writer wins: the copy with the later stamp keeps all of the register's fields (a register
 * of one field compares its plain value on a tie, one of several compares the tuple).
 */
export const lastWriterWins: RegisterKind<true> = {
  name: 'last-writer-wins',
  stamped: true,
  merge({ name, fields }, a, b, out) {
    const sa = stampOf(a, name);
    const sb = stampOf(b, name);
    let winner = sa > sb ? a : b;
    if (sa === sb && a !== b) {
      // pick()'s tie rule, without its allocations: the same value keeps `a`, else the larger.
      const va = fields.length === 1 ? a[fields[0]] : fields.map((f) => a[f]);
      const vb = fields.length === 1 ? b[fields[0]] : fields.map((f) => b[f]);
      winner = sameValue(va, vb) || compareJson(va, vb) >= 0 ? a : b;
    }
    for (const f of fields) out[f] = copy(winner[f]);
    out.stamps![name] = winner === a ? sa : sb;
  },
  clear({ name, fields }, _from, empties, stamp, out) {
    fields.forEach((f, i) => (out[f] = copy(empties[i])));
    out.stamps![name] = stamp;
  },
};

/** An unstamped register of one field whose copies merge with `combine`; a delete keeps it. */
function combining(name: string, combine: (a: unknown, b: unknown) => unknown): RegisterKind<false> {
  return {
    name,
    stamped: false,
    merge: ({ fields }, a, b, out) => void (out[fields[0]] = combine(a[fields[0]], b[fields[0]])),
    clear: ({ fields }, from, _empties, _stamp, out) => void (out[fields[0]] = from[fields[0]]),
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

/** One element of an observed-remove set: a tag added by the node of `add`, removed up to `removed`. */
export interface SetEntry {
  tag: string;
  /** Stamp of that node's latest add of the tag (its node is the adder). */
  add: string;
  /** The latest of that node's adds some remover saw; the entry is live while `add` is later. */
  removed: string;
}

const nodeOf = (stamp: string) => stamp.slice(stamp.indexOf('.', stamp.indexOf('.') + 1) + 1);
const entryKey = (e: SetEntry) => `${e.tag}\u0000${nodeOf(e.add)}`;
const compareStrings = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Whether an entry of an observed-remove set is live (added after every remove that saw it). */
export const entryLive = (e: SetEntry) => e.add > e.removed;

/**
 * The elements of an observed-remove set, ordered by their earliest live add (then by name):
 * the order people added them in.
 */
export function setElements(entries: readonly SetEntry[]): string[] {
  const first = new Map<string, string>();
  for (const e of entries) if (entryLive(e) && !(first.get(e.tag)! <= e.add)) first.set(e.tag, e.add);
  return [...first.entries()].sort(([x, sx], [y, sy]) => compareStrings(sx, sy) || compareStrings(x, y)).map(([tag]) => tag);
}

/**
 * An edit of an observed-remove set by `stamp`'s node, to the elements `target`: an element it
 * lacks is added (an entry of this node at `stamp`); a live element missing from `target` is
 * removed as far as this copy saw it (each live entry's `removed` set to its `add`), so an add
 * elsewhere that this copy did not see survives.
 */
export function editSet(entries: readonly SetEntry[], target: readonly string[], stamp: string): SetEntry[] {
  const present = new Set(setElements(entries));
  const wanted = new Set(target);
  const node = nodeOf(stamp);
  const out = entries.map((e) => (entryLive(e) && !wanted.has(e.tag) ? { tag: e.tag, add: e.add, removed: e.add } : e));
  for (const tag of wanted) {
    if (present.has(tag)) continue;
    const mine = out.findIndex((e) => e.tag === tag && nodeOf(e.add) === node);
    const entry = { tag, add: stamp, removed: mine >= 0 ? out[mine].removed : '' };
    if (mine >= 0) out[mine] = entry;
    else out.push(entry);
  }
  return out;
}

/**
 * An observed-remove set (tags): one entry per element and adding node, merged by taking the
 * later `add` and the later `removed` of each; an element is in the set while one of its entries
 * is live. An add and a concurrent remove of another element both survive; a remove only removes
 * the adds its writer saw (a concurrent re-add of the same element wins). The register's stamp is
 * its latest write. A delete removes every element it saw. Entries kept sorted, the first `max`.
 */
export function observedRemoveSet(max: number): RegisterKind<true> {
  return {
    name: 'observed-remove set',
    stamped: true,
    merge({ name, fields }, a, b, out) {
      const f = fields[0];
      const byKey = new Map<string, SetEntry>();
      for (const e of [...(a[f] as SetEntry[]), ...(b[f] as SetEntry[])]) {
        const key = entryKey(e);
        const had = byKey.get(key);
        byKey.set(key, had ? { tag: e.tag, add: had.add > e.add ? had.add : e.add, removed: had.removed > e.removed ? had.removed : e.removed } : { tag: e.tag, add: e.add, removed: e.removed });
      }
      out[f] = [...byKey.entries()].sort(([x], [y]) => compareStrings(x, y)).map(([, e]) => e).slice(0, max);
      const sa = stampOf(a, name);
      const sb = stampOf(b, name);
      out.stamps![name] = sa > sb ? sa : sb;
    },
    clear({ name, fields }, from, _empties, stamp, out) {
      out[fields[0]] = (from[fields[0]] as SetEntry[]).map((e) => ({ tag: e.tag, add: e.add, removed: e.add }));
      out.stamps![name] = stamp;
    },
  };
}

/**
 * A map of stamps merged key by key to the later one (what each member's writes a delete had
 * seen, joined over every delete): keys sorted; the register's stamp is its latest write.
 */
export const latestPerKey: RegisterKind<true> = {
  name: 'latest stamp per key',
  stamped: true,
  merge({ name, fields }, a, b, out) {
    const f = fields[0];
    const x = a[f] as Record<string, string>;
    const y = b[f] as Record<string, string>;
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    out[f] = Object.fromEntries(keys.map((k) => {
      const p = Object.hasOwn(x, k) ? x[k] : '';
      const q = Object.hasOwn(y, k) ? y[k] : '';
      return [k, p > q ? p : q];
    }));
    const sa = stampOf(a, name);
    const sb = stampOf(b, name);
    out.stamps![name] = sa > sb ? sa : sb;
  },
  clear({ name, fields }, from, _empties, _stamp, out) {
    out[fields[0]] = { ...(from[fields[0]] as object) };
    out.stamps![name] = stampOf(from, name);
  },
};

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
    merge({ fields }, a, b, out) {
      const f = fields[0];
      const def = item();
      const byId = new Map<string, Row>();
      for (const entry of [...(a[f] as Row[]), ...(b[f] as Row[])]) {
        const id = entry.id as string;
        byId.set(id, mergeRecord(def, byId.get(id) ?? entry, entry));
      }
      const list = [...byId.values()].sort((x, y) => ((x.id as string) < (y.id as string) ? -1 : (x.id as string) > (y.id as string) ? 1 : 0));
      out[f] = list.slice(0, max);
    },
    clear({ fields }, from, _empties, stamp, out) {
      const f = fields[0];
      out[f] = (from[f] as Row[]).map((entry) => markDeleted(item(), entry, stamp));
    },
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
  /**
   * Runs after every merge on the merged record: ties between registers (a field kept for older
   * teammates derived from its newer form). Must be a function of the merged registers only, so
   * the merge stays commutative and associative.
   */
  settle?: (record: Row) => void;
}

/** Defines a record; throws unless every field is in exactly one register. */
export function defineRecord<const F extends Record<string, FieldDef>, const R extends Record<string, RegisterDef<Extract<keyof F, string>>>>(
  fields: F,
  registers: R,
  options: { settle?: (record: Row) => void } = {},
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
  return { fields, registers, settle: options.settle };
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

/** A record definition laid out once: its registers with their slots, fields and stamps in order. */
interface Plan {
  registers: Array<{ slot: RegisterSlot; def: RegisterDef }>;
  /** A record with every field and stamp in stored order, cloned as the start of each output. */
  template: Row;
  stamps: Record<string, string>;
}

const plans = new WeakMap<RecordDef, Plan>();

function planOf(def: RecordDef): Plan {
  let plan = plans.get(def);
  if (!plan) {
    const registers = Object.entries(def.registers).map(([name, r]) => ({ slot: { name, fields: r.fields }, def: r }));
    // Built by JSON.parse so the clones are fast-mode objects of one hidden class.
    const stamps = JSON.parse(JSON.stringify(Object.fromEntries(stampedRegisters(def).map((name) => [name, NO_STAMP]))));
    const template = JSON.parse(JSON.stringify({ ...Object.fromEntries(Object.keys(def.fields).map((f) => [f, null])), stamps: {} }));
    plan = { registers, template, stamps };
    plans.set(def, plan);
  }
  return plan;
}

/** An empty record laid out in stored order (fields, then stamps), for kinds to fill. */
function layout(plan: Plan): Row {
  return { ...plan.template, stamps: { ...plan.stamps } };
}

/** Merges two copies of a record register by register. */
export function mergeRecord<T extends object>(def: RecordDef, a: T, b: T): T {
  const plan = planOf(def);
  const out = layout(plan);
  for (const r of plan.registers) r.def.kind.merge(r.slot, a as Row, b as Row, out);
  def.settle?.(out);
  return out as T;
}

/** The record deleted at `stamp`: the `deleted` register set, registers cleared on delete emptied. */
export function markDeleted<T extends object>(def: RecordDef, record: T, stamp: string): T {
  const plan = planOf(def);
  const out = layout(plan);
  const from = record as Row;
  for (const { slot, def: r } of plan.registers) {
    if (slot.name === 'deleted') lastWriterWins.clear(slot, from, [true], stamp, out);
    else if (r.clearedOnDelete) r.kind.clear(slot, from, r.fields.map((f) => def.fields[f].empty), stamp, out);
    else r.kind.merge(slot, from, from, out);
  }
  return out as T;
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
