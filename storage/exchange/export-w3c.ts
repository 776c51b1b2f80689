/**
 * W3C Web Annotation (JSON-LD) export and its way back. An annotation becomes an `Annotation`
 * with motivation `assessing` whose target is the discussion's page; tags are `TextualBody`s with
 * purpose `tagging`, the answer one with `describing`, the note one with `commenting`. Every
 * other field of the record travels as a `doneness:<field>` extension term (declared `@json` in
 * our context), derived from the zod schema, so fields added later round-trip with no change here.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { Annotation, SITE_IDS } from '../schema';

/** IRI of the Doneness vocabulary (extension terms). */
export const DONENESS_NS = 'https://doneness.invalid/ns#';
const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** Fields with a standard W3C place; every other field becomes a `doneness:` term. */
const MAPPED = new Set(['threadKey', 'title', 'url', 'target', 'tags', 'answer', 'note', 'createdAt', 'updatedAt']);

/** Fields of the Annotation schema that travel as extension terms, in schema order. */
export function extensionFields(): string[] {
  return Object.keys(Annotation.shape).filter((f) => !MAPPED.has(f));
}

/** The JSON-LD context of our exports: the W3C one plus our terms, values kept as JSON literals. */
export function w3cContext(): unknown[] {
  const terms: Record<string, unknown> = { '@version': 1.1, doneness: DONENESS_NS };
  for (const f of [...extensionFields(), 'createdAt', 'updatedAt']) terms[`doneness:${f}`] = { '@type': '@json' };
  for (const f of ['threadKey', 'title', 'url']) terms[`doneness:${f}`] = {};
  return [ANNO_CONTEXT, terms];
}

/** The IRI naming one discussion when it has no page address of its own. */
export function threadUrn(threadKey: string): string {
  return `urn:doneness:thread:${encodeURIComponent(threadKey)}`;
}

/** The IRI of the annotation of one discussion. */
export function annotationUrn(threadKey: string): string {
  return `urn:doneness:annotation:${encodeURIComponent(threadKey)}`;
}

/** A millisecond time as xsd:dateTime, or null where JavaScript dates cannot show it. */
function isoOrNull(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** One annotation as a W3C Web Annotation. */
export function annotationToW3c(a: Annotation): Record<string, unknown> {
  const record = a as unknown as Record<string, unknown>;
  const body: Array<Record<string, string>> = a.tags.map((tag) => ({ type: 'TextualBody', purpose: 'tagging', value: tag }));
  if (a.answer !== '') body.push({ type: 'TextualBody', purpose: 'describing', format: 'text/plain', value: a.answer });
  if (a.note !== '') body.push({ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: a.note });
  const target: Record<string, unknown> = {
    type: 'SpecificResource',
    source: a.url !== '' ? a.url : threadUrn(a.threadKey),
    'doneness:threadKey': a.threadKey,
    'doneness:title': a.title,
  };
  // An empty address is said outright so that the stand-in source above is not read back as one.
  if (a.url === '') target['doneness:url'] = '';
  // A picked discussion: its selectors apply to the page it was picked on, which is the source
  // (its own permalink, when it has one elsewhere, stays the url).
  if (a.target) {
    target.source = a.target.source;
    target.selector = a.target.selector;
    if (a.url !== a.target.source) target['doneness:url'] = a.url;
  }
  const out: Record<string, unknown> = {
    id: annotationUrn(a.threadKey),
    type: 'Annotation',
    motivation: 'assessing',
  };
  const created = isoOrNull(a.createdAt);
  const modified = isoOrNull(a.updatedAt);
  if (created) out.created = created;
  else out['doneness:createdAt'] = a.createdAt;
  if (modified) out.modified = modified;
  else out['doneness:updatedAt'] = a.updatedAt;
  for (const f of extensionFields()) if (record[f] !== undefined) out[`doneness:${f}`] = record[f];
  if (body.length) out.body = body;
  out.target = target;
  return out;
}

/** Options of a W3C collection. */
export interface W3cCollectionOptions {
  exportedAt: string;
  clientVersion: string;
  label: string;
}

/** An AnnotationCollection with every annotation embedded in its first (and only) page. */
export function w3cCollection(annotations: readonly Annotation[], options: W3cCollectionOptions): Record<string, unknown> {
  const id = `urn:doneness:export:${encodeURIComponent(options.exportedAt)}`;
  const collection: Record<string, unknown> = {
    '@context': w3cContext(),
    id,
    type: 'AnnotationCollection',
    label: options.label,
    generated: options.exportedAt,
    generator: { id: 'urn:doneness:client', type: 'Software', name: `Doneness ${options.clientVersion}` },
    total: annotations.length,
  };
  if (annotations.length) {
    collection.first = { id: `${id}:page:1`, type: 'AnnotationPage', startIndex: 0, items: annotations.map(annotationToW3c) };
  }
  return collection;
}

/** Serialises a W3C collection as pretty JSON with a trailing newline. */
export function serializeW3c(collection: Record<string, unknown>): string {
  return JSON.stringify(collection, null, 2) + '\n';
}

/** A problem found in one W3C annotation: the path inside it and the reason. */
export interface W3cProblem {
  path: Array<string | number>;
  reason: string;
}

const TextualBody = z.object({
  type: z.literal('TextualBody'),
  purpose: z.enum(['tagging', 'describing', 'commenting']),
  value: z.string(),
  format: z.optional(z.string()),
  language: z.optional(z.string()),
});

/** What a Doneness W3C annotation must look like before its fields are read back. */
export const W3cAnnotation = z.looseObject({
  id: z.optional(z.string()),
  type: z.union([z.literal('Annotation'), z.array(z.string()).check(z.refine((t) => t.includes('Annotation')))]),
  motivation: z.optional(z.union([z.string(), z.array(z.string())])),
  created: z.optional(z.string().check(z.maxLength(40))),
  modified: z.optional(z.string().check(z.maxLength(40))),
  body: z.optional(z.union([TextualBody, z.array(TextualBody)])),
  target: z.looseObject({
    source: z.string(),
    'doneness:threadKey': z.string(),
    'doneness:title': z.optional(z.string()),
    'doneness:url': z.optional(z.string()),
    selector: z.optional(z.unknown()),
  }),
});

/** The paths inside a W3C annotation where each Annotation field came from. */
function w3cPathOf(field: string, bodyIndex: Record<string, number>): Array<string | number> {
  switch (field) {
    case 'threadKey':
      return ['target', 'doneness:threadKey'];
    case 'title':
      return ['target', 'doneness:title'];
    case 'url':
      return ['target', 'source'];
    case 'target':
      return ['target'];
    case 'answer':
      return ['body', bodyIndex.describing ?? 0, 'value'];
    case 'note':
      return ['body', bodyIndex.commenting ?? 0, 'value'];
    case 'createdAt':
      return ['created'];
    case 'updatedAt':
      return ['modified'];
    default:
      return [`doneness:${field}`];
  }
}

function parseTime(raw: unknown, exact: unknown, name: string, problems: W3cProblem[]): unknown {
  if (exact !== undefined) return exact;
  if (typeof raw !== 'string') {
    problems.push({ path: [name], reason: `missing ${name} time` });
    return undefined;
  }
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) problems.push({ path: [name], reason: `not a date and time: ${JSON.stringify(raw.slice(0, 40))}` });
  return ms;
}

