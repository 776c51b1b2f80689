/**
 * Import of native JSON exports and W3C Web Annotation collections: bytes → text → JSON → checked
 * records, then a plan (new / updated / unchanged / rejected) made with the sync merge function.
 * Pure except for the lookup of stored records the plan is given; shared by the dashboard's
 * worker, the command line and tests. Every refusal names the path of the bad field and why.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { W3cCollection, w3cToAnnotation } from './export-w3c';
import { checkAnnotation, checkedMerge } from '../checked';
import { mergeChangesNothing } from '../merge';
import { upgradeAnnotationV1 } from '../migrations';
import { Annotation, AnnotationV1, EXPORT_FORMAT, EXPORT_VERSION, ExportEnvelope } from '../schema';
import { aheadOfClock } from '../time-bounds';

/** Versions of the native format this code reads (older ones are upgraded record by record). */
export const READABLE_VERSIONS: readonly number[] = [1, EXPORT_VERSION];

/** How much one import may hold; beyond these the file is refused before anything is read. */
export const IMPORT_LIMITS = {
  /**
   * Bytes of one file: a pretty-printed export of 100,000 annotations with a rating, two issues,
   * a note, tags and history is 205 MB. The text must stay one string below V8's 512 M chars.
   */
  bytes: 256 * 1024 * 1024,
  /** Annotations in one file. */
  annotations: 100_000,
  /** Nesting of objects and arrays (our formats need 8). */
  depth: 32,
} as const;

/** One reason a file or record is refused: the path of the bad field (dots) and why. */
export interface ImportProblem {
  path: string;
  reason: string;
}

/** A record of the file that cannot be imported, with every problem it has. */
export interface RejectedItem {
  /** Position in the file's list of annotations. */
  index: number;
  /** The record's thread key when it has a readable one. */
  threadKey: string | null;
  problems: ImportProblem[];
}

/** The formats import reads. */
export type ImportFormat = 'doneness-json' | 'w3c';

/** A read file: refused as a whole, or its valid records and its rejected ones. */
export type ParsedImport =
  | { ok: false; problems: ImportProblem[] }
  | {
      ok: true;
      format: ImportFormat;
      total: number;
      annotations: Annotation[];
      /** Where each valid record stands in the file's list. */
      positions: number[];
      rejected: RejectedItem[];
      /** When and by which version the file was written, as it says (for `convert`). */
      exportedAt?: string;
      clientVersion?: string;
    };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const zodMessages = { error: en().localeError };

const joinPath = (parts: ReadonlyArray<PropertyKey>): string => parts.map(String).join('.') || '(root)';
const refuse = (path: string, reason: string): ParsedImport => ({ ok: false, problems: [{ path, reason }] });
const formatBytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The file's bytes as text: refuses oversize, binary, UTF-16 and mis-encoded files. */
export function decodeImportBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problems: ImportProblem[] } {
  if (bytes.byteLength > IMPORT_LIMITS.bytes) {
    return {
      ok: false,
      problems: [{ path: '(file)', reason: `the file is ${formatBytes(bytes.byteLength)}; the limit is ${formatBytes(IMPORT_LIMITS.bytes)}` }],
    };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problems: [{ path: '(file)', reason: 'the file is UTF-16 text; save it as UTF-8' }] };
  }
  if (bytes.includes(0)) return { ok: false, problems: [{ path: '(file)', reason: 'the file is binary, not JSON text' }] };
  try {
    // The BOM is kept here and dropped once by parseImportText, so a doubled one is noticed.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, problems: [{ path: '(file)', reason: 'the file is not valid UTF-8 text' }] };
  }
}

/** A place in parsed JSON: its parent's place and its key there (paths are made only when needed). */
interface Place {
  parent: Place | null;
  key: PropertyKey;
  depth: number;
}

function pathOf(place: Place | null): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let p = place; p?.parent; p = p.parent) path.push(p.key);
  return path.reverse();
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Walks parsed JSON without recursion, refusing keys that could reach an object's prototype and
 * nesting deeper than any of our formats has (a hostile file's way to exhaust the stack later).
 */
export function scanJson(root: unknown, maxProblems = 20): ImportProblem[] {
  const problems: ImportProblem[] = [];
  if (!isObject(root)) return problems;
  // Only objects and arrays are visited; a file of 100,000 annotations has millions of values.
  const stack: Array<{ value: object; place: Place }> = [{ value: root, place: { parent: null, key: '', depth: 0 } }];
  while (stack.length && problems.length < maxProblems) {
    const { value, place } = stack.pop()!;
    if (place.depth >= IMPORT_LIMITS.depth) {
      problems.push({ path: joinPath(pathOf(place).slice(0, 8)) + '…', reason: `nested deeper than ${IMPORT_LIMITS.depth} levels` });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const item: unknown = value[i];
        if (isObject(item)) stack.push({ value: item, place: { parent: place, key: i, depth: place.depth + 1 } });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({ path: joinPath([...pathOf(place), key]), reason: `the key "${key}" is not allowed` });
        continue;
      }
      const item: unknown = (value as Record<string, unknown>)[key];
      if (isObject(item)) stack.push({ value: item, place: { parent: place, key, depth: place.depth + 1 } });
    }
  }
  return problems;
}

