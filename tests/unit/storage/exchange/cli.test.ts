// `doneness convert` and `doneness validate`: exit codes, every error listed with its path, and
// output identical to the dashboard's export code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../cli/main';
import { t } from '../../../../lib/i18n';
import { renderExport } from '../../../../storage/exchange/export-formats';
import { reportLabels } from '../../../../storage/exchange/export-markdown';
import { sampleSet } from './sample';

const ROOT = path.resolve(__dirname, '../../../..');
const BAD = path.join(ROOT, 'tests/fixtures/bad-imports');
const tmp = mkdtempSync(path.join(tmpdir(), 'doneness-convert-'));
const NOW = new Date('2026-11-26T10:00:00.000Z');
const options = { now: NOW, clientVersion: '0.1.0', labels: reportLabels(t) };
const sample = path.join(tmp, 'sample.json');
writeFileSync(sample, renderExport('json', sampleSet(), options).text);

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('doneness validate', { timeout: 90_000 }, () => {
  it('exits 0 for a valid export and a valid W3C collection', async () => {
    const ok = await run('validate', sample);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^valid: .* Doneness export with 5 annotations/) });
    const w3c = path.join(tmp, 'sample.jsonld');
    writeFileSync(w3c, renderExport('w3c', sampleSet(), options).text);
    expect((await run('validate', w3c)).code).toBe(0);
  });

  it('exits 1 listing every error with its path and reason', async () => {
    const r = await run('validate', path.join(BAD, 'wrong-types.json'));
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      'annotations.0.maturity: Invalid input: expected number, received string',
      'annotations.0.title: Invalid input: expected string, received number',
    ]);
    expect(r.stderr).toMatch(/2 errors, 1 of 1 annotations rejected/);
  });

  it('exits 1 for every file of the bad corpus', async () => {
    const { readdirSync } = await import('node:fs');
    for (const name of readdirSync(BAD)) {
      const r = await run('validate', path.join(BAD, name));
      expect(r.code, name).toBe(1);
      expect(r.stdout, name).toMatch(/^\S+: .+/);
    }
  });

  it('exits 1 for times and stamps from the future or beyond Date, bad keys and bad days, naming each path (issue 20)', async () => {
    const [record] = JSON.parse(readFileSync(sample, 'utf8')).annotations;
    const bad = [
      { ...record, stamps: { ...record.stamps, maturity: 'zzzzzzzzz.0000.m1' } },
      { ...record, site: 'mediawiki', threadKey: 'mediawiki:x\u202ey', updatedAt: 8_640_000_000_000_001 },
      { ...record, site: 'mediawiki', threadKey: 'github:x' },
      { ...record, site: 'mediawiki', threadKey: 'mediawiki:z', reviewOn: '2026-02-31', history: [{ at: Date.now() + 3 * 86_400_000, from: null, to: 1, by: '' }] },
    ];
    const file = path.join(tmp, 'hostile.json');
    writeFileSync(file, JSON.stringify({ format: 'doneness-export', version: 2, exportedAt: 'x', clientVersion: '1', annotations: bad }));
    const r = await run('validate', file);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^annotations\.0\.stamps\.maturity: the stamp zzzzzzzzz\.0000\.m1 is later than .* \(more than a day ahead of this clock\)$/),
        'annotations.1.threadKey: thread key must not hold control characters, bidirectional overrides or lone surrogates',
        'annotations.1.updatedAt: the time is after 1 January 2200',
        'annotations.2.site: the site must be the one the thread key starts with',
        'annotations.3.reviewOn: expected a real date as YYYY-MM-DD',
      ]),
    );
    expect(r.stderr).toMatch(/4 of 4 annotations rejected/);
    // The history time from the future shows once the day is fixed (the schema comes first).
    writeFileSync(file, JSON.stringify({ format: 'doneness-export', version: 2, exportedAt: 'x', clientVersion: '1', annotations: [{ ...bad[3], reviewOn: null }] }));
    expect((await run('validate', file)).stdout).toMatch(/^annotations\.0\.history\.0\.at: the time \d+ is later than/);
  });

  it('refuses a missing file, and bad usage with exit 2', async () => {
    expect(await run('validate', path.join(tmp, 'nope.json'))).toMatchObject({ code: 1, stdout: expect.stringMatching(/no such file/) });
    expect((await run('validate')).code).toBe(2);
    expect((await run('validate', '--strict', sample)).code).toBe(2);
  });
});

describe('doneness convert', { timeout: 90_000 }, () => {
  it('gives the same bytes as the dashboard export for every format', async () => {
    for (const to of ['csv', 'csv-issues', 'md', 'w3c', 'json'] as const) {
      const r = await run('convert', sample, '--to', to);
      expect(r.code, to).toBe(0);
      expect(r.stdout, to).toBe(renderExport(to, sampleSet(), options).text);
    }
  });

  it('writes --out, with a BOM when asked, that a CSV parser reads back', async () => {
    const out = path.join(tmp, 'out.csv');
    const r = await run('convert', sample, '--to', 'csv', '--out', out, '--bom');
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: expect.stringMatching(/wrote 5 discussions/) });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parse(bytes, { columns: true, bom: true })).toHaveLength(5);
  });

  it('converts W3C back to the same native JSON', async () => {
    const w3c = path.join(tmp, 'back.jsonld');
    expect((await run('convert', sample, '--to', 'w3c', '--out', w3c)).code).toBe(0);
    const back = await run('convert', w3c, '--to', 'json');
    expect(JSON.parse(back.stdout).annotations).toEqual(JSON.parse(readFileSync(sample, 'utf8')).annotations);
  });

  it('refuses invalid input without writing, and bad usage', async () => {
    const out = path.join(tmp, 'never.csv');
    const r = await run('convert', path.join(BAD, 'maturity-over-100.json'), '--to', 'csv', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/annotations\.0\.maturity: Too big/);
    expect(() => readFileSync(out)).toThrow();
    expect((await run('convert', sample, '--to', 'xlsx')).stderr).toMatch(/unknown format "xlsx"/);
    expect((await run('convert', sample)).code).toBe(2);
  });

  it('runs as `npm run -s doneness -- convert … --to md` from the shell', () => {
    const r = spawnSync('npm', ['run', '-s', 'doneness', '--', 'convert', sample, '--to', 'md'], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(renderExport('md', sampleSet(), options).text);
    const bad = spawnSync('npm', ['run', '-s', 'doneness', '--', 'validate', path.join(BAD, 'truncated.json')], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^\(file\): not valid JSON/);
  });
});
