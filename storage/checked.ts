/**
 * Annotations checked against the schema, remembered by object, so that an import checks each
 * record it writes once: a record read from a file is checked (`checkAnnotation`); its merge is
 * checked only when it differs from a record checked already (`checkedMerge`); the commit writes
 * the form the preview checked (`checkedCanonicalOf`). Only the functions here add to the sets,
 * and only schema output, never a caller's object; nothing changes a record once read from a
 * file, so what was checked stays checked. Held weakly: they go with the import's plan.
 */
import { canonical, mergeAnnotations } from './merge';
import { Annotation } from './schema';

type Params = Parameters<typeof Annotation.safeParse>[1];
type Checked = ReturnType<typeof Annotation.safeParse>;

/** Objects the Annotation schema gave as its output. */
const schemaOutput = new WeakSet<Annotation>();
/** The valid canonical form of a record, by the record it was made of. */
const checkedCanonical = new WeakMap<Annotation, Annotation>();

/** `Annotation.safeParse`, remembering a valid result as checked. */
export function checkAnnotation(value: unknown, params?: Params): Checked {
  const checked = Annotation.safeParse(value, params);
  if (checked.success) schemaOutput.add(checked.data);
  return checked;
}

/**
 * Whether two JSON values are the same, keys in the same order: then they serialise to the same
 * bytes, and the schema, which reads values alone, says the same of both.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i];
    if (key !== keysB[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * The merge of `incoming` into the stored record (`canonical(incoming)` when none is stored),
 * checked against the schema. A record not stored that `checkAnnotation` checked and that is
 * canonical already (what every export holds) is its own canonical form: it is not checked again.
 * A valid canonical form of a record not stored is remembered for `checkedCanonicalOf`.
 */
export function checkedMerge(existing: Annotation | undefined, incoming: Annotation, params?: Params): Checked {
  if (existing) return Annotation.safeParse(mergeAnnotations(existing, incoming), params);
  const form = canonical(incoming);
  const checked: Checked = schemaOutput.has(incoming) && sameJson(form, incoming) ? { success: true, data: incoming } : checkAnnotation(form, params);
  if (checked.success) checkedCanonical.set(incoming, checked.data);
  return checked;
}

/** The valid canonical form `checkedMerge` made of this very record, if it made one. */
export function checkedCanonicalOf(incoming: Annotation): Annotation | undefined {
  return checkedCanonical.get(incoming);
}
