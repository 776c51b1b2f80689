/**
 * The design document a team database gets from `doneness couch-setup`: a `validate_doc_update`
 * function the server runs on every write, so a buggy or hostile client cannot store documents
 * of another shape or in another user's name. Clients check everything they read anyway
 * (storage/sync/doc.ts); this guard keeps the shared database clean for everyone.
 *
 * The function is ES5 JavaScript kept as a string: CouchDB runs it in its own JavaScript engine
 * (SpiderMonkey or QuickJS), PouchDB Server in Node. Its shape checks are GENERATED from the zod
 * schema of an annotation document (storage/schema.ts AnnotationDoc, itself derived from
 * ANNOTATION_RECORD) by storage/sync/es5-check.ts, so they cannot drift from what clients check;
 * tests/unit/storage/sync/design.test.ts runs it as CouchDB would against the schema.
 *
 * Two versions of Doneness in one team (docs/sync-versions.md): the function accepts fields it
 * does not know (a newer client's) and the absence of fields added after the first synced shape
 * (an older client's), so nobody's writes are refused because a teammate upgraded first.
 */
import * as z from 'zod/mini';
import type { RegisterDef } from '../registers';
import { ANNOTATION_DOC_TYPE, ANNOTATION_RECORD, AnnotationDoc, Millis, Stamp, TIME_LIMITS } from '../schema';
import { DOC_PREFIX } from './doc';
import { compileEs5 } from './es5-check';

/** Id of the design document. */
export const DESIGN_DOC_ID = '_design/doneness';
/** Raised (above every register's `since`) whenever the hand-written rules below change. */
const RULES_VERSION = 3;

/**
 * The version of the design document: the newest of the rules and of the stored shapes it
 * checks (a register added in schema version N makes it at least N). `couch-setup` never
 * replaces a design document of a higher version with its own (docs/sync-versions.md).
 */
export const DESIGN_VERSION = Math.max(
  RULES_VERSION,
  ...Object.values(ANNOTATION_RECORD.registers as Record<string, RegisterDef>).map((r) => r.since ?? 0),
);

/** The document's own shape: everything but CouchDB's fields, which the server checks itself. */
const DocBody = z.omit(AnnotationDoc, { _id: true, _rev: true, _conflicts: true });

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.core.$ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The rule for times from elsewhere (storage/time-bounds.ts, issue 20) as ES5: a function of the
 * document answering null, or the path of the first time (`Millis`) or clock stamp (`Stamp`) later
 * than `LATEST` (this server's clock plus TIME_LIMITS.clockSkew). The places are found by walking
 * the schema, as the client's `aheadOfClock` does, so a new time or stamp field is covered.
 */
export function compileAhead(schema: z.core.$ZodType): { declarations: string[]; root: string } {
  const declarations: string[] = [];
  // The same check (every time, every stamp) is declared once.
  const names = new Map<string, string>();
  const declare = (body: string) => {
    let name = names.get(body);
    if (!name) {
      name = `t${declarations.length}`;
      names.set(body, name);
      declarations.push(`var ${name} = function (v) { ${body} };`);
    }
    return name;
  };
  const compile = (s: z.core.$ZodType): string | null => {
    if (s === Millis) return declare(`return typeof v === 'number' && v > LATEST ? '' : null;`);
    if (s === Stamp) return declare(`return typeof v === 'string' && v !== '' && parseInt(v.slice(0, 9), 36) > LATEST ? '' : null;`);
    const def = defOf(s);
    switch (def.type) {
      case 'object': {
        const lines = Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([key, value]) => {
          const check = compile(value);
          return check ? [`e = ${check}(v[${JSON.stringify(key)}]); if (e !== null) return ${JSON.stringify('.' + key)} + e;`] : [];
        });
        return lines.length ? declare(`if (!isObject(v)) return null; var e; ${lines.join(' ')} return null;`) : null;
      }
      case 'record': {
        const value = compile(def.valueType as z.core.$ZodType);
        return value
          ? declare(`if (!isObject(v)) return null; for (var k in v) { if (!Object.prototype.hasOwnProperty.call(v, k)) continue; var e = ${value}(v[k]); if (e !== null) return '.' + k + e; } return null;`)
          : null;
      }
      case 'array': {
        const item = compile(def.element as z.core.$ZodType);
        return item ? declare(`if (!isArray(v)) return null; for (var i = 0; i < v.length; i++) { var e = ${item}(v[i]); if (e !== null) return '.' + i + e; } return null;`) : null;
      }
      case 'nullable':
      case 'optional':
      case 'default': {
        const inner = compile(def.innerType as z.core.$ZodType);
        return inner ? declare(`return v === null || v === undefined ? null : ${inner}(v);`) : null;
      }
      default:
        return null;
    }
  };
  return { declarations, root: compile(schema) ?? declare('return null;') };
}

