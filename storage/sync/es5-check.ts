/**
 * Writes a zod schema as ES5 source, for the team server's validate_doc_update
 * (storage/sync/design.ts): CouchDB runs design functions in its own engine (SpiderMonkey, ES5
 * in older releases, or QuickJS) and cannot load zod. Only what the stored shapes use is
 * understood — objects, records, arrays, strings with lengths and patterns, numbers, integers,
 * booleans, literals, enums, unions, nullable, optional and defaulted values, and refinements made with
 * an ES5 twin (storage/es5-twins.ts); anything else throws, so a new construct fails the build of
 * the design document instead of slipping past the server.
 *
 * Each compiled check is a function of the value answering null when it is valid, else the path
 * of the first bad part after the value ('' for the value itself, '.issues.3.id' deeper).
 */
import type * as z from 'zod/mini';
import { es5TwinOf } from '../es5-twins';

type Def = { type: string; [key: string]: unknown };
type CheckDef = { check: string; [key: string]: unknown };

const defOf = (schema: z.core.$ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checkDefOf = (check: object): CheckDef => (check as { _zod: { def: CheckDef } })._zod.def;

/** A compiled set of checks: helper declarations and the name of the root check. */
export interface Es5Checks {
  /** `var cN = function (v) { … };` lines, in dependency order. */
  declarations: string[];
  root: string;
}

function regexLiteral(pattern: RegExp): string {
  if (/[uyvsd]/.test(pattern.flags)) throw new Error(`regex flags ${pattern.flags} are not ES5: ${pattern}`);
  return pattern.toString();
}

/**
 * The ES5 conditions of a schema's own checks (lengths, bounds, patterns, refinements), each an
 * expression of `v` that is true when the check passes.
 */
function conditions(def: Def, where: string): { first: string[]; last: string[] } {
  const first: string[] = [];
  const last: string[] = [];
  for (const check of (def.checks as object[] | undefined) ?? []) {
    const c = checkDefOf(check);
    switch (c.check) {
      case 'max_length':
        first.push(`v.length <= ${c.maximum}`);
        break;
      case 'min_length':
        first.push(`v.length >= ${c.minimum}`);
        break;
      case 'length_equals':
        first.push(`v.length === ${c.length}`);
        break;
      case 'greater_than':
        first.push(`v ${c.inclusive ? '>=' : '>'} ${JSON.stringify(c.value)}`);
        break;
      case 'less_than':
        first.push(`v ${c.inclusive ? '<=' : '<'} ${JSON.stringify(c.value)}`);
        break;
      case 'string_format':
        if (c.format !== 'regex') throw new Error(`${where}: string format ${String(c.format)} has no ES5 form`);
        first.push(`${regexLiteral(c.pattern as RegExp)}.test(v)`);
        break;
      case 'custom': {
        const twin = es5TwinOf(check);
        if (!twin) throw new Error(`${where}: a refinement without an ES5 twin (make it with refineWithTwin)`);
        last.push(`(${twin})(v)`);
        break;
      }
      default:
        throw new Error(`${where}: check ${c.check} has no ES5 form`);
    }
  }
  return { first, last };
}

/** Compiles a schema to ES5 checks; `where` names it in errors. */
export function compileEs5(schema: z.core.$ZodType, where = 'schema'): Es5Checks {
  const declarations: string[] = [];
  // The same check (every millisecond time, every stamp) is declared once.
  const names = new Map<string, string>();
  const declare = (body: string): string => {
    let name = names.get(body);
    if (!name) {
      name = `c${declarations.length}`;
      names.set(body, name);
      declarations.push(`var ${name} = function (v) { ${body} };`);
    }
    return name;
  };
  const simple = (test: string[]): string => declare(`return ${test.join(' && ')} ? null : '';`);

  const compile = (s: z.core.$ZodType, at: string): string => {
    const def = defOf(s);
    const own = conditions(def, at);
    const all = [...own.first, ...own.last];
    switch (def.type) {
      case 'string':
        return simple([`typeof v === 'string'`, ...all]);
      case 'boolean':
        return simple([`typeof v === 'boolean'`, ...all]);
      case 'number': {
        // zod numbers are finite; its integers (format safeint) are whole and within ±2^53-1.
        const format = def.format as string | undefined;
        if (format !== undefined && format !== 'safeint') throw new Error(`${at}: number format ${format} has no ES5 form`);
        const whole = format === 'safeint' ? ['v % 1 === 0', 'v >= -9007199254740991', 'v <= 9007199254740991'] : [];
        return simple([`typeof v === 'number'`, 'isFinite(v)', ...whole, ...all]);
      }
      case 'literal':
        return simple([`(${(def.values as unknown[]).map((value) => `v === ${JSON.stringify(value)}`).join(' || ')})`, ...all]);
      case 'enum':
        return simple([`${JSON.stringify(Object.values(def.entries as object))}.indexOf(v) !== -1`, ...all]);
      case 'nullable': {
        const inner = compile(def.innerType as z.core.$ZodType, at);
        return declare(`return v === null ? null : ${inner}(v);`);
      }
      case 'optional':
      case 'default': {
        // Absent (an older writer's document) is fine; present must be valid.
        const inner = compile(def.innerType as z.core.$ZodType, at);
        return declare(`return v === undefined ? null : ${inner}(v);`);
      }
      case 'array': {
        const item = compile(def.element as z.core.$ZodType, `${at}[]`);
        const head = [`isArray(v)`, ...own.first];
        const tail = own.last.length ? `return ${own.last.join(' && ')} ? null : '';` : 'return null;';
        return declare(
          `if (!(${head.join(' && ')})) return ''; for (var i = 0; i < v.length; i++) { var e = ${item}(v[i]); if (e !== null) return '.' + i + e; } ${tail}`,
        );
      }
      case 'object': {
        // Only refinements (with their twin) apply to a whole object, after its fields are valid.
        if (own.first.length) throw new Error(`${at}: checks on objects have no ES5 form`);
        if (def.catchall !== undefined) throw new Error(`${at}: catch-all objects have no ES5 form`);
        // Unknown keys pass, as zod's objects strip them: a newer writer's fields are not refused.
        const lines = Object.entries(def.shape as Record<string, z.core.$ZodType>).map(([key, value]) => {
          const check = compile(value, `${at}.${key}`);
          return `e = ${check}(v[${JSON.stringify(key)}]); if (e !== null) return ${JSON.stringify('.' + key)} + e;`;
        });
        const tail = own.last.length ? `return ${own.last.join(' && ')} ? null : '';` : 'return null;';
        return declare(`if (!isObject(v)) return ''; var e; ${lines.join(' ')} ${tail}`);
      }
      case 'union': {
        // Valid when one option is (a discriminated union's options differ in their literal).
        if (all.length) throw new Error(`${at}: checks on unions have no ES5 form`);
        const options = (def.options as z.core.$ZodType[]).map((o, i) => compile(o, `${at}|${i}`));
        return declare(`${options.map((o) => `if (${o}(v) === null) return null;`).join(' ')} return '';`);
      }
      case 'record': {
        if (all.length) throw new Error(`${at}: checks on records have no ES5 form`);
        const key = compile(def.keyType as z.core.$ZodType, `${at} key`);
        const value = compile(def.valueType as z.core.$ZodType, `${at}{}`);
        return declare(
          `if (!isObject(v)) return ''; for (var k in v) { if (!Object.prototype.hasOwnProperty.call(v, k)) continue; if (${key}(k) !== null) return '.' + k; var e = ${value}(v[k]); if (e !== null) return '.' + k + e; } return null;`,
        );
      }
      default:
        throw new Error(`${at}: zod type ${def.type} has no ES5 form`);
    }
  };
  const root = compile(schema, where);
  return { declarations, root };
}
