// The bad-file corpus: every file is refused (or has its bad records rejected) with a clear
// message naming the path of the bad field, and the database is the same before and after.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DonenessDb } from '../../../../storage/db';
import { createJobs } from '../../../../storage/exchange/import-jobs';
import { makeStamp } from '../../../../storage/hlc';
import { IMPORT_LIMITS } from '../../../../storage/exchange/import';
import { Repository } from '../../../../storage/repository';
import { sampleSet } from './sample';

const DIR = path.resolve(__dirname, '../../../fixtures/bad-imports');

/** What each file must say: refused as a whole, or records rejected; the path and the reason. */
const EXPECTED: Record<string, { whole: boolean; path: string; reason: RegExp }> = {
  'truncated.json': { whole: true, path: '(file)', reason: /not valid JSON/ },
  'empty.json': { whole: true, path: '(file)', reason: /empty/ },
  'whitespace-only.json': { whole: true, path: '(file)', reason: /empty/ },
  'wrong-version.json': { whole: true, path: 'version', reason: /version 3 is not supported/ },
  'version-as-string.json': { whole: true, path: 'version', reason: /version "2" is not supported/ },
  'wrong-format.json': { whole: true, path: 'format', reason: /expected "doneness-export"/ },
  'missing-annotations.json': { whole: true, path: 'annotations', reason: /list of annotations/ },
  'annotations-not-a-list.json': { whole: true, path: 'annotations', reason: /list of annotations/ },
  'wrong-types.json': { whole: false, path: 'annotations.0.title', reason: /expected string/ },
  'maturity-over-100.json': { whole: false, path: 'annotations.0.maturity', reason: /<=100/ },
  'maturity-negative.json': { whole: false, path: 'annotations.0.maturity', reason: />=0/ },
  'maturity-fraction.json': { whole: false, path: 'annotations.0.maturity', reason: /expected int/ },
  'duplicate-issue-ids.json': { whole: false, path: 'annotations.0.issues', reason: /issue ids must be unique/ },
  'duplicate-thread-keys.json': { whole: false, path: 'annotations.0.threadKey', reason: /duplicate thread key \(also at 2\)/ },
  'proto-key.json': { whole: true, path: 'annotations.0.__proto__', reason: /"__proto__" is not allowed/ },
  'constructor-key.json': { whole: true, path: 'annotations.0.constructor', reason: /"constructor" is not allowed/ },
  'prototype-key-deep.json': { whole: true, path: 'annotations.0.issues.0.prototype', reason: /"prototype" is not allowed/ },
  'csv-as-json.json': { whole: true, path: '(file)', reason: /not a JSON file \(is it a CSV/ },
  'markdown-as-json.json': { whole: true, path: '(file)', reason: /not a JSON file/ },
  'bare-array.json': { whole: true, path: '(file)', reason: /bare list/ },
  'json-null.json': { whole: true, path: '(file)', reason: /not a JSON file/ },
  'json-number.json': { whole: true, path: '(file)', reason: /not a JSON file/ },
  'unknown-object.json': { whole: true, path: '(root)', reason: /unknown format/ },
  'bad-thread-key.json': { whole: false, path: 'annotations.0.threadKey', reason: /known site id/ },
  'unknown-field.json': { whole: false, path: 'annotations.0.colour', reason: /unknown field/ },
  'envelope-unknown-field.json': { whole: true, path: 'signature', reason: /unknown field/ },
  'bad-review-date.json': { whole: false, path: 'annotations.0.reviewOn', reason: /a real date as YYYY-MM-DD/ },
  'bad-issue-status.json': { whole: false, path: 'annotations.0.issues.0.status', reason: /expected one of "open"\|"resolved"/ },
  'bad-stamp.json': { whole: false, path: 'annotations.0.stamps.maturity', reason: /Invalid string/ },
  'missing-field.json': { whole: false, path: 'annotations.0.createdAt', reason: /expected number, received undefined/ },
  'too-many-tags.json': { whole: false, path: 'annotations.0.tags', reason: /<=50/ },
  'w3c-no-thread-key.jsonld': { whole: false, path: 'first.items.0.target.doneness:threadKey', reason: /expected string/ },
  'w3c-maturity-150.jsonld': { whole: false, path: 'first.items.0.doneness:maturity', reason: /<=100/ },
  'w3c-paged.jsonld': { whole: true, path: 'first.next', reason: /several pages/ },
  'w3c-total-mismatch.jsonld': { whole: true, path: 'total', reason: /says 7 annotations but the page holds 2/ },
  'w3c-unknown-term.jsonld': { whole: false, path: 'first.items.1.doneness:secret', reason: /unknown Doneness term/ },
  'w3c-bad-created.jsonld': { whole: false, path: 'first.items.0.created', reason: /not a date and time/ },
  'w3c-not-a-collection.jsonld': { whole: true, path: 'type', reason: /AnnotationCollection or AnnotationPage/ },
  'w3c-two-notes.jsonld': { whole: false, path: 'first.items.1.body.1.purpose', reason: /more than one commenting body/ },
};

const encoder = new TextEncoder();
const header = '{"format":"doneness-export","version":2,"exportedAt":"x","clientVersion":"1","annotations":[';
const validRecord = JSON.stringify(sampleSet()[0]);

/** A file of one valid record changed by `change`. */
const withRecord = (change: (record: Record<string, unknown>) => void) => {
  const record = JSON.parse(validRecord) as Record<string, unknown>;
  change(record);
  return encoder.encode(header + JSON.stringify(record) + ']}');
};

/** Files too big or too odd to commit: made at test time. */
const GENERATED: Record<string, { bytes: () => Uint8Array; whole: boolean; path: string; reason: RegExp }> = {
  'a 10 MB string': {
    bytes: () => encoder.encode(header + JSON.stringify({ ...JSON.parse(validRecord), title: 'x'.repeat(10 * 1024 * 1024) }) + ']}'),
    whole: false,
    path: 'annotations.0.title',
    reason: /<=500 characters/,
  },
  'a file over the size limit': {
    bytes: () => new Uint8Array(IMPORT_LIMITS.bytes + 1).fill(0x20),
    whole: true,
    path: '(file)',
    reason: /the file is 256\.0 MB; the limit is 256\.0 MB/,
  },
  'more annotations than the limit': {
    bytes: () => encoder.encode(header + Array(IMPORT_LIMITS.annotations + 1).fill('{}').join(',') + ']}'),
    whole: true,
    path: 'annotations',
    reason: /100001 annotations; the limit is 100000/,
  },
  'deep nesting': {
    bytes: () => encoder.encode(header + validRecord.replace('"note":', `"deep":${'['.repeat(100_000)}${']'.repeat(100_000)},"note":`) + ']}'),
    whole: true,
    path: 'annotations.0.deep.0.0.0.0.0…',
    reason: /nested deeper than 32 levels/,
  },
  'UTF-16 LE with BOM': {
    bytes: () => new Uint8Array([0xff, 0xfe, ...[...'{"a":1}'].flatMap((c) => [c.charCodeAt(0), 0])]),
    whole: true,
    path: '(file)',
    reason: /UTF-16/,
  },
  'UTF-16 BE with BOM': {
    bytes: () => new Uint8Array([0xfe, 0xff, ...[...'{"a":1}'].flatMap((c) => [0, c.charCodeAt(0)])]),
    whole: true,
    path: '(file)',
    reason: /UTF-16/,
  },
  'two byte order marks': {
    bytes: () => encoder.encode('\uFEFF\uFEFF' + header + ']}'),
    whole: true,
    path: '(file)',
    reason: /not a JSON file/,
  },
  'invalid UTF-8': {
    bytes: () => new Uint8Array([...encoder.encode(header), 0xc3, 0x28, 0xa0, 0xa1, ...encoder.encode(']}')]),
    whole: true,
    path: '(file)',
    reason: /not valid UTF-8/,
  },
  // Issue 20, items 1, 2 and 8: times and stamps from the future, times beyond Date, bad keys and days.
  'a stamp from the far future (it would freeze the record)': {
    bytes: () => withRecord((r) => ((r.stamps as Record<string, string>).maturity = 'zzzzzzzzz.0000.m1')),
    whole: false,
    path: 'annotations.0.stamps.maturity',
    reason: /the stamp zzzzzzzzz\.0000\.m1 is later than .* \(more than a day ahead of this clock\)/,
  },
  'an issue stamp two days ahead of the clock': {
    bytes: () => withRecord((r) => ((r.issues as Array<{ stamps: Record<string, string> }>)[0].stamps.text = makeStamp(Date.now() + 2 * 86_400_000, 0, 'm1'))),
    whole: false,
    path: 'annotations.0.issues.0.stamps.text',
    reason: /more than a day ahead/,
  },
  'a time beyond what Date represents': {
    bytes: () => withRecord((r) => (r.updatedAt = 8_640_000_000_000_001)),
    whole: false,
    path: 'annotations.0.updatedAt',
    reason: /after 1 January 2200/,
  },
  'a history time a week ahead': {
    bytes: () => withRecord((r) => ((r.history as Array<{ at: number }>)[0].at = Date.now() + 7 * 86_400_000)),
    whole: false,
    path: 'annotations.0.history.0.at',
    reason: /more than a day ahead/,
  },
  'an issue created after the year 2200': {
    bytes: () => withRecord((r) => ((r.issues as Array<{ createdAt: number }>)[0].createdAt = Number.MAX_SAFE_INTEGER)),
    whole: false,
    path: 'annotations.0.issues.0.createdAt',
    reason: /after 1 January 2200/,
  },
  'a key whose site disagrees with the site field': {
    bytes: () => withRecord((r) => (r.threadKey = 'github:x')),
    whole: false,
    path: 'annotations.0.site',
    reason: /the one the thread key starts with/,
  },
  ...Object.fromEntries(
    [['NUL', '\u0000'], ['a right-to-left override', '\u202e'], ['a lone surrogate', '\ud800']].map(([what, c]) => [
      `a key with ${what}`,
      {
        bytes: () => withRecord((r) => (r.threadKey = `mediawiki:en.wikipedia.org/Talk:Cake${c}#T1`)),
        whole: false,
        path: 'annotations.0.threadKey',
        reason: /control characters, bidirectional overrides or lone surrogates/,
      },
    ]),
  ),
  ...Object.fromEntries(
    ['9999-99-99', '2026-02-31', '2025-02-29', '2026-13-01', '2026-04-31'].map((day) => [
      `a review date ${day}`,
      { bytes: () => withRecord((r) => (r.reviewOn = day)), whole: false, path: 'annotations.0.reviewOn', reason: /a real date as YYYY-MM-DD/ },
    ]),
  ),
  'a binary file': {
    bytes: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    whole: true,
    path: '(file)',
    reason: /binary/,
  },
};

let db: DonenessDb;
let repo: Repository;
const snapshot = async () => JSON.stringify([await db.annotations.toArray(), await db.settings.toArray()]);

beforeAll(async () => {
  db = new DonenessDb('bad-imports');
  repo = new Repository(db);
  for (const a of sampleSet()) await repo.put(a);
});
afterAll(async () => {
  db.close();
  await db.delete();
});

async function expectRefused(bytes: Uint8Array, want: { whole: boolean; path: string; reason: RegExp }) {
  const before = await snapshot();
  const jobs = createJobs(repo);
  const preview = await jobs.preview(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  if (want.whole) {
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.problems[0].path).toBe(want.path);
    expect(preview.problems[0].reason).toMatch(want.reason);
    await expect(jobs.commit(false)).rejects.toThrow(/nothing to import/);
  } else {
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.counts.rejected).toBeGreaterThan(0);
    const problems = preview.rejected.flatMap((r) => r.problems);
    expect(problems.map((p) => `${p.path}: ${p.reason}`)).toContainEqual(expect.stringMatching(want.reason));
    expect(problems.map((p) => p.path)).toContain(want.path);
    // Without the user's choice to skip rejected records, nothing is written.
    await expect(jobs.commit(false)).rejects.toThrow(/rejected; nothing was imported/);
  }
  // No message repeats a huge input back.
  const all = preview.ok ? preview.rejected.flatMap((r) => r.problems) : preview.problems;
  for (const p of all) expect(p.reason.length + p.path.length).toBeLessThan(400);
  expect(await snapshot()).toBe(before);
}