/**
 * The validate_doc_update function's source, generated from the schema of a document's body
 * (tests pass the body of a record with a test-only field).
 */
export function validateDocUpdateSource(body: z.core.$ZodType = DocBody): string {
  const checks = compileEs5(body, 'annotation document');
  const ahead = compileAhead(body);
  return `function (newDoc, oldDoc, userCtx, secObj) {
  var PREFIX = ${JSON.stringify(DOC_PREFIX)};
  var isAdmin = userCtx.roles.indexOf('_admin') !== -1;
  function fail(message) { throw({ forbidden: message }); }
  function isArray(v) { return Object.prototype.toString.call(v) === '[object Array]'; }
  function isObject(v) { return v !== null && typeof v === 'object' && !isArray(v); }
  // Deleting a revision is how clients clean up merged conflicts; the database's members may.
  if (newDoc._deleted === true) return;
  if (newDoc._id.indexOf('_design/') === 0) {
    if (!isAdmin) fail('only database admins may change design documents');
    return;
  }
  if (newDoc._id.indexOf(PREFIX) !== 0) {
    if (isAdmin) return;
    fail('only Doneness annotation documents may be stored here');
  }
  if (newDoc.type !== ${JSON.stringify(ANNOTATION_DOC_TYPE)}) fail('invalid field: type');
  if (newDoc.threadKey !== newDoc._id.slice(PREFIX.length)) fail('invalid field: threadKey (must match the document id)');
  // Generated from the schema (storage/sync/es5-check.ts): null when valid, else the bad path.
  ${checks.declarations.join('\n  ')}
  var bad = ${checks.root}(newDoc);
  if (bad !== null) fail('invalid field: ' + (bad.slice(1) || '(document)'));
  // The site is the one the thread key starts with (storage/schema.ts keyMatchesSite).
  if (newDoc.site !== newDoc.threadKey.slice(0, newDoc.threadKey.indexOf(':'))) fail('invalid field: site (must be the one the thread key starts with)');
  // No time or stamp more than a day ahead of this server's clock (storage/time-bounds.ts),
  // found in the schema by storage/sync/design.ts compileAhead.
  var LATEST = Math.min(${TIME_LIMITS.max}, new Date().getTime() + ${TIME_LIMITS.clockSkew});
  ${ahead.declarations.join('\n  ')}
  var late = ${ahead.root}(newDoc);
  if (late !== null) fail('invalid field: ' + late.slice(1) + ' (more than a day ahead of the server clock)');
  // The author is whoever is signed in: nobody writes in a teammate's name.
  if (!isAdmin && newDoc.author !== userCtx.name) {
    fail('author must be the signed-in user (' + userCtx.name + ')');
  }
}`;
}

/** The design document as stored (without `_rev`). */
export function designDocument(): { _id: string; language: 'javascript'; validate_doc_update: string; doneness: { version: number } } {
  return { _id: DESIGN_DOC_ID, language: 'javascript', validate_doc_update: validateDocUpdateSource(), doneness: { version: DESIGN_VERSION } };
}
