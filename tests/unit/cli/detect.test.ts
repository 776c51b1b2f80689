// `doneness detect` as a process: exit codes, stderr lines and JSON on stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin/doneness.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'doneness-detect-'));
const WIKI = 'https://en.wikipedia.org/wiki/Talk:Foo';

function doneness(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 80000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

// Each case starts a Node process (tsx + happy-dom): give them room on a loaded machine.
describe('doneness detect', { timeout: 90_000 }, () => {
  it('prints site null for an empty file', () => {
    const r = doneness('detect', '--url', WIKI, file('empty.html', ''));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ site: null, unrecognised: 0, threads: [] });
  });

  it('prints site null for a page that is not MediaWiki', () => {
    const r = doneness('detect', '--url', 'https://blog.example.com/post', path.join(ROOT, 'tests/fixtures/mediawiki/not-mediawiki.html'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ site: null, unrecognised: 0, threads: [] });
  });

  it('prints the threads of a talk page, as stored beside the fixture', () => {
    const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/mediawiki/village-pump.expected.json'), 'utf8'));
    const r = doneness('detect', `--url=${expected.url}`, path.join(ROOT, 'tests/fixtures/mediawiki/village-pump.html'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected.result);
  });

  it('refuses a binary file with exit 1 and one line', () => {
    const r = doneness('detect', '--url', WIKI, file('image.html', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/binary/);
  });

  it('refuses a file that is not UTF-8', () => {
    const r = doneness('detect', '--url', WIKI, file('latin1.html', new Uint8Array([0x3c, 0x70, 0x3e, 0xe9, 0xe8, 0x3c])));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UTF-8/);
  });

  it('refuses a missing file and a directory', () => {
    const missing = doneness('detect', '--url', WIKI, path.join(tmp, 'nope.html'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.html/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(doneness('detect', '--url', WIKI, tmp).code).toBe(1);
  });

  it('exits 2 with usage on bad usage', () => {
    const page = file('page.html', '<p>x</p>');
    for (const args of [
      [],
      ['frobnicate'],
      ['detect'],
      ['detect', page],
      ['detect', '--url', WIKI],
      ['detect', '--url', 'not a url', page],
      ['detect', '--url', WIKI, page, page],
      ['detect', '--bogus', '--url', WIKI, page],
    ]) {
      const r = doneness(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage: doneness/);
      expect(r.stdout).toBe('');
    }
  });

  it('prints help on --help', () => {
    const r = doneness('detect', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: doneness detect/);
  });
});
