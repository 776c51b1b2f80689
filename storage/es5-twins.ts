/**
 * Refinements with an ES5 twin. A zod refinement is a function the server's validator cannot
 * run (storage/sync/design.ts generates ES5 from the schemas, and CouchDB's engine may be ES5
 * only), so each refinement a stored shape uses is made here with the same rule written as an
 * ES5 function expression. tests/unit/storage/sync/design.test.ts holds the two to each other.
 */
import * as z from 'zod/mini';

const twins = new WeakMap<object, string>();

/** A zod refinement and, for the generated validator, its ES5 twin `function (v) { return …; }`. */
export function refineWithTwin<T>(fn: (value: T) => boolean, message: string, es5: string): z.core.$ZodCheck<T> {
  const check = z.refine<T>(fn, { message });
  twins.set(check, es5);
  return check;
}

/** The ES5 twin of a refinement made by `refineWithTwin`, if it is one. */
export function es5TwinOf(check: object): string | undefined {
  return twins.get(check);
}