/** Paths of fields in `input` that schema parsing dropped from `output` (unknown fields). */
export function unknownFields(input: unknown, output: unknown, path: PropertyKey[] = []): string[] {
  const found: string[] = [];
  const walk = (input: unknown, output: unknown, place: Place) => {
    if (!isObject(input) || !isObject(output)) return;
    if (Array.isArray(input)) {
      if (!Array.isArray(output)) return;
      input.forEach((item, i) => walk(item, output[i], { parent: place, key: i, depth: place.depth + 1 }));
      return;
    }
    for (const key of Object.keys(input)) {
      const at = { parent: place, key, depth: place.depth + 1 };
      if (!Object.hasOwn(output, key)) found.push(joinPath([...path, ...pathOf(at)]));
      else walk((input as Record<string, unknown>)[key], (output as Record<string, unknown>)[key], at);
    }
  };
  walk(input, output, { parent: null, key: '', depth: 0 });
  return found;
}

type Checked = { ok: true; value: Annotation } | { ok: false; problems: Array<{ path: PropertyKey[]; reason: string }> };

/**
 * Validates one candidate record with the schema of its format version (unknown fields are
 * refused, not dropped); version 1 records are then upgraded as the database upgrade does.
 */
function checkRecord(candidate: unknown, now: number, version: number = EXPORT_VERSION): Checked {
  // checkAnnotation remembers its valid output, so the plan need not check that record again.
  const parsed = version === 1 ? AnnotationV1.safeParse(candidate, zodMessages) : checkAnnotation(candidate, zodMessages);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path, reason: i.message })) };
  const unknown = unknownFields(candidate, parsed.data);
  if (unknown.length) return { ok: false, problems: unknown.map((p) => ({ path: p.split('.'), reason: 'unknown field' })) };
  const upgraded = version === 1 ? checkAnnotation(upgradeAnnotationV1(parsed.data as AnnotationV1), zodMessages) : parsed;
  if (!upgraded.success) return { ok: false, problems: upgraded.error.issues.map((i) => ({ path: i.path, reason: i.message })) };
  // Times and stamps from the future (issue 20): refused, as sync pull and the design document do.
  const ahead = aheadOfClock(upgraded.data as Annotation, now);
  if (ahead.length) return { ok: false, problems: ahead.map((p) => ({ path: p.path, reason: p.message })) };
  return { ok: true, value: upgraded.data as Annotation };
}

const keyOf = (item: unknown): string | null => {
  const key = (item as { threadKey?: unknown } | null)?.threadKey;
  return typeof key === 'string' ? key.slice(0, 200) : null;
};