describe('bad import files', () => {
  it('has an expectation for every committed file, and at least 30 files in all', () => {
    const files = readdirSync(DIR).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect(files.length + Object.keys(GENERATED).length).toBeGreaterThanOrEqual(30);
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`refuses ${name}`, async () => {
      await expectRefused(new Uint8Array(readFileSync(path.join(DIR, name))), want);
    });
  }

  for (const [name, want] of Object.entries(GENERATED)) {
    it(`refuses ${name}`, async () => {
      await expectRefused(want.bytes(), want);
    });
  }

  it('accepts a UTF-8 byte order mark (spreadsheet programs and Windows editors write one)', async () => {
    const jobs = createJobs(repo);
    const text = '\uFEFF' + JSON.stringify({ format: 'doneness-export', version: 2, exportedAt: 'x', clientVersion: '1', annotations: [JSON.parse(validRecord)] });
    const preview = await jobs.preview(new Blob([text]));
    expect(preview.ok && preview.counts).toEqual({ new: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it('imports the valid rest only when the user chose to skip rejected records', async () => {
    const fresh = new Repository(new DonenessDb('skip-rejected'));
    try {
      const jobs = createJobs(fresh);
      const preview = await jobs.preview(new Blob([readFileSync(path.join(DIR, 'duplicate-thread-keys.json'))]));
      expect(preview.ok && preview.counts).toEqual({ new: 1, updated: 0, unchanged: 0, rejected: 2 });
      const result = await jobs.commit(true);
      expect(result.added).toHaveLength(1);
      expect(result.skipped).toBe(2);
      expect(await fresh.list()).toHaveLength(1);
    } finally {
      fresh.db.close();
      await fresh.db.delete();
    }
  });
});