/**
 * Reads one W3C annotation back into a candidate record (not yet validated by the Annotation
 * schema) or problems naming the W3C path of each bad field.
 */
export function w3cToAnnotation(raw: unknown): { ok: true; value: unknown; pathOf: (p: PropertyKey[]) => Array<string | number> } | { ok: false; problems: W3cProblem[] } {
  const parsed = W3cAnnotation.safeParse(raw, { error: en().localeError });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), reason: i.message })),
    };
  }
  const w = parsed.data as Record<string, unknown> & z.infer<typeof W3cAnnotation>;
  const problems: W3cProblem[] = [];
  const bodies = w.body === undefined ? [] : Array.isArray(w.body) ? w.body : [w.body];
  const tags: string[] = [];
  const bodyIndexOfTag: number[] = [];
  const bodyIndex: Record<string, number> = {};
  let answer = '';
  let note = '';
  bodies.forEach((b, i) => {
    if (b.purpose === 'tagging') {
      tags.push(b.value);
      bodyIndexOfTag.push(i);
      return;
    }
    if (bodyIndex[b.purpose] !== undefined) {
      problems.push({ path: ['body', i, 'purpose'], reason: `more than one ${b.purpose} body` });
      return;
    }
    bodyIndex[b.purpose] = i;
    if (b.purpose === 'describing') answer = b.value;
    else note = b.value;
  });
  const target = w.target;
  const record: Record<string, unknown> = {
    threadKey: target['doneness:threadKey'],
    title: target['doneness:title'] ?? '',
    url: target['doneness:url'] ?? target.source,
    // Selectors read back as a picked discussion's target (checked with the Annotation schema).
    ...(target.selector !== undefined ? { target: { source: target.source, selector: target.selector } } : {}),
    tags,
    answer,
    note,
    createdAt: parseTime(w.created, w['doneness:createdAt'], 'created', problems),
    updatedAt: parseTime(w.modified, w['doneness:updatedAt'], 'modified', problems),
  };
  const known = new Set(extensionFields());
  for (const [key, value] of Object.entries(w)) {
    if (!key.startsWith('doneness:')) continue;
    const field = key.slice('doneness:'.length);
    if (field === 'createdAt' || field === 'updatedAt') continue;
    if (!known.has(field)) problems.push({ path: [key], reason: `unknown Doneness term ${key}` });
    else record[field] = value;
  }
  // Older files may lack the site term; the thread key names it.
  if (record.site === undefined && typeof record.threadKey === 'string') {
    const site = record.threadKey.slice(0, record.threadKey.indexOf(':'));
    if ((SITE_IDS as readonly string[]).includes(site)) record.site = site;
  }
  if (problems.length) return { ok: false, problems };
  const pathOf = (p: PropertyKey[]): Array<string | number> => {
    const [field, ...rest] = p.map((x) => (typeof x === 'number' ? x : String(x)));
    if (field === 'tags' && typeof rest[0] === 'number') return ['body', bodyIndexOfTag[rest[0]] ?? rest[0], 'value'];
    if (field === 'tags') return ['body'];
    return [...w3cPathOf(String(field), bodyIndex), ...rest];
  };
  return { ok: true, value: record, pathOf };
}

/** The outer shapes a W3C import accepts: a collection with its first page embedded, or a page. */
export const W3cCollection = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]),
  total: z.optional(z.int().check(z.minimum(0))),
  first: z.optional(z.looseObject({ items: z.array(z.unknown()), next: z.optional(z.unknown()) })),
  items: z.optional(z.array(z.unknown())),
  next: z.optional(z.unknown()),
});