/** Removes every record whose thread key occurs more than once, rejecting each occurrence. */
function rejectDuplicates(accepted: Array<{ index: number; value: Annotation }>, rejected: RejectedItem[], keyPath: (i: number) => string) {
  const seen = new Map<string, number[]>();
  for (const { index, value } of accepted) seen.set(value.threadKey, [...(seen.get(value.threadKey) ?? []), index]);
  const duplicated = new Set<number>();
  for (const indexes of seen.values()) if (indexes.length > 1) indexes.forEach((i) => duplicated.add(i));
  if (!duplicated.size) return accepted;
  for (const { index, value } of accepted) {
    if (!duplicated.has(index)) continue;
    const others = seen.get(value.threadKey)!.filter((i) => i !== index);
    rejected.push({
      index,
      threadKey: value.threadKey,
      problems: [{ path: keyPath(index), reason: `duplicate thread key (also at ${others.join(', ')})` }],
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  return accepted.filter((a) => !duplicated.has(a.index));
}

const EnvelopeHeader = z.omit(ExportEnvelope, { annotations: true, version: true });

function parseNative(root: Record<string, unknown>, now: number): ParsedImport {
  if (root.format !== EXPORT_FORMAT) {
    return refuse('format', `expected "${EXPORT_FORMAT}", found ${JSON.stringify(root.format ?? null).slice(0, 60)}`);
  }
  const version = root.version;
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) {
    return refuse(
      'version',
      `version ${JSON.stringify(version ?? null).slice(0, 20)} is not supported; this Doneness reads versions ${READABLE_VERSIONS.join(' and ')}`,
    );
  }
  const { annotations: items, version: _version, ...header } = root;
  const headerCheck = EnvelopeHeader.safeParse(header, zodMessages);
  if (!headerCheck.success) {
    return { ok: false, problems: headerCheck.error.issues.map((i) => ({ path: joinPath(i.path), reason: i.message })) };
  }
  const extra = unknownFields(header, headerCheck.data);
  if (extra.length) return { ok: false, problems: extra.map((path) => ({ path, reason: 'unknown field' })) };
  if (!Array.isArray(items)) return refuse('annotations', 'expected a list of annotations');
  if (items.length > IMPORT_LIMITS.annotations) {
    return refuse('annotations', `${items.length} annotations; the limit is ${IMPORT_LIMITS.annotations} per file`);
  }
  const rejected: RejectedItem[] = [];
  let accepted: Array<{ index: number; value: Annotation }> = [];
  items.forEach((item, index) => {
    const checked = checkRecord(item, now, version);
    if (checked.ok) accepted.push({ index, value: checked.value });
    else {
      rejected.push({
        index,
        threadKey: keyOf(item),
        problems: checked.problems.map((p) => ({ path: joinPath(['annotations', index, ...p.path]), reason: p.reason })),
      });
    }
  });
  accepted = rejectDuplicates(accepted, rejected, (i) => `annotations.${i}.threadKey`);
  return {
    ok: true,
    format: 'doneness-json',
    total: items.length,
    annotations: accepted.map((a) => a.value),
    positions: accepted.map((a) => a.index),
    rejected,
    exportedAt: headerCheck.data.exportedAt,
    clientVersion: headerCheck.data.clientVersion,
  };
}

function parseW3c(root: Record<string, unknown>, now: number): ParsedImport {
  const outer = W3cCollection.safeParse(root, zodMessages);
  if (!outer.success) {
    return { ok: false, problems: outer.error.issues.map((i) => ({ path: joinPath(i.path), reason: i.message })) };
  }
  const types = [outer.data.type].flat();
  const isPage = types.includes('AnnotationPage');
  if (!isPage && !types.includes('AnnotationCollection')) {
    return refuse('type', 'expected an AnnotationCollection or AnnotationPage');
  }
  const page = isPage ? outer.data : outer.data.first;
  const base = isPage ? ['items'] : ['first', 'items'];
  if (page?.next !== undefined) return refuse(isPage ? 'next' : 'first.next', 'collections split over several pages cannot be imported; export every annotation into one page');
  const items = (isPage ? outer.data.items : outer.data.first?.items) ?? [];
  if (!isPage && outer.data.first === undefined && (outer.data.total ?? 0) > 0) {
    return refuse('first', 'the collection has annotations but does not embed them in "first"');
  }
  if (items.length > IMPORT_LIMITS.annotations) {
    return refuse(base.join('.'), `${items.length} annotations; the limit is ${IMPORT_LIMITS.annotations} per file`);
  }
  if (!isPage && outer.data.total !== undefined && outer.data.total !== items.length) {
    return refuse('total', `says ${outer.data.total} annotations but the page holds ${items.length}`);
  }
  const rejected: RejectedItem[] = [];
  let accepted: Array<{ index: number; value: Annotation }> = [];
  items.forEach((item, index) => {
    const at = (path: ReadonlyArray<PropertyKey>) => joinPath([...base, index, ...path]);
    const threadKey = (item as { target?: { 'doneness:threadKey'?: unknown } } | null)?.target?.['doneness:threadKey'];
    const key = typeof threadKey === 'string' ? threadKey.slice(0, 200) : null;
    const mapped = w3cToAnnotation(item);
    if (!mapped.ok) {
      rejected.push({ index, threadKey: key, problems: mapped.problems.map((p) => ({ path: at(p.path), reason: p.reason })) });
      return;
    }
    const checked = checkRecord(mapped.value, now);
    if (checked.ok) accepted.push({ index, value: checked.value });
    else rejected.push({ index, threadKey: key, problems: checked.problems.map((p) => ({ path: at(mapped.pathOf(p.path)), reason: p.reason })) });
  });
  accepted = rejectDuplicates(accepted, rejected, (i) => joinPath([...base, i, 'target', 'doneness:threadKey']));
  const generated = (root as { generated?: unknown }).generated;
  return {
    ok: true,
    format: 'w3c',
    total: items.length,
    annotations: accepted.map((a) => a.value),
    positions: accepted.map((a) => a.index),
    rejected,
    exportedAt: typeof generated === 'string' ? generated.slice(0, 40) : undefined,
  };
}

/**
 * Reads import text: detects the format, checks the whole file, then every record (times are
 * judged against the clock at `now`).
 */
export function parseImportText(text: string, now: number = Date.now()): ParsedImport {
  const body = text.replace(/^\uFEFF/, '');
  // JSON allows only these four as whitespace; a second byte order mark is not one of them.
  const start = /[^ \t\n\r]/.exec(body)?.[0];
  if (start === undefined) return refuse('(file)', 'the file is empty');
  if (start !== '{') {
    return refuse(
      '(file)',
      start === '['
        ? 'a bare list is not an export; expected a Doneness export or a W3C AnnotationCollection'
        : 'not a JSON file (is it a CSV or Markdown export? only JSON and W3C JSON-LD exports can be imported)',
    );
  }
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    return refuse('(file)', `not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  const unsafe = scanJson(root);
  if (unsafe.length) return { ok: false, problems: unsafe };
  const object = root as Record<string, unknown>;
  if ('format' in object || 'version' in object || 'annotations' in object) return parseNative(object, now);
  if ('@context' in object || 'type' in object) return parseW3c(object, now);
  return refuse('(root)', `unknown format: expected a Doneness export (format "${EXPORT_FORMAT}") or a W3C AnnotationCollection`);
}

/** Reads an import file's bytes (size, encoding, JSON, format, records). */
export function parseImportBytes(bytes: Uint8Array, now: number = Date.now()): ParsedImport {
  const decoded = decodeImportBytes(bytes);
  return decoded.ok ? parseImportText(decoded.text, now) : decoded;
}

/** Every problem of a parsed file as one list (for `validate`). */
export function allProblems(parsed: ParsedImport): ImportProblem[] {
  return parsed.ok ? parsed.rejected.flatMap((r) => r.problems) : parsed.problems;
}

/** How one incoming record relates to what is stored. */
export type PlanKind = 'new' | 'updated' | 'unchanged';

/** One line of the preview. */
export interface PlanEntry {
  kind: PlanKind;
  threadKey: string;
  title: string;
  maturity: number | null;
  /** The merged record stays deleted: it was deleted here after the file was written. */
  deleted: boolean;
}

/** What an import would do: shown to the user before anything is written. */
export interface ImportPlan {
  format: ImportFormat;
  total: number;
  entries: PlanEntry[];
  /** The valid incoming records, in file order, to be merged on commit. */
  annotations: Annotation[];
  rejected: RejectedItem[];
  counts: Record<PlanKind | 'rejected', number>;
}

/** Reads stored records by key, deleted ones (tombstones) included. */
export type Lookup = (keys: readonly string[]) => Promise<Map<string, Annotation>>;

/** Records read and merged per step, so no step holds the thread (or a transaction) for long. */
export const IMPORT_CHUNK = 2000;

/**
 * Plans an import: each valid record is merged with the stored one (if any) exactly as commit
 * will, with the merge of sync; a merge that would give an invalid record is rejected here. A
 * record not stored and canonical already was checked as it was read and is not checked again;
 * the checked form of each record not stored is kept (`checkedMerge`) for the commit to write.
 */
export async function planImport(parsed: Extract<ParsedImport, { ok: true }>, lookup: Lookup): Promise<ImportPlan> {
  const entries: PlanEntry[] = [];
  const annotations: Annotation[] = [];
  const rejected = [...parsed.rejected];
  const counts = { new: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (let start = 0; start < parsed.annotations.length; start += IMPORT_CHUNK) {
    const chunk = parsed.annotations.slice(start, start + IMPORT_CHUNK);
    const stored = await lookup(chunk.map((a) => a.threadKey));
    chunk.forEach((incoming, i) => {
      const existing = stored.get(incoming.threadKey);
      const valid = checkedMerge(existing, incoming, zodMessages);
      if (!valid.success) {
        rejected.push({
          index: parsed.positions[start + i],
          threadKey: incoming.threadKey,
          problems: valid.error.issues.map((p) => ({ path: joinPath(p.path), reason: `after merging with the stored copy: ${p.message}` })),
        });
        return;
      }
      const result = valid.data;
      const kind: PlanKind =
        !existing || (existing.deleted && !result.deleted) ? 'new' : mergeChangesNothing(existing, incoming) ? 'unchanged' : 'updated';
      counts[kind] += 1;
      annotations.push(incoming);
      entries.push({ kind, threadKey: incoming.threadKey, title: result.title, maturity: result.maturity, deleted: result.deleted });
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  counts.rejected = rejected.length;
  return { format: parsed.format, total: parsed.total, entries, annotations, rejected, counts };
}
