/**
 * Random values a zod schema accepts, generated from the schema itself (property tests of the
 * server's validator against the schema). Strings with a pattern or a refinement are drawn from
 * a pool of examples the schema accepts; a pattern with no example in the pool throws, naming
 * the place, so a new field's test says what to add.
 */
import type * as z from 'zod/mini';
import { makeStamp } from '../../storage/hlc';
import { SITE_IDS } from '../../storage/limits';
import { aheadOfClock } from '../../storage/time-bounds';
import type { Annotation } from '../../storage/schema';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.core.$ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def) => ((def.checks as Array<{ _zod: { def: Record<string, unknown> } }> | undefined) ?? []).map((c) => c._zod.def);

/** Characters that break naive code: quotes, separators, right-to-left, astral (two UTF-16 units). */
const ALPHABET = ['a', 'Z', '0', ' ', '"', "'", ',', ':', '\n', '\\', '<', 'ü', 'ش', '🎂', '\u0000'];

/** Examples for strings with patterns or refinements (filtered by the schema at hand). */
function patternPool(rand: () => number): string[] {
  const n = Math.floor(rand() * 1e12);
  return [
    '',
    makeStamp(n, Math.floor(rand() * 1000), 'm' + (n % 7)),
    makeStamp(0, 0, 'v1'),
    makeStamp(n, 0, 'A-b_c'),
    '2026-12-24',
    '1999-01-01',
    'member_' + (n % 100),
    'x',
    ...SITE_IDS.map((site) => `${site}:example/${n % 1000}`),
    `mediawiki:en.wikipedia.org/Talk:Cake#T${n % 50}`,
    `1-${(n % 1e6).toString(36)}`,
  ];
}

/** A random value the schema accepts (the caller re-checks with the schema and retries on refusal). */
export function arbitrary(schema: z.core.$ZodType, rand: () => number, at = 'value'): unknown {
  const def = defOf(schema);
  const checks = checksOf(def);
  const below = (p: number) => rand() < p;
  const bound = (name: string) => checks.find((c) => c.check === name);
  switch (def.type) {
    case 'string': {
      const min = (bound('min_length')?.minimum as number | undefined) ?? 0;
      const max = (bound('max_length')?.maximum as number | undefined) ?? 200;
      if (checks.some((c) => c.check === 'string_format' || c.check === 'custom')) {
        const fits = patternPool(rand).filter((s) => (schema as z.ZodMiniType).safeParse(s).success);
        if (!fits.length) throw new Error(`no example string for ${at}: add one to patternPool in tests/support/arbitrary.ts`);
        return fits[Math.floor(rand() * fits.length)];
      }
      if (below(0.05)) return 'x'.repeat(max);
      const length = min + Math.floor(rand() * Math.min(12, max - min + 1));
      let s = '';
      while (s.length < length) {
        const c = ALPHABET[Math.floor(rand() * ALPHABET.length)];
        s = s.length + c.length <= max ? s + c : s + 'a';
      }
      return s;
    }
    case 'number': {
      const lo = bound('greater_than')?.value as number | undefined;
      const hi = bound('less_than')?.value as number | undefined;
      if (def.format === 'safeint') {
        const min = lo ?? -1e6;
        const max = hi ?? Number.MAX_SAFE_INTEGER;
        if (below(0.1)) return min;
        if (below(0.1)) return max;
        return min + Math.floor(rand() * Math.min(max - min + 1, 2e12));
      }
      return below(0.2) ? Math.floor(rand() * 10) : (rand() - 0.5) * 1e6;
    }
    case 'boolean':
      return below(0.5);
    case 'literal':
      return (def.values as unknown[])[0];
    case 'enum': {
      const values = Object.values(def.entries as object);
      return values[Math.floor(rand() * values.length)];
    }
    case 'nullable':
      return below(0.3) ? null : arbitrary(def.innerType as z.core.$ZodType, rand, at);
    case 'optional':
    case 'default':
      return below(0.3) ? undefined : arbitrary(def.innerType as z.core.$ZodType, rand, at);
    case 'array': {
      const max = (bound('max_length')?.maximum as number | undefined) ?? 5;
      const length = max <= 50 && below(0.05) ? max : Math.floor(rand() * Math.min(max + 1, 4));
      return Array.from({ length }, (_, i) => arbitrary(def.element as z.core.$ZodType, rand, `${at}.${i}`));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
        const v = arbitrary(value, rand, `${at}.${key}`);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case 'union': {
      const options = def.options as z.core.$ZodType[];
      return arbitrary(options[Math.floor(rand() * options.length)], rand, at);
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      const n = Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) out[arbitrary(def.keyType as z.core.$ZodType, rand, `${at} key`) as string] = arbitrary(def.valueType as z.core.$ZodType, rand, `${at}{}`);
      return out;
    }
    default:
      throw new Error(`arbitrary: no generator for zod type ${def.type} at ${at}`);
  }
}

/**
 * A generated document made to meet the rules beyond the shape that client and server both
 * apply (issue 20): the site is the one the key starts with, and no time or stamp is more than a
 * day ahead of the clock (those are set back to a fixed past time).
 */
export function withinClientRules(doc: Record<string, unknown>): Record<string, unknown> {
  if (typeof doc.threadKey === 'string') doc.site = doc.threadKey.slice(0, doc.threadKey.indexOf(':'));
  for (const { path } of aheadOfClock(doc as unknown as Annotation, Date.now())) {
    const parent = path.slice(0, -1).reduce<Record<PropertyKey, unknown>>((node, key) => node[key] as Record<PropertyKey, unknown>, doc);
    const key = path[path.length - 1];
    parent[key] = typeof parent[key] === 'string' ? makeStamp(1_700_000_000_000, 0, 'past') : 1_700_000_000_000;
  }
  return doc;
}
